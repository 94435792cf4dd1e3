//! Reading a query string as the service does: split on `&`, percent-decode (`+` is a space), and parse a
//! `$filter` expression into a small tree. Every decoded character keeps the byte span it had in the text as
//! given, so findings point at the characters the user typed. Pure; nothing here judges the query.

use crate::lint::Span;

mod lex;
mod parse;

pub(crate) use parse::parse_filter;

/// A decoded character and the span of text it came from (`%27` → `'` spans three bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DChar {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// Decodes `raw` (which starts at byte `base` of the whole text). Bad escapes (`%zz`, a `%` at the end)
/// stay as they are and are returned as spans.
pub(crate) fn decode(raw: &str, base: usize) -> (Vec<DChar>, Vec<Span>) {
    let bytes = raw.as_bytes();
    let mut out: Vec<DChar> = Vec::with_capacity(raw.len());
    let mut bad = Vec::new();
    // Bytes of a multi-byte escape sequence being collected: (byte, start).
    let mut pending: Vec<(u8, usize)> = Vec::new();
    let flush = |pending: &mut Vec<(u8, usize)>, out: &mut Vec<DChar>, end: usize| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().map(|(b, _)| *b).collect();
        let start = pending[0].1;
        match std::str::from_utf8(&bytes) {
            Ok(s) => {
                for c in s.chars() {
                    out.push(DChar { c, start, end });
                }
            }
            Err(_) => out.push(DChar {
                c: char::REPLACEMENT_CHARACTER,
                start,
                end,
            }),
        }
        pending.clear();
    };
    let mut i = 0;
    let mut last_end = base;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex.filter(|_| raw.as_bytes()[i + 1].is_ascii_hexdigit()) {
                pending.push((v, base + i));
                i += 3;
                last_end = base + i;
                if v < 0x80
                    || std::str::from_utf8(&pending.iter().map(|(b, _)| *b).collect::<Vec<u8>>())
                        .is_ok()
                {
                    flush(&mut pending, &mut out, last_end);
                }
                continue;
            }
            bad.push(Span::new(base + i, base + i + 1));
        }
        flush(&mut pending, &mut out, last_end);
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let c = if c == '+' { ' ' } else { c };
        out.push(DChar {
            c,
            start: base + i,
            end: base + i + len,
        });
        i += len;
        last_end = base + i;
    }
    flush(&mut pending, &mut out, last_end);
    (out, bad)
}

/// The text of decoded characters.
pub(crate) fn text(chars: &[DChar]) -> String {
    chars.iter().map(|d| d.c).collect()
}

/// The raw span covered by decoded characters (empty at `at` when there are none).
pub(crate) fn span_of(chars: &[DChar], at: usize) -> Span {
    match (chars.first(), chars.last()) {
        (Some(a), Some(b)) => Span::new(a.start, b.end),
        _ => Span::new(at, at),
    }
}

/// One `name=value` of the query string.
#[derive(Debug, Clone)]
pub(crate) struct QueryParam {
    pub name: String,
    pub name_span: Span,
    /// Decoded value characters (empty, with `has_value` false, for `name` alone).
    pub value: Vec<DChar>,
    pub value_span: Span,
    pub has_value: bool,
    /// Spans of `&` that were taken as part of a quoted string (`'A&B'`), which the service would split on.
    pub inner_ampersands: Vec<Span>,
}

/// Splits a query string (starting at byte `base` of the text) into parameters. An `&` inside a
/// single-quoted string of a value is kept in the value (and reported): it is what the writer meant.
pub(crate) fn split(query: &str, base: usize) -> Vec<QueryParam> {
    let mut params = Vec::new();
    let bytes = query.as_bytes();
    let mut start = 0;
    let mut in_quote = false;
    let mut seen_eq = false;
    let mut inner = Vec::new();
    let mut i = 0;
    while i <= bytes.len() {
        let b = bytes.get(i).copied();
        match b {
            Some(b'=') if !seen_eq => seen_eq = true,
            Some(b'\'') if seen_eq => in_quote = !in_quote,
            Some(b'%')
                if seen_eq
                    && query
                        .get(i..i + 3)
                        .is_some_and(|s| s.eq_ignore_ascii_case("%27")) =>
            {
                in_quote = !in_quote;
            }
            Some(b'&') if in_quote => inner.push(Span::new(base + i, base + i + 1)),
            Some(b'&') | None => {
                let piece = &query[start..i];
                if !piece.is_empty() {
                    params.push(param(piece, base + start, std::mem::take(&mut inner)));
                }
                inner.clear();
                start = i + 1;
                seen_eq = false;
                in_quote = false;
            }
            _ => {}
        }
        i += 1;
    }
    params
}

