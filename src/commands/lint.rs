//! `mdediag lint [FILE]...`: read bodies, pick the operation (given, from the request line, or inferred),
//! check, then render; `--fix` rewrites files atomically, `--diff` shows the fixes instead.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::lint_select::Selection;
use super::operations::unknown_operation;
use crate::cli::{DenyLevel, LintArgs, LintFormat};
use crate::exit::ExitStatus;
use crate::lint::{self, fix, Finding, Inference, Severity};
use crate::operations::{self, BodyKind, Route};
use crate::render::lint::{self as render, Report};
use crate::render::{github, sarif};

mod curl_command;
mod files;
mod request_line;
#[cfg(test)]
mod tests;

use files::{expand, read_capped, read_for_fix, read_input, utf16_as_utf8, write_atomic, Input};

/// The operation named by `--operation` or `--endpoint`, if either was given.
fn chosen_operation(args: &LintArgs) -> Result<Option<&'static Route>> {
    if let Some(name) = &args.target.operation {
        if let Some(op) = operations::by_name(name) {
            return Ok(Some(op));
        }
        // Named as `operations` takes it (docs page name, `.md`, URL): the same route, body or not.
        return Err(match operations::routes::by_name(name) {
            Some(r) if r.body.is_some() => return Ok(Some(r)),
            // A documented operation that takes no body: say so, and where its query can be checked.
            Some(r) => anyhow::anyhow!(
                "{name} ({} {}) takes no request body, so there is nothing to lint; to check its query, give the request line: mdediag lint --endpoint '{} {}?…'",
                r.method.as_str(),
                r.path,
                r.method.as_str(),
                r.path_only()
            ),
            None => unknown_operation(name),
        });
    }
    if let Some(endpoint) = &args.target.endpoint {
        // Echo only method and path: a query string or userinfo could carry a secret.
        let line = operations::RequestLine::parse(endpoint).ok_or_else(|| {
            anyhow::anyhow!(
                "--endpoint: expected 'METHOD URL' (GET, POST, PATCH, PUT or DELETE; a trailing HTTP/1.1 is fine), e.g. 'POST /api/machines/{{id}}/isolate'"
            )
        })?;
        return match line.operation() {
            Some((op, _)) => Ok(Some(op)),
            None => Err(anyhow::anyhow!("--endpoint: {}", line.no_match_hint())),
        };
    }
    Ok(None)
}

/// Lints one body against the chosen operation, or the one its keys suggest. An error is a problem with
/// this input alone (no operation fits): the caller reports it for the file and goes on.
/// [`lint_all`], keeping only the findings of the selected rules (so `--fix` mends only those too).
fn lint_one(
    name: &str,
    bytes: &[u8],
    chosen: Option<&'static Route>,
    now: i64,
    sel: &Selection,
) -> Result<Report> {
    let mut report = lint_all(name, bytes, chosen, now)?;
    report.findings.retain(|f| sel.keeps(f.id.id()));
    Ok(report)
}

fn lint_all(name: &str, bytes: &[u8], chosen: Option<&'static Route>, now: i64) -> Result<Report> {
    // A zip or other binary file given by mistake is no body: say so (exit 2), as diagnose does.
    if utf16_as_utf8(bytes).is_none() {
        if let Some(kind) = crate::input::binary_kind(&bytes[..bytes.len().min(512)]) {
            let kind = kind.strip_prefix("a ").unwrap_or(kind);
            anyhow::bail!("{name} is not a request body ({kind})");
        }
    }
    let utf8;
    let bytes = match utf16_as_utf8(bytes) {
        Some(text) => {
            utf8 = text;
            utf8.as_slice()
        }
        None => bytes,
    };
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let mut f = lint::not_utf8(bytes, e);
            f.operation = chosen.map(|o| o.name);
            return Ok(Report {
                file: name.to_string(),
                src: String::from_utf8_lossy(bytes).into_owned(),
                findings: vec![f],
            });
        }
    };
    if let Some(report) = saved_request(name, &src, chosen, now) {
        return report;
    }
    if let Some(cmd) = curl_command::parse(&src) {
        return curl_report(name, src, cmd, chosen, now);
    }
    if let Some(op) = chosen.filter(|o| o.body_kind() == Some(BodyKind::Multipart)) {
        return Ok(Report {
            file: name.to_string(),
            src,
            findings: vec![lint::not_linted_note(op)],
        });
    }
    let parsed = lint::parse_recovering(&src);
    let Some(body) = &parsed.body else {
        let mut findings = parsed.syntax;
        for f in &mut findings {
            f.operation = chosen.map(|o| o.name);
        }
        return Ok(Report {
            file: name.to_string(),
            src,
            findings,
        });
    };
    let (op, inferred) = match chosen {
        Some(op) => (op, false),
        None => match lint::infer(body) {
            Inference::Found(op) => (op, true),
            Inference::Tie(ops) => {
                let names: Vec<&str> = ops.iter().map(|o| o.name).collect();
                anyhow::bail!(
                    "the keys fit {} operations equally well ({}); pass --operation NAME or name the file NAME.json",
                    names.len(),
                    names.join(", ")
                );
            }
            Inference::NoMatch => anyhow::bail!(
                "no operation takes these keys; pass --operation NAME or name the file NAME.json (mdediag operations lists them)"
            ),
        },
    };
    let mut findings = lint::check(&src, body, op, now);
    for mut f in parsed.syntax {
        f.operation = Some(op.name);
        findings.push(f);
    }
    findings.sort_by_key(|f| (f.at.span.start, std::cmp::Reverse(f.severity)));
    if inferred {
        findings.insert(0, lint::inferred_note(&src, op));
    }
    Ok(Report {
        file: name.to_string(),
        src,
        findings,
    })
}

