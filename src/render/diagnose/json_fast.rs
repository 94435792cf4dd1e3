//! A diagnosis's JSON written by hand: the bytes serde's derive gives the same view, with the dangerous
//! characters escaped as `render::json` escapes them (the tests below hold the two together on every fixture
//! and on any text): a big log writes hundreds of thousands of diagnoses (what it saves: README,
//! Performance). The fast twin of serde's derive on [`DiagnosisView`] followed by `escape_dangerous`.
//!
//! [`DiagnosisView`]: super::json_view::DiagnosisView

use super::json_facts::facts;
use super::json_view::{is_partial, OperationView, RetryView, Text, TokenView, SCHEMA_VERSION};
use super::json_write::{boolean, fixed, key, num, opt_num, opt_str, serde, string, strings, text};
use crate::diagnose::Diagnosis;

/// Writes `d` as compact JSON: the same bytes `render::json` gives its [`DiagnosisView`] (a test holds them
/// together), written by hand from the diagnosis itself (building the view first cost about 270
/// instructions a diagnosis). A big log writes hundreds of thousands of diagnoses, and serde escaped every
/// field name and value byte by byte; here names are literals, a string that needs no escape (nearly all) is
/// copied at once, and the output needs no pass for dangerous characters afterwards (each string that could
/// hold one is escaped as it is written). The token's verdict (rare) goes through serde.
pub(super) fn encode(buf: &mut Vec<u8>, d: &Diagnosis) -> serde_json::Result<()> {
    // The version is one digit for a long while: written without formatting a number.
    match SCHEMA_VERSION {
        1 => buf.extend_from_slice(b"{\"schema_version\":1,\"code\":"),
        n => {
            buf.extend_from_slice(b"{\"schema_version\":");
            num(buf, u64::from(n));
            key!(buf, "code");
        }
    }
    string(buf, &d.code)?;
    key!(buf, "known");
    boolean(buf, d.known);
    key!(buf, "identified_by");
    fixed(buf, d.identified_by.as_str())?;
    key!(buf, "code_sent");
    opt_str(buf, d.code_sent.as_deref())?;
    key!(buf, "http_status");
    opt_num(buf, d.http_status.map(u64::from));
    key!(buf, "usual_status");
    opt_num(buf, d.usual_status.map(u64::from));
    key!(buf, "status_mismatch");
    boolean(buf, d.status_mismatch);
    key!(buf, "summary");
    text(buf, Text(&d.summary))?;
    key!(buf, "message");
    opt_str(buf, d.message.as_deref())?;
    key!(buf, "target");
    opt_str(buf, d.target.as_deref())?;
    key!(buf, "details");
    facts(buf, &d.details)?;
    key!(buf, "fix");
    buf.push(b'[');
    for (i, step) in d.fix.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        text(buf, Text(step))?;
    }
    buf.push(b']');
    key!(buf, "retry");
    retry(buf, &RetryView::of(d))?;
    key!(buf, "operation");
    match d.route {
        Some(o) => operation(buf, &OperationView::of(o))?,
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "request");
    match &d.request {
        Some(r) => {
            buf.extend_from_slice(b"{\"method\":");
            opt_str(buf, r.method.as_deref())?;
            key!(buf, "url");
            string(buf, &r.url)?;
            buf.push(b'}');
        }
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "correlation");
    match &d.correlation {
        Some(c) => correlation(buf, c)?,
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "suggestion");
    match d.suggestion {
        Some(s) => fixed(buf, s)?,
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "pending_actions");
    opt_str(buf, d.pending_actions.as_deref())?;
    key!(buf, "token");
    match &d.token {
        Some(t) => serde(buf, &TokenView::of(t))?,
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "shape");
    fixed(buf, d.shape.as_str())?;
    key!(buf, "transport");
    match &d.transport {
        Some(t) => transport(buf, t)?,
        None => buf.extend_from_slice(b"null"),
    }
    key!(buf, "api");
    fixed(buf, d.api.as_str())?;
    key!(buf, "partial");
    boolean(buf, is_partial(d));
    key!(buf, "context");
    fixed(buf, d.context.as_str())?;
    key!(buf, "source");
    buf.extend_from_slice(b"{\"file\":");
    string(buf, &d.source.file)?;
    key!(buf, "line");
    num(buf, d.source.line);
    buf.extend_from_slice(b"}}");
    Ok(())
}

/// The correlation id to quote (inlined: written for most diagnoses of a big log).
#[inline(always)]
fn correlation(buf: &mut Vec<u8>, c: &crate::diagnose::Correlation) -> serde_json::Result<()> {
    buf.extend_from_slice(b"{\"id\":");
    string(buf, &c.id)?;
    key!(buf, "field");
    fixed(buf, c.field)?;
    key!(buf, "date");
    opt_str(buf, c.date.as_deref())?;
    buf.push(b'}');
    Ok(())
}

/// How a call that got no response failed.
fn transport(buf: &mut Vec<u8>, t: &crate::response::Transport) -> serde_json::Result<()> {
    buf.extend_from_slice(b"{\"kind\":");
    fixed(buf, t.kind.as_str())?;
    key!(buf, "host");
    opt_str(buf, t.host.as_deref())?;
    key!(buf, "said");
    string(buf, &t.said)?;
    buf.push(b'}');
    Ok(())
}

/// The retry advice.
fn retry(buf: &mut Vec<u8>, r: &RetryView<'_>) -> serde_json::Result<()> {
    buf.extend_from_slice(b"{\"kind\":");
    fixed(buf, r.kind)?;
    key!(buf, "transient");
    boolean(buf, r.transient);
    key!(buf, "after_seconds");
    opt_num(buf, r.after_seconds);
    key!(buf, "retry_after");
    opt_str(buf, r.retry_after)?;
    key!(buf, "text");
    text(buf, r.text)?;
    buf.push(b'}');
    Ok(())
}

/// The operation the request called.
fn operation(buf: &mut Vec<u8>, o: &OperationView<'_>) -> serde_json::Result<()> {
    buf.extend_from_slice(b"{\"name\":");
    string(buf, o.name)?;
    key!(buf, "method");
    string(buf, o.method)?;
    key!(buf, "path");
    string(buf, o.path)?;
    key!(buf, "family");
    string(buf, o.family)?;
    key!(buf, "app_permissions");
    strings(buf, o.app_permissions)?;
    key!(buf, "delegated_permissions");
    strings(buf, o.delegated_permissions)?;
    key!(buf, "rate_per_minute");
    opt_num(buf, o.rate_per_minute.map(u64::from));
    key!(buf, "rate_per_hour");
    opt_num(buf, o.rate_per_hour.map(u64::from));
    key!(buf, "platforms");
    strings(buf, o.platforms)?;
    key!(buf, "docs_url");
    string(buf, o.docs_url)?;
    buf.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::encode;
    use crate::diagnose::Diagnosis;
    use crate::render::diagnose::json_view::DiagnosisView;
    use crate::scan::{scan_str, Event};

    /// The hand-written encoder against serde's derive of the same view and the dangerous-character pass.
    fn by_hand_and_by_serde(d: &Diagnosis) -> (String, String) {
        let view = DiagnosisView::from(d);
        let mut hand = Vec::new();
        encode(&mut hand, d).expect("encode");
        let serde = crate::render::json::to_string(&view).expect("serde");
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
                .find_map(Event::into_response)
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
