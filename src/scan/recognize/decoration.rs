//! Decorations around pasted text: a markdown quote (`> {"error":…`), PowerShell 7's ConciseView error
//! continuation (`     | {"error":…`). The scanner strips them before anything else reads the line, so a
//! body quoted or wrapped that way reads as the body itself (and the decoration never lands inside a
//! message: "     | application roles: …" would otherwise hide the granted roles).

/// Whether a markdown-quoted line's content may be part of a JSON text.
fn json_like(rest: &str) -> bool {
    let t = rest.trim_start();
    t.is_empty() || t.starts_with(['{', '[', '"', '}', ']'])
}

/// The content of a decorated line, or the line itself.
pub fn strip(line: &str) -> &str {
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
