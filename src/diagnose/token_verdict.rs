//! The token doctor's verdict on the bearer token of a request that failed with 401 or 403.

use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::finding::Severity;
use crate::operations::Route;
use crate::response::Response;
use crate::time::http_date;
use crate::token;

use super::api::Api;
use super::request::host_of;

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

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

/// [`token_verdict`] beside the facts found so far: a permission the message already named is not said
/// again by the token's finding.
pub(super) fn token_verdict_beside(
    r: &Response,
    route: Option<&'static Route>,
    api: Api,
    details: &[Fact],
) -> Option<TokenVerdict> {
    let mut token = token_verdict(r, route, api);
    if details
        .iter()
        .any(|f| matches!(f.id, FactKind::MissingRoles { .. }))
    {
        if let Some(t) = token.as_mut() {
            t.findings.retain(|f| f.id != token::Check::Permissions);
        }
    }
    token
}

/// Whether the token's findings name a missing permission (an error, not a remark).
pub(super) fn names_permission(token: Option<&TokenVerdict>) -> bool {
    token.is_some_and(|t| {
        t.findings
            .iter()
            .any(|f| f.id == token::Check::Permissions && f.severity == Severity::Error)
    })
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
    // `Authorization: Bearer ` and nothing after it: the variable that held the token was empty when the
    // command ran (an unset `$TOKEN`, a failed token request before it).
    let sent = bearer.expose().trim();
    if sent.is_empty() || sent.eq_ignore_ascii_case("bearer") {
        return Some(TokenVerdict {
            description: get(Key::TokenEmptyDescription).to_string(),
            findings: vec![token::Finding::new(
                token::Check::Structure,
                token::Severity::Error,
                get(Key::TokenEmptyText).to_string(),
            )
            .help(get(Key::TokenEmptyFix).to_string())],
            fits: false,
            kind: None,
        });
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
fn token_description(report: &token::TokenReport) -> String {
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

/// The token's version for the verdict line: its `ver` claim, else what its issuer implies, else that it is
/// not stated (never a bare `v?`).
fn token_version(report: &token::TokenReport) -> String {
    match (report.version.as_deref(), report.version_from_issuer()) {
        (Some(v), _) => format!("v{v}"),
        (None, Some(v)) => fill(Key::TokenVersionByIssuer, &[("version", v)]),
        (None, None) => get(Key::TokenVersionUnknown).to_string(),
    }
}

/// The token verdict for a call to another API than Defender for Endpoint: the token doctor's checks judge a
/// token for the MDE API, so only those that hold for any API stay (its lifetime, the header's form, a
/// proof-of-possession binding), and the audience is held to the API that was called.
fn other_api_verdict(r: &Response, api: Api, report: token::TokenReport) -> TokenVerdict {
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
    // Only an audience known to be another API's is called wrong (an app's own API id may be anything), and
    // only for an API whose own audiences are known: what an unknown API accepts is not ours to say.
    let own = api.audiences();
    let other = audience
        .as_deref()
        .filter(|aud| !own.is_empty() && !own.contains(aud))
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
