//! The time checks: `exp`, `nbf` and `iat` against now (with the clock-skew allowance) and each other.

use crate::time::{format_span, format_utc};
use crate::token::known::{CLOCK_SKEW_SECONDS, MAX_LIFETIME_SECONDS};
use crate::token::{Check, Finding, Severity};

/// A span, with its size in years when it runs to years (a hand-made `exp` often does).
fn long_span(secs: i64) -> String {
    let days = secs.unsigned_abs() / 86_400;
    if days >= 730 {
        format!("{} (about {} years)", format_span(secs), days / 365)
    } else {
        format_span(secs)
    }
}

pub(super) fn check_time(
    now: i64,
    issued_at: Option<i64>,
    not_before: Option<i64>,
    expires: Option<i64>,
    exp_present: bool,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let expired = expires.is_some_and(|exp| exp.saturating_sub(now) < -CLOCK_SKEW_SECONDS);
    let wait = not_before.map_or(0, |nbf| nbf.saturating_sub(now));
    // Not valid yet (beyond the skew allowance), and not also expired: that case is the expiry's.
    let early = wait > CLOCK_SKEW_SECONDS && !expired;
    check_expiry(&mut found, now, expires, exp_present, expired, early);
    check_not_before(&mut found, not_before, expires, wait, expired, early);
    check_lifetime(&mut found, issued_at, not_before, expires);
    if let Some(iat) = issued_at {
        if iat.saturating_sub(now) > CLOCK_SKEW_SECONDS && not_before.is_none_or(|n| n <= now) {
            found.push(
                Finding::new(
                    Check::Time,
                    Severity::Warning,
                    format!(
                        "issued {} in the future ({})",
                        format_span(iat.saturating_sub(now)),
                        format_utc(iat)
                    ),
                )
                .help("Check this machine's clock (and --now)"),
            );
        }
    }
    found
}

/// The `exp` finding: missing, expired, expiring within the skew allowance, or valid for how long.
fn check_expiry(
    found: &mut Vec<Finding>,
    now: i64,
    expires: Option<i64>,
    exp_present: bool,
    expired: bool,
    early: bool,
) {
    let renew = "Request a new token (they last about an hour); cache it and renew it a few minutes before `exp`";
    match expires {
        None if exp_present => {}
        None => found.push(Finding::new(
            Check::Time,
            Severity::Warning,
            "the token has no `exp` claim; Entra ID access tokens always have one",
        )),
        Some(exp) => {
            let left = exp.saturating_sub(now);
            if expired {
                found.push(
                    Finding::new(
                        Check::Time,
                        Severity::Error,
                        format!("expired {} ago (at {})", long_span(left), format_utc(exp)),
                    )
                    .help(renew),
                );
            } else if early {
                // The `nbf` error below says when the token starts and stops being valid.
            } else if left <= 0 {
                found.push(
                    Finding::new(
                        Check::Time,
                        Severity::Warning,
                        format!(
                            "expired {} ago (at {}), within the 5 min clock-skew allowance: it stops working any moment",
                            format_span(left),
                            format_utc(exp)
                        ),
                    )
                    .help(renew),
                );
            } else if left < CLOCK_SKEW_SECONDS {
                found.push(
                    Finding::new(
                        Check::Time,
                        Severity::Warning,
                        format!("expires in {} (at {})", format_span(left), format_utc(exp)),
                    )
                    .help(renew),
                );
            } else {
                found.push(Finding::new(
                    Check::Time,
                    Severity::Note,
                    format!(
                        "valid for another {} (until {})",
                        long_span(left),
                        format_utc(exp)
                    ),
                ));
            }
        }
    }
}

/// The `nbf` finding: not valid yet, or only within the skew allowance.
fn check_not_before(
    found: &mut Vec<Finding>,
    not_before: Option<i64>,
    expires: Option<i64>,
    wait: i64,
    expired: bool,
    early: bool,
) {
    if let Some(nbf) = not_before {
        if early {
            let until = expires
                .filter(|exp| *exp > nbf)
                .map_or(String::new(), |exp| format!(" until {}", format_utc(exp)));
            found.push(
                Finding::new(
                    Check::Time,
                    Severity::Error,
                    format!(
                        "not valid yet: valid from {}{until} ({} from now)",
                        format_utc(nbf),
                        format_span(wait)
                    ),
                )
                .help("Check this machine's clock (and --now); a token that is not yet valid usually means the clock is behind"),
            );
        } else if wait > 0 && !expired {
            found.push(Finding::new(
                Check::Time,
                Severity::Warning,
                format!(
                    "valid only in {}, within the 5 min clock-skew allowance",
                    format_span(wait)
                ),
            ));
        }
    }
}

/// The lifetime findings: `nbf` after `exp`, or a span longer than Entra ID issues.
fn check_lifetime(
    found: &mut Vec<Finding>,
    issued_at: Option<i64>,
    not_before: Option<i64>,
    expires: Option<i64>,
) {
    match (not_before.or(issued_at), expires) {
        (Some(start), Some(exp)) if not_before.is_some_and(|nbf| nbf > exp) => {
            found.push(Finding::new(
                Check::Time,
                Severity::Warning,
                format!(
                    "`nbf` ({}) is later than `exp` ({}): there is no moment at which the token is valid. Entra ID never issues such a token; it was edited or built by hand",
                    format_utc(start),
                    format_utc(exp)
                ),
            ));
        }
        (Some(start), Some(exp)) if exp.saturating_sub(start) > MAX_LIFETIME_SECONDS => {
            let from = if not_before.is_some() { "nbf" } else { "iat" };
            found.push(Finding::new(
                Check::Time,
                Severity::Warning,
                format!(
                    "the token's lifetime (`{from}` to `exp`) is {}: longer than Entra ID issues access tokens for (about an hour by default; at most a day by policy, 28 h with continuous access evaluation), so it was edited or not issued by Entra ID",
                    long_span(exp.saturating_sub(start))
                ),
            ));
        }
        _ => {}
    }
}
