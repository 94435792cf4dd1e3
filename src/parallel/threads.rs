//! The two-core path of `diagnose` (the steps of `crate::pipeline`, on blocks): a reading thread cuts the
//! source into blocks, two scanning threads ([`super::scan`]) scan them in turn from rest, and this thread
//! writes their results in input order, scanning a block again when the cut before it fell inside
//! something.
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

use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::thread;

use super::blocks::{self, Block};
use super::scan::{self, scan_block, scan_block_at, Done, Flags, LineAt, Scanned};
use crate::input::Source;
use crate::pipeline::{scan_lines, Batch, Stop, Writer};
use crate::scan::{Container, Scanner};

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
    let flags = Arc::new(Flags::default());
    flags.speculate.store(true, Ordering::Relaxed);
    let mut results: Vec<Receiver<Done>> = Vec::with_capacity(SCANNERS);
    let mut jobs = Vec::with_capacity(SCANNERS);
    let mut order = Order {
        file,
        flags: Arc::clone(&flags),
        give_back: Vec::with_capacity(SCANNERS),
        spares: None,
        carried: None,
        soft: None,
    };
    for _ in 0..SCANNERS {
        let (job_tx, job_rx) = mpsc::sync_channel(IN_FLIGHT);
        let (done_tx, done_rx) = mpsc::sync_channel(IN_FLIGHT);
        let (back_tx, back_rx) = mpsc::channel();
        let (file, mode, flags) = (Arc::clone(file), writer.mode, Arc::clone(&flags));
        // Not joined: each ends when its input ends or its results are no longer read.
        thread::spawn(move || scan::run(job_rx, done_tx, back_rx, file, mode, flags));
        jobs.push(job_tx);
        results.push(done_rx);
        order.give_back.push(back_tx);
    }
    order.spares = Some(blocks::spawn_reader(source.clone(), jobs));
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
            Done::Block(scanned) => order.write(*scanned, turn % SCANNERS, writer)?,
            Done::Failed(e) => {
                failure = Some(e);
                break;
            }
            Done::Broken(e) => return Err(Stop::Output(e)),
        }
    }
    // Report what was found before a read failed, then the failure.
    if let Some(mut scanner) = order.carried.take() {
        let mut batch = Batch::default();
        let mode = writer.mode;
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

/// The writing thread's side: what it knows of the blocks written so far, and the channels that hand
/// buffers back.
struct Order<'f> {
    file: &'f Arc<str>,
    flags: Arc<Flags>,
    /// Output buffers go back to the thread that filled them: reused, they keep memory flat (freed on
    /// another thread and allocated anew, they made the allocator's heaps grow with the input).
    give_back: Vec<Sender<Vec<u8>>>,
    /// Block buffers go back to the reader.
    spares: Option<Sender<Vec<u8>>>,
    /// The true scanner after the blocks written so far, when it did not end at rest.
    carried: Option<Scanner>,
    /// The true scanner after the last block, when it ended at rest but with soft state (a response a
    /// client's closing line at the top of the next block would merge into): a block whose fresh scanner
    /// leaned on starting without it is scanned again from this one.
    soft: Option<Scanner>,
}

