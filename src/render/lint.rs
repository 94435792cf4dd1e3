//! `lint` output for people (rustc/ruff style: header, location, source line, caret, help) and as a JSON array.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use serde::Serialize;

use super::style;
use crate::lint::{Finding, LineIndex, Severity};
use crate::sanitize::for_terminal;

/// The name a request line checked by `lint --endpoint` is reported under.
pub(crate) const ENDPOINT_FILE: &str = "<endpoint>";

/// One linted input: its display name, its text (for source lines) and what was found.
#[derive(Debug)]
pub struct Report {
    /// The name as given (`-` for stdin).
    pub file: String,
    pub src: String,
    pub findings: Vec<Finding>,
}

impl Report {
    /// A file that could not be checked (missing, unreadable, no operation chosen): one `not-checked`
    /// finding saying why, so every format reports it in place and the run goes on.
    pub(crate) fn not_checked(file: &str, reason: &str) -> Report {
        let mut f = Finding::new(
            crate::lint::Rule::NotChecked,
            crate::lint::Span::new(0, 0),
            format!("not checked: {}", crate::redact::scrubbed(reason)),
        );
        (f.at.line, f.at.column, f.at.end_line, f.at.end_column) = (1, 1, 1, 1);
        Report {
            file: file.to_string(),
            src: String::new(),
            findings: vec![f],
        }
    }

    /// Why the file was not checked, if it was not.
    pub(crate) fn skipped(&self) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.id == crate::lint::Rule::NotChecked)
    }

    /// The name shown to people: `<stdin>` for `-`.
    pub(crate) fn display_name(&self) -> &str {
        if self.file == "-" {
            "<stdin>"
        } else {
            &self.file
        }
    }
}

/// Counts by severity, and how many safe fixes are on offer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) notes: usize,
    pub(crate) fixable: usize,
}

impl Totals {
    /// Adds up the findings of all reports.
    pub(crate) fn of(reports: &[Report]) -> Totals {
        let mut t = Totals::default();
        for f in reports.iter().flat_map(|r| &r.findings) {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
            if f.fix.as_ref().is_some_and(|x| x.safe) {
                t.fixable += 1;
            }
        }
        t
    }
}

/// Widest source excerpt shown; longer lines (minified bodies) are cut around the caret.
const MAX_LINE: usize = 120;

/// Writes every finding of every report, then a summary line.
pub fn human(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    for report in reports {
        let index = LineIndex::new(&report.src);
        for f in &report.findings {
            finding(out, report, &index, f)?;
        }
    }
    summary(out, reports)
}

/// `--format short`: one gcc-style line per finding, `file:line:column: severity: message [rule]`, then the
/// count line.
pub(crate) fn short(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    for report in reports {
        for f in &report.findings {
            writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                for_terminal(report.display_name()),
                f.at.line,
                f.at.column,
                severity_label(f.severity),
                for_terminal(&f.message)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                style::code(f.id.id())
            )?;
        }
    }
    summary(out, reports)
}

fn severity_label(s: Severity) -> colored::ColoredString {
    style::severity(s, s.as_str())
}

