//! Long human output on a terminal goes through `$PAGER` (else `less -R`), as `rustc --explain` and git do;
//! output that fits the screen, pipes and files are written as they are.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// Whether the output should be held back for a pager: stdout is a terminal and paging was not refused.
pub fn possible(no_pager: bool) -> bool {
    !no_pager && io::stdout().is_terminal()
}

/// Writes `text` to stdout, through the pager when it is taller than the terminal.
pub fn show(text: &[u8]) -> io::Result<()> {
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
    let Ok(mut child) = Command::new(program)
        .args(words)
        .stdin(Stdio::piped())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The reader may quit early (`q` in less): a closed pipe is not an error here.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    true
}
