//! `mdediag explain QUERY...`

use std::io::Write;

use anyhow::Result;

use crate::catalog;
use crate::cli::{ExplainArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::lint::Rule;
use crate::render::explain as render;

/// Looks up every query: prints every hit, reports each miss with its suggestion on stderr (exit 2).
/// Lint rule ids (`key-case`) explain the rule instead, like `ruff rule`.
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let rules: Vec<Rule> = args.queries.iter().filter_map(|q| Rule::by_id(q)).collect();
    if !rules.is_empty() {
        if rules.len() != args.queries.len() {
            anyhow::bail!(
                "explain lint rules and error codes in separate calls (lint rules given: {})",
                rules.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")
            );
        }
        match args.format {
            OutputFormat::Json => crate::render::lint::rules_json(out, &rules)?,
            OutputFormat::Human => {
                for (i, rule) in rules.iter().enumerate() {
                    if i > 0 {
                        writeln!(out, "\n{}\n", "-".repeat(60))?;
                    }
                    crate::render::lint::rule_text(out, *rule)?;
                }
            }
        }
        return Ok(ExitStatus::Clean);
    }
    // Every hit is printed and every miss reported (on stderr, exit 2): one typo does not hide the rest.
    let mut found = Vec::with_capacity(args.queries.len());
    let mut misses = Vec::new();
    for query in &args.queries {
        match catalog::find(query) {
            Ok(hits) => found.push((query.clone(), hits)),
            Err(unknown) => misses.push(unknown),
        }
    }
    if found.is_empty() {
        if let Some((last, before)) = misses.split_last() {
            for miss in before {
                report_miss(miss)?;
            }
            return Err(last.clone().into());
        }
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
    out.flush()?;
    for miss in &misses {
        report_miss(miss)?;
    }
    Ok(if misses.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Trouble
    })
}

fn report_miss(miss: &catalog::Unknown) -> Result<()> {
    let err = anyhow::Error::new(miss.clone());
    crate::exit::report(&err, &mut std::io::stderr().lock())?;
    Ok(())
}
