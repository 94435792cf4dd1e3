//! A status printed around a body is that body's status: before it on the line (`403 {"error":…}`,
//! `Error code: 404. Message: {…}`, `status code 401: {…}`, node's `Error: 403 Forbidden: {…}`), right after
//! it (`{…}404` from `curl -w '%{http_code}'`, `{…}curl: (22) … error: 404` from `--fail-with-body`), or
//! alone on the line before it (`print(r.status_code)` then `print(r.text)`).

use super::recognize::{self, three_digit_status, Clue};

/// Words that make a number in a prefix a status (compared in lower case).
const STATUS_WORDS: [&str; 7] = [
    "status", "http", "error", "code", "response", "failed", "fail",
];

/// The status a prefix (the text before a body on its line) names, if it names one.
pub fn prefix_status(prefix: &str) -> Option<u16> {
    let b = prefix.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i + 3 <= b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j - i == 3 && standalone(b, i, j) {
            if let Some(status) = three_digit_status(&prefix[i..j], 400) {
                let lead = prefix[..i].trim();
                // Up to 24 bytes back, from a character's start (the prefix may be any text).
                let mut from = i.saturating_sub(24);
                while !prefix.is_char_boundary(from) {
                    from -= 1;
                }
                let before = &prefix[from..i];
                let named = lead.is_empty()
                    || STATUS_WORDS
                        .iter()
                        .any(|w| before.to_ascii_lowercase().contains(w))
                    || reason_follows(&prefix[j..], status);
                if named {
                    best = Some(status);
                }
            }
        }
        i = j;
    }
    best.or_else(|| reason_call(prefix))
}

/// The status a reason phrase written as a call around the body names (`Forbidden(` before `{…})`): Azure
/// CLI's `az rest` raises `"{reason}({text})"` with the response's reason phrase, so its `ERROR: Bad
/// Request({"error":…})` names the status in words only.
fn reason_call(prefix: &str) -> Option<u16> {
    let head = prefix.strip_suffix('(')?;
    let words: Vec<&str> = head
        .rsplit(|c: char| !c.is_ascii_alphabetic() && c != ' ')
        .next()?
        .split_whitespace()
        .collect();
    // The longest run of the last words that is a reason phrase (`Too Many Requests`, `Forbidden`).
    (1..=words.len().min(4)).rev().find_map(|n| {
        let phrase = words[words.len() - n..].join(" ");
        recognize::status_of_reason(&phrase).filter(|s| *s >= 400)
    })
}

/// Whether `b[i..j]` stands alone: not inside a time (`05:02:44,403`), a version, a path or a word.
fn standalone(b: &[u8], i: usize, j: usize) -> bool {
    let before_ok = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'(' | b'[' | b'=' | b'"' | b'\'');
    let after_ok = j == b.len()
        || match b[j] {
            b' ' | b'\t' | b')' | b']' | b',' | b'"' | b'\'' => true,
            b':' => b.get(j + 1).is_none_or(|c| !c.is_ascii_digit()),
            b'.' => b.get(j + 1).is_none_or(|c| *c == b' '),
            _ => false,
        };
    before_ok && after_ok
}

/// Whether the reason phrase of `status` follows (`403 Forbidden`).
fn reason_follows(after: &str, status: u16) -> bool {
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == ' ')
        .collect();
    let mut words = word.split_whitespace();
    let one = words.next().unwrap_or("");
    let two = format!("{one}{}", words.next().unwrap_or(""));
    recognize::status_of_reason(one) == Some(status)
        || recognize::status_of_reason(&two) == Some(status)
}

/// The status right after a body on its line, if that is all the rest says: a bare three-digit status, or a
/// client's status line.
pub(super) fn suffix_status(rest: &str) -> Option<u16> {
    // Only the text before the next JSON text can be about the one that closed: reading the whole rest of
    // a line of many concatenated bodies for each of them was quadratic (2 MB: 36 s), and could take a
    // client line after a later body for this one's.
    let rest = match super::json_start(rest) {
        Some((col, _)) => &rest[..col],
        None => rest,
    };
    let t = rest.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(s) = three_digit_status(t, 100) {
        return Some(s);
    }
    match recognize::recognize(t) {
        Some(Clue::ClientStatus(cs)) => Some(cs.status),
        _ => None,
    }
}

/// A line that is a status alone (`403`), as `print(r.status_code)` writes it.
pub(super) fn lone_status(line: &str) -> Option<u16> {
    three_digit_status(line.trim(), 400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_of_any_characters_is_read_without_panicking() {
        // Found by prop_diagnose::scanner_survives_transcript_soup: 24 bytes back fell inside a character.
        let prefix = "\u{fffd}\u{fffd}x]\u{fffd}-:\u{fffd}-\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}E]\u{fffd}gH\u{fffd}\u{fffd}\u{fffd}\u{fffd}HTTP/1.1 403 Forbidden ";
        assert_eq!(prefix_status(prefix), Some(403));
        for n in 0..30 {
            let p = format!("{}é status 403 ", "é".repeat(n));
            assert_eq!(prefix_status(&p), Some(403), "{p}");
        }
    }

    #[test]
    fn prefix_statuses_are_found_where_named() {
        for (prefix, want) in [
            ("403 ", Some(403)),
            ("Error code: 404. Message: ", Some(404)),
            ("status code 401: ", Some(401)),
            ("Error: 403 Forbidden: ", Some(403)),
            ("HTTP 429 ", Some(429)),
            ("2026-12-03 05:02:44,403 ERROR client: ", None),
            ("[2026-12-03T05:02:44.403Z] response: ", None),
            ("pid 403 said ", None),
            ("request took 500 ms: ", None),
            ("Request failed (500): ", Some(500)),
            // `az rest`: the reason phrase as a call around the body.
            ("ERROR: Forbidden(", Some(403)),
            ("ERROR: Bad Request(", Some(400)),
            ("ERROR: Too Many Requests(", Some(429)),
            ("print(", None),
            ("request failed: Conflict (", Some(409)),
        ] {
            assert_eq!(prefix_status(prefix), want, "{prefix}");
        }
    }

    #[test]
    fn suffix_statuses() {
        assert_eq!(suffix_status("404"), Some(404));
        assert_eq!(suffix_status("\n"), None);
        assert_eq!(
            suffix_status("curl: (22) The requested URL returned error: 404"),
            Some(404)
        );
        assert_eq!(suffix_status(" and more"), None);
    }
}
