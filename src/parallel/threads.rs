//! The two-core path of `diagnose` (the steps of `crate::pipeline`, on blocks): a reading thread cuts the
//! source into blocks, two scanning threads scan them in turn from rest, and this thread writes their
//! results in input order, scanning a block again when the cut before it fell inside something.
//!
//! Each block is scanned, diagnosed and rendered from a fresh scanner. A block's result stands only if the
//! scanner that read the block before it ended at rest ([`Scanner::is_at_rest`]): then a fresh scanner reads
//! it exactly as one scanner reading everything would. Otherwise (a JSON text or a transcript runs across
//! the cut) this thread scans the block again, going on from the previous block's scanner; while that keeps
//! happening, the scanning threads hand blocks on unscanned and this thread scans alone. The output is the
//! same bytes as a single thread's.
//!
//! A big top-level array (an export, a SIEM dump: one JSON text over every block) is the exception: while
//! the previous block ended inside one, the scanning threads scan each block from its first line that may
//! open an item (an indented lone `{`) with a scanner resumed between two items of the array. This thread
//! scans the lines before that point going on from the previous block, and keeps the resumed result when it
//! then stands exactly where the resumed scanner started (between two items of the array itself, nothing
//! else open) and the result holds no warning (whose text may cite the array's start or an item's index,
//! which the resumed scanner does not know); otherwise it scans the rest of the block itself.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread;

use super::blocks::{self, Block, Piece};
use crate::input::Source;
use crate::pipeline::{scan_lines, Batch, Mode, Stop, Writer};
use crate::scan::Scanner;

/// A block and what a scanner starting at rest found in it.
struct Scanned {
    block: Block,
    /// The scanner, as it ended (`None`: not scanned, see `speculate` in [`scan_source`]).
    scanner: Option<Scanner>,
    batch: Batch,
    /// The scanner was resumed inside an array at this line of the block (see the module docs).
    resumed_at: Option<usize>,
}

/// How far into a block a line that may open an array item is looked for.
const RESUME_WITHIN: usize = 64;

/// The first line of `block` (within [`RESUME_WITHIN`]) that may open an item of a pretty-printed array.
fn resume_line(block: &Block) -> Option<usize> {
    block
        .lines()
        .take(RESUME_WITHIN)
        .position(|(_, text, skipped)| skipped == 0 && Scanner::may_open_array_item(&text))
}

/// A scanning thread's result for one block.
enum Done {
    Block(Box<Scanned>),
    Failed(io::Error),
    /// Rendering failed (never expected: rendering into memory).
    Broken(anyhow::Error),
}

/// Blocks waiting for each scanning thread, and results waiting for the writer, per thread: bounds memory.
const IN_FLIGHT: usize = 1;
/// Output buffers larger than this (a block of many tiny errors) are freed, not kept for reuse.
const MAX_KEPT_OUTPUT: usize = 4 << 20;
/// Scanning threads: one per core of the two this is made for (the reading and writing threads mostly
/// wait; more scanners would only fight over the cores).
const SCANNERS: usize = 2;