/// A saved request: its line is checked like `--endpoint`, a body below it (past any headers) against the
/// line's operation. None when the file starts with no request line.
fn saved_request(
    name: &str,
    src: &str,
    chosen: Option<&'static Route>,
    now: i64,
) -> Option<Result<Report>> {
    let (line, rest) = request_line::leading(src)?;
    let head = request_line::headers_len(rest);
    if rest[head..].trim().is_empty() {
        let findings = request_line::query_findings(line)?;
        return Some(Ok(Report {
            file: name.to_string(),
            src: src.to_string(),
            findings,
        }));
    }
    let op = chosen.or_else(|| request_line::body_operation(line));
    let blanked = request_line::blank_first_line(src, line, head);
    Some(
        lint_all(name, blanked.as_bytes(), op, now).map(|mut report| {
            report.src = src.to_string();
            report
        }),
    )
}

/// The report on a file holding a curl command: its body against the URL's operation (or `chosen`), else its
/// URL's query as `--endpoint` checks it, at the URL's place in the file.
fn curl_report(
    name: &str,
    src: String,
    cmd: curl_command::CurlCommand,
    chosen: Option<&'static Route>,
    now: i64,
) -> Result<Report> {
    let line = format!("{} {}", cmd.method, cmd.url);
    match &cmd.body {
        curl_command::Body::At(range) => {
            let op = chosen.or_else(|| request_line::body_operation(&line));
            let blanked = curl_command::blank_outside(&src, range);
            let mut report = lint_all(name, blanked.as_bytes(), op, now)?;
            report.src = src;
            Ok(report)
        }
        curl_command::Body::Unreadable(why) => anyhow::bail!("{why}"),
        curl_command::Body::None => {
            let mut findings = request_line::query_findings(&line).unwrap_or_default();
            // Line offsets past `METHOD ` are the URL's text; its bytes map to the file's through quotes and
            // escapes. A fix stays only where its bytes are the file's, and in double quotes only if the
            // shell would pass its text as written.
            let url_in_line = cmd.method.len() + 1;
            let at = |i: usize| {
                let k = i.saturating_sub(url_in_line).min(cmd.url.len());
                cmd.url_offsets[k]
            };
            let end = |i: usize| {
                let k = i.saturating_sub(url_in_line).min(cmd.url.len());
                if k == 0 {
                    cmd.url_offsets[0]
                } else {
                    cmd.url_offsets[k - 1] + 1
                }
            };
            for f in &mut findings {
                f.at.span = lint::Span::new(
                    at(f.at.span.start),
                    end(f.at.span.end).max(at(f.at.span.start)),
                );
                let Some(fix) = f.fix.take() else { continue };
                let span = lint::Span::new(
                    at(fix.span.start),
                    end(fix.span.end).max(at(fix.span.start)),
                );
                let same_bytes = src.get(span.start..span.end)
                    == cmd.url.get(
                        fix.span.start.saturating_sub(url_in_line)
                            ..fix.span.end.saturating_sub(url_in_line),
                    );
                let shell_safe =
                    !cmd.url_double_quoted || !fix.replacement.contains(['$', '`', '"', '\\']);
                if same_bytes && shell_safe {
                    f.fix = Some(crate::finding::Fix { span, ..fix });
                }
            }
            findings.extend(cmd.expanded.iter().map(|&at| {
                let end = src[at + 1..]
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(src.len(), |i| at + 1 + i);
                lint::Finding::new(
                    lint::Rule::OdataMissingDollar,
                    lint::Span::new(at, end),
                    format!(
                        "`{}` is in double quotes: bash, zsh and PowerShell expand it to nothing before curl runs, and the service ignores the nameless option (cmd.exe leaves it alone)",
                        &src[at..end]
                    ),
                )
                .help(format!("in bash or zsh put the URL in single quotes; in PowerShell write `{} (backtick)", &src[at..end]))
            }));
            findings.sort_by_key(|f| f.at.span.start);
            lint::locate(&src, &mut findings);
            Ok(Report {
                file: name.to_string(),
                src,
                findings,
            })
        }
    }
}

