//! The width human output is wrapped to: the terminal's (at most 100) on a terminal, 100 into pipes and files.

use std::io::IsTerminal;
use std::sync::OnceLock;

use super::WRAP_WIDTH;

/// Narrowest width honoured: below it hanging indents leave no room for words.
const MIN_COLUMNS: usize = 40;

/// Columns to wrap to, decided once per run: stdout's terminal width capped at 100, else 100 (a ticket or a
/// log reads the same whatever terminal produced it).
pub(crate) fn columns() -> usize {
    static COLUMNS: OnceLock<usize> = OnceLock::new();
    *COLUMNS.get_or_init(|| {
        let stdout = std::io::stdout();
        if !stdout.is_terminal() {
            return WRAP_WIDTH;
        }
        terminal_size::terminal_size_of(&stdout)
            .map_or(WRAP_WIDTH, |(terminal_size::Width(w), _)| {
                fit(usize::from(w))
            })
    })
}

/// A terminal width clamped to what the renderers can use.
fn fit(terminal: usize) -> usize {
    terminal.clamp(MIN_COLUMNS, WRAP_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_width_is_capped_at_100_and_floored_at_40() {
        assert_eq!(fit(80), 80);
        assert_eq!(fit(200), 100);
        assert_eq!(fit(10), 40);
    }
}
