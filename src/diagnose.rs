//! One response + the catalog + the operation table → a Diagnosis (plain data): which error, what the message
//! says about this case, what to do, whether and when to retry, and the id to quote to support. Pure.
//! The parts, each under `diagnose/`: `identify` (which catalog entry), `context_facts` and `request_facts`
//! (facts beyond the message), `token_verdict`, `retry`, `fix` (the steps), `diagnosis` (the record),
//! `summary` (what `--summary` counts), `request` (what the request calls), `api` (which API answered).

mod api;
mod context_facts;
mod diagnosis;
mod fix;
mod identify;
mod request;
mod request_facts;
mod retry;
mod summary;
mod token_verdict;
mod transport;

use crate::catalog::{Entry, Retry};
use crate::facts::advice::{fill, get, Key};
use crate::facts::{self, Fact, FactKind};
use crate::operations::Route;
use crate::response::{Response, Shape};
use crate::token;

pub use crate::operations::nearest::nearest_route;
pub use api::Api;
pub use diagnosis::{Correlation, Diagnosis};
pub use identify::IdentifiedBy;
pub use request::machine_id;
pub use retry::{retry_after_seconds, RetryAdvice};
pub use summary::{tally, tally_plain, Summary, Tally, TallyId};
pub use token_verdict::TokenVerdict;

use context_facts::context_facts;
use fix::{case_steps, catalog_steps};
use identify::{code_of, identify, Identified, Unnamed};
use request::{host_of, operation_of, pending_actions, route_of};
use request_facts::{host_family_facts, permission_facts, route_facts};
use retry::{retry_advice, retry_kind};
use token_verdict::{names_permission, token_verdict_beside};

use std::borrow::Cow;

/// Diagnoses one response.
pub fn diagnose(r: &Response) -> Diagnosis {
    let mut d = diagnose_bare(r);
    if r.shape == Shape::Transport {
        // The client's request, as its line named it (the diagnosis says nothing of a code or message).
        d.request = r.request.clone();
        return d;
    }
    d.code_sent = r.code.clone();
    d.message = r.message.clone();
    d.target = r.target.clone();
    d.request = r.request.clone();
    d
}

/// [`diagnose`] for a response no longer needed: its texts move into the diagnosis instead of being copied
/// (a streamed log diagnoses every response once, then drops it).
pub fn diagnose_owned(mut r: Response) -> Diagnosis {
    let mut d = diagnose_bare(&r);
    if r.shape == Shape::Transport {
        d.request = r.request.take();
        return d;
    }
    d.code_sent = r.code.take();
    d.message = r.message.take();
    d.target = r.target.take();
    d.request = r.request.take();
    d
}

/// The diagnosis without the response's own texts (`code_sent`, `message`, `target`, `request`). The
/// request's bearer token is judged by the token doctor here and goes no further: a diagnosis keeps no
/// secret alive.
fn diagnose_bare(r: &Response) -> Diagnosis {
    if r.shape == Shape::Transport {
        return transport::diagnosis(r);
    }
    let operation = operation_of(r.request.as_ref());
    let route = route_of(r.request.as_ref()).or(operation);
    let status = r.head.status;

    // Which error is it?
    let Identified {
        entry,
        identified_by,
        captures,
    } = identify(r);
    let unnamed = Unnamed::of(r, entry, identified_by);
    let captures = captures.or_else(|| message_captures(r, entry?));
    let code = code_of(entry, r).into_owned();
    let mut api = Api::of(r, entry);
    let mut details = case_facts(r, entry, captures.as_ref(), operation, route, api);
    // No host in the paste: the permissions the server says it requires name the API (Graph answers
    // "Missing application roles" in MDE's words, with its own permission names).
    if let Some(by_roles) = api_of_required_permissions(r, &details).filter(|a| *a != api) {
        api = by_roles;
        details = case_facts(r, entry, captures.as_ref(), operation, route, api);
    }
    let usual_status = entry.map(|e| e.status);
    let retry = retry_for(r, entry, route, &unnamed);
    let token = token_verdict_beside(r, route, api, &details);
    // The token's own permission finding says what the route's permissions are and what the token holds:
    // the route-only fact would say half of it again.
    if api.takes_mde_steps() && !names_permission(token.as_ref()) {
        permission_facts(r, route, token.as_ref().and_then(|t| t.kind), &mut details);
    }
    let machine = r
        .request
        .as_ref()
        .and_then(|q| machine_id(&q.url))
        .map(str::to_string);
    let pending_actions =
        (retry.kind == Retry::Poll).then(|| pending_actions(r, machine.as_deref()));
    let mut fix = case_steps(token.as_ref(), &details, &unnamed, entry);
    let fix_specific = fix.len();
    catalog_steps(&mut fix, entry, &details, api, machine.as_deref(), r);
    Diagnosis {
        source: r.source.clone(),
        shape: r.shape,
        context: r.context,
        code,
        code_sent: None,
        known: entry.is_some(),
        identified_by,
        http_status: status,
        usual_status,
        status_mismatch: status_mismatch(usual_status, status, identified_by),
        summary: summary_line(entry, r, unnamed.cut_before_code, api),
        message: None,
        target: None,
        details,
        fix,
        fix_specific,
        retry,
        operation,
        route,
        request: None,
        correlation: correlation(r),
        suggestion: unnamed.suggestion,
        pending_actions,
        token,
        api,
        transport: None,
    }
}

