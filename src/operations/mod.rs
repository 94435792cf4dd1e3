//! MDE operations: those that take a request body, with their exact body parameters (names, case, types,
//! enums, limits), permissions and OS requirements (`table.rs`, one parameter per line), and every other
//! documented operation as a route (`routes.rs`, one block per operation).

pub(crate) mod cross;
pub(crate) mod endpoint;
pub(crate) mod nearest;
pub mod routes;
pub mod schema;
mod table;
#[cfg(test)]
mod tests;

pub use cross::{Check, CrossRule, CROSS_RULES};
pub use endpoint::{split_request_line, RequestLine};
pub use routes::{Family, Route, RouteInfo};
pub use table::OPERATIONS;

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
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a method, any case.
    pub fn parse(text: &str) -> Option<Method> {
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

/// How the body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `multipart/form-data` (library upload): not lintable as JSON.
    Multipart,
}

/// The JSON type a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    Array,
    Object,
    /// The docs give a type that several JSON types satisfy (e.g. a comma-separated string or an array).
    StringOrArray,
    /// A boolean the docs also show as the strings "True"/"False".
    BooleanOrString,
}

/// Whether the docs mark a parameter as required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// The parameter table gives no marker.
    Unmarked,
}

/// A value check beyond the JSON type. On an array of strings it applies to each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    None,
    /// A SHA-1 (40 hex).
    Sha1,
    /// A SHA-256 (64 hex).
    Sha256,
    /// An MD5 (32 hex).
    Md5,
    /// A certificate thumbprint (40 hex, as a SHA-1).
    Thumbprint,
    /// Depends on the sibling `indicatorType` (hash length, IP, domain, URL): see `Param::depends`.
    IndicatorValue,
    /// An IPv4 or IPv6 address, no CIDR suffix.
    Ip,
    /// A domain name.
    Domain,
    /// ISO 8601 date-time.
    DateTime,
    /// ISO 8601 date-time that should lie in the future (an expiry).
    FutureDateTime,
    /// An absolute http(s) URL (indicator values may omit the scheme: see [`ValueFormat::UrlIndicator`]).
    Url,
    /// A URL indicator: a URL with or without scheme.
    UrlIndicator,
    /// A GUID.
    Guid,
    /// A device id (40 hex).
    MachineId,
    /// Live response script arguments: shell metacharacters are refused by the service.
    ScriptArgs,
}

impl ValueFormat {
    /// A few words naming what the format expects, for messages and the `operations` table.
    pub fn describe(self) -> &'static str {
        match self {
            ValueFormat::None => "",
            ValueFormat::Sha1 => "SHA-1 (40 hex)",
            ValueFormat::Sha256 => "SHA-256 (64 hex)",
            ValueFormat::Md5 => "MD5 (32 hex)",
            ValueFormat::Thumbprint => "certificate thumbprint (40 hex)",
            ValueFormat::IndicatorValue => "depends on indicatorType",
            ValueFormat::Ip => "IPv4 or IPv6 address, no CIDR",
            ValueFormat::Domain => "domain name",
            ValueFormat::DateTime => "ISO 8601 date-time",
            ValueFormat::FutureDateTime => "ISO 8601 date-time in the future",
            ValueFormat::Url => "absolute http(s) URL",
            ValueFormat::UrlIndicator => "URL",
            ValueFormat::Guid => "GUID",
            ValueFormat::MachineId => "device id (40 hex)",
            ValueFormat::ScriptArgs => "script arguments without ; & | ! $ ( )",
        }
    }
}

/// Allowed values or a format that depend on another key's value (`indicatorValue` on `indicatorType`,
/// a live-response param `key` on its command's `type`).
#[derive(Debug)]
pub struct Depends {
    /// The key whose value decides; looked up in the same object first, then in the enclosing objects.
    pub on: &'static str,
    pub cases: &'static [DependentCase],
}

