//! The most common body read without building a `Value` tree: an exact `{"error":{"code","message",
//! "target"}}` envelope of plain strings, borrowed in place (what it saves: README, Performance). The fast
//! twin of `body.rs`, the general reader, which reads everything else; the test below holds the two equal.

use crate::redact;
use crate::response::{Response, Shape};

/// The most common body, `{"error":{"code":…,"message":…,"target":…}}` with plain strings, read in place
/// (no `Value` tree, no allocation). Anything else (other keys, escapes, other types, duplicates) is not
/// read here, and the caller reads the body the general way with [`from_json`].
#[derive(Debug, Default, PartialEq)]
pub(super) struct PlainEnvelope<'a> {
    code: Option<&'a str>,
    message: Option<&'a str>,
    target: Option<&'a str>,
}

/// A cursor over the body's bytes. A hand-written reader of this one grammar: serde's derived reader cost
/// a fifth of a log's diagnosis (callgrind, summary-ndjson); the test below holds the two equal.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn blanks(&mut self) {
        let b = self.text.as_bytes();
        while b
            .get(self.at)
            .is_some_and(|c| matches!(c, b' ' | b'\n' | b'\t' | b'\r'))
        {
            self.at += 1;
        }
    }

    /// Takes `byte` after blanks.
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.blanks();
        (self.text.as_bytes().get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// A string without escapes or control characters (what serde lends as `&str`), after blanks.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let b = self.text.as_bytes();
        let start = self.at;
        let end = string_end(b, start)?;
        self.at = end + 1;
        // Both ends sit on ASCII quotes: character boundaries.
        self.text.get(start..end)
    }

    /// A member's value: a plain string or `null`, after blanks.
    fn value(&mut self) -> Option<Option<&'a str>> {
        self.blanks();
        if self.text.as_bytes()[self.at..].starts_with(b"null") {
            self.at += 4;
            return Some(None);
        }
        self.string().map(Some)
    }
}

/// Where the string whose text starts at `start` ends (its closing quote), if no backslash or control
/// character comes first. Eight bytes at a time: strings are short, and a byte loop cost more than serde's.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    use crate::swar::{splat, word, zero_bytes};
    let mut at = start;
    while at < b.len() {
        let x = word(b, at);
        // A control byte has none of its top three bits; the zeros padding the last word count as one too,
        // which is right: the string did not end.
        let stop = zero_bytes(x ^ splat(b'"'))
            | zero_bytes(x ^ splat(b'\\'))
            | zero_bytes(x & splat(0xe0));
        if stop != 0 {
            let end = at + stop.trailing_zeros() as usize / 8;
            return (b.get(end) == Some(&b'"')).then_some(end);
        }
        at += 8;
    }
    None
}