impl Order<'_> {
    /// Writes one block's result (from scanning thread `from`), scanning the block again here when its
    /// result from rest does not stand.
    fn write(
        &mut self,
        scanned: Scanned,
        from: usize,
        writer: &mut Writer<'_>,
    ) -> Result<(), Stop> {
        let file = self.file;
        let Scanned {
            block,
            scanner,
            batch,
            resumed_at,
        } = scanned;
        writer.summary.lines += block.len();
        // Resumed inside an array: kept only going on from a scanner inside it (module docs).
        let (batch, scanner) = match (resumed_at, self.carried.take()) {
            (Some(line), Some(before)) => {
                let (head, mut scanner) =
                    resume(before, scanner, batch, &block, line, file, writer)?;
                writer.keep_sign(file, &mut scanner);
                (head, Some(scanner))
            }
            // Resumed, but the previous block ended at rest: not usable.
            (Some(_), None) => (batch, None),
            (None, going_on) => {
                self.carried = going_on;
                (batch, scanner)
            }
        };
        let done_here = resumed_at.is_some() && self.carried.is_none() && scanner.is_some();
        let (batch, mut scanner) = self.settle(done_here, scanner, batch, &block, writer)?;
        writer.keep_sign(file, &mut scanner);
        self.flags
            .speculate
            .store(scanner.is_at_rest(), Ordering::Relaxed);
        self.flags.set_container(scanner.in_array());
        // The reader may be gone (end of input): then the buffer is simply dropped.
        if let Some(spares) = &self.spares {
            let _ = spares.send(block.into_buffer());
        }
        let out = writer.write(file, batch)?;
        if out.capacity() <= MAX_KEPT_OUTPUT {
            // The scanner may be gone (end of input): then the buffer is simply dropped.
            let _ = self.give_back[from].send(out);
        }
        if !scanner.is_at_rest() {
            self.carried = Some(scanner);
        } else if scanner.has_soft_state() {
            self.soft = Some(scanner);
        }
        Ok(())
    }

    /// The block's result and the true scanner after it: the scanning thread's, or this thread's going
    /// on from the scanner before it when that one does not stand (`done_here`: a resumed result kept).
    fn settle(
        &mut self,
        done_here: bool,
        scanner: Option<Scanner>,
        batch: Batch,
        block: &Block,
        writer: &Writer<'_>,
    ) -> Result<(Batch, Scanner), Stop> {
        let before = self.soft.take();
        let lean =
            !done_here && matches!((&scanner, &before), (Some(f), Some(_)) if f.leans_on_start());
        // A block not scanned here is scanned going on from the true scanner before it, soft state
        // included.
        let going_on = self.carried.take().or(if lean || scanner.is_none() {
            before
        } else {
            None
        });
        let scanner = if lean { None } else { scanner };
        match (going_on, scanner) {
            (None, Some(scanner)) => Ok((batch, scanner)),
            // The cut fell inside something (this block's result from rest is wrong), or the block was
            // not scanned: scan it here, going on from the previous block.
            (going_on, _) => {
                let mut scanner =
                    going_on.unwrap_or_else(|| Scanner::for_file(Arc::clone(self.file)));
                let mut out = batch.out;
                out.clear();
                let mut again = Batch {
                    out,
                    ..Batch::default()
                };
                scan_block(&mut scanner, block, self.file, writer.mode, &mut again)
                    .map_err(Stop::Output)?;
                Ok((again, scanner))
            }
        }
    }
}

/// A block scanned by a scanner resumed inside a container of kind `kind` from its line `line` on, after a block that ended
/// inside one (`before`, the true scanner): scans the block's lines before it going on from `before`, then
/// keeps the resumed result if it stands (see the module docs), or scans the rest going on. Writes what the
/// first lines gave (and the resumed result, when kept); gives back what is left to write and the true
/// scanner after the block.
fn resume(
    mut before: Scanner,
    resumed: Option<Scanner>,
    batch: Batch,
    block: &Block,
    (line, kind): (LineAt, Container),
    file: &Arc<str>,
    writer: &mut Writer<'_>,
) -> Result<(Batch, Scanner), Stop> {
    let mode = writer.mode;
    let mut head = Batch::default();
    scan_lines(
        &mut before,
        block.lines().take(line.index),
        file,
        mode,
        &mut head,
    )
    .map_err(Stop::Output)?;
    let keep = resumed.filter(|r| {
        !r.leans_on_start() && batch.warnings.is_empty() && batch.counts.unreadable == 0
    });
    match (before.array_resume_point(), keep) {
        (Some(at), Some(mut resumed)) if at.kind() == kind => {
            writer.keep_sign(file, &mut before);
            resumed.adopt_array_start(at, &before);
            let out = writer.write(file, head)?;
            drop(out);
            Ok((batch, resumed))
        }
        _ => {
            scan_block_at(&mut before, block, line, file, mode, &mut head).map_err(Stop::Output)?;
            Ok((head, before))
        }
    }
}
