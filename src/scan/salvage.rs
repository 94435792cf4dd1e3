//! Bodies that are not clean JSON texts: Python's bytes reprs (`print(r.content)`; dict reprs are
//! `literal`'s), bodies nested as escaped JSON strings inside a log line, and broken pastes (a body cut or
//! redacted mid-way, a fragment without its braces) whose code, message and target are salvaged.

use crate::redact;
use crate::response::Response;

/// How deep escaped JSON inside escaped JSON is unwrapped.
const MAX_ESCAPE_DEPTH: usize = 3;

/// The content of a Python bytes literal whose opening `b'` precedes `text` (`{"error": …}'`), with its
/// escapes undone: the JSON text as the server sent it.
pub(super) fn python_bytes(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'x' => {
                    let hex: String = chars.by_ref().take(2).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '\'' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// A body nested as an escaped JSON string in a line (`"message":"failed: {\"error\":{…}}"`): where the
/// escaped text starts, and the body unescaped (unwrapping up to [`MAX_ESCAPE_DEPTH`] levels).
pub(super) fn escaped_json(line: &str) -> Option<(usize, String)> {
    // Most lines of a log have no backslash: one byte search rules them out, where a substring search's
    // setup cost more than the search.
    memchr::memchr(b'\\', line.as_bytes())?;
    let at = line.find("{\\\"")?;
    let mut text = unescape(&line[at..])?;
    for _ in 1..MAX_ESCAPE_DEPTH {
        if !text.starts_with("{\\\"") {
            break;
        }
        text = unescape(&text)?;
    }
    let lower = text.to_ascii_lowercase();
    (lower.contains("\"error") || lower.contains("\"code\"")).then_some((at, text))
}

/// One level of JSON string escapes undone, up to the string's closing quote (or the end).
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or('\u{fffd}'),
                    );
                }
                other => out.push(other),
            },
            '"' => break,
            c => out.push(c),
        }
    }
    // Only the body: from its first brace to the brace that closes it, if it closes.
    let end = closing_brace(&out).unwrap_or(out.len());
    out.truncate(end);
    Some(out)
}

/// The offset just past the brace that closes the object `text` starts with.
fn closing_brace(text: &str) -> Option<usize> {
    let mut b = super::json_text::Brackets::default();
    b.feed(text.as_bytes(), &mut || {})
}

/// What a broken body still says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Salvaged {
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
}

impl Salvaged {
    /// Copies what was salvaged into `r` (secrets scrubbed).
    pub(super) fn fill(self, r: &mut Response) {
        r.code = self.code.map(|c| redact::scrubbed(&c));
        r.message = self.message.map(|m| redact::scrubbed(&m));
        r.target = self.target.map(|t| redact::scrubbed(&t));
    }
}

/// Code, message and target from a body that does not parse: cut, redacted, or pasted without its braces.
/// Needs a `code` or a `message` key with a string value. A code or target cut before its closing quote is
/// not taken (half an id would send support looking for the wrong call); a cut message keeps its complete
/// words and ends in `…`, so no fact is read from a half word (`Machine.Re` is no role).
pub(super) fn fragment(text: &str) -> Option<Salvaged> {
    // Every field needs a quote: most lines of a log have none, and are done with one byte search.
    memchr::memchr(b'"', text.as_bytes())?;
    let whole = |key| match string_field(text, key) {
        Some((v, true)) => Some(v),
        _ => None,
    };
    let s = Salvaged {
        code: whole("code"),
        message: string_field(text, "message").and_then(|(m, closed)| {
            if closed {
                return Some(m);
            }
            let kept = m
                .rfind(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
                .map_or("", |at| m[..at].trim_end_matches([',', ';', ':', ' ']));
            (!kept.is_empty()).then(|| format!("{kept} …"))
        }),
        target: whole("target"),
    };
    (s.code.is_some() || s.message.is_some()).then_some(s)
}

/// Whether `text` opens an error envelope that was cut before anything readable: an `"error"` key whose value
/// is an object (`{"error": {"det…`). Such a paste is an error response, even though no code survived.
pub(super) fn opens_error_object(text: &str) -> bool {
    let mut from = 0;
    while let Some(at) = redact::find_ignore_case(text.as_bytes(), b"\"error\"", from) {
        from = at + 7;
        let rest = text[from..].trim_start();
        if rest
            .strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with('{'))
        {
            return true;
        }
    }
    false
}

/// The string value of `"key": "…"` (key in any case), up to its closing quote or the end of the text,
/// and whether the closing quote was there.
fn string_field(text: &str, key: &str) -> Option<(String, bool)> {
    // The key between quotes, found without building the quoted key: the opening quote's place is checked.
    let b = text.as_bytes();
    let mut from = 1;
    let at = loop {
        let at = redact::find_ignore_case(b, key.as_bytes(), from)?;
        if b[at - 1] == b'"' && b.get(at + key.len()) == Some(&b'"') {
            break at + key.len() + 1;
        }
        from = at + 1;
    };
    let rest = text[at..].trim_start().strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut closed = false;
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => break,
            },
            '"' => {
                closed = true;
                break;
            }
            c => out.push(c),
        }
        if out.len() > 8192 {
            break;
        }
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some((out, closed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_bytes_literal_is_unescaped() {
        let body =
            python_bytes(r#"{"error": {"message": "a \\"b\\" \xe9"}}' tail"#).expect("bytes");
        assert_eq!(body, "{\"error\": {\"message\": \"a \\\"b\\\" é\"}}");
    }

    #[test]
    fn escaped_bodies_unwrap() {
        let line = r#"{"level":"error","message":"call failed: {\"error\":{\"code\":\"Forbidden\"}}","x":1}"#;
        let (at, body) = escaped_json(line).expect("escaped");
        assert_eq!(&line[at..at + 3], "{\\\"");
        assert_eq!(body, r#"{"error":{"code":"Forbidden"}}"#);
    }

    #[test]
    fn fragments_keep_what_is_there() {
        let s = fragment(r#""code":"Forbidden","message":"Missing application roles. API requ"#)
            .expect("frag");
        assert_eq!(s.code.as_deref(), Some("Forbidden"));
        assert_eq!(
            s.message.as_deref(),
            Some("Missing application roles. API …")
        );
        assert!(fragment("nothing here").is_none());
    }

    #[test]
    fn cut_ids_are_not_taken_and_cut_messages_lose_their_half_word() {
        let s = fragment(r#""code":"Forbidden","message":"Roles: Machine.Isolate, Machine.Re"#)
            .expect("frag");
        assert_eq!(s.message.as_deref(), Some("Roles: Machine.Isolate …"));
        let s = fragment(r#""code":"X","message":"m","target":"9a9a9a9a-0000-40"#).expect("frag");
        assert_eq!((s.code.as_deref(), s.target), (Some("X"), None));
        assert!(fragment(r#""code":"Forbi"#).is_none());
        // A message cut inside its first word keeps nothing.
        assert!(fragment(r#""message":"Miss"#).is_none());
    }

    #[test]
    fn an_error_object_cut_before_its_code_is_still_an_error() {
        assert!(opens_error_object(
            r#"{"error": {"details": [{"indicatorValue": "22"#
        ));
        assert!(opens_error_object(r#"{"Error" :{"#));
        assert!(!opens_error_object(r#"{"level":"error","msg":"x"#));
        assert!(!opens_error_object(r#"{"error": "invalid_grant", "#));
        assert!(!opens_error_object(r#"{"error""#));
    }
}