fn finding(
    out: &mut dyn Write,
    report: &Report,
    index: &LineIndex,
    f: &Finding,
) -> anyhow::Result<()> {
    if f.id.id() == "inferred-operation" {
        // Which operation was assumed is worth a line, not a snippet: the whole body is its span.
        writeln!(
            out,
            "{}{}{}{} {}: {}",
            severity_label(f.severity),
            style::dim("["),
            style::code(f.id.id()),
            style::dim("]:"),
            for_terminal(report.display_name()),
            for_terminal(&f.message)
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{}{}{}{} {}",
        severity_label(f.severity),
        style::dim("["),
        style::code(f.id.id()),
        style::dim("]:"),
        style::heading(&for_terminal(&f.message))
    )?;
    let gutter = " ".repeat(f.at.line.to_string().len());
    writeln!(
        out,
        "{gutter}{} {}:{}:{}",
        style::dim("-->"),
        for_terminal(report.display_name()),
        f.at.line,
        f.at.column
    )?;
    let line = index.line_text(f.at.line);
    if !report.src.is_empty() {
        let (shown, caret_at, caret_len) = excerpt(line, f);
        writeln!(out, "{gutter} {}", style::dim("|"))?;
        writeln!(
            out,
            "{} {} {shown}",
            style::dim(&f.at.line.to_string()),
            style::dim("|")
        )?;
        let carets = "^".repeat(caret_len.max(1));
        let marker = style::severity(f.severity, &carets);
        writeln!(
            out,
            "{gutter} {} {}{marker}",
            style::dim("|"),
            " ".repeat(caret_at)
        )?;
    }
    if f.help.is_some() || f.would_cause.is_some() {
        writeln!(out, "{gutter} {}", style::dim("|"))?;
    }
    if let Some(help) = &f.help {
        // An unsafe fix is named too: without it, nothing says --unsafe-fixes would apply it.
        let fixable = match &f.fix {
            Some(x) if x.safe => " (fixable with --fix)",
            Some(_) => " (fixable with --fix --unsafe-fixes)",
            None => "",
        };
        // Wrapped under its own text (`known keys: …` lists run long), each line styled on its own.
        let first = format!("{gutter} = help: ");
        let text = format!("{}{fixable}", for_terminal(help));
        if first.len() + text.len() <= super::width::columns() {
            // Fits (bytes never undercount characters): no wrapping to pay for, as for most help lines.
            writeln!(
                out,
                "{gutter} {} {}",
                style::dim("="),
                style::fix(&format!("help: {text}"))
            )?;
            return would_cause(out, &gutter, f);
        }
        let hang = " ".repeat(first.chars().count());
        let wrapped = super::wrap(&text, &first, &hang);
        for (i, line) in wrapped.lines().enumerate() {
            match line.strip_prefix(first.as_str()).filter(|_| i == 0) {
                Some(rest) => writeln!(
                    out,
                    "{gutter} {} {}",
                    style::dim("="),
                    style::fix(&format!("help: {rest}"))
                )?,
                None => writeln!(out, "{}", style::fix(line))?,
            }
        }
    }
    would_cause(out, &gutter, f)
}

/// The finding's `= would cause:` line when it has one, then the blank line that ends it.
fn would_cause(out: &mut dyn Write, gutter: &str, f: &Finding) -> anyhow::Result<()> {
    if let Some(code) = f.would_cause {
        writeln!(
            out,
            "{gutter} {} would cause: {}",
            style::dim("="),
            style::code(code)
        )?;
    }
    writeln!(out)?;
    Ok(())
}

/// The sanitized line (cut to a window when long), where the caret starts and how wide it is, in characters.
fn excerpt(line: &str, f: &Finding) -> (String, usize, usize) {
    // Secrets in the body (a bearer token in a comment, a SAS URL) are masked character for character.
    let chars: Vec<char> = crate::redact::mask(line).chars().collect();
    let start = f.at.column.saturating_sub(1).min(chars.len());
    let end = if f.at.end_line == f.at.line {
        f.at.end_column.saturating_sub(1).clamp(start, chars.len())
    } else {
        chars.len()
    };
    // A huge value (a 1000-item array on one line) is marked by its start only.
    let end = end.min(start + MAX_LINE / 2);
    // Sanitizing can widen characters (\t → \\t), so caret positions are measured on sanitized pieces.
    let piece =
        |a: usize, b: usize| for_terminal(&chars[a..b].iter().collect::<String>()).into_owned();
    let (from, to, lead, tail) = if chars.len() > MAX_LINE {
        let from = start.saturating_sub(40);
        let to = (end.max(start + 1) + 40).min(chars.len()).max(from);
        (
            from,
            to,
            if from > 0 { "…" } else { "" },
            if to < chars.len() { "…" } else { "" },
        )
    } else {
        (0, chars.len(), "", "")
    };
    let before = piece(from, start.max(from));
    let marked = piece(start.max(from), end.min(to).max(start.max(from)));
    let after = piece(end.min(to).max(start.max(from)), to);
    // Terminal columns, not characters: a CJK key or an emoji takes two, a combining mark none, and the
    // carets must stand under what they mark.
    let caret_at = UnicodeWidthStr::width(lead) + UnicodeWidthStr::width(before.as_str());
    let caret_len = UnicodeWidthStr::width(marked.as_str());
    (
        format!("{lead}{before}{marked}{after}{tail}"),
        caret_at,
        caret_len,
    )
}

/// The closing line: counts, and how many problems `--fix` would take care of.
pub(crate) fn summary(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    let t = Totals::of(reports);
    let skipped = reports.iter().filter(|r| r.skipped().is_some()).count();
    let files = match reports.len() {
        1 if reports[0].file == ENDPOINT_FILE => "1 request line".to_string(),
        1 => "1 body".to_string(),
        n => format!("{n} bodies"),
    };
    let files = if skipped > 0 {
        format!("{files} ({skipped} not checked)")
    } else {
        files
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if t.errors + t.warnings + t.notes == 0 {
        writeln!(out, "{}: no problems in {files}", style::fix("ok"))?;
        return Ok(());
    }
    let mut line = format!(
        "{}, {}, {} in {files}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.notes, "note")
    );
    if t.fixable > 0 {
        line.push_str(&format!("; {} fixable with --fix", t.fixable));
    }
    let label = if t.errors > 0 {
        style::error("found")
    } else {
        style::warning("found")
    };
    writeln!(out, "{label} {line}")?;
    Ok(())
}

/// The stable JSON shape of one finding (documented in README).
#[derive(Debug, Serialize)]
pub(crate) struct FindingView<'a> {
    pub(crate) schema_version: u32,
    pub(crate) rule: &'static str,
    pub(crate) severity: Severity,
    pub(crate) file: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) message: &'a str,
    pub(crate) help: Option<&'a str>,
    pub(crate) fix: Option<FixView<'a>>,
    pub(crate) would_cause: Option<&'static str>,
    pub(crate) operation: Option<&'static str>,
}

