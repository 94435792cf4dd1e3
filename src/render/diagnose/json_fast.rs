//! A diagnosis's JSON written by hand at the top level: the bytes serde's derive gives the same view (the
//! tests below hold the two together on every fixture and on any text): a big log writes hundreds of
//! thousands of diagnoses (what it saves: README, Performance). The fast twin of serde's derive on
//! [`DiagnosisView`].

use std::borrow::Cow;

use super::json_view::{escape, DiagnosisView, Text};

/// Writes `v` as compact JSON: the same bytes serde gives [`DiagnosisView`] (a test holds them together),
/// written by hand at the top level. A big log writes hundreds of thousands of diagnoses, and serde escaped
/// every field name and value byte by byte; here names are literals and a string that needs no escape (nearly
/// all) is copied at once. Nested parts (facts, operation, token) go through serde.
pub(super) fn encode(buf: &mut Vec<u8>, v: &DiagnosisView<'_>) -> serde_json::Result<()> {
    // The version is one digit for a long while: written without formatting a number.
    match v.schema_version {
        1 => buf.extend_from_slice(b"{\"schema_version\":1,\"code\":"),
        n => {
            buf.extend_from_slice(b"{\"schema_version\":");
            buf.extend_from_slice(n.to_string().as_bytes());
            key(buf, "code");
        }
    }
    string(buf, v.code)?;
    key(buf, "known");
    boolean(buf, v.known);
    key(buf, "identified_by");
    string(buf, v.identified_by)?;
    key(buf, "code_sent");
    opt_str(buf, v.code_sent)?;
    key(buf, "http_status");
    opt_num(buf, v.http_status);
    key(buf, "usual_status");
    opt_num(buf, v.usual_status);
    key(buf, "status_mismatch");
    boolean(buf, v.status_mismatch);
    key(buf, "summary");
    text(buf, v.summary)?;
    key(buf, "message");
    opt_str(buf, v.message)?;
    key(buf, "target");
    opt_str(buf, v.target)?;
    key(buf, "details");
    serde_json::to_writer(&mut *buf, v.details)?;
    key(buf, "fix");
    buf.push(b'[');
    for (i, step) in v.fix.0.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        text(buf, Text(step))?;
    }
    buf.push(b']');
    key(buf, "retry");
    serde_json::to_writer(&mut *buf, &v.retry)?;
    key(buf, "operation");
    serde_json::to_writer(&mut *buf, &v.operation)?;
    key(buf, "request");
    match &v.request {
        Some(r) => {
            buf.extend_from_slice(b"{\"method\":");
            opt_str(buf, r.method)?;
            key(buf, "url");
            string(buf, r.url)?;
            buf.push(b'}');
        }
        None => buf.extend_from_slice(b"null"),
    }
    key(buf, "correlation");
    match &v.correlation {
        Some(c) => {
            buf.extend_from_slice(b"{\"id\":");
            string(buf, c.id)?;
            key(buf, "field");
            string(buf, c.field)?;
            key(buf, "date");
            opt_str(buf, c.date)?;
            buf.push(b'}');
        }
        None => buf.extend_from_slice(b"null"),
    }
    key(buf, "suggestion");
    opt_str(buf, v.suggestion)?;
    key(buf, "pending_actions");
    opt_str(buf, v.pending_actions)?;
    key(buf, "token");
    serde_json::to_writer(&mut *buf, &v.token)?;
    key(buf, "shape");
    string(buf, v.shape)?;
    key(buf, "api");
    string(buf, v.api)?;
    key(buf, "partial");
    buf.extend_from_slice(if v.partial { b"true" } else { b"false" });
    key(buf, "context");
    string(buf, v.context)?;
    key(buf, "source");
    buf.extend_from_slice(b"{\"file\":");
    string(buf, v.source.file)?;
    key(buf, "line");
    buf.extend_from_slice(v.source.line.to_string().as_bytes());
    buf.extend_from_slice(b"}}");
    Ok(())
}

/// A comma, then the quoted field name.
// Small and called per field, as are the writers below: inlined by force (left to itself, the compiler
// stopped inlining them once the encoder moved into its own module; README, Performance).
#[inline(always)]
fn key(buf: &mut Vec<u8>, name: &str) {
    buf.push(b',');
    buf.push(b'"');
    buf.extend_from_slice(name.as_bytes());
    buf.extend_from_slice(b"\":");
}