fn param(piece: &str, base: usize, inner: Vec<Span>) -> QueryParam {
    let (name_raw, value_raw, has_value) = match piece.split_once('=') {
        Some((n, v)) => (n, v, true),
        None => (piece, "", false),
    };
    let (name_chars, _) = decode(name_raw, base);
    let value_base = base + name_raw.len() + usize::from(has_value);
    let (value, _) = decode(value_raw, value_base);
    QueryParam {
        name: text(&name_chars),
        name_span: Span::new(base, base + name_raw.len()),
        value,
        value_span: Span::new(value_base, value_base + value_raw.len()),
        has_value,
        inner_ampersands: inner,
    }
}

/// The kind of a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LitKind {
    /// `'text'` (value unescaped: `''` → `'`).
    Str,
    Integer,
    Decimal,
    /// `2024-01-01`, also `2018-08-01Z` as the docs write it.
    Date,
    /// `2024-01-01T00:00:00Z`.
    DateTime,
    /// A date-time without a zone (`2024-01-01T00:00:00`).
    DateTimeNoZone,
    Guid,
    Boolean,
    Null,
    /// A word starting with a digit that is none of the above (`2024/01/01`, `01-02-2024`).
    Bad,
}

/// A literal value.
#[derive(Debug, Clone)]
pub(crate) struct Lit {
    pub kind: LitKind,
    /// The value: the string's content for `Str`, the text otherwise.
    pub value: String,
    pub span: Span,
    /// The raw span of a string's content (between the quotes).
    pub inner: Span,
    /// Written with double quotes.
    pub double_quoted: bool,
}

/// An operand of a comparison.
#[derive(Debug, Clone)]
pub(crate) enum Operand {
    /// `healthStatus`, `relatedUser/userName`, or `machineTags/any(t: t eq 'x')`.
    Path {
        segments: Vec<(String, Span)>,
        lambda: Option<Box<Lambda>>,
    },
    Literal(Lit),
    /// `startswith(computerDnsName,'x')`.
    Call {
        name: String,
        span: Span,
        args: Vec<Expr>,
    },
    Group(Box<Expr>),
}

/// `any`/`all` on a collection.
#[derive(Debug, Clone)]
pub(crate) struct Lambda {
    pub function: String,
    pub span: Span,
    pub variable: Option<String>,
    pub body: Option<Expr>,
}

/// A `$filter` expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Logical {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Not(Box<Expr>),
    Compare {
        left: Operand,
        op: String,
        op_span: Span,
        right: Operand,
    },
    In {
        left: Operand,
        items: Vec<Operand>,
    },
    Value(Operand),
}

/// Why a filter did not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub help: String,
    pub span: Span,
    /// A safe replacement for `span`, when the slip is certain (`==` → `eq`).
    pub fix: Option<String>,
}

/// Comparison operators.
pub(crate) const COMPARISONS: &[&str] = &["eq", "ne", "gt", "ge", "lt", "le"];
/// Operators OData defines that the docs never show (the service may refuse them).
pub(crate) const OTHER_OPERATORS: &[&str] = &["has", "add", "sub", "mul", "div", "divby", "mod"];

pub(super) fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    p.len() == 3 && digits(p[0], 4) && digits(p[1], 2) && digits(p[2], 2)
}

