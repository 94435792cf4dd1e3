//! The most common body read without building a `Value` tree: an exact `{"error":{"code","message",
//! "target"}}` envelope of plain strings, borrowed in place (what it saves: README, Performance). The fast
//! twin of `body.rs`, the general reader, which reads everything else; the test below holds the two equal.

use std::borrow::Cow;
use std::sync::Arc;

use crate::response::{Context, PlainResponse, Response, Shape};

/// The most common body, `{"error":{"code":…,"message":…,"target":…}}` with plain strings, read in place
/// (no `Value` tree, no allocation). Anything else (other keys, escapes, other types, duplicates) is not
/// read here, and the caller reads the body the general way with [`from_json`].
#[derive(Debug, Default, PartialEq)]
pub(super) struct PlainEnvelope<'a> {
    code: Option<&'a str>,
    message: Option<&'a str>,
    target: Option<&'a str>,
    /// Per field (code, message, target): whether a secret's trigger stands in it
    /// ([`crate::redact::trigger_at`]); a field without one needs no scrubbing.
    suspect: [bool; 3],
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

    /// A string without escapes or control characters (what serde lends as `&str`), after blanks, and
    /// whether a secret's trigger stands in it.
    fn string(&mut self) -> Option<(&'a str, bool)> {
        self.eat(b'"')?;
        let b = self.text.as_bytes();
        let start = self.at;
        let (end, suspect) = string_end(b, start)?;
        self.at = end + 1;
        // Both ends sit on ASCII quotes: character boundaries.
        Some((self.text.get(start..end)?, suspect))
    }

    /// A member's key, after blanks: which of `keys` it is, compared quotes and all, so the key is not
    /// searched for its end. Any other key (or an escaped one), `None`: the general reader reads it.
    fn key(&mut self, keys: &[&[u8]]) -> Option<usize> {
        self.blanks();
        let rest = &self.text.as_bytes()[self.at..];
        let i = keys.iter().position(|k| rest.starts_with(k))?;
        self.at += keys[i].len();
        Some(i)
    }

    /// A member's value: a plain string or `null`, after blanks.
    fn value(&mut self) -> Option<Option<(&'a str, bool)>> {
        self.blanks();
        if self.text.as_bytes()[self.at..].starts_with(b"null") {
            self.at += 4;
            return Some(None);
        }
        self.string().map(Some)
    }
}

/// What a byte is to a plain string: [`STOP`] ends it (or stops the fast reader: a backslash, a control
/// character), [`SUSPECT`] may start a secret (`=`, `J`, `b` and `z` in either case: the bytes
/// `crate::redact::trigger_at` looks at).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = STOP;
        i += 1;
    }
    t[b'"' as usize] = STOP;
    t[b'\\' as usize] = STOP;
    let suspects = *b"=JjbBzZ";
    let mut i = 0;
    while i < suspects.len() {
        t[suspects[i] as usize] = SUSPECT;
        i += 1;
    }
    t
};
const STOP: u8 = 1;
const SUSPECT: u8 = 2;

/// Where the string whose text starts at `start` ends (its closing quote), if no backslash or control
/// character comes first; and whether a secret's trigger stands in it (`redact::trigger_at`). A byte at a time through a
/// table: fewer instructions than testing eight bytes at a time for seven kinds of byte (callgrind,
/// summary-ndjson); the secret's candidates are found in the same pass, where a second one over each field
/// cost as much as this one.
fn string_end(b: &[u8], start: usize) -> Option<(usize, bool)> {
    let class = |c: u8| CLASS[usize::from(c)];
    let mut suspect = false;
    let mut i = start;
    loop {
        // Four plain bytes at a time (most of a message), then the next byte alone.
        while let Some(w) = b.get(i..i + 4) {
            if class(w[0]) | class(w[1]) | class(w[2]) | class(w[3]) != 0 {
                break;
            }
            i += 4;
        }
        let c = *b.get(i)?;
        match class(c) {
            0 => {}
            STOP => return (c == b'"').then_some((i, suspect)),
            // Asked in place, in the whole text: the bytes a trigger looks at around a field's byte are
            // its own, or quotes and JSON's punctuation that no trigger matches, so the verdict is the
            // field's. Exact, so a field with only look-alikes ("Authorization payload", hex ids with
            // "be") is not scrubbed for nothing (most suspects were such).
            _ => suspect = suspect || crate::redact::trigger_at(b, i),
        }
        i += 1;
    }
}

