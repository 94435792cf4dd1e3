//! `diagnose` output: one text block per error (colored through `style`, every input-derived string
//! sanitized), JSON views (array or one object per line), and the `--summary` totals.

use std::borrow::Cow;
use std::io::Write;

use serde::{Serialize, Serializer};

use super::{style, wrap};
use crate::diagnose::{Diagnosis, Summary};
use crate::facts::advice::{self, Key};
use crate::facts::Fact;
use crate::render::explain::status_text;
use crate::response::Shape;
use crate::sanitize::for_terminal;

/// `{file, line}`.
#[derive(Debug, Serialize)]
pub struct SourceView<'a> {
    pub file: &'a str,
    pub line: u64,
}

/// The operation a transcript's request called (any documented one, any method).
#[derive(Debug, Serialize)]
pub struct OperationView<'a> {
    pub name: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub family: &'a str,
    pub app_permissions: &'a [&'static str],
    pub delegated_permissions: &'a [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_per_minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_per_hour: Option<u32>,
    pub platforms: &'a [&'static str],
    pub docs_url: &'a str,
}

/// Retry advice.
#[derive(Debug, Serialize)]
pub struct RetryView<'a> {
    /// `never`, `after-fix`, `after-delay`, `poll`.
    pub kind: &'a str,
    pub transient: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<&'a str>,
    pub text: Text<'a>,
}

/// The request line a transcript showed.
#[derive(Debug, Serialize)]
pub struct RequestView<'a> {
    pub method: Option<&'a str>,
    pub url: &'a str,
}

/// The correlation id to quote to support.
#[derive(Debug, Serialize)]
pub struct CorrelationView<'a> {
    pub id: &'a str,
    pub field: &'a str,
    pub date: Option<&'a str>,
}

/// What the token doctor found in the request's bearer token.
#[derive(Debug, Serialize)]
pub struct TokenView<'a> {
    pub summary: &'a str,
    pub fits: bool,
    pub findings: &'a [crate::token::Finding],
}

/// A string of a view. Catalog text (borrowed for the whole run) is most of each JSON diagnosis and never
/// changes, so it is escaped once and the escaped bytes reused; other text is escaped as usual. The output
/// is the same bytes either way.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub &'a Cow<'static, str>);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Cow::Borrowed(text) => match crate::perf::escape_cache::escaped(text, escape) {
                Some(raw) => raw.serialize(s),
                None => s.serialize_str(text),
            },
            Cow::Owned(text) => s.serialize_str(text),
        }
    }
}

/// The renderer's JSON string encoding, for the escape cache.
pub(crate) fn escape(text: &str) -> Option<String> {
    super::json::to_string(text).ok()
}

/// Fix steps: a JSON array of [`Text`].
#[derive(Debug, Clone, Copy)]
pub struct Steps<'a>(pub &'a [Cow<'static, str>]);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Text))
    }
}

/// The stable JSON shape of one diagnosis (documented in README).
#[derive(Debug, Serialize)]
pub struct DiagnosisView<'a> {
    pub code: &'a str,
    pub known: bool,
    pub identified_by: &'a str,
    pub code_sent: Option<&'a str>,
    pub http_status: Option<u16>,
    /// The status the catalog says the code comes with.
    pub usual_status: Option<u16>,
    /// `http_status` differs from `usual_status`.
    pub status_mismatch: bool,
    pub summary: Text<'a>,
    pub message: Option<&'a str>,
    pub target: Option<&'a str>,
    pub details: &'a [Fact],
    pub fix: Steps<'a>,
    pub retry: RetryView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<OperationView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestView<'a>>,
    pub correlation: Option<CorrelationView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_actions: Option<&'a str>,
    /// The token doctor's verdict on the request's bearer token (401/403 transcripts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenView<'a>>,
    pub shape: &'a str,
    /// The body was cut or redacted: code, message and target are what was left of it.
    pub partial: bool,
    pub context: &'a str,
    pub source: SourceView<'a>,
}

