//! `mdediag lint` (not built yet).

use std::io::Write;

use anyhow::Result;

use crate::cli::LintArgs;
use crate::exit::ExitStatus;

/// Runs the subcommand.
pub fn run(_args: &LintArgs, _out: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::bail!("'lint' is not implemented yet")
}
