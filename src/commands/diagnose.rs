//! `mdediag [FILE]...` / `mdediag diagnose [FILE]...`: stream every source through the pipeline
//! (`crate::pipeline`): diagnose each response as it is found, and render it at once (or count it for
//! `--summary`). With two cores the performance layer runs the same pipeline on blocks (`perf::threads`).

use std::io::IsTerminal;
use std::io::{self, Write};
use std::sync::Arc;
use std::thread;

use anyhow::Result;

use crate::cli::DiagnoseArgs;
use crate::diagnose::Summary;
use crate::exit::ExitStatus;
use crate::input::Source;
use crate::perf;
use crate::pipeline::{scan_source, Mode, Stop, Writer};
use crate::render::diagnose as render;
use crate::sanitize::for_terminal;

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
            sink: render::sink(args.format, args.summary, args.verbose),
        },
        summary: Summary::default(),
        items: 0,
        sign: None,
        groups: Default::default(),
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
            perf::threads::scan_source(&source, &file, &mut writer)
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
    writer.end()?;
    Ok(exit_status(&writer.summary, trouble || binary))
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
