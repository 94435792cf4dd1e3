//! The `mdediag` binary: parse the command line, run, map the outcome to an exit code.

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use mdediag::cli::Cli;
use mdediag::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match mdediag::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`mdediag codes | head -3`) is the reader's choice, not our failure.
            if is_broken_pipe(&err) {
                return ExitStatus::Clean.into();
            }
            let message = format!("{err:#}");
            let line = mdediag::sanitize::for_terminal(&message);
            #[allow(clippy::print_stderr)]
            {
                eprintln!("mdediag: error: {line}");
            }
            ExitStatus::Trouble.into()
        }
    }
}

/// Whether the error is, at its root, a write into a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(ErrorKind::BrokenPipe)
    })
}
