//! Rendering: plain data in, text out, to any `io::Write`. One file per job and format; `style` owns color.

pub mod diagnose;
pub mod explain;
pub mod github;
pub mod json;
pub mod lint;
pub mod operations;
pub mod sarif;
pub mod style;
pub mod token;
pub mod width;

use std::io::IsTerminal;

use crate::cli::ColorWhen;

/// Decides once whether human output is colored: `--color`, then `NO_COLOR`, then whether stdout is a terminal.
pub fn init_color(when: ColorWhen) {
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
                && console_takes_ansi()
        }
    };
    colored::control::set_override(on);
}

/// Whether the console shows ANSI colors. On Windows the console must be switched to them (older conhost
/// cannot be, and would print the escape codes as text); elsewhere terminals always take them.
fn console_takes_ansi() -> bool {
    #[cfg(windows)]
    {
        colored::control::set_virtual_terminal(true).is_ok()
    }
    #[cfg(not(windows))]
    {
        true
    }
}

/// Writes `value` as pretty JSON and a newline.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> anyhow::Result<()> {
    json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Widest human prose is wrapped to: readable in a terminal and in a pasted ticket alike. A narrower
/// terminal wraps narrower (`width::columns`).
pub const WRAP_WIDTH: usize = 100;

/// Word-wraps `text` to `width::columns()` columns; the first line starts with `first`, the rest with `rest`
/// (both count toward the width). Words longer than a line (URLs) are kept whole.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_len = 0;
    let width = width::columns();
    for (i, word) in text.split_whitespace().enumerate() {
        let word_len = word.chars().count();
        if i == 0 {
            out.push_str(first);
            line_len = first.chars().count();
        } else if line_len + 1 + word_len > width {
            out.push('\n');
            out.push_str(rest);
            line_len = rest.chars().count();
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word_len;
    }
    out
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
}