/// The string value after the key bytes `before` at `*at` in `text`, and whether it is suspect
/// ([`string_end`]); `*at` then stands after its closing quote. The key is compared as an array of its
/// length, which the compiler does in a few loads: a slice comparison was a `memcmp` call, four per
/// envelope (callgrind, summary-ndjson).
fn compact_field<'a, const N: usize>(
    text: &'a str,
    at: &mut usize,
    before: &[u8; N],
) -> Option<(&'a str, bool)> {
    let b = text.as_bytes();
    let key: &[u8; N] = b.get(*at..*at + N)?.try_into().ok()?;
    (key == before).then_some(())?;
    let start = *at + N;
    let (end, suspect) = string_end(b, start)?;
    *at = end + 1;
    Some((text.get(start..end)?, suspect))
}

impl<'a> PlainEnvelope<'a> {
    /// Reads `text` if it is exactly a plain MDE envelope.
    pub(super) fn parse(text: &'a str) -> Option<PlainEnvelope<'a>> {
        Self::parse_compact(text).or_else(|| Self::parse_any_layout(text))
    }

    /// The layout the API sends, compact and in its order (`{"error":{"code":…,"message":…,"target":…}}`,
    /// string values), read by fixed steps: most of a log's envelopes, whose blanks, key lookups and
    /// duplicate checks were a third of reading one (callgrind, summary-ndjson). Any other layout:
    /// `None`, and [`PlainEnvelope::parse_any_layout`] reads it (a test holds the two equal).
    fn parse_compact(text: &'a str) -> Option<PlainEnvelope<'a>> {
        let b = text.as_bytes();
        let mut at = 0;
        let code = compact_field(text, &mut at, br#"{"error":{"code":""#)?;
        let message = compact_field(text, &mut at, br#","message":""#)?;
        let target = compact_field(text, &mut at, br#","target":""#)?;
        let rest = b.get(at..)?.strip_prefix(b"}}")?;
        // Then JSON's blanks only (a line's `\r`, trailing spaces).
        rest.iter()
            .all(|c| matches!(c, b' ' | b'\n' | b'\t' | b'\r'))
            .then_some(())?;
        Some(PlainEnvelope {
            code: Some(code.0),
            message: Some(message.0),
            target: Some(target.0),
            suspect: [code.1, message.1, target.1],
        })
    }

    /// [`PlainEnvelope::parse`] of any layout: blanks anywhere, members in any order, `null` values.
    fn parse_any_layout(text: &'a str) -> Option<PlainEnvelope<'a>> {
        let mut c = Cursor { text, at: 0 };
        c.eat(b'{')?;
        c.key(&[b"\"error\""])?;
        c.eat(b':')?;
        c.eat(b'{')?;
        let mut plain = PlainEnvelope::default();
        let mut seen = [false; 3];
        c.blanks();
        if c.eat(b'}').is_none() {
            loop {
                let slot = c.key(&[b"\"code\"", b"\"message\"", b"\"target\""])?;
                // A key given twice is an error to serde: leave it to the general reader.
                if std::mem::replace(&mut seen[slot], true) {
                    return None;
                }
                c.eat(b':')?;
                let value = c.value()?;
                let field = match slot {
                    0 => &mut plain.code,
                    1 => &mut plain.message,
                    _ => &mut plain.target,
                };
                *field = value.map(|(text, _)| text);
                plain.suspect[slot] = value.is_some_and(|(_, suspect)| suspect);
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

    /// The response, as [`crate::scan::body::from_json`] reads the same body (same fields, same
    /// scrubbing), on `template` (what the lines around it said).
    pub(super) fn response(&self, template: Response) -> Response {
        let text = |s: Option<&str>, i: usize| {
            PlainResponse::field(s.map(|s| (s, self.suspect[i]))).map(Cow::into_owned)
        };
        let mut r = template;
        r.shape = Shape::Mde;
        r.code = text(self.code, 0);
        r.message = text(self.message, 1);
        r.target = text(self.target, 2);
        r
    }

    /// The code, as the response holds it ([`PlainResponse::field`]).
    pub(super) fn code(&self) -> Option<Cow<'a, str>> {
        PlainResponse::field(self.code.map(|c| (c, self.suspect[0])))
    }

    /// The response read, borrowed from the line (see [`PlainResponse`]), with its `code` as
    /// [`PlainEnvelope::code`] gave it; its owned form is the response [`crate::scan::body::from_json`]
    /// reads from the same body (same fields, same scrubbing).
    pub(super) fn borrowed<'f>(
        &self,
        file: &'f Arc<str>,
        line: u64,
        context: Context,
        code: Option<Cow<'f, str>>,
    ) -> PlainResponse<'f>
    where
        'a: 'f,
    {
        let field = |i: usize, text: Option<&'a str>| text.map(|t| (t, self.suspect[i]));
        PlainResponse::new(
            file,
            line,
            context,
            code,
            [field(1, self.message), field(2, self.target)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::PlainEnvelope;
    use crate::response::{Context, Response};
    use crate::scan::body::tests::{base, read};
    use serde::Deserialize;
    use std::sync::Arc;

    /// The response `plain` stands for, owned.
    fn owned(plain: &PlainEnvelope<'_>) -> Response {
        let file: Arc<str> = Arc::from("t");
        plain
            .borrowed(&file, 1, Context::Plain, plain.code())
            .to_response()
    }

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

    type Fields<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

    fn by_serde(text: &str) -> Option<Fields<'_>> {
        let e = serde_json::from_str::<SerdeEnvelope<'_>>(text).ok()?.error;
        Some((e.code, e.message, e.target))
    }

    fn fast(text: &str) -> Option<Fields<'_>> {
        PlainEnvelope::parse(text).map(|p| (p.code, p.message, p.target))
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
            proptest::prop_assert_eq!(fast(&text), by_serde(&text), "{}", text);
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
            let (fast, serde) = (fast(&text), by_serde(&text));
            // An escaped key (`co\u0064e`) is serde's `code` but goes the general way, which reads it alike.
            if fast.is_none() && text.contains('\\') {
                return Ok(());
            }
            proptest::prop_assert_eq!(fast, serde, "{}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A field is scrubbed as `redact::scrubbed` would scrub it: the candidates found while reading
        /// miss no secret.
        #[test]
        fn fields_are_scrubbed_as_the_scrubber_would(
            fields in proptest::collection::vec(
                "([abzJ=eyZB :.&]|Bearer |bearer |eyJa.b.c|Authorization: |authorization|sig=|code=|x|\\PC)*",
                3,
            )
        ) {
            let clean: Vec<String> = fields
                .iter()
                .map(|f| f.chars().filter(|&c| c != '"' && c != '\\' && c >= ' ').collect())
                .collect();
            let body = format!(
                r#"{{"error":{{"code":"{}","message":"{}","target":"{}"}}}}"#,
                clean[0], clean[1], clean[2]
            );
            let r = owned(&PlainEnvelope::parse(&body).expect("plain"));
            let scrubbed = |s: &str| (!s.is_empty()).then(|| crate::redact::scrubbed(s));
            proptest::prop_assert_eq!(r.code, scrubbed(&clean[0]));
            proptest::prop_assert_eq!(r.message, scrubbed(&clean[1]));
            proptest::prop_assert_eq!(r.target, scrubbed(&clean[2]));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The compact reader reads the API's layout as the reader of any layout does, and refuses
        /// nothing that one reads only when its text is not that layout.
        #[test]
        fn the_compact_reader_reads_as_any_layout(
            fields in proptest::collection::vec(
                proptest::prop_oneof![
                    // Mostly what a field holds, secrets' triggers and look-alikes included…
                    4 => "([a-zA-Z0-9 =.:,{}]|eyJa|Bearer |bear|é|null|Authorization: |authorization)*",
                    // …sometimes what the compact reader must refuse.
                    1 => "([a-z]|\"|\\\\|\\\"|\u{1})*",
                ],
                3,
            ),
            tail in "|[ \t\r\n]{1,2}|x|,|}",
        ) {
            let text = format!(
                r#"{{"error":{{"code":"{}","message":"{}","target":"{}"}}}}{tail}"#,
                fields[0], fields[1], fields[2]
            );
            let (compact, any) = (
                PlainEnvelope::parse_compact(&text),
                PlainEnvelope::parse_any_layout(&text),
            );
            match compact {
                Some(_) => proptest::prop_assert_eq!(compact, any, "{}", text),
                // Refused: an escape or a quote in a field, or a tail that is not blanks.
                None => proptest::prop_assert!(
                    any.is_none() || fields.iter().any(|f| f.contains(['\\', '"'])),
                    "{}",
                    text
                ),
            }
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
            assert_eq!(fast(body), by_serde(body), "{body}");
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
            let envelope = PlainEnvelope::parse(body).expect(body);
            let plain = owned(&envelope);
            let general = &read(body)[0];
            let on_template = envelope.response(base());
            assert_eq!(
                (&plain.code, &plain.message, &plain.target, plain.shape),
                (
                    &on_template.code,
                    &on_template.message,
                    &on_template.target,
                    on_template.shape
                ),
                "{body}"
            );
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
