//! `mdediag completions SHELL`: the script, generated from the one clap declaration.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitStatus;

/// Writes the completion script for `shell`.
pub fn generate(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "mdediag", out);
}

/// Prints the script.
pub(crate) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    generate(args.shell, out);
    Ok(ExitStatus::Clean)
}
