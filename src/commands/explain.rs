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
    /// Entries, with how a query that is no code by itself was read.
    Codes(String, Vec<catalog::Hit>, Option<render::Reread>),
    Transport(String, Option<&'static str>),
}

/// The one error status a client's message names (`Response status code does not indicate success: 403
/// (Forbidden).`, `403 Client Error: Forbidden for url: …`, `error 403`): a number from 400 to 599 that a
/// status word leads or its reason phrase follows, so a count in prose (`at most 500`) is no status.
fn status_in_text(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    let mut found = words.iter().enumerate().filter(|(i, w)| {
        let Ok(status @ 400..=599) = w.parse::<u16>() else {
            return false;
        };
        let led = *i > 0
            && ["http", "status", "error", "code", "success", "statuscode"]
                .contains(&words[i - 1].as_str());
        let after = words[i + 1..].join(" ");
        let reason = crate::http::reason(status).to_ascii_lowercase();
        let followed = (!reason.is_empty() && after.starts_with(&reason))
            || after.starts_with("client error")
            || after.starts_with("server error");
        w.len() == 3 && (led || followed)
    });
    match (found.next(), found.next()) {
        (Some((_, only)), None) => Some(only.clone()),
        _ => None,
    }
}

/// A query that names no code by itself, read as people paste errors: the code before its message
/// (`AADSTS7000215: Invalid client secret provided.`), or a message the catalog knows (`Action is already in
/// progress`), as `diagnose` reads a body's message.
fn reread(query: &str) -> Option<(Vec<catalog::Hit>, render::Reread)> {
    let q = query.trim();
    if let Some((head, _)) = q.split_once(':') {
        let head = head.trim();
        // A code is one word; `error: …` or a sentence before the colon is no code.
        if !head.is_empty() && !head.contains(char::is_whitespace) {
            if let Ok(hits) = catalog::find(head) {
                return Some((hits, render::Reread::CodeBeforeMessage));
            }
        }
    }
    // A label before the code: `Code: InvalidRequestBody`, `error: Forbidden`.
    if let Some((_, tail)) = q.split_once(':') {
        let tail = tail.trim().trim_matches(['"', '\'', '`']);
        if !tail.is_empty() && !tail.contains(char::is_whitespace) {
            if let Ok(hits) = catalog::find(tail) {
                return Some((hits, render::Reread::InText(tail.to_string())));
            }
        }
    }
    // A message is words: a single word that missed is a misspelled code, not a message.
    if !q.contains(char::is_whitespace) {
        return None;
    }

    // A known message first: its numbers (`… at most 500 items`) are no status.
    if let Some((entry, _)) = crate::facts::find_by_template(q) {
        let hit = catalog::Hit {
            entry,
            via: catalog::Via::Code,
        };
        return Some((vec![hit], render::Reread::Message));
    }
    let status = status_in_text(q)?;
    let hits = catalog::find(&status).ok()?;
    Some((hits, render::Reread::InText(format!("HTTP {status}"))))
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
            Ok(hits) => found.push(Found::Codes(query.clone(), hits, None)),
            Err(unknown) => match transport::find(query) {
                Some(kind) => found.push(Found::Transport(query.clone(), Some(kind))),
                None if transport::is_family(query) => {
                    found.push(Found::Transport(query.clone(), None));
                }
                None => match reread(query) {
                    Some((hits, how)) => found.push(Found::Codes(query.clone(), hits, Some(how))),
                    None => misses.push(with_rule_suggestion(unknown)),
                },
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
                    Found::Codes(q, hits, how) => {
                        items.extend(render::hit_items(q, hits, how.clone()));
                    }
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
                    Found::Codes(q, hits, how) => render::hits_text(out, q, hits, how.clone())?,
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

    #[test]
    fn pasted_error_lines_are_read_for_their_code() {
        let read = |q: &str| reread(q).map(|(hits, how)| (hits[0].entry.code, how));
        assert_eq!(
            read("AADSTS7000215: Invalid client secret provided."),
            Some(("AADSTS7000215", render::Reread::CodeBeforeMessage))
        );
        assert_eq!(
            read(" invalidrequestbody : Request body is incorrect"),
            Some(("InvalidRequestBody", render::Reread::CodeBeforeMessage))
        );
        assert_eq!(
            read("Action is already in progress"),
            Some(("ActiveRequestAlreadyExists", render::Reread::Message))
        );
        assert_eq!(
            read("error: InvalidRequestBody"),
            Some((
                "InvalidRequestBody",
                render::Reread::InText("InvalidRequestBody".into())
            ))
        );
        assert_eq!(
            read("Code: 'Forbidden'"),
            Some(("Forbidden", render::Reread::InText("Forbidden".into())))
        );
        for (q, status) in [
            (
                "Response status code does not indicate success: 404 (Not Found).",
                "404",
            ),
            (
                "404 Client Error: Not Found for url: https://x/api/machines/1",
                "404",
            ),
            ("error 404", "404"),
            // Windows PowerShell 5.1's WebException.
            (
                "The remote server returned an error: (401) Unauthorized.",
                "401",
            ),
        ] {
            assert_eq!(
                reread(q).map(|(_, how)| how),
                Some(render::Reread::InText(format!("HTTP {status}"))),
                "{q}"
            );
        }
        // A sentence before the colon, two statuses, a lone unknown word, or prose the catalog does not
        // know: no reading.
        for q in [
            "the request failed: see the log",
            "got 403 then 404 again",
            "Maximum batch size for one API call is 500",
            "MachineNotFound",
            "the weather is fine",
        ] {
            assert_eq!(read(q), None, "{q}");
        }
    }
}
