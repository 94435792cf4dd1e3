//! mdediag: turns the terse errors of the Microsoft Defender for Endpoint (MDE) REST API into answers.
//!
//! Data flows one way: input → scan (find responses) → response (parse one) → diagnose (against the
//! catalog) → render; lint: body → lint (against the operation table) → render. The core never prints:
//! renderers write to an `io::Write`. Private by default: an item is `pub` only where the binary, tests/,
//! benches or the Python binding reach it (`unreachable_pub` holds it).

#![warn(unreachable_pub)]

pub mod api;
pub(crate) mod base64;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod diagnose;
pub(crate) mod exit;
pub mod facts;
pub(crate) mod finding;
pub(crate) mod http;
pub mod input;
pub mod lint;
pub(crate) mod odata;
pub mod operations;
pub(crate) mod pager;
pub(crate) mod parallel;
pub(crate) mod pipeline;
pub(crate) mod recent;
pub(crate) mod redact;
pub mod render;
pub mod response;
pub mod sanitize;
pub mod scan;
pub(crate) mod shell;
pub(crate) mod suggest;
pub(crate) mod swar;
pub(crate) mod time;
pub mod token;

use std::io::{BufWriter, Write};

use anyhow::Result;

use cli::{Cli, Command};
use exit::ExitStatus;

/// Runs one parsed command line, writing to stdout.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    render::init_color(cli.global.color);
    if let Some(usage) = cli::misspelled_subcommand(&cli) {
        return Err(usage.into());
    }
    if cli.global.quiet {
        return dispatch(&cli, &mut std::io::sink());
    }
    if pages(&cli) && pager::possible(cli.global.no_pager) {
        let mut text = Vec::new();
        let status = dispatch(&cli, &mut text)?;
        pager::show(&text)?;
        return Ok(status);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let status = dispatch(&cli, &mut out)?;
    out.flush()?;
    Ok(status)
}

/// Whether the command's output is reading matter worth paging: the lookups in human form. Diagnose, lint
/// and token stream or read the terminal themselves, so they are never held back.
fn pages(cli: &Cli) -> bool {
    use cli::{OperationsFormat, OutputFormat};
    match &cli.command {
        Some(Command::Explain(a)) => a.format == OutputFormat::Human,
        Some(Command::Codes(a)) => a.format == OutputFormat::Human,
        Some(Command::Operations(a)) => a.format == OperationsFormat::Human,
        _ => false,
    }
}

/// Runs one parsed command line, writing to `out`.
pub fn dispatch(cli: &Cli, out: &mut dyn Write) -> Result<ExitStatus> {
    match &cli.command {
        None => commands::diagnose::run(&cli.diagnose, out),
        Some(Command::Diagnose(args)) => commands::diagnose::run(args, out),
        Some(Command::Explain(args)) => commands::explain::run(args, out),
        Some(Command::Codes(args)) => commands::codes::run(args, out),
        Some(Command::Lint(args)) => commands::lint::run(args, out),
        Some(Command::Operations(args)) => commands::operations::run(args, out),
        Some(Command::Token(args)) => commands::token::run(args, out),
        Some(Command::Completions(args)) => commands::completions::run(args, out),
    }
}
