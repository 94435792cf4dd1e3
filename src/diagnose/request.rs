//! What a diagnosis reads from the request: the operation and route it calls, its host, its machine id, and
//! the GET that lists the machine's pending actions.

use crate::operations::{self, routes, Route};
use crate::response::{Request, Response};

/// The host used in printed requests when the input names none.
pub(super) const DEFAULT_HOST: &str = "api.securitycenter.microsoft.com";

/// The operation a request calls; without a method (Python's message), the only operation the path fits.
pub(super) fn operation_of(request: Option<&Request>) -> Option<&'static Route> {
    let request = request?;
    if let Some(m) = request.parsed_method() {
        return operations::by_request(m, &request.url);
    }
    // Without a method, only a path that one route alone serves names it: a GET beside a PATCH at
    // `/api/machines/{id}` names neither.
    route_of(Some(request)).filter(|route| route.body.is_some())
}

/// The documented operation a request calls, any method; without a method, the only route at its path.
pub(super) fn route_of(request: Option<&Request>) -> Option<&'static Route> {
    let request = request?;
    if let Some(m) = request.parsed_method() {
        return routes::by_request(m, &request.url);
    }
    match routes::at_path(&request.url)[..] {
        [only] => Some(only),
        _ => None,
    }
}

/// The machine id in a request URL (`/api/machines/{id}/…`).
pub fn machine_id(url: &str) -> Option<&str> {
    let path = operations::path_of(url);
    let mut segs = path.split('/');
    segs.find(|s| s.eq_ignore_ascii_case("machines"))?;
    segs.next()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// The host of a URL (with any `user@` before it), when it names one.
pub(super) fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split('/').next().filter(|h| !h.is_empty())
}

/// The GET that lists the device's pending machine actions, on the request's host (printed, never run).
pub(super) fn pending_actions(r: &Response, machine: Option<&str>) -> String {
    let host = r
        .request
        .as_ref()
        .and_then(|q| host_of(&q.url))
        .unwrap_or(DEFAULT_HOST);
    let id = machine.unwrap_or("{machine-id}");
    format!(
        "GET https://{host}/api/machineactions?$filter=machineId eq '{id}' and (status eq 'Pending' or status eq 'InProgress')"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_id_from_url() {
        assert_eq!(
            machine_id("https://h/api/machines/abc123/isolate"),
            Some("abc123")
        );
        assert_eq!(
            machine_id("/api/v1.0/Machines/abc/unisolate?x=1"),
            Some("abc")
        );
        assert_eq!(machine_id("/api/alerts/1"), None);
    }
}
