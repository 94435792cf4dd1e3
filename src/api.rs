//! In-process entry points for embedders (the Python module): each runs a command as `--format json` does on
//! input held in memory, and gives back the very JSON the CLI prints, with its exit status. The commands and
//! renderers do the work; this module only hands them the input and collects what they write.

use std::ffi::OsString;
use std::io::{Cursor, Write};
use std::sync::Arc;

use anyhow::{anyhow, Result};

use crate::cli::{self, ColorWhen, Command, DiagnoseFormat};
use crate::diagnose::Summary;
use crate::exit::{self, ExitStatus};
use crate::input::Lines;
use crate::pipeline::{Batch, Mode};
use crate::response::Request;
use crate::scan::{Event, Scanner};

/// What one call gave: the CLI's JSON (stdout of `--format json`), its exit status, and the warnings the CLI
/// would print on stderr.
#[derive(Debug)]
pub struct Output {
    pub json: String,
    pub status: ExitStatus,
    pub warnings: Vec<String>,
}

/// The crate's version, as `mdediag --version` prints it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The name the diagnoses and findings give input held in memory: the CLI's name for stdin, so the JSON is
/// the same as `… | mdediag --format json`.
pub const INPUT_NAME: &str = "<stdin>";

/// The binary's whole run: parse `args` (the program name first), run, print any error, pick the exit status.
/// `main.rs` and the Python module's `mdediag` command both call this, so they behave alike.
pub fn run_cli(args: Vec<OsString>) -> ExitStatus {
    let when = cli::color_flag(&args).unwrap_or(ColorWhen::Auto);
    let cli = match cli::parse_from(args) {
        Ok(cli) => cli,
        Err(err) => return exit::clap_error(&err, when),
    };
    match crate::run(cli) {
        Ok(status) => status,
        // A closed pipe (`mdediag codes | head -3`) is the reader's choice, not our failure.
        Err(err) if is_broken_pipe(&err) => ExitStatus::Clean,
        Err(err) => {
            let _ = exit::report(&err, &mut std::io::stderr().lock());
            ExitStatus::Trouble
        }
    }
}

/// Whether the error is, at its root, a write into a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// The CLI's error text for `err`, as `error:` and `help:` lines would show it, without the `error: ` lead
/// and without color.
pub fn message(err: &anyhow::Error) -> String {
    let mut buf = Vec::new();
    crate::render::init_color(ColorWhen::Never);
    let _ = exit::report(err, &mut buf);
    let text = String::from_utf8_lossy(&buf);
    let text = text.trim_end();
    text.strip_prefix("error: ").unwrap_or(text).to_string()
}

