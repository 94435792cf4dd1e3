//! One error response as plain data (code, message, target, status, header facts, request, source), and the
//! reading of parsed JSON bodies in every envelope shape into it. Pure: no I/O. Every input-derived string
//! is scrubbed of secrets here, so nothing downstream can echo one.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::operations::Method;
use crate::redact::{self, Redacted};

/// Where a response starts in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u64,
}

/// The shape a response was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"error":{"code","message","target"}}`.
    Mde,
    /// Graph envelope: `error.innerError` with request ids and date.
    Graph,
    /// ARM envelope: `error.details`.
    Arm,
    /// `{"statusCode":…, "message":…}`.
    Bare,
    /// Entra ID token endpoint error (`error`, `error_description`, `error_codes`).
    Entra,
    /// An HTTP response with no body or a non-JSON body: only the status is known.
    StatusOnly,
    /// A line such as `403 Client Error: Forbidden for url: …` (Python requests); the body was lost.
    BodyLost,
    /// An `indicators/import` result item with `isFailed: true`, inside a 200.
    IndicatorImport,
    /// A MachineAction whose `status` is `Failed`, `Cancelled` or `TimeOut`, inside a 200.
    MachineAction,
}

impl Shape {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Mde => "mde",
            Shape::Graph => "graph",
            Shape::Arm => "arm",
            Shape::Bare => "bare",
            Shape::Entra => "entra",
            Shape::StatusOnly => "status-only",
            Shape::BodyLost => "body-lost",
            Shape::IndicatorImport => "indicator-import",
            Shape::MachineAction => "machine-action",
        }
    }

    /// A failure hidden inside a successful (2xx) response.
    pub fn is_hidden_failure(self) -> bool {
        matches!(self, Shape::IndicatorImport | Shape::MachineAction)
    }
}

/// What surrounded the response in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A JSON body on its own (file, NDJSON line, array item).
    Plain,
    /// JSON after a log prefix on the same line.
    Log,
    /// PowerShell `Invoke-RestMethod : {…}` error output.
    PowerShell,
    /// `curl -i` output (status line and headers).
    CurlI,
    /// `curl -v` output (`>` request, `<` response lines).
    CurlV,
    /// Python `requests` exception text.
    Python,
}

impl Context {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Plain => "json",
            Context::Log => "log",
            Context::PowerShell => "powershell",
            Context::CurlI => "curl-i",
            Context::CurlV => "curl-v",
            Context::Python => "python-requests",
        }
    }
}

/// The request a transcript shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method as written (`POST`); `None` when the input names only the URL.
    pub method: Option<String>,
    /// The URL, absolute when the host is known; secrets scrubbed.
    pub url: String,
}

impl Request {
    /// The parsed method, if it is one the operation table knows.
    pub fn parsed_method(&self) -> Option<Method> {
        self.method.as_deref().and_then(Method::parse)
    }
}

/// Facts from the response's HTTP head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub status: Option<u16>,
    /// `Retry-After`, verbatim (seconds or an HTTP-date).
    pub retry_after: Option<String>,
    /// `Date`, verbatim.
    pub date: Option<String>,
    /// `request-id` or `x-ms-request-id`.
    pub request_id: Option<String>,
    /// `client-request-id`.
    pub client_request_id: Option<String>,
}

/// Extra fields of an Entra token error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntraFacts {
    /// The OAuth error (`invalid_client`).
    pub error: String,
    pub aadsts: Option<u32>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

/// One error response, however it was found.
#[derive(Debug, Clone)]
pub struct Response {
    pub source: Location,
    pub shape: Shape,
    pub context: Context,
    /// The code as sent (`error.code`, the Entra `error`, or a synthetic code for hidden failures).
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
    /// `details[]` of an ARM envelope, as `code: message` lines.
    pub details: Vec<String>,
    pub head: Head,
    pub request: Option<Request>,
    /// The bearer token the transcript's request carried: kept for the token doctor, never printed.
    pub bearer: Option<Redacted<String>>,
    pub entra: Option<EntraFacts>,
    /// The body was present but not JSON (an HTML gateway page, plain text): its first bytes' kind.
    pub body_not_json: bool,
    /// Ids of the hidden failure: MachineAction id and type, or the indicator value.
    pub item_id: Option<String>,
    pub item_kind: Option<String>,
    /// The machine a MachineAction targeted.
    pub machine_id: Option<String>,
}

