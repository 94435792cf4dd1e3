//! One response + the catalog + the operation table → a Diagnosis (plain data): which error, what the message
//! says about this case, what to do, whether and when to retry, and the id to quote to support. Pure.

mod api;

use crate::catalog::{self, Entry, Retry, Sender};
use crate::facts::advice::{fill, get, Key};
use crate::facts::{self, Fact, FactKind};
use crate::operations::{self, routes, Route};
use crate::response::{Context, Location, Request, Response, Shape};
use crate::time::http_date;
use crate::token;
pub use api::Api;

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How the code was identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifiedBy {
    /// The response carried it.
    Code,
    /// The response's code, in another letter case than the catalog's.
    CodeIgnoringCase,
    /// The response's code, spelled with other word separators (`too_many_requests`).
    CodeIgnoringSeparators,
    /// The response's code is an HTTP status as a string (`"429"`): the status's generic entry.
    StatusCodeString,
    /// The AADSTS number of an Entra error.
    Aadsts,
    /// A reason nested in the error (`innerError`, `details[]`) named a known code behind a generic or unknown
    /// outer one.
    InnerCode,
    /// No code: the message matched a catalog template.
    Message,
    /// No code, no known message: the HTTP status.
    Status,
    /// A failure inside a successful response.
    Body,
    /// Nothing matched.
    Unknown,
}

impl IdentifiedBy {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifiedBy::Code => "code",
            IdentifiedBy::CodeIgnoringCase => "code-ignoring-case",
            IdentifiedBy::CodeIgnoringSeparators => "code-ignoring-separators",
            IdentifiedBy::StatusCodeString => "status-code-string",
            IdentifiedBy::Aadsts => "aadsts",
            IdentifiedBy::InnerCode => "inner-code",
            IdentifiedBy::Message => "message",
            IdentifiedBy::Status => "status",
            IdentifiedBy::Body => "body",
            IdentifiedBy::Unknown => "unknown",
        }
    }
}

/// When to send the request again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryAdvice {
    pub kind: Retry,
    /// Seconds to wait, from `Retry-After` (seconds, or an HTTP-date relative to the response's `Date`).
    pub after_seconds: Option<u64>,
    /// `Retry-After` as sent.
    pub retry_after: Option<String>,
    /// Borrowed when it is one of the fixed sentences (no copy per diagnosis).
    pub text: Cow<'static, str>,
}

/// The id to quote to Microsoft support, verbatim, with the response's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correlation {
    pub id: String,
    /// Where it came from: `target`, `request-id`, `client-request-id`, `correlation_id`, `trace_id`.
    pub field: &'static str,
    pub date: Option<String>,
}

/// Everything said about one error.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub source: Location,
    pub shape: Shape,
    pub context: Context,
    /// The catalog code, or the code as sent when unknown.
    pub code: String,
    /// The code as the response sent it, when it sent one.
    pub code_sent: Option<String>,
    pub known: bool,
    pub identified_by: IdentifiedBy,
    pub http_status: Option<u16>,
    /// The status the catalog says the code comes with.
    pub usual_status: Option<u16>,
    /// The received status differs from `usual_status` (a proxy or another service may have answered).
    pub status_mismatch: bool,
    pub summary: Cow<'static, str>,
    pub message: Option<String>,
    pub target: Option<String>,
    pub details: Vec<Fact>,
    /// Case-specific advice first, then the catalog's steps (borrowed from the catalog unless edited).
    pub fix: Vec<Cow<'static, str>>,
    /// How many of `fix`'s first steps are this case's own (from its facts); the rest are the catalog's
    /// general steps, which the default human output leaves to `mdediag explain CODE` and `-v`.
    pub fix_specific: usize,
    pub retry: RetryAdvice,
    /// The body operation the request called (its parameters explain body errors).
    pub operation: Option<&'static Route>,
    /// The documented operation the request called, any method: its permissions and limits.
    pub route: Option<&'static Route>,
    pub request: Option<Request>,
    pub correlation: Option<Correlation>,
    /// The nearest known code, for an unknown one.
    pub suggestion: Option<&'static str>,
    /// The GET that lists the device's pending machine actions (printed, never run).
    pub pending_actions: Option<String>,
    /// For a 401/403 whose request carried a bearer token: what the token itself says.
    pub token: Option<TokenVerdict>,
    /// The API family that answered: its advice is the only advice given.
    pub api: Api,
}

