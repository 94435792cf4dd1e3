//! Rendering: plain data in, text out, to any `io::Write`. One file per job and format; `style` owns color.

pub mod diagnose;
pub mod explain;
pub mod style;

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
        }
    };
    colored::control::set_override(on);
}

/// Writes `value` as pretty JSON and a newline.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
