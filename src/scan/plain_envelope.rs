//! The most common body read without building a `Value` tree: an exact `{"error":{"code","message",
//! "target"}}` envelope of plain strings, borrowed in place (what it saves: README, Performance). The fast
//! twin of `body.rs`, the general reader, which reads everything else; the test below holds the two equal.

use serde::Deserialize;

use crate::redact;
use crate::response::{Response, Shape};

/// The most common body, `{"error":{"code":…,"message":…,"target":…}}` with plain strings, read in place
/// (no `Value` tree, no allocation). Anything else (other keys, escapes, other types, duplicates) does not
/// deserialize, and the caller reads the body the general way with [`from_json`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlainEnvelope<'a> {
    #[serde(borrow)]
    error: PlainError<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainError<'a> {
    #[serde(default)]
    code: Option<&'a str>,
    #[serde(default)]
    message: Option<&'a str>,
    #[serde(default)]
    target: Option<&'a str>,
}

impl<'a> PlainEnvelope<'a> {
    /// Reads `text` if it is exactly a plain MDE envelope.
    pub(super) fn parse(text: &'a str) -> Option<PlainEnvelope<'a>> {
        serde_json::from_str(text).ok()
    }

    /// The response, as [`crate::scan::body::from_json`] reads the same body (same fields, same scrubbing).
    pub(super) fn response(&self, template: Response) -> Response {
        let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(redact::scrubbed);
        let mut r = template;
        r.shape = Shape::Mde;
        r.code = text(self.error.code);
        r.message = text(self.error.message);
        r.target = text(self.error.target);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::PlainEnvelope;
    use crate::scan::body::tests::{base, read};

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
