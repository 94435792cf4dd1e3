//! `mdediag codes [--status N]`

use std::io::Write;

use anyhow::Result;

use crate::catalog::{self, Entry};
use crate::cli::{CodesArgs, OutputFormat, StatusFilter};
use crate::exit::ExitStatus;
use crate::render::explain as render;

/// Lists every entry (optionally one status): MDE codes first, then neighbours' codes, each by status and code.
pub(crate) fn run(args: &CodesArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut entries: Vec<&Entry> = catalog::entries()
        .iter()
        .filter(|e| args.status.is_none_or(|s| s.accepts(e.status)))
        .collect();
    if entries.is_empty() {
        if let Some(StatusFilter::Exact(status)) = args.status {
            // No code of its own (503, 409): the generic entry of its class, as `explain` shows it.
            let Some(generic) = catalog::generic_for_class(status) else {
                anyhow::bail!(
                    "HTTP status {status} is not an error status: no error code is sent with it"
                );
            };
            crate::shell::note(&format!(
                "no code of its own is sent with HTTP {}; {} is the generic entry for every {}xx status",
                render::status_text(status),
                generic.code,
                status / 100
            ))?;
            entries.push(generic);
        }
    }
    entries.sort_by_key(|e| (e.family as u8, e.status, e.code));
    // The codes of calls that got no HTTP response have no status: listed when no status is asked for.
    let transport = args.status.is_none();
    match args.format {
        OutputFormat::Json => render::codes_json(out, &entries, transport)?,
        OutputFormat::Human => {
            render::table_text(out, &entries)?;
            if transport {
                let count = crate::facts::transport::KINDS.len().to_string();
                let key = crate::facts::advice::Key::ExplainTransportHeading;
                writeln!(
                    out,
                    "\n{}",
                    crate::facts::advice::fill(key, &[("count", &count)])
                )?;
                crate::render::explain_transport::table_text(out)?;
            }
        }
    }
    Ok(ExitStatus::Clean)
}
