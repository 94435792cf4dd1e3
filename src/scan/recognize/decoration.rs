//! Decorations around pasted text: a markdown quote (`> {"error":…`), PowerShell 7's ConciseView error
//! continuation (`     | {"error":…`), Newman's box around a body (`  │ {"error":…`), and typographic quotes that chat tools, word processors and some
//! forums put in place of JSON's (`{"error”:{"code”:”Forbidden”`). The scanner strips them before anything
//! else reads the line, so a body quoted or wrapped that way reads as the body itself (and the decoration
//! never lands inside a message: "     | application roles: …" would otherwise hide the granted roles).

use std::borrow::Cow;

/// Whether a markdown-quoted line's content may be part of a JSON text.
fn json_like(rest: &str) -> bool {
    let t = rest.trim_start();
    t.is_empty() || t.starts_with(['{', '[', '"', '}', ']'])
}

/// The content of a decorated line, with typographic quotes around JSON keys and values made plain; or the
/// line itself. `quotes`: whether the line may hold a typographic quote (false when the caller's search
/// found no byte 0xE2, their first, in it).
pub(crate) fn strip(line: &str, quotes: bool) -> Cow<'_, str> {
    let inner = strip_prefix(line);
    match quotes && smart_quoted_json(inner) {
        true => Cow::Owned(inner.replace(['\u{201c}', '\u{201d}'], "\"")),
        false => Cow::Borrowed(inner),
    }
}

/// Whether typographic double quotes stand where JSON's belong: next to `{`, `:` or `,` (a key or a value),
/// not only inside a message ("Object moved to “here”" keeps its quotes).
fn smart_quoted_json(line: &str) -> bool {
    // Both quotes are three bytes starting 0xE2: most lines are ruled out by one byte search.
    if memchr::memchr(0xE2, line.as_bytes()).is_none() || !line.contains(['\u{201c}', '\u{201d}']) {
        return false;
    }
    let b = line.as_bytes();
    line.match_indices(['\u{201c}', '\u{201d}']).any(|(at, q)| {
        let before = line[..at].trim_end_matches(' ').as_bytes().last().copied();
        let after = b
            .get(at + q.len()..)
            .and_then(|r| r.iter().copied().find(|&c| c != b' '));
        matches!(before, Some(b'{' | b':' | b',')) || matches!(after, Some(b':'))
    })
}

/// The content of a line behind a markdown quote or a ConciseView bar.
fn strip_prefix(line: &str) -> &str {
    match line.as_bytes().first() {
        Some(b'>') => {
            // `>` alone or `> ` + JSON: a quote. `> POST …`, `> Host: …` are curl's request lines.
            match line.strip_prefix("> ") {
                Some(rest) if !rest.trim().is_empty() && json_like(rest) => rest,
                _ => line,
            }
        }
        Some(b' ') => {
            // ConciseView: blanks, `|`, one blank, content (the `Line |` and `   4 | …` lines keep their
            // text: they never hold a body).
            let t = line.trim_start_matches(' ');
            // Newman's `--verbose` box around a response body (`  │ {"error":…`), the body cut into
            // pieces of the box's width: its bar is a box-drawing one.
            if line.len() - t.len() >= 2 {
                if let Some(rest) = t.strip_prefix('\u{2502}') {
                    return rest.strip_prefix(' ').unwrap_or(rest);
                }
            }
            if line.len() - t.len() < 4 {
                return line;
            }
            match t.strip_prefix('|') {
                Some("") => "",
                Some(rest) => rest.strip_prefix(' ').unwrap_or(line),
                None => line,
            }
        }
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_around_keys_and_values_become_plain() {
        assert_eq!(
            strip("{\"error”:{\"code”:”Forbidden”,”message”: “m”}}", true),
            "{\"error\":{\"code\":\"Forbidden\",\"message\": \"m\"}}"
        );
        assert_eq!(strip("> {“code”: “X”}", true), "{\"code\": \"X\"}");
        // Inside a message only: left alone (the JSON is valid as it is).
        let inside = "{\"error\":{\"message\":\"Object moved to “here” now\"}}";
        assert!(matches!(strip(inside, true), Cow::Borrowed(_)));
        assert!(matches!(strip("plain line", true), Cow::Borrowed(_)));
    }

    #[test]
    fn a_newman_box_bar_is_taken_off() {
        assert_eq!(
            strip("  \u{2502} {\"error\":{\"code\":\"Forb", false),
            "{\"error\":{\"code\":\"Forb"
        );
        assert_eq!(
            strip("  \u{2502} ess the resource.\"}}", false),
            "ess the resource.\"}}"
        );
        assert_eq!(
            strip("\u{2502} not indented", false),
            "\u{2502} not indented"
        );
    }
}
