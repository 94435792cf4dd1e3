//! Rendering: plain data in, text out, to any `io::Write`. One file per job and format; `style` owns color.

pub mod diagnose;
pub mod explain;
pub mod github;
pub mod json;
pub mod lint;
pub mod operations;
pub mod sarif;
pub mod style;
pub mod text;
pub mod token;
pub mod width;

pub use text::wrap;

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
