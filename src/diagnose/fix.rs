//! What to do: the steps of a diagnosis's fix, this case's own first, then the catalog's general ones.

use crate::catalog::Entry;
use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::finding::Severity;
use crate::response::Response;

use super::api::Api;
use super::identify::Unnamed;
use super::request::host_of;
use super::token_verdict::TokenVerdict;

use std::borrow::Cow;

/// This case's own steps: what the token itself shows wrong first (it is this case's cause, ahead of any
/// general step), then each fact's advice, then the nearest known code to an unknown one (else where the
/// known ones are listed). Room is made for the catalog's steps too (`entry`'s), so the list grows once.
pub(super) fn case_steps(
    token: Option<&TokenVerdict>,
    details: &[Fact],
    unnamed: &Unnamed,
    entry: Option<&Entry>,
) -> Vec<Cow<'static, str>> {
    let room = details.len() + entry.map_or(0, |e| e.fix.len()) + 1;
    let mut fix: Vec<Cow<'static, str>> = Vec::with_capacity(room);
    fix.extend(
        token
            .iter()
            .flat_map(|t| &t.findings)
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.help.clone().map(Cow::Owned)),
    );
    for help in details.iter().filter_map(|f| f.help.as_deref()) {
        if !fix.iter().any(|s| s == help) {
            fix.push(Cow::Owned(help.to_string()));
        }
    }
    match unnamed.suggestion {
        Some(s) => fix.push(Cow::Owned(fill(Key::SuggestionFix, &[("code", s)]))),
        None if unnamed.unknown_code => fix.push(Cow::Borrowed(get(Key::SuggestionNone))),
        None if unnamed.cut_before_code => fix.push(Cow::Borrowed(get(Key::SuggestionCut))),
        None => {}
    }
    fix
}

/// The catalog's general steps after this case's own (`{machine-id}` filled in from the request), leaving
/// out Defender-only steps for another API's error and putting that API's own advice in their place.
pub(super) fn catalog_steps(
    fix: &mut Vec<Cow<'static, str>>,
    entry: Option<&'static Entry>,
    details: &[Fact],
    api: Api,
    machine: Option<&str>,
    r: &Response,
) {
    let mde_steps = api.takes_mde_steps();
    // When the message says the tenant's account is not active, the catalog's token steps do not apply.
    let account_state = details
        .iter()
        .any(|f| matches!(f.id, FactKind::AccountState { .. }));
    if let Some(e) = entry.filter(|_| !account_state) {
        let mut left_out = false;
        let number = (e.code == crate::catalog::AADSTS_GENERIC)
            .then(|| aadsts_number(r))
            .flatten()
            .map(|n| n.to_string());
        for (i, step) in e.fix.iter().enumerate() {
            let step: &'static str = step;
            // A Defender-only step (WindowsDefenderATP permissions, the Defender portal) misleads a call to
            // another API.
            if !mde_steps && e.fix_mde_only.get(i).copied().unwrap_or(false) {
                left_out = true;
                continue;
            }
            fix.push(match machine {
                Some(m) if step.contains("{machine-id}") => {
                    Cow::Owned(step.replace("{machine-id}", m))
                }
                _ => match &number {
                    // The generic AADSTS entry's lookup step, for the number this paste carried.
                    Some(n) if step.contains(crate::catalog::AADSTS_NUMBER_MARK) => {
                        Cow::Owned(step.replace(crate::catalog::AADSTS_NUMBER_MARK, n))
                    }
                    _ => Cow::Borrowed(step),
                },
            });
        }
        // The answering API's counterpart of the permission steps left out; other steps are simply left out.
        if left_out && matches!(e.status, 401 | 403) {
            fix.push(other_api_advice(api, r));
        }
    } else if !mde_steps && api != Api::Entra && matches!(r.head.status, Some(401 | 403)) {
        // No catalog entry (an unknown code): the answering API's own permission advice, never Defender's.
        fix.push(other_api_advice(api, r));
    }
}

/// The AADSTS number a response carried: in its Entra error, or as its code (`AADSTS50173`).
fn aadsts_number(r: &Response) -> Option<u32> {
    r.entra
        .as_ref()
        .and_then(|e| e.aadsts)
        .or_else(|| r.code.as_deref().and_then(crate::catalog::aadsts_number))
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
