//! Reading a query string as the service does: split on `&`, percent-decode (`+` is a space), and parse a
//! `$filter` expression into a small tree. Every decoded character keeps the byte span it had in the text as
//! given, so findings point at the characters the user typed. Pure; nothing here judges the query.

use crate::lint::Span;

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
pub(crate) struct Param {
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
pub(crate) fn split(query: &str, base: usize) -> Vec<Param> {
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

fn param(piece: &str, base: usize, inner: Vec<Span>) -> Param {
    let (name_raw, value_raw, has_value) = match piece.split_once('=') {
        Some((n, v)) => (n, v, true),
        None => (piece, "", false),
    };
    let (name_chars, _) = decode(name_raw, base);
    let value_base = base + name_raw.len() + usize::from(has_value);
    let (value, _) = decode(value_raw, value_base);
    Param {
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

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Lit(LitKind, String, Span, bool),
    Open,
    Close,
    Comma,
    Colon,
    Slash,
    Other(String),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    span: Span,
}

/// Comparison operators.
pub(crate) const COMPARISONS: &[&str] = &["eq", "ne", "gt", "ge", "lt", "le"];
/// Operators OData defines that the docs never show (the service may refuse them).
pub(crate) const OTHER_OPERATORS: &[&str] = &["has", "add", "sub", "mul", "div", "divby", "mod"];

fn is_guid(s: &str) -> bool {
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

fn lex(chars: &[DChar], at: usize) -> Result<Vec<Token>, SyntaxError> {
    let mut toks = Vec::new();
    let mut i = 0;
    let span = |a: usize, b: usize| Span::new(chars[a].start, chars[b - 1].end);
    while i < chars.len() {
        let c = chars[i].c;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let single = |t: Tok| Token {
            tok: t,
            span: span(start, start + 1),
        };
        match c {
            '(' => toks.push(single(Tok::Open)),
            ')' => toks.push(single(Tok::Close)),
            ',' => toks.push(single(Tok::Comma)),
            ':' => toks.push(single(Tok::Colon)),
            '/' => toks.push(single(Tok::Slash)),
            '\'' | '"' => {
                let quote = c;
                let mut value = String::new();
                let mut j = i + 1;
                let mut closed = false;
                while j < chars.len() {
                    if chars[j].c == quote {
                        if chars.get(j + 1).is_some_and(|d| d.c == quote) {
                            value.push(quote);
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    value.push(chars[j].c);
                    j += 1;
                }
                if !closed {
                    return Err(SyntaxError {
                        message: "a string is never closed".into(),
                        help: "end it with ' (a ' inside a string is written '')".into(),
                        span: span(i, chars.len()),
                        fix: None,
                    });
                }
                // `'x'and type eq 1`: the service's tokenizer needs whitespace between a literal and the
                // keyword after it, and refuses the whole filter without it.
                if let Some(next) = chars.get(j + 1).filter(|d| d.c.is_alphanumeric()) {
                    let word: String = chars[j + 1..]
                        .iter()
                        .take_while(|d| d.c.is_alphanumeric())
                        .map(|d| d.c)
                        .collect();
                    let text: String = chars[i..=j].iter().map(|d| d.c).collect();
                    return Err(SyntaxError {
                        message: format!("no space between the string {text} and `{word}`"),
                        help: format!("write a space before `{word}`: {text} {word}"),
                        span: Span::new(next.start, next.start),
                        fix: Some(" ".into()),
                    });
                }
                let inner = if j > i + 1 {
                    span(i + 1, j)
                } else {
                    Span::new(chars[j].start, chars[j].start)
                };
                toks.push(Token {
                    tok: Tok::Lit(LitKind::Str, value, inner, quote == '"'),
                    span: span(i, j + 1),
                });
                i = j + 1;
                continue;
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.c.is_ascii_digit())) =>
            {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].c.is_ascii_alphanumeric()
                        || matches!(chars[j].c, '.' | ':' | '-' | '/')
                        || (chars[j].c == '+'
                            && chars.get(j + 1).is_some_and(|d| d.c.is_ascii_digit())))
                {
                    j += 1;
                }
                let word: String = chars[i..j].iter().map(|d| d.c).collect();
                let kind = classify(&word);
                toks.push(Token {
                    tok: Tok::Lit(kind, word, span(i, j), false),
                    span: span(i, j),
                });
                i = j;
                continue;
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].c.is_alphanumeric() || matches!(chars[j].c, '_' | '.'))
                {
                    j += 1;
                }
                // A GUID starting with a letter (`e9da30d-…`).
                let mut k = j;
                while k < chars.len() && (chars[k].c.is_ascii_hexdigit() || chars[k].c == '-') {
                    k += 1;
                }
                let long: String = chars[i..k].iter().map(|d| d.c).collect();
                if k > j && is_guid(&long) {
                    toks.push(Token {
                        tok: Tok::Lit(LitKind::Guid, long, span(i, k), false),
                        span: span(i, k),
                    });
                    i = k;
                    continue;
                }
                let word: String = chars[i..j].iter().map(|d| d.c).collect();
                let tok = match word.as_str() {
                    "true" | "false" => Tok::Lit(LitKind::Boolean, word, span(i, j), false),
                    "null" => Tok::Lit(LitKind::Null, word, span(i, j), false),
                    _ => Tok::Word(word),
                };
                toks.push(Token {
                    tok,
                    span: span(i, j),
                });
                i = j;
                continue;
            }
            _ => {
                let mut j = i + 1;
                while j < chars.len()
                    && !chars[j].c.is_alphanumeric()
                    && !chars[j].c.is_whitespace()
                    && !matches!(chars[j].c, '(' | ')' | '\'' | '"' | ',')
                {
                    j += 1;
                }
                let word: String = chars[i..j].iter().map(|d| d.c).collect();
                toks.push(Token {
                    tok: Tok::Other(word),
                    span: span(i, j),
                });
                i = j;
                continue;
            }
        }
        i += 1;
    }
    let _ = at;
    Ok(toks)
}

/// Most nesting taken (parentheses, `not`, lambdas): far beyond a real filter, a bound on a hostile one.
const MAX_DEPTH: usize = 64;

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    end: usize,
    depth: usize,
}