impl<'a> From<&'a Diagnosis> for DiagnosisView<'a> {
    fn from(d: &'a Diagnosis) -> Self {
        DiagnosisView {
            code: &d.code,
            known: d.known,
            identified_by: d.identified_by.as_str(),
            code_sent: d.code_sent.as_deref(),
            http_status: d.http_status,
            usual_status: d.usual_status,
            status_mismatch: d.status_mismatch,
            summary: Text(&d.summary),
            message: d.message.as_deref(),
            target: d.target.as_deref(),
            details: &d.details,
            fix: Steps(&d.fix),
            retry: RetryView {
                kind: d.retry.kind.as_str(),
                transient: d.is_transient(),
                after_seconds: d.retry.after_seconds,
                retry_after: d.retry.retry_after.as_deref(),
                text: Text(&d.retry.text),
            },
            operation: d.route.map(|o| OperationView {
                name: o.name,
                method: o.method.as_str(),
                path: o.path,
                family: o.family().as_str(),
                app_permissions: o.app_permissions,
                delegated_permissions: o.delegated_permissions,
                rate_per_minute: o.rate_per_minute,
                rate_per_hour: o.rate_per_hour,
                platforms: o.body.map_or(&[], |b| b.platforms),
                docs_url: o.docs,
            }),
            request: d.request.as_ref().map(|r| RequestView {
                method: r.method.as_deref(),
                url: &r.url,
            }),
            correlation: d.correlation.as_ref().map(|c| CorrelationView {
                id: &c.id,
                field: c.field,
                date: c.date.as_deref(),
            }),
            suggestion: d.suggestion,
            pending_actions: d.pending_actions.as_deref(),
            token: d.token.as_ref().map(|t| TokenView {
                summary: &t.description,
                fits: t.fits,
                findings: &t.findings,
            }),
            shape: d.shape.as_str(),
            partial: d.shape == Shape::Fragment,
            context: d.context.as_str(),
            source: SourceView {
                file: &d.source.file,
                line: d.source.line,
            },
        }
    }
}

/// Appends one diagnosis as a JSON line.
pub fn json_line(buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
    let start = buf.len();
    crate::perf::diagnosis_json::encode(buf, &DiagnosisView::from(d))?;
    super::json::escape_dangerous(buf, start);
    buf.push(b'\n');
    Ok(())
}

/// What goes before each item of the JSON array [`json_item`] writes, but the first.
pub const ITEM_SEPARATOR: &[u8] = b",\n  ";
/// What goes before the first item: as long as [`ITEM_SEPARATOR`], so a writer that learns late which item
/// is the first (items are rendered on several threads) patches one byte.
pub const ARRAY_OPENING: &[u8] = b"[\n  ";

/// Appends one diagnosis as an item of a JSON array, after [`ITEM_SEPARATOR`] (see [`ARRAY_OPENING`]).
pub fn json_item(buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
    buf.extend_from_slice(ITEM_SEPARATOR);
    let start = buf.len();
    crate::perf::diagnosis_json::encode(buf, &DiagnosisView::from(d))?;
    super::json::escape_dangerous(buf, start);
    Ok(())
}

/// Closes a JSON array of `items` items (an empty one when there were none).
pub fn json_array_end(out: &mut dyn Write, items: u64) -> std::io::Result<()> {
    out.write_all(if items == 0 { b"[]\n" } else { b"\n]\n" })
}

fn t(text: &str) -> std::borrow::Cow<'_, str> {
    for_terminal(text)
}

/// Column where text after a label starts: two spaces and an 11-column label (`  message    …`).
const TEXT_COLUMN: usize = 13;

/// Continuation indent of labelled text: under the text, not under the label.
const HANG: &str = "             ";
const _: () = assert!(HANG.len() == TEXT_COLUMN);