/// The token doctor's verdict on the bearer token of a failed request (no part of the token in it).
#[derive(Debug, Clone)]
pub struct TokenVerdict {
    /// One line: version, kind, audience, permissions held.
    pub description: String,
    /// Problems (errors and warnings) only: the informational findings add nothing to the diagnosis.
    pub findings: Vec<token::Finding>,
    pub fits: bool,
    /// Which permissions claim the token carries, when it could be read.
    pub kind: Option<token::TokenKind>,
}

impl Diagnosis {
    /// Whether waiting (or polling) is the whole fix.
    pub fn is_transient(&self) -> bool {
        self.retry.kind.is_transient()
    }
}

/// The host used in printed requests when the input names none.
const DEFAULT_HOST: &str = "api.securitycenter.microsoft.com";

/// The operation a request calls; without a method (Python's message), the only operation the path fits.
fn operation_of(request: Option<&Request>) -> Option<&'static Route> {
    let request = request?;
    if let Some(m) = request.parsed_method() {
        return operations::by_request(m, &request.url);
    }
    // Without a method, only a path that one route alone serves names it: a GET beside a PATCH at
    // `/api/machines/{id}` names neither.
    route_of(Some(request)).filter(|route| route.body.is_some())
}

/// The documented operation a request calls, any method; without a method, the only route at its path.
fn route_of(request: Option<&Request>) -> Option<&'static Route> {
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

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split('/').next().filter(|h| !h.is_empty())
}

/// Which catalog entry a response is, and how that was decided.
struct Identified {
    entry: Option<&'static Entry>,
    identified_by: IdentifiedBy,
    /// Placeholder values of the template that identified the error, when a template did.
    captures: Option<facts::Captures>,
}

