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
            if err
                .chain()
                .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == ErrorKind::BrokenPipe)
            {
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