/// `mdediag --format json` on `text`; `request` (`POST /api/machines/{id}/isolate`, a URL) stands for the
/// request behind each response whose text does not show its own.
pub fn diagnose(text: &[u8], request: Option<&str>) -> Result<Output> {
    let request = match request {
        Some(line) => Some(request_of(line)?),
        None => None,
    };
    let file: Arc<str> = Arc::from(INPUT_NAME);
    let mode = Mode {
        summary: false,
        sink: crate::render::diagnose::sink(DiagnoseFormat::Jsonl, false, false),
    };
    let mut lines = Lines::from_reader(Box::new(Cursor::new(text.to_vec())))?;
    let mut scanner = Scanner::for_file(Arc::clone(&file));
    let mut batch = Batch::default();
    let mut emit = |e: Event<'_>| {
        let e = match (e, &request) {
            (Event::Response(mut r), Some(q)) => {
                r.request.get_or_insert_with(|| q.clone());
                Event::Response(r)
            }
            // A response read in place has no request of its own.
            (Event::Plain(p), Some(q)) => {
                let mut r = p.to_response();
                r.request = Some(q.clone());
                Event::Response(Box::new(r))
            }
            (e, _) => e,
        };
        batch.event(e, &file, mode)
    };
    // A read that fails (a cut gzip stream) ends the input: what was read before is still reported.
    let failed = loop {
        match lines.next_line(&mut || Ok(())) {
            Ok(Some(line)) => scanner.line(line.number, &line.text, line.skipped, &mut emit)?,
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    scanner.finish(&mut emit)?;
    let mut warnings: Vec<String> = batch.warnings.drain(..).map(|(_, w)| w).collect();
    if let Some(e) = &failed {
        warnings.push(crate::commands::diagnose::read_error(INPUT_NAME, e));
    }
    let mut summary = Summary::default();
    summary.add_counts(&batch.counts);
    let sign = (summary.responses == 0)
        .then(|| scanner.take_sign())
        .flatten();
    if let Some(sign) = &sign {
        warnings.push(crate::shell::format(
            crate::shell::Level::Note,
            None,
            &crate::commands::diagnose::hint(INPUT_NAME, sign),
        ));
    }
    let binary = sign.as_ref().is_some_and(|s| s.binary.is_some());
    let items = String::from_utf8(batch.out).map_err(|e| anyhow!("output: {e}"))?;
    let json = format!("[{}]", items.lines().collect::<Vec<_>>().join(","));
    Ok(Output {
        json,
        status: crate::commands::diagnose::exit_status(&summary, binary || failed.is_some()),
        warnings,
    })
}

/// The request a `request=` argument names, as a transcript's request line would give it.
fn request_of(line: &str) -> Result<Request> {
    let (method, target) = crate::operations::split_request_line(line)
        .filter(|(_, t)| !t.is_empty())
        .ok_or_else(|| {
            anyhow!("request: expected 'METHOD URL', e.g. 'POST /api/machines/{{id}}/isolate'")
        })?;
    Ok(Request {
        method: Some(method.as_str().to_string()),
        url: crate::redact::scrubbed(target),
    })
}

/// `mdediag lint - --format json` on `body`, against `operation` or the operation `endpoint` calls.
pub fn lint(body: &[u8], operation: Option<&str>, endpoint: Option<&str>) -> Result<Output> {
    let mut argv = vec!["lint".to_string(), "-".to_string()];
    argv.extend(operation.map(|o| format!("--operation={o}")));
    argv.extend(endpoint.map(|e| format!("--endpoint={e}")));
    let cli = parse(&argv)?;
    let Some(Command::Lint(args)) = &cli.command else {
        return Err(anyhow!("lint: arguments not understood"));
    };
    captured(|out| crate::commands::lint::run_body(args, body, out))
}

/// `mdediag lint --endpoint LINE --format json`: the request line's query against the endpoint's OData facts.
pub fn lint_endpoint(line: &str) -> Result<Output> {
    let cli = parse(&["lint".to_string(), format!("--endpoint={line}")])?;
    let Some(Command::Lint(args)) = &cli.command else {
        return Err(anyhow!("lint: arguments not understood"));
    };
    let every_rule = crate::commands::lint_select::Selection::default();
    captured(|out| crate::commands::lint::lint_query(args, line, &every_rule, out))
}

/// `mdediag explain QUERY --format json`.
pub fn explain(query: &str) -> Result<Output> {
    let cli = parse(&["explain".to_string(), "--".to_string(), query.to_string()])?;
    captured(|out| crate::dispatch(&cli, out))
}

/// `mdediag codes --format json`.
pub fn codes() -> Result<Output> {
    let cli = parse(&["codes".to_string()])?;
    captured(|out| crate::dispatch(&cli, out))
}

/// `mdediag token - --format json` with `token` on stdin; `now` is `--now` (RFC 3339 or Unix seconds). The
/// token is never in what comes back, nor in an error.
pub fn token(token: &str, operation: Option<&str>, now: Option<&str>) -> Result<Output> {
    let mut argv = vec!["token".to_string(), "-".to_string()];
    argv.extend(operation.map(|o| format!("--operation={o}")));
    argv.extend(now.map(|n| format!("--now={n}")));
    let cli = parse(&argv)?;
    let Some(Command::Token(args)) = &cli.command else {
        return Err(anyhow!("token: arguments not understood"));
    };
    captured(|out| crate::commands::token::run_with(args, || Ok((token.to_string(), false)), out))
}

/// A command line for a subcommand with `--format json` added, parsed by the CLI's one declaration.
fn parse(argv: &[String]) -> Result<cli::Cli> {
    let (sub, rest) = argv.split_first().ok_or_else(|| anyhow!("no subcommand"))?;
    let mut full = vec!["mdediag", sub.as_str(), "--format=json"];
    full.extend(rest.iter().map(String::as_str));
    cli::parse_from(full).map_err(|e| {
        // clap's rendering has the usage lines: keep its first line, the error itself.
        let text = e.render().to_string();
        let first = text.lines().next().unwrap_or_default();
        anyhow!("{}", first.strip_prefix("error: ").unwrap_or(first))
    })
}

/// Runs `f` with the output captured.
fn captured(f: impl FnOnce(&mut dyn Write) -> Result<ExitStatus>) -> Result<Output> {
    crate::render::init_color(ColorWhen::Never);
    let mut out = Vec::new();
    let status = f(&mut out)?;
    Ok(Output {
        json: String::from_utf8(out).map_err(|e| anyhow!("output: {e}"))?,
        status,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnose_gives_the_cli_objects_and_fills_a_missing_request() {
        let text = br#"{"error":{"code":"Forbidden","message":"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.","target":"x"}}"#;
        let plain = diagnose(text, None).expect("diagnose");
        let v: serde_json::Value = serde_json::from_str(&plain.json).expect("json");
        assert_eq!(v[0]["code"], "Forbidden");
        assert!(v[0]["operation"].is_null());
        assert_eq!(plain.status, ExitStatus::Findings);
        let with = diagnose(text, Some("POST /api/machines/abc/isolate")).expect("diagnose");
        let v: serde_json::Value = serde_json::from_str(&with.json).expect("json");
        assert_eq!(v[0]["operation"]["name"], "isolate-machine");
        assert!(diagnose(text, Some("")).is_err());
    }

    #[test]
    fn nothing_found_is_an_empty_array() {
        let out = diagnose(b"hello\n", None).expect("diagnose");
        assert_eq!(out.json, "[]");
        assert_eq!(out.status, ExitStatus::Clean);
    }

    #[test]
    fn an_unknown_code_is_an_error_with_the_cli_message() {
        let err = explain("Forbiden").expect_err("unknown");
        let text = message(&err);
        assert!(text.contains("Forbidden"), "{text}");
        assert!(!text.starts_with("error:"), "{text}");
    }

    #[test]
    fn a_query_that_looks_like_a_flag_is_a_query() {
        assert!(explain("--help").is_err());
    }
}
