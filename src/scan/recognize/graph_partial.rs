//! Microsoft Graph security API partial success: a `206 Partial Content` whose `Warning` header lists the
//! providers that failed, each as `199 - "{Vendor}/{Provider}/{StatusCode}/{LatencyInMs}"` (Graph's
//! "security error codes" page). Read as a header of a response head, as a pasted header line, or as
//! PowerShell's `WARNING: 199 - "…"` line.

use super::{three_digit_status, Clue, Recognizer, Trigger};
pub(crate) use crate::response::ProviderFailure;

pub(crate) static RECOGNIZERS: &[Recognizer] = &[Recognizer {
    name: "Graph Warning 199 line",
    samples: &[r#"WARNING: 199 - "Microsoft/IPC/500/0""#],
    triggers: &[Trigger::Anywhere("199 - \"")],
    read: warning_line,
}];

fn warning_line(line: &str) -> Option<Clue<'_>> {
    let lower = line.trim_start().get(..8)?.to_ascii_lowercase();
    if lower != "warning:" && !line.trim_start().starts_with("199 - \"") {
        return None;
    }
    let failures = failures(line);
    (!failures.is_empty()).then_some(Clue::GraphWarning(failures))
}

/// The provider failures in a `Warning` header value (any number of comma-separated items).
pub(crate) fn failures(value: &str) -> Vec<ProviderFailure> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(at) = rest.find("199 - \"") {
        let item = &rest[at + 7..];
        let Some(end) = item.find('"') else { break };
        let raw = &item[..end];
        rest = &item[end + 1..];
        let parts: Vec<&str> = raw.split('/').collect();
        if parts.len() < 3 {
            continue;
        }
        // Vendor and provider names may hold a `/`? The docs' form has four parts: take status and latency
        // from the end.
        let (status, latency) = match three_digit_status(parts[parts.len() - 1], 100) {
            Some(s) if parts.len() == 3 => (Some(s), None),
            _ => (
                three_digit_status(parts[parts.len() - 2], 100),
                parts[parts.len() - 1].parse().ok(),
            ),
        };
        let Some(status) = status.filter(|s| *s >= 400) else {
            continue;
        };
        out.push(ProviderFailure {
            vendor: parts[0].trim().to_string(),
            provider: parts[1].trim().to_string(),
            status,
            latency_ms: latency,
            raw: crate::redact::scrubbed(raw),
        });
        if out.len() >= 64 {
            break;
        }
    }
    out
}
