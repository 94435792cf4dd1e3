//! `--summary`: counts per code and status, locations and distinct targets, as text or JSON.

use std::io::Write;

use serde::Serialize;

use super::json::SourceView;
use super::Sink;
use crate::cli::DiagnoseFormat;
use crate::diagnose::{Diagnosis, Summary};
use crate::facts::advice::{self, Key};
use crate::render::explain::status_text;
use crate::render::style;
use crate::sanitize::for_terminal as t;

/// The totals alone, in a format; responses are tallied, never rendered one by one.
pub(crate) struct SummaryOnly(pub(crate) DiagnoseFormat);

impl Sink for SummaryOnly {
    fn item(&self, _buf: &mut Vec<u8>, _d: &Diagnosis) -> anyhow::Result<()> {
        Ok(())
    }

    fn end(&self, out: &mut dyn Write, s: &Summary, _items: u64) -> anyhow::Result<()> {
        match self.0 {
            DiagnoseFormat::Json => summary_json(out, s, true),
            DiagnoseFormat::Jsonl => summary_json(out, s, false),
            _ => Ok(summary_human(out, s)?),
        }
    }
}

/// The stable JSON shape of `--summary`.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryView<'a> {
    pub(crate) schema_version: u32,
    pub(crate) responses: u64,
    pub(crate) unreadable_fragments: u64,
    /// Lines read from every input; every line is in a response, in an unreadable fragment, or held no error.
    pub(crate) lines_read: u64,
    /// Inputs that could not be opened or read to the end.
    pub(crate) inputs_failed: u64,
    pub(crate) needs_fix: u64,
    pub(crate) transient: u64,
    /// Sorted by code: the map it is read from has no order.
    pub(crate) by_code: std::collections::BTreeMap<&'a str, u64>,
    /// Keys are statuses as text; `none` for responses without a known status.
    pub(crate) by_status: std::collections::BTreeMap<String, u64>,
    pub(crate) first: Option<SourceView<'a>>,
    pub(crate) last: Option<SourceView<'a>>,
    pub(crate) targets: &'a [String],
    pub(crate) targets_not_listed: u64,
}

impl<'a> From<&'a Summary> for SummaryView<'a> {
    fn from(s: &'a Summary) -> Self {
        let src = |l: &'a Option<crate::response::Location>| {
            l.as_ref().map(|l| SourceView {
                file: &l.file,
                line: l.line,
            })
        };
        SummaryView {
            schema_version: super::json::SCHEMA_VERSION,
            responses: s.responses,
            unreadable_fragments: s.unreadable,
            lines_read: s.lines,
            inputs_failed: s.inputs_failed,
            needs_fix: s.needs_fix,
            transient: s.transient,
            by_code: s.by_code().collect(),
            by_status: s
                .by_status
                .iter()
                .map(|(k, v)| (k.map_or_else(|| "none".to_string(), |s| s.to_string()), *v))
                .collect(),
            first: src(&s.first),
            last: src(&s.last),
            targets: &s.targets,
            targets_not_listed: s.targets_not_listed,
        }
    }
}

/// `--summary` as pretty JSON (`pretty`) or one line.
pub(crate) fn summary_json(out: &mut dyn Write, s: &Summary, pretty: bool) -> anyhow::Result<()> {
    let view = SummaryView::from(s);
    if pretty {
        crate::render::json::to_writer_pretty(&mut *out, &view)?;
    } else {
        crate::render::json::to_writer(&mut *out, &view)?;
    }
    writeln!(out)?;
    Ok(())
}

/// `--summary` as text.
pub(crate) fn summary_human(out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
    // "1 error response", "2 error responses".
    let n = |count: u64, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let failed = if s.inputs_failed > 0 {
        format!(", {} not read", n(s.inputs_failed, "input", "inputs"))
    } else {
        String::new()
    };
    let noun = if s.responses == 1 {
        "error response"
    } else {
        "error responses"
    };
    let line = advice::fill(
        Key::RenderSummary,
        &[
            ("noun", noun),
            ("needs-fix", &s.needs_fix.to_string()),
            ("transient", &s.transient.to_string()),
            (
                "unreadable",
                &n(s.unreadable, "unreadable fragment", "unreadable fragments"),
            ),
            ("lines", &n(s.lines, "line", "lines")),
            ("failed", &failed),
        ],
    );
    writeln!(out, "{} {line}", style::heading(&s.responses.to_string()))?;
    if s.responses == 0 {
        return Ok(());
    }
    // Calls that got no response are counted with the responses, under their `NoResponse.` codes: say how
    // many there were, so "error responses" does not mislead.
    let no_response: u64 = s
        .by_code()
        .filter(|(code, _)| code.starts_with("NoResponse."))
        .map(|(_, n)| n)
        .sum();
    if no_response > 0 {
        let count = no_response.to_string();
        let key = if no_response == 1 {
            Key::RenderSummaryNoResponse
        } else {
            Key::RenderSummaryNoResponses
        };
        writeln!(out, "{}", advice::fill(key, &[("count", &count)]))?;
    }
    writeln!(out, "{}", style::heading("by code"))?;
    let mut codes: Vec<(&str, u64)> = s.by_code().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, n) in codes {
        writeln!(out, "  {n:>8}  {}", style::code(&t(code)))?;
    }
    writeln!(out, "{}", style::heading("by status"))?;
    for (status, n) in &s.by_status {
        // No status: a body without its status line (or a call that got no response at all).
        let label = status.map_or_else(|| "(no status)".to_string(), status_text);
        writeln!(out, "  {n:>8}  {label}")?;
    }
    if let (Some(f), Some(l)) = (&s.first, &s.last) {
        writeln!(out, "{} {}:{}", style::heading("first"), t(&f.file), f.line)?;
        writeln!(out, "{} {}:{}", style::heading("last "), t(&l.file), l.line)?;
    }
    if !s.targets.is_empty() {
        writeln!(out, "{}", style::heading("correlation ids"))?;
        for id in &s.targets {
            writeln!(out, "  {}", t(id))?;
        }
        if s.targets_not_listed > 0 {
            writeln!(out, "  … and {} more", s.targets_not_listed)?;
        }
    }
    Ok(())
}
