//! Values as the SDKs print them, read by `evidence::read`: kiota's `(status 403)`, Python's `None` and
//! `datetime.datetime(…)` reprs, Graph's two ids.

/// Whether an id under key `name` replaces the one read before (`held`): the server's own id before the
/// one the client sent (Graph's `InnerError` prints `client_request_id` first).
pub(super) fn takes_id(held: Option<&(String, &'static str)>, name: &str) -> bool {
    held.is_none_or(|(_, n)| *n == "client-request-id" && name == "request-id")
}

/// A time under a `date` key, as printed, when it is one (`2026-12-07T07:00:00`).
pub(super) fn date_value(value: &str) -> Option<String> {
    let v = value.trim();
    (v.len() >= 10 && v.len() <= 40 && v.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| v.to_string())
}

/// A Python `date=datetime.datetime(…)` in `line`: its repr runs past the first comma a value ends at.
pub(super) fn python_date_in(line: &str) -> Option<String> {
    let at = line.find("date=datetime.datetime(")?;
    python_datetime(&line[at + 5..])
}

/// kiota's `APIError` first line, `<message> (status 403)` (microsoft/kiota-python,
/// `kiota_abstractions/api_error.py`).
pub(super) fn status_in_parentheses(line: &str) -> Option<u16> {
    let at = line.find("(status ")?;
    let digits = line[at + 8..].get(..4)?;
    crate::scan::recognize::three_digit_status(digits.strip_suffix(')')?, 400)
}

/// Python's `None`, JSON's `null` and their kin: a field printed empty.
pub(super) fn is_null_word(value: &str) -> bool {
    matches!(value.trim(), "None" | "null" | "NULL" | "nil" | "undefined")
}

/// Python's repr of a time, `datetime.datetime(2026, 12, 7, 7, 0[, …])` (kiota's `InnerError.date`), as
/// `2026-12-07T07:00:00`.
fn python_datetime(value: &str) -> Option<String> {
    let inner = value.trim().strip_prefix("datetime.datetime(")?;
    let n: Vec<u32> = inner
        .split([',', ')'])
        .map(str::trim)
        .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|p| p.parse().ok())
        .collect();
    let part = |i: usize| n.get(i).copied().unwrap_or(0);
    (n.len() >= 3).then(|| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            part(0),
            part(1),
            part(2),
            part(3),
            part(4),
            part(5)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_values_are_read_as_printed() {
        assert_eq!(status_in_parentheses("Not found (status 404)"), Some(404));
        assert_eq!(status_in_parentheses("took (status 200)"), None);
        assert_eq!(
            python_date_in("x, date=datetime.datetime(2026, 12, 7, 7, 5, 9, tzinfo=x), y"),
            Some("2026-12-07T07:05:09".to_string())
        );
        assert_eq!(python_date_in("date=datetime.datetime(2026)"), None);
        assert!(is_null_word(" None") && !is_null_word("Nonexistent"));
        let client = ("a".to_string(), "client-request-id");
        assert!(
            takes_id(Some(&client), "request-id") && !takes_id(Some(&client), "x-ms-request-id")
        );
        assert!(takes_id(None, "client-request-id"));
        assert_eq!(date_value("Mon"), None);
    }
}