/// A fix in JSON: the replacement text and whether `--fix` applies it.
#[derive(Debug, Serialize)]
pub(crate) struct FixView<'a> {
    pub(crate) replacement: &'a str,
    pub(crate) safe: bool,
}

/// Writes one JSON array with the findings of every report.
pub fn json(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    let views: Vec<FindingView> = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| FindingView {
                schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
                rule: f.id.id(),
                severity: f.severity,
                file: &r.file,
                line: f.at.line,
                column: f.at.column,
                end_line: f.at.end_line,
                end_column: f.at.end_column,
                message: &f.message,
                help: f.help.as_deref(),
                fix: f.fix.as_ref().map(|x| FixView {
                    replacement: &x.replacement,
                    safe: x.safe,
                }),
                would_cause: f.would_cause,
                operation: f.operation,
            })
        })
        .collect();
    super::write_json(out, &views)
}

/// What `mdediag explain RULE` prints for a lint rule, like `ruff rule`: what it catches, why it matters, what
/// to do, the error it predicts, and for `cross-field` the rules themselves with their docs pages.
pub(crate) fn rule_text(out: &mut dyn Write, rule: crate::lint::Rule) -> anyhow::Result<()> {
    let info = rule.info();
    writeln!(
        out,
        "{} ({}): {}",
        style::code(info.id),
        severity_label(info.severity),
        style::heading(info.summary)
    )?;
    writeln!(
        out,
        "\n{}\n{}",
        style::heading("Why it matters"),
        super::wrap(info.description, "  ", "  ")
    )?;
    writeln!(
        out,
        "\n{}\n{}",
        style::heading("What to do"),
        super::wrap(info.help, "  ", "  ")
    )?;
    // The evidence level the rule rests on (a finding on weaker evidence names its own in its message).
    writeln!(
        out,
        "\n{}\n  {}",
        style::heading("Rests on"),
        info.evidence.as_str()
    )?;
    if let Some(code) = info.would_cause {
        writeln!(
            out,
            "\n{}\n  {} (mdediag explain {code})",
            style::heading("The service would likely answer"),
            style::code(code)
        )?;
    }
    if rule == crate::lint::Rule::CrossField {
        writeln!(out, "\n{}", style::heading("The rules"))?;
        for r in crate::operations::CROSS_RULES {
            let at = if r.at.is_empty() {
                String::new()
            } else {
                format!(" {}", r.at)
            };
            let text = format!(
                "{}{at}: {} ({})",
                r.operations.join(", "),
                r.message,
                r.source
            );
            writeln!(out, "{}", super::wrap(&text, "  - ", "    "))?;
        }
    }
    writeln!(
        out,
        "\n{}\n  mdediag lint --format json … | jq '.[] | select(.rule == \"{}\")'",
        style::heading("Find it in a run"),
        info.id
    )?;
    Ok(())
}

/// A rule in JSON: id, severity, summary, description, help, would_cause.
#[derive(Debug, Serialize)]
pub(crate) struct RuleView {
    pub(crate) schema_version: u32,
    pub(crate) rule: &'static str,
    pub(crate) severity: Severity,
    pub(crate) summary: &'static str,
    pub(crate) description: &'static str,
    pub(crate) help: &'static str,
    pub(crate) would_cause: Option<&'static str>,
}

