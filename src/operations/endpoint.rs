//! Request lines as people have them in hand, parsed in one place: `POST /api/machines/x/isolate HTTP/1.1`
//! (curl -v), a full URL, a host without scheme, a path relative to the API root (`/machines/x/isolate`),
//! doubled slashes, and the Microsoft 365 Defender and Graph hunting routes that take the same body.

use super::{by_request, path_matches, routes, with_body, Method, Route};
use crate::suggest;

/// Other routes that take the body of one of our operations: (method, path template, operation, what it is).
#[rustfmt::skip]
pub(crate) static ROUTE_ALIASES: &[(Method, &str, &str, &str)] = &[
    (Method::Post, "/api/advancedhunting/run", "advanced-hunting-run", "the Microsoft 365 Defender advanced hunting API (same {\"Query\": ...} body)"),
    (Method::Post, "/v1.0/security/runHuntingQuery", "advanced-hunting-run", "Microsoft Graph security runHuntingQuery (same {\"Query\": ...} body; Graph also takes Timespan)"),
    (Method::Post, "/beta/security/runHuntingQuery", "advanced-hunting-run", "Microsoft Graph security runHuntingQuery (beta)"),
    (Method::Post, "/security/runHuntingQuery", "advanced-hunting-run", "Microsoft Graph security runHuntingQuery"),
];

/// Splits `METHOD TARGET [HTTP/x]` into the method (POST when absent) and the target, as a slice of `text`.
/// `None` when the first word is neither a method nor a target.
pub(crate) fn split_request_line(text: &str) -> Option<(Method, &str)> {
    let mut text = text.trim();
    // `curl -v` shows `> POST /path HTTP/1.1`.
    text = text.strip_prefix("> ").unwrap_or(text).trim_start();
    if let Some((rest, version)) = text.rsplit_once(char::is_whitespace) {
        if version.len() > 5
            && version
                .get(..5)
                .is_some_and(|v| v.eq_ignore_ascii_case("HTTP/"))
        {
            text = rest.trim_end();
        }
    }
    match text.split_once(char::is_whitespace) {
        Some((m, rest)) => Method::parse(m).map(|m| (m, rest.trim())),
        None if Method::parse(text).is_some() => None,
        None => Some((Method::Post, text)),
    }
}

/// A parsed request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: Method,
    /// The host, when the line named one (with or without scheme).
    pub host: Option<String>,
    /// The path: no query or fragment, doubled slashes collapsed, always starting with `/`.
    pub path: String,
}

