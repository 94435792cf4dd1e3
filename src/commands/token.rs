//! `mdediag token`: find the bearer token in the argument, a file, stdin (`-`, or piped without it) or
//! `MDE_TOKEN`, inspect it offline and render the report. The token is never echoed, not even in error messages.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::time::SystemTime;

use anyhow::{anyhow, bail, Context, Result};

use crate::cli::{OutputFormat, TokenArgs};
use crate::exit::ExitStatus;
use crate::operations::{routes, RequestLine, Route};
use crate::render;
use crate::time;
use crate::token::{self, Finding, Options, TokenError};

/// Runs the subcommand.
pub(crate) fn run(args: &TokenArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    run_with(
        args,
        || {
            let raw = read_input(args.input.as_deref())?;
            let from_arg = args
                .input
                .as_deref()
                .is_some_and(|a| a != "-" && !Path::new(a).exists());
            Ok((raw, from_arg))
        },
        out,
    )
}

/// Runs the subcommand on the text `input` gives (after the flags are checked): the token's text, and
/// whether it is the argument itself (a mistyped file name lands there). The Python module hands the token in
/// memory here.
pub(crate) fn run_with(
    args: &TokenArgs,
    input: impl FnOnce() -> Result<(String, bool)>,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let now = match &args.now {
        Some(text) => time::system_time(time::parse_now(text).map_err(|m| anyhow!("--now: {m}"))?),
        None => SystemTime::now(),
    };
    let (mut operation, mut host) = target(args)?;
    let (raw, from_arg) = input()?;
    let raw = raw.as_str();
    // A `curl -v` transcript names the call itself; an explicit --operation/--endpoint wins.
    if operation.is_none() {
        if let Some((op, transcript_host)) = token::request_target(raw) {
            operation = Some(op);
            host = transcript_host;
        }
    }
    let options = Options {
        operation,
        api_host: host.as_deref(),
        now,
    };
    match token::inspect_with(raw, &options) {
        Ok(mut report) => {
            if args.redact_ids {
                report.redact_ids();
            }
            match args.format {
                OutputFormat::Human => render::token::human(out, &report, args.verbose)?,
                OutputFormat::Json => render::token::json(out, &report)?,
            }
            Ok(if report.fits() {
                ExitStatus::Clean
            } else {
                ExitStatus::Findings
            })
        }
        Err(err) => {
            let mut finding = Finding::from(&err);
            // Name the file the token was read from, as every other command's error does (for people: the
            // JSON message stays the check's own).
            if let Some(file) = args
                .input
                .as_deref()
                .filter(|a| *a != "-" && !from_arg && Path::new(a).is_file())
                .filter(|_| args.format == OutputFormat::Human)
            {
                finding.message = format!("{file}: {}", finding.message);
            }
            if from_arg && matches!(err, TokenError::NotFound | TokenError::Opaque { .. }) {
                // A mistyped file name lands here as "token text"; say so without echoing it.
                if let Some(fix) = &mut finding.help {
                    fix.push_str(
                        ". If the argument was meant as a file: no file by that name exists",
                    );
                }
            }
            match args.format {
                OutputFormat::Human => render::token::unreadable_human(out, &finding)?,
                OutputFormat::Json => render::token::unreadable_json(out, &finding)?,
            }
            Ok(ExitStatus::Trouble)
        }
    }
}

/// The operation (and API host) from `--operation` or `--endpoint`: any documented operation, any method.
fn target(args: &TokenArgs) -> Result<(Option<&'static Route>, Option<String>)> {
    if let Some(name) = &args.target.operation {
        return match routes::by_name(name) {
            Some(route) => Ok((Some(route), None)),
            None => Err(super::operations::unknown_operation(name)),
        };
    }
    let Some(endpoint) = &args.target.endpoint else {
        return Ok((None, None));
    };
    // Echo only method and path: a query string could carry a secret (a SAS `sig=`).
    let line = RequestLine::parse(endpoint).ok_or_else(|| {
        anyhow!("--endpoint: expected 'METHOD URL', e.g. 'GET /api/machines' or 'POST https://…/isolate'")
    })?;
    let found = line.route();
    match found {
        Some(route) => Ok((Some(route), line.host)),
        None => {
            let others: Vec<String> = routes::at_path(&line.path)
                .iter()
                .map(|r| format!("{} {} ({})", r.method.as_str(), r.path, r.name))
                .collect();
            let there = if others.is_empty() {
                String::new()
            } else {
                format!("; at this path: {}", others.join(", "))
            };
            bail!(
                "no documented operation matches '{} {}'{there} (see `mdediag operations`)",
                line.method.as_str(),
                line.path
            )
        }
    }
}

