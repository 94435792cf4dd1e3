//! Peeling: the layers that copying puts around what a client printed, taken off before any recognizer
//! reads a line. A markdown quote (`> `, nested), a log prefix (time stamp, level, logger), and a string
//! literal (a JSON string field, a Python or PowerShell string) whose escaped content is a transcript or a
//! body of its own. Recognizers then see the text underneath, whatever wrapped it; the line number of the
//! original line goes with every line taken out of it.
//!
//! Every check starts with a byte test on the line's first character or a `memchr` search, so a line with
//! no layer (most lines of a log) costs a few instructions here.

use super::json_text::json_start;

/// Most nested string layers undone for one line (a transcript in a JSON field in a Python repr…).
const MAX_DEPTH: u8 = 4;

/// Most log prefixes taken off one line (an application's log shipped by an agent that prefixes again).
const MAX_PREFIXES: u8 = 3;

/// The peeler's state across lines.
#[derive(Debug, Default, Clone)]
pub(super) struct Peeler {
    /// The line before was one of curl's request lines (`> GET … HTTP/1.1`, `> Host: …`): a `> Name: value`
    /// line now is curl's too, not a quote.
    curl_request: bool,
    /// The line before was quoted: an indented quote goes on quoting the inside of a JSON text too.
    quoted: bool,
    /// The indentation every line of the paragraph so far carries (a paste indented as a whole: a code
    /// block, a list item, a reply): taken off, so a transcript reads the same at any indentation.
    margin: usize,
    /// The next line starts a paragraph (the input's first line, or after a blank one): its indentation
    /// is the margin.
    para: bool,
}

/// The widest margin taken off (a code block in a list item).
const MAX_MARGIN: usize = 8;

impl Peeler {
    /// Whether the next line reads the same to a fresh peeler (no curl request section is open).
    pub(super) fn is_at_rest(&self) -> bool {
        !self.curl_request && self.margin == 0 && !self.para
    }

    /// Whether `line` stands at the paragraph's margin (or left of it), not indented within it: a pretty
    /// JSON text's inner lines stand right of it.
    pub(super) fn at_margin(&self, line: &str) -> bool {
        self.margin > 0 && line.bytes().take_while(|&c| c == b' ').count() <= self.margin
    }

    /// The next line starts a paragraph (the input's first line).
    pub(super) fn start_paragraph(&mut self) {
        self.para = true;
        self.margin = 0;
    }