/// Symbols people bring from other languages, and the OData word for each.
const FOREIGN: &[(&str, &str)] = &[
    ("==", "eq"),
    ("=", "eq"),
    ("!=", "ne"),
    ("<>", "ne"),
    (">", "gt"),
    (">=", "ge"),
    ("<", "lt"),
    ("<=", "le"),
    ("&&", "and"),
    ("||", "or"),
    ("!", "not"),
];

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn here(&self) -> Span {
        self.peek()
            .map_or(Span::new(self.end, self.end), |t| t.span)
    }

    fn err(&self, message: String, help: &str, span: Span) -> SyntaxError {
        SyntaxError {
            message,
            help: help.to_string(),
            span,
            fix: None,
        }
    }

    fn word_is(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(x), .. }) if x == w)
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                "the filter nests too deeply".into(),
                "simplify the filter",
                self.here(),
            ));
        }
        let r = self.or();
        self.depth -= 1;
        r
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.and()?;
        while self.word_is("or") {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Logical {
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        while self.word_is("and") {
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::Logical {
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.word_is("not") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(self.err(
                    "the filter nests too deeply".into(),
                    "simplify the filter",
                    self.here(),
                ));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.operand()?;
        match self.peek().cloned() {
            Some(Token {
                tok: Tok::Word(w),
                span,
            }) if COMPARISONS.contains(&w.as_str()) || OTHER_OPERATORS.contains(&w.as_str()) => {
                self.pos += 1;
                let right = self.operand()?;
                Ok(Expr::Compare {
                    left,
                    op: w,
                    op_span: span,
                    right,
                })
            }
            Some(Token {
                tok: Tok::Word(w),
                span,
            }) if COMPARISONS.iter().any(|c| c.eq_ignore_ascii_case(&w))
                || ["and", "or", "not", "in"]
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&w))
                    && !["and", "or", "not", "in"].contains(&w.as_str()) =>
            {
                Err(SyntaxError {
                    message: format!("`{w}`: operators are lower case"),
                    help: format!("write `{}`", w.to_lowercase()),
                    span,
                    fix: Some(w.to_lowercase()),
                })
            }
            Some(Token {
                tok: Tok::Word(w), ..
            }) if w == "in" => {
                self.pos += 1;
                let open = self.next();
                if !matches!(open, Some(Token { tok: Tok::Open, .. })) {
                    return Err(self.err(
                        "`in` takes a list in parentheses".into(),
                        "write in ('a', 'b')",
                        open.map_or(self.here(), |t| t.span),
                    ));
                }
                let mut items = Vec::new();
                loop {
                    items.push(self.operand()?);
                    match self.next() {
                        Some(Token {
                            tok: Tok::Comma, ..
                        }) => continue,
                        Some(Token {
                            tok: Tok::Close, ..
                        }) => break,
                        t => {
                            return Err(self.err(
                                "the list of `in` is not closed".into(),
                                "separate values with , and end with )",
                                t.map_or(Span::new(self.end, self.end), |t| t.span),
                            ));
                        }
                    }
                }
                Ok(Expr::In { left, items })
            }
            Some(Token {
                tok: Tok::Other(sym),
                span,
            }) => match FOREIGN.iter().find(|(s, _)| *s == sym) {
                Some((_, word)) => Err(SyntaxError {
                    message: format!("`{sym}` is not an OData operator"),
                    help: format!("write ` {word} `"),
                    span,
                    fix: Some(format!(" {word} ")),
                }),
                None => Err(self.err(
                    format!("unexpected `{sym}`"),
                    "operators are words: eq ne gt ge lt le and or not in",
                    span,
                )),
            },
            _ => Ok(Expr::Value(left)),
        }
    }

    fn operand(&mut self) -> Result<Operand, SyntaxError> {
        let Some(t) = self.next() else {
            return Err(self.err(
                "the filter ends where a value or property belongs".into(),
                "complete the comparison",
                Span::new(self.end, self.end),
            ));
        };
        match t.tok {
            Tok::Lit(kind, value, inner, double) => Ok(Operand::Literal(Lit {
                kind,
                value,
                span: t.span,
                inner,
                double_quoted: double,
            })),
            Tok::Open => {
                let e = self.expr()?;
                match self.next() {
                    Some(Token {
                        tok: Tok::Close, ..
                    }) => Ok(Operand::Group(Box::new(e))),
                    other => Err(self.err(
                        "a parenthesis is never closed".into(),
                        "add the missing )",
                        other.map_or(Span::new(self.end, self.end), |o| o.span),
                    )),
                }
            }
            Tok::Word(w) => {
                if matches!(self.peek(), Some(Token { tok: Tok::Open, .. })) {
                    self.pos += 1;
                    let mut args = Vec::new();
                    if matches!(
                        self.peek(),
                        Some(Token {
                            tok: Tok::Close,
                            ..
                        })
                    ) {
                        self.pos += 1;
                    } else {
                        loop {
                            args.push(self.expr()?);
                            match self.next() {
                                Some(Token {
                                    tok: Tok::Comma, ..
                                }) => continue,
                                Some(Token {
                                    tok: Tok::Close, ..
                                }) => break,
                                other => {
                                    return Err(self.err(
                                        format!("the arguments of {w}( are not closed"),
                                        "separate arguments with , and end with )",
                                        other.map_or(Span::new(self.end, self.end), |o| o.span),
                                    ))
                                }
                            }
                        }
                    }
                    return Ok(Operand::Call {
                        name: w,
                        span: t.span,
                        args,
                    });
                }
                let mut segments = vec![(w, t.span)];
                let mut lambda = None;
                while matches!(
                    self.peek(),
                    Some(Token {
                        tok: Tok::Slash,
                        ..
                    })
                ) {
                    self.pos += 1;
                    let Some(Token {
                        tok: Tok::Word(seg),
                        span,
                    }) = self.next()
                    else {
                        return Err(self.err(
                            "a / must be followed by a property name".into(),
                            "write parent/child",
                            self.here(),
                        ));
                    };
                    if (seg == "any" || seg == "all")
                        && matches!(self.peek(), Some(Token { tok: Tok::Open, .. }))
                    {
                        self.pos += 1;
                        if matches!(
                            self.peek(),
                            Some(Token {
                                tok: Tok::Close,
                                ..
                            })
                        ) {
                            self.pos += 1;
                            lambda = Some(Box::new(Lambda {
                                function: seg,
                                span,
                                variable: None,
                                body: None,
                            }));
                            break;
                        }
                        let var = match self.next() {
                            Some(Token {
                                tok: Tok::Word(v), ..
                            }) => v,
                            other => {
                                return Err(self.err(
                                    format!("{seg}( starts with a variable name"),
                                    "write any(t: t eq 'x')",
                                    other.map_or(Span::new(self.end, self.end), |o| o.span),
                                ))
                            }
                        };
                        if !matches!(
                            self.next(),
                            Some(Token {
                                tok: Tok::Colon,
                                ..
                            })
                        ) {
                            return Err(self.err(
                                format!("{seg}( needs a : after the variable"),
                                "write any(t: t eq 'x')",
                                self.here(),
                            ));
                        }
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            return Err(self.err(
                                "the filter nests too deeply".into(),
                                "simplify the filter",
                                self.here(),
                            ));
                        }
                        let body = self.expr()?;
                        self.depth -= 1;
                        if !matches!(
                            self.next(),
                            Some(Token {
                                tok: Tok::Close,
                                ..
                            })
                        ) {
                            return Err(self.err(
                                format!("{seg}( is never closed"),
                                "add the missing )",
                                self.here(),
                            ));
                        }
                        lambda = Some(Box::new(Lambda {
                            function: seg,
                            span,
                            variable: Some(var),
                            body: Some(body),
                        }));
                        break;
                    }
                    segments.push((seg, span));
                }
                Ok(Operand::Path { segments, lambda })
            }
            Tok::Close => Err(self.err(
                "a ) with no ( before it".into(),
                "remove it or add the missing (",
                t.span,
            )),
            Tok::Other(sym) => Err(self.err(
                format!("unexpected `{sym}`"),
                "a value or a property name belongs here",
                t.span,
            )),
            Tok::Comma | Tok::Colon | Tok::Slash => Err(self.err(
                "a value or a property name belongs here".into(),
                "check the filter near this character",
                t.span,
            )),
        }
    }
}

