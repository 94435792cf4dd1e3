//! `--format human`: one text block per error (colored through `style`, every input-derived string
//! sanitized), and the closing count line.

use std::io::Write;

use crate::finding::Severity;

use super::Sink;
use crate::diagnose::{Api, Diagnosis, Summary};
use crate::facts::advice::{self, Key};
use crate::render::explain::status_text;
use crate::render::style;
use crate::render::text::{write_wrapped, Paint};
use crate::response::Shape;
use crate::sanitize::for_terminal;

/// Text blocks for people.
pub(crate) struct Human {
    /// Every fix step, the operation's limits and platforms.
    pub(crate) verbose: bool,
}

impl Sink for Human {
    fn item(&self, buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
        Ok(block(buf, d, self.verbose)?)
    }

    fn end(&self, out: &mut dyn Write, s: &Summary, _items: u64) -> anyhow::Result<()> {
        Ok(closing_human(out, s)?)
    }

    fn groups_repeats(&self) -> bool {
        true
    }
}

/// Column where text after a label starts: two spaces and an 11-column label (`  message    …`).
const TEXT_COLUMN: usize = 13;

/// Continuation indent of labelled text: under the text, not under the label.
const HANG: &str = "             ";
const _: () = assert!(HANG.len() == TEXT_COLUMN);

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

/// One diagnosis as a text block, one screen by default: what this case shows first (message, facts, the
/// token's verdict, the request, the operation and its permission), then at most three fix steps (the
/// case's own first), the retry verdict and where to read the rest (`mdediag explain CODE`, `-v`). With
/// `verbose` every fix step and the operation's limits and platforms are shown too. Prose is wrapped to
/// the output width; what a reader copies whole stays on one line: the `file:line` header, the request,
/// the pending-actions GET, the correlation id.
pub fn human(out: &mut dyn Write, d: &Diagnosis) -> std::io::Result<()> {
    block(out, d, false)
}