    /// `line` without the paragraph's margin (see [`Peeler::margin`]), which it sets or narrows.
    fn unindent<'t>(&mut self, line: &'t str) -> &'t str {
        let blanks = line.bytes().take_while(|&c| c == b' ').count();
        if blanks == line.len() {
            // A blank line: the next one starts a paragraph.
            self.start_paragraph();
            return line;
        }
        self.margin = if std::mem::take(&mut self.para) {
            blanks.min(MAX_MARGIN)
        } else {
            self.margin.min(blanks)
        };
        &line[self.margin..]
    }

    /// Whether the line before was quoted (an indented `>` line goes on with the quote).
    pub(super) fn is_quoting(&self) -> bool {
        self.quoted
    }

    /// The text under `line`'s quote, log prefix and indentation. `in_text`: a JSON text is open.
    /// `known`: `line`'s log prefix length, when read already.
    pub(super) fn peel<'t>(
        &mut self,
        line: &'t str,
        in_text: bool,
        known: Option<Option<usize>>,
    ) -> &'t str {
        let whole = line;
        // The inside of an open JSON text (a pretty body's indented lines): no layer starts with a blank.
        // (Unless the lines are quoted and indented both: `  >   "code": …` is quoted JSON.)
        if in_text
            && line.starts_with([' ', '\t'])
            && !(self.quoted && line.trim_start().starts_with('>'))
            && !self.at_margin(line)
        {
            return line;
        }
        let line = self.unindent(line);
        // A quote and log prefixes (a log line logged again by another logger), in whichever order they
        // were put on: a quote once, prefixes up to [`MAX_PREFIXES`].
        let (mut under, mut quoted, mut prefixes) = (line, false, 0);
        // The cheap test: a layer starts with a mark, a blank, a digit, a bracket or a capital.
        let first = line.as_bytes().first().copied().unwrap_or(b'{');
        if !matches!(first, b'>' | b' ' | b'\t' | b'[' | b'0'..=b'9' | b'A'..=b'Z') {
            self.curl_request = false;
            self.quoted = false;
            return line;
        }
        loop {
            // Either may stand indented (a paste in a list item or a code block).
            let blanks = under
                .bytes()
                .take_while(|c| *c == b' ' || *c == b'\t')
                .count();
            let t = &under[blanks..];
            if !quoted && t.starts_with('>') {
                quoted = true;
                under = self.unquote(t);
            } else if let Some(n) = (prefixes < MAX_PREFIXES)
                .then(|| match known {
                    Some(p) if t.len() == whole.len() => p,
                    _ => log_prefix_len(t),
                })
                .flatten()
            {
                prefixes += 1;
                under = &t[n..];
            } else {
                break;
            }
        }
        if !quoted {
            self.curl_request = false;
        }
        self.quoted = quoted;
        if !in_text && under.starts_with([' ', '\t']) {
            // An indented transcript (a code block in a ticket, a paste under a bullet): curl's marks and data
            // notes (`{ [259 bytes data]`), and a request line pasted alone, read the same at any indentation.
            let t = under.trim_start();
            if (t.starts_with(['<', '>', '*']) && t.as_bytes().get(1).is_none_or(|c| *c == b' '))
                || super::exchange::is_data_note(t)
                || super::recognize::request_line::is_one(t)
            {
                under = t;
            }
        }
        under
    }

    /// The content of a string literal in `line` whose escapes hide line breaks (a transcript or a pretty
    /// body logged as one string), to read as lines of their own instead of the line.
    /// `wakes`: whether text holds a word that wakes a recognizer (their prefilter).
    pub(super) fn escaped_layer(line: &str, depth: u8, wakes: fn(&str) -> bool) -> Option<String> {
        (depth < MAX_DEPTH)
            .then(|| escaped_text(line, wakes))
            .flatten()
    }

    /// The content of a one-line string literal with a sign of an error in `line` (a message or a status
    /// line logged as a field or printed as a repr), to read when the line as it stands gave nothing. A
    /// line that held a JSON text was read as one: only a string in a string (`\"`) is looked at there.
    pub(super) fn quoted_layer(line: &str, depth: u8, wakes: fn(&str) -> bool) -> Option<String> {
        let b = line.as_bytes();
        if depth >= MAX_DEPTH || memchr::memchr2(b'"', b'\'', b).is_none() {
            return None;
        }
        if json_start(line).is_some() && !has_escaped_quote(b) {
            return None;
        }
        quoted_text(line, wakes)
    }

    /// `line` without the marks of the markdown quote it stands in. curl -v marks its request lines with
    /// `> ` too: the last mark is curl's on a request line, and on a header or an empty line that follows
    /// one; every other mark is a quote.
    fn unquote<'t>(&mut self, line: &'t str) -> &'t str {
        let (marks, rest) = quote_marks(line);
        let curls = match curl_request_part(rest) {
            Some(CurlPart::Request) => true,
            Some(CurlPart::Header) => self.curl_request,
            Some(CurlPart::End) => std::mem::take(&mut self.curl_request),
            None => false,
        };
        self.curl_request = curls && !rest.trim().is_empty();
        strip_marks(line, if curls { marks - 1 } else { marks })
    }
}

/// The number of leading quote marks (`>` with one optional blank after each) and the text after them.
fn quote_marks(line: &str) -> (usize, &str) {
    let mut rest = line;
    let mut marks = 0;
    while let Some(r) = rest.strip_prefix('>') {
        marks += 1;
        rest = r.strip_prefix(' ').unwrap_or(r);
    }
    (marks, rest)
}

/// `line` without its first `n` quote marks.
fn strip_marks(line: &str, n: usize) -> &str {
    let mut rest = line;
    for _ in 0..n {
        match rest.strip_prefix('>') {
            Some(r) => rest = r.strip_prefix(' ').unwrap_or(r),
            None => break,
        }
    }
    rest
}

/// The lines of curl's request section, as they read after its `> ` mark.
enum CurlPart {
    /// `GET /api/machines HTTP/2`
    Request,
    /// `Host: api.security.microsoft.com`
    Header,
    /// Nothing: the request's end.
    End,
}

/// Which line of curl's request section text after a `>` may be, if any.
fn curl_request_part(rest: &str) -> Option<CurlPart> {
    let t = rest.trim_end();
    if t.is_empty() {
        return Some(CurlPart::End);
    }
    if let Some((method, after)) = t.split_once(' ') {
        // A method word right after the mark: an indented status line (`  HTTP/1.1 403`) is none.
        if (1..=7).contains(&method.len())
            && method.bytes().all(|b| b.is_ascii_uppercase())
            && after.contains(" HTTP/")
        {
            return Some(CurlPart::Request);
        }
    }
    // `Name: value` with a token name (no blanks).
    let (name, _) = t.split_once(':')?;
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
    .then_some(CurlPart::Header)
}

