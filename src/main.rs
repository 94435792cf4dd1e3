//! The `mdediag` binary: parse the command line, run, map the outcome to an exit code.

use std::io::ErrorKind;
use std::process::ExitCode;

use mdediag::cli::{self, ColorWhen};
use mdediag::exit::{self, ExitStatus};

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    let when = cli::color_flag(&args).unwrap_or(ColorWhen::Auto);
    let cli = match cli::parse_from(args) {
        Ok(cli) => cli,
        Err(err) => return exit::clap_error(&err, when).into(),
    };
    match mdediag::run(cli) {
        Ok(status) => status.into(),
        // A closed pipe (`mdediag codes | head -3`) is the reader's choice, not our failure.
        Err(err) if is_broken_pipe(&err) => ExitStatus::Clean.into(),
        Err(err) => {
            let _ = exit::report(&err, &mut std::io::stderr().lock());
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
