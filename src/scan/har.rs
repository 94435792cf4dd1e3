//! HAR files (HTTP Archive 1.2, what a browser's developer tools export): each entry of `log.entries` is
//! one exchange, `request{method,url,headers[]}` and `response{status,statusText,headers[],content{text,
//! encoding?,mimeType}}`. An entry becomes a template response (request, bearer token, status, header
//! facts) and its body text, which the scanner reads as it reads any body (see `streaming`). A base64
//! `content.text` is read leniently: tools wrap it in lines and pad it anywhere.

use serde_json::{Map, Value};

use crate::base64::{self, Strictness};
use crate::redact::{self, Redacted};
use crate::response::{Context, Location, Request, Response, Shape};

/// One HAR entry: the response template and the body text, if any.
#[derive(Debug)]
pub(super) struct Exchange {
    pub(super) template: Response,
    pub(super) body: Option<String>,
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// `headers[]` as (name, value) pairs.
fn headers(obj: &Map<String, Value>) -> impl Iterator<Item = (&str, &str)> {
    obj.get("headers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|h| {
            let h = h.as_object()?;
            Some((str_field(h, "name")?, str_field(h, "value")?))
        })
}

/// Reads one entry; `None` when it is no exchange (not an object, or no response came: status 0).
pub(super) fn exchange(entry: &Value, at: Location) -> Option<Exchange> {
    let entry = entry.as_object()?;
    let response = entry.get("response")?.as_object()?;
    let status = response
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..=599).contains(s))?;
    let mut r = Response::new(at, Shape::Mde, Context::Har);
    r.head.status = Some(status);
    if let Some(request) = entry.get("request").and_then(Value::as_object) {
        if let Some(url) = str_field(request, "url") {
            r.request = Some(Request {
                method: str_field(request, "method").map(str::to_string),
                url: redact::scrubbed(url),
            });
        }
        for (name, value) in headers(request) {
            if name.eq_ignore_ascii_case("authorization") {
                let token = value
                    .split_once(' ')
                    .filter(|(s, _)| s.eq_ignore_ascii_case("bearer"))
                    .map_or(value, |(_, t)| t.trim());
                r.bearer = Some(Redacted::new(token.to_string()));
            }
        }
    }
    for (name, value) in headers(response) {
        super::record_header(&mut r.head, name, value.trim());
    }
    // No `Date` header kept: the entry's own start time dates the exchange, so the token is judged as it was
    // when the call was made, not at whatever time the file is read.
    if r.head.date.is_none() {
        r.head.date = str_field(entry, "startedDateTime")
            .and_then(crate::time::parse_iso8601)
            .map(crate::time::format_http_date);
    }
    let content = response.get("content").and_then(Value::as_object);
    let body = content.and_then(|c| {
        let text = str_field(c, "text")?;
        if str_field(c, "encoding").is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
            base64::decode(text, Strictness::Lenient)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        } else {
            Some(text.to_string())
        }
    });
    Some(Exchange { template: r, body })
}

/// Whether a parsed JSON text is a HAR file (an object with `log.entries`).
pub(super) fn entries(value: &Value) -> Option<&Vec<Value>> {
    value.get("log")?.get("entries")?.as_array()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn an_entry_gives_request_token_status_headers_and_body() {
        let entry: Value = serde_json::from_str(
            r#"{"request":{"method":"POST","url":"https://api.security.microsoft.com/api/machines/x/isolate",
                "headers":[{"name":"authorization","value":"Bearer abc.def.ghi"}]},
               "response":{"status":429,"statusText":"","headers":[{"name":"Retry-After","value":"12"},
                {"name":"x-ms-request-id","value":"rid"}],
                "content":{"size":7,"mimeType":"application/json","text":"eyJhIjoxfQ==","encoding":"base64"}}}"#,
        )
        .expect("json");
        let at = Location {
            file: Arc::from("f.har"),
            line: 3,
        };
        let ex = exchange(&entry, at).expect("exchange");
        let r = ex.template;
        assert_eq!(r.head.status, Some(429));
        assert_eq!(r.head.retry_after.as_deref(), Some("12"));
        assert_eq!(r.head.request_id.as_deref(), Some("rid"));
        assert_eq!(r.request.and_then(|q| q.method).as_deref(), Some("POST"));
        assert!(r.bearer.is_some());
        assert_eq!(ex.body.as_deref(), Some("{\"a\":1}"));
        let blocked: Value =
            serde_json::from_str(r#"{"request":{},"response":{"status":0}}"#).expect("json");
        let at = Location {
            file: Arc::from("f.har"),
            line: 3,
        };
        assert!(exchange(&blocked, at).is_none());
    }
}