/// One case of a [`Depends`].
#[derive(Debug)]
pub struct DependentCase {
    /// The deciding key's value (exact case).
    pub when: &'static str,
    /// Allowed values in this case; empty when any value goes.
    pub values: &'static [&'static str],
    pub format: ValueFormat,
}

/// One body parameter.
#[derive(Debug)]
pub struct Param {
    /// The name as the docs' parameter table spells it (case-sensitive on the wire).
    pub name: &'static str,
    /// Other spellings the docs themselves use (e.g. in the example): accepted, with a note.
    pub also: &'static [&'static str],
    pub kind: Kind,
    pub required: Required,
    /// Allowed values, exact case; empty when any value goes. On an array of strings, per item.
    pub values: &'static [&'static str],
    /// Values the docs' own examples send although the table does not list them: accepted, with a note.
    pub also_values: &'static [&'static str],
    pub format: ValueFormat,
    /// Values or format decided by another key.
    pub depends: Option<&'static Depends>,
    /// `null` is a documented value.
    pub nullable: bool,
    /// Most items an array may hold.
    pub max_items: Option<usize>,
    /// Schema of each array item or of the object value.
    pub items: Option<&'static [Param]>,
    /// A short remark from the docs, in our words.
    pub note: &'static str,
    /// Not in the operation's parameter table, yet taken by the service: the evidence (a docs page, a field
    /// report). Empty for documented parameters. Such a key gets an `undocumented-key` note, never a warning.
    pub undocumented: &'static str,
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// Short name used on the command line (`isolate-machine`), as in the facts file.
    pub name: &'static str,
    pub title: &'static str,
    pub method: Method,
    /// Path template as documented, e.g. `/api/machines/{id}/isolate`.
    pub path: &'static str,
    pub body: BodyKind,
    pub params: &'static [Param],
    pub app_permissions: &'static [&'static str],
    pub delegated_permissions: &'static [&'static str],
    pub rate_per_minute: Option<u32>,
    pub rate_per_hour: Option<u32>,
    /// Other limits as (name, value): `max_batch_size`, `max_file_size`, ...
    pub limits: &'static [(&'static str, &'static str)],
    pub platforms: &'static [&'static str],
    pub notes: &'static [&'static str],
    /// The documented success status; 0 where the docs give none.
    pub success_status: u16,
    /// The docs' example body (may be invalid JSON where the docs' own example is).
    pub example_body: &'static str,
    /// Whether the docs' example body is valid JSON (false where the docs' own example is broken).
    pub example_is_json: bool,
    pub docs: &'static str,
    /// The route facts of its docs page (family, hosts, entity, request line): links it to `routes::all`.
    pub route: RouteInfo,
}

/// The operation with this short name (exact, then ignoring case).
pub fn by_name(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name).or_else(|| {
        OPERATIONS
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
    })
}

/// The path part of a URL or path: no scheme/host, no query or fragment.
pub fn path_of(url: &str) -> &str {
    let no_scheme = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    no_scheme.split(['?', '#']).next().unwrap_or(no_scheme)
}

/// Whether `path` fits `template` (`{x}` matches non-empty text without a `/`, also inside a segment such as
/// `findbyip(ip='{IP}',timestamp={TimeStamp})`). Literal text compares ignoring case, as the service routes
/// it; `/api/v1.0/...` is accepted for `/api/...`.
pub fn path_matches(template: &str, path: &str) -> bool {
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

/// The operation a request line calls, from its method and URL (or path).
pub fn by_request(method: Method, url: &str) -> Option<&'static Operation> {
    let path = path_of(url);
    // A literal segment beats a placeholder: `/api/machines/AddOrRemoveTagForMultipleMachines` is not
    // `/api/machines/{id}`, so prefer the template with more literal segments.
    OPERATIONS
        .iter()
        .filter(|o| o.method == method && path_matches(o.path, path))
        .max_by_key(|o| o.path.split('/').filter(|s| !s.starts_with('{')).count())
}
