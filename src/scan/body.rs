//! The body reader: every error response a parsed JSON body holds, in every envelope shape (MDE, Graph,
//! ARM, bare status, Entra, hidden failures, action outputs, bodies nested in strings). Pure: no I/O. Every
//! input-derived string is scrubbed of secrets here, so nothing downstream can echo one.

use serde_json::{Map, Value};

use crate::redact;
use crate::response::{EntraFacts, Head, InnerReason, Response, Shape};

/// A scalar JSON value as text (strings verbatim, numbers and booleans printed), secrets scrubbed.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(redact::scrubbed(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

mod action;
use action::{action_output, action_result, connector_facts};

/// A field looked up ignoring key case (`innerError` / `innererror`, `Message` / `message`).
fn field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn status_of(v: Option<&Value>) -> Option<u16> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        // .NET's `HttpStatusCode` serialized by name (`"statusCode": "Forbidden"`), as Logic Apps and ARM
        // deployment operations print it.
        Value::String(s) => s
            .trim()
            .parse()
            .ok()
            .or_else(|| super::recognize::status_of_reason(s)),
        _ => None,
    }
    .filter(|s| (100..=599).contains(s))
}

/// How deep arrays of responses are searched (`[[…]]`, `{"value":[…]}`): bounded, so hostile nesting is cheap.
const MAX_NESTING: usize = 3;

/// Reads every error response a parsed JSON body holds. `template` carries the location, context and head
/// facts to copy into each; `item_line(i)` gives the line of a top-level array's item `i`.
pub fn from_json(
    value: &Value,
    template: &Response,
    item_line: &dyn Fn(usize) -> Option<u64>,
) -> Vec<Response> {
    let mut out = Vec::new();
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mut t = template.clone();
                if let Some(line) = item_line(i) {
                    t.source.line = line;
                }
                collect(item, &t, 1, &mut out);
            }
        }
        _ => collect(value, template, 0, &mut out),
    }
    out
}