impl RequestLine {
    /// Parses any of the forms in the module doc; `None` when there is no target or an unknown method.
    pub fn parse(text: &str) -> Option<RequestLine> {
        let (method, target) = split_request_line(text)?;
        if target.is_empty() {
            return None;
        }
        let (host, rest) = match target.split_once("://") {
            Some((_, rest)) => {
                let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                (Some(&rest[..end]), &rest[end..])
            }
            None if !target.starts_with('/') => {
                // `api.security.microsoft.com/api/...`: a first segment with a dot is a host; otherwise
                // `machines/x/isolate` is a path without its leading slash.
                let end = target.find(['/', '?', '#']).unwrap_or(target.len());
                let first = &target[..end];
                if first.contains('.') && !first.eq_ignore_ascii_case("v1.0") {
                    (Some(first), &target[end..])
                } else {
                    (None, target)
                }
            }
            None => (None, target),
        };
        // Credentials in a URL (`user:pass@host`) are never kept.
        let host = host.map(|h| h.rsplit('@').next().unwrap_or(h).to_ascii_lowercase());
        let raw = rest.split(['?', '#']).next().unwrap_or(rest);
        let mut path = String::with_capacity(raw.len() + 1);
        for segment in raw.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            path.push_str(segment);
        }
        if path.is_empty() {
            path.push('/');
        }
        Some(RequestLine { method, host, path })
    }

    /// The path as the API sees it: one relative to the API root (`/machines/x/isolate`) gets its `/api`.
    fn candidates(&self) -> Vec<String> {
        let mut out = vec![self.path.clone()];
        let first = self.path.split('/').nth(1).unwrap_or_default();
        if !first.eq_ignore_ascii_case("api") {
            out.push(format!("/api{}", self.path));
        }
        out
    }

    /// The operation this line calls, and how it was reached when not directly (an alias route's note).
    pub fn operation(&self) -> Option<(&'static Route, Option<&'static str>)> {
        for path in self.candidates() {
            if let Some(op) = by_request(self.method, &path) {
                return Some((op, None));
            }
        }
        let (_, _, name, note) = ROUTE_ALIASES
            .iter()
            .find(|(m, t, _, _)| *m == self.method && path_matches(t, &self.path))?;
        Some((super::by_name(name)?, Some(*note)))
    }

    /// The documented operation this line calls, any method (a path relative to the API root gets `/api`).
    pub(crate) fn route(&self) -> Option<&'static Route> {
        self.candidates()
            .iter()
            .find_map(|p| routes::by_request(self.method, p))
    }

    /// Why no body operation matched, with what the API has at this path or nearby.
    pub fn no_match_hint(&self) -> String {
        if let Some(r) = self.route().filter(|r| r.body.is_none()) {
            return format!(
                "{} {} is {} ({}), which takes no request body",
                self.method.as_str(),
                self.path,
                r.name,
                r.path
            );
        }
        if let Some((message, help)) = super::nearest::unknown_route(self) {
            return format!("{message}; {help}");
        }
        let candidates = self.candidates();
        let same_path: Vec<&Route> = with_body()
            .filter(|o| candidates.iter().any(|p| path_matches(o.path, p)))
            .collect();
        if !same_path.is_empty() {
            let list: Vec<String> = same_path
                .iter()
                .map(|o| format!("{} {} ({})", o.method.as_str(), o.path, o.name))
                .collect();
            return format!(
                "no operation takes {} at {}; at this path: {}",
                self.method.as_str(),
                self.path,
                list.join(", ")
            );
        }
        let nearest = nearest_routes(candidates.last().map_or(&self.path, |p| p));
        if nearest.is_empty() {
            return format!(
                "no operation that takes a body matches {} {} (mdediag operations lists them)",
                self.method.as_str(),
                self.path
            );
        }
        let list: Vec<String> = nearest
            .iter()
            .map(|o| format!("{} {} ({})", o.method.as_str(), o.path, o.name))
            .collect();
        format!(
            "no operation that takes a body matches {} {}; nearest: {}",
            self.method.as_str(),
            self.path,
            list.join(", ")
        )
    }
}

/// Segments of `path` that agree with `template` from the start (placeholders take any segment).
fn shared_prefix(template: &str, path: &str) -> usize {
    template
        .split('/')
        .zip(path.split('/'))
        .skip(1)
        .take_while(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t.eq_ignore_ascii_case(p))
        .count()
}