/// The length of a log line's prefix (time stamp, level, logger and their separators), if it has one.
/// A prefix needs a time stamp or a level word at the line's start, so prose is never cut.
pub(super) fn log_prefix_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    // The cheap test: a stamp starts with a digit or a bracket, a level with a letter in upper case.
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_digit() || *c == b'[' || c.is_ascii_uppercase())
    {
        return None;
    }
    let mut i = 0;
    let mut stamped = false;
    if let Some(n) = stamp_len(line) {
        i = n;
        stamped = true;
    } else if b[0] == b'[' {
        if let Some(end) = memchr::memchr(b']', b) {
            if stamp_len(&line[1..end]).is_some_and(|n| n == end - 1) {
                i = end + 1;
                stamped = true;
            }
        }
    }
    i = skip_blanks(b, i);
    let level = level_len(&line[i..]);
    if let Some(n) = level {
        i = skip_blanks(b, i + n);
    } else if !stamped {
        return None;
    }
    // A logger: `name - `, `[name] `, or after `LEVEL:` Python's default `name:`.
    i += logger_len(&line[i..], level.is_some() && line[..i].ends_with(':'));
    // A prefix with nothing after it is an empty line underneath (the blank line that ends a head).
    Some(i)
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
        i += 1;
    }
    i
}

/// The length of a time stamp at the start: ISO 8601 date and time (`2026-11-01T10:00:00.123Z`,
/// `2026-11-01 10:00:00,123`, with an offset), a date alone, syslog's `Nov  1 10:00:00`, a time alone.
fn stamp_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    let mut i;
    if digits(0, 4)
        && b.get(4) == Some(&b'-')
        && digits(5, 2)
        && b.get(7) == Some(&b'-')
        && digits(8, 2)
    {
        i = 10;
        if matches!(b.get(10), Some(b'T' | b' ')) && digits(11, 2) && b.get(13) == Some(&b':') {
            i = time_len(b, 11)?;
        }
    } else if b.len() >= 15
        && b[..3].iter().all(u8::is_ascii_alphabetic)
        && b[3] == b' '
        && matches!(b[4], b' ' | b'0'..=b'9')
        && b[5].is_ascii_digit()
        && b[6] == b' '
    {
        i = time_len(b, 7)?;
    } else if digits(0, 2) && b.get(2) == Some(&b':') {
        i = time_len(b, 0)?;
    } else {
        return None;
    }
    // An offset or a zone: `Z`, `+01:00`, `-0500`.
    if b.get(i) == Some(&b'Z') {
        i += 1;
    } else if matches!(b.get(i), Some(b'+' | b'-')) && digits(i + 1, 2) {
        i += 3;
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        if digits(i, 2) {
            i += 2;
        }
    }
    // The stamp ends at a separator, never inside a word.
    match b.get(i) {
        None | Some(b' ' | b'\t' | b']' | b'|' | b',' | b';') => Some(i),
        _ => None,
    }
}

/// `hh:mm[:ss[.fff|,fff]]` from `at`: the end.
fn time_len(b: &[u8], at: usize) -> Option<usize> {
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    if !(digits(at, 2) && b.get(at + 2) == Some(&b':') && digits(at + 3, 2)) {
        return None;
    }
    let mut i = at + 5;
    if b.get(i) == Some(&b':') && digits(i + 1, 2) {
        i += 3;
        if matches!(b.get(i), Some(b'.' | b',')) && digits(i + 1, 1) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    Some(i)
}

const LEVELS: [&str; 12] = [
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL",
    "CRIT", "VERBOSE",
];

/// The length of a log level word at the start (`INFO`, `[warn]`, `<ERROR>`, `ERROR:`), with its closing
/// mark or colon.
fn level_len(s: &str) -> Option<usize> {
    let (open, inner) = match s.as_bytes().first() {
        Some(b'[') => (1, &s[1..]),
        Some(b'<') => (1, &s[1..]),
        _ => (0, s),
    };
    let word = inner.bytes().take_while(u8::is_ascii_alphabetic).count();
    if word == 0
        || !LEVELS
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&inner[..word]))
    {
        return None;
    }
    // A bare level word is upper case (so "Error: …" prose stays whole); a bracketed one may be any case.
    if open == 0 && !inner[..word].bytes().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut n = open + word;
    let b = s.as_bytes();
    match (open, b.get(n)) {
        (1, Some(b']' | b'>')) => n += 1,
        (1, _) => return None,
        (_, Some(b':')) => n += 1,
        (_, None | Some(b' ' | b'\t')) => {}
        _ => return None,
    }
    Some(n)
}

