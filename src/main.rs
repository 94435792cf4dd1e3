//! The `mdediag` binary: the whole run is `mdediag::api::run_cli`, shared with the Python module's command.

use std::process::ExitCode;

fn main() -> ExitCode {
    mdediag::api::run_cli(std::env::args_os().collect()).into()
}