/// One rule's JSON view.
pub(crate) fn rule_view(rule: crate::lint::Rule) -> RuleView {
    let i = rule.info();
    RuleView {
        schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
        rule: i.id,
        severity: i.severity,
        summary: i.summary,
        description: i.description,
        help: i.help,
        would_cause: i.would_cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::lint;
    use crate::operations::by_name;

    fn report(body: &str) -> Report {
        Report {
            file: "body.json".to_string(),
            src: body.to_string(),
            findings: lint(body, by_name("isolate-machine").expect("op"), 0),
        }
    }

    fn text(reports: &[Report]) -> String {
        colored::control::set_override(false);
        let mut out = Vec::new();
        human(&mut out, reports).expect("render");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn human_output_points_a_caret_at_the_key() {
        let out = text(&[report("{\n  \"comment\": \"x\"\n}")]);
        assert!(
            out.starts_with("error[key-case]: `comment` should be `Comment`"),
            "{out}"
        );
        assert!(out.contains(" --> body.json:2:3\n"), "{out}");
        assert!(
            out.contains("2 |   \"comment\": \"x\"\n  |   ^^^^^^^^^\n"),
            "{out}"
        );
        assert!(
            out.contains("= help: write `Comment` (fixable with --fix)"),
            "{out}"
        );
        assert!(
            out.contains("= would cause: MissingRequiredParameter"),
            "{out}"
        );
        assert!(
            out.ends_with("1 error, 0 warnings, 0 notes in 1 body; 1 fixable with --fix\n"),
            "{out}"
        );
    }

    #[test]
    fn carets_count_terminal_columns_under_wide_characters() {
        // 😀 and each kana take two columns: the carets start after them and span the quoted key.
        let out = text(&[report("{\"😀\": 1, \"コメント\": 2, \"Comment\": \"x\"}")]);
        assert!(out.contains("1 | {\"😀\": 1, \"コメント\": 2"), "{out}");
        assert!(out.contains("  |           ^^^^^^^^^^\n"), "{out}");
    }

    #[test]
    fn hostile_text_is_escaped_and_carets_stay_aligned() {
        let out = text(&[report("{\"a\u{202e}b\": 1, \"Comment\": \"x\"}")]);
        assert!(!out.contains('\u{202e}'), "{out}");
        assert!(out.contains("1 | {\"a\\u{202e}b\": 1"), "{out}");
        assert!(out.contains("  |  ^^^^^^^^^^^^\n"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let body = format!("{{\"Comment\": \"{}\", \"comment\": 1}}", "x".repeat(500));
        let out = text(&[report(&body)]);
        let source = out
            .lines()
            .find(|l| l.starts_with("1 |"))
            .expect("source line");
        assert!(source.chars().count() < 140, "{source}");
        assert!(source.contains('…'));
    }

    #[test]
    fn json_has_the_documented_fields() {
        let mut out = Vec::new();
        json(&mut out, &[report("{\"comment\": \"x\"}")]).expect("render");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let f = &v[0];
        for key in [
            "rule",
            "severity",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "fix",
            "would_cause",
            "operation",
        ] {
            assert!(f.get(key).is_some(), "{key}");
        }
        assert_eq!(f["fix"]["replacement"], "\"Comment\"");
        assert_eq!(f["severity"], "error");
    }

    #[test]
    fn every_rule_id_explains_itself() {
        colored::control::set_override(false);
        for rule in crate::lint::Rule::ALL {
            assert_eq!(
                crate::lint::Rule::by_id(&rule.id().to_uppercase()),
                Some(rule)
            );
            let mut out = Vec::new();
            rule_text(&mut out, rule).expect("render");
            let text = String::from_utf8(out).expect("utf8");
            assert!(text.starts_with(&format!("{} (", rule.id())), "{text}");
            // Wrapped to the width, every word of the help is there, in order.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words(&text).contains(&words(rule.info().help)), "{text}");
            assert!(
                text.lines()
                    .all(|l| l.chars().count() <= crate::render::WRAP_WIDTH
                        || !l.trim().contains(' ')),
                "{text}"
            );
        }
        assert_eq!(crate::lint::Rule::by_id("InvalidRequestBody"), None);
    }
}