/// A style from `style`, applied to one piece of text.
type Paint = fn(&str) -> colored::ColoredString;

/// Stands in for a space inside a `code span` while wrapping. `for_terminal` escapes every C0 control, so
/// sanitized text never holds it; it is one column wide, like the space it replaces.
const GLUE: char = '\u{1}';

/// [`wrap`] for sanitized `text`, keeping each closed `code span` whole: a command or request to copy
/// (`GET /api/machines?$filter=… eq '…'`) must not be split over lines, so one longer than a line stands
/// alone on its own, like a long URL. An unclosed backtick glues nothing.
fn wrap_prose(text: &str, first: &str, rest: &str) -> String {
    if !text.contains('`') {
        return wrap(text, first, rest);
    }
    let parts: Vec<&str> = text.split('`').collect();
    let mut glued = String::with_capacity(text.len());
    let mut any = false;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            glued.push('`');
        }
        let closed_span = i % 2 == 1 && i + 1 < parts.len();
        if closed_span && part.contains(' ') {
            glued.extend(part.chars().map(|c| if c == ' ' { GLUE } else { c }));
            any = true;
        } else {
            glued.push_str(part);
        }
    }
    let wrapped = wrap(&glued, first, rest);
    if any {
        wrapped.replace(GLUE, " ")
    } else {
        wrapped
    }
}

/// `piece`, styled by `style` when given.
fn paint(piece: &str, style: Option<Paint>) -> String {
    style.map_or_else(|| piece.to_string(), |p| p(piece).to_string())
}

/// Writes `text` (sanitized here) wrapped to the output width (`width::columns`): the first line starts with `first` (shown as
/// `shown`, its styled form), the rest with `rest`. Wrapping sees plain text only and each line's text is
/// styled on its own, so escape codes never count toward the width nor span a line break.
fn write_wrapped(
    out: &mut dyn Write,
    text: &str,
    first: &str,
    shown: &dyn std::fmt::Display,
    rest: &str,
    style: Option<Paint>,
) -> std::io::Result<()> {
    let wrapped = wrap_prose(&for_terminal(text), first, rest);
    let mut lines = wrapped.lines();
    let head = lines
        .next()
        .map(|l| l.strip_prefix(first).unwrap_or(l))
        .unwrap_or_default();
    writeln!(out, "{shown}{}", paint(head, style))?;
    for line in lines {
        writeln!(
            out,
            "{rest}{}",
            paint(line.strip_prefix(rest).unwrap_or(line), style)
        )?;
    }
    Ok(())
}

/// `  {name:<11}{text}`, the label styled by `label_style`, the text wrapped with a hanging indent.
fn labelled(
    out: &mut dyn Write,
    name: &str,
    label_style: Paint,
    text: &str,
    style: Option<Paint>,
) -> std::io::Result<()> {
    let label = format!("{name:<11}");
    let first = format!("  {label}");
    let shown = format!("  {}", label_style(&label));
    write_wrapped(out, text, &first, &shown, HANG, style)
}

