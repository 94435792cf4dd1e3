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

use crate::catalog::{self, Retry};
use crate::facts::advice::{fill, get, Key};
use crate::facts::{self, Fact, FactKind};
use crate::response::{Response, Shape};
use crate::token;

pub use crate::operations::nearest::nearest_route;
pub use api::Api;
pub use diagnosis::{Correlation, Diagnosis};
pub use identify::IdentifiedBy;
pub use request::machine_id;
pub use retry::{retry_after_seconds, RetryAdvice};
pub use summary::{tally, Summary, Tally};
pub use token_verdict::TokenVerdict;

use context_facts::context_facts;
use fix::other_api_advice;
use identify::{code_of, identify, Identified};
use request::{host_of, operation_of, route_of, DEFAULT_HOST};
use request_facts::{host_family_facts, permission_facts, route_facts};
use retry::{retry_advice, retry_kind};
use token_verdict::token_verdict;

use std::borrow::Cow;

/// Diagnoses one response.
pub fn diagnose(r: &Response) -> Diagnosis {
    let mut d = diagnose_bare(r);
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
    let operation = operation_of(r.request.as_ref());
    let route = route_of(r.request.as_ref()).or(operation);
    let status = r.head.status;

    // Which error is it?
    let Identified {
        entry,
        identified_by,
        mut captures,
    } = identify(r);
    let suggestion = match (&r.code, identified_by) {
        (Some(code), IdentifiedBy::Unknown)
            if !r.shape.is_hidden_failure() && r.entra.is_none() =>
        {
            catalog::suggest_code(code)
        }
        _ => None,
    };
    let unknown_code =
        entry.is_none() && r.code.is_some() && !r.shape.is_hidden_failure() && r.entra.is_none();
    // An error body cut before its code: nothing names the cause but the status, if one was printed.
    let cut_before_code = r.shape == Shape::Fragment && entry.is_none() && r.code.is_none();
    if captures.is_none() {
        if let Some(e) = entry {
            // The outer message first, then the nested ones: a nested reason often states the facts.
            captures = r
                .message
                .iter()
                .chain(r.details.iter().filter_map(|d| d.message.as_ref()))
                .find_map(|m| facts::match_entry(e, m));
        }
    }

    let code = code_of(entry, r).into_owned();

    let mut details: Vec<Fact> = captures
        .as_ref()
        .map(|c| facts::from_captures(c, operation))
        .unwrap_or_default();
    context_facts(r, &mut details);
    let api = Api::of(r, entry);
    let graph_call = api == Api::Graph;
    // Steps of the Defender for Endpoint API (its routes, permissions, portal) for its own errors only.
    let mde_steps = api.takes_mde_steps();
    host_family_facts(r, &mut details);
    if graph_call {
        facts::for_graph_call(&mut details);
    } else if mde_steps {
        route_facts(r, entry, route, &mut details);
    }
    // OData: facts of an ODataError message and lint's findings on the request line's query.
    details.extend(crate::odata::diagnose::facts(
        entry.map(|e| e.code),
        status,
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

    let usual_status = entry.map(|e| e.status);
    let status_mismatch = match (usual_status, status, identified_by) {
        (
            Some(u),
            Some(s),
            IdentifiedBy::Code
            | IdentifiedBy::CodeIgnoringCase
            | IdentifiedBy::CodeIgnoringSeparators
            | IdentifiedBy::Aadsts,
        ) => u != s,
        _ => false,
    };

    let retry_kind = retry_kind(entry, r);
    let mut retry = retry_advice(retry_kind, r, route);
    // No entry to say so and no status that does: the retry class of an unknown code is unknown.
    if (unknown_code || cut_before_code)
        && retry_kind == Retry::AfterFix
        && !matches!(status, Some(400..=499))
    {
        retry.text = Cow::Borrowed(get(if cut_before_code {
            Key::RetryCut
        } else {
            Key::RetryUnknownCode
        }));
    }
    let mut token = token_verdict(r, route);
    // The message already named the missing permission: the token's same finding would say it twice.
    if details
        .iter()
        .any(|f| matches!(f.id, FactKind::MissingRoles { .. }))
    {
        if let Some(t) = token.as_mut() {
            t.findings.retain(|f| f.id != token::Check::Permissions);
        }
    }
    // The token's own permission finding says what the route's permissions are and what the token holds:
    // the route-only fact would say half of it again.
    let token_names_permission = token.as_ref().is_some_and(|t| {
        t.findings.iter().any(|f| {
            f.id == token::Check::Permissions && f.severity == crate::finding::Severity::Error
        })
    });
    if mde_steps && !token_names_permission {
        permission_facts(r, route, token.as_ref().and_then(|t| t.kind), &mut details);
    }

    let machine = r
        .request
        .as_ref()
        .and_then(|q| machine_id(&q.url))
        .map(str::to_string);
    let pending_actions = (retry_kind == Retry::Poll).then(|| {
        let host = r.request.as_ref().and_then(|q| host_of(&q.url)).unwrap_or(DEFAULT_HOST);
        let id = machine.as_deref().unwrap_or("{machine-id}");
        format!(
            "GET https://{host}/api/machineactions?$filter=machineId eq '{id}' and (status eq 'Pending' or status eq 'InProgress')"
        )
    });

    // What the token itself shows wrong comes first: it is this case's cause, ahead of any general step.
    let mut fix: Vec<Cow<'static, str>> = token
        .iter()
        .flat_map(|t| &t.findings)
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .filter_map(|f| f.help.clone().map(Cow::Owned))
        .collect();
    for help in details.iter().filter_map(|f| f.help.as_deref()) {
        if !fix.iter().any(|s| s == help) {
            fix.push(Cow::Owned(help.to_string()));
        }
    }
    // An unknown code: the nearest known one, else where the known ones are listed.
    match suggestion {
        Some(s) => fix.push(Cow::Owned(fill(Key::SuggestionFix, &[("code", s)]))),
        None if unknown_code => fix.push(Cow::Borrowed(get(Key::SuggestionNone))),
        None if cut_before_code => fix.push(Cow::Borrowed(get(Key::SuggestionCut))),
        None => {}
    }
    let fix_specific = fix.len();
    // When the message says the tenant's account is not active, the catalog's token steps do not apply.
    let account_state = details
        .iter()
        .any(|f| matches!(f.id, FactKind::AccountState { .. }));
    if let Some(e) = entry.filter(|_| !account_state) {
        let mut left_out = false;
        for (i, step) in e.fix.iter().enumerate() {
            let step: &'static str = step;
            // A Defender-only step (WindowsDefenderATP permissions, the Defender portal) misleads a call to
            // another API.
            if !mde_steps && e.fix_mde_only.get(i).copied().unwrap_or(false) {
                left_out = true;
                continue;
            }
            fix.push(match &machine {
                Some(m) if step.contains("{machine-id}") => {
                    Cow::Owned(step.replace("{machine-id}", m))
                }
                _ => Cow::Borrowed(step),
            });
        }
        // The answering API's counterpart of the permission steps left out; other steps are simply left out.
        if left_out && matches!(e.status, 401 | 403) {
            fix.push(other_api_advice(api, r));
        }
    } else if !mde_steps && api != Api::Entra && matches!(status, Some(401 | 403)) {
        // No catalog entry (an unknown code): the answering API's own permission advice, never Defender's.
        fix.push(other_api_advice(api, r));
    }

    let summary: Cow<'static, str> = match (entry, r.shape) {
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
        (None, _) => match status {
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
    };

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
        status_mismatch,
        summary,
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
        suggestion,
        pending_actions,
        token,
        api,
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
        (t.clone(), "request-id")
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
