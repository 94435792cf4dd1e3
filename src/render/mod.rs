//! Rendering: plain data in, text out, to any `io::Write`. One file per job and format; `style` owns color.

pub mod diagnose;
pub(crate) mod explain;
pub(crate) mod explain_transport;
pub(crate) mod github;
pub(crate) mod json;
pub mod lint;
pub(crate) mod operations;
pub(crate) mod sarif;
pub(crate) mod style;
pub(crate) mod text;
pub mod token;
pub(crate) mod width;

pub(crate) use text::wrap;

use std::io::IsTerminal;

use crate::cli::ColorWhen;

/// Decides once whether human output is colored: `--color`, then `NO_COLOR`, then `CLICOLOR_FORCE` (color
/// even into a pipe), then whether stdout is a terminal that is not `TERM=dumb`.
pub fn init_color(when: ColorWhen) {
    let var = std::env::var_os;
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => auto_color(
            var("NO_COLOR").is_some_and(|v| !v.is_empty()),
            var("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
            std::io::stdout().is_terminal(),
            std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        ),
    };
    colored::control::set_override(on);
}

/// `--color auto`: NO_COLOR wins, CLICOLOR_FORCE forces, else a terminal that shows colors.
fn auto_color(no_color: bool, force: bool, terminal: bool, dumb: bool) -> bool {
    !no_color && (force || (terminal && !dumb && console_takes_ansi()))
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
pub(crate) fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> anyhow::Result<()> {
    json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Widest human prose is wrapped to: readable in a terminal and in a pasted ticket alike. A narrower
/// terminal wraps narrower (`width::columns`).
pub(crate) const WRAP_WIDTH: usize = 100;

#[cfg(test)]
mod tests {
    use super::auto_color;

    #[test]
    fn dumb_terminals_get_no_color_and_clicolor_force_forces_it() {
        assert!(auto_color(false, false, true, false));
        assert!(!auto_color(false, false, true, true), "TERM=dumb");
        assert!(
            auto_color(false, true, false, false),
            "CLICOLOR_FORCE into a pipe"
        );
        assert!(!auto_color(true, true, true, false), "NO_COLOR wins");
        assert!(!auto_color(false, false, false, false));
    }
}
