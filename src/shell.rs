//! The one stderr voice, like cargo's `Shell`: every `error:`, `warning:`, `note:` and `help:` line goes
//! through here, with an optional `file:line:` place before it, input-derived text sanitized, the label
//! colored by `style` (so `--color`, `NO_COLOR`, `TERM=dumb` and `CLICOLOR_FORCE` hold here too).

use std::io::{self, Write};

use crate::render::style;
use crate::sanitize::for_terminal;

/// How a stderr line is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// The run could not do what was asked (exit 2).
    Error,
    /// Information: what the program is doing or why it found nothing.
    Note,
    /// What to do about the line before.
    Help,
}

impl Level {
    fn label(self) -> String {
        match self {
            Level::Error => style::error("error:").to_string(),
            Level::Note => style::note("note:").to_string(),
            Level::Help => style::help("help:").to_string(),
        }
    }
}

/// Where a message is about: a file and, when known, a line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub file: &'a str,
    pub line: Option<u64>,
}

/// One stderr line, as text: `[file[:line]: ]label message`, file and message sanitized.
pub(crate) fn format(level: Level, place: Option<Place<'_>>, message: &str) -> String {
    let place = match place {
        Some(Place {
            file,
            line: Some(l),
        }) => format!("{}:{l}: ", for_terminal(file)),
        Some(Place { file, line: None }) => format!("{}: ", for_terminal(file)),
        None => String::new(),
    };
    format!("{place}{} {}", level.label(), for_terminal(message))
}

/// Writes one line to `out` (a test's buffer, or stderr through [`emit`]).
pub(crate) fn write(
    out: &mut dyn Write,
    level: Level,
    place: Option<Place<'_>>,
    message: &str,
) -> io::Result<()> {
    writeln!(out, "{}", format(level, place, message))
}

/// Writes one line to stderr, at once (stderr is unbuffered: a note must not wait for stdout).
pub(crate) fn emit(level: Level, place: Option<Place<'_>>, message: &str) -> io::Result<()> {
    write(&mut io::stderr().lock(), level, place, message)
}

/// `error: …` on stderr.
pub(crate) fn error(message: &str) -> io::Result<()> {
    emit(Level::Error, None, message)
}

/// `note: …` on stderr.
pub(crate) fn note(message: &str) -> io::Result<()> {
    emit(Level::Note, None, message)
}

/// `file:line: warning: …` as plain text (no color: it is made on any thread, and the library API hands it
/// out as a string), for a writer that puts it out later, in its place.
pub(crate) fn warning_at(file: &str, line: u64, message: &str) -> String {
    format!(
        "{}:{line}: warning: {}",
        for_terminal(file),
        for_terminal(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_its_place_and_sanitizes_what_came_from_the_input() {
        crate::render::init_color(crate::cli::ColorWhen::Never);
        assert_eq!(
            warning_at("a\u{1b}.log", 7, "cut\u{7}"),
            "a\\u{1b}.log:7: warning: cut\\u{7}"
        );
        let mut out = Vec::new();
        write(&mut out, Level::Help, None, "did you mean `x`?").expect("write");
        assert_eq!(out, b"help: did you mean `x`?\n");
        assert_eq!(
            format(
                Level::Error,
                Some(Place {
                    file: "f",
                    line: None
                }),
                "m"
            ),
            "f: error: m"
        );
    }
}
