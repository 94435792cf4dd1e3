//! A request line written on its own, as people paste the call above its answer (`POST https://…/isolate`,
//! `GET /api/machines HTTP/1.1`, a Teams or ticket paste, a REST client's history): the method, the URL or
//! API path, and at most the protocol version after it.

use super::{Clue, Recognizer, Trigger};

pub(crate) static RECOGNIZERS: &[Recognizer] = &[Recognizer {
    name: "request line",
    samples: &[
        "POST https://api.security.microsoft.com/api/machines/1e5b/isolate",
        "GET /api/machines?$top=10 HTTP/1.1",
        "PATCH https://api.security.microsoft.com/api/alerts/da1 ",
    ],
    triggers: &[
        Trigger::Start("GET "),
        Trigger::Start("POST "),
        Trigger::Start("PUT "),
        Trigger::Start("PATCH "),
        Trigger::Start("DELETE "),
    ],
    read,
}];

/// Whether `line` is a request line alone (see [`read`]).
pub(crate) fn is_one(line: &str) -> bool {
    RECOGNIZERS.iter().any(|r| r.triggered(line)) && read(line).is_some()
}

/// `METHOD target [HTTP/x]` and nothing else: a line of prose that starts with a method is no request line.
fn read(line: &str) -> Option<Clue<'_>> {
    let mut words = line.split_whitespace();
    let method = words.next()?;
    let target = words.next()?;
    if let Some(version) = words.next() {
        if !version.starts_with("HTTP/") || words.next().is_some() {
            return None;
        }
    }
    let url = target.starts_with("https://") || target.starts_with("http://");
    if !(url || target.starts_with('/')) {
        return None;
    }
    Some(Clue::Request {
        method: Some(method),
        target,
    })
}
