//! `mdediag [FILE]...` / `mdediag diagnose [FILE]...`: stream every source through the scanner, diagnose each
//! response as it is found, and render it at once (or count it for `--summary`).

use std::io::{self, Write};

use anyhow::Result;

use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::diagnose::{self, Summary};
use crate::exit::ExitStatus;
use crate::input::{Lines, Source};
use crate::render::diagnose as render;
use crate::sanitize::for_terminal;
use crate::scan::{Event, Scanner};

/// Where each diagnosis goes.
struct Sink<'o> {
    out: &'o mut dyn Write,
    format: DiagnoseFormat,
    summary_only: bool,
    array: render::JsonArray,
    lines: render::JsonLines,
    summary: Summary,
}

impl Sink<'_> {
    fn event(&mut self, event: Event) -> Result<()> {
        match event {
            Event::Response(r) => {
                if self.summary_only {
                    // Counting needs the code and the retry verdict, not the advice: skip building it.
                    self.summary.count(&diagnose::tally(&r));
                    return Ok(());
                }
                let d = diagnose::diagnose(&r);
                self.summary.add(&d);
                match self.format {
                    DiagnoseFormat::Human => render::human(self.out, &d)?,
                    DiagnoseFormat::Json => self.array.item(self.out, &d)?,
                    DiagnoseFormat::Jsonl => self.lines.item(self.out, &d)?,
                }
            }
            Event::Unreadable(f) => {
                self.summary.unreadable += 1;
                // Written at once, unbuffered: a warning must not wait for the next flush of stdout.
                let mut err = io::stderr().lock();
                writeln!(
                    err,
                    "{}:{}: warning: {}",
                    for_terminal(&f.source.file),
                    f.source.line,
                    for_terminal(&f.reason)
                )?;
            }
        }
        Ok(())
    }
}

/// Why reading a source stopped.
enum Stop {
    /// Reading the input failed: report it, go on with the next source.
    Input(io::Error),
    /// Writing the output failed (e.g. a closed pipe): stop everything.
    Output(anyhow::Error),
}

fn scan_source(source: &Source, sink: &mut Sink<'_>) -> Result<(), Stop> {
    let name = source.name();
    let mut lines = Lines::open(source).map_err(Stop::Input)?;
    let mut scanner = Scanner::new(&name);
    let mut flush_error: Option<io::Error> = None;
    loop {
        let next = {
            let out = &mut sink.out;
            let flush_error = &mut flush_error;
            // Flush before a read that may wait, so `tail -f log | mdediag` shows answers as they come.
            lines.next_line(&mut || {
                out.flush().map_err(|e| {
                    let kind = e.kind();
                    *flush_error = Some(e);
                    io::Error::new(kind, "output closed")
                })
            })
        };
        let line = match next {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                if let Some(w) = flush_error.take() {
                    return Err(Stop::Output(w.into()));
                }
                // Report what was found before the read failed, then the failure.
                scanner
                    .finish(&mut |e| sink.event(e))
                    .map_err(Stop::Output)?;
                return Err(Stop::Input(e));
            }
        };
        scanner
            .line(line.number, &line.text, line.skipped, &mut |e| {
                sink.event(e)
            })
            .map_err(Stop::Output)?;
    }
    scanner.finish(&mut |e| sink.event(e)).map_err(Stop::Output)
}

/// Runs the subcommand.
pub fn run(args: &DiagnoseArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut sink = Sink {
        out,
        format: args.format,
        summary_only: args.summary,
        array: render::JsonArray::default(),
        lines: render::JsonLines::default(),
        summary: Summary::default(),
    };
    let mut trouble = false;
    for source in Source::from_args(&args.files) {
        match scan_source(&source, &mut sink) {
            Ok(()) => {}
            Err(Stop::Output(e)) => return Err(e),
            Err(Stop::Input(e)) => {
                trouble = true;
                sink.out.flush()?;
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
    let s = &sink.summary;
    if args.summary {
        match args.format {
            DiagnoseFormat::Human => render::summary_human(sink.out, s)?,
            DiagnoseFormat::Json => render::summary_json(sink.out, s, true)?,
            DiagnoseFormat::Jsonl => render::summary_json(sink.out, s, false)?,
        }
    } else if args.format == DiagnoseFormat::Json {
        sink.array.end(sink.out)?;
    }
    Ok(exit_status(s, trouble))
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