/// The length of a logger name and its separator at the start, or 0: `mde.client - `, `[mde.client] `,
/// and with `after_colon` (Python's `LEVEL:name:message`) `name:`.
fn logger_len(s: &str, after_colon: bool) -> usize {
    let b = s.as_bytes();
    let is_name = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'/');
    if b.first() == Some(&b'[') {
        let n = b[1..].iter().take_while(|c| is_name(c)).count();
        if n > 0 && b.get(1 + n) == Some(&b']') {
            return skip_blanks(b, n + 2);
        }
        return 0;
    }
    // A name starts with a letter: `199 - "…"` (Graph's warning) is no logger.
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    let n = b.iter().take_while(|c| is_name(c)).count();
    if s[n..].starts_with(" - ") {
        return n + 3;
    }
    if after_colon && b.get(n) == Some(&b':') {
        return n + 1;
    }
    0
}

/// The content of the string literal in `line` whose escapes hide line breaks (a transcript or a
/// pretty-printed body logged as one string), unescaped; `None` when no literal holds one.
fn escaped_text(line: &str, wakes: fn(&str) -> bool) -> Option<String> {
    let b = line.as_bytes();
    // The cheap test: an escaped line break somewhere in the line.
    let first = escaped_break(b)?;
    let mut at = 0;
    while at < b.len() {
        let q = memchr::memchr2(b'"', b'\'', &b[at..])? + at;
        let (content_end, end) = literal_end(b, q);
        if end > first {
            // This literal holds the first escaped break (or comes after it): read it when it holds one.
            if escaped_break(&b[q..end]).is_some() {
                let text = unescape(&line[q + 1..content_end]);
                if text.contains('\n')
                    && (has_sign(&text) || wakes(&text))
                    && !is_error_body(line, q)
                {
                    return Some(text);
                }
            }
        }
        at = end;
    }
    None
}

/// Where the first `\n` escape stands (a byte search for the backslash: no searcher to build per line).
fn escaped_break(b: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\\', b).find(|&i| b.get(i + 1) == Some(&b'n'))
}

/// Whether a line holds an escaped quote (`\"`): a string inside a string, as a logged field holds it.
fn has_escaped_quote(b: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', b).any(|i| b.get(i + 1) == Some(&b'"'))
}

/// Where the content of the literal opened by the quote at `q` ends, and where the literal ends (after its
/// closing quote). A literal cut at the line's end (a log line cut short) holds what came before the cut.
fn literal_end(b: &[u8], q: usize) -> (usize, usize) {
    let quote = b[q];
    let mut i = q + 1;
    while i < b.len() {
        match b[i] {
            // An escape: the next byte is taken as it is (never a quote; a UTF-8 lead byte is followed by
            // continuation bytes, which are never quotes either).
            b'\\' => i += 2,
            c if c == quote => return (i, i + 1),
            _ => i += 1,
        }
    }
    // `\` as the last byte steps past the end: the content ends where the line does, on a char boundary.
    (b.len(), b.len())
}

/// Whether text shows a sign of an HTTP exchange or an error (one automaton, built once).
fn has_sign(text: &str) -> bool {
    static SIGNS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    SIGNS
        .get_or_init(|| {
            let words = [
                "rror",
                "RROR",
                "HTTP/",
                "tatus",
                "ailed",
                "orbidden",
                "nauthorized",
                "\"code\"",
                "arning",
                "ARNING",
                "AADSTS",
                "enied",
            ];
            // A contiguous NFA: a DFA's build costs more than the few lines that reach here search.
            super::word_search(&words, aho_corasick::AhoCorasickKind::ContiguousNFA)
        })
        .is_match(text)
}

