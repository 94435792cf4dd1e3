//! Facts from the request rather than the message: a 404's empty, unfilled or misspelled path, a call sent to
//! the wrong API's host, and a 403's permissions from the operation table.

use crate::catalog::Entry;
use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::operations::nearest::nearest_route;
use crate::operations::{self, Route};
use crate::response::{Response, Shape};
use crate::token;

use super::request::{host_of, DEFAULT_HOST};

/// What a placeholder left in a URL looks like: a variable that was never filled in.
fn is_unfilled(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    // OData's own `$` segments are real route parts; a shell or PowerShell variable left unexpanded is not.
    let odata = matches!(
        s.as_str(),
        "$count" | "$value" | "$ref" | "$metadata" | "$batch"
    );
    matches!(s.as_str(), "null" | "undefined" | "none" | "nil")
        || (s.starts_with('$') && !odata)
        || s.starts_with(['{', '<'])
        || s.starts_with("%7b")
        || s.starts_with("%3c")
        || s.ends_with(['}', '>'])
}

/// A 404's facts from the request URL: an empty or unfilled id, an id not shaped like a machine id, or a path
/// that matches no documented route (with the nearest one).
pub(super) fn route_facts(
    r: &Response,
    entry: Option<&'static Entry>,
    route: Option<&'static Route>,
    out: &mut Vec<Fact>,
) {
    let not_found = r.head.status == Some(404)
        || entry.is_some_and(|e| matches!(e.code, "NotFound" | "ResourceNotFound"));
    // The routes known are the Defender for Endpoint API's: judge only calls to its hosts (or to no host shown).
    let mde_host = r
        .request
        .as_ref()
        .and_then(|q| host_of(&q.url))
        .is_none_or(|h| token::known::Cloud::of_api_host(h).is_some());
    if !not_found || !mde_host || r.shape == Shape::Arm {
        return;
    }
    let fact = |name: &str, value: &str, text: String, advice: String| {
        Fact::of(
            FactKind::Value {
                name: name.to_string(),
                value: value.to_string(),
            },
            text,
            advice,
        )
    };
    let mut id_problem = false;
    if let Some(q) = &r.request {
        let path = operations::path_of(&q.url);
        let trimmed = path.trim_end_matches('/');
        if trimmed.contains("//") {
            out.push(fact(
                "path",
                path,
                fill(Key::RouteTextEmptySegment, &[("path", path)]),
                get(Key::RouteAdviceId).to_string(),
            ));
            id_problem = true;
        } else if let Some(seg) = trimmed.split('/').find(|s| is_unfilled(s)) {
            out.push(fact(
                "path",
                path,
                fill(Key::RouteTextUnfilled, &[("segment", seg)]),
                get(Key::RouteAdviceId).to_string(),
            ));
            id_problem = true;
        } else if route.is_none() && !out.iter().any(is_wrong_host) {
            if let Some(nearest) = nearest_route(path) {
                out.push(fact(
                    "nearest-route",
                    &nearest,
                    fill(
                        Key::RouteTextNearest,
                        &[("path", path), ("nearest", &nearest)],
                    ),
                    fill(Key::RouteAdviceNearest, &[("nearest", &nearest)]),
                ));
            }
        }
    }
    // "Machine 123 was not found": a machine id is 40 hex characters; anything else is a name, an IP or
    // another kind of id.
    let machine_message = r
        .message
        .as_deref()
        .is_some_and(|m| m.trim_start().starts_with("Machine "));
    if !id_problem && machine_message {
        let id = out.iter().find_map(|f| match &f.id {
            FactKind::Value { name, value } if name == "resource" => Some(value.clone()),
            _ => None,
        });
        if let Some(id) =
            id.filter(|id| !(id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit())))
        {
            out.push(fact(
                "machine-id",
                &id,
                fill(Key::RouteTextMachineIdShape, &[("id", &id)]),
                get(Key::RouteAdviceId).to_string(),
            ));
        }
    }
}

/// Whether a fact is a wrong-host one (then no nearest route is looked for: the path is right elsewhere).
fn is_wrong_host(f: &Fact) -> bool {
    matches!(&f.id, FactKind::Value { name, .. } if name == "wrong-host")
}