/// The operation a file names for itself: `isolate-machine.json` or `anything.isolate-machine.json`.
pub(crate) fn operation_from_file_name(path: &Path) -> Option<&'static Route> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json").or_else(|| {
        name.len()
            .checked_sub(5)
            .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".json"))
            .map(|i| &name[..i])
    })?;
    let last = stem.rsplit('.').next()?;
    operations::with_body()
        .find(|o| o.name.eq_ignore_ascii_case(last))
        // Its docs page names it too (`x.run-advanced-query.json`), as for `--operation`.
        .or_else(|| operations::routes::by_name(last).filter(|r| r.body.is_some()))
}

/// A word in a file name that looks like an operation name but names none (`x.isolat-machine.json`), and
/// the operation it nearly names.
pub(crate) fn file_name_near_miss(path: &Path) -> Option<(String, &'static Route)> {
    let name = path.file_name()?.to_str()?;
    let stem = name
        .len()
        .checked_sub(5)
        .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".json"))
        .map(|i| &name[..i])?;
    let last = stem.rsplit('.').next()?;
    // Operation names are kebab-case words; `body` or `case-42` alone is no attempt at one.
    if !last.contains('-') || last.len() < 6 || operation_from_file_name(path).is_some() {
        return None;
    }
    let names = operations::with_body().map(|o| o.name);
    let near = crate::suggest::closest(last, names)?;
    Some((last.to_string(), operations::by_name(near.candidate())?))
}

/// A warning at the top of a file whose name nearly names an operation.
fn file_name_finding(word: &str, op: &'static Route, file: &str) -> Finding {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let renamed = stem.replacen(word, op.name, 1);
    let mut f = Finding::new(
        lint::Rule::FileNameTypo,
        lint::Span::new(0, 0),
        format!("`{word}` in the file name names no operation, so it did not choose one"),
    )
    .help(format!(
        "did you mean {}? rename the file {renamed}, or pass --operation {}",
        op.name, op.name
    ));
    (f.at.line, f.at.column, f.at.end_line, f.at.end_column) = (1, 1, 1, 1);
    f
}

