//! `mdediag token` (not built yet).

use std::io::Write;

use anyhow::Result;

use crate::cli::TokenArgs;
use crate::exit::ExitStatus;

/// Runs the subcommand.
pub fn run(_args: &TokenArgs, _out: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::bail!("'token' is not implemented yet")
}
