//! The permission checks: the token's kind and what its roles or scopes let it call, per operation
//! and per family of the API.

use crate::operations::{routes, Route};
use crate::token::known;
use crate::token::{Check, FamilyCoverage, Finding, Severity, TokenKind};

/// What kind of access token this is; with `judge` (the audience is MDE's), also whether its permissions
/// claim can hold anything.
pub(super) fn check_kind(
    kind: TokenKind,
    permissions: &[String],
    evidence: &[&str],
    judge: bool,
    operation: Option<&Route>,
) -> Vec<Finding> {
    match kind {
        TokenKind::Unknown if !judge => Vec::new(),
        TokenKind::Application => {
            let mut f = Finding::new(
                Check::Kind,
                Severity::Note,
                format!(
                    "application token (app-only, client credentials; shown by {}): its permissions are the `roles` claim",
                    evidence.join(", ")
                ),
            );
            if judge && permissions.is_empty() {
                f = Finding::new(
                    Check::Kind,
                    Severity::Error,
                    format!(
                        "application token (shown by {}) without any role: the app was granted no application permission of the MDE API (or consent is missing)",
                        evidence.join(", ")
                    ),
                )
                .help(format!(
                    "In Entra ID: App registrations → your app → API permissions → Add a permission → APIs my organization uses → WindowsDefenderATP → Application permissions{}; then Grant admin consent and request a new token",
                    operation
                        .filter(|op| !op.app_permissions.is_empty())
                        .map_or(String::new(), |op| format!(
                            " → {} (what {} takes)",
                            one_of(op.app_permissions),
                            op.name
                        ))
                ));
            }
            vec![f]
        }
        TokenKind::Delegated => vec![Finding::new(
            Check::Kind,
            Severity::Note,
            "delegated token (on behalf of a signed-in user): its permissions are the `scp` claim, and the user also needs an MDE role and device-group access that the token cannot show",
        )],
        TokenKind::Unknown => vec![Finding::new(
            Check::Kind,
            Severity::Error,
            "the token has neither `roles` (application permissions) nor `scp` (delegated permissions), and no claim shows it is app-only",
        )
        .help(format!(
            "Grant the app WindowsDefenderATP permissions in Entra ID (API permissions){}, grant admin consent, then request a new token for the MDE API",
            operation.map_or(String::new(), |op| format!(
                "; {} takes {} (application) or {} (delegated)",
                op.name,
                one_of(op.app_permissions),
                one_of(op.delegated_permissions)
            ))
        ))],
    }
}

pub(super) fn check_traps(permissions: &[String], severity: Severity) -> Vec<Finding> {
    permissions
        .iter()
        .filter_map(|p| known::trap_for(p))
        .map(|t| {
            let f = Finding::new(
                Check::Permissions,
                severity,
                format!("`{}` is not an MDE permission: {}", t.name, t.explanation),
            );
            match t.mde {
                Some(mde) => f.help(format!(
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
fn can_call(op: &Route, kind: TokenKind, permissions: &[String]) -> bool {
    let needed = match kind {
        TokenKind::Application => op.app_permissions,
        TokenKind::Delegated => op.delegated_permissions,
        TokenKind::Unknown => return false,
    };
    has_any(permissions, needed).is_some()
}

pub(super) fn check_operation(op: &Route, kind: TokenKind, permissions: &[String]) -> Vec<Finding> {
    if op.app_permissions.is_empty() && op.delegated_permissions.is_empty() {
        return vec![Finding::new(
            Check::Permissions,
            Severity::Note,
            format!(
                "{}'s docs page names no permission: the token cannot be checked against it",
                op.name
            ),
        )];
    }
    let (needed, other, label) = match kind {
        TokenKind::Application => (op.app_permissions, op.delegated_permissions, "application"),
        TokenKind::Delegated => (op.delegated_permissions, op.app_permissions, "delegated"),
        TokenKind::Unknown => {
            return vec![Finding::new(
                Check::Permissions,
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
        return vec![Finding::new(Check::Permissions, Severity::Error, message).help(fix)];
    }
    if let Some(held) = has_any(permissions, needed) {
        return vec![Finding::new(
            Check::Permissions,
            Severity::Note,
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
    fix.push_str(&counterpart_note(needed, kind, label));
    vec![Finding::new(
        Check::Permissions,
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
    .help(fix)]
}

/// The application and delegated names differ (`.All`): granting the other kind's name is a common slip.
/// A note naming the other kind's names of `needed`, or nothing when they have none.
fn counterpart_note(needed: &[&str], kind: TokenKind, label: &str) -> String {
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
    if counterparts.is_empty() {
        return String::new();
    }
    let other_word = if kind == TokenKind::Application {
        "delegated"
    } else {
        "application"
    };
    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let (is, it) = if counterparts.len() == 1 {
        ("is the", "name; it does")
    } else {
        ("are the", "names; they do")
    };
    format!(
        ". Note: `{}` {is} {other_word} {it} not appear in {article} {label} token",
        counterparts.join("`, `")
    )
}

/// What the token can call in each family of the API (operations whose page names no permission are left
/// out: nothing says whether the token may call them).
pub(super) fn families(kind: TokenKind, permissions: &[String]) -> Vec<FamilyCoverage> {
    let mut out: Vec<FamilyCoverage> = Vec::new();
    for route in routes::all() {
        if route.app_permissions.is_empty() && route.delegated_permissions.is_empty() {
            continue;
        }
        let name = route.family().as_str();
        let index = match out.iter().position(|f| f.family == name) {
            Some(i) => i,
            None => {
                out.push(FamilyCoverage {
                    family: name.to_string(),
                    can: Vec::new(),
                    cannot: Vec::new(),
                });
                out.len() - 1
            }
        };
        let family = &mut out[index];
        if can_call(route, kind, permissions) {
            family.can.push(route.name);
        } else {
            family.cannot.push(route.name);
        }
    }
    out
}