/// The family the permissions a server says it requires name, for a paste that shows no host.
fn api_of_required_permissions(r: &Response, details: &[Fact]) -> Option<Api> {
    if r.request.as_ref().and_then(|q| host_of(&q.url)).is_some() {
        return None;
    }
    details.iter().find_map(|f| match &f.id {
        FactKind::MissingRoles { required, .. } | FactKind::AnyOfPermissions { required } => {
            Api::of_required_permissions(required)
        }
        _ => None,
    })
}

/// The facts a known entry's templates find in the message: the outer message first, then the nested ones
/// (a nested reason often states the facts).
fn message_captures(r: &Response, entry: &'static Entry) -> Option<facts::Captures> {
    r.message
        .iter()
        .chain(r.details.iter().filter_map(|d| d.message.as_ref()))
        .find_map(|m| facts::match_entry(entry, m))
}

/// The facts of this case that need no token: the message's, the response's context, the request's (its
/// host, route and OData query) and the cloud's.
// Inlined: as a call of its own it cost about 12 instructions a diagnosis (icount jsonl-ndjson +0.09%).
#[inline(always)]
fn case_facts(
    r: &Response,
    entry: Option<&'static Entry>,
    captures: Option<&facts::Captures>,
    operation: Option<&'static Route>,
    route: Option<&'static Route>,
    api: Api,
) -> Vec<Fact> {
    let mut details: Vec<Fact> = captures
        .map(|c| facts::from_captures(c, operation))
        .unwrap_or_default();
    context_facts(r, &mut details);
    host_family_facts(r, &mut details);
    if api == Api::Graph {
        facts::for_graph_call(&mut details);
    } else if api.takes_mde_steps() {
        // The routes known are Defender for Endpoint's: judged for its own errors only.
        route_facts(r, entry, route, &mut details);
        // The body sent, when the input showed it: what lint finds in it is this case's cause.
        if let (Some(body), Some(op)) = (&r.sent_body, operation) {
            let found = facts::sent_body(body.expose(), op, &details);
            details.extend(found);
        }
    }
    // OData: facts of an ODataError message and lint's findings on the request line's query.
    details.extend(crate::odata::diagnose::facts(
        entry.map(|e| e.code),
        r.head.status,
        r.message.as_deref(),
        r.request.as_ref(),
    ));
    let cloud = r
        .request
        .as_ref()
        .and_then(|q| host_of(&q.url))
        .and_then(token::known::Cloud::of_api_host);
    if let Some(cloud) = cloud.filter(|c| *c != token::known::Cloud::Commercial) {
        facts::for_cloud_resource(&mut details, cloud.resource());
    }
    details
}

/// Whether the status received differs from the one the code identified comes with.
fn status_mismatch(usual: Option<u16>, status: Option<u16>, identified_by: IdentifiedBy) -> bool {
    match (usual, status, identified_by) {
        (
            Some(u),
            Some(s),
            IdentifiedBy::Code
            | IdentifiedBy::CodeIgnoringCase
            | IdentifiedBy::CodeIgnoringSeparators
            | IdentifiedBy::Aadsts,
        ) => u != s,
        _ => false,
    }
}

