//! `mdediag codes [--status N]`

use std::io::Write;

use anyhow::Result;

use crate::catalog::{self, Entry};
use crate::cli::{CodesArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::render::explain as render;

/// Lists every entry (optionally one status): MDE codes first, then neighbours' codes, each by status and code.
pub(crate) fn run(args: &CodesArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut entries: Vec<&Entry> = catalog::entries()
        .iter()
        .filter(|e| args.status.is_none_or(|s| s.accepts(e.status)))
        .collect();
    if entries.is_empty() {
        if let Some(status) = args.status {
            anyhow::bail!("no known code is sent with HTTP status {status}");
        }
    }
    entries.sort_by_key(|e| (e.family as u8, e.status, e.code));
    match args.format {
        OutputFormat::Json => render::codes_json(out, &entries)?,
        OutputFormat::Human => render::table_text(out, &entries)?,
    }
    Ok(ExitStatus::Clean)
}