/// One diagnosis as a text block. Prose (summary, message, findings, fix steps, retry, notes) is wrapped to
/// the output width; what a reader copies whole stays on one line: the `file:line` header, the request, the
/// pending-actions GET, the correlation id.
pub fn human(out: &mut dyn Write, d: &Diagnosis) -> std::io::Result<()> {
    let status = d.http_status.map(status_text).unwrap_or_default();
    let shown = match (d.http_status, d.usual_status) {
        (Some(_), _) => style::error(&status),
        (None, Some(u)) => style::dim(&format!("(status not shown; usually {})", status_text(u))),
        (None, None) => style::dim(""),
    };
    let known = if d.known {
        ""
    } else if d.shape.is_hidden_failure() {
        "  (failure inside a successful response)"
    } else {
        "  (unknown code)"
    };
    let partial = if d.shape == Shape::Fragment {
        format!("  {}", advice::get(Key::RenderPartial))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} {}  {}{}{}",
        style::dim(&format!("{}:{}:", t(&d.source.file), d.source.line)),
        style::code(&t(&d.code)),
        shown,
        style::warning(known),
        style::warning(&partial),
    )?;
    write_wrapped(out, &d.summary, "  ", &"  ", "  ", None)?;
    let label = |name: &str| style::heading(&format!("{name:<11}"));
    if let Some(sent) = d.code_sent.as_deref().filter(|s| *s != d.code) {
        writeln!(out, "  {}{}", label("sent code"), t(sent))?;
    }
    if let (true, Some(usual)) = (d.status_mismatch, d.usual_status) {
        let text = advice::fill(
            Key::RenderStatusMismatch,
            &[
                ("code", &d.code),
                ("usual", &status_text(usual)),
                ("status", &status),
            ],
        );
        labelled(out, "note", style::warning, &text, None)?;
    }
    if let Some(m) = &d.message {
        labelled(out, "message", style::heading, m, None)?;
    }
    if let Some(r) = &d.request {
        let method = r.method.as_deref().unwrap_or("(method not shown)");
        writeln!(out, "  {}{} {}", label("request"), t(method), t(&r.url))?;
    }
    if let Some(op) = d.route {
        writeln!(
            out,
            "  {}{} ({} {})",
            label("operation"),
            style::code(op.name),
            op.method.as_str(),
            op.path
        )?;
        // Sub-lines wrap under their own text, past their `needs: ` or `runs on: `.
        let sub = |out: &mut dyn Write, name: &str, text: &str| {
            let first = format!("{HANG}{name} ");
            let rest = " ".repeat(first.len());
            write_wrapped(out, text, &first, &first, &rest, None)
        };
        if !op.app_permissions.is_empty() || !op.delegated_permissions.is_empty() {
            let none = |v: &[&str]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(" or ")
                }
            };
            let needs = format!(
                "{} (application); {} (delegated)",
                none(op.app_permissions),
                none(op.delegated_permissions)
            );
            sub(out, "needs:", &needs)?;
        }
        match (op.rate_per_minute, op.rate_per_hour) {
            (Some(m), Some(h)) => {
                let (m, h) = (m.to_string(), h.to_string());
                let text = advice::fill(
                    Key::RenderRatePerMinuteAndHour,
                    &[("per-minute", &m), ("per-hour", &h)],
                );
                writeln!(out, "{HANG}{text}")?
            }
            (Some(m), None) => {
                let text =
                    advice::fill(Key::RenderRatePerMinute, &[("per-minute", &m.to_string())]);
                writeln!(out, "{HANG}{text}")?
            }
            (None, Some(h)) => {
                let text = advice::fill(Key::RenderRatePerHour, &[("per-hour", &h.to_string())]);
                writeln!(out, "{HANG}{text}")?
            }
            (None, None) => {}
        }
        for p in op.body.map_or(&[][..], |b| b.platforms) {
            sub(out, "runs on:", p)?;
        }
    }
    for f in &d.details {
        labelled(out, "found", style::heading, &f.message, None)?;
    }
    if let Some(tv) = &d.token {
        labelled(out, "token", style::heading, &tv.description, None)?;
        for f in &tv.findings {
            let sev = style::severity(f.severity, f.severity.as_str());
            // Hangs two columns deeper than the finding, as `mdediag token` prints findings.
            let first = format!("{HANG}{}[{}]: ", f.severity.as_str(), f.id);
            let shown = format!("{HANG}{sev}[{}]: ", f.id);
            write_wrapped(out, &f.message, &first, &shown, &format!("{HANG}  "), None)?;
        }
    }
    if let Some(s) = d.suggestion {
        writeln!(
            out,
            "  {}did you mean {}?",
            style::note(&format!("{:<11}", "hint")),
            style::code(s)
        )?;
    }
    if !d.fix.is_empty() {
        writeln!(out, "  {}", style::heading("fix"))?;
        for (i, step) in d.fix.iter().enumerate() {
            let first = format!("    {}. ", i + 1);
            let rest = " ".repeat(first.len());
            write_wrapped(out, step, &first, &first, &rest, Some(style::fix))?;
        }
    }
    labelled(out, "retry", style::heading, &d.retry.text, None)?;
    if let Some(q) = &d.pending_actions {
        writeln!(out, "  {}{}", label("pending"), style::fix(&t(q)))?;
    }
    if let Some(c) = &d.correlation {
        let id = t(&c.id);
        // Laid out piece by piece: the id, its date and the reminder each stay whole, and a piece that
        // does not fit moves to the next line, under the text.
        write!(
            out,
            "  {}{} {}",
            label("support"),
            c.field,
            style::code(&id)
        )?;
        let mut col = TEXT_COLUMN + c.field.chars().count() + 1 + id.chars().count();
        let date = c.date.as_deref().map(|d| format!("(date: {})", t(d)));
        let quote = advice::get(Key::RenderSupport);
        let pieces = [
            date.map(|d| (" ", d.chars().count(), d)),
            Some(("  ", quote.chars().count(), style::dim(quote).to_string())),
        ];
        for (gap, width, shown) in pieces.into_iter().flatten() {
            if col + gap.len() + width <= super::width::columns() {
                write!(out, "{gap}{shown}")?;
                col += gap.len() + width;
            } else {
                write!(out, "\n{HANG}{shown}")?;
                col = TEXT_COLUMN + width;
            }
        }
        writeln!(out)?;
    }
    if d.known {
        // The catalog's whole entry is one command away.
        writeln!(
            out,
            "  {}{}",
            label("more"),
            style::fix(&format!("mdediag explain {}", t(&d.code)))
        )?;
    }
    writeln!(out)
}

