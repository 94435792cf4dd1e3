//! mdediag: turns the terse errors of the Microsoft Defender for Endpoint (MDE) REST API into answers.
//!
//! Data flows one way: input → scan (find responses) → response (parse one) → diagnose (against the
//! catalog) → render; lint: body → lint (against the operation table) → render. The core never prints:
//! renderers write to an `io::Write`.

pub mod blocks;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod diagnose;
pub mod exit;
pub mod facts;
pub mod http;
pub mod input;
pub mod lint;
pub mod operations;
pub mod redact;
pub mod render;
pub mod response;
pub mod sanitize;
pub mod scan;
pub mod suggest;
pub mod time;
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
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let status = dispatch(&cli, &mut out)?;
    out.flush()?;
    Ok(status)
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