/// A diff made safe for a terminal without breaking it as a patch: tabs and CR stay, other controls are escaped.
/// Secrets are masked too (`*` per character): such a line no longer applies as a patch, but is never shown.
fn diff_for_terminal(diff: &str) -> String {
    crate::redact::mask(diff)
        .chars()
        .map(|c| {
            if crate::sanitize::is_dangerous(c) && c != '\t' && c != '\r' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Whether the reports fail the run: any error, or any warning under `--deny warnings`.
fn failed(reports: &[Report], deny: Option<DenyLevel>) -> bool {
    reports.iter().flat_map(|r| &r.findings).any(|f: &Finding| {
        f.severity == Severity::Error
            || (deny == Some(DenyLevel::Warnings) && f.severity == Severity::Warning)
    })
}

/// Whether any file could not be checked (then the run ends with exit 2, after every file was reported).
fn any_skipped(reports: &[Report]) -> bool {
    reports.iter().any(|r| r.skipped().is_some())
}

/// Renders the reports in the chosen format.
fn render_reports(
    out: &mut dyn Write,
    format: LintFormat,
    reports: &[Report],
    notes: &[String],
) -> Result<()> {
    match format {
        LintFormat::Human => {
            for note in notes {
                writeln!(out, "{}", crate::sanitize::for_terminal(note))?;
            }
            render::human(out, reports)?;
        }
        LintFormat::Short => render::short(out, reports)?,
        LintFormat::Json => render::json(out, reports)?,
        LintFormat::Sarif => sarif::write(out, reports)?,
        LintFormat::Github => github::write(out, reports)?,
    }
    Ok(())
}

/// The findings whose fixes `--fix`/`--diff` may apply: with `--unsafe-fixes`, the unsafe ones too (a key
/// typo's nearest documented key), as ruff's flag of that name does.
fn fixes<'f>(args: &LintArgs, findings: &'f [Finding]) -> std::borrow::Cow<'f, [Finding]> {
    if !args.unsafe_fixes {
        return std::borrow::Cow::Borrowed(findings);
    }
    let mut all = findings.to_vec();
    for fix in all.iter_mut().filter_map(|f| f.fix.as_mut()) {
        fix.safe = true;
    }
    std::borrow::Cow::Owned(all)
}

/// The exit status of a finished run: trouble with any file wins, then findings.
fn status(reports: &[Report], deny: Option<DenyLevel>, trouble: bool) -> ExitStatus {
    if trouble || any_skipped(reports) {
        ExitStatus::Trouble
    } else if failed(reports, deny) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// `--fix -`: the fixed body goes to stdout (the body unchanged when nothing was fixed), the findings that
/// remain to stderr, so `mdediag lint --fix - < a.json > b.json` works as a filter.
fn fix_stdin(
    args: &LintArgs,
    chosen: Option<&'static Route>,
    sel: &Selection,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let now = lint::now();
    let bytes = read_input(Path::new("-"))?;
    let report = match lint_one("-", &bytes, chosen, now, sel) {
        Ok(r) => r,
        Err(e) => Report::not_checked("-", &format!("{e:#}")),
    };
    let mut notes = Vec::new();
    let mut report = report;
    // The body goes out byte for byte unless a fix was applied (a body that is not UTF-8 stays as it was).
    let mut fixed_text: Option<String> = None;
    let op = chosen.or_else(|| {
        report
            .findings
            .iter()
            .find_map(|f| f.operation)
            .and_then(operations::by_name)
    });
    if report.skipped().is_none() {
        if let Some(f) = unrecoverable(&report) {
            notes.push(format!(
                "<stdin>: not fixed: {}:{}: {}",
                f.at.line, f.at.column, f.message
            ));
        } else {
            let (fixed, applied) = fix::apply(&report.src, &fixes(args, &report.findings));
            if applied > 0 {
                notes.push(format!(
                    "fixed {applied} problem{} in <stdin>",
                    if applied == 1 { "" } else { "s" }
                ));
                report = lint_one("-", fixed.as_bytes(), op, now, sel)
                    .unwrap_or_else(|e| Report::not_checked("-", &format!("{e:#}")));
                fixed_text = Some(fixed);
            }
        }
    }
    match &fixed_text {
        Some(text) => out.write_all(text.as_bytes())?,
        None => out.write_all(&bytes)?,
    }
    let reports = [report];
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    render_reports(&mut err, args.format, &reports, &notes)?;
    if args.format != LintFormat::Human {
        for note in &notes {
            crate::shell::note(note)?;
        }
    }
    Ok(status(&reports, args.deny, false))
}

/// A syntax error `--fix` cannot mend (anything but a trailing comma or a comment), if the body has one.
fn unrecoverable(report: &Report) -> Option<&Finding> {
    report
        .findings
        .iter()
        .find(|f| f.id == lint::Rule::InvalidJson && !f.fix.as_ref().is_some_and(|x| x.safe))
}

/// Checks one file of the batch, fixing or diffing it when asked; a problem with this file alone becomes a
/// `not-checked` report. Returns whether writing the fix failed (trouble, but the batch goes on).
/// Reads one input (under `--fix`, keeping what was read so that a file changed since is not rewritten)
/// and lints it; `Err` is the report of an input that could not be read.
fn read_and_lint(
    fix: bool,
    path: &Path,
    name: &str,
    op: Option<&'static Route>,
    sel: &Selection,
    now: i64,
) -> Result<(Report, Option<files::ReadState>), Report> {
    let read_state = if fix {
        match read_for_fix(path, name) {
            Ok(state) => Some(state),
            Err(e) => return Err(Report::not_checked(name, &format!("{e:#}"))),
        }
    } else {
        None
    };
    let bytes = match &read_state {
        Some(state) => state.bytes.clone(),
        None => match read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => return Err(Report::not_checked(name, &format!("{e:#}"))),
        },
    };
    let near_miss = if op.is_none() {
        file_name_near_miss(path)
    } else {
        None
    };
    let mut report = match lint_one(name, &bytes, op, now, sel) {
        Ok(report) => report,
        Err(e) => Report::not_checked(name, &format!("{e:#}")),
    };
    if let Some((word, meant)) = &near_miss {
        report
            .findings
            .insert(0, file_name_finding(word, meant, name));
    }
    Ok((report, read_state))
}

fn one_file(
    args: &LintArgs,
    path: &Path,
    chosen: Option<&'static Route>,
    sel: &Selection,
    now: i64,
    notes: &mut Vec<String>,
    diffs: &mut String,
) -> (Report, bool) {
    let name = path.to_string_lossy().into_owned();
    let shown = if name == "-" {
        "<stdin>".to_string()
    } else {
        name.clone()
    };
    let op = chosen.or_else(|| operation_from_file_name(path));
    let (report, read_state) = match read_and_lint(args.fix, path, &name, op, sel, now) {
        Ok(read) => read,
        Err(unread) => return (unread, false),
    };
    if report.skipped().is_some() {
        return (report, false);
    }
    if !(args.fix || args.diff) {
        return (report, false);
    }
    if let Some(f) = unrecoverable(&report) {
        if args.fix {
            notes.push(format!(
                "{shown}: not fixed, left as it was: {}:{}: {}",
                f.at.line, f.at.column, f.message
            ));
        }
        return (report, false);
    }
    let (fixed, applied) = fix::apply(&report.src, &fixes(args, &report.findings));
    if applied == 0 {
        return (report, false);
    }
    if args.diff {
        // git's a/ b/ prefixes for relative paths, so `git apply` and `patch -p1` take the diff.
        let (old, new) = if path.is_relative() && shown != "<stdin>" {
            (format!("a/{shown}"), format!("b/{shown}"))
        } else {
            (shown.clone(), shown.clone())
        };
        diffs.push_str(&fix::unified_diff(&report.src, &fixed, &old, &new));
        return (report, false);
    }
    let Some(state) = &read_state else {
        return (report, false);
    };
    if utf16_as_utf8(&state.bytes).is_some() {
        // Rewriting would change the file's encoding under the editor that wrote it.
        notes.push(format!(
            "{shown}: not fixed, left as it was: the file is UTF-16; save it as UTF-8, then run --fix again"
        ));
        return (report, false);
    }
    if let Err(e) = write_atomic(path, &fixed, state) {
        notes.push(format!("{shown}: not fixed, left as it was: {e:#}"));
        return (report, true);
    }
    notes.push(format!(
        "fixed {applied} problem{} in {shown}",
        if applied == 1 { "" } else { "s" }
    ));
    // Re-lint what was written, against the same operation, to report what remains.
    let again_op = op.or_else(|| {
        report
            .findings
            .iter()
            .find_map(|f| f.operation)
            .and_then(operations::by_name)
    });
    match lint_one(&name, fixed.as_bytes(), again_op, now, sel) {
        Ok(again) => (again, false),
        Err(e) => (Report::not_checked(&name, &format!("{e:#}")), false),
    }
}

/// Whether `--endpoint` alone is the input: a GET or DELETE (which send no body) and no file given, so the
/// request line's query is what gets checked and stdin is never waited on.
fn query_only(args: &LintArgs) -> Option<&str> {
    let endpoint = args.target.endpoint.as_deref()?;
    let (method, _) = operations::split_request_line(endpoint)?;
    // A line naming no documented route is reported as such (exit 1), whatever its method and whether files
    // were given: there is no operation to check a body against, and no body is read.
    let unknown = operations::RequestLine::parse(endpoint)
        .is_some_and(|l| operations::nearest::unknown_route(&l).is_some());
    if unknown {
        return Some(endpoint);
    }
    if !args.files.is_empty() {
        return None;
    }
    matches!(method, operations::Method::Get | operations::Method::Delete).then_some(endpoint)
}

/// `lint --endpoint 'GET …?$filter=…'`: checks the query string against the endpoint's OData facts. There is
/// no file to rewrite, so `--fix` prints the fixed request line to stdout (the findings that remain go to
/// stderr) and `--diff` shows the change as a diff of one line.
pub(crate) fn lint_query(
    args: &LintArgs,
    endpoint: &str,
    sel: &Selection,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let bad = || {
        anyhow::anyhow!(
            "--endpoint: expected 'METHOD URL' (GET, POST, PATCH, PUT or DELETE; a trailing HTTP/1.1 is fine), e.g. 'GET /api/machines?$top=100'"
        )
    };
    let mut checked = crate::odata::check_request_line(endpoint).ok_or_else(bad)?;
    checked.findings.retain(|f| sel.keeps(f.id.id()));
    let report = Report {
        file: render::ENDPOINT_FILE.to_string(),
        src: endpoint.to_string(),
        findings: checked.findings,
    };
    if !(args.fix || args.diff) {
        render_reports(out, args.format, std::slice::from_ref(&report), &[])?;
        return Ok(status(std::slice::from_ref(&report), args.deny, false));
    }
    let (fixed, applied) = crate::odata::fixed(&report.src, &report.findings);
    if args.diff {
        if applied > 0 {
            let diff = fix::unified_diff(
                &format!("{}\n", report.src),
                &format!("{fixed}\n"),
                "a/endpoint",
                "b/endpoint",
            );
            out.write_all(diff_for_terminal(&diff).as_bytes())?;
        }
        return Ok(status(std::slice::from_ref(&report), args.deny, false));
    }
    writeln!(out, "{}", crate::redact::mask(&fixed))?;
    let mut again = crate::odata::check_request_line(&fixed).ok_or_else(bad)?;
    again.findings.retain(|f| sel.keeps(f.id.id()));
    let remaining = [Report {
        file: render::ENDPOINT_FILE.to_string(),
        src: fixed,
        findings: again.findings,
    }];
    let notes = vec![format!(
        "fixed {applied} problem{} in the request line (printed above)",
        if applied == 1 { "" } else { "s" }
    )];
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    render_reports(&mut err, args.format, &remaining, &notes)?;
    if args.format != LintFormat::Human {
        crate::shell::note(&notes[0])?;
    }
    Ok(status(&remaining, args.deny, false))
}

/// `lint -` on a body held in memory (the Python module): the same checks, limit and rendering as stdin.
pub(crate) fn run_body(args: &LintArgs, body: &[u8], out: &mut dyn Write) -> Result<ExitStatus> {
    let chosen = chosen_operation(args)?;
    let report = read_capped(body, "<stdin>")
        // The library call reads no config file: every rule, as the caller asked.
        .and_then(|bytes| lint_one("-", &bytes, chosen, lint::now(), &Selection::default()))
        .unwrap_or_else(|e| Report::not_checked("-", &format!("{e:#}")));
    let reports = [report];
    render_reports(out, args.format, &reports, &[])?;
    Ok(status(&reports, args.deny, false))
}

/// Runs the subcommand: every input is checked whatever happens to the others; the exit is the worst.
pub(crate) fn run(args: &LintArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let sel = Selection::resolve(&args.select, &args.ignore, &std::env::current_dir()?)?;
    if let Some(endpoint) = query_only(args) {
        return lint_query(args, endpoint, &sel, out);
    }
    let chosen = chosen_operation(args)?;
    let stdin = [PathBuf::from("-")];
    let given: &[PathBuf] = if args.files.is_empty() {
        &stdin
    } else {
        &args.files
    };
    if args.fix && given.iter().any(|p| p.as_os_str() == "-") {
        if given.len() > 1 {
            anyhow::bail!(
                "--fix - writes the fixed body to stdout, so it takes stdin alone, without files"
            );
        }
        return fix_stdin(args, chosen, &sel, out);
    }
    let now = lint::now();
    let mut reports = Vec::with_capacity(given.len());
    let mut notes = Vec::new();
    let mut diffs = String::new();
    let mut trouble = false;
    for input in expand(given) {
        match input {
            Input::Problem(path, reason) => {
                reports.push(Report::not_checked(&path.to_string_lossy(), &reason));
            }
            Input::Path(path) => {
                let (report, failed_write) =
                    one_file(args, &path, chosen, &sel, now, &mut notes, &mut diffs);
                trouble |= failed_write;
                reports.push(report);
            }
        }
    }
    if args.diff {
        out.write_all(diff_for_terminal(&diffs).as_bytes())?;
        if !diffs.is_empty() && !diffs.ends_with('\n') {
            writeln!(out)?;
        }
        // Files that could not be read are not silently missing from the diff.
        for r in &reports {
            if let Some(f) = r.skipped() {
                crate::shell::error(&format!("{}: {}", r.display_name(), f.message))?;
            }
        }
    } else {
        render_reports(out, args.format, &reports, &notes)?;
        if args.format != LintFormat::Human && !notes.is_empty() {
            // Machine formats keep stdout one document; what --fix did goes to stderr.
            for note in &notes {
                crate::shell::note(note)?;
            }
        }
    }
    Ok(status(&reports, args.deny, trouble))
}
