//! `explain` and `codes` output: catalog entries as text blocks, a compact table, or JSON views.

use std::io::Write;

use serde::Serialize;

use super::{style, wrap};
use crate::catalog::{Entry, Hit, KnowledgeSource, Retry, Via};
use crate::facts::advice::{self, Key};
use crate::http;

/// The stable JSON shape of one catalog entry (documented in README).
#[derive(Debug, Serialize)]
pub(crate) struct EntryView<'a> {
    pub(crate) schema_version: u32,
    pub(crate) code: &'a str,
    pub(crate) http_status: u16,
    pub(crate) family: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) meaning: &'a str,
    pub(crate) causes: &'a [String],
    pub(crate) fix: &'a [String],
    pub(crate) retry: &'a str,
    pub(crate) retry_advice: &'a str,
    pub(crate) related: &'a [&'static str],
    pub(crate) docs_url: &'a str,
    pub(crate) aliases: &'a [&'static str],
    pub(crate) evidence: &'a str,
    pub(crate) message_templates: &'a [&'static str],
    /// The AADSTS number (AADSTS entries only; null for the others).
    pub(crate) aadsts: Option<u32>,
    pub(crate) example_response: Option<serde_json::Value>,
}

impl<'a> From<&'a Entry> for EntryView<'a> {
    fn from(e: &'a Entry) -> Self {
        EntryView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            code: e.code,
            http_status: e.status,
            family: e.family.as_str(),
            summary: e.summary,
            meaning: &e.meaning,
            causes: &e.causes,
            fix: &e.fix,
            retry: e.retry.as_str(),
            retry_advice: &e.retry_text,
            related: &e.related,
            docs_url: e.docs,
            aliases: &e.aliases_nl,
            evidence: e.evidence.as_str(),
            message_templates: &e.templates,
            aadsts: e.aadsts,
            example_response: e.example_json(),
        }
    }
}

/// An explain hit in JSON: the entry plus how the query reached it.
#[derive(Debug, Serialize)]
pub(crate) struct HitView<'a> {
    query: &'a str,
    matched_by: &'static str,
    #[serde(flatten)]
    entry: EntryView<'a>,
}

/// Human words for a retry class.
pub(crate) fn retry_label(retry: Retry) -> &'static str {
    match retry {
        Retry::Never => advice::get(Key::ExplainRetryNever),
        Retry::AfterFix => advice::get(Key::ExplainRetryAfterFix),
        Retry::AfterDelay => advice::get(Key::ExplainRetryAfterDelay),
        Retry::Poll => advice::get(Key::ExplainRetryPoll),
    }
}

fn evidence_label(evidence: KnowledgeSource) -> &'static str {
    match evidence {
        KnowledgeSource::CommonTable => advice::get(Key::ExplainEvidenceCommonTable),
        KnowledgeSource::OperationPage => advice::get(Key::ExplainEvidenceOperationPage),
        KnowledgeSource::Field => advice::get(Key::ExplainEvidenceField),
    }
}

/// Status with its reason phrase: `403 Forbidden`.
pub(crate) fn status_text(status: u16) -> String {
    match http::reason(status) {
        "" => status.to_string(),
        reason => format!("{status} {reason}"),
    }
}

/// One entry as a full text block.
pub(crate) fn entry_text(out: &mut dyn Write, e: &Entry) -> std::io::Result<()> {
    writeln!(
        out,
        "{}  {}  {}",
        style::code(e.code),
        style::error(&status_text(e.status)),
        style::dim(evidence_label(e.evidence))
    )?;
    writeln!(out, "  {}", e.summary)?;
    writeln!(out)?;
    writeln!(out, "{}", style::heading("Meaning"))?;
    for para in e.meaning.split("\n\n") {
        writeln!(out, "{}", wrap(para, "  ", "  "))?;
    }
    writeln!(out, "\n{}", style::heading("Likely causes"))?;
    for cause in &e.causes {
        writeln!(out, "{}", wrap(cause, "  - ", "    "))?;
    }
    writeln!(out, "\n{}", style::heading("How to fix"))?;
    for (i, step) in e.fix.iter().enumerate() {
        let text = wrap(step, &format!("  {}. ", i + 1), "     ");
        writeln!(out, "{}", style::fix(&text))?;
    }
    writeln!(
        out,
        "\n{} {}",
        style::heading("Retry:"),
        retry_label(e.retry)
    )?;
    writeln!(out, "{}", wrap(&e.retry_text, "  ", "  "))?;
    if !e.templates.is_empty() {
        writeln!(out, "\n{}", style::heading("Messages"))?;
        for t in &e.templates {
            writeln!(out, "  {}", style::dim(t))?;
        }
    }
    writeln!(out)?;
    if !e.related.is_empty() {
        writeln!(
            out,
            "{} {}",
            style::heading("Related:"),
            e.related.join(", ")
        )?;
    }
    if !e.aliases_nl.is_empty() {
        writeln!(
            out,
            "{} {} (Dutch docs)",
            style::heading("Also printed as:"),
            e.aliases_nl.join(", ")
        )?;
    }
    writeln!(out, "{} {}", style::heading("Docs:"), e.docs)?;
    Ok(())
}

/// Compact rows: code, status, summary.
pub(crate) fn table_text(out: &mut dyn Write, entries: &[&Entry]) -> std::io::Result<()> {
    let width = entries.iter().map(|e| e.code.len()).max().unwrap_or(4);
    // Summaries wrap under their own column; on a terminal too narrow for that, under a short indent.
    let column = width + 2 + 3 + 2;
    let hang = if column * 2 > super::width::columns() {
        "    ".to_string()
    } else {
        " ".repeat(column)
    };
    for e in entries {
        let pad = " ".repeat(width - e.code.len());
        let first = format!("{}{pad}  {}  ", e.code, e.status);
        let wrapped = wrap(e.summary, &first, &hang);
        let rest = wrapped.get(e.code.len()..).unwrap_or_default();
        writeln!(out, "{}{rest}", style::code(e.code))?;
    }
    Ok(())
}