#[inline(always)]
fn opt_str(buf: &mut Vec<u8>, s: Option<&str>) -> serde_json::Result<()> {
    match s {
        Some(s) => string(buf, s),
        None => {
            buf.extend_from_slice(b"null");
            Ok(())
        }
    }
}

#[inline(always)]
fn opt_num(buf: &mut Vec<u8>, n: Option<u16>) {
    match n {
        Some(n) => buf.extend_from_slice(n.to_string().as_bytes()),
        None => buf.extend_from_slice(b"null"),
    }
}

#[inline(always)]
fn boolean(buf: &mut Vec<u8>, b: bool) {
    buf.extend_from_slice(if b { b"true" } else { b"false" });
}

/// A JSON string: copied at once when nothing in it needs an escape, else written by serde.
fn string(buf: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    // A fold without an early exit, so the check is vectorized.
    let plain = !s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *buf, s)
    }
}

/// A [`Text`]: catalog text from the cache of escaped strings, other text as [`string`].
fn text(buf: &mut Vec<u8>, t: Text<'_>) -> serde_json::Result<()> {
    match t.0 {
        Cow::Borrowed(s) => match super::escape_cache::escaped(s, escape) {
            Some(raw) => {
                buf.extend_from_slice(raw.get().as_bytes());
                Ok(())
            }
            None => string(buf, s),
        },
        Cow::Owned(s) => string(buf, s),
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::encode;
    use crate::diagnose::Diagnosis;
    use crate::render::diagnose::json::DiagnosisView;
    use crate::scan::{scan_str, Event};

    /// The hand-written encoder against serde's derive of the same view.
    fn by_hand_and_by_serde(d: &Diagnosis) -> (String, String) {
        let view = DiagnosisView::from(d);
        let mut hand = Vec::new();
        encode(&mut hand, &view).expect("encode");
        let serde = serde_json::to_string(&view).expect("serde");
        (String::from_utf8(hand).expect("utf-8"), serde)
    }

    #[test]
    fn hand_encoder_writes_what_serde_writes_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
        let mut count = 0;
        let mut with_operation = 0;
        for f in std::fs::read_dir(dir).expect("fixture dir") {
            let bytes = std::fs::read(f.expect("entry").path()).expect("fixture");
            for e in scan_str("t", &String::from_utf8_lossy(&bytes)) {
                if let Event::Response(r) = e {
                    let d = crate::diagnose::diagnose(&r);
                    with_operation += usize::from(d.route.is_some());
                    let (hand, serde) = by_hand_and_by_serde(&d);
                    assert_eq!(hand, serde);
                    count += 1;
                }
            }
        }
        assert!(count > 20 && with_operation > 0, "{count} {with_operation}");
    }

    proptest::proptest! {
        /// Any text in the fields that come from the input: the same bytes as serde's.
        #[test]
        fn hand_encoder_writes_what_serde_writes_for_any_text(
            texts in proptest::collection::vec("\\PC*|[\\x00-\\x1f\"\\\\\\u{7f}-\\u{9f}\\u{202e}a-z{}]*", 8),
            status in proptest::option::of(100u16..600),
            line in 0u64..u64::MAX,
        ) {
            let text = "{\"error\":{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"t\"}}";
            let r = scan_str("t", text)
                .into_iter()
                .find_map(|e| match e {
                    Event::Response(r) => Some(r),
                    Event::Unreadable(_) => None,
                })
                .expect("a response");
            let mut d = crate::diagnose::diagnose(&r);
            d.code = texts[0].clone();
            d.code_sent = Some(texts[1].clone());
            d.message = Some(texts[2].clone());
            d.target = None;
            d.summary = Cow::Owned(texts[3].clone());
            d.fix.push(Cow::Owned(texts[4].clone()));
            d.request = Some(crate::response::Request { method: Some(texts[5].clone()), url: texts[6].clone() });
            d.http_status = status;
            d.source.line = line;
            d.source.file = std::sync::Arc::from(texts[7].as_str());
            let (hand, serde) = by_hand_and_by_serde(&d);
            proptest::prop_assert_eq!(hand, serde);
        }
    }
}
