//! `mdediag [FILE]...` / `mdediag diagnose [FILE]...`: stream every source through the scanner, diagnose each
//! response as it is found, and render it at once (or count it for `--summary`).

use std::io::IsTerminal;
use std::io::{self, Write};
use std::sync::mpsc;
use std::thread;

use anyhow::Result;

use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::diagnose::{self, Summary};
use crate::exit::ExitStatus;
use crate::input::{Lines, Source};
use crate::render::diagnose as render;
use crate::response::Response;
use crate::sanitize::for_terminal;
use crate::scan::{Event, Fragment, Scanner};

/// The scanning side's bookkeeping: counts what `--summary` needs, and unreadable fragments (writes
/// nothing). Responses to render go on to the writing side, which diagnoses them: that splits the work
/// about evenly between the two threads.
struct Counter {
    summary_only: bool,
    /// Read on a third thread (see `run`).
    read_ahead: bool,
    summary: Summary,
}

impl Counter {
    /// What the writing side must see of an event (`None`: only counted).
    fn event(&mut self, event: Event) -> Option<Msg> {
        match event {
            Event::Response(r) => {
                if self.summary_only {
                    // Counting needs the code and the retry verdict, not the advice: skip building it.
                    self.summary.count(&diagnose::tally(&r));
                    return None;
                }
                Some(Msg::Response(r))
            }
            Event::Unreadable(f) => {
                self.summary.unreadable += 1;
                Some(Msg::Unreadable(f))
            }
        }
    }
}

/// The writing side: diagnoses and renders each response, writes warnings, owns stdout.
struct Writer<'o> {
    out: &'o mut dyn Write,
    /// The diagnoses written (the counter has the rest).
    summary: Summary,
    format: DiagnoseFormat,
    array: render::JsonArray,
    lines: render::JsonLines,
}

impl Writer<'_> {
    fn take(&mut self, msg: Msg) -> Result<(), Stop> {
        let written = match msg {
            Msg::Response(r) => {
                let d = diagnose::diagnose_owned(*r);
                self.summary.add(&d);
                match self.format {
                    DiagnoseFormat::Human => render::human(self.out, &d).map_err(Into::into),
                    DiagnoseFormat::Json => self.array.item(self.out, &d),
                    DiagnoseFormat::Jsonl => self.lines.item(self.out, &d),
                }
            }
            Msg::Unreadable(f) => {
                // Written at once, unbuffered: a warning must not wait for the next flush of stdout.
                let mut err = io::stderr().lock();
                writeln!(
                    err,
                    "{}:{}: warning: {}",
                    for_terminal(&f.source.file),
                    f.source.line,
                    for_terminal(&f.reason)
                )
                .map_err(Into::into)
            }
            Msg::Flush => self.out.flush().map_err(Into::into),
        };
        written.map_err(Stop::Output)
    }
}

/// Why reading a source stopped.
enum Stop {
    /// Reading the input failed: report it, go on with the next source.
    Input(io::Error),
    /// Writing the output failed (e.g. a closed pipe): stop everything.
    Output(anyhow::Error),
}

/// What the scanning side hands to the writing side.
enum Msg {
    Response(Box<Response>),
    Unreadable(Fragment),
    /// The scanner is about to read and may wait: write out what was handed over so far.
    Flush,
}

/// Reads and scans one source, diagnosing and counting each event in `counter` and handing what must be
/// written to `hand`, with a [`Msg::Flush`] before each read that may wait (so `tail -f log | mdediag`
/// shows answers as they come). An `Err` from `hand` stops it.
fn scan_source(
    source: &Source,
    counter: &mut Counter,
    hand: &mut dyn FnMut(Msg) -> Result<(), Stop>,
) -> Result<(), Stop> {
    fn on_event(
        counter: &mut Counter,
        e: Event,
        hand: &mut dyn FnMut(Msg) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        match counter.event(e) {
            Some(msg) => hand(msg),
            None => Ok(()),
        }
    }
    let name = source.name();
    let mut lines = if counter.read_ahead {
        Lines::open_read_ahead(source)
    } else {
        Lines::open(source)
    }
    .map_err(Stop::Input)?;
    let mut scanner = Scanner::new(&name);
    let mut hand_error: Option<Stop> = None;
    loop {
        let next = lines.next_line(&mut || {
            hand(Msg::Flush).map_err(|e| {
                hand_error = Some(e);
                io::Error::other("output closed")
            })
        });
        let line = match next {
            Ok(Some(line)) => {
                counter.summary.lines += 1;
                line
            }
            Ok(None) => break,
            Err(e) => {
                if let Some(stop) = hand_error.take() {
                    return Err(stop);
                }
                // Report what was found before the read failed, then the failure.
                scanner.finish(&mut |e| on_event(counter, e, hand))?;
                return Err(Stop::Input(e));
            }
        };
        scanner.line(line.number, &line.text, line.skipped, &mut |e| {
            on_event(counter, e, hand)
        })?;
    }
    scanner.finish(&mut |e| on_event(counter, e, hand))
}

/// Events handed over in batches: one channel operation per batch, not per event.
const BATCH: usize = 512;
/// Batches in flight: bounds memory (a slow writer stalls the scanner instead of queueing the input).
const BATCHES_IN_FLIGHT: usize = 8;