/// How `explain` read a query that is no code by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reread {
    /// The code before a colon and its message.
    CodeBeforeMessage,
    /// A message the entry's templates match.
    Message,
    /// A code or status inside other words (`Code: Forbidden`, `… success: 403 (Forbidden).`): what was read.
    InText(String),
}

/// `explain` output for all hits of all queries.
pub(crate) fn hits_text(
    out: &mut dyn Write,
    query: &str,
    hits: &[Hit],
    how: Option<Reread>,
) -> std::io::Result<()> {
    let q = crate::sanitize::for_terminal(query);
    if let (Some(how), Some(hit)) = (how, hits.first()) {
        let text = match how {
            Reread::CodeBeforeMessage => advice::fill(
                Key::ExplainReadCodeBeforeMessage,
                &[("query", &q), ("code", hit.entry.code)],
            ),
            Reread::Message => advice::fill(
                Key::ExplainReadMessage,
                &[("query", &q), ("code", hit.entry.code)],
            ),
            Reread::InText(read) => {
                advice::fill(Key::ExplainReadInText, &[("query", &q), ("read", &read)])
            }
        };
        note(out, &text)?;
        if hits.len() == 1 {
            return entry_text(out, hit.entry);
        }
    }
    match hits.first().map(|h| &h.via) {
        Some(Via::Class(class)) => {
            let count = hits.len().to_string();
            let class = class.to_string();
            let heading = advice::fill(
                Key::ExplainClassHeading,
                &[("count", &count), ("class", &class)],
            );
            writeln!(out, "{heading}")?;
            let entries: Vec<&Entry> = hits.iter().map(|h| h.entry).collect();
            table_text(out, &entries)?;
            writeln!(out, "{}", style::dim(advice::get(Key::ExplainRunExplain)))?;
            return Ok(());
        }
        Some(Via::Status(status)) if hits.len() > 1 => {
            // Several entries: a table to choose from (like a class), not every entry in full.
            let count = hits.len().to_string();
            let status = status_text(*status);
            let heading = advice::fill(
                Key::ExplainStatusHeading,
                &[("count", &count), ("status", &status)],
            );
            writeln!(out, "{heading}")?;
            let entries: Vec<&Entry> = hits.iter().map(|h| h.entry).collect();
            table_text(out, &entries)?;
            writeln!(out, "{}", style::dim(advice::get(Key::ExplainRunExplain)))?;
            return Ok(());
        }
        Some(Via::StatusGeneric(status)) => {
            let class = (status / 100).to_string();
            let text = advice::fill(
                Key::ExplainStatusGeneric,
                &[
                    ("status", &status_text(*status)),
                    ("class", &class),
                    ("code", hits[0].entry.code),
                ],
            );
            note(out, &text)?;
        }
        Some(Via::DutchAlias(alias)) => {
            let text = advice::fill(
                Key::ExplainDutchAlias,
                &[("alias", alias), ("code", hits[0].entry.code)],
            );
            note(out, &text)?;
        }
        Some(Via::Code) if hits[0].entry.code != query.trim() => {
            let text = advice::fill(
                Key::ExplainSpelled,
                &[("query", &q), ("code", hits[0].entry.code)],
            );
            note(out, &text)?;
        }
        _ => {}
    }
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        entry_text(out, hit.entry)?;
    }
    Ok(())
}

/// One item of `explain --format json`: a lint rule, or an entry with the query that found it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum ExplainItem<'a> {
    Rule(super::lint::RuleView),
    Hit(HitView<'a>),
    /// A code of a call that got no HTTP response (`NoResponse.<Kind>`).
    Transport(super::explain_transport::TransportHitView<'a>),
}

/// The items for one query's hits.
pub(crate) fn hit_items<'a>(
    query: &'a str,
    hits: &'a [Hit],
    how: Option<Reread>,
) -> impl Iterator<Item = ExplainItem<'a>> {
    hits.iter().map(move |h| {
        ExplainItem::Hit(HitView {
            query,
            matched_by: match (&how, &h.via) {
                (Some(Reread::Message), _) => "message",
                (_, via) => match via {
                    Via::Code => "code",
                    Via::DutchAlias(_) => "alias",
                    Via::Status(_) => "status",
                    Via::StatusGeneric(_) => "status-generic",
                    Via::Class(_) => "class",
                    Via::Aadsts(_) => "aadsts",
                },
            },
            entry: EntryView::from(h.entry),
        })
    })
}

/// One item of `codes --format json`: a catalog entry, or a code of a call that got no HTTP response.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum CodesItem<'a> {
    Entry(EntryView<'a>),
    Transport(super::explain_transport::TransportView),
}

/// `codes --format json`: the entries, then (`transport`) the no-response codes.
pub(crate) fn codes_json(
    out: &mut dyn Write,
    entries: &[&Entry],
    transport: bool,
) -> anyhow::Result<()> {
    let mut views: Vec<CodesItem> = entries
        .iter()
        .map(|e| CodesItem::Entry(EntryView::from(*e)))
        .collect();
    if transport {
        views.extend(
            super::explain_transport::views()
                .into_iter()
                .map(CodesItem::Transport),
        );
    }
    super::write_json(out, &views)
}

/// A wrapped `note:` paragraph followed by a blank line.
fn note(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    let wrapped = wrap(text, "note: ", "      ");
    let body = wrapped.strip_prefix("note:").unwrap_or(&wrapped);
    writeln!(out, "{}{body}\n", style::note("note:"))
}
