//! `mdediag operations` (not built yet).

use std::io::Write;

use anyhow::Result;

use crate::cli::OperationsArgs;
use crate::exit::ExitStatus;

/// Runs the subcommand.
pub fn run(_args: &OperationsArgs, _out: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::bail!("'operations' is not implemented yet")
}