impl Response {
    /// An empty response of `shape` at `source`; fields are filled by the reader.
    pub fn new(source: Location, shape: Shape, context: Context) -> Response {
        Response {
            source,
            shape,
            context,
            code: None,
            message: None,
            target: None,
            details: Vec::new(),
            head: Head::default(),
            request: None,
            bearer: None,
            entra: None,
            body_not_json: false,
            item_id: None,
            item_kind: None,
            machine_id: None,
        }
    }
}

/// A scalar JSON value as text (strings verbatim, numbers and booleans printed), secrets scrubbed.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(redact::scrubbed(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

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
        Value::String(s) => s.trim().parse().ok(),
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
            if let Some(r) = from_object(obj, template) {
                out.push(r);
            } else if let Some(Value::Array(items)) = field(obj, "value") {
                if depth < MAX_NESTING {
                    for item in items {
                        collect(item, template, depth + 1, out);
                    }
                }
            }
        }
        _ => {}
    }
}

fn with_shape(template: &Response, shape: Shape) -> Response {
    let mut r = template.clone();
    r.shape = shape;
    r
}

/// One object as an error response, if it is one.
fn from_object(obj: &Map<String, Value>, template: &Response) -> Option<Response> {
    if let Some(err) = field(obj, "error") {
        return match err {
            Value::Object(e) => Some(envelope(e, template)),
            Value::String(code) => Some(entra(code, obj, template)),
            _ => None,
        };
    }
    if let Some(status) = status_of(field(obj, "statusCode")) {
        if status >= 400 {
            let mut r = with_shape(template, Shape::Bare);
            r.head.status = r.head.status.or(Some(status));
            r.message = text(field(obj, "message"));
            r.code = text(field(obj, "code"));
            r.target = text(field(obj, "target")).or_else(|| text(field(obj, "requestId")));
            return Some(r);
        }
        return None;
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
    let shape = if inner.is_some() {
        Shape::Graph
    } else if details.is_some() {
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
    for d in details.into_iter().flatten().take(20) {
        if let Value::Object(d) = d {
            let line = match (text(field(d, "code")), text(field(d, "message"))) {
                (Some(c), Some(m)) => format!("{c}: {m}"),
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => continue,
            };
            r.details.push(line);
        }
    }
    r
}

/// The most common body, `{"error":{"code":…,"message":…,"target":…}}` with plain strings, read in place
/// (no `Value` tree, no allocation). Anything else (other keys, escapes, other types, duplicates) does not
/// deserialize, and the caller reads the body the general way with [`from_json`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainEnvelope<'a> {
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
    pub fn parse(text: &'a str) -> Option<PlainEnvelope<'a>> {
        serde_json::from_str(text).ok()
    }

    /// The response, as [`from_json`] reads the same body (same fields, same scrubbing).
    pub fn response(&self, template: Response) -> Response {
        let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(redact::scrubbed);
        let mut r = template;
        r.shape = Shape::Mde;
        r.code = text(self.error.code);
        r.message = text(self.error.message);
        r.target = text(self.error.target);
        r
    }
}

/// The AADSTS number at the start of an Entra `error_description`.
pub fn aadsts_of(description: &str) -> Option<u32> {
    let rest = description.trim_start().strip_prefix("AADSTS")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `{"error":"invalid_client","error_description":"AADSTS…",…}`.
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
mod tests {
    use super::*;

    fn base() -> Response {
        Response::new(
            Location {
                file: Arc::from("t"),
                line: 1,
            },
            Shape::Mde,
            Context::Plain,
        )
    }

    fn read(json: &str) -> Vec<Response> {
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
            (r.shape, r.details.as_slice()),
            (Shape::Arm, ["A: b".to_string()].as_slice())
        );
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
