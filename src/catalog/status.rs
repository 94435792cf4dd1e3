//! Reading an HTTP status out of a lookup query, however a client or the docs spell it: `503`, `HTTP 403`,
//! `HTTP/1.1 403 Forbidden`, `403 Forbidden`, `Status: 403`, `403 (Forbidden)`, and the docs' status column
//! `Forbidden (403)` / `Not Found (404)` (also in its Dutch edition: `Niet gevonden (404)`).

/// The status a query spells, 100 to 599. A reason phrase, when given, must be the status's own (any case,
/// any spacing): `403 Not Found` names no status.
pub(crate) fn parse(query: &str) -> Option<u16> {
    let q = query.trim().trim_end_matches('.').trim();
    if let Some(status) = label(q) {
        return Some(status);
    }
    let rest = strip_prefix_word(q, "http")
        .map(|r| {
            // `HTTP/1.1 403`, `HTTP/2 403`, `HTTP 403`, `HTTP:403`.
            let r = r.strip_prefix('/').map_or(r, |v| {
                v.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            });
            r.trim_start_matches([' ', ':'])
        })
        .unwrap_or(q);
    let rest = ["status code", "statuscode", "status"]
        .iter()
        .find_map(|w| strip_prefix_word(rest, w))
        .map_or(rest, |r| r.trim_start_matches([' ', ':', '=']));
    let digits = rest.get(..3)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status: u16 = digits.parse().ok()?;
    let after = &rest[3..];
    if !(100..=599).contains(&status) || after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let phrase = after
        .trim()
        .trim_start_matches(['-', ':'])
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    (phrase.is_empty() || is_reason(status, phrase)).then_some(status)
}

/// The docs' status column: `Forbidden (403)`, `BadRequest (400)`, `Niet gevonden (404)`: a name, then the
/// status in parentheses. The name must be the status's reason phrase or a Dutch name of an entry with it.
fn label(q: &str) -> Option<u16> {
    let inner = q.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let digits = inner[open + 1..].trim();
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status: u16 = digits.parse().ok()?;
    let name = inner[..open].trim();
    let dutch = || {
        super::entries().iter().any(|e| {
            e.status == status
                && e.aliases_nl
                    .iter()
                    .any(|a| super::same_ignoring_separators(a, name))
        })
    };
    ((100..=599).contains(&status) && (name.is_empty() || is_reason(status, name) || dutch()))
        .then_some(status)
}

/// Whether `phrase` is the standard reason phrase of `status`, ignoring case and blanks (`BadRequest`,
/// `bad request`). A status without a phrase we know takes any phrase.
fn is_reason(status: u16, phrase: &str) -> bool {
    let reason = crate::http::reason(status);
    reason.is_empty() || super::same_ignoring_separators(reason, phrase)
}

/// `text` without a leading `word` (any case) that is followed by a non-letter or the end.
fn strip_prefix_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn every_spelling_of_a_status_line() {
        for q in [
            "503",
            "HTTP 503",
            "http 503",
            "HTTP/1.1 503 Service Unavailable",
            "HTTP/2 503",
            "HTTP/1.1 503",
            "503 Service Unavailable",
            "503 service unavailable",
            "503 (Service Unavailable)",
            "Status: 503",
            "status code 503",
            "StatusCode: 503",
            "Service Unavailable (503)",
            "ServiceUnavailable (503)",
        ] {
            assert_eq!(parse(q), Some(503), "{q}");
        }
        assert_eq!(parse("HTTP/1.1 403 Forbidden"), Some(403));
        assert_eq!(parse("Niet gevonden (404)"), Some(404));
        assert_eq!(parse("Onbevoegden (401)"), Some(401));
        assert_eq!(parse("418 I'm a teapot"), Some(418));
    }

    #[test]
    fn not_a_status() {
        for q in [
            "",
            "40",
            "4033",
            "403 Not Found",
            "Forbidden (404)",
            "600",
            "099",
            "HTTPS 403",
            "httpx",
            "403a",
            "Forbidden",
            "(403",
        ] {
            assert_eq!(parse(q), None, "{q}");
        }
    }
}
