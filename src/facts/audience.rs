//! Facts of a free-text reason or audience: the token's audience and the tenant account's state.

use super::advice::{self, fill, Key};
use super::{Fact, FactKind};

/// The first word of a value (`00000002-…, Issuer: …` → the id), without quotes or a final period.
pub(super) fn first_word(text: &str) -> Option<&str> {
    let word = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .find(|w| !w.is_empty())?;
    let word = word.strip_suffix('.').unwrap_or(word);
    let word = word.trim_matches(|c| c == '\'' || c == '"');
    let word = word.strip_suffix('.').unwrap_or(word);
    (!word.is_empty()).then_some(word)
}

/// The value after `Audience:` in a message, if it names one.
pub(super) fn audience_in(text: &str) -> Option<&str> {
    let at = crate::redact::find_ignore_case(text.as_bytes(), b"audience:", 0)?;
    first_word(text.get(at + "audience:".len()..)?)
}

/// What a token's audience means for a call to the Defender for Endpoint API (commercial cloud).
pub(super) fn audience_fact(aud: &str) -> Fact {
    audience_fact_for(aud, crate::token::known::MDE_RESOURCE)
}

/// Rewrites the audience advice for the MDE resource of the cloud the call went to (`api-gov…` wants
/// `https://api-gov.securitycenter.microsoft.us`, not the commercial resource).
pub(crate) fn for_cloud_resource(facts: &mut [Fact], resource: &str) {
    for f in facts {
        if let FactKind::TokenAudience { value, .. } = &f.id {
            *f = audience_fact_for(&value.clone(), resource);
        }
    }
}

/// [`audience_fact`] advising `resource` as the one to request.
fn audience_fact_for(aud: &str, resource: &str) -> Fact {
    use crate::token::known::{self, Verdict};
    let found = known::audience(aud);
    let accepted = found.is_some_and(|a| a.verdict == Verdict::Accepted);
    let resource = ("resource", resource);
    let (text, advice) = match found {
        Some(_) if accepted => (
            fill(Key::AudienceTextAccepted, &[("audience", aud)]),
            advice::get(Key::AudienceAdviceAccepted).to_string(),
        ),
        Some(a) => (
            fill(Key::AudienceTextKnown, &[("audience", aud), ("api", a.api)]),
            fill(Key::AudienceAdviceWrong, &[resource]),
        ),
        None => (
            fill(Key::AudienceTextUnknown, &[("audience", aud)]),
            fill(Key::AudienceAdviceWrong, &[resource]),
        ),
    };
    Fact::of(
        FactKind::TokenAudience {
            value: aud.to_string(),
            api: found.map(|a| a.api),
            accepted,
        },
        text,
        advice,
    )
}

/// Words in a `reason of failure` that name the state of the tenant's account, and their sentences.
const ACCOUNT_STATES: &[(&str, &str, Key, Key)] = &[
    (
        "account mode is inactive",
        "inactive",
        Key::AccountStateTextInactive,
        Key::AccountStateAdviceInactive,
    ),
    (
        "suspended account mode",
        "suspended",
        Key::AccountStateTextSuspended,
        Key::AccountStateAdviceSuspended,
    ),
    (
        "no tvm license",
        "no-license",
        Key::AccountStateTextNoLicense,
        Key::AccountStateAdviceNoLicense,
    ),
];

/// The account-state fact a failure reason names, if any.
pub(super) fn account_state_fact(reason: &str) -> Option<Fact> {
    let (_, state, text, advice) = ACCOUNT_STATES.iter().find(|(words, ..)| {
        crate::redact::find_ignore_case(reason.as_bytes(), words.as_bytes(), 0).is_some()
    })?;
    Some(Fact::of(
        FactKind::AccountState {
            state,
            reason: reason.to_string(),
        },
        fill(*text, &[("reason", reason)]),
        advice::get(*advice).to_string(),
    ))
}