fn collect(value: &Value, template: &Response, depth: usize, out: &mut Vec<Response>) {
    match value {
        Value::Array(items) if depth < MAX_NESTING => {
            for item in items {
                collect(item, template, depth + 1, out);
            }
        }
        Value::Object(obj) => {
            if depth < MAX_STRING_DEPTH {
                if let Some(found) = action_result(obj, template, depth) {
                    out.extend(found);
                    return;
                }
                if let Some(found) = action_output(obj, template, depth) {
                    out.extend(found);
                    return;
                }
            }
            match from_object(obj, template) {
                // An `error` object that names no code but whose message holds the real body (a log's
                // `error.message`): the nested body is the response.
                Some(r) if r.code.is_none() && r.entra.is_none() => {
                    let before = out.len();
                    let record = with_record_facts(obj, template);
                    if let Some(Value::Object(e)) = field(obj, "error") {
                        nested_in_fields(e, &record, depth, out);
                    }
                    nested_in_fields(obj, &record, depth, out);
                    if out.len() == before {
                        out.push(r);
                    }
                }
                Some(r) => out.push(r),
                None => {
                    if let Some(Value::Array(items)) = field(obj, "value") {
                        if depth < MAX_NESTING {
                            for item in items {
                                collect(item, template, depth + 1, out);
                            }
                        }
                    } else if depth < MAX_STRING_DEPTH {
                        let record = with_record_facts(obj, template);
                        nested_in_fields(obj, &record, depth, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// `template` with the facts of the exchange that a log record holds beside a body nested in a string:
/// status, method, URL and response headers under the names structured logs give them, dotted or nested
/// (ECS's `http.response.status_code`, `http.request.method`, `url.full`; `http.status_code`, `http.url`,
/// `http.headers`; `statusCode`, `method`, `url`). The head's own facts win.
fn with_record_facts(obj: &Map<String, Value>, template: &Response) -> Response {
    let mut t = template.clone();
    let mut call = (None, None);
    // Two levels of nesting below the record (`http.response.status_code` written as objects).
    for (k1, v1) in obj.iter().take(64) {
        record_fact(k1, v1, &mut t, &mut call);
        let Value::Object(o1) = v1 else { continue };
        for (k2, v2) in o1.iter().take(64) {
            let key = format!("{k1}.{k2}");
            record_fact(&key, v2, &mut t, &mut call);
            let Value::Object(o2) = v2 else { continue };
            for (k3, v3) in o2.iter().take(64) {
                record_fact(&format!("{key}.{k3}"), v3, &mut t, &mut call);
            }
        }
    }
    if let (None, (method, Some(url))) = (&t.request, call) {
        t.request = Some(crate::response::Request {
            method: method
                .filter(|m| ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str())),
            url: redact::scrubbed(&url),
        });
    }
    t
}

/// One field of a log record (`key` dotted from the record down) as a fact of the exchange: into the head,
/// or into `call` (method, URL).
fn record_fact(
    key: &str,
    v: &Value,
    t: &mut Response,
    call: &mut (Option<String>, Option<String>),
) {
    let k = key.to_ascii_lowercase();
    let last = k.rsplit('.').next().unwrap_or(&k);
    match v {
        Value::Object(headers) if last == "headers" => {
            for (name, value) in headers {
                if let Some(v) = value.as_str() {
                    super::record_header(&mut t.head, name, v);
                }
            }
        }
        Value::Number(_) | Value::String(_)
            if t.head.status.is_none()
                && (matches!(last, "status_code" | "statuscode")
                    || (last == "status" && v.is_number())) =>
        {
            t.head.status = status_of(Some(v)).filter(|s| *s >= 400);
        }
        Value::String(m) if last == "method" && call.0.is_none() => {
            call.0 = Some(m.to_ascii_uppercase());
        }
        Value::String(u)
            if matches!(last, "url" | "full" | "original" | "uri")
                && call.1.is_none()
                && (u.starts_with("https://") || u.starts_with("http://")) =>
        {
            call.1 = Some(u.clone());
        }
        _ => {}
    }
}

/// Whether a `code` value without the `error` wrapper names an error (not `"OK"` or `"Success"`).
fn is_error_code(code: &str) -> bool {
    let c = code.trim();
    !c.is_empty()
        && !["ok", "success", "succeeded", "0", "200", "201", "204"]
            .iter()
            .any(|s| c.eq_ignore_ascii_case(s))
}

fn with_shape(template: &Response, shape: Shape) -> Response {
    let mut r = template.clone();
    r.shape = shape;
    r
}

/// Body fields that carry a correlation id (Logic Apps, ARM and gateway envelopes), with their names.
const BODY_IDS: [&str; 4] = [
    "activityId",
    "requestId",
    "correlationId",
    "clientRequestId",
];

/// Copies the correlation ids an object carries into the head (the head's own ids win).
fn body_ids(obj: &Map<String, Value>, head: &mut Head) {
    for name in BODY_IDS {
        if let Some(id) = text(field(obj, name)) {
            if name == "clientRequestId" {
                head.client_request_id.get_or_insert(id);
            } else if head.request_id.is_none() {
                head.request_id = Some(id);
                head.request_id_name = Some(name);
            }
        }
    }
}

/// Responses inside a string value that holds a JSON body (a log's `message`, an item's `Error`), read with
/// the status the text before it names.
fn nested_in_string(s: &str, template: &Response, depth: usize, out: &mut Vec<Response>) {
    if depth > MAX_STRING_DEPTH || !(s.contains("rror") || s.contains("ode\"")) {
        return;
    }
    let Some((at, _)) = super::json_start(s) else {
        return;
    };
    let json = &s[at..];
    // The body may have text after it (`… {"error":…} (attempt 3)`): read the first JSON value only.
    let Some(Ok(value)) = serde_json::Deserializer::from_str(json)
        .into_iter::<Value>()
        .next()
    else {
        return;
    };
    let mut t = template.clone();
    if t.head.status.is_none() {
        t.head.status = super::prefix_status(&s[..at]);
    }
    collect(&value, &t, depth, out);
}

/// How deep bodies nested in strings are followed (a log line holding a body holding a body).
const MAX_STRING_DEPTH: usize = 4;

/// The string values of an object that may hold a nested body, searched when the object itself is none.
fn nested_in_fields(
    obj: &Map<String, Value>,
    template: &Response,
    depth: usize,
    out: &mut Vec<Response>,
) {
    for (_, v) in obj.iter().take(64) {
        match v {
            Value::String(s) => nested_in_string(s, template, depth + 1, out),
            Value::Object(o) if depth < MAX_STRING_DEPTH => {
                for (_, v) in o.iter().take(64) {
                    if let Value::String(s) = v {
                        nested_in_string(s, template, depth + 2, out);
                    }
                }
            }
            _ => {}
        }
        if !out.is_empty() {
            return;
        }
    }
}

/// One object as an error response, if it is one.
fn from_object(obj: &Map<String, Value>, template: &Response) -> Option<Response> {
    if let Some(err) = field(obj, "error") {
        return match err {
            Value::Object(e) => {
                let mut r = envelope(e, template);
                connector_facts(obj, &mut r);
                Some(r)
            }
            Value::String(code) if is_entra_shaped(code, obj, template) => {
                Some(entra(code, obj, template))
            }
            // Another service's `{"error": "…"}`: read as it says, never as a token-endpoint failure.
            Value::String(code) => Some(string_error(code, obj, template)),
            _ => None,
        };
    }
    if let Some(status) = status_of(field(obj, "statusCode")) {
        if status >= 400 {
            let mut r = with_shape(template, Shape::Bare);
            r.head.status = r.head.status.or(Some(status));
            r.message = text(field(obj, "message"));
            r.code = text(field(obj, "code"));
            r.target = text(field(obj, "target"));
            body_ids(obj, &mut r.head);
            return Some(r);
        }
        return None;
    }
    if let (Some(Value::String(code)), Some(Value::String(_))) =
        (field(obj, "code"), field(obj, "message"))
    {
        if is_error_code(code) {
            // Graph's error object out of its envelope (msgraph-sdk-javascript's `GraphError.body`):
            // its innerError's ids say Graph, and are read as the envelope's.
            if let Some(Value::Object(i)) = field(obj, "innerError") {
                if has_graph_ids(i) {
                    return Some(envelope(obj, template));
                }
            }
            let mut r = with_shape(template, Shape::Unwrapped);
            r.code = text(field(obj, "code"));
            r.message = text(field(obj, "message"));
            r.target = text(field(obj, "target"));
            if let Some(status) = status_of(field(obj, "status")) {
                r.head.status = r.head.status.or(Some(status));
            }
            body_ids(obj, &mut r.head);
            return Some(r);
        }
    }
    if matches!(field(obj, "isFailed"), Some(Value::Bool(true))) {
        let mut r = with_shape(template, Shape::IndicatorImport);
        r.code = Some("IndicatorImportFailed".to_string());
        r.message = text(field(obj, "failureReason"));
        r.item_id = text(field(obj, "indicator")).or_else(|| text(field(obj, "indicatorValue")));
        r.item_kind = text(field(obj, "id"));
        return Some(r);
    }
    if let Some(Value::String(status)) = field(obj, "status") {
        let looks_like_action = field(obj, "machineId").is_some() || field(obj, "type").is_some();
        let failed = ["Failed", "Cancelled", "TimeOut"]
            .into_iter()
            .find(|s| s.eq_ignore_ascii_case(status));
        if let (true, Some(failed)) = (looks_like_action, failed) {
            let mut r = with_shape(template, Shape::MachineAction);
            r.code = Some(format!("MachineAction{failed}"));
            r.item_id = text(field(obj, "id"));
            r.item_kind = text(field(obj, "type"));
            r.machine_id = text(field(obj, "machineId"));
            r.message = text(field(obj, "errorHResult"))
                .filter(|h| h != "0")
                .map(|h| format!("errorHResult {h}"))
                .or_else(|| text(field(obj, "cancellationComment")))
                .or_else(|| text(field(obj, "title")));
            return Some(r);
        }
    }
    None
}

/// Whether an `innerError` holds Graph's request ids.
fn has_graph_ids(inner: &Map<String, Value>) -> bool {
    ["request-id", "client-request-id", "date"]
        .iter()
        .any(|k| field(inner, k).is_some())
}

/// `{"error":{…}}`: MDE, Graph (innerError) or ARM (details).
fn envelope(e: &Map<String, Value>, template: &Response) -> Response {
    let inner = match field(e, "innerError") {
        Some(Value::Object(i)) => Some(i),
        _ => None,
    };
    let details = match field(e, "details") {
        Some(Value::Array(d)) => Some(d),
        _ => None,
    };
    // Graph's innerError carries its request ids; one that carries only a nested reason is ARM-style
    // nesting (`innererror` under `InvalidRequest`), not a sign of Graph.
    let graph_ids = inner.is_some_and(has_graph_ids);
    let shape = if graph_ids {
        Shape::Graph
    } else if details.is_some() || inner.is_some() {
        Shape::Arm
    } else {
        Shape::Mde
    };
    let mut r = with_shape(template, shape);
    r.code = text(field(e, "code"));
    r.message = text(field(e, "message"));
    r.target = text(field(e, "target"));
    if let Some(inner) = inner {
        r.head.request_id = r
            .head
            .request_id
            .take()
            .or_else(|| text(field(inner, "request-id")));
        r.head.client_request_id = r
            .head
            .client_request_id
            .take()
            .or_else(|| text(field(inner, "client-request-id")));
        r.head.date = r.head.date.take().or_else(|| text(field(inner, "date")));
    }
    inner_reasons(e, &mut r.details, 0);
    if let Some(inner) = inner {
        // A nested inner error may carry the ids the outer one lacks.
        let mut i = inner;
        for _ in 0..MAX_INNER_DEPTH {
            let Some(Value::Object(next)) = field(i, "innerError") else {
                break;
            };
            r.head.request_id = r
                .head
                .request_id
                .take()
                .or_else(|| text(field(next, "request-id")));
            i = next;
        }
    }
    r
}

/// How deep nested reasons are followed, and how many are kept: a body is data, not a loop to run forever.
const MAX_INNER_DEPTH: usize = 4;
const MAX_INNER_REASONS: usize = 20;

/// The reasons nested in error object `e`, depth first, outermost first: each `details[]` item, and an
/// `innerError` or nested `error` object that has a code or a message of its own (Graph's `innerError`
/// often holds only ids: no reason then).
fn inner_reasons(e: &Map<String, Value>, out: &mut Vec<InnerReason>, depth: usize) {
    if depth >= MAX_INNER_DEPTH {
        return;
    }
    let visit = |o: &Map<String, Value>, out: &mut Vec<InnerReason>| {
        if out.len() >= MAX_INNER_REASONS {
            return;
        }
        let reason = InnerReason {
            code: text(field(o, "code")),
            message: text(field(o, "message")),
        };
        if (reason.code.is_some() || reason.message.is_some()) && !out.contains(&reason) {
            out.push(reason);
        }
        inner_reasons(o, out, depth + 1);
    };
    for key in ["innerError", "error"] {
        if let Some(Value::Object(o)) = field(e, key) {
            visit(o, out);
        }
    }
    if let Some(Value::Array(items)) = field(e, "details") {
        for item in items {
            if let Value::Object(o) = item {
                visit(o, out);
            }
        }
    }
}

/// The AADSTS number at the start of an Entra `error_description`.
pub fn aadsts_of(description: &str) -> Option<u32> {
    let rest = description.trim_start().strip_prefix("AADSTS")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `{"error":"invalid_client","error_description":"AADSTS…",…}`.
/// The error names of OAuth 2.0 (RFC 6749 sections 4.1.2.1 and 5.2, RFC 6750, RFC 8628) and the ones the
/// Entra ID token endpoint adds.
const OAUTH_ERRORS: [&str; 20] = [
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "access_denied",
    "unsupported_response_type",
    "server_error",
    "temporarily_unavailable",
    "invalid_token",
    "insufficient_scope",
    "authorization_pending",
    "slow_down",
    "expired_token",
    "interaction_required",
    "login_required",
    "consent_required",
    "invalid_resource",
    "authorization_declined",
];

/// Whether `{"error": "code", …}` is the Entra ID token endpoint's answer: an AADSTS number, Entra's own
/// fields (`error_codes`, `trace_id`, `correlation_id`), a request to its host, or an OAuth error name with
/// its `error_description`. Other services answer `{"error": "…"}` too.
fn is_entra_shaped(code: &str, obj: &Map<String, Value>, template: &Response) -> bool {
    let description = text(field(obj, "error_description"));
    let aadsts = description.as_deref().is_some_and(|d| d.contains("AADSTS"));
    let entra_fields = field(obj, "error_codes").is_some()
        || (description.is_some()
            && (field(obj, "trace_id").is_some() || field(obj, "correlation_id").is_some()));
    let entra_host = template.request.as_ref().is_some_and(|q| {
        let url = q.url.to_ascii_lowercase();
        url.contains("login.microsoftonline.")
            || url.contains("login.chinacloudapi.")
            || url.contains("sts.windows.net")
    });
    let oauth = description.is_some() && OAUTH_ERRORS.contains(&code);
    aadsts || entra_fields || entra_host || oauth
}

/// `{"error": "…", "message": …}` of a service that is not the token endpoint: the string is the code when
/// it reads as one, or a status when it is a reason phrase (`"Not Found"`).
fn string_error(code: &str, obj: &Map<String, Value>, template: &Response) -> Response {
    let mut r = with_shape(template, Shape::Generic);
    let reason = crate::catalog::status_of_reason(code);
    if let Some(status) = reason {
        r.head.status = r.head.status.or(Some(status));
    } else if !code.trim().is_empty() && !code.contains(' ') {
        r.code = Some(redact::scrubbed(code));
    } else {
        r.message = Some(redact::scrubbed(code));
    }
    for key in ["message", "error_description", "detail", "description"] {
        if r.message.is_none() {
            r.message = text(field(obj, key));
        }
    }
    if let Some(status) =
        status_of(field(obj, "status")).or_else(|| status_of(field(obj, "statusCode")))
    {
        r.head.status = r.head.status.or(Some(status));
    }
    body_ids(obj, &mut r.head);
    r
}

fn entra(code: &str, obj: &Map<String, Value>, template: &Response) -> Response {
    let mut r = with_shape(template, Shape::Entra);
    let description = text(field(obj, "error_description"));
    // The description ends with "Trace ID: … Correlation ID: … Timestamp: …" lines: keep the first line.
    let first = description
        .as_deref()
        .map(|d| d.split(['\r', '\n']).next().unwrap_or(d).trim().to_string());
    let from_codes = match field(obj, "error_codes") {
        Some(Value::Array(c)) => c
            .first()
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        _ => None,
    };
    r.entra = Some(EntraFacts {
        error: redact::scrubbed(code),
        aadsts: first.as_deref().and_then(aadsts_of).or(from_codes),
        trace_id: text(field(obj, "trace_id")),
        correlation_id: text(field(obj, "correlation_id")),
        timestamp: text(field(obj, "timestamp")),
    });
    r.code = Some(redact::scrubbed(code));
    r.message = first;
    r
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::response::{Context, Location};

    /// A response template for a body read from line 1 of file `t` (the tests of other readers use it).
    pub(crate) fn base() -> Response {
        Response::new(
            Location {
                file: Arc::from("t"),
                line: 1,
            },
            Shape::Mde,
            Context::Plain,
        )
    }

    /// What the general reader gives for `json`.
    pub(crate) fn read(json: &str) -> Vec<Response> {
        let v: Value = serde_json::from_str(json).expect("test json");
        from_json(&v, &base(), &|_| None)
    }

    #[test]
    fn mde_envelope_fields() {
        let r = &read(
            r#"{"error":{"code":"InvalidHashValue","message":"Hash value x is invalid.","target":"t-1"}}"#,
        )[0];
        assert_eq!(r.shape, Shape::Mde);
        assert_eq!(
            (r.code.as_deref(), r.message.as_deref(), r.target.as_deref()),
            (
                Some("InvalidHashValue"),
                Some("Hash value x is invalid."),
                Some("t-1")
            )
        );
    }

    #[test]
    fn graph_inner_error_gives_request_id_and_date() {
        let r = &read(
            r#"{"error":{"code":"UnknownError","message":"","innerError":{"date":"2026-11-01T10:00:00","request-id":"rid","client-request-id":"cid"}}}"#,
        )[0];
        assert_eq!(r.shape, Shape::Graph);
        assert_eq!(r.head.request_id.as_deref(), Some("rid"));
        assert_eq!(r.head.client_request_id.as_deref(), Some("cid"));
        assert_eq!(r.head.date.as_deref(), Some("2026-11-01T10:00:00"));
        assert_eq!(r.message, None);
    }

    #[test]
    fn arm_details_are_kept() {
        let r =
            &read(r#"{"error":{"code":"X","message":"m","details":[{"code":"A","message":"b"}]}}"#)
                [0];
        assert_eq!(
            (
                r.shape,
                r.details.iter().map(InnerReason::line).collect::<Vec<_>>()
            ),
            (Shape::Arm, vec!["A: b".to_string()])
        );
    }

    #[test]
    fn nested_reasons_are_read_depth_first_and_bounded() {
        let r = &read(
            r#"{"error":{"code":"InvalidRequest","message":"m","innererror":{"code":"AuthorizationFailed","message":"no access","innererror":{"code":"Deep","request-id":"rid"}},"details":[{"code":"A","details":[{"message":"why"}]},{"code":"A"}]}}"#,
        )[0];
        let lines: Vec<String> = r.details.iter().map(InnerReason::line).collect();
        assert_eq!(
            lines,
            ["AuthorizationFailed: no access", "Deep", "A", "why"]
        );
        assert_eq!(r.head.request_id.as_deref(), Some("rid"));
        // Graph's innerError with ids only states no reason.
        let r = &read(
            r#"{"error":{"code":"X","message":"m","innerError":{"date":"d","request-id":"r"}}}"#,
        )[0];
        assert!(r.details.is_empty());
        // A body nested deeper than the bound is read up to it, never forever.
        let mut deep = String::from(r#"{"code":"Z"}"#);
        for i in 0..50 {
            deep = format!(r#"{{"code":"Y{i}","innerError":{deep}}}"#);
        }
        let r = &read(&format!(r#"{{"error":{deep}}}"#))[0];
        assert_eq!(r.details.len(), MAX_INNER_DEPTH);
    }

    #[test]
    fn entra_error_reads_aadsts_and_ids() {
        let r = &read(
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x","error_codes":[7000215],"trace_id":"tr","correlation_id":"co","timestamp":"2026-11-01 10:00:00Z"}"#,
        )[0];
        let e = r.entra.as_ref().expect("entra");
        assert_eq!(
            (e.aadsts, e.correlation_id.as_deref()),
            (Some(7000215), Some("co"))
        );
        assert_eq!(
            r.message.as_deref(),
            Some("AADSTS7000215: Invalid client secret provided.")
        );
    }

    #[test]
    fn a_string_error_is_entra_only_when_entra_shaped() {
        // Entra: an AADSTS number, Entra's fields, or an OAuth error name with its description.
        for json in [
            r#"{"error":"invalid_grant","error_description":"AADSTS70000: The code is not valid."}"#,
            r#"{"error":"unauthorized_client","error_codes":[700016]}"#,
            r#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
        ] {
            assert_eq!(read(json)[0].shape, Shape::Entra, "{json}");
        }
        // Another service's: a code or a reason phrase, never a token-endpoint failure.
        let r = &read(r#"{"error":"rate_limited","message":"slow down","status":429}"#)[0];
        assert_eq!(
            (r.shape, r.code.as_deref(), r.head.status),
            (Shape::Generic, Some("rate_limited"), Some(429))
        );
        assert!(r.entra.is_none());
        let r = &read(r#"{"error":"Not Found"}"#)[0];
        assert_eq!(
            (r.shape, r.code.as_deref(), r.head.status),
            (Shape::Generic, None, Some(404))
        );
    }

    #[test]
    fn bare_status_code_object() {
        let r = &read(
            r#"{"statusCode": 401, "message": "Access denied due to invalid subscription key."}"#,
        )[0];
        assert_eq!((r.shape, r.head.status), (Shape::Bare, Some(401)));
        assert!(read(r#"{"statusCode": 200, "message": "ok"}"#).is_empty());
    }

    #[test]
    fn hidden_failures_in_success_bodies() {
        let rs = read(
            r#"{"value":[{"id":"1","indicator":"abc","isFailed":false,"failureReason":null},{"id":"2","indicator":"bad","isFailed":true,"failureReason":"Invalid hash"}]}"#,
        );
        assert_eq!(rs.len(), 1);
        assert_eq!(
            (rs[0].shape, rs[0].item_id.as_deref()),
            (Shape::IndicatorImport, Some("bad"))
        );
        let rs = read(r#"{"id":"a1","type":"Isolate","status":"TimeOut","machineId":"m1"}"#);
        assert_eq!(rs[0].code.as_deref(), Some("MachineActionTimeOut"));
        assert!(
            read(r#"{"id":"a1","type":"Isolate","status":"Succeeded","machineId":"m1"}"#)
                .is_empty()
        );
    }

    #[test]
    fn arrays_give_each_item_its_line() {
        let v: Value = serde_json::from_str(r#"[{"error":{"code":"A"}},{"error":{"code":"B"}}]"#)
            .expect("json");
        let rs = from_json(&v, &base(), &|i| Some(10 + i as u64));
        assert_eq!(
            rs.iter().map(|r| r.source.line).collect::<Vec<_>>(),
            [10, 11]
        );
    }

    #[test]
    fn secrets_in_messages_are_scrubbed() {
        let r =
            &read(r#"{"error":{"code":"X","message":"bad url https://a/b?sig=SECRET&x=1"}}"#)[0];
        assert!(!r.message.as_deref().unwrap_or("").contains("SECRET"));
    }

    #[test]
    fn non_error_objects_give_nothing() {
        assert!(read(r#"{"id":"x","status":"Failed"}"#).is_empty());
        assert!(read(r#"[1,"a",null]"#).is_empty());
    }
}