/// Identifies the error (the first part of [`diagnose`], shared with [`tally`]).
fn identify(r: &Response) -> Identified {
    let status = r.head.status;
    let message = r.message.as_deref();
    let mut captures: Option<facts::Captures> = None;
    let (entry, identified_by): (Option<&'static Entry>, IdentifiedBy) =
        if r.shape.is_hidden_failure() {
            // The failure reason may be a known message (an import item's "Hash value … is invalid."): read
            // its facts, but the error stays the hidden failure.
            captures = message
                .and_then(facts::find_by_template)
                .map(|(_, caps)| caps);
            (None, IdentifiedBy::Body)
        } else if let Some(entra) = &r.entra {
            match entra.aadsts.and_then(catalog::get_aadsts) {
                Some(e) => (Some(e), IdentifiedBy::Aadsts),
                None => match catalog::get_ignore_case(&entra.error) {
                    Some(e) => (Some(e), IdentifiedBy::Code),
                    None => (None, IdentifiedBy::Unknown),
                },
            }
        } else if let Some(code) = &r.code {
            // An OAuth error name spelled another way (`InvalidRequest` for `invalid_request`) in an envelope
            // that is not the token endpoint's is another API's own code, not an Entra failure.
            let respelt = |e: &&Entry| !matches!(e.family, Sender::Entra | Sender::Aadsts);
            match catalog::get(code) {
                Some(e) => (Some(e), IdentifiedBy::Code),
                None => {
                    if let Some(e) = catalog::get_ignore_case(code).filter(respelt) {
                        (Some(e), IdentifiedBy::CodeIgnoringCase)
                    } else if let Some(e) = catalog::get_ignore_separators(code).filter(respelt) {
                        (Some(e), IdentifiedBy::CodeIgnoringSeparators)
                    } else if let Some(e) = catalog::for_status_code(code) {
                        (Some(e), IdentifiedBy::StatusCodeString)
                    } else {
                        (None, IdentifiedBy::Unknown)
                    }
                }
            }
        } else if let Some((e, caps)) = message.and_then(facts::find_by_template) {
            captures = Some(caps);
            (Some(e), IdentifiedBy::Message)
        } else if let Some(e) = status.and_then(catalog::for_status) {
            (Some(e), IdentifiedBy::Status)
        } else {
            (None, IdentifiedBy::Unknown)
        };
    // A generic code (BadRequest, the one `for_status` gives) whose message is a known specific one: use the
    // specific entry. A specific code is what the server meant, whatever its message.
    let (entry, identified_by) = match (entry, identified_by, message) {
        (
            Some(e),
            IdentifiedBy::Code | IdentifiedBy::Status | IdentifiedBy::StatusCodeString,
            Some(m),
        ) if captures.is_none() && is_generic(e) && facts::match_entry_exact(e, m).is_none() => {
            match facts::find_by_template(m) {
                // The generic entry's own message, matched loosely: it stays identified by its code.
                Some((specific, caps)) if std::ptr::eq(specific, e) => {
                    captures = Some(caps);
                    (Some(e), identified_by)
                }
                Some((specific, caps))
                    if specific.status == e.status
                        || matches!(
                            identified_by,
                            IdentifiedBy::Status | IdentifiedBy::StatusCodeString
                        ) =>
                {
                    captures = Some(caps);
                    (Some(specific), IdentifiedBy::Message)
                }
                _ => (Some(e), identified_by),
            }
        }
        other => (other.0, other.1),
    };
    // A generic or unknown outer code over a nested reason that names a known, more specific one: the nested
    // one is the cause (`InvalidRequest` over `AuthorizationFailed`; `BadRequest` over `InvalidHashValue`).
    let (entry, identified_by) = match entry {
        // Most responses have no nested reason: nothing to weigh (and no lookup to pay for).
        _ if r.details.is_empty() => (entry, identified_by),
        Some(e) if !is_generic(e) => (Some(e), identified_by),
        _ if captures.is_some() || r.entra.is_some() || r.shape.is_hidden_failure() => {
            (entry, identified_by)
        }
        _ => match inner_entry(r, &mut captures) {
            Some(found) => found,
            None => (entry, identified_by),
        },
    };
    Identified {
        entry,
        identified_by,
        captures,
    }
}

/// Whether `e` is the generic entry of its status (BadRequest, the one `for_status` gives): a code that names
/// no particular cause.
fn is_generic(e: &Entry) -> bool {
    catalog::for_status(e.status).is_some_and(|g| g.code == e.code)
}

/// The first nested reason (see [`Response::details`]) whose code is a known, specific catalog code (not an
/// Entra one), else whose message matches a catalog template (its facts captured).
fn inner_entry(
    r: &Response,
    captures: &mut Option<facts::Captures>,
) -> Option<(Option<&'static Entry>, IdentifiedBy)> {
    let specific =
        |e: &&Entry| !matches!(e.family, Sender::Entra | Sender::Aadsts) && !is_generic(e);
    if let Some(e) = r
        .details
        .iter()
        .filter_map(|d| d.code.as_deref())
        .find_map(|c| catalog::get_ignore_case(c).filter(specific))
    {
        return Some((Some(e), IdentifiedBy::InnerCode));
    }
    let (e, caps) = r
        .details
        .iter()
        .filter_map(|d| d.message.as_deref())
        .find_map(facts::find_by_template)?;
    *captures = Some(caps);
    Some((Some(e), IdentifiedBy::Message))
}

/// The code a diagnosis reports: the catalog's, else the one sent, else one made from the status.
fn code_of<'r>(entry: Option<&'static Entry>, r: &'r Response) -> Cow<'r, str> {
    match (entry, &r.code) {
        (Some(e), _) => Cow::Borrowed(e.code),
        (None, Some(c)) => Cow::Borrowed(c.as_str()),
        (None, None) => match r.head.status {
            Some(s) => Cow::Owned(format!("HTTP{s}")),
            None => Cow::Borrowed("Unknown"),
        },
    }
}

/// Whether and how to retry, before the advice text is written.
fn retry_kind(entry: Option<&'static Entry>, r: &Response) -> Retry {
    let kind = match (entry, r.shape) {
        (_, Shape::MachineAction) if r.code.as_deref() == Some("MachineActionTimeOut") => {
            Retry::AfterDelay
        }
        (Some(e), _) => e.retry,
        _ if r.head.status.is_some_and(|s| s == 429 || s >= 500) => Retry::AfterDelay,
        _ => Retry::AfterFix,
    };
    // A permission, licence or consent failure (401, 403) never passes by itself, whatever wrapper carried
    // the code (a script would retry a 403 forever on exit 75).
    match kind {
        k if k.is_transient() && matches!(r.head.status, Some(401 | 403)) => Retry::AfterFix,
        k => k,
    }
}

/// What `--summary` counts of one response: exactly what [`diagnose`] would say, without the advice. It owns
/// its texts (taken from the response, not copied): tallies are made on the scanning threads and counted in
/// input order by the writing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Line of the response in its source (the source is the counting side's to know).
    pub line: u64,
    pub code: Cow<'static, str>,
    pub transient: bool,
    pub http_status: Option<u16>,
    pub correlation_id: Option<String>,
}