/// The routes closest to `path`: a misspelled last segment first (`isolat` → `isolate`), else those
/// sharing the longest prefix past `/api` (at most four).
fn nearest_routes(path: &str) -> Vec<&'static Route> {
    let segments = path.split('/').filter(|s| !s.is_empty()).count();
    let last = path.rsplit('/').next().unwrap_or_default();
    let same_shape: Vec<&'static Route> = with_body()
        .filter(|o| o.path.split('/').filter(|s| !s.is_empty()).count() == segments)
        .filter(|o| shared_prefix(o.path, path) + 1 >= segments)
        .collect();
    let lasts = same_shape
        .iter()
        .map(|o| o.path.rsplit('/').next().unwrap_or_default());
    if let Some(m) = suggest::closest(last, lasts) {
        let hit: Vec<&'static Route> = same_shape
            .into_iter()
            .filter(|o| o.path.rsplit('/').next() == Some(m.candidate()))
            .collect();
        if !hit.is_empty() {
            return hit;
        }
    }
    let best = with_body()
        .map(|o| shared_prefix(o.path, path))
        .max()
        .unwrap_or(0);
    if best < 2 {
        return Vec::new();
    }
    with_body()
        .filter(|o| shared_prefix(o.path, path) == best)
        .take(4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(line: &str) -> Option<&'static str> {
        RequestLine::parse(line)
            .and_then(|r| r.operation())
            .map(|(o, _)| o.name)
    }

    #[test]
    fn every_request_line_form_finds_its_operation() {
        for line in [
            "POST /api/machines/x/isolate",
            "POST /api/machines/x/isolate HTTP/1.1",
            "> POST /api/machines/x/isolate HTTP/2",
            "post https://api.security.microsoft.com/api/machines/x/isolate",
            "POST https://api.security.microsoft.com//api/machines/x/isolate",
            "POST api.security.microsoft.com/api/machines/x/isolate",
            "POST /machines/x/isolate",
            "POST machines/x/isolate",
            "https://api-eu.securitycenter.microsoft.com/api/v1.0/machines/x/isolate?x=1",
            "POST https://api-gcc.securitycenter.microsoft.us/api/machines/x/isolate",
            "/api/machines/x/isolate",
        ] {
            assert_eq!(op(line), Some("isolate-machine"), "{line}");
        }
        assert_eq!(op("PATCH /alerts/da123"), Some("update-alert"));
    }

    #[test]
    fn hunting_routes_of_m365_defender_and_graph_take_the_query_body() {
        for line in [
            "POST https://api.security.microsoft.com/api/advancedhunting/run",
            "POST https://graph.microsoft.com/v1.0/security/runHuntingQuery",
            "POST security/runHuntingQuery",
        ] {
            let r = RequestLine::parse(line).expect(line);
            let (o, note) = r.operation().expect(line);
            assert_eq!(o.name, "advanced-hunting-run", "{line}");
            assert!(note.is_some(), "{line}");
        }
    }

    #[test]
    fn hosts_and_methods_are_read_and_credentials_dropped() {
        let r = RequestLine::parse("PUT https://me:secret@API.example.com/api/x").expect("line");
        assert_eq!(r.method, Method::Put);
        assert_eq!(r.host.as_deref(), Some("api.example.com"));
        assert_eq!(r.path, "/api/x");
        assert!(RequestLine::parse("FETCH /api/x").is_none());
        assert!(RequestLine::parse("POST").is_none());
        assert!(RequestLine::parse("").is_none());
    }

    #[test]
    fn unknown_routes_name_what_is_there_or_nearby() {
        let hint = |line: &str| RequestLine::parse(line).expect(line).no_match_hint();
        assert!(hint("GET /api/machines/x/isolate")
            .contains("POST /api/machines/{id}/isolate (isolate-machine)"));
        assert!(hint("PUT /api/alerts/x").contains("PATCH /api/alerts/{id} (update-alert)"));
        assert!(hint("POST /api/machines/x/isolat")
            .contains("did you mean POST /api/machines/{id}/isolate (isolate-machine)?"));
        let alerts = hint("POST /api/alerts");
        assert!(
            alerts.contains("this path takes GET") && alerts.contains("list-alerts"),
            "{alerts}"
        );
        assert!(
            hint("POST /nothing/here").contains("mdediag operations lists the documented routes")
        );
        assert_eq!(
            hint("GET https://api.security.microsoft.com/api/machines"),
            "GET /api/machines is list-machines (/api/machines), which takes no request body"
        );
    }

    #[test]
    fn any_method_finds_its_route() {
        let route = |line: &str| {
            RequestLine::parse(line)
                .and_then(|r| r.route())
                .map(|r| r.name)
        };
        assert_eq!(route("GET /machines?$top=5"), Some("list-machines"));
        assert_eq!(
            route("DELETE https://api.security.microsoft.com/api/indicators/9"),
            Some("delete-indicator")
        );
        assert_eq!(
            route("POST /api/machines/x/isolate"),
            Some("isolate-machine")
        );
        assert_eq!(route("GET /api/nothing"), None);
    }
}
