//! `mdediag [FILE]...` / `mdediag diagnose [FILE]...`: stream every source through the scanner, diagnose each
//! response as it is found, and render it at once (or count it for `--summary`).
//!
//! With two cores a source is cut into blocks of whole lines (`blocks`), and two threads scan, diagnose and
//! render blocks in turn, each from a fresh scanner, while this thread writes the results in input order.
//! A block's result stands only if the scanner that read the block before it ended at rest
//! ([`Scanner::is_at_rest`]): then a fresh scanner reads it exactly as one scanner reading everything
//! would. Otherwise (a JSON text or a transcript runs across the cut) this thread scans the block again,
//! going on from the previous block's scanner; while that keeps happening, the scanning threads hand blocks
//! on unscanned and this thread scans alone. The output is the same bytes as a single thread's.

use std::io::IsTerminal;
use std::io::{self, Write};
use std::sync::Arc;
use std::thread;

use anyhow::Result;

use crate::blocks::Block;
use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::diagnose::{self, Summary, Tally};
use crate::exit::ExitStatus;
use crate::input::{Lines, Source};
use crate::render::diagnose as render;
use crate::sanitize::for_terminal;
use crate::scan::{Event, Scanner, Sign};

mod parallel;

/// What to make of each response.
#[derive(Debug, Clone, Copy)]
struct Mode {
    summary: bool,
    format: DiagnoseFormat,
}

/// What a stretch of input gave, ready to be written in input order.
#[derive(Debug, Default)]
struct Batch {
    /// Rendered diagnoses, for stdout.
    out: Vec<u8>,
    /// Warnings for stderr, each after the first `.0` bytes of `out` (so they keep their place).
    warnings: Vec<(usize, String)>,
    /// `--summary`: the tallies, counted in input order by the writing side (first, last and the list of
    /// correlation ids depend on that order).
    tallies: Vec<Tally>,
    /// Diagnoses rendered (as JSON array items, the first one's separator is patched when written).
    items: u64,
    /// Responses and unreadable fragments counted here.
    counts: Summary,
}

impl Batch {
    fn event(&mut self, e: Event, file: &str, mode: Mode) -> Result<()> {
        match e {
            Event::Response(r) => {
                if mode.summary {
                    // Counting needs the code and the retry verdict, not the advice: skip building it.
                    self.tallies.push(diagnose::tally(*r));
                    return Ok(());
                }
                let d = diagnose::diagnose_owned(*r);
                self.counts.add(&d);
                self.items += 1;
                match mode.format {
                    DiagnoseFormat::Human => render::human(&mut self.out, &d)?,
                    DiagnoseFormat::Json => render::json_item(&mut self.out, &d)?,
                    DiagnoseFormat::Jsonl => render::json_line(&mut self.out, &d)?,
                }
            }
            Event::Unreadable(f) => {
                self.counts.unreadable += 1;
                let warning = format!(
                    "{}:{}: warning: {}",
                    for_terminal(file),
                    f.source.line,
                    for_terminal(&f.reason)
                );
                self.warnings.push((self.out.len(), warning));
            }
        }
        Ok(())
    }

    /// Whether enough is held that it should be written before reading on.
    fn is_big(&self) -> bool {
        self.out.len() >= 64 * 1024 || self.tallies.len() >= 4096 || !self.warnings.is_empty()
    }
}

/// Scans `block`'s lines with `scanner`, adding what they hold to `batch`.
fn scan_block(
    scanner: &mut Scanner,
    block: &Block,
    file: &str,
    mode: Mode,
    batch: &mut Batch,
) -> Result<()> {
    scan_lines(scanner, block.lines(), file, mode, batch)
}

/// Scans `lines` (some of a block's) with `scanner`, adding what they hold to `batch`.
fn scan_lines<'b>(
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
struct Writer<'o> {
    out: &'o mut dyn Write,
    mode: Mode,
    summary: Summary,
    /// JSON array items written so far.
    items: u64,
    /// The first line, in any source, that looked like an error in no form read (see `hint`).
    sign: Option<(Arc<str>, Sign)>,
}

impl Writer<'_> {
    /// Keeps the first sign of an unread error a scanner saw.
    fn keep_sign(&mut self, file: &Arc<str>, scanner: &mut Scanner) {
        if let Some(sign) = scanner.take_sign() {
            if self.sign.is_none() {
                self.sign = Some((Arc::clone(file), sign));
            }
        }
    }
}

impl Writer<'_> {
    /// Writes `batch`; gives back its output buffer, emptied, for reuse.
    fn write(&mut self, file: &Arc<str>, mut batch: Batch) -> Result<Vec<u8>, Stop> {
        self.summary.add_counts(&batch.counts);
        for t in batch.tallies {
            self.summary.count(file, t);
        }
        if self.mode.format == DiagnoseFormat::Json && self.items == 0 && batch.items > 0 {
            if let Some(first) = batch.out.first_mut() {
                *first = render::ARRAY_OPENING[0];
            }
        }
        self.items += batch.items;
        let mut from = 0;
        for (at, warning) in &batch.warnings {
            let at = (*at).clamp(from, batch.out.len());
            self.out.write_all(&batch.out[from..at]).map_err(output)?;
            from = at;
            // Written at once, unbuffered: a warning must not wait for the next flush of stdout.
            self.out.flush().map_err(output)?;
            writeln!(io::stderr().lock(), "{warning}").map_err(output)?;
        }
        self.out.write_all(&batch.out[from..]).map_err(output)?;
        batch.out.clear();
        Ok(batch.out)
    }

    fn flush(&mut self) -> Result<(), Stop> {
        self.out.flush().map_err(output)
    }
}