/// Classifies a literal word that starts with a digit or `-`.
pub(crate) fn classify(word: &str) -> LitKind {
    if is_guid(word) {
        return LitKind::Guid;
    }
    let unsigned = word.strip_prefix('-').unwrap_or(word);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return LitKind::Integer;
    }
    if unsigned.split_once('.').is_some_and(|(a, b)| {
        digits(a, a.len()) && !a.is_empty() && !b.is_empty() && digits(b, b.len())
    }) {
        return LitKind::Decimal;
    }
    if is_date(word) || word.strip_suffix('Z').is_some_and(is_date) {
        return LitKind::Date;
    }
    if let Some((date, time)) = word.split_once('T') {
        if is_date(date) {
            let (clock, zoned) = if let Some(c) = time.strip_suffix('Z') {
                (c, true)
            } else if let Some(i) = time.rfind(['+', '-']).filter(|&i| i >= 5) {
                let zone = &time[i + 1..];
                let ok = zone.len() == 5
                    && digits(&zone[..2], 2)
                    && &zone[2..3] == ":"
                    && digits(&zone[3..], 2);
                if !ok {
                    return LitKind::Bad;
                }
                (&time[..i], true)
            } else {
                (time, false)
            };
            let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
            let parts: Vec<&str> = hms.split(':').collect();
            let ok = (parts.len() == 2 || parts.len() == 3)
                && parts.iter().all(|p| digits(p, 2))
                && !frac.is_empty()
                && frac.bytes().all(|b| b.is_ascii_digit());
            return match (ok, zoned) {
                (true, true) => LitKind::DateTime,
                (true, false) => LitKind::DateTimeNoZone,
                _ => LitKind::Bad,
            };
        }
    }
    LitKind::Bad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<DChar> {
        decode(s, 0).0
    }

    #[test]
    fn decoding_keeps_raw_spans() {
        let d = chars("a%20b+c%27");
        assert_eq!(text(&d), "a b c'");
        assert_eq!((d[1].start, d[1].end), (1, 4));
        assert_eq!((d[5].start, d[5].end), (7, 10));
        let (d, bad) = decode("%zz%", 0);
        assert_eq!(text(&d), "%zz%");
        assert_eq!(bad.len(), 2);
        assert_eq!(text(&chars("%C3%A9")), "é");
    }

    #[test]
    fn ampersands_inside_strings_stay_in_the_value() {
        let p = split("$filter=title eq 'A&B'&$top=1", 0);
        assert_eq!(p.len(), 2);
        assert_eq!(text(&p[0].value), "title eq 'A&B'");
        assert_eq!(p[0].inner_ampersands, vec![Span::new(19, 20)]);
        assert_eq!(p[1].name, "$top");
    }

    #[test]
    fn literals_are_classified() {
        assert_eq!(classify("2019-11-22T00:00:00Z"), LitKind::DateTime);
        assert_eq!(classify("2019-11-22T00:00:00.123+01:00"), LitKind::DateTime);
        assert_eq!(classify("2018-08-01Z"), LitKind::Date);
        assert_eq!(classify("2018-08-01"), LitKind::Date);
        assert_eq!(classify("2018-08-01T10:00:00"), LitKind::DateTimeNoZone);
        assert_eq!(classify("2018/08/01"), LitKind::Bad);
        assert_eq!(classify("10000"), LitKind::Integer);
        assert_eq!(classify("4.3"), LitKind::Decimal);
        assert_eq!(
            classify("2e9da30d-27f6-4208-81f2-9cd3d67893ba"),
            LitKind::Guid
        );
    }

    #[test]
    fn filters_parse() {
        for f in [
            "healthStatus ne 'Active'",
            "startswith(computerDnsName,'mymachine')",
            "requestor eq 'Analyst@contoso.com' and type eq 'RunAntiVirusScan'",
            "(a eq 1 or b eq 2) and not c eq 'x'",
            "machineTags/any(tag: tag eq 'ExampleTag')",
            "status in ('New', 'InProgress')",
            "id eq e9da30d0-27f6-4208-81f2-9cd3d67893ba",
            "title eq 'it''s'",
        ] {
            assert!(parse_filter(&chars(f), 0).is_ok(), "{f}");
        }
    }

    #[test]
    fn slips_are_syntax_errors_with_positions() {
        let e = parse_filter(&chars("healthStatus == 'Active'"), 0).expect_err("==");
        assert_eq!(e.span, Span::new(13, 15));
        assert_eq!(e.fix.as_deref(), Some(" eq "));
        let e = parse_filter(&chars("healthStatus EQ 'Active'"), 0).expect_err("EQ");
        assert_eq!(e.fix.as_deref(), Some("eq"));
        assert!(parse_filter(&chars("a eq 'x"), 0).is_err());
        assert!(parse_filter(&chars("(a eq 1"), 0).is_err());
        assert!(parse_filter(&chars(""), 0).is_err());
        let deep = format!("{}a eq 1{}", "(".repeat(500), ")".repeat(500));
        assert!(parse_filter(&chars(&deep), 0).is_err());
    }
}
