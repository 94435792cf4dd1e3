//! The scanning threads of the two-core path (see [`super::threads`]): each scans the blocks handed to it
//! from rest, or, inside a big top-level array, from its first line that may open an item; and a block
//! is scanned with whole array items read straight from its bytes where that gives what reading it line
//! by line would (`Scanner::read_items`).

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use super::blocks::{Block, Piece};
use crate::pipeline::{Batch, Mode};
use crate::scan::{Container, Event, Scanner};

/// A block and what a scanner starting at rest found in it.
pub(super) struct Scanned {
    pub block: Block,
    /// The scanner, as it ended (`None`: not scanned, see [`Flags::speculate`]).
    pub scanner: Option<Scanner>,
    pub batch: Batch,
    /// The scanner was resumed inside a container of this kind at this line of the block (see
    /// `threads`' docs).
    pub resumed_at: Option<(LineAt, Container)>,
}

/// A line of a block: its index among the block's lines, where it starts, its number.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineAt {
    pub index: usize,
    pub at: usize,
    pub number: u64,
}

/// A scanning thread's result for one block.
pub(super) enum Done {
    Block(Box<Scanned>),
    Failed(std::io::Error),
    /// Rendering failed (never expected: rendering into memory).
    Broken(anyhow::Error),
}

/// What the writing thread tells the scanning threads about the blocks written so far.
#[derive(Default)]
pub(super) struct Flags {
    /// Scanning a block from rest pays only while blocks end at rest. When the cuts keep falling inside
    /// something (one `curl -v` transcript after another), every result would be thrown away: the
    /// scanning threads then pass blocks on unscanned and the writer scans them, until a block ends at rest
    /// again.
    pub speculate: AtomicBool,
    /// The previous block ended inside a top-level array or an OData page ([`Flags::container`]): scan
    /// from a point inside it.
    in_array: AtomicU8,
}

impl Flags {
    /// The container the previous block ended inside (see [`Flags::set_container`]).
    fn container(&self) -> Option<Container> {
        match self.in_array.load(Ordering::Relaxed) {
            1 => Some(Container::Array),
            2 => Some(Container::OData),
            _ => None,
        }
    }

    /// Says which container (if any) the block just written ended inside.
    pub(super) fn set_container(&self, kind: Option<Container>) {
        let k = match kind {
            None => 0,
            Some(Container::Array) => 1,
            Some(Container::OData) => 2,
        };
        self.in_array.store(k, Ordering::Relaxed);
    }
}

/// How far into a block a line that may open an array item is looked for.
const RESUME_WITHIN: usize = 64;

/// The first line of `block` (within [`RESUME_WITHIN`]) that may open an item of a pretty-printed array.
fn resume_line(block: &Block) -> Option<LineAt> {
    let mut at = 0;
    for (index, (number, text, skipped, next)) in block
        .lines_from(0, block.first())
        .take(RESUME_WITHIN)
        .enumerate()
    {
        if skipped == 0 && Scanner::may_open_array_item(&text) {
            return Some(LineAt { index, at, number });
        }
        at = next?;
    }
    None
}

/// The body of a scanning thread: scans each piece it is handed and sends the result on, until either
/// channel closes.
pub(super) fn run(
    jobs: Receiver<Piece>,
    done: SyncSender<Done>,
    back: Receiver<Vec<u8>>,
    file: Arc<str>,
    mode: Mode,
    flags: Arc<Flags>,
) {
    for piece in jobs {
        let result = match piece {
            Piece::Block(block) => {
                let batch = Batch {
                    out: back.try_recv().unwrap_or_default(),
                    ..Batch::default()
                };
                scan(block, batch, &file, mode, &flags)
            }
            Piece::Failed(e) => Done::Failed(e),
        };
        if done.send(result).is_err() {
            return;
        }
    }
}

/// Scans one block from rest (or resumed inside an array), or hands it on unscanned.
fn scan(block: Block, mut batch: Batch, file: &Arc<str>, mode: Mode, flags: &Flags) -> Done {
    // A block going on with a piece of a long line starts inside a JSON text: scanned from rest, its
    // result would be thrown away, so it is passed on.
    let speculative = flags.speculate.load(Ordering::Relaxed) && !block.continues_before();
    let resumed_at = flags
        .container()
        .and_then(|kind| Some((resume_line(&block)?, kind)));
    let scanner = match resumed_at {
        Some((line, kind)) => {
            let mut scanner = Scanner::resume_array(Arc::clone(file), kind);
            if let Err(e) = scan_block_at(&mut scanner, &block, line, file, mode, &mut batch) {
                return Done::Broken(e);
            }
            Some(scanner)
        }
        None if speculative => {
            let mut scanner = Scanner::for_file(Arc::clone(file));
            if let Err(e) = scan_block(&mut scanner, &block, file, mode, &mut batch) {
                return Done::Broken(e);
            }
            Some(scanner)
        }
        None => None,
    };
    Done::Block(Box::new(Scanned {
        block,
        scanner,
        batch,
        resumed_at,
    }))
}

/// Scans `block`'s lines with `scanner`, adding what they hold to `batch`.
pub(super) fn scan_block(
    scanner: &mut Scanner,
    block: &Block,
    file: &str,
    mode: Mode,
    batch: &mut Batch,
) -> anyhow::Result<()> {
    let first = LineAt {
        index: 0,
        at: 0,
        number: block.first(),
    };
    scan_block_at(scanner, block, first, file, mode, batch)
}

/// Scans `block` from its line `from` on with `scanner`, adding what it holds to `batch`: line by line,
/// and whole array items straight from the block's text where the scanner can read them so.
pub(super) fn scan_block_at(
    scanner: &mut Scanner,
    block: &Block,
    from: LineAt,
    file: &str,
    mode: Mode,
    batch: &mut Batch,
) -> anyhow::Result<()> {
    let valid = block.valid_text();
    let text = valid.filter(|_| block.is_whole());
    let (mut at, mut number) = (from.at, from.number);
    let emit = &mut |e: Event<'_>| batch.event(e, file, mode);
    loop {
        if let Some(text) = text.filter(|_| scanner.reads_items()) {
            let (bytes, lines) = scanner.read_items(number, &text[at..], block.max_line(), emit)?;
            at += bytes;
            number += lines;
        }
        // Line by line, until the scanner stands between two items again after reading one (trying
        // again at every line would scan a long item to its end once per line).
        let mut was_between = true;
        let mut resume = None;
        for (n, line, skipped, next) in block.lines_in(valid, at, number) {
            scanner.line(n, &line, skipped, emit)?;
            let between = text.is_some() && scanner.reads_items();
            if let (true, false, Some(next)) = (between, was_between, next) {
                resume = Some((next, n + 1));
                break;
            }
            was_between = between;
        }
        match resume {
            Some((next, n)) => (at, number) = (next, n),
            None => return Ok(()),
        }
    }
}
