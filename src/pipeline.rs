//! The pipeline of `diagnose`, one batch at a time: lines → scanner → diagnosis → rendered bytes
//! ([`Batch`]), and the writing side that puts batches out in input order ([`Writer`]). [`scan_source`] runs
//! it for a source on this thread alone; the two-core driver (`parallel::threads`) runs the same steps
//! on blocks over two cores, and its output is the same bytes.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::Result;

use crate::diagnose::{self, Summary, Tally};
use crate::input::{Lines, Source, MAX_LINE};
use crate::render::diagnose::group::{self, Groups, Mark};
use crate::render::diagnose::Sink;
use crate::scan::{Event, Scanner, Sign};

/// What to make of each response.
#[derive(Clone, Copy)]
pub(crate) struct Mode {
    /// Tally responses instead of rendering them (`--summary`).
    pub summary: bool,
    /// Where rendered diagnoses go.
    pub sink: &'static dyn Sink,
}

/// What a stretch of input gave, ready to be written in input order.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// Rendered diagnoses, for stdout.
    pub out: Vec<u8>,
    /// Warnings for stderr, each after the first `.0` bytes of `out` (so they keep their place).
    pub warnings: Vec<(usize, String)>,
    /// `--summary`: the tallies, counted in input order by the writing side (first, last and the list of
    /// correlation ids depend on that order).
    pub tallies: Vec<Tally>,
    /// Diagnoses rendered (the sink opens the first one when written: `Sink::first_item`).
    pub items: u64,
    /// Where each rendered diagnosis ends, when the sink folds repeats (the writer decides which to keep).
    pub marks: Vec<Mark>,
    /// Responses and unreadable fragments counted here.
    pub counts: Summary,
}

impl Batch {
    pub(crate) fn event(&mut self, e: Event<'_>, file: &str, mode: Mode) -> Result<()> {
        match e {
            Event::Plain(p) if mode.summary => self.tallies.push(diagnose::tally_plain(&p)),
            Event::Response(r) if mode.summary => {
                // Counting needs the code and the retry verdict, not the advice: skip building it.
                self.tallies.push(diagnose::tally(*r));
            }
            Event::Response(r) => self.diagnosed(diagnose::diagnose_owned(*r), mode)?,
            Event::Plain(p) => self.diagnosed(diagnose::diagnose_owned(p.to_response()), mode)?,
            Event::Unreadable(f) => {
                self.counts.unreadable += 1;
                let warning = crate::shell::warning_at(file, f.source.line, &f.reason);
                self.warnings.push((self.out.len(), warning));
            }
        }
        Ok(())
    }

    /// Renders one diagnosis into the batch.
    fn diagnosed(&mut self, d: diagnose::Diagnosis, mode: Mode) -> Result<()> {
        self.counts.add(&d);
        self.items += 1;
        mode.sink.item(&mut self.out, &d)?;
        if mode.sink.groups_repeats() {
            self.marks.push(Mark {
                end: self.out.len(),
                key: group::key(&d),
                line: d.source.line,
            });
        }
        Ok(())
    }

    /// Whether enough is held that it should be written before reading on.
    pub(crate) fn is_big(&self) -> bool {
        self.out.len() >= 64 * 1024 || self.tallies.len() >= 4096 || !self.warnings.is_empty()
    }
}

/// Scans `lines` (some of a block's) with `scanner`, adding what they hold to `batch`.
pub(crate) fn scan_lines<'b>(
    scanner: &mut Scanner,
    lines: impl Iterator<Item = (u64, std::borrow::Cow<'b, str>, usize)>,
    file: &str,
    mode: Mode,
    batch: &mut Batch,
) -> Result<()> {
    for (number, text, skipped) in lines {
        scanner.line(number, &text, skipped, &mut |e| batch.event(e, file, mode))?;
    }
    Ok(())
}

/// The writing side: owns stdout, writes batches in input order, keeps the totals.
pub(crate) struct Writer<'o> {
    pub out: &'o mut dyn Write,
    pub mode: Mode,
    pub summary: Summary,
    /// JSON array items written so far.
    pub items: u64,
    /// The first line, in any source, that looked like an error in no form read (see `hint`).
    pub sign: Option<(Arc<str>, Sign)>,
    /// Repeats folded so far (sinks that fold them).
    pub groups: Groups,
}

impl Writer<'_> {
    /// Keeps the first sign of an unread error a scanner saw.
    pub(crate) fn keep_sign(&mut self, file: &Arc<str>, scanner: &mut Scanner) {
        if let Some(sign) = scanner.take_sign() {
            if self.sign.is_none() {
                self.sign = Some((Arc::clone(file), sign));
            }
        }
    }
}

