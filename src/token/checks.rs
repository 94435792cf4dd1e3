//! The checks, each turning decoded claims into findings: audience, time, kind, version, permissions; plus
//! what the token can call per operation family. Messages never quote identifying claims.

use serde_json::{Map, Value};

use super::decode::Decoded;
use super::known::{self, Cloud, Verdict, CLOCK_SKEW_SECONDS};
use super::{Family, Finding, Options, Report, Severity, TokenKind};
use crate::operations::{Operation, OPERATIONS};
use crate::time::{format_span, format_utc, unix_seconds};

fn string_claim(claims: &Map<String, Value>, key: &str) -> Option<String> {
    claims.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A NumericDate claim; `Err` when present but not a number.
fn time_claim(claims: &Map<String, Value>, key: &str) -> Result<Option<i64>, ()> {
    match claims.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            // Float seconds: whole seconds are enough for minute-level messages.
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .map(Some)
            .ok_or(()),
        Some(Value::String(s)) => s.trim().parse::<i64>().map(Some).map_err(|_| ()),
        Some(_) => Err(()),
    }
}

/// Builds the report: summary fields from the claims, then every check.
pub fn run(decoded: Decoded, options: &Options<'_>) -> Report {
    let claims = decoded.claims;
    let now = unix_seconds(options.now);
    let mut findings = Vec::new();

    let audience = match claims.get("aud") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .find(|a| known::audience(a).is_some_and(|k| k.verdict == Verdict::Accepted))
            .or_else(|| items.iter().find_map(Value::as_str))
            .map(str::to_owned),
        _ => None,
    };
    let app_id = string_claim(&claims, "appid").or_else(|| string_claim(&claims, "azp"));
    let version = string_claim(&claims, "ver");
    let issuer = string_claim(&claims, "iss");

    let roles: Vec<String> = match claims.get("roles") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let scopes: Option<Vec<String>> =
        string_claim(&claims, "scp").map(|s| s.split_whitespace().map(str::to_owned).collect());
    let (kind, permissions) = match scopes {
        Some(scp) => (TokenKind::Delegated, scp),
        None if claims.contains_key("roles")
            || string_claim(&claims, "idtyp").as_deref() == Some("app") =>
        {
            (TokenKind::Application, roles)
        }
        None => (TokenKind::Unknown, roles),
    };

    let mut times = [None; 3];
    for (slot, key) in times.iter_mut().zip(["iat", "nbf", "exp"]) {
        match time_claim(&claims, key) {
            Ok(t) => *slot = t,
            Err(()) => findings.push(Finding::new(
                "time",
                Severity::Warning,
                format!("the `{key}` claim is not a number of seconds, so it was not checked"),
            )),
        }
    }
    let [issued_at, not_before, expires] = times;

    let cloud = request_cloud(options.api_host, audience.as_deref(), issuer.as_deref());
    findings.extend(check_audience(
        audience.as_deref(),
        app_id.as_deref(),
        version.as_deref(),
        options.api_host,
        cloud,
    ));
    // An `exp` that is present but unreadable was reported above; "no `exp` claim" would contradict it.
    let exp_unreadable = expires.is_none() && claims.contains_key("exp");
    findings.extend(
        check_time(now, issued_at, not_before, expires)
            .into_iter()
            .filter(|f| !(exp_unreadable && f.message.contains("has no `exp` claim"))),
    );
    findings.extend(check_kind(kind, &permissions));
    findings.extend(check_version(version.as_deref(), issuer.as_deref()));
    findings.extend(check_traps(&permissions));
    let mut coverage = Vec::new();
    match options.operation {
        Some(op) => findings.extend(check_operation(op, kind, &permissions)),
        None => {
            coverage = families(kind, &permissions);
            if kind != TokenKind::Unknown && coverage.iter().all(|f| f.can.is_empty()) {
                findings.push(
                    Finding::new(
                        "permissions",
                        Severity::Warning,
                        "the token holds none of the permissions the known MDE operations take",
                    )
                    .with_fix(
                        "Grant the WindowsDefenderATP permissions your calls need (see `mdediag operations NAME`), grant admin consent, then request a new token",
                    ),
                );
            }
        }
    }
    findings.sort_by_key(|f| f.severity);

    Report {
        algorithm: decoded
            .header
            .get("alg")
            .and_then(Value::as_str)
            .map(str::to_owned),
        kind,
        version,
        audience_api: audience.as_deref().and_then(known::audience).map(|a| a.api),
        audience,
        tenant: string_claim(&claims, "tid"),
        app_id,
        object_id: string_claim(&claims, "oid"),
        user: string_claim(&claims, "upn")
            .or_else(|| string_claim(&claims, "unique_name"))
            .or_else(|| string_claim(&claims, "preferred_username")),
        issuer,
        issued_at,
        not_before,
        expires,
        permissions,
        now,
        operation: options.operation.map(|o| o.name),
        findings,
        coverage,
        redacted: false,
        claims,
    }
}