/// The text holding the token: the argument itself, the file it names, stdin (`-`, or a pipe or file given
/// without an argument), or `MDE_TOKEN`.
fn read_input(input: Option<&str>) -> Result<String> {
    match input {
        Some("-") => read_stdin(),
        // A path is recognized by existing; the argument is never printed unless it is one.
        Some(arg) if Path::new(arg).exists() => {
            let file = std::fs::File::open(arg).with_context(|| format!("reading {arg}"))?;
            read_text(Box::new(file)).with_context(|| format!("reading {arg}"))
        }
        // `mdediag token nosuch.jwt`: a file name is no token; say the file is missing before anything else.
        Some(arg) if looks_like_path(arg) => bail!(
            "no file {}: nothing by that name exists (give the token itself, a file that holds it, or - for stdin)",
            crate::sanitize::for_terminal(arg)
        ),
        Some(arg) => Ok(arg.to_string()),
        None => {
            // `mdediag token < right.jwt`, `echo "$T" | mdediag token`: what is piped in is the token meant,
            // even when MDE_TOKEN is set. A terminal is never read (it would wait for typing); an empty pipe
            // (`< /dev/null`, a closed stdin in CI) falls back to MDE_TOKEN.
            if !std::io::stdin().is_terminal() {
                let text = read_stdin()?;
                if !text.trim().is_empty() {
                    return Ok(text);
                }
            }
            match std::env::var_os("MDE_TOKEN") {
                Some(v) if !v.is_empty() => Ok(v.to_string_lossy().into_owned()),
                _ => bail!(
                    "no token given: pass TOKEN, FILE or - (stdin), pipe it in, or set MDE_TOKEN"
                ),
            }
        }
    }
}

/// Whether an argument reads as a file path rather than a token: a file extension token text never has
/// (`.jwt`, `.txt`, …), or a relative/home/drive prefix. Tokens are base64url (no `\\`, no `.` before an
/// extension) or opaque strings, so neither form is one.
fn looks_like_path(arg: &str) -> bool {
    const EXTENSIONS: &[&str] = &[".jwt", ".txt", ".json", ".token", ".log", ".har", ".tok"];
    let lower = arg.to_ascii_lowercase();
    let has_extension = EXTENSIONS.iter().any(|e| lower.ends_with(e))
        && !arg.starts_with("eyJ")
        && arg.len() < 1024;
    let prefixed = ["./", "../", "~/", ".\\", "..\\"]
        .iter()
        .any(|p| arg.starts_with(p))
        || (arg.len() > 2
            && arg.as_bytes()[1] == b':'
            && matches!(arg.as_bytes()[2], b'\\' | b'/'));
    has_extension || prefixed
}

fn read_stdin() -> Result<String> {
    if std::io::stdin().is_terminal() {
        // `mdediag token -` in a terminal would otherwise wait in silence.
        crate::shell::note(
            "reading the token from the terminal: paste it, then press Enter and Ctrl-D (Ctrl-Z Enter on Windows)",
        )?;
    }
    read_text(Box::new(std::io::stdin())).context("reading stdin")
}

/// All of `source` as text: a UTF-16 file or pipe (Windows PowerShell 5.1's `>` and `Out-File`) is
/// transcoded, invalid UTF-8 replaced.
fn read_text(source: Box<dyn Read + Send>) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    crate::input::decoded(source)?.read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::looks_like_path;

    #[test]
    fn file_names_are_told_from_tokens() {
        for path in [
            "nosuch.jwt",
            "tokens/x.TXT",
            "./token",
            "..\\t",
            "C:\\t\\x",
            "~/t",
        ] {
            assert!(looks_like_path(path), "{path}");
        }
        for token in [
            "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.",
            "EwBwA8l6BAAURSN/FHlDW5xN",
            "abc.def.ghi",
        ] {
            assert!(!looks_like_path(token), "{token}");
        }
    }
}