impl Writer<'_> {
    /// Writes `batch`; gives back its output buffer, emptied, for reuse.
    pub(crate) fn write(&mut self, file: &Arc<str>, mut batch: Batch) -> Result<Vec<u8>, Stop> {
        self.summary.add_counts(&batch.counts);
        for t in batch.tallies {
            self.summary.count(file, t);
        }
        if self.items == 0 && batch.items > 0 {
            self.mode.sink.first_item(&mut batch.out);
        }
        self.items += batch.items;
        let mut from = 0;
        let mut marks = batch.marks.iter().peekable();
        for (at, warning) in &batch.warnings {
            let at = (*at).clamp(from, batch.out.len());
            while let Some(mark) = marks.next_if(|m| m.end <= at) {
                from = self.item(file, &batch.out, from, *mark)?;
            }
            self.out.write_all(&batch.out[from..at]).map_err(output)?;
            from = at;
            // Written at once, unbuffered: a warning must not wait for the next flush of stdout.
            self.out.flush().map_err(output)?;
            writeln!(io::stderr().lock(), "{warning}").map_err(output)?;
        }
        for mark in marks {
            from = self.item(file, &batch.out, from, *mark)?;
        }
        self.out.write_all(&batch.out[from..]).map_err(output)?;
        batch.marks.clear();
        batch.out.clear();
        Ok(batch.out)
    }

    /// Writes the diagnosis in `out[from..mark.end]` unless it repeats one already written; gives back
    /// where the next one starts.
    fn item(
        &mut self,
        file: &Arc<str>,
        out: &[u8],
        from: usize,
        mark: Mark,
    ) -> Result<usize, Stop> {
        let end = mark.end.clamp(from, out.len());
        if self.groups.admit(self.out, file, mark).map_err(output)? {
            self.out.write_all(&out[from..end]).map_err(output)?;
        }
        Ok(end)
    }

    /// Writes what is still held (the last fold lines), then the sink's ending.
    pub(crate) fn end(&mut self) -> Result<()> {
        self.groups.report(self.out)?;
        self.mode.sink.end(self.out, &self.summary, self.items)
    }

    pub(crate) fn flush(&mut self) -> Result<(), Stop> {
        self.out.flush().map_err(output)
    }
}

pub(crate) fn output(e: impl Into<anyhow::Error>) -> Stop {
    Stop::Output(e.into())
}

/// Why reading a source stopped.
pub(crate) enum Stop {
    /// Reading the input failed: report it, go on with the next source.
    Input(io::Error),
    /// Writing the output failed (e.g. a closed pipe): stop everything.
    Output(anyhow::Error),
}

/// How far ahead [`scan_source`] looks for whole array items in the read buffer: each look checks that
/// much text, so it stays small next to what one item costs when the items are not for it.
const READ_AHEAD: usize = 16 * 1024;

/// Reads, scans and writes one source on this thread alone (one core).
pub(crate) fn scan_source(
    source: &Source,
    file: &Arc<str>,
    writer: &mut Writer<'_>,
) -> Result<(), Stop> {
    let mode = writer.mode;
    let mut lines = Lines::open(source).map_err(Stop::Input)?;
    let mut scanner = Scanner::for_file(Arc::clone(file));
    let mut batch = Batch::default();
    let mut lines_read = 0u64;
    // Whether the scanner stood between two array items after the line before (see below).
    let mut was_between = false;
    let result = loop {
        let mut hand_error: Option<Stop> = None;
        let next = lines.next_line(&mut || {
            // The read may wait: write out what was found so far (`tail -f log | mdediag`).
            let done = std::mem::take(&mut batch);
            let written = writer.write(file, done).map(|out| batch.out = out);
            written.and_then(|()| writer.flush()).map_err(|e| {
                hand_error = Some(e);
                io::Error::other("output closed")
            })
        });
        match next {
            Ok(Some(line)) => {
                // Pieces of a line cut into several share its number: count lines, not pieces.
                lines_read = line.number;
                scanner
                    .line(line.number, &line.text, line.skipped, &mut |e| {
                        batch.event(e, file, mode)
                    })
                    .map_err(Stop::Output)?;
            }
            Ok(None) => break Ok(()),
            Err(e) => match hand_error {
                Some(stop) => return Err(stop),
                None => break Err(Stop::Input(e)),
            },
        }
        // Come to the point between two items of an array after reading one line by line: whole items
        // read ahead are read straight from the read buffer, as the two-core path reads them from a block.
        let between = scanner.reads_items();
        if between && !was_between {
            if let Some(text) = lines.read_ahead(READ_AHEAD) {
                let (bytes, read) = scanner
                    .read_items(lines_read + 1, text, MAX_LINE, &mut |e| {
                        batch.event(e, file, mode)
                    })
                    .map_err(Stop::Output)?;
                lines.skip(bytes, read);
                lines_read += read;
            }
        }
        was_between = between;
        if batch.is_big() {
            batch.out = writer.write(file, std::mem::take(&mut batch))?;
        }
    };
    writer.summary.lines += lines_read;
    // Report what was found before a read failed, then the failure.
    scanner
        .finish(&mut |e| batch.event(e, file, mode))
        .map_err(Stop::Output)?;
    writer.keep_sign(file, &mut scanner);
    writer.write(file, batch)?;
    result
}