/// Counts one response for `--summary` (cheap: no facts, fix steps or token checks).
pub fn tally(mut r: Response) -> Tally {
    let entry = identify(&r).entry;
    let transient = retry_kind(entry, &r).is_transient();
    // The same order of preference as `correlation` (a test holds them together), taking, not copying.
    let correlation_id = r
        .target
        .take()
        .or_else(|| r.head.request_id.take())
        .or_else(|| r.entra.as_mut().and_then(|e| e.correlation_id.take()))
        .or_else(|| r.entra.as_mut().and_then(|e| e.trace_id.take()))
        .or_else(|| r.head.client_request_id.take());
    let code = match (entry, r.code.take()) {
        (Some(e), _) => Cow::Borrowed(e.code),
        (None, Some(c)) => Cow::Owned(c),
        (None, None) => code_of(None, &r).into_owned().into(),
    };
    Tally {
        line: r.source.line,
        code,
        transient,
        http_status: r.head.status,
        correlation_id,
    }
}

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
    let mut api = Api::of(r, entry);
    // No host in the paste: the permissions the server says it requires name the API (Graph answers
    // "Missing application roles" in MDE's words, with its own permission names).
    if r.request.as_ref().and_then(|q| host_of(&q.url)).is_none() {
        let required = details.iter().find_map(|f| match &f.id {
            FactKind::MissingRoles { required, .. } | FactKind::AnyOfPermissions { required } => {
                Some(required.as_slice())
            }
            _ => None,
        });
        if let Some(by_roles) = required.and_then(Api::of_required_permissions) {
            api = by_roles;
        }
    }
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
    let mut token = token_verdict(r, route, api);
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

    // A page that is not the API's JSON and no bearer challenge: whoever answered, the entry's summary for
    // the status (a token "valid but lacking a permission") is not known to hold.
    let not_the_api =
        r.shape == Shape::StatusOnly && r.body_not_json && r.head.auth_error.is_none();
    let summary: Cow<'static, str> = match (entry, r.shape) {
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

