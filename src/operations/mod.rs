//! MDE operations: every documented operation of `defender-endpoint/api/` as one [`Route`] record (`route.rs`),
//! with its request [`Body`] (`body.rs`, one parameter per line) and its [`OData`] support (`odata.rs`,
//! over the entities of `entities.rs`) when it has them. The records are data, one file per API family
//! under `routes/`.

pub(crate) mod body;
pub(crate) mod cross;
pub(crate) mod endpoint;
pub(crate) mod entities;
pub(crate) mod nearest;
pub(crate) mod odata;
pub(crate) mod route;
pub mod routes;
pub mod schema;
#[cfg(test)]
mod tests;

pub use body::{Body, BodyKind, DependentCase, Depends, Kind, Param, Required, ValueFormat};
pub(crate) use cross::{CrossCheck, CrossRule, CROSS_RULES};
pub(crate) use endpoint::split_request_line;
pub use endpoint::RequestLine;
pub use route::{Family, Route};

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    /// The method as written on a request line.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a method, any case.
    pub(crate) fn parse(text: &str) -> Option<Method> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PATCH" => Some(Method::Patch),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// Every operation that takes a request body, in route order (family by family).
pub fn with_body() -> impl Iterator<Item = &'static Route> {
    routes::with_body().iter().copied()
}

/// The operation with a body with this short name (exact, then ignoring case).
pub fn by_name(name: &str) -> Option<&'static Route> {
    with_body()
        .find(|o| o.name == name)
        .or_else(|| with_body().find(|o| o.name.eq_ignore_ascii_case(name)))
}

/// The path part of a URL or path: no scheme/host, no query or fragment.
pub(crate) fn path_of(url: &str) -> &str {
    let no_scheme = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    no_scheme.split(['?', '#']).next().unwrap_or(no_scheme)
}

/// Whether `path` fits `template` (`{x}` matches non-empty text without a `/`, also inside a segment such as
/// `findbyip(ip='{IP}',timestamp={TimeStamp})`). Literal text compares ignoring case, as the service routes
/// it; `/api/v1.0/...` is accepted for `/api/...`.
pub(crate) fn path_matches(template: &str, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let mut t = template.split('/');
    let mut p = path.split('/').peekable();
    let mut version_skipped = false;
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) => {
                if !segment_matches(ts, ps) {
                    return false;
                }
                if ts.eq_ignore_ascii_case("api") && !version_skipped {
                    version_skipped = true;
                    if p.peek().is_some_and(|s| s.eq_ignore_ascii_case("v1.0")) {
                        p.next();
                    }
                }
            }
            _ => return false,
        }
    }
}

/// One segment against one template segment: literal parts ignoring case, each `{…}` at least one character.
fn segment_matches(template: &str, segment: &str) -> bool {
    let Some(open) = template.find('{') else {
        return template.eq_ignore_ascii_case(segment);
    };
    let Some(close) = template[open..].find('}').map(|c| open + c) else {
        return template.eq_ignore_ascii_case(segment);
    };
    let (head, rest) = (&template[..open], &template[close + 1..]);
    let Some(tail) = segment
        .get(..head.len())
        .filter(|h| h.eq_ignore_ascii_case(head))
        .map(|_| &segment[head.len()..])
    else {
        return false;
    };
    if rest.is_empty() {
        return !tail.is_empty();
    }
    // The placeholder takes 1..n characters; the rest of the template must match what follows. Segments
    // are short, and a placeholder's end is tried only where the next literal character stands.
    let next = rest.chars().next();
    tail.char_indices()
        .skip(1)
        .filter(|(_, c)| next.is_none_or(|n| n == '{' || c.eq_ignore_ascii_case(&n)))
        .any(|(i, _)| segment_matches(rest, &tail[i..]))
}

/// The operation with a body a request line calls, from its method and URL (or path).
pub(crate) fn by_request(method: Method, url: &str) -> Option<&'static Route> {
    let path = path_of(url);
    // A literal segment beats a placeholder: `/api/machines/AddOrRemoveTagForMultipleMachines` is not
    // `/api/machines/{id}`, so prefer the template with more literal segments.
    with_body()
        .filter(|o| o.method == method && path_matches(o.path, path))
        .max_by_key(|o| o.path.split('/').filter(|s| !s.starts_with('{')).count())
}