/// The cloud the request goes to: the API host when known, else the token's own audience or issuer.
fn request_cloud(api_host: Option<&str>, audience: Option<&str>, issuer: Option<&str>) -> Cloud {
    if let Some(cloud) = api_host.and_then(Cloud::of_api_host) {
        return cloud;
    }
    if let Some(a) = audience.and_then(known::audience) {
        if a.verdict == Verdict::Accepted {
            return a.cloud;
        }
    }
    if issuer.is_some_and(|i| i.contains("microsoftonline.us")) {
        return Cloud::GccHigh;
    }
    Cloud::Commercial
}

/// The exact token request to make instead, led by the endpoint the token came from.
fn request_fix(version: Option<&str>, cloud: Cloud) -> String {
    let resource = cloud.resource();
    let login = cloud.login();
    if version == Some("2.0") {
        format!(
            "Request the token from the v2.0 endpoint {login}/{{tenantId}}/oauth2/v2.0/token with scope={resource}/.default (that endpoint takes `scope`, not `resource`), or from the v1 endpoint {login}/{{tenantId}}/oauth2/token with resource={resource}"
        )
    } else {
        format!(
            "Request the token from {login}/{{tenantId}}/oauth2/token with resource={resource}, or from the v2.0 endpoint {login}/{{tenantId}}/oauth2/v2.0/token with scope={resource}/.default"
        )
    }
}

