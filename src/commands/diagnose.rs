//! `mdediag [FILE]...` / `mdediag diagnose [FILE]...`: stream every source through the pipeline
//! (`crate::pipeline`): diagnose each response as it is found, and render it at once (or count it for
//! `--summary`). With two cores the two-core driver runs the same pipeline on blocks (`parallel::threads`).

use std::io::IsTerminal;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

use anyhow::Result;

use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::diagnose::Summary;
use crate::exit::ExitStatus;
use crate::input::Source;
use crate::parallel;
use crate::pipeline::{scan_source, Mode, Stop, Writer};
use crate::render::diagnose as render;
use crate::sanitize::for_terminal;
use crate::shell;

/// Whether a second core is there to scan on.
fn two_cores() -> bool {
    thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Runs the subcommand.
pub(crate) fn run(args: &DiagnoseArgs, out: &mut dyn Write) -> Result<ExitStatus> {
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
    let sources = Source::from_args(&expand(&args.files));
    if sources.iter().any(|s| matches!(s, Source::Stdin)) && io::stdin().is_terminal() {
        // A bare `mdediag` in a terminal would otherwise wait in silence.
        shell::note(
            "reading from the terminal: paste the response, then press Ctrl-D (Ctrl-Z Enter on \
Windows); `mdediag --help` shows more",
        )?;
    }
    let sources_count = sources.len();
    for source in sources {
        let file: Arc<str> = Arc::from(source.name());
        let scanned = if parallel {
            parallel::threads::scan_source(&source, &file, &mut writer)
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
                writeln!(io::stderr().lock(), "{}", read_error(&file, &e))?;
            }
        }
    }
    if writer.summary.responses == 0 {
        if let Some((file, sign)) = &writer.sign {
            // Never silent: nothing was diagnosed, yet the input showed an error in a form not read (a
            // note), or was no text at all (an error: the run exits 2, as lint's `not-checked` does).
            if sign.binary.is_some() {
                shell::error(&hint(file, sign))?;
            } else {
                shell::note(&hint(file, sign))?;
            }
        }
    }
    // Binary input with nothing read from it is input trouble, not a clean run.
    let binary = writer.summary.responses == 0
        && writer
            .sign
            .as_ref()
            .is_some_and(|(_, s)| s.binary.is_some());
    writer.end()?;
    let s = &writer.summary;
    if s.responses == 0
        && s.unreadable == 0
        && writer.sign.is_none()
        && !args.summary
        && matches!(args.format, DiagnoseFormat::Human | DiagnoseFormat::Short)
        && io::stdout().is_terminal()
    {
        // Never an empty answer on a terminal (`curl -sSf … | mdediag`); a pipe keeps the silence.
        writeln!(writer.out, "{}", nothing_found(s.lines, sources_count))?;
    }
    Ok(exit_status(&writer.summary, trouble || binary))
}

/// The inputs with each folder replaced by every file below it (sorted; hidden entries and symlinks
/// skipped), as `lint` walks folders. A folder that cannot be read stays, to be reported as unreadable.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            let mut found = Vec::new();
            if walk(path, &mut found, 0).is_err() || found.is_empty() {
                out.push(path.clone());
                continue;
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Deepest folder level walked: far beyond any real tree, and a bound on a hostile one.
const MAX_WALK_DEPTH: usize = 32;

fn walk(dir: &Path, found: &mut Vec<PathBuf>, depth: usize) -> io::Result<()> {
    if depth > MAX_WALK_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&entry.path(), found, depth + 1)?;
        } else if kind.is_file() {
            found.push(entry.path());
        }
    }
    Ok(())
}

/// The one line a terminal gets when nothing was found: what was read.
fn nothing_found(lines: u64, inputs: usize) -> String {
    let n = |count: u64, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    crate::facts::advice::fill(
        crate::facts::advice::Key::RenderNothingFound,
        &[
            ("lines", &n(lines, "line", "lines")),
            ("inputs", &n(inputs as u64, "input", "inputs")),
        ],
    )
}

/// The error line for a source whose reading failed (what was read before is reported; the run goes on).
pub(crate) fn read_error(file: &str, e: &io::Error) -> String {
    shell::format(shell::Level::Error, None, &format!("reading {file}: {e}"))
}

/// What to say when nothing was diagnosed yet `sign` showed an error in a form not read, or binary input.
pub(crate) fn hint(file: &str, sign: &crate::scan::Sign) -> String {
    let line = sign.line.to_string();
    match sign.binary {
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
    }
}

/// 2 if an input could not be read at all (I/O, binary); 1 if any error needs a fix; 75 if every error found
/// is transient; 0 if none was found. A fragment that could not be read (a paste cut inside a success body,
/// say) is a warning on stderr and leaves the status to the diagnoses: a paste that ends early is no I/O
/// trouble, and a cut error body is itself reported as a partial diagnosis.
pub(crate) fn exit_status(s: &Summary, trouble: bool) -> ExitStatus {
    if trouble {
        ExitStatus::Trouble
    } else if s.needs_fix > 0 {
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
    fn nothing_found_says_what_was_read() {
        assert_eq!(
            nothing_found(12, 1),
            "no error response found in 12 lines read from 1 input"
        );
    }

    #[test]
    fn exit_status_rules() {
        let mut s = Summary::default();
        assert_eq!(exit_status(&s, false), ExitStatus::Clean);
        s.transient = 2;
        assert_eq!(exit_status(&s, false), ExitStatus::Transient);
        // A fragment beside transient errors leaves them transient: the paste merely ended early.
        s.unreadable = 1;
        assert_eq!(exit_status(&s, false), ExitStatus::Transient);
        s.transient = 0;
        assert_eq!(
            exit_status(&s, false),
            ExitStatus::Clean,
            "a fragment alone"
        );
        s.needs_fix = 1;
        assert_eq!(exit_status(&s, false), ExitStatus::Findings);
        assert_eq!(exit_status(&s, true), ExitStatus::Trouble);
    }
}
