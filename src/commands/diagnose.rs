//! `mdediag diagnose` (not built yet).

use std::io::Write;

use anyhow::Result;

use crate::cli::DiagnoseArgs;
use crate::exit::ExitStatus;

/// Runs the subcommand.
pub fn run(_args: &DiagnoseArgs, _out: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::bail!("'diagnose' is not implemented yet")
}
