//! `mdediag explain QUERY...`

use std::io::Write;

use anyhow::Result;

use crate::catalog;
use crate::cli::{ExplainArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::render::explain as render;

/// Looks up every query; all must be found, else the first miss is an error with its suggestion (exit 2).
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut found = Vec::with_capacity(args.queries.len());
    for query in &args.queries {
        found.push((query.clone(), catalog::find(query)?));
    }
    match args.format {
        OutputFormat::Json => render::hits_json(out, &found)?,
        OutputFormat::Human => {
            for (i, (query, hits)) in found.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n{}\n", "-".repeat(60))?;
                }
                render::hits_text(out, query, hits)?;
            }
        }
    }
    Ok(ExitStatus::Clean)
}