/// Runs the token doctor on the request's bearer token when the API answered 401 or 403. The token is judged
/// at the response's `Date` (it may be valid now but have expired when the call was made).
fn token_verdict(
    r: &Response,
    operation: Option<&'static Route>,
    api: Api,
) -> Option<TokenVerdict> {
    // Only the API's own 401/403: a token-endpoint error means no token was issued at all.
    if !matches!(r.head.status, Some(401 | 403)) || r.entra.is_some() {
        return None;
    }
    let bearer = r.bearer.as_ref()?;
    // `Bearer $TOKEN` on a pasted command line is a shell variable, not a token: nothing to inspect.
    if bearer.expose().starts_with(['$', '%', '<', '{']) {
        return None;
    }
    let now = r
        .head
        .date
        .as_deref()
        .and_then(http_date)
        .and_then(|secs| u64::try_from(secs).ok())
        .map_or_else(SystemTime::now, |secs| {
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
        });
    let options = token::Options {
        operation,
        api_host: r.request.as_ref().and_then(|q| host_of(&q.url)),
        now,
    };
    let verdict = match token::inspect_with(bearer.expose(), &options) {
        Ok(report) if !api.takes_mde_steps() => other_api_verdict(r, api, report),
        Ok(report) => TokenVerdict {
            description: token_description(&report),
            fits: report.fits(),
            kind: Some(report.kind),
            findings: report
                .findings
                .into_iter()
                .filter(|f| f.severity != token::Severity::Note)
                .collect(),
        },
        Err(token::TokenError::NotFound) => return None,
        Err(err) => TokenVerdict {
            description: get(Key::TokenDecodeFailed).to_string(),
            findings: vec![token::Finding::from(&err)],
            fits: false,
            kind: None,
        },
    };
    Some(verdict)
}

/// One line on the token: version, kind, permissions held, audience.
fn token_description(report: &token::Report) -> String {
    let kind = get(match report.kind {
        token::TokenKind::Application => Key::TokenKindApplication,
        token::TokenKind::Delegated => Key::TokenKindDelegated,
        token::TokenKind::Unknown => Key::TokenKindUnknown,
    });
    let held: Cow<'_, str> = if report.permissions.is_empty() {
        Cow::Borrowed(get(Key::TokenHeldNone))
    } else {
        Cow::Owned(report.permissions.join(", "))
    };
    let audience = report.audience.as_deref();
    fill(
        Key::TokenDescription,
        &[
            ("version", &token_version(report)),
            ("kind", kind),
            ("held", &held),
            ("audience", audience.unwrap_or(get(Key::TokenAudienceNone))),
        ],
    )
}

/// The token verdict for a call to another API than Defender for Endpoint: the token doctor's checks judge a
/// token for the MDE API, so only those that hold for any API stay (its lifetime, the header's form, a
/// proof-of-possession binding), and the audience is held to the API that was called.
fn other_api_verdict(r: &Response, api: Api, report: token::Report) -> TokenVerdict {
    let mut verdict = TokenVerdict {
        description: token_description(&report),
        fits: true,
        kind: Some(report.kind),
        findings: report
            .findings
            .into_iter()
            .filter(|f| f.severity != token::Severity::Note)
            .filter(|f| {
                matches!(
                    f.id,
                    token::Check::Time | token::Check::Structure | token::Check::Cnf
                )
            })
            .collect(),
    };
    let host = r.request.as_ref().and_then(|q| host_of(&q.url));
    let audience = report.audience.as_deref().map(token::known::normalize);
    // Only an audience known to be another API's is called wrong: an app's own API id may be anything.
    let other = audience
        .as_deref()
        .filter(|aud| !api.audiences().contains(aud))
        .and_then(token::known::audience);
    if let (Some(other), Some(host), Some(label)) = (other, host, api.label()) {
        verdict.findings.insert(
            0,
            token::Finding::new(
                token::Check::Audience,
                token::Severity::Error,
                fill(Key::TokenOtherApi, &[("their", other.api), ("api", label)]),
            )
            .help(fill(Key::TokenOtherApiFix, &[("host", host)])),
        );
    }
    verdict.fits = !verdict
        .findings
        .iter()
        .any(|f| f.severity == token::Severity::Error);
    verdict
}

