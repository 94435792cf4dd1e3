//! Untrusted text on a terminal: control, bidi and zero-width characters are shown escaped, never executed.

use std::borrow::Cow;

/// Whether `c` could change what the terminal shows or does: C0/C1 controls (ESC starts ANSI/OSC sequences),
/// DEL, bidi overrides and isolates (Trojan Source), zero-width and other invisible format characters.
pub fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{061c}' | '\u{180e}')
}

/// Escapes every dangerous character as `\u{..}` (tab and newline too, so one value stays on one line).
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_dangerous(c) || c == '\n' || c == '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_executed() {
        let hostile = "Machine \u{1b}]0;pwned\u{7}\u{1b}[31mred\u{202e}txt";
        let safe = for_terminal(hostile);
        assert!(!safe.chars().any(is_dangerous), "{safe}");
        assert_eq!(
            safe,
            "Machine \\u{1b}]0;pwned\\u{7}\\u{1b}[31mred\\u{202e}txt"
        );
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(for_terminal("Forbidden ü 日本"), Cow::Borrowed(_)));
    }
}