/// Scans `source` on a second thread while this one diagnoses, renders and writes (stdout stays here).
/// The scanner hands over batches in order, so output, warnings and flushes keep their order. The counter
/// goes to the scanning thread and comes back with it.
fn scan_source_threaded(
    source: &Source,
    counter: Counter,
    writer: &mut Writer<'_>,
) -> (Option<Counter>, Result<(), Stop>) {
    let (tx, rx) = mpsc::sync_channel::<Vec<Msg>>(BATCHES_IN_FLIGHT);
    let source = source.clone();
    // Not joined on an output error: the scanner may be waiting on a quiet `tail -f`; it ends when its
    // next hand-over finds the channel closed, or with the process.
    let scanner = thread::spawn(move || {
        let mut counter = counter;
        let mut batch = Vec::with_capacity(BATCH);
        let closed = || Stop::Output(anyhow::anyhow!("output closed"));
        let result = scan_source(&source, &mut counter, &mut |msg| {
            let flush = matches!(msg, Msg::Flush);
            batch.push(msg);
            if flush || batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                tx.send(full).map_err(|_| closed())?;
            }
            Ok(())
        });
        if !batch.is_empty() && tx.send(batch).is_err() {
            return (counter, Err(closed()));
        }
        (counter, result)
    });
    for batch in &rx {
        for msg in batch {
            if let Err(stop) = writer.take(msg) {
                return (None, Err(stop));
            }
        }
    }
    // The channel closed: the scanner has finished and handed over everything.
    match scanner.join() {
        Ok((counter, result)) => (Some(counter), result),
        Err(_) => (
            None,
            Err(Stop::Output(anyhow::anyhow!("the scanning thread failed"))),
        ),
    }
}

/// Whether a second core is there to scan on while this one writes.
fn two_cores() -> bool {
    thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Runs the subcommand.
pub fn run(args: &DiagnoseArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut writer = Writer {
        out,
        summary: Summary::default(),
        format: args.format,
        array: render::JsonArray::default(),
        lines: render::JsonLines::default(),
    };
    let mut counter = Counter {
        summary_only: args.summary,
        read_ahead: false,
        summary: Summary::default(),
    };
    let mut trouble = false;
    let threaded = two_cores();
    // With --summary the writing thread has nothing to do: the reads (the kernel's copy) go to a thread of
    // their own instead.
    counter.read_ahead = threaded && args.summary;
    let sources = Source::from_args(&args.files);
    if sources.iter().any(|s| matches!(s, Source::Stdin)) && io::stdin().is_terminal() {
        // A bare `mdediag` in a terminal would otherwise wait in silence.
        writeln!(
            io::stderr().lock(),
            "mdediag: reading from the terminal: paste the response, then press Ctrl-D (Ctrl-Z Enter on \
Windows); `mdediag --help` shows more"
        )?;
    }
    for source in sources {
        let scanned = if threaded {
            let (back, scanned) = scan_source_threaded(&source, counter, &mut writer);
            match back {
                Some(c) => counter = c,
                // Only on an output error (or a crashed thread): nothing more is written.
                None => return Err(stop_error(scanned)),
            }
            scanned
        } else {
            scan_source(&source, &mut counter, &mut |msg| writer.take(msg))
        };
        match scanned {
            Ok(()) => {}
            Err(Stop::Output(e)) => return Err(e),
            Err(Stop::Input(e)) => {
                trouble = true;
                counter.summary.inputs_failed += 1;
                writer.out.flush()?;
                let mut err = io::stderr().lock();
                writeln!(
                    err,
                    "mdediag: error: reading {}: {}",
                    for_terminal(&source.name()),
                    for_terminal(&e.to_string())
                )?;
            }
        }
    }
    // Responses were counted on one side or the other (by mode); fragments always by the counter.
    let s = if args.summary {
        counter.summary
    } else {
        Summary {
            unreadable: counter.summary.unreadable,
            lines: counter.summary.lines,
            inputs_failed: counter.summary.inputs_failed,
            ..writer.summary
        }
    };
    let s = &s;
    let out = writer.out;
    if args.summary {
        match args.format {
            DiagnoseFormat::Human => render::summary_human(out, s)?,
            DiagnoseFormat::Json => render::summary_json(out, s, true)?,
            DiagnoseFormat::Jsonl => render::summary_json(out, s, false)?,
        }
    } else if args.format == DiagnoseFormat::Json {
        writer.array.end(out)?;
    }
    Ok(exit_status(s, trouble))
}

/// The error of a run that stopped without its counter.
fn stop_error(scanned: Result<(), Stop>) -> anyhow::Error {
    match scanned {
        Err(Stop::Output(e)) => e,
        Err(Stop::Input(e)) => e.into(),
        Ok(()) => anyhow::anyhow!("the scanning thread stopped"),
    }
}

/// 2 if an input was unreadable; 1 if any error needs a fix (an unreadable fragment counts: it cannot be
/// called transient); 75 if every error found is transient; 0 if none was found.
pub fn exit_status(s: &Summary, trouble: bool) -> ExitStatus {
    if trouble {
        ExitStatus::Trouble
    } else if s.needs_fix > 0 || s.unreadable > 0 {
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
        assert_eq!(exit_status(&s, true), ExitStatus::Trouble);
    }
}
