//! Long human output on a terminal goes through `$PAGER` (else `less -R`), as `rustc --explain` and git do;
//! output that fits the screen, pipes and files are written as they are.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// Whether the output should be held back for a pager: stdout is a terminal and paging was not refused.
pub(crate) fn possible(no_pager: bool) -> bool {
    !no_pager && io::stdout().is_terminal()
}

/// Writes `text` to stdout, through the pager when it is taller than the terminal.
pub(crate) fn show(text: &[u8]) -> io::Result<()> {
    let rows = terminal_size::terminal_size_of(io::stdout()).map_or(0, |(_, h)| usize::from(h.0));
    let lines = text.iter().filter(|&&b| b == b'\n').count();
    if rows == 0 || lines < rows || !through_pager(text) {
        let mut out = io::stdout().lock();
        out.write_all(text)?;
        out.flush()?;
    }
    Ok(())
}

/// Runs the pager on `text`; false when there is none to run (PAGER empty, or not found).
fn through_pager(text: &[u8]) -> bool {
    let configured = std::env::var("PAGER").ok();
    let line = configured.as_deref().unwrap_or("less -R");
    let mut words = line.split_whitespace();
    let Some(program) = words.next() else {
        return false; // PAGER="" means: no pager
    };
    let mut command = Command::new(program);
    command.args(words).stdin(Stdio::piped());
    let less = is_less(program);
    if less && std::env::var_os("LESS").is_none() {
        // As git does: show colors (R), quit when the text fits (F), leave it on the screen (X).
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // Only less is known to show colors: any other pager gets plain text, not escape codes.
        let plain;
        let text = if less {
            text
        } else {
            plain = strip_ansi(text);
            &plain
        };
        // The reader may quit early (`q` in less): a closed pipe is not an error here.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    true
}

/// Whether `program` (a name or a path) is less.
fn is_less(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    name == "less" || name == "less.exe"
}

/// `text` without its ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == 0x1b && text.get(i + 1) == Some(&b'[') {
            i += 2;
            while i < text.len() && !text[i].is_ascii_alphabetic() {
                i += 1;
            }
            i += 1;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_less_is_given_colors() {
        assert!(is_less("less") && is_less("/usr/bin/less") && is_less("C:\\bin\\less.exe"));
        assert!(!is_less("more") && !is_less("most") && !is_less("lesspipe"));
        assert_eq!(strip_ansi(b"\x1b[1;31m403\x1b[0m ok"), b"403 ok");
    }
}
