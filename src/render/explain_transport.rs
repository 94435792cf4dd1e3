//! `explain` and `codes` for the codes of calls that got no HTTP response (`NoResponse.<Kind>`): their
//! words live in `facts/transport.md`, not in the catalog (no status, no body, steps per API family).

use std::io::Write;

use serde::Serialize;

use super::{style, wrap};
use crate::catalog::Retry;
use crate::facts::advice::{self, Key};
use crate::facts::transport::{self, KindText, FAMILIES};

/// What `<host>` stands for in the words: the host the client named, unknown to a lookup.
const HOST: &str = "<host>";

fn filled(text: &str) -> String {
    text.replace("{host}", HOST)
}

/// The steps of a kind, the ones for every host first, then per API family in [`FAMILIES`]' order.
fn steps(t: &KindText) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FAMILIES
        .iter()
        .flat_map(move |f| t.steps.iter().filter(move |(family, _)| family == f))
        .copied()
}

/// One fix step in JSON: the API family it holds for (`any`: every host), and the step.
#[derive(Debug, Serialize)]
pub(crate) struct StepView {
    api: &'static str,
    step: String,
}

/// The stable JSON shape of one no-response code (documented in README).
#[derive(Debug, Serialize)]
pub(crate) struct TransportView {
    schema_version: u32,
    code: &'static str,
    /// Always null: no response, no status.
    http_status: Option<u16>,
    family: &'static str,
    /// The kind, as diagnose's `transport.kind` spells it.
    kind: &'static str,
    summary: &'static str,
    fix: Vec<StepView>,
    retry: &'static str,
    retry_advice: String,
}

impl TransportView {
    pub(crate) fn of(kind: &'static str) -> TransportView {
        let t = transport::text(kind);
        TransportView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            code: t.code,
            http_status: None,
            family: "no-response",
            kind,
            summary: t.summary,
            fix: steps(t)
                .map(|(api, step)| StepView {
                    api,
                    step: filled(step),
                })
                .collect(),
            retry: t.retry.map_or("after-fix", |r| r.as_str()),
            retry_advice: filled(t.retry_text),
        }
    }
}

/// An `explain --format json` item for a no-response code: the view with the query that found it.
#[derive(Debug, Serialize)]
pub(crate) struct TransportHitView<'a> {
    query: &'a str,
    matched_by: &'static str,
    #[serde(flatten)]
    view: TransportView,
}

/// The `explain` items of a query that named one kind (`Some`) or the family (`None`).
pub(crate) fn hit_views<'a>(
    query: &'a str,
    kind: Option<&'static str>,
) -> Vec<TransportHitView<'a>> {
    let kinds: Vec<&'static str> = kind.map_or_else(|| transport::KINDS.to_vec(), |k| vec![k]);
    kinds
        .into_iter()
        .map(|k| TransportHitView {
            query,
            matched_by: if kind.is_some() {
                "transport"
            } else {
                "transport-family"
            },
            view: TransportView::of(k),
        })
        .collect()
}

/// `explain` of one kind (`Some`), or of the family as a table (`None`).
pub(crate) fn hit_text(out: &mut dyn Write, kind: Option<&'static str>) -> std::io::Result<()> {
    let Some(kind) = kind else {
        writeln!(out, "{}", heading())?;
        table_text(out)?;
        return writeln!(out, "{}", style::dim(advice::get(Key::ExplainRunExplain)));
    };
    let t = transport::text(kind);
    writeln!(
        out,
        "{}  {}",
        style::code(t.code),
        style::error(advice::get(Key::ExplainTransportLabel))
    )?;
    writeln!(out, "{}", wrap(t.summary, "  ", "  "))?;
    writeln!(out, "\n{}", style::heading("How to fix"))?;
    for (i, (api, step)) in steps(t).enumerate() {
        let mark = if api == "any" {
            String::new()
        } else {
            format!("[{api}] ")
        };
        let text = wrap(
            &format!("{mark}{}", filled(step)),
            &format!("  {}. ", i + 1),
            "     ",
        );
        writeln!(out, "{}", style::fix(&text))?;
    }
    if let Some(retry) = t.retry {
        writeln!(
            out,
            "\n{} {}",
            style::heading("Retry:"),
            advice::get(match retry {
                Retry::AfterDelay => Key::ExplainRetryAfterDelay,
                _ => Key::ExplainRetryAfterFix,
            })
        )?;
    }
    writeln!(out, "{}", wrap(&filled(t.retry_text), "  ", "  "))?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style::dim(&wrap(advice::get(Key::ExplainTransportShown), "", ""))
    )
}

/// The line above the no-response codes' rows, wrapped.
pub(crate) fn heading() -> String {
    let count = transport::KINDS.len().to_string();
    wrap(
        &advice::fill(Key::ExplainTransportHeading, &[("count", &count)]),
        "",
        "",
    )
}

/// The no-response codes as rows of `codes` (no status: a dash in its column).
pub(crate) fn table_text(out: &mut dyn Write) -> std::io::Result<()> {
    let codes: Vec<&KindText> = transport::KINDS
        .iter()
        .map(|k| transport::text(k))
        .collect();
    let width = codes.iter().map(|t| t.code.len()).max().unwrap_or(4);
    let column = width + 2 + 3 + 2;
    let hang = if column * 2 > super::width::columns() {
        "    ".to_string()
    } else {
        " ".repeat(column)
    };
    for t in codes {
        let pad = " ".repeat(width - t.code.len());
        let first = format!("{}{pad}  {:<3}  ", t.code, "-");
        let wrapped = wrap(t.summary, &first, &hang);
        let rest = wrapped.get(t.code.len()..).unwrap_or_default();
        writeln!(out, "{}{rest}", style::code(t.code))?;
    }
    Ok(())
}

/// Every no-response code's view (`codes --format json`).
pub(crate) fn views() -> Vec<TransportView> {
    transport::KINDS
        .iter()
        .map(|k| TransportView::of(k))
        .collect()
}
