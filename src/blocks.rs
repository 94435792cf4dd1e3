//! A source cut into blocks of whole lines on a reading thread of its own: the unit of work the scanning
//! threads take in turn (see `commands::diagnose`). Lines come from [`Lines`], so a block holds each line's
//! number, text and skipped bytes exactly as a single reader would have seen them.

use std::io;
use std::sync::mpsc::SyncSender;
use std::thread;

use crate::input::{Lines, Source};

/// A block is handed on once it holds this much text, or sooner when the next read may wait (a slow pipe
/// such as `tail -f`): big enough that handing over costs nothing, small enough to keep memory flat.
pub const BLOCK_BYTES: usize = 256 * 1024;

/// Consecutive lines of one source.
#[derive(Debug, Default)]
pub struct Block {
    /// Number of the first line.
    first: u64,
    /// The lines' texts, one after the other (no separators).
    text: String,
    /// For each line: where its text ends in `text`, and how many bytes of it were skipped (over-long).
    ends: Vec<(usize, usize)>,
}

impl Block {
    /// How many lines the block holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no line.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The lines: number, text, skipped bytes.
    pub fn lines(&self) -> impl Iterator<Item = (u64, &str, usize)> {
        let mut start = 0;
        self.ends
            .iter()
            .zip(self.first..)
            .map(move |(&(end, skipped), number)| {
                let text = self.text.get(start..end).unwrap_or("");
                start = end;
                (number, text, skipped)
            })
    }

    fn push(&mut self, number: u64, text: &str, skipped: usize) {
        if self.ends.is_empty() {
            self.first = number;
        }
        self.text.push_str(text);
        self.ends.push((self.text.len(), skipped));
    }
}

/// What the reading thread hands on, in order.
#[derive(Debug)]
pub enum Piece {
    Block(Block),
    /// Opening or reading failed; nothing follows.
    Failed(io::Error),
}

/// Reads `source` on a new thread, handing piece `k` to `to[k % to.len()]` (the scanning threads take
/// blocks in turn, and their results are read back in the same turn: order needs no bookkeeping). The
/// thread ends at the end of input, after a failure, or when a receiver is gone (at its next hand-over: one
/// waiting on a quiet pipe ends with the process).
pub fn spawn_reader(source: Source, to: Vec<SyncSender<Piece>>) {
    thread::spawn(move || {
        let mut turn = 0usize;
        let mut send = |piece: Piece| -> bool {
            let Some(tx) = to.get(turn % to.len().max(1)) else {
                return false;
            };
            turn += 1;
            tx.send(piece).is_ok()
        };
        let mut lines = match Lines::open(&source) {
            Ok(l) => l,
            Err(e) => {
                send(Piece::Failed(e));
                return;
            }
        };
        let mut block = Block::default();
        loop {
            let mut gone = false;
            let next = lines.next_line(&mut || {
                // The read may wait: hand on what is there, so answers keep up with a slow source.
                if !block.is_empty() && !send(Piece::Block(std::mem::take(&mut block))) {
                    gone = true;
                    return Err(io::Error::other("receiver gone"));
                }
                Ok(())
            });
            match next {
                Ok(Some(line)) => {
                    block.push(line.number, &line.text, line.skipped);
                    if block.text.len() >= BLOCK_BYTES
                        && !send(Piece::Block(std::mem::take(&mut block)))
                    {
                        return;
                    }
                }
                Ok(None) => {
                    if !block.is_empty() {
                        send(Piece::Block(block));
                    }
                    return;
                }
                Err(e) => {
                    if gone {
                        return;
                    }
                    if !block.is_empty() && !send(Piece::Block(std::mem::take(&mut block))) {
                        return;
                    }
                    send(Piece::Failed(e));
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::mpsc;

    fn read_all(path: &std::path::Path, turns: usize) -> (Vec<(u64, String, usize)>, Vec<String>) {
        let (txs, rxs): (Vec<_>, Vec<_>) = (0..turns).map(|_| mpsc::sync_channel(2)).unzip();
        spawn_reader(Source::Path(path.to_path_buf()), txs);
        let mut lines = Vec::new();
        let mut failures = Vec::new();
        'outer: for k in 0.. {
            match rxs[k % turns].recv() {
                Ok(Piece::Block(b)) => {
                    assert!(!b.is_empty());
                    lines.extend(b.lines().map(|(n, t, s)| (n, t.to_string(), s)));
                }
                Ok(Piece::Failed(e)) => {
                    failures.push(e.to_string());
                    break 'outer;
                }
                Err(_) => break 'outer,
            }
        }
        (lines, failures)
    }

    #[test]
    fn blocks_taken_in_turn_give_back_every_line_in_order() {
        let dir = std::env::temp_dir().join(format!("mdediag-blocks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("log.txt");
        let mut f = std::fs::File::create(&path).expect("create");
        // Several blocks' worth, with CRLF and invalid UTF-8 on the way.
        let mut expected = Vec::new();
        for i in 0..40_000u64 {
            let text = format!("line {i} {}", "x".repeat((i % 50) as usize));
            if i % 1000 == 7 {
                f.write_all(text.as_bytes()).expect("write");
                f.write_all(b"\xff\r\n").expect("write");
                expected.push((i + 1, format!("{text}\u{FFFD}"), 0));
            } else {
                writeln!(f, "{text}").expect("write");
                expected.push((i + 1, text, 0));
            }
        }
        drop(f);
        for turns in [1, 2, 3] {
            let (lines, failures) = read_all(&path, turns);
            assert!(failures.is_empty(), "{failures:?}");
            assert_eq!(lines.len(), expected.len());
            assert!(lines == expected, "turns {turns}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_missing_file_is_one_failure() {
        let (lines, failures) = read_all(std::path::Path::new("/nonexistent/mdediag/x"), 2);
        assert!(lines.is_empty());
        assert_eq!(failures.len(), 1);
    }
}