/// What to do about a permission failure of an API that is not Defender for Endpoint.
fn other_api_advice(api: Api, r: &Response) -> Cow<'static, str> {
    match api {
        Api::Graph => Cow::Borrowed(get(Key::GraphCallAdvice)),
        Api::Arm => Cow::Borrowed(get(Key::OtherApiArm)),
        Api::LogAnalytics => Cow::Borrowed(get(Key::OtherApiLogAnalytics)),
        Api::Portal => Cow::Borrowed(get(Key::OtherApiPortal)),
        _ => {
            let host = r
                .request
                .as_ref()
                .and_then(|q| host_of(&q.url))
                .unwrap_or("The API that answered");
            Cow::Owned(fill(Key::OtherApiUnknown, &[("host", host)]))
        }
    }
}

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
fn route_facts(
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

pub use crate::operations::nearest::nearest_route;

/// Whether a fact is a wrong-host one (then no nearest route is looked for: the path is right elsewhere).
fn is_wrong_host(f: &Fact) -> bool {
    matches!(&f.id, FactKind::Value { name, .. } if name == "wrong-host")
}

/// A Microsoft Graph security path sent to a Defender for Endpoint host, or a Defender for Endpoint path sent
/// to Microsoft Graph: the request went to the wrong API, whatever the error says.
fn host_family_facts(r: &Response, out: &mut Vec<Fact>) {
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
fn permission_facts(
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

/// Facts from the response's shape and surroundings rather than its message.
fn context_facts(r: &Response, out: &mut Vec<Fact>) {
    let value = |name: &str, value: String, text: String, advice: &str| {
        Fact::of(
            FactKind::Value {
                name: name.to_string(),
                value,
            },
            text,
            advice.to_string(),
        )
    };
    // The reasons nested in the error, whatever its envelope: often the real cause behind a generic code.
    for d in &r.details {
        let line = d.line();
        let text = fill(Key::ValueText, &[("name", "detail"), ("value", &line)]);
        out.push(value("detail", line, text, ""));
    }
    match r.shape {
        Shape::GraphPartial => {
            let provider = r.item_kind.clone().unwrap_or_default();
            let status = r.head.status.map(|s| s.to_string()).unwrap_or_default();
            out.push(value(
                "provider",
                provider.clone(),
                fill(
                    Key::GraphPartialText,
                    &[("provider", provider.as_str()), ("status", status.as_str())],
                ),
                get(Key::GraphPartialAdvice),
            ));
        }
        Shape::BodyLost if r.context == Context::Python => out.push(value(
            "body",
            "lost".into(),
            get(Key::BodyTextPythonLost).into(),
            get(Key::BodyAdvicePythonLost),
        )),
        Shape::BodyLost => out.push(value(
            "body",
            "lost".into(),
            get(Key::BodyTextLost).into(),
            // How to see the body in the client that printed the status line.
            get(match r.context {
                Context::Curl => Key::BodyAdviceLostCurl,
                Context::Wget => Key::BodyAdviceLostWget,
                Context::PowerShell => Key::BodyAdviceLostPowershell,
                Context::PythonUrllib => Key::BodyAdviceLostUrllib,
                Context::PythonHttpx => Key::BodyAdviceLostHttpx,
                Context::PythonAiohttp => Key::BodyAdviceLostAiohttp,
                Context::DotNet => Key::BodyAdviceLostDotnet,
                Context::Axios => Key::BodyAdviceLostAxios,
                Context::Java => Key::BodyAdviceLostJava,
                _ => Key::BodyAdviceLost,
            }),
        )),
        // No JSON body, but the challenge header says why (RFC 6750): that reason, and its fix first. A bearer
        // challenge with an error comes from the API itself, so a text beside it is no proxy's page.
        Shape::StatusOnly if r.head.auth_error.is_some() => {
            let reason = r.head.auth_error.clone().unwrap_or_default();
            let expired = reason.to_ascii_lowercase().contains("expired");
            let advice = if expired {
                get(Key::AuthHeaderAdviceExpired)
            } else {
                get(Key::AuthHeaderAdvice)
            };
            let text = fill(Key::AuthHeaderText, &[("reason", reason.as_str())]);
            out.push(value("www-authenticate", reason, text, advice));
        }
        Shape::StatusOnly if r.body_not_json => out.push(value(
            "body",
            "not-json".into(),
            get(Key::BodyTextNotJson).into(),
            get(Key::BodyAdviceNotJson),
        )),
        Shape::StatusOnly => out.push(value(
            "body",
            "none".into(),
            get(Key::BodyTextNone).into(),
            "",
        )),
        Shape::IndicatorImport => {
            if let Some(ind) = &r.item_id {
                out.push(value(
                    "indicator",
                    ind.clone(),
                    fill(Key::IndicatorText, &[("indicator", ind)]),
                    get(Key::IndicatorAdvice),
                ));
            }
        }
        Shape::MachineAction => {
            let id = r.item_id.clone().unwrap_or_default();
            let kind = r
                .item_kind
                .as_deref()
                .unwrap_or(get(Key::MachineActionKindDefault));
            let machine = r
                .machine_id
                .as_deref()
                .unwrap_or(get(Key::MachineActionMachineDefault));
            // The action's own id: a GET to copy as it is.
            let details = fill(
                Key::MachineActionAdviceDetails,
                &[("id", if id.is_empty() { "{id}" } else { id.as_str() })],
            );
            out.push(value(
                "machine-action",
                id.clone(),
                fill(
                    Key::MachineActionText,
                    &[("kind", kind), ("id", &id), ("machine", machine)],
                ),
                if r.code.as_deref() == Some("MachineActionTimeOut") {
                    get(Key::MachineActionAdviceTimeout)
                } else if r.code.as_deref() == Some("MachineActionCancelled") {
                    get(Key::MachineActionAdviceCancelled)
                } else {
                    &details
                },
            ));
        }

        Shape::Entra => {
            if let Some(e) = &r.entra {
                let text = match e.aadsts {
                    Some(n) => fill(
                        Key::EntraErrorTextAadsts,
                        &[("error", &e.error), ("aadsts", &n.to_string())],
                    ),
                    None => fill(Key::EntraErrorText, &[("error", &e.error)]),
                };
                out.push(value("entra-error", e.error.clone(), text, ""));
            }
        }
        _ => {}
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

fn retry_advice(kind: Retry, r: &Response, op: Option<&'static Route>) -> RetryAdvice {
    let retry_after = r.head.retry_after.clone();
    let after_seconds = retry_after
        .as_deref()
        .and_then(|v| retry_after_seconds(v, r.head.date.as_deref()));
    let text: Cow<'static, str> = match kind {
        Retry::Never => Cow::Borrowed(get(Key::RetryNever)),
        Retry::AfterFix => Cow::Borrowed(get(Key::RetryAfterFix)),
        Retry::AfterDelay => {
            let wait: Cow<'static, str> = match (after_seconds, &retry_after) {
                (Some(s), _) => {
                    Cow::Owned(fill(Key::RetryAfterSeconds, &[("seconds", &s.to_string())]))
                }
                (None, Some(v)) => Cow::Owned(fill(Key::RetryAfterRetryAfter, &[("value", v)])),
                (None, None) => Cow::Borrowed(get(Key::RetryAfterDelay)),
            };
            // Pacing advice only for a 429, and only when the operation's limits are known.
            match op
                .filter(|_| r.head.status == Some(429))
                .and_then(rate_limit)
            {
                Some(rate) => Cow::Owned(fill(Key::RetryPace, &[("wait", &wait), ("rate", &rate)])),
                None => wait,
            }
        }
        Retry::Poll => Cow::Borrowed(get(Key::RetryPoll)),
    };
    RetryAdvice {
        kind,
        after_seconds,
        retry_after,
        text,
    }
}

/// The operation's rate limits in words, when the table knows any.
fn rate_limit(o: &Route) -> Option<String> {
    let name = ("operation", o.name);
    Some(match (o.rate_per_minute, o.rate_per_hour) {
        (Some(m), Some(h)) => fill(
            Key::RatePerMinuteAndHour,
            &[
                name,
                ("per-minute", &m.to_string()),
                ("per-hour", &h.to_string()),
            ],
        ),
        (Some(m), None) => fill(Key::RatePerMinute, &[name, ("per-minute", &m.to_string())]),
        (None, Some(h)) => fill(Key::RatePerHour, &[name, ("per-hour", &h.to_string())]),
        (None, None) => return None,
    })
}

/// Seconds to wait from a `Retry-After` value: delay-seconds, or an HTTP-date minus the response's `Date`.
pub fn retry_after_seconds(value: &str, date: Option<&str>) -> Option<u64> {
    let value = value.trim();
    if let Ok(s) = value.parse::<u64>() {
        return Some(s);
    }
    let at = http_date(value)?;
    let now = http_date(date?)?;
    Some(at.saturating_sub(now).max(0) as u64)
}

/// Totals for `--summary`: bounded memory whatever the input size.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub responses: u64,
    pub unreadable: u64,
    /// Lines read from every input: with `responses` and `unreadable`, shows the whole input was scanned.
    pub lines: u64,
    /// Inputs that could not be opened or read to the end (each reported on stderr).
    pub inputs_failed: u64,
    pub transient: u64,
    pub needs_fix: u64,
    /// Count per code (codes past [`Summary::MAX_CODES`] distinct ones are counted under `(other)`).
    pub by_code: std::collections::BTreeMap<String, u64>,
    /// Count per HTTP status (`None`: not known).
    pub by_status: std::collections::BTreeMap<Option<u16>, u64>,
    pub first: Option<Location>,
    pub last: Option<Location>,
    /// The first [`Summary::MAX_TARGETS`] distinct correlation ids.
    pub targets: Vec<String>,
    /// Responses whose correlation id is not in `targets` (the list is full).
    pub targets_not_listed: u64,
}

impl Summary {
    /// Distinct codes counted by name; hostile input cannot grow the map past this.
    pub const MAX_CODES: usize = 1000;
    /// Correlation ids listed.
    pub const MAX_TARGETS: usize = 20;

    /// Counts one diagnosis of a listing: only what the exit status needs (the listing is the detail).
    pub fn add(&mut self, d: &Diagnosis) {
        self.responses += 1;
        if d.is_transient() {
            self.transient += 1;
        } else {
            self.needs_fix += 1;
        }
    }

    /// Adds the counts of [`Summary::add`] made elsewhere (another thread's share of a listing).
    pub fn add_counts(&mut self, other: &Summary) {
        self.responses += other.responses;
        self.transient += other.transient;
        self.needs_fix += other.needs_fix;
        self.unreadable += other.unreadable;
    }

    /// Counts one response's tally (see [`tally`]), found in `file`.
    pub fn count(&mut self, file: &Arc<str>, t: Tally) {
        self.responses += 1;
        if t.transient {
            self.transient += 1;
        } else {
            self.needs_fix += 1;
        }
        // Look up before inserting: a code seen before costs no allocation.
        if let Some(n) = self.by_code.get_mut(t.code.as_ref()) {
            *n += 1;
        } else {
            let key = if self.by_code.len() < Self::MAX_CODES {
                t.code.into_owned()
            } else {
                "(other)".to_string()
            };
            *self.by_code.entry(key).or_insert(0) += 1;
        }
        *self.by_status.entry(t.http_status).or_insert(0) += 1;
        let here = || Location {
            file: Arc::clone(file),
            line: t.line,
        };
        if self.first.is_none() {
            self.first = Some(here());
        }
        match &mut self.last {
            // Same file: only the line moves (no reference count traffic).
            Some(last) if Arc::ptr_eq(&last.file, file) => last.line = t.line,
            last => *last = Some(here()),
        }
        if let Some(id) = t.correlation_id {
            // Ids are mostly random: the last byte tells most apart without a call to memcmp.
            let same = |t: &String| t.as_bytes().last() == id.as_bytes().last() && *t == id;
            if !self.targets.iter().any(same) {
                if self.targets.len() < Self::MAX_TARGETS {
                    self.targets.push(id);
                } else {
                    self.targets_not_listed += 1;
                }
            }
        }
    }
}

/// The token's version for the verdict line: its `ver` claim, else what its issuer implies, else that it is
/// not stated (never a bare `v?`).
fn token_version(report: &token::Report) -> String {
    match (report.version.as_deref(), report.version_from_issuer()) {
        (Some(v), _) => format!("v{v}"),
        (None, Some(v)) => fill(Key::TokenVersionByIssuer, &[("version", v)]),
        (None, None) => get(Key::TokenVersionUnknown).to_string(),
    }
}
#[cfg(test)]
mod tests;