/// The line closing human output, so a long run ends with its count: `3 errors diagnosed (1 transient)`.
/// Nothing when nothing was diagnosed (the exit code and the stderr note say so).
pub fn closing_human(out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
    if s.responses == 0 {
        return Ok(());
    }
    let noun = if s.responses == 1 { "error" } else { "errors" };
    let mut extra = Vec::new();
    if s.transient > 0 {
        extra.push(format!("{} transient", s.transient));
    }
    if s.unreadable > 0 {
        extra.push(format!("{} unreadable", s.unreadable));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    writeln!(
        out,
        "{}",
        style::heading(&format!("{} {noun} diagnosed{extra}", s.responses))
    )
}

/// The stable JSON shape of `--summary`.
#[derive(Debug, Serialize)]
pub struct SummaryView<'a> {
    pub responses: u64,
    pub unreadable_fragments: u64,
    /// Lines read from every input; every line is in a response, in an unreadable fragment, or held no error.
    pub lines_read: u64,
    /// Inputs that could not be opened or read to the end.
    pub inputs_failed: u64,
    pub needs_fix: u64,
    pub transient: u64,
    pub by_code: &'a std::collections::BTreeMap<String, u64>,
    /// Keys are statuses as text; `none` for responses without a known status.
    pub by_status: std::collections::BTreeMap<String, u64>,
    pub first: Option<SourceView<'a>>,
    pub last: Option<SourceView<'a>>,
    pub targets: &'a [String],
    pub targets_not_listed: u64,
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
            responses: s.responses,
            unreadable_fragments: s.unreadable,
            lines_read: s.lines,
            inputs_failed: s.inputs_failed,
            needs_fix: s.needs_fix,
            transient: s.transient,
            by_code: &s.by_code,
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
pub fn summary_json(out: &mut dyn Write, s: &Summary, pretty: bool) -> anyhow::Result<()> {
    let view = SummaryView::from(s);
    if pretty {
        super::json::to_writer_pretty(&mut *out, &view)?;
    } else {
        super::json::to_writer(&mut *out, &view)?;
    }
    writeln!(out)?;
    Ok(())
}

/// `--summary` as text.
pub fn summary_human(out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
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
    writeln!(out, "{}", style::heading("by code"))?;
    let mut codes: Vec<(&String, &u64)> = s.by_code.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, n) in codes {
        writeln!(out, "  {n:>8}  {}", style::code(&t(code)))?;
    }
    writeln!(out, "{}", style::heading("by status"))?;
    for (status, n) in &s.by_status {
        let label = status.map_or_else(|| "(none)".to_string(), status_text);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::WRAP_WIDTH;
    use crate::scan::{scan_str, Event};

    /// The same diagnosis with every catalog string copied: serialized by serde as plain strings.
    fn owned(d: &Diagnosis) -> Diagnosis {
        let own = |c: &Cow<'static, str>| Cow::Owned(c.to_string());
        let mut d = d.clone();
        d.summary = own(&d.summary);
        d.fix = d.fix.iter().map(own).collect();
        d.retry.text = own(&d.retry.text);
        d
    }

    fn json(d: &Diagnosis) -> String {
        let mut buf = Vec::new();
        json_line(&mut buf, d).expect("encode");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn cached_catalog_text_gives_the_same_bytes_as_serde_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
        let mut count = 0;
        for f in std::fs::read_dir(dir).expect("fixture dir") {
            let bytes = std::fs::read(f.expect("entry").path()).expect("fixture");
            for e in scan_str("t", &String::from_utf8_lossy(&bytes)) {
                if let Event::Response(r) = e {
                    let d = crate::diagnose::diagnose(&r);
                    let plain = json(&owned(&d));
                    // Twice: escaped on first use, then from the cache.
                    assert_eq!(json(&d), plain);
                    assert_eq!(json(&d), plain);
                    count += 1;
                }
            }
        }
        assert!(count > 20, "{count}");
    }

    fn human_text(d: &Diagnosis) -> String {
        let mut out = Vec::new();
        human(&mut out, d).expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    /// Whether `line` is too wide although it could have been broken: anything past the width but a lone
    /// word after the indent or the label (`  message    `), which no break could shorten.
    fn needlessly_wide(line: &str) -> bool {
        if line.chars().count() <= WRAP_WIDTH {
            return false;
        }
        let head = line
            .trim_end()
            .trim_end_matches(|c: char| !c.is_whitespace());
        !(head.trim().is_empty() || (head.len() == TEXT_COLUMN && head.starts_with("  ")))
    }

    const LONG_MESSAGE: &str = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\n\
Date: Sun, 01 Nov 2026 10:05:00 GMT\r\n\r\n\
{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: \
Machine.Isolate, application roles: Machine.Read.All. The caller must hold one of the roles named above, \
granted with admin consent; see https://learn.example.test/defender-endpoint/api/exposed-apis-create-app-webapp/\
permissions/application-roles-and-admin-consent-for-this-operation for the list, then try again with a new \
token.\",\"target\":\"a3c1e5f7-0b2d-4e6f-8a9c-1d3e5f7a9b0c\"}}\n";

    fn long_message_diagnosis() -> Diagnosis {
        scan_str("t", LONG_MESSAGE)
            .into_iter()
            .find_map(|e| match e {
                Event::Response(r) => Some(crate::diagnose::diagnose(&r)),
                _ => None,
            })
            .expect("one response")
    }

    #[test]
    fn human_block_of_a_long_message_stays_within_the_width_but_for_unbreakable_words() {
        let d = long_message_diagnosis();
        assert!(d.status_mismatch, "the note line is exercised too");
        let text = human_text(&d);
        for line in text.lines() {
            assert!(!needlessly_wide(line), "{line:?} in\n{text}");
        }
        // The message did need wrapping, lost no word, and its URL stayed whole on a line of its own.
        let message = d.message.as_deref().expect("message");
        let url = message
            .split_whitespace()
            .find(|w| w.starts_with("https://"))
            .expect("url");
        assert!(url.chars().count() > WRAP_WIDTH - TEXT_COLUMN, "{url}");
        assert!(text.contains(&format!("\n{HANG}{url}\n")), "{text}");
        let start = text.find("  message    ").expect("message line");
        let shown: Vec<&str> = text[start..]
            .lines()
            .take_while(|l| l.starts_with("  message    ") || l.starts_with(HANG))
            .collect();
        assert!(shown.len() > 2, "{shown:?}");
        assert!(shown[1..]
            .iter()
            .all(|l| l.starts_with(HANG) && !l[TEXT_COLUMN..].starts_with(' ')));
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words(&shown.join(" "))
                .strip_prefix("message ")
                .expect("label"),
            words(message)
        );
    }

    #[test]
    fn human_blocks_of_every_fixture_wrap_all_but_what_is_copied_whole() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
        let mut wrapped = 0;
        for f in std::fs::read_dir(dir).expect("fixture dir") {
            let bytes = std::fs::read(f.expect("entry").path()).expect("fixture");
            for e in scan_str("t", &String::from_utf8_lossy(&bytes)) {
                let Event::Response(r) = e else { continue };
                let text = human_text(&crate::diagnose::diagnose(&r));
                // The `file:line` header, the request and the pending-actions GET are copied whole.
                for line in text.lines().skip(1) {
                    let copied = ["  request    ", "  pending    "]
                        .iter()
                        .any(|p| line.starts_with(p));
                    // A span may carry the sentence's closing punctuation with it.
                    let span = line
                        .trim_start()
                        .trim_end_matches(['.', ',', ';', ':', ')']);
                    let lone_span = span.starts_with('`')
                        && span.ends_with('`')
                        && span.matches('`').count() == 2;
                    assert!(
                        copied || lone_span || !needlessly_wide(line),
                        "{line:?} in\n{text}"
                    );
                }
                wrapped += text.lines().filter(|l| l.starts_with(HANG)).count();
            }
        }
        assert!(wrapped > 20, "{wrapped}");
    }

    #[test]
    fn a_code_span_is_never_split_over_lines() {
        let span = "`GET /api/machines?$filter=computerDnsName eq '{name}'`";
        let text = format!("{} {span} and more words after it.", "word ".repeat(15));
        let wrapped = wrap_prose(&text, "    1. ", "       ");
        assert!(wrapped.lines().any(|l| l.contains(span)), "{wrapped}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WRAP_WIDTH),
            "{wrapped}"
        );
        assert!(!wrapped.contains(GLUE));
    }

    #[test]
    fn an_unclosed_backtick_glues_nothing() {
        let text = format!("a `stray tick then {}", "word ".repeat(40));
        let wrapped = wrap_prose(&text, "  ", "  ");
        assert_eq!(wrapped, wrap(&text, "  ", "  "));
        assert!(wrapped.lines().count() > 1);
    }

    proptest::proptest! {
        #[test]
        fn cached_text_is_escaped_like_other_text(text in "\\PC*|[\\x00-\\x1f\"\\\\\u{7f}-\u{ff}\u{2028}\u{2029}]*") {
            let text: &'static str = Box::leak(text.into_boxed_str());
            let plain = crate::render::json::to_string(text).expect("plain");
            let borrowed = Cow::Borrowed(text);
            let owned: Cow<'static, str> = Cow::Owned(text.to_string());
            let json = |t: &Cow<'static, str>| crate::render::json::to_string(&Text(t)).expect("json");
            proptest::prop_assert_eq!(json(&borrowed), plain.clone());
            proptest::prop_assert_eq!(json(&borrowed), plain.clone());
            proptest::prop_assert_eq!(json(&owned), plain);
        }
    }
}