/// The content of a one-line string literal in `line` that shows a sign of an error, unescaped: read when
/// the line as it stands gave nothing (a message or a status line logged as a string field).
fn quoted_text(line: &str, wakes: fn(&str) -> bool) -> Option<String> {
    let b = line.as_bytes();
    let mut at = memchr::memchr2(b'"', b'\'', b)?;
    while at < b.len() {
        let q = memchr::memchr2(b'"', b'\'', &b[at..])? + at;
        let (content_end, end) = literal_end(b, q);
        let raw = &line[q + 1..content_end];
        if raw.len() >= 8 && (has_sign(raw) || wakes(raw)) && !is_error_body(line, q) {
            let text = unescape(raw);
            // A key or a short word is no message; a literal that is the whole line is no layer.
            if text.contains(' ') && text.len() + 2 < line.len() {
                return Some(text);
            }
        }
        at = end;
    }
    None
}

/// Whether the literal at `q` is a value inside a JSON error body on this line (a message with line breaks
/// in it): the body is read as it is, not taken apart.
fn is_error_body(line: &str, q: usize) -> bool {
    // The body starts the line or follows a prefix (`ResponseBody: {…}`, a log line's).
    let Some(open) = line[..q].find('{') else {
        return false;
    };
    let before = &line[open..q];
    let keys = ["\"error\"", "\"Error\"", "\"code\""];
    // An error object after the message (a connector's `{"status":403,"message":"…\r\n…","error":{…}}`)
    // makes the line a body too; a log record's `"error":"…"` string after its message does not.
    keys.iter().any(|k| has_key(before, k, false))
        || keys[..2].iter().any(|k| has_key(&line[q..], k, true))
}

/// Whether `key` (quoted) stands in `text` as a key, before a colon (and an object, when `object`): a log
/// record's `"level":"error"` holds `"error"` as a value.
fn has_key(text: &str, key: &str, object: bool) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        rest = &rest[at + key.len()..];
        if let Some(value) = rest.trim_start().strip_prefix(':') {
            if !object || value.trim_start().starts_with('{') {
                return true;
            }
        }
    }
    false
}

