//! The audience check: whom the token was issued for, and whether the MDE API (in the request's cloud)
//! accepts it.

use super::request_fix;
use crate::token::known::{self, Cloud, Verdict};
use crate::token::{AudienceVerdict, Check, Finding, Severity, TokenType};

/// The audience verdict and its findings; `fix` in each error says how to request a token for the MDE API.
pub(super) fn check_audience(
    audience: Option<&str>,
    app_id: Option<&str>,
    version: Option<&str>,
    api_host: Option<&str>,
    cloud: Cloud,
    token_type: TokenType,
) -> (AudienceVerdict, Vec<Finding>) {
    let fix = request_fix(version, cloud);
    let Some(aud) = audience else {
        return (
            AudienceVerdict::Missing,
            vec![Finding::new(
                Check::Audience,
                Severity::Error,
                "the token has no `aud` claim, so no API accepts it",
            )
            .help(fix)],
        );
    };
    if token_type == TokenType::IdToken {
        return (
            AudienceVerdict::OwnApp,
            vec![Finding::new(
                Check::Audience,
                Severity::Note,
                "the audience is the client id of the app the user signed in to, as in every ID token",
            )],
        );
    }
    if app_id.is_some_and(|id| known::normalize(id) == known::normalize(aud)) {
        return (
            AudienceVerdict::OwnApp,
            vec![
                Finding::new(
                    Check::Audience,
                    Severity::Error,
                    "the token was issued for your own application (its audience is the client's own id), not for the MDE API",
                )
                .help(fix),
                Finding::new(
                    Check::Audience,
                    Severity::Note,
                    "the token is for the API your own app registration exposes: it was requested with the app's own scope (its client id or api://…/.default)",
                ),
            ],
        );
    }
    let Some(entry) = known::audience(aud) else {
        return (
            AudienceVerdict::Unknown,
            vec![
                Finding::new(
                    Check::Audience,
                    Severity::Error,
                    "the audience is not one the MDE API accepts; the API answers 401 to such tokens",
                )
                .help(fix),
                Finding::new(
                    Check::Audience,
                    Severity::Note,
                    "the token is for an API this tool does not know; a GUID or api://… audience is usually an app registration's own API",
                ),
            ],
        );
    };
    known_audience(aud, entry, version, api_host, fix)
}

/// The verdict on an audience found in the table of known ones; `fix` says how to request the right token.
fn known_audience(
    aud: &str,
    entry: &known::Audience,
    version: Option<&str>,
    api_host: Option<&str>,
    fix: String,
) -> (AudienceVerdict, Vec<Finding>) {
    match entry.verdict {
        Verdict::Accepted | Verdict::Older => {
            let host_cloud = api_host.and_then(Cloud::of_api_host);
            if let Some(host_cloud) = host_cloud.filter(|c| *c != entry.cloud) {
                return (
                    AudienceVerdict::OtherCloud,
                    vec![Finding::new(
                        Check::Audience,
                        Severity::Error,
                        format!(
                            "the token is for the MDE API in the {}, but the request goes to the {}",
                            entry.cloud.name(),
                            host_cloud.name()
                        ),
                    )
                    .help(request_fix(version, host_cloud))],
                );
            }
            let (verdict, message) = if entry.verdict == Verdict::Older {
                (
                    AudienceVerdict::OlderIdentifier,
                    format!(
                        "the audience {} is an older identifier of the {}, which accepts it. {}",
                        entry.value, entry.api, entry.source
                    ),
                )
            } else {
                (
                    AudienceVerdict::Accepted,
                    format!("the audience is the {}. {}", entry.api, entry.source),
                )
            };
            let mut found = vec![Finding::new(Check::Audience, Severity::Note, message)];
            // Matched ignoring case: the service may compare exactly, so say so.
            if aud.trim_end_matches('/') != entry.value {
                found.push(
                    Finding::new(
                        Check::Audience,
                        Severity::Warning,
                        format!(
                            "the audience differs from the documented {} in letter case",
                            entry.value
                        ),
                    )
                    .help(fix),
                );
            }
            (verdict, found)
        }
        Verdict::Doubtful => (
            AudienceVerdict::Doubtful,
            vec![Finding::new(
                Check::Audience,
                Severity::Warning,
                format!(
                    "the token was issued for the {}, which the MDE docs do not establish as an accepted audience. {}",
                    entry.api, entry.source
                ),
            )
            .help(format!("If the MDE API answers 401: {}", lowercase_first(&fix)))],
        ),
        Verdict::Wrong => (
            AudienceVerdict::OtherApi,
            vec![
                Finding::new(
                    Check::Audience,
                    Severity::Error,
                    format!(
                        "the token was issued for {}, not for the MDE API, which answers 401 to it",
                        entry.api
                    ),
                )
                .help(fix),
                Finding::new(
                    Check::Audience,
                    Severity::Note,
                    format!("the token is for {}. {}", entry.api, entry.source),
                ),
            ],
        ),
    }
}

pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}
