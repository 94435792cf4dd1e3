//! Wrapping prose to the output width (`width::columns`) with hanging indents, keeping `code spans` and
//! overlong words (URLs) whole; styling each wrapped line on its own so escape codes never count as width.

use std::io::Write;

use super::width;
use crate::sanitize::for_terminal;

/// A style from `style`, applied to one piece of text.
pub(crate) type Paint = fn(&str) -> colored::ColoredString;

/// Word-wraps `text` to `width::columns()` columns; the first line starts with `first`, the rest with `rest`
/// (both count toward the width). Words longer than a line (URLs) are kept whole.
pub(crate) fn wrap(text: &str, first: &str, rest: &str) -> String {
    // Most text is ASCII: its words split and measure by bytes, the same answer at a fraction of the cost
    // (a lint run wraps a help line per finding). A vertical tab is whitespace to Unicode alone.
    if text.is_ascii() && !text.contains('\u{b}') {
        wrap_words(
            text.split_ascii_whitespace(),
            str::len,
            first,
            rest,
            text.len(),
        )
    } else {
        wrap_words(
            text.split_whitespace(),
            |w| w.chars().count(),
            first,
            rest,
            text.len(),
        )
    }
}

fn wrap_words<'a>(
    words: impl Iterator<Item = &'a str>,
    columns_of: impl Fn(&str) -> usize,
    first: &str,
    rest: &str,
    len: usize,
) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut line_len = 0;
    let width = width::columns();
    let rest_len = rest.chars().count();
    for (i, word) in words.enumerate() {
        let word_len = columns_of(word);
        if i == 0 {
            out.push_str(first);
            line_len = first.chars().count();
        } else if line_len + 1 + word_len > width {
            out.push('\n');
            out.push_str(rest);
            line_len = rest_len;
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word_len;
    }
    out
}

/// Stands in for a space inside a `code span` while wrapping. `for_terminal` escapes every C0 control, so
/// sanitized text never holds it; it is one column wide, like the space it replaces.
pub(crate) const GLUE: char = '\u{1}';

/// [`wrap`] for sanitized `text`, keeping each closed `code span` whole: a command or request to copy
/// (`GET /api/machines?$filter=… eq '…'`) must not be split over lines, so one longer than a line stands
/// alone on its own, like a long URL. An unclosed backtick glues nothing.
pub(crate) fn wrap_prose(text: &str, first: &str, rest: &str) -> String {
    if !text.contains('`') {
        return wrap(text, first, rest);
    }
    let parts: Vec<&str> = text.split('`').collect();
    let mut glued = String::with_capacity(text.len());
    let mut any = false;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            glued.push('`');
        }
        let closed_span = i % 2 == 1 && i + 1 < parts.len();
        if closed_span && part.contains(' ') {
            glued.extend(part.chars().map(|c| if c == ' ' { GLUE } else { c }));
            any = true;
        } else {
            glued.push_str(part);
        }
    }
    let wrapped = wrap(&glued, first, rest);
    if any {
        wrapped.replace(GLUE, " ")
    } else {
        wrapped
    }
}

/// `piece`, styled by `style` when given.
pub(crate) fn paint(piece: &str, style: Option<Paint>) -> String {
    style.map_or_else(|| piece.to_string(), |p| p(piece).to_string())
}

/// Writes `text` (sanitized here) wrapped to the output width (`width::columns`): the first line starts with `first` (shown as
/// `shown`, its styled form), the rest with `rest`. Wrapping sees plain text only and each line's text is
/// styled on its own, so escape codes never count toward the width nor span a line break.
pub(crate) fn write_wrapped(
    out: &mut dyn Write,
    text: &str,
    first: &str,
    shown: &dyn std::fmt::Display,
    rest: &str,
    style: Option<Paint>,
) -> std::io::Result<()> {
    let wrapped = wrap_prose(&for_terminal(text), first, rest);
    let mut lines = wrapped.lines();
    let head = lines
        .next()
        .map(|l| l.strip_prefix(first).unwrap_or(l))
        .unwrap_or_default();
    writeln!(out, "{shown}{}", paint(head, style))?;
    for line in lines {
        writeln!(
            out,
            "{rest}{}",
            paint(line.strip_prefix(rest).unwrap_or(line), style)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_with_hanging_indent() {
        let text = "word ".repeat(30);
        let wrapped = wrap(&text, "  - ", "    ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= WRAP_WIDTH));
        assert!(lines[0].starts_with("  - word") && lines[1].starts_with("    word"));
    }

    #[test]
    fn wrap_keeps_overlong_words_whole() {
        let url = format!("https://example.test/{}", "a".repeat(120));
        assert_eq!(wrap(&url, "", ""), url);
    }

    use crate::render::WRAP_WIDTH;

    #[test]
    fn a_code_span_is_never_split_over_lines() {
        let span = "`GET /api/machines?$filter=computerDnsName eq '{name}'`";
        let text = format!("{} {span} and more words after it.", "word ".repeat(15));
        let wrapped = wrap_prose(&text, "    1. ", "       ");
        assert!(wrapped.lines().any(|l| l.contains(span)), "{wrapped}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WRAP_WIDTH),
            "{wrapped}"
        );
        assert!(!wrapped.contains(GLUE));
    }

    #[test]
    fn an_unclosed_backtick_glues_nothing() {
        let text = format!("a `stray tick then {}", "word ".repeat(40));
        let wrapped = wrap_prose(&text, "  ", "  ");
        assert_eq!(wrapped, wrap(&text, "  ", "  "));
        assert!(wrapped.lines().count() > 1);
    }

    proptest::proptest! {
        /// The ASCII fast path gives what the Unicode path gives.
        #[test]
        fn ascii_words_wrap_as_unicode_words_do(text in "[ -~\t\n\r\x0c]{0,300}") {
            let fast = wrap(&text, "  - ", "    ");
            let slow = wrap_words(text.split_whitespace(), |w| w.chars().count(), "  - ", "    ", text.len());
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
