//! Whether and when to send the request again: the retry class of the error, and the advice in words
//! (`Retry-After` read as seconds or an HTTP-date, the operation's rate limits for a 429).

use crate::catalog::{Entry, Retry};
use crate::facts::advice::{fill, get, Key};
use crate::operations::Route;
use crate::response::{Response, Shape};

use super::identify::Evidence;
use crate::time::http_date;

use std::borrow::Cow;

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

/// Whether and how to retry, before the advice text is written.
pub(super) fn retry_kind(entry: Option<&'static Entry>, r: &Evidence<'_>) -> Retry {
    let kind = match (entry, r.shape) {
        (_, Shape::MachineAction) if r.code == Some("MachineActionTimeOut") => Retry::AfterDelay,
        (_, Shape::Transport) => crate::facts::transport::retry_of_code(r.code),
        // An AADSTS number without an entry: the OAuth error (Entra's error reference says to retry
        // `temporarily_unavailable` and `server_error`) or the status says whether it passes.
        (Some(e), _) if e.code == crate::catalog::AADSTS_GENERIC && entra_transient(r) => {
            Retry::AfterDelay
        }
        (Some(e), _) => e.retry,
        _ if r.status.is_some_and(|s| s == 429 || s >= 500) => Retry::AfterDelay,
        _ => Retry::AfterFix,
    };
    // A permission, licence or consent failure (401, 403) never passes by itself, whatever wrapper carried
    // the code (a script would retry a 403 forever on exit 75).
    match kind {
        k if k.is_transient() && matches!(r.status, Some(401 | 403)) => Retry::AfterFix,
        k => k,
    }
}

/// Whether the token endpoint said the failure is passing: a busy or failing server.
fn entra_transient(r: &Evidence<'_>) -> bool {
    r.status.is_some_and(|s| s == 429 || s >= 500)
        || r.entra
            .is_some_and(|e| matches!(e.error.as_str(), "temporarily_unavailable" | "server_error"))
}

/// The retry advice of `kind`: how long to wait, and at what pace to call `op` again.
pub(super) fn retry_advice(kind: Retry, r: &Response, op: Option<&'static Route>) -> RetryAdvice {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::{routes, Method};
    use crate::scan::{scan_str, Event};

    #[test]
    fn http_date_and_retry_after() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:10 GMT"), Some(10));
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(http_date("garbage"), None);
        assert_eq!(retry_after_seconds("120", None), Some(120));
        assert_eq!(
            retry_after_seconds(
                "Sun, 01 Nov 2026 10:22:30 GMT",
                Some("Sun, 01 Nov 2026 10:20:00 GMT")
            ),
            Some(150)
        );
        // A date in the past means now.
        assert_eq!(
            retry_after_seconds(
                "Sun, 01 Nov 2026 10:00:00 GMT",
                Some("Sun, 01 Nov 2026 10:20:00 GMT")
            ),
            Some(0)
        );
        assert_eq!(
            retry_after_seconds("Sun, 01 Nov 2026 10:22:30 GMT", None),
            None
        );
    }

    #[test]
    fn retry_advice_words_each_wait_and_rate_limit() {
        let Some(Event::Response(mut r)) = scan_str("t", "HTTP/1.1 429 Too Many Requests\n\n")
            .into_iter()
            .next()
        else {
            panic!("a response");
        };
        let op = |url: &str| routes::by_request(Method::Post, url);
        let both = op("https://h/api/machines/m/isolate");
        let minute = op("https://h/api/indicators/import");
        let hour = op("https://h/api/machines/m/startInvestigation");
        assert!(both.is_some() && minute.is_some() && hour.is_some());
        let text = |r: &Response, o| retry_advice(Retry::AfterDelay, r, o).text.into_owned();
        assert_eq!(
            text(&r, both),
            "Yes, after a delay: back off exponentially with jitter. Pace calls: isolate-machine allows 100 calls per minute and 1500 per hour."
        );
        r.head.retry_after = Some("30".into());
        assert_eq!(
            text(&r, minute),
            "Yes, after 30 seconds (Retry-After). Pace calls: import-indicators allows 30 calls per minute."
        );
        r.head.retry_after = Some("soon".into());
        assert_eq!(
            text(&r, hour),
            "Yes, after the time Retry-After gives (soon). Pace calls: start-automated-investigation allows 50 calls per hour."
        );
        // Pacing is for a 429 only.
        r.head.status = Some(503);
        assert_eq!(
            text(&r, hour),
            "Yes, after the time Retry-After gives (soon)."
        );
        assert_eq!(
            retry_advice(Retry::Never, &r, hour).text,
            "Never: the same request fails again."
        );
    }
}