/// Parses a `$filter` value.
pub(crate) fn parse_filter(chars: &[DChar], at: usize) -> Result<Expr, SyntaxError> {
    let end = chars.last().map_or(at, |d| d.end);
    if chars.iter().all(|d| d.c.is_whitespace()) {
        return Err(SyntaxError {
            message: "$filter is empty".into(),
            help: "write a condition, e.g. healthStatus eq 'Active', or drop $filter".into(),
            span: Span::new(at, end.max(at)),
            fix: None,
        });
    }
    let toks = lex(chars, at)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end,
        depth: 0,
    };
    let e = p.expr()?;
    if let Some(t) = p.peek().cloned() {
        let (message, help, fix) = match &t.tok {
            Tok::Word(w)
                if *w != w.to_lowercase()
                    && (COMPARISONS.iter().any(|c| c.eq_ignore_ascii_case(w))
                        || ["and", "or"].iter().any(|c| c.eq_ignore_ascii_case(w))) =>
            {
                (
                    format!("`{w}`: operators are lower case"),
                    format!("write `{}`", w.to_lowercase()),
                    Some(w.to_lowercase()),
                )
            }
            Tok::Close => (
                "a ) with no ( before it".to_string(),
                "remove it or add the missing (".to_string(),
                None,
            ),
            Tok::Word(w) => (
                format!("unexpected `{w}` after a complete condition"),
                "join conditions with and / or; quote text values ('like this')".to_string(),
                None,
            ),
            _ => (
                "unexpected text after a complete condition".to_string(),
                "join conditions with and / or".to_string(),
                None,
            ),
        };
        return Err(SyntaxError {
            message,
            help,
            span: t.span,
            fix,
        });
    }
    Ok(e)
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