/// A Microsoft Graph security path sent to a Defender for Endpoint host, or a Defender for Endpoint path sent
/// to Microsoft Graph: the request went to the wrong API, whatever the error says.
pub(super) fn host_family_facts(r: &Response, out: &mut Vec<Fact>) {
    let Some(q) = &r.request else { return };
    let Some(host) = host_of(&q.url) else { return };
    let host = host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase();
    let path = operations::path_of(&q.url);
    let lower = path.to_ascii_lowercase();
    let graph_host = host.starts_with("graph.microsoft.");
    let mde_host = token::known::Cloud::of_api_host(&host).is_some();
    let first = |p: &str| lower.starts_with(p);
    let (text, advice) = if mde_host
        && (first("/v1.0/security/") || first("/beta/security/") || first("/security/"))
    {
        let graph_path = if first("/security/") {
            format!("/v1.0{path}")
        } else {
            path.to_string()
        };
        (
            fill(
                Key::WrongHostTextGraphPath,
                &[("host", &host), ("path", path)],
            ),
            fill(
                Key::WrongHostAdviceGraphPath,
                &[("url", &format!("https://graph.microsoft.com{graph_path}"))],
            ),
        )
    } else if graph_host && first("/api/") {
        (
            fill(
                Key::WrongHostTextMdePath,
                &[("host", &host), ("path", path)],
            ),
            fill(
                Key::WrongHostAdviceMdePath,
                &[("url", &format!("https://{DEFAULT_HOST}{path}"))],
            ),
        )
    } else {
        return;
    };
    out.push(Fact::of(
        FactKind::Value {
            name: "wrong-host".to_string(),
            value: host,
        },
        text,
        advice,
    ));
}

/// A 403 whose message names no permission: the permissions the called operation takes, for the token's
/// kind when the request's token shows it.
pub(super) fn permission_facts(
    r: &Response,
    route: Option<&'static Route>,
    kind: Option<token::TokenKind>,
    out: &mut Vec<Fact>,
) {
    let Some(route) = route else { return };
    if r.head.status != Some(403) || r.entra.is_some() {
        return;
    }
    let named = out.iter().any(|f| {
        matches!(
            f.id,
            FactKind::MissingRoles { .. } | FactKind::AnyOfPermissions { .. }
        )
    });
    let (app, delegated) = (route.app_permissions, route.delegated_permissions);
    if named || (app.is_empty() && delegated.is_empty()) {
        return;
    }
    let or = |names: &[&str]| names.join(" or ");
    let (needs, advice) = match kind {
        // One list for both kinds (machine actions): say it once.
        None | Some(token::TokenKind::Unknown) if app == delegated => (
            fill(Key::WithRouteNeedsSame, &[("permissions", &or(app))]),
            fill(Key::WithRouteAdviceSame, &[("permissions", &or(app))]),
        ),
        Some(token::TokenKind::Application) if !app.is_empty() => (
            fill(Key::WithRouteNeedsApplication, &[("permissions", &or(app))]),
            fill(
                Key::WithRouteAdviceApplication,
                &[("permissions", &or(app))],
            ),
        ),
        Some(token::TokenKind::Delegated) if !delegated.is_empty() => (
            fill(
                Key::WithRouteNeedsDelegated,
                &[("permissions", &or(delegated))],
            ),
            fill(
                Key::WithRouteAdviceDelegated,
                &[("permissions", &or(delegated))],
            ),
        ),
        _ => (
            fill(
                Key::WithRouteNeedsBoth,
                &[("application", &or(app)), ("delegated", &or(delegated))],
            ),
            fill(
                Key::WithRouteAdviceBoth,
                &[("application", &or(app)), ("delegated", &or(delegated))],
            ),
        ),
    };
    out.push(Fact::of(
        FactKind::Value {
            name: "needs-permission".to_string(),
            value: needs.clone(),
        },
        fill(
            if r.message.is_some() {
                Key::WithRouteText
            } else {
                Key::WithRouteTextNoMessage
            },
            &[
                ("operation", route.name),
                ("method", route.method.as_str()),
                ("path", route.path),
                ("needs", &needs),
            ],
        ),
        advice,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfilled_id_segments_are_recognised() {
        for s in [
            "$machineId",
            "${id}",
            "{id}",
            "<id>",
            "%7Bid%7D",
            "null",
            "undefined",
        ] {
            assert!(is_unfilled(s), "{s}");
        }
        for s in [
            "$count",
            "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
            "machines",
            "isolate",
        ] {
            assert!(!is_unfilled(s), "{s}");
        }
    }
}
