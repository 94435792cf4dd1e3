//! Responses printed as objects around their body: a workflow action's result and outputs (Logic Apps,
//! Power Automate), a client's inspected response (node's `Response`, an axios error), and a managed
//! connector's error envelope.

use super::*;

/// A response printed as an object, by a workflow or a client: a Logic Apps or Power Automate action
/// output (`{"statusCode":403,"headers":{…},"body":{…}}`), node's inspected fetch `Response {status, headers,
/// url, body: ReadableStream {…}}`, an axios error (`{config: {method, url}, response: {status, headers,
/// data}}`). The body (`body` or `data`), read with the status, headers and URL around it. A status with
/// headers but no body read (a stream, node's `[Object]` past its depth limit) is a response whose body was
/// not shown: it waits for a body printed next (see `Scanner::complete`).
pub(super) fn action_output(
    obj: &Map<String, Value>,
    template: &Response,
    depth: usize,
) -> Option<Vec<Response>> {
    if let Some(Value::Object(response)) = field(obj, "response") {
        // An axios error: the request is in its `config`.
        let mut t = template.clone();
        if let Some(Value::Object(config)) = field(obj, "config") {
            t.request = t.request.take().or_else(|| request_of(config));
        }
        return action_output(response, &t, depth);
    }
    let status = status_of(field(obj, "statusCode"))
        .or_else(|| status_of(field(obj, "status_code")))
        .or_else(|| match field(obj, "status") {
            Some(v @ Value::Number(_)) => status_of(Some(v)),
            _ => None,
        })?;
    let body = field(obj, "body").or_else(|| field(obj, "data"));
    let headers = match field(obj, "headers") {
        Some(Value::Object(h)) => Some(h),
        _ => None,
    };
    if body.is_none() && headers.is_none() {
        return None;
    }
    let mut t = template.clone();
    t.head.status = t.head.status.or(Some(status));
    t.request = t.request.take().or_else(|| request_of(obj));
    for (name, value) in headers.into_iter().flatten() {
        if let Some(v) = value.as_str() {
            crate::scan::record_header(&mut t.head, name, v);
        }
    }
    let mut out = Vec::new();
    match body {
        Some(Value::String(s)) => nested_in_string(s, &t, depth + 1, &mut out),
        Some(other) => collect(other, &t, depth + 1, &mut out),
        None => {}
    }
    if out.is_empty() && status >= 400 {
        let message = match body {
            Some(Value::Object(b)) => text(field(b, "message")),
            _ => None,
        };
        let shown = matches!(body, Some(Value::String(_))) || message.is_some();
        let mut r = with_shape(&t, if shown { Shape::Bare } else { Shape::BodyLost });
        r.message = message;
        out.push(r);
    }
    Some(out)
}

/// A workflow action's result, as Logic Apps' and Power Automate's `result('Scope')` and run history give
/// it: `{"name", "inputs": {"uri", "method", …}, "outputs": {"statusCode", "headers", "body"}, "status"}`.
/// The outputs are the response, the inputs name the call. An action that was skipped (its `runAfter`
/// condition unmet, because another failed) made no call: no response of its own.
pub(super) fn action_result(
    obj: &Map<String, Value>,
    template: &Response,
    depth: usize,
) -> Option<Vec<Response>> {
    let status = field(obj, "status").and_then(Value::as_str);
    let outputs = match field(obj, "outputs") {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    };
    if status.is_some_and(|s| s.eq_ignore_ascii_case("skipped"))
        && (outputs.is_some() || field(obj, "startTime").is_some())
    {
        return Some(Vec::new());
    }
    let outputs = outputs?;
    let mut t = template.clone();
    if let Some(Value::Object(inputs)) = field(obj, "inputs") {
        t.request = t.request.take().or_else(|| request_of(inputs));
    }
    action_output(outputs, &t, depth)
}

/// The request an object names: its `url` (absolute; a workflow's `uri`) and `method`, as node's
/// `Response`, axios's `config` and a workflow action's `inputs` print them.
fn request_of(obj: &Map<String, Value>) -> Option<crate::response::Request> {
    let url = field(obj, "url").or_else(|| field(obj, "uri"))?.as_str()?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    Some(crate::response::Request {
        method: field(obj, "method")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase),
        url: redact::scrubbed(url),
    })
}

/// What a managed connector's error envelope (Logic Apps' Defender ATP connector: `{"status": 403,
/// "message": "…\r\nclientRequestId: …\r\nserviceRequestId: …", "error": {"message"}, "source"}`) says
/// beside its `error`: the status, and the ids its message ends with (the service's request id is the one
/// support asks for).
pub(super) fn connector_facts(obj: &Map<String, Value>, r: &mut Response) {
    if r.head.status.is_none() {
        r.head.status = match field(obj, "status") {
            Some(v @ Value::Number(_)) => status_of(Some(v)),
            _ => status_of(field(obj, "statusCode")),
        }
        .filter(|s| *s >= 400);
    }
    let Some(message) = field(obj, "message").and_then(Value::as_str) else {
        return;
    };
    for line in message.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            continue;
        }
        if name.eq_ignore_ascii_case("serviceRequestId") && r.head.request_id.is_none() {
            r.head.request_id = Some(value.to_string());
            r.head.request_id_name = Some("serviceRequestId");
        } else if name.eq_ignore_ascii_case("clientRequestId") {
            r.head
                .client_request_id
                .get_or_insert_with(|| value.to_string());
        }
    }
}
