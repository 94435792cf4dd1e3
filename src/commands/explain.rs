//! `mdediag explain QUERY...`

use std::io::Write;

use anyhow::Result;

use crate::catalog;
use crate::cli::{ExplainArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::facts::transport;
use crate::lint::Rule;
use crate::render::explain as render;

/// What one query found: a lint rule (`key-case`, explained like `ruff rule`), catalog entries, or a code
/// of a call that got no HTTP response (`None`: every such code, asked as `NoResponse`).
enum Found {
    Rule(Rule),
    Codes(String, Vec<catalog::Hit>),
    Transport(String, Option<&'static str>),
}

/// Looks up every query, rule ids and codes alike, in the order given: prints every hit, reports each miss
/// with its suggestion (a code or a rule id) on stderr (exit 2); one typo does not hide the rest.
pub(crate) fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut found = Vec::with_capacity(args.queries.len());
    let mut misses = Vec::new();
    for query in &args.queries {
        if let Some(rule) = Rule::by_id(query) {
            found.push(Found::Rule(rule));
            continue;
        }
        match catalog::find(query) {
            Ok(hits) => found.push(Found::Codes(query.clone(), hits)),
            Err(unknown) => match transport::find(query) {
                Some(kind) => found.push(Found::Transport(query.clone(), Some(kind))),
                None if transport::is_family(query) => {
                    found.push(Found::Transport(query.clone(), None));
                }
                None => misses.push(with_rule_suggestion(unknown)),
            },
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
        OutputFormat::Json => {
            let mut items = Vec::new();
            for f in &found {
                match f {
                    Found::Rule(r) => items.push(render::ExplainItem::Rule(
                        crate::render::lint::rule_view(*r),
                    )),
                    Found::Codes(q, hits) => items.extend(render::hit_items(q, hits)),
                    Found::Transport(q, kind) => items.extend(
                        crate::render::explain_transport::hit_views(q, *kind)
                            .into_iter()
                            .map(render::ExplainItem::Transport),
                    ),
                }
            }
            crate::render::write_json(out, &items)?;
        }
        OutputFormat::Human => {
            for (i, f) in found.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n{}\n", "-".repeat(60))?;
                }
                match f {
                    Found::Rule(r) => crate::render::lint::rule_text(out, *r)?,
                    Found::Codes(q, hits) => render::hits_text(out, q, hits)?,
                    Found::Transport(_, kind) => {
                        crate::render::explain_transport::hit_text(out, *kind)?;
                    }
                }
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

/// A miss with no code near it may be a no-response code misspelled (`NoResponse.Timout`) or a lint rule
/// id (`keycase`, `key_case`).
fn with_rule_suggestion(mut miss: catalog::Unknown) -> catalog::Unknown {
    if miss.suggestion.is_none() {
        miss.suggestion = transport::suggest(&miss.query);
    }
    if miss.suggestion.is_none() {
        let ids = Rule::ALL.iter().map(|r| r.id());
        let squashed = miss.query.to_ascii_lowercase().replace(['-', '_', ' '], "");
        miss.suggestion = ids
            .clone()
            .find(|id| id.replace('-', "") == squashed)
            .or_else(|| crate::suggest::closest(&miss.query, ids).map(|m| m.candidate()));
    }
    miss
}

fn report_miss(miss: &catalog::Unknown) -> Result<()> {
    let err = anyhow::Error::new(miss.clone());
    crate::exit::report(&err, &mut std::io::stderr().lock())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelled_rule_id_is_suggested() {
        let miss = |q: &str| {
            with_rule_suggestion(catalog::Unknown {
                query: q.into(),
                suggestion: None,
                status: None,
            })
            .suggestion
        };
        assert_eq!(miss("keycase"), Some("key-case"));
        assert_eq!(miss("key_case"), Some("key-case"));
        assert_eq!(miss("zzzzzzzzzzzz"), None);
    }
}