fn check_audience(
    audience: Option<&str>,
    app_id: Option<&str>,
    version: Option<&str>,
    api_host: Option<&str>,
    cloud: Cloud,
) -> Vec<Finding> {
    let fix = request_fix(version, cloud);
    let Some(aud) = audience else {
        return vec![Finding::new(
            "audience",
            Severity::Error,
            "the token has no `aud` claim, so no API accepts it",
        )
        .with_fix(fix)];
    };
    if app_id.is_some_and(|id| known::normalize(id) == known::normalize(aud)) {
        return vec![Finding::new(
            "audience",
            Severity::Error,
            "the token was issued for your own application (its audience is the client's own id): an ID token, or a token requested with your app's own scope",
        )
        .with_fix(fix)];
    }
    let Some(entry) = known::audience(aud) else {
        return vec![Finding::new(
            "audience",
            Severity::Error,
            "the audience is not one the MDE API accepts; the API answers 401 to such tokens",
        )
        .with_fix(fix)];
    };
    match entry.verdict {
        Verdict::Accepted => {
            let host_cloud = api_host.and_then(Cloud::of_api_host);
            if let Some(host_cloud) = host_cloud.filter(|c| *c != entry.cloud) {
                return vec![Finding::new(
                    "audience",
                    Severity::Error,
                    format!(
                        "the token is for the MDE API in the {}, but the request goes to the {}",
                        entry.cloud.name(),
                        host_cloud.name()
                    ),
                )
                .with_fix(request_fix(version, host_cloud))];
            }
            let mut found = vec![Finding::new(
                "audience",
                Severity::Info,
                format!("the audience is the {}. {}", entry.api, entry.source),
            )];
            // Matched ignoring case: the service may compare exactly, so say so.
            if aud.trim_end_matches('/') != entry.value {
                found.push(
                    Finding::new(
                        "audience",
                        Severity::Warning,
                        format!(
                            "the audience differs from the documented {} in letter case",
                            entry.value
                        ),
                    )
                    .with_fix(fix),
                );
            }
            found
        }
        Verdict::Doubtful => vec![Finding::new(
            "audience",
            Severity::Warning,
            format!(
                "the token was issued for the {}, which the MDE docs do not establish as an accepted audience. {}",
                entry.api, entry.source
            ),
        )
        .with_fix(format!("If the MDE API answers 401: {}", lowercase_first(&fix)))],
        Verdict::Wrong => vec![Finding::new(
            "audience",
            Severity::Error,
            format!(
                "the token was issued for {}, not for the MDE API, which answers 401 to it. {}",
                entry.api, entry.source
            ),
        )
        .with_fix(fix)],
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

fn check_time(
    now: i64,
    issued_at: Option<i64>,
    not_before: Option<i64>,
    expires: Option<i64>,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let renew = "Request a new token (they last about an hour); cache it and renew it a few minutes before `exp`";
    match expires {
        None => found.push(Finding::new(
            "time",
            Severity::Warning,
            "the token has no `exp` claim; Entra ID access tokens always have one",
        )),
        Some(exp) => {
            let left = exp.saturating_sub(now);
            if left < -CLOCK_SKEW_SECONDS {
                found.push(
                    Finding::new(
                        "time",
                        Severity::Error,
                        format!("expired {} ago (at {})", format_span(left), format_utc(exp)),
                    )
                    .with_fix(renew),
                );
            } else if left <= 0 {
                found.push(
                    Finding::new(
                        "time",
                        Severity::Warning,
                        format!(
                            "expired {} ago (at {}), within the 5 min clock-skew allowance: it stops working any moment",
                            format_span(left),
                            format_utc(exp)
                        ),
                    )
                    .with_fix(renew),
                );
            } else if left < CLOCK_SKEW_SECONDS {
                found.push(
                    Finding::new(
                        "time",
                        Severity::Warning,
                        format!("expires in {} (at {})", format_span(left), format_utc(exp)),
                    )
                    .with_fix(renew),
                );
            } else {
                found.push(Finding::new(
                    "time",
                    Severity::Info,
                    format!(
                        "valid for another {} (until {})",
                        format_span(left),
                        format_utc(exp)
                    ),
                ));
            }
        }
    }
    if let Some(nbf) = not_before {
        let wait = nbf.saturating_sub(now);
        if wait > CLOCK_SKEW_SECONDS {
            found.push(
                Finding::new(
                    "time",
                    Severity::Error,
                    format!("not valid yet: valid from {} ({} from now)", format_utc(nbf), format_span(wait)),
                )
                .with_fix("Check this machine's clock (and --now); a token that is not yet valid usually means the clock is behind"),
            );
        } else if wait > 0 {
            found.push(Finding::new(
                "time",
                Severity::Warning,
                format!(
                    "valid only in {}, within the 5 min clock-skew allowance",
                    format_span(wait)
                ),
            ));
        }
    }
    if let Some(iat) = issued_at {
        if iat.saturating_sub(now) > CLOCK_SKEW_SECONDS && not_before.is_none_or(|n| n <= now) {
            found.push(
                Finding::new(
                    "time",
                    Severity::Warning,
                    format!(
                        "issued {} in the future ({})",
                        format_span(iat.saturating_sub(now)),
                        format_utc(iat)
                    ),
                )
                .with_fix("Check this machine's clock (and --now)"),
            );
        }
    }
    found
}

fn check_kind(kind: TokenKind, permissions: &[String]) -> Vec<Finding> {
    match kind {
        TokenKind::Application => {
            let mut f = Finding::new(
                "kind",
                Severity::Info,
                "application token (app-only, client credentials): its permissions are the `roles` claim",
            );
            if permissions.is_empty() {
                f = Finding::new(
                    "kind",
                    Severity::Error,
                    "application token without any role: the app was granted no application permission (or consent is missing)",
                )
                .with_fix("In Entra ID: App registrations → your app → API permissions → Add a permission → APIs my organization uses → WindowsDefenderATP → Application permissions; then Grant admin consent and request a new token");
            }
            vec![f]
        }
        TokenKind::Delegated => vec![Finding::new(
            "kind",
            Severity::Info,
            "delegated token (on behalf of a signed-in user): its permissions are the `scp` claim, and the user also needs an MDE role and device-group access that the token cannot show",
        )],
        TokenKind::Unknown => vec![Finding::new(
            "kind",
            Severity::Error,
            "the token has neither `roles` (application permissions) nor `scp` (delegated permissions)",
        )
        .with_fix("Grant the app WindowsDefenderATP permissions in Entra ID (API permissions), grant admin consent, then request a new token for the MDE API")],
    }
}

fn check_version(version: Option<&str>, issuer: Option<&str>) -> Vec<Finding> {
    let issuer_v2 = issuer.map(|i| i.trim_end_matches('/').ends_with("/v2.0"));
    match version {
        Some("1.0") => {
            let mut f = vec![Finding::new(
                "version",
                Severity::Info,
                format!("v1.0 token; the version follows the API the token is for, not the endpoint used: the v1 endpoint {} takes resource=…, the v2.0 endpoint {} takes scope=…/.default", known::V1_TOKEN_ENDPOINT, known::V2_TOKEN_ENDPOINT),
            )];
            if issuer_v2 == Some(true) {
                f.push(Finding::new(
                    "version",
                    Severity::Warning,
                    "`ver` says 1.0 but the issuer is a v2.0 one: the token may have been edited",
                ));
            }
            f
        }
        Some("2.0") => {
            let mut f = vec![Finding::new(
                "version",
                Severity::Info,
                format!("v2.0 token; the v2.0 endpoint {} takes scope=…/.default and refuses resource=, the v1 endpoint {} takes resource=…", known::V2_TOKEN_ENDPOINT, known::V1_TOKEN_ENDPOINT),
            )];
            if issuer_v2 == Some(false) {
                f.push(Finding::new(
                    "version",
                    Severity::Warning,
                    "`ver` says 2.0 but the issuer is a v1.0 one: the token may have been edited",
                ));
            }
            f
        }
        Some(_) => vec![Finding::new(
            "version",
            Severity::Warning,
            "unknown `ver` value: Entra ID access tokens say 1.0 or 2.0",
        )],
        None => vec![Finding::new(
            "version",
            Severity::Warning,
            "no `ver` claim: this may not be a Microsoft Entra ID access token",
        )],
    }
}

fn check_traps(permissions: &[String]) -> Vec<Finding> {
    permissions
        .iter()
        .filter_map(|p| known::trap_for(p))
        .map(|t| {
            let f = Finding::new(
                "permissions",
                Severity::Warning,
                format!("`{}` is not an MDE permission: {}", t.name, t.explanation),
            );
            match t.mde {
                Some(mde) => f.with_fix(format!(
                    "Grant `{mde}` from the WindowsDefenderATP API instead"
                )),
                None => f,
            }
        })
        .collect()
}

fn has_any(permissions: &[String], needed: &[&str]) -> Option<String> {
    needed
        .iter()
        .map(|n| known::canonical_permission(n))
        .find(|n| permissions.iter().any(|p| p == n))
        .map(str::to_owned)
}

fn one_of(names: &[&str]) -> String {
    let names: Vec<String> = names
        .iter()
        .map(|n| format!("`{}`", known::canonical_permission(n)))
        .collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        _ => format!("one of {}", names.join(", ")),
    }
}

/// Whether a token of `kind` with `permissions` can call `op`.
fn can_call(op: &Operation, kind: TokenKind, permissions: &[String]) -> bool {
    let needed = match kind {
        TokenKind::Application => op.app_permissions,
        TokenKind::Delegated => op.delegated_permissions,
        TokenKind::Unknown => return false,
    };
    has_any(permissions, needed).is_some()
}

fn check_operation(op: &Operation, kind: TokenKind, permissions: &[String]) -> Vec<Finding> {
    let (needed, other, label) = match kind {
        TokenKind::Application => (op.app_permissions, op.delegated_permissions, "application"),
        TokenKind::Delegated => (op.delegated_permissions, op.app_permissions, "delegated"),
        TokenKind::Unknown => {
            return vec![Finding::new(
                "permissions",
                Severity::Error,
                format!(
                    "{} needs {} (application) or {} (delegated); the token holds neither kind",
                    op.name,
                    one_of(op.app_permissions),
                    one_of(op.delegated_permissions)
                ),
            )];
        }
    };
    if needed.is_empty() {
        let (message, fix) = match kind {
            TokenKind::Application => (
                format!("{} takes no application permission: an app-only token cannot call it", op.name),
                format!("Call it with a delegated token (a signed-in user) holding {}", one_of(other)),
            ),
            _ => (
                format!("{} takes only application permissions: a delegated (user) token cannot call it", op.name),
                format!("Get an app-only token (client credentials grant) for an app granted the application permission {}", one_of(other)),
            ),
        };
        return vec![Finding::new("permissions", Severity::Error, message).with_fix(fix)];
    }
    if let Some(held) = has_any(permissions, needed) {
        return vec![Finding::new(
            "permissions",
            Severity::Info,
            format!("the token holds `{held}`, which {} takes", op.name),
        )];
    }
    let kind_word = if kind == TokenKind::Application {
        "Application"
    } else {
        "Delegated"
    };
    let mut fix = format!(
        "In Entra ID: App registrations → your app → API permissions → Add a permission → APIs my organization uses → WindowsDefenderATP → {kind_word} permissions → {}; Grant admin consent, then request a new token (permissions are fixed when a token is issued)",
        one_of(needed)
    );
    // The application and delegated names differ (`.All`): granting the other kind's name is a common slip.
    let counterparts: Vec<&str> = needed
        .iter()
        .map(|n| known::canonical_permission(n))
        .filter_map(|n| {
            known::APP_DELEGATED_PAIRS
                .iter()
                .find_map(|(app, del)| match kind {
                    TokenKind::Application if *app == n => Some(*del),
                    TokenKind::Delegated if *del == n => Some(*app),
                    _ => None,
                })
        })
        .collect();
    if !counterparts.is_empty() {
        let other_word = if kind == TokenKind::Application {
            "delegated"
        } else {
            "application"
        };
        fix.push_str(&format!(
            ". Note: `{}` is the {other_word} name; it does not appear in a {label} token",
            counterparts.join("`, `")
        ));
    }
    vec![Finding::new(
        "permissions",
        Severity::Error,
        format!(
            "missing {label} permission: {} needs {}; the token's {} hold {}",
            op.name,
            one_of(needed),
            if kind == TokenKind::Application {
                "roles"
            } else {
                "scopes"
            },
            if permissions.is_empty() {
                "nothing".to_string()
            } else {
                permissions.join(", ")
            }
        ),
    )
    .with_fix(fix)]
}

/// The family of an operation: the first path segment after `/api` (and an optional version).
pub fn family_of(path: &str) -> String {
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    if segments
        .peek()
        .is_some_and(|s| s.eq_ignore_ascii_case("api"))
    {
        segments.next();
    }
    if segments
        .peek()
        .is_some_and(|s| s.eq_ignore_ascii_case("v1.0"))
    {
        segments.next();
    }
    segments.next().unwrap_or("other").to_ascii_lowercase()
}

fn families(kind: TokenKind, permissions: &[String]) -> Vec<Family> {
    let mut out: Vec<Family> = Vec::new();
    for op in OPERATIONS {
        let name = family_of(op.path);
        let index = match out.iter().position(|f| f.family == name) {
            Some(i) => i,
            None => {
                out.push(Family {
                    family: name,
                    can: Vec::new(),
                    cannot: Vec::new(),
                });
                out.len() - 1
            }
        };
        let family = &mut out[index];
        if can_call(op, kind, permissions) {
            family.can.push(op.name);
        } else {
            family.cannot.push(op.name);
        }
    }
    out.sort_by(|a, b| a.family.cmp(&b.family));
    out
}