impl<'a> PlainEnvelope<'a> {
    /// Reads `text` if it is exactly a plain MDE envelope.
    pub(super) fn parse(text: &'a str) -> Option<PlainEnvelope<'a>> {
        let mut c = Cursor { text, at: 0 };
        c.eat(b'{')?;
        (c.string()? == "error").then_some(())?;
        c.eat(b':')?;
        c.eat(b'{')?;
        let mut plain = PlainEnvelope::default();
        let mut seen = [false; 3];
        c.blanks();
        if c.eat(b'}').is_none() {
            loop {
                let (slot, field) = match c.string()? {
                    "code" => (0, &mut plain.code),
                    "message" => (1, &mut plain.message),
                    "target" => (2, &mut plain.target),
                    _ => return None,
                };
                // A key given twice is an error to serde: leave it to the general reader.
                if std::mem::replace(&mut seen[slot], true) {
                    return None;
                }
                c.eat(b':')?;
                *field = c.value()?;
                if c.eat(b',').is_none() {
                    c.eat(b'}')?;
                    break;
                }
            }
        }
        c.eat(b'}')?;
        c.blanks();
        (c.at == text.len()).then_some(plain)
    }

    /// The response, as [`crate::scan::body::from_json`] reads the same body (same fields, same scrubbing).
    pub(super) fn response(&self, template: Response) -> Response {
        let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(redact::scrubbed);
        let mut r = template;
        r.shape = Shape::Mde;
        r.code = text(self.code);
        r.message = text(self.message);
        r.target = text(self.target);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::PlainEnvelope;
    use crate::scan::body::tests::{base, read};
    use serde::Deserialize;

    /// The reader this one replaced, serde's derived one: what it reads, the hand-written reader must read
    /// the same, and what it refuses, the hand-written one must refuse.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SerdeEnvelope<'a> {
        #[serde(borrow)]
        error: SerdeError<'a>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SerdeError<'a> {
        #[serde(default)]
        code: Option<&'a str>,
        #[serde(default)]
        message: Option<&'a str>,
        #[serde(default)]
        target: Option<&'a str>,
    }

    fn by_serde(text: &str) -> Option<PlainEnvelope<'_>> {
        let e = serde_json::from_str::<SerdeEnvelope<'_>>(text).ok()?.error;
        Some(PlainEnvelope {
            code: e.code,
            message: e.message,
            target: e.target,
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn reads_what_serde_reads(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "{\"error\":{", "}}", "\"error\"", "\"code\"", "\"message\"", "\"target\"",
                    "\"Error\"", "\"other\"", ":", ",", " ", "\n", "\t", "\r", "null", "nul", "1", "true",
                    "\"InvalidUrl\"", "\"a\\\"b\"", "\"\\u0042\"", "\"\"", "\"é ß\"", "\"x\u{1}y\"", "[]", "\"",
                ]),
                0..14,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(PlainEnvelope::parse(&text), by_serde(&text), "{}", text);
        }
    }

    /// Bodies shaped like envelopes, most of them plain, with every kind of blank, member order, value and
    /// the near misses (duplicates, escapes, other keys), so both sides of the grammar are tried.
    fn envelope() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let blank = proptest::sample::select(vec!["", "", " ", "\n", "\t", "\r\n", "  "]);
        let key = proptest::sample::select(vec![
            "code",
            "code",
            "message",
            "message",
            "target",
            "target",
            "Code",
            "innerError",
            "co\\u0064e",
        ]);
        let value = proptest::sample::select(vec![
            "\"InvalidUrl\"",
            "\"Hash value x is invalid.\"",
            "\"\"",
            "null",
            "\"é ß 漢\"",
            "\"a\\\"b\"",
            "\"\\u0042\"",
            "1",
            "{}",
            "\"x\u{7}y\"",
            "nul",
        ]);
        let member = (blank.clone(), key, blank.clone(), value, blank.clone())
            .prop_map(|(a, k, b, v, c)| format!("{a}\"{k}\"{b}:{c}{v}"));
        (
            blank.clone(),
            proptest::collection::vec(member, 0..5),
            blank.clone(),
            blank,
            any::<bool>(),
        )
            .prop_map(|(a, members, b, c, comma)| {
                let trailing = if comma && !members.is_empty() {
                    ","
                } else {
                    ""
                };
                format!("{a}{{\"error\":{b}{{{}{trailing}}}{c}}}", members.join(","))
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn reads_envelopes_like_serde(text in envelope()) {
            let (fast, serde) = (PlainEnvelope::parse(&text), by_serde(&text));
            // An escaped key (`co\u0064e`) is serde's `code` but goes the general way, which reads it alike.
            if fast.is_none() && text.contains('\\') {
                return Ok(());
            }
            proptest::prop_assert_eq!(fast, serde, "{}", text);
        }
    }

    #[test]
    fn reads_each_plain_form_like_serde() {
        for body in [
            r#"{"error":{"code":"InvalidHashValue","message":"Hash value x is invalid.","target":"t-1"}}"#,
            r#"{"error":{"code":"X","message":"","target":null}}"#,
            r#" { "error" : { "target" : "t" , "code" : "Forbidden" } } "#,
            r#"{"error":{}}"#,
            "{\"error\":{\"code\":\"A\"}}\r\n",
        ] {
            assert!(PlainEnvelope::parse(body).is_some(), "{body}");
            assert_eq!(PlainEnvelope::parse(body), by_serde(body), "{body}");
        }
    }

    #[test]
    fn plain_envelope_reads_like_the_general_path() {
        let bodies = [
            r#"{"error":{"code":"InvalidHashValue","message":"Hash value x is invalid.","target":"t-1"}}"#,
            r#"{"error":{"code":"X","message":"","target":null}}"#,
            r#"{"error":{"message":"see https://a/b?sig=SECRET&x=1"}}"#,
            r#"{ "error" : { "target" : "t" , "code" : "Forbidden" } }"#,
            r#"{"error":{}}"#,
        ];
        for body in bodies {
            let plain = PlainEnvelope::parse(body).expect(body).response(base());
            let general = &read(body)[0];
            assert_eq!(
                (&plain.code, &plain.message, &plain.target, plain.shape),
                (
                    &general.code,
                    &general.message,
                    &general.target,
                    general.shape
                ),
                "{body}"
            );
        }
        // Everything else goes the general way.
        for body in [
            r#"{"error":{"code":"A\u0042"}}"#,
            r#"{"error":{"code":1}}"#,
            r#"{"error":{"code":"A","innerError":{}}}"#,
            r#"{"error":{"code":"A","code":"B"}}"#,
            r#"{"Error":{"code":"A"}}"#,
            r#"{"error":{"code":"A"},"status":"x"}"#,
            r#"{"error":"invalid_client"}"#,
        ] {
            assert!(PlainEnvelope::parse(body).is_none(), "{body}");
        }
    }
}