/// Reads, scans and writes one source with the blocks scanned on [`SCANNERS`] threads (see the module
/// docs).
pub(crate) fn scan_source(
    source: &Source,
    file: &Arc<str>,
    writer: &mut Writer<'_>,
) -> Result<(), Stop> {
    let mode = writer.mode;
    let mut results: Vec<Receiver<Done>> = Vec::with_capacity(SCANNERS);
    let mut jobs = Vec::with_capacity(SCANNERS);
    // Output buffers go back to the thread that filled them: reused, they keep memory flat (freed on
    // another thread and allocated anew, they made the allocator's heaps grow with the input).
    let mut give_back = Vec::with_capacity(SCANNERS);
    // Scanning a block from rest pays only while blocks end at rest. When the cuts keep falling inside
    // something (one `curl -v` transcript after another), every result would be thrown away: the scanning
    // threads then pass blocks on unscanned and this thread scans them, until a block ends at rest again.
    let speculate = Arc::new(AtomicBool::new(true));
    // The previous block ended inside a top-level array: scan from a point inside it (module docs).
    let in_array = Arc::new(AtomicBool::new(false));
    for _ in 0..SCANNERS {
        let (job_tx, job_rx) = mpsc::sync_channel::<Piece>(IN_FLIGHT);
        let (done_tx, done_rx) = mpsc::sync_channel::<Done>(IN_FLIGHT);
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let file = Arc::clone(file);
        let speculate = Arc::clone(&speculate);
        let in_array = Arc::clone(&in_array);
        // Not joined: each ends when its input ends or its results are no longer read.
        thread::spawn(move || {
            for piece in job_rx {
                let done = match piece {
                    Piece::Block(block) => {
                        let mut batch = Batch {
                            out: back_rx.try_recv().unwrap_or_default(),
                            ..Batch::default()
                        };
                        // A block going on with a piece of a long line starts inside a JSON text:
                        // scanned from rest, its result would be thrown away, so it is passed on.
                        let speculative =
                            speculate.load(Ordering::Relaxed) && !block.continues_before();
                        let resumed_at = if in_array.load(Ordering::Relaxed) {
                            resume_line(&block)
                        } else {
                            None
                        };
                        if let Some(k) = resumed_at {
                            let mut scanner = Scanner::resume_array(Arc::clone(&file));
                            let lines = block.lines().skip(k);
                            match scan_lines(&mut scanner, lines, &file, mode, &mut batch) {
                                Ok(()) => Done::Block(Box::new(Scanned {
                                    block,
                                    scanner: Some(scanner),
                                    batch,
                                    resumed_at,
                                })),
                                Err(e) => Done::Broken(e),
                            }
                        } else if speculative {
                            let mut scanner = Scanner::for_file(Arc::clone(&file));
                            match scan_block(&mut scanner, &block, &file, mode, &mut batch) {
                                Ok(()) => Done::Block(Box::new(Scanned {
                                    block,
                                    scanner: Some(scanner),
                                    batch,
                                    resumed_at: None,
                                })),
                                Err(e) => Done::Broken(e),
                            }
                        } else {
                            Done::Block(Box::new(Scanned {
                                block,
                                scanner: None,
                                batch,
                                resumed_at: None,
                            }))
                        }
                    }
                    Piece::Failed(e) => Done::Failed(e),
                };
                if done_tx.send(done).is_err() {
                    return;
                }
            }
        });
        jobs.push(job_tx);
        results.push(done_rx);
        give_back.push(back_tx);
    }
    let spares = blocks::spawn_reader(source.clone(), jobs);

    // The true scanner after the blocks written so far, when it did not end at rest.
    let mut carried: Option<Scanner> = None;
    // The true scanner after the last block, when it ended at rest but with soft state (a response a
    // client's closing line at the top of the next block would merge into): a block whose fresh scanner
    // leaned on starting without it is scanned again from this one.
    let mut soft: Option<Scanner> = None;
    let mut failure = None;
    for turn in 0.. {
        let from = &results[turn % SCANNERS];
        let done = match from.try_recv() {
            Ok(done) => done,
            Err(TryRecvError::Empty) => {
                // Nothing ready: let what was written out before waiting.
                writer.flush()?;
                match from.recv() {
                    Ok(done) => done,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        match done {
            Done::Block(scanned) => {
                let Scanned {
                    block,
                    scanner,
                    batch,
                    resumed_at,
                } = *scanned;
                writer.summary.lines += block.len();
                // Resumed inside an array: kept only going on from a scanner inside it (module docs).
                let (batch, scanner) = match (resumed_at, carried.take()) {
                    (Some(k), Some(before)) => {
                        let (head, mut scanner) =
                            resume(before, scanner, batch, &block, k, file, writer)?;
                        writer.keep_sign(file, &mut scanner);
                        (head, Some(scanner))
                    }
                    // Resumed, but the previous block ended at rest: not usable.
                    (Some(_), None) => (batch, None),
                    (None, going_on) => {
                        carried = going_on;
                        (batch, scanner)
                    }
                };
                let done_here = resumed_at.is_some() && carried.is_none() && scanner.is_some();
                let before = soft.take();
                let lean = !done_here
                    && matches!((&scanner, &before), (Some(f), Some(_)) if f.leans_on_start());
                // A block not scanned here is scanned going on from the true scanner before it, soft
                // state included.
                let going_on = carried.take().or(if lean || scanner.is_none() {
                    before
                } else {
                    None
                });
                let scanner = if lean { None } else { scanner };
                let (batch, mut scanner) = match (going_on, scanner) {
                    (None, Some(scanner)) => (batch, scanner),
                    // The cut fell inside something (this block's result from rest is wrong), or the
                    // block was not scanned: scan it here, going on from the previous block.
                    (going_on, _) => {
                        let mut scanner =
                            going_on.unwrap_or_else(|| Scanner::for_file(Arc::clone(file)));
                        let mut out = batch.out;
                        out.clear();
                        let mut again = Batch {
                            out,
                            ..Batch::default()
                        };
                        scan_block(&mut scanner, &block, file, mode, &mut again)
                            .map_err(Stop::Output)?;
                        (again, scanner)
                    }
                };
                writer.keep_sign(file, &mut scanner);
                speculate.store(scanner.is_at_rest(), Ordering::Relaxed);
                in_array.store(scanner.in_array(), Ordering::Relaxed);
                // The reader may be gone (end of input): then the buffer is simply dropped.
                let _ = spares.send(block.into_buffer());
                let out = writer.write(file, batch)?;
                if out.capacity() <= MAX_KEPT_OUTPUT {
                    // The scanner may be gone (end of input): then the buffer is simply dropped.
                    let _ = give_back[turn % SCANNERS].send(out);
                }
                if !scanner.is_at_rest() {
                    carried = Some(scanner);
                } else if scanner.has_soft_state() {
                    soft = Some(scanner);
                }
            }
            Done::Failed(e) => {
                failure = Some(e);
                break;
            }
            Done::Broken(e) => return Err(Stop::Output(e)),
        }
    }
    // Report what was found before a read failed, then the failure.
    if let Some(mut scanner) = carried {
        let mut batch = Batch::default();
        scanner
            .finish(&mut |e| batch.event(e, file, mode))
            .map_err(Stop::Output)?;
        writer.keep_sign(file, &mut scanner);
        writer.write(file, batch)?;
    }
    match failure {
        Some(e) => Err(Stop::Input(e)),
        None => Ok(()),
    }
}

/// A block scanned by a scanner resumed inside an array from its line `k` on, after a block that ended
/// inside one (`before`, the true scanner): scans the block's first `k` lines going on from `before`, then
/// keeps the resumed result if it stands (see the module docs), or scans the rest going on. Writes what the
/// first lines gave (and the resumed result, when kept); gives back what is left to write and the true
/// scanner after the block.
fn resume(
    mut before: Scanner,
    resumed: Option<Scanner>,
    batch: Batch,
    block: &Block,
    k: usize,
    file: &Arc<str>,
    writer: &mut Writer<'_>,
) -> Result<(Batch, Scanner), Stop> {
    let mode = writer.mode;
    let mut head = Batch::default();
    scan_lines(&mut before, block.lines().take(k), file, mode, &mut head).map_err(Stop::Output)?;
    let keep = resumed.filter(|r| {
        !r.leans_on_start() && batch.warnings.is_empty() && batch.counts.unreadable == 0
    });
    match (before.array_resume_point(), keep) {
        (Some(at), Some(mut resumed)) => {
            writer.keep_sign(file, &mut before);
            resumed.adopt_array_start(at, &before);
            let out = writer.write(file, head)?;
            drop(out);
            Ok((batch, resumed))
        }
        _ => {
            scan_lines(&mut before, block.lines().skip(k), file, mode, &mut head)
                .map_err(Stop::Output)?;
            Ok((head, before))
        }
    }
}

/// Scans `block`'s lines with `scanner`, adding what they hold to `batch`.
fn scan_block(
    scanner: &mut Scanner,
    block: &Block,
    file: &str,
    mode: Mode,
    batch: &mut Batch,
) -> anyhow::Result<()> {
    scan_lines(scanner, block.lines(), file, mode, batch)
}