/// [`human`], every step shown when `verbose`.
pub(crate) fn block(out: &mut dyn Write, d: &Diagnosis, verbose: bool) -> std::io::Result<()> {
    header(out, d)?;
    write_wrapped(out, &d.summary, "  ", &"  ", "  ", None)?;
    let label = |name: &str| style::heading(&format!("{name:<11}"));
    if let Some(sent) = d.code_sent.as_deref().filter(|s| *s != d.code) {
        writeln!(out, "  {}{}", label("sent code"), for_terminal(sent))?;
    }
    if let (true, Some(usual)) = (d.status_mismatch, d.usual_status) {
        let status = d.http_status.map(status_text).unwrap_or_default();
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
    if let Some(t) = &d.transport {
        no_response(out, d, t)?;
    }
    // The token's errors are this case's findings: `found` lines, their fixes first in the list.
    let token_errors = d
        .token
        .iter()
        .flat_map(|t| &t.findings)
        .filter(|f| f.severity == Severity::Error);
    for message in d
        .details
        .iter()
        .map(|f| &f.message)
        .chain(token_errors.map(|f| &f.message))
    {
        labelled(out, "found", style::heading, message, None)?;
    }
    if let Some(tv) = &d.token {
        labelled(out, "token", style::heading, &tv.description, None)?;
        for f in tv.findings.iter().filter(|f| f.severity != Severity::Error) {
            let sev = style::severity(f.severity, f.severity.as_str());
            // Hangs two columns deeper than the finding, as `mdediag token` prints findings.
            let first = format!("{HANG}{}[{}]: ", f.severity.as_str(), f.id);
            let shown = format!("{HANG}{sev}[{}]: ", f.id);
            write_wrapped(out, &f.message, &first, &shown, &format!("{HANG}  "), None)?;
        }
    }
    if let Some(r) = &d.request {
        let method = r.method.as_deref().unwrap_or("(method not shown)");
        writeln!(
            out,
            "  {}{} {}",
            label("request"),
            for_terminal(method),
            for_terminal(&r.url)
        )?;
    }
    if let Some(op) = d.route {
        operation(out, d, op, verbose)?;
    }
    if let Some(s) = d.suggestion {
        writeln!(
            out,
            "  {}did you mean {}?",
            style::note(&format!("{:<11}", "hint")),
            style::code(s)
        )?;
    }
    let shown = shown_steps(d, verbose);
    for (i, step) in d.fix.iter().take(shown).enumerate() {
        let number = format!("{}. ", i + 1);
        let first = format!("  {:<11}{number}", if i == 0 { "fix" } else { "" });
        let head = format!(
            "  {}{number}",
            if i == 0 { label("fix") } else { label("") }
        );
        let rest = " ".repeat(first.len());
        write_wrapped(out, step, &first, &head, &rest, Some(style::fix))?;
    }
    labelled(out, "retry", style::heading, &d.retry.text, None)?;
    if let Some(q) = &d.pending_actions {
        writeln!(
            out,
            "  {}{}",
            label("pending"),
            style::fix(&for_terminal(q))
        )?;
    }
    if let Some(c) = &d.correlation {
        support(out, c)?;
    }
    more(out, d, d.fix.len() - shown)?;
    writeln!(out)
}

/// A call that got no response: the client's own words, then the host the call was for and its API.
fn no_response(
    out: &mut dyn Write,
    d: &Diagnosis,
    t: &crate::response::Transport,
) -> std::io::Result<()> {
    labelled(out, "client", style::heading, &t.said, None)?;
    if let Some(host) = &t.host {
        let api = match d.api {
            Api::Mde => Some("Defender for Endpoint API"),
            Api::Unknown => None,
            other => other.label(),
        };
        let text = match api {
            Some(a) => format!("{host} ({a})"),
            None => host.clone(),
        };
        labelled(out, "host", style::heading, &text, None)?;
    }
    Ok(())
}

/// `file:line: CODE  STATUS`, with what is unusual about the response after it.
fn header(out: &mut dyn Write, d: &Diagnosis) -> std::io::Result<()> {
    let mut line = format!(
        "{} {}",
        style::dim(&format!(
            "{}:{}:",
            for_terminal(&d.source.file),
            d.source.line
        )),
        style::code(&for_terminal(&d.code)),
    );
    match (d.http_status, d.usual_status) {
        _ if d.shape == Shape::Transport => line.push_str(&format!(
            "  {}",
            style::error(advice::get(Key::RenderNoResponse))
        )),
        (Some(s), _) => line.push_str(&format!("  {}", style::error(&status_text(s)))),
        (None, Some(u)) => line.push_str(&format!(
            "  {}",
            style::dim(&format!("(status not shown; usually {})", status_text(u)))
        )),
        (None, None) => {}
    }
    // A body cut before its code: the partial mark below says it all.
    let cut_before_code = d.shape == Shape::Fragment && d.code_sent.is_none();
    if !d.known && !cut_before_code {
        let known = if d.shape.is_hidden_failure() {
            "(failure inside a successful response)"
        } else {
            "(unknown code)"
        };
        line.push_str(&format!("  {}", style::warning(known)));
    }
    if d.shape == Shape::Fragment {
        line.push_str(&format!(
            "  {}",
            style::warning(advice::get(Key::RenderPartial))
        ));
    }
    // The API that answered, when it is not Defender for Endpoint: the advice below holds for it. (A call
    // that got no answer names its host and API on a line of its own.)
    if let Some(label) = d.api.label().filter(|_| d.shape != Shape::Transport) {
        line.push_str(&format!("  {}", style::dim(&format!("[{label}]"))));
    }
    writeln!(out, "{line}")
}

/// How many fix steps the block shows: all with `verbose`; else the case's own (at most three), or, when
/// the case has none of its own, the first three general ones.
fn shown_steps(d: &Diagnosis, verbose: bool) -> usize {
    if verbose {
        d.fix.len()
    } else if d.fix_specific > 0 {
        d.fix_specific.min(MAX_STEPS)
    } else {
        d.fix.len().min(MAX_STEPS)
    }
}

/// Fix steps shown by default.
const MAX_STEPS: usize = 3;

/// The operation the request called, with the permission it needs; its rate limit when the error is about
/// the rate (or `verbose`), and its platforms when `verbose`.
fn operation(
    out: &mut dyn Write,
    d: &Diagnosis,
    op: &crate::operations::Route,
    verbose: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "  {}{} ({} {})",
        style::heading(&format!("{:<11}", "operation")),
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
    if verbose || d.http_status == Some(429) {
        let rate = match (op.rate_per_minute, op.rate_per_hour) {
            (Some(m), Some(h)) => Some(advice::fill(
                Key::RenderRatePerMinuteAndHour,
                &[("per-minute", &m.to_string()), ("per-hour", &h.to_string())],
            )),
            (Some(m), None) => Some(advice::fill(
                Key::RenderRatePerMinute,
                &[("per-minute", &m.to_string())],
            )),
            (None, Some(h)) => Some(advice::fill(
                Key::RenderRatePerHour,
                &[("per-hour", &h.to_string())],
            )),
            (None, None) => None,
        };
        if let Some(text) = rate {
            writeln!(out, "{HANG}{text}")?;
        }
    }
    if verbose {
        for p in op.body.map_or(&[][..], |b| b.platforms) {
            sub(out, "runs on:", p)?;
        }
    }
    Ok(())
}

/// The correlation id to quote, laid out piece by piece: the id, its date and the reminder each stay
/// whole, and a piece that does not fit moves to the next line, under the text.
fn support(out: &mut dyn Write, c: &crate::diagnose::Correlation) -> std::io::Result<()> {
    let id = for_terminal(&c.id);
    write!(
        out,
        "  {}{} {}",
        style::heading(&format!("{:<11}", "support")),
        c.field,
        style::code(&id)
    )?;
    let mut col = TEXT_COLUMN + c.field.chars().count() + 1 + id.chars().count();
    let date = c
        .date
        .as_deref()
        .map(|d| format!("(date: {})", for_terminal(d)));
    let quote = advice::get(Key::RenderSupport);
    let pieces = [
        date.map(|d| (" ", d.chars().count(), d)),
        Some(("  ", quote.chars().count(), style::dim(quote).to_string())),
    ];
    for (gap, width, shown) in pieces.into_iter().flatten() {
        if col + gap.len() + width <= crate::render::width::columns() {
            write!(out, "{gap}{shown}")?;
            col += gap.len() + width;
        } else {
            write!(out, "\n{HANG}{shown}")?;
            col = TEXT_COLUMN + width;
        }
    }
    writeln!(out)
}

/// The last line: where the whole entry is (`mdediag explain CODE`) and how many steps `-v` adds; the count
/// goes on a line of its own when a long code would make one line too wide.
fn more(out: &mut dyn Write, d: &Diagnosis, hidden: usize) -> std::io::Result<()> {
    let hidden = (hidden > 0).then(|| {
        let count = hidden.to_string();
        let key = if hidden == 1 {
            Key::RenderMoreStep
        } else {
            Key::RenderMoreSteps
        };
        format!("({})", advice::fill(key, &[("count", &count)]))
    });
    // A call that got no response has no catalog entry to explain: its steps are all here.
    let explain = (d.known && d.shape != Shape::Transport)
        .then(|| format!("mdediag explain {}", for_terminal(&d.code)));
    let text = match (explain, hidden) {
        (Some(e), Some(h)) => {
            // Widths are counted before styling adds its escapes.
            let one_line = TEXT_COLUMN + e.chars().count() + 2 + h.chars().count()
                <= crate::render::WRAP_WIDTH;
            let gap = if one_line {
                "  ".to_string()
            } else {
                format!("\n{HANG}")
            };
            format!("{}{gap}{}", style::fix(&e), style::dim(&h))
        }
        (Some(e), None) => style::fix(&e).to_string(),
        (None, Some(h)) => style::dim(&h).to_string(),
        (None, None) => return Ok(()),
    };
    writeln!(
        out,
        "  {}{text}",
        style::heading(&format!("{:<11}", "more"))
    )
}

/// The line closing human output, so a long run ends with its count: `3 errors diagnosed (1 transient)`;
/// calls that got no HTTP response (`NoResponse.` codes) are counted apart, as calls: `2 errors diagnosed, 1
/// call got no response`, `1 call got no response`. Nothing when nothing was diagnosed (the exit code and
/// the stderr note say so).
pub(crate) fn closing_human(out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
    if s.responses == 0 {
        return Ok(());
    }
    let no_response = s.no_response;
    let errors = s.responses.saturating_sub(no_response);
    let mut parts = Vec::new();
    if errors > 0 {
        let noun = if errors == 1 { "error" } else { "errors" };
        parts.push(format!("{errors} {noun} diagnosed"));
    }
    if no_response > 0 {
        let noun = if no_response == 1 { "call" } else { "calls" };
        parts.push(format!("{no_response} {noun} got no response"));
    }
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
        style::heading(&format!("{}{extra}", parts.join(", ")))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::WRAP_WIDTH;
    use crate::scan::{scan_str, Event};

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
}
