//! `mdediag operations [NAME]`: the operation list, or one operation's parameters, permissions and limits.

use std::io::Write;

use anyhow::Result;

use crate::cli::{OperationsArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::operations::{self, OPERATIONS};
use crate::render::operations as render;
use crate::suggest;

/// The error for an operation name that is not in the table, with a suggestion when one is close.
pub fn unknown_operation(name: &str) -> anyhow::Error {
    match suggest::closest(name, OPERATIONS.iter().map(|o| o.name)) {
        Some(m) => anyhow::anyhow!(
            "unknown operation '{name}'; did you mean '{}'? (mdediag operations lists them)",
            m.candidate()
        ),
        None => anyhow::anyhow!("unknown operation '{name}' (mdediag operations lists them)"),
    }
}

/// Lists the operations or shows one.
pub fn run(args: &OperationsArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    match &args.name {
        None => match args.format {
            OutputFormat::Human => render::list_text(out, OPERATIONS)?,
            OutputFormat::Json => render::list_json(out, OPERATIONS)?,
        },
        Some(name) => {
            let op = operations::by_name(name).ok_or_else(|| unknown_operation(name))?;
            match args.format {
                OutputFormat::Human => render::detail_text(out, op)?,
                OutputFormat::Json => render::detail_json(out, op)?,
            }
        }
    }
    Ok(ExitStatus::Clean)
}
