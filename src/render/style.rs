//! Styles named by meaning; renderers never pick colors themselves. Whether color is on is decided once
//! (`render::init_color`).

use colored::{ColoredString, Colorize};

/// An error code or rule id.
pub(crate) fn code(text: &str) -> ColoredString {
    text.bold().cyan()
}
/// An HTTP status or severity that failed.
pub(crate) fn error(text: &str) -> ColoredString {
    text.bold().red()
}
/// A warning.
pub(crate) fn warning(text: &str) -> ColoredString {
    text.bold().yellow()
}
/// A note or hint.
pub(crate) fn note(text: &str) -> ColoredString {
    text.bold().blue()
}
/// A `help:` line: what to do instead.
/// `text` in the color of `severity`: the one place any finding's weight gets its color.
pub(crate) fn severity(severity: crate::finding::Severity, text: &str) -> ColoredString {
    use crate::finding::Severity;
    match severity {
        Severity::Error => error(text),
        Severity::Warning => warning(text),
        Severity::Note => note(text),
    }
}

pub(crate) fn help(text: &str) -> ColoredString {
    text.bold().cyan()
}
/// A section heading.
pub(crate) fn heading(text: &str) -> ColoredString {
    text.bold()
}
/// The fix: what to type or do.
pub(crate) fn fix(text: &str) -> ColoredString {
    text.green()
}
/// Secondary text: sources, ids, locations.
pub(crate) fn dim(text: &str) -> ColoredString {
    text.dimmed()
}