/// A string literal's content with its escapes undone (JSON's, Python's and PowerShell's common ones).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok() {
                    Some(code) if hex.len() == 4 => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        out.push(decode_utf16_unit(code, &mut chars));
                    }
                    _ => out.push_str("\\u"),
                }
            }
            Some('x') => {
                let hex: String = chars.clone().take(2).collect();
                match u8::from_str_radix(&hex, 16).ok() {
                    Some(byte) if hex.len() == 2 => {
                        chars.next();
                        chars.next();
                        out.push(char::from(byte));
                    }
                    _ => out.push_str("\\x"),
                }
            }
            Some(c @ ('"' | '\'' | '\\' | '/')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A `\uXXXX` unit, joined with the low surrogate that follows a high one.
fn decode_utf16_unit(code: u32, chars: &mut std::str::Chars<'_>) -> char {
    if (0xD800..0xDC00).contains(&code) {
        let rest = chars.as_str();
        if let Some(low) = rest
            .strip_prefix("\\u")
            .and_then(|r| r.get(..4))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .filter(|l| (0xDC00..0xE000).contains(l))
        {
            for _ in 0..6 {
                chars.next();
            }
            return char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                .unwrap_or('\u{fffd}');
        }
    }
    char::from_u32(code).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indented_paste_loses_its_margin_and_keeps_its_own_indentation() {
        // The margin is the paragraph's first line's (the input's first line starts one); wget's response
        // lines stand two blanks right of it.
        let mut p = Peeler::default();
        p.start_paragraph();
        let got: Vec<String> = [
            "    --2026-12-07 07:00:00--  https://a/api/machines",
            "      HTTP/1.1 403 Forbidden",
            "",
            "  next paragraph",
        ]
        .iter()
        .map(|l| p.peel(l, false, None).to_string())
        .collect();
        assert_eq!(
            got,
            [
                "--2026-12-07 07:00:00--  https://a/api/machines",
                "  HTTP/1.1 403 Forbidden",
                "",
                "next paragraph"
            ]
        );
        // Under a log prefix, curl's data note reads at any indentation, like its other marks.
        let got = peel_all(&["2026-11-01 10:00:19,019 DEBUG mde.client -   { [259 bytes data]"]);
        assert_eq!(got, ["{ [259 bytes data]"]);
    }

    fn peel_all(lines: &[&str]) -> Vec<String> {
        let mut p = Peeler::default();
        lines
            .iter()
            .map(|l| p.peel(l, false, None).to_string())
            .collect()
    }

    #[test]
    fn curl_request_lines_stay_when_no_quote_is_open() {
        let lines = [
            "> GET /api/machines HTTP/2",
            "> Host: api.security.microsoft.com",
            ">",
            "< HTTP/2 403",
        ];
        assert_eq!(
            peel_all(&lines),
            lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_quoted_transcript_loses_its_marks_and_keeps_curls() {
        let got = peel_all(&[
            "> *   Trying 20.190.151.68:443...",
            "> > GET /api/machines HTTP/2",
            "> > Host: x",
            "> >",
            "> < HTTP/2 403",
            ">",
            "> {\"error\":{}}",
        ]);
        assert_eq!(
            got,
            [
                "*   Trying 20.190.151.68:443...",
                "> GET /api/machines HTTP/2",
                "> Host: x",
                ">",
                "< HTTP/2 403",
                "",
                "{\"error\":{}}"
            ]
        );
    }

    #[test]
    fn an_indented_status_line_under_a_quote_is_no_curl_request() {
        // Indented, then quoted: `>   HTTP/1.1 100 Continue` is a quoted status line, and the quote's blank
        // line after it is blank.
        let lines = [
            ">   $ curl -i https://h/api/x",
            ">   HTTP/1.1 100 Continue",
            ">",
            ">   HTTP/1.1 403 Forbidden",
        ];
        assert_eq!(peel_all(&lines)[2], "");
    }

    #[test]
    fn a_quote_in_a_quote_loses_both_levels() {
        let got = peel_all(&[
            "> > *   Trying",
            "> > > GET / HTTP/1.1",
            "> > < HTTP/1.1 401 Unauthorized",
            "> > Missing roles",
        ]);
        assert_eq!(
            got,
            [
                "*   Trying",
                "> GET / HTTP/1.1",
                "< HTTP/1.1 401 Unauthorized",
                "Missing roles"
            ]
        );
    }

    #[test]
    fn log_prefixes_of_common_loggers_are_cut() {
        let cases = [
            (
                "2026-11-01 10:00:07,007 DEBUG mde.client - < HTTP/2 403",
                "< HTTP/2 403",
            ),
            (
                "2026-11-01T10:00:00.123Z ERROR {\"error\":1}",
                "{\"error\":1}",
            ),
            ("[2026-11-01 10:00:00] [warn] status 403", "status 403"),
            ("Nov  1 10:00:00 host1 curl", "host1 curl"),
            ("DEBUG:mde:response text '{}'", "response text '{}'"),
            (
                "10:00:00.5 INFO [mde.client] HTTP/1.1 403 Forbidden",
                "HTTP/1.1 403 Forbidden",
            ),
            ("2026-11-01T10:00:00+01:00 < HTTP/2 403", "< HTTP/2 403"),
        ];
        for (line, want) in cases {
            let n = log_prefix_len(line).unwrap_or_else(|| panic!("no prefix in {line}"));
            assert_eq!(&line[n..], want, "{line}");
        }
    }

    #[test]
    fn prose_and_json_keep_their_start() {
        for line in [
            "Error: the request failed",
            "Invoke-RestMethod : {\"error\":{}}",
            "403 Forbidden",
            "HTTP/1.1 403 Forbidden",
            "{\"error\":{}}",
            "Missing application roles.",
        ] {
            assert_eq!(log_prefix_len(line), None, "{line}");
        }
    }

    #[test]
    fn a_transcript_logged_as_one_string_is_read_as_its_lines() {
        let line = r#"{"level":"warning","msg":"< HTTP/2 403\r\n< request-id: abc\n\n{\"error\":{\"code\":\"Forbidden\"}}"}"#;
        assert_eq!(
            Peeler::escaped_layer(line, 0, |_| false).as_deref(),
            Some("< HTTP/2 403\r\n< request-id: abc\n\n{\"error\":{\"code\":\"Forbidden\"}}")
        );
        let repr = r"DEBUG:mde:text 'HTTP/1.1 403 Forbidden\n{\'error\': 1}'";
        assert_eq!(
            Peeler::escaped_layer(repr, 0, |_| false).as_deref(),
            Some("HTTP/1.1 403 Forbidden\n{'error': 1}")
        );
    }

    #[test]
    fn an_error_body_with_a_multi_line_message_stays_whole() {
        let body =
            r#"{"error":{"code":"BadRequest","message":"Invalid input\nsee the docs: error 1"}}"#;
        assert_eq!(Peeler::escaped_layer(body, 0, |_| false), None);
    }

    #[test]
    fn unescape_undoes_json_and_python_escapes() {
        assert_eq!(
            unescape(r#"a\"b\\c\u0022\ud83d\ude00\x41\t"#),
            "a\"b\\c\"\u{1f600}A\t"
        );
    }
}