/// The retry advice; for an error nothing names, an honest "unknown" instead of the fix-first default.
fn retry_for(
    r: &Response,
    entry: Option<&'static Entry>,
    route: Option<&'static Route>,
    unnamed: &Unnamed,
) -> RetryAdvice {
    let kind = retry_kind(entry, &identify::Evidence::of(r));
    let mut retry = retry_advice(kind, r, route);
    // No entry to say so and no status that does: the retry class of an unknown code is unknown.
    if (unnamed.unknown_code || unnamed.cut_before_code)
        && kind == Retry::AfterFix
        && !matches!(r.head.status, Some(400..=499))
    {
        retry.text = Cow::Borrowed(get(if unnamed.cut_before_code {
            Key::RetryCut
        } else {
            Key::RetryUnknownCode
        }));
    }
    retry
}

/// The one-line summary: the catalog's, else one made from the shape or the status.
fn summary_line(
    entry: Option<&'static Entry>,
    r: &Response,
    cut_before_code: bool,
    api: Api,
) -> Cow<'static, str> {
    // Another API's status read through the Defender API's generic entry whose summary names that API (its
    // 401 "not issued for the MDE API"): those words are not the other API's, so the line says only what
    // came back and from whom. The other generic summaries hold for any API.
    if let (Some(e), Some(status)) = (entry, r.head.status) {
        if !api.takes_mde_steps()
            && e.family == crate::catalog::Sender::Mde
            && identify::is_generic(e)
            && (e.summary.contains("MDE") || e.summary.contains("Defender"))
        {
            let from = api
                .label()
                .or_else(|| r.request.as_ref().and_then(|q| host_of(&q.url)))
                .unwrap_or_default();
            if !from.is_empty() {
                let line = fill(
                    Key::SummaryOtherApiStatus,
                    &[
                        ("status", &status.to_string()),
                        ("reason", crate::http::reason(status)),
                        ("api", from),
                    ],
                );
                return Cow::Owned(line.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    // A page that is not the API's JSON and no bearer challenge: whoever answered, the entry's summary for
    // the status (a token "valid but lacking a permission") is not known to hold.
    let not_the_api =
        r.shape == Shape::StatusOnly && r.body_not_json && r.head.auth_error.is_none();
    let status = r.head.status;
    match (entry, r.shape) {
        (Some(_), _) if not_the_api => Cow::Owned(
            fill(
                Key::SummaryNotJson,
                &[
                    ("status", &status.map(|s| s.to_string()).unwrap_or_default()),
                    ("reason", status.map_or("", crate::http::reason)),
                ],
            )
            .trim_end()
            .to_string(),
        ),
        (Some(e), _) => Cow::Borrowed(e.summary),
        (None, Shape::IndicatorImport) => Cow::Borrowed(get(Key::SummaryIndicatorImport)),
        (None, Shape::MachineAction) => {
            let status = r
                .code
                .as_deref()
                .and_then(|c| c.strip_prefix("MachineAction"))
                .unwrap_or("Failed");
            Cow::Owned(fill(Key::SummaryMachineAction, &[("status", status)]))
        }
        (None, _) => match r.head.status {
            Some(s) => {
                let key = if cut_before_code {
                    Key::SummaryCutStatus
                } else {
                    Key::SummaryUnknownStatus
                };
                let mut line = fill(
                    key,
                    &[
                        ("status", &s.to_string()),
                        ("reason", crate::http::reason(s)),
                    ],
                );
                // A status without a reason phrase leaves a blank at the end.
                line.truncate(line.trim_end().len());
                Cow::Owned(line)
            }
            None if cut_before_code => Cow::Borrowed(get(Key::SummaryCut)),
            None => Cow::Borrowed(get(Key::SummaryUnknown)),
        },
    }
}

fn correlation(r: &Response) -> Option<Correlation> {
    let date = r
        .head
        .date
        .clone()
        .or_else(|| r.entra.as_ref().and_then(|e| e.timestamp.clone()));
    let entra = r.entra.as_ref();
    let (id, field) = if let Some(t) = &r.target {
        (t.clone(), "target")
    } else if let Some(t) = &r.head.request_id {
        // Entra's `Correlation ID:` printed as text is the id its JSON error names `correlation_id`.
        let field = match r.head.request_id_name {
            Some(crate::response::ENTRA_CORRELATION) => "correlation_id",
            _ => "request-id",
        };
        (t.clone(), field)
    } else if let Some(t) = entra.and_then(|e| e.correlation_id.clone()) {
        (t, "correlation_id")
    } else if let Some(t) = entra.and_then(|e| e.trace_id.clone()) {
        (t, "trace_id")
    } else if let Some(t) = &r.head.client_request_id {
        (t.clone(), "client-request-id")
    } else {
        return None;
    };
    Some(Correlation { id, field, date })
}

#[cfg(test)]
mod tests;