fn output(e: impl Into<anyhow::Error>) -> Stop {
    Stop::Output(e.into())
}

/// Why reading a source stopped.
enum Stop {
    /// Reading the input failed: report it, go on with the next source.
    Input(io::Error),
    /// Writing the output failed (e.g. a closed pipe): stop everything.
    Output(anyhow::Error),
}

/// Reads, scans and writes one source on this thread alone (one core).
fn scan_source(source: &Source, file: &Arc<str>, writer: &mut Writer<'_>) -> Result<(), Stop> {
    let mode = writer.mode;
    let mut lines = Lines::open(source).map_err(Stop::Input)?;
    let mut scanner = Scanner::for_file(Arc::clone(file));
    let mut batch = Batch::default();
    let mut lines_read = 0u64;
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
                lines_read += 1;
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

/// Whether a second core is there to scan on.
fn two_cores() -> bool {
    thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Runs the subcommand.
pub fn run(args: &DiagnoseArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut writer = Writer {
        out,
        mode: Mode {
            summary: args.summary,
            format: args.format,
        },
        summary: Summary::default(),
        items: 0,
        sign: None,
    };
    let mut trouble = false;
    let parallel = two_cores();
    let sources = Source::from_args(&args.files);
    if sources.iter().any(|s| matches!(s, Source::Stdin)) && io::stdin().is_terminal() {
        // A bare `mdediag` in a terminal would otherwise wait in silence.
        writeln!(
            io::stderr().lock(),
            "note: reading from the terminal: paste the response, then press Ctrl-D (Ctrl-Z Enter on \
Windows); `mdediag --help` shows more"
        )?;
    }
    for source in sources {
        let file: Arc<str> = Arc::from(source.name());
        let scanned = if parallel {
            parallel::scan_source(&source, &file, &mut writer)
        } else {
            scan_source(&source, &file, &mut writer)
        };
        match scanned {
            Ok(()) => {}
            Err(Stop::Output(e)) => return Err(e),
            Err(Stop::Input(e)) => {
                trouble = true;
                writer.summary.inputs_failed += 1;
                writer.out.flush()?;
                let mut err = io::stderr().lock();
                writeln!(
                    err,
                    "error: reading {}: {}",
                    for_terminal(&file),
                    for_terminal(&e.to_string())
                )?;
            }
        }
    }
    if writer.summary.responses == 0 {
        if let Some((file, sign)) = &writer.sign {
            // Never silent: nothing was diagnosed, yet the input showed an error in a form not read (or was
            // no text at all).
            let line = sign.line.to_string();
            let hint = match sign.binary {
                Some(kind) => crate::facts::advice::fill(
                    crate::facts::advice::Key::HintBinaryInput,
                    &[("file", &for_terminal(file)), ("kind", kind)],
                ),
                None => crate::facts::advice::fill(
                    crate::facts::advice::Key::HintNoResponse,
                    &[
                        ("file", &for_terminal(file)),
                        ("line", &line),
                        ("text", &for_terminal(&sign.text)),
                    ],
                ),
            };
            writeln!(io::stderr().lock(), "note: {hint}")?;
        }
    }
    // Binary input with nothing read from it is input trouble, not a clean run.
    let binary = writer.summary.responses == 0
        && writer
            .sign
            .as_ref()
            .is_some_and(|(_, s)| s.binary.is_some());
    let s = &writer.summary;
    let out = writer.out;
    if args.summary {
        match args.format {
            DiagnoseFormat::Human => render::summary_human(out, s)?,
            DiagnoseFormat::Json => render::summary_json(out, s, true)?,
            DiagnoseFormat::Jsonl => render::summary_json(out, s, false)?,
        }
    } else if args.format == DiagnoseFormat::Json {
        render::json_array_end(out, writer.items)?;
    } else if args.format == DiagnoseFormat::Human {
        render::closing_human(out, s)?;
    }
    Ok(exit_status(s, trouble || binary))
}

/// 2 if an input was unreadable; 1 if any error needs a fix (beside transient ones, an unreadable fragment
/// counts: the set cannot be called transient); 75 if every error found is transient; 0 if none was found.
/// Exit 1 therefore always comes with at least one diagnosis; fragments alone (warnings on stderr, nothing
/// diagnosed) are input trouble, 2.
pub fn exit_status(s: &Summary, trouble: bool) -> ExitStatus {
    if trouble || (s.unreadable > 0 && s.needs_fix == 0 && s.transient == 0) {
        ExitStatus::Trouble
    } else if s.needs_fix > 0 || (s.unreadable > 0 && s.transient > 0) {
        ExitStatus::Findings
    } else if s.transient > 0 {
        ExitStatus::Transient
    } else {
        ExitStatus::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status_rules() {
        let mut s = Summary::default();
        assert_eq!(exit_status(&s, false), ExitStatus::Clean);
        s.transient = 2;
        assert_eq!(exit_status(&s, false), ExitStatus::Transient);
        s.unreadable = 1;
        assert_eq!(exit_status(&s, false), ExitStatus::Findings);
        s.transient = 0;
        assert_eq!(
            exit_status(&s, false),
            ExitStatus::Trouble,
            "a fragment alone"
        );
        assert_eq!(exit_status(&s, true), ExitStatus::Trouble);
    }
}
