//! Hostile input: escape sequences never reach the terminal raw, secrets never reach any output, nothing
//! panics, every case ends with a clear message and the documented exit code, and nothing is dropped
//! silently. Exact bytes are asserted here (trycmd folds backslashes, which would hide `\u{1b}`).
//! Fixtures: tests/fixtures/hostile/; the big ones (100 MB line, 100,000-deep nesting, 10,000-item batch)
//! are generated at test time into a temp folder, never committed.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::jwt;
use mdediag::scan::{scan_str, Event};

const BIN: &str = env!("CARGO_BIN_EXE_mdediag");
const DIR: &str = "tests/fixtures/hostile";

fn mdediag(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MDE_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn has_raw_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| c != '\n' && (c.is_control() || mdediag::sanitize::is_dangerous(c)))
}

/// Human output (stdout and stderr) holds no raw control, bidi or zero-width character.
fn assert_terminal_safe(o: &Output, what: &str) {
    assert!(
        !has_raw_control(&o.stdout),
        "{what}: raw control on stdout: {:?}",
        out(o)
    );
    assert!(
        !has_raw_control(&o.stderr),
        "{what}: raw control on stderr: {:?}",
        err(o)
    );
}

/// A fresh temp folder for one test.
fn temp(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdediag-hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn escape_sequences_in_a_query_are_shown_escaped() {
    let out = mdediag(&["explain", "\u{1b}]0;pwned\u{7}Forbidden\u{202e}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!has_raw_control(&out.stderr), "{:?}", out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: unknown code '\\u{1b}]0;pwned\\u{7}Forbidden\\u{202e}'\n"
    );
}

// ---- ANSI/OSC escapes and bidi in message and target -------------------------------------------------

#[test]
fn escapes_in_message_and_target_are_escaped_for_people_and_exact_in_json() {
    let f = fixture("escapes.log");
    let o = mdediag(&[&f]);
    assert_eq!(o.status.code(), Some(1));
    assert_terminal_safe(&o, "diagnose human");
    let text = out(&o);
    assert!(text.contains(
        "  message    Hash value \\u{1b}]0;pwned\\u{7}\\u{1b}[31mabc\\u{202e}\\u{200b} is invalid.\n"
    ), "{text}");
    assert!(
        text.contains("  support    target \\u{2066}aaaa-\\u{1b}[2Jbbbb\\u{2069}  "),
        "{text}"
    );
    assert!(text.contains("  message    no \\u{9b}31m role\n"), "{text}");
    for args in [&["--summary"][..], &["--format", "jsonl", "--summary"]] {
        let o = mdediag(&[args, &[f.as_str()]].concat());
        if !args.contains(&"jsonl") {
            assert_terminal_safe(&o, "diagnose --summary");
        }
    }
    // JSON: every character a terminal would act on is a \u escape (`cat` of the report is safe), and the
    // text itself is unchanged.
    for args in [
        &["--format", "jsonl"][..],
        &["--format", "json", "--summary"],
        &["--format", "jsonl", "--summary"],
    ] {
        let o = mdediag(&[args, &[f.as_str()]].concat());
        let json = String::from_utf8(o.stdout).unwrap();
        assert!(
            !json.chars().any(mdediag::sanitize::is_dangerous),
            "{args:?}: raw control or bidi character in {json}"
        );
    }
    let o = mdediag(&["--format", "json", &f]);
    let json = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(!json.chars().any(mdediag::sanitize::is_dangerous), "{json}");
    assert!(json.contains("abc\\u202e\\u200b is invalid."), "{json}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v[0]["message"],
        "Hash value \u{1b}]0;pwned\u{7}\u{1b}[31mabc\u{202e}\u{200b} is invalid."
    );
    assert_eq!(v[0]["target"], "\u{2066}aaaa-\u{1b}[2Jbbbb\u{2069}");
    assert_eq!(v[1]["code_sent"], "Forbidden\u{202e}");
    assert_eq!(v[1]["target"], "t\u{1b}[0m");
}

#[test]
fn escapes_in_lint_bodies_are_escaped_in_messages_and_excerpts() {
    for name in ["escapes.body.json", "raw-escape.body.json"] {
        let f = fixture(name);
        for format in ["human", "github"] {
            let o = mdediag(&[
                "lint",
                "--operation",
                "isolate-machine",
                "--format",
                format,
                &f,
            ]);
            assert_eq!(o.status.code(), Some(1), "{name} {format}");
            assert_terminal_safe(&o, &format!("lint {name} {format}"));
        }
        let o = mdediag(&[
            "lint",
            "--operation",
            "isolate-machine",
            "--format",
            "json",
            &f,
        ]);
        let _: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    }
    let o = mdediag(&[
        "lint",
        "--operation",
        "isolate-machine",
        &fixture("raw-escape.body.json"),
    ]);
    assert!(out(&o).contains(
        "1 | {\"Comment\": \"raw \\u{1b}[31m escape \\u{202e}\", \"IsolationType\": \"Full\"}\n  |                  ^^^^^^\n"
    ), "{}", out(&o));
}

#[test]
fn escapes_in_token_claims_are_escaped() {
    let token = jwt(
        r#"{"aud":"https://api.securitycenter.microsoft.com\u001b]0;x\u0007","appid":"a\u001b[31mb","upn":"x\u202ey","roles":["Machine.Isolate\u200b","Ti\u0085.ReadWrite"],"exp":2000000000,"iat":1,"ver":"1.0","tid":"t\u2066id"}"#,
    );
    let o = mdediag(&[
        "token",
        &token,
        "--now",
        "2026-01-01T00:00:00Z",
        "--operation",
        "isolate-machine",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_terminal_safe(&o, "token human");
    assert!(
        out(&o).contains("  app (appid)  a\\u{1b}[31mb\n"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("  roles        Machine.Isolate\\u{200b}, Ti\\u{85}.ReadWrite\n"));
    let o = mdediag(&[
        "token",
        &token,
        "--now",
        "2026-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.to_string().contains("a\\u001b[31mb"), "{v}");
}

#[test]
fn hostile_names_in_errors_of_every_subcommand_are_escaped() {
    let name = "x\u{1b}]0;pwned\u{7}\u{202e}";
    for args in [
        vec![name],
        vec!["lint", name],
        vec!["operations", name],
        vec!["lint", "--operation", name, "-"],
        vec!["token", "--operation", name, "x"],
    ] {
        let o = mdediag(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_terminal_safe(&o, &format!("{args:?}"));
    }
}

// ---- bytes that are not text ---------------------------------------------------------------------------

#[test]
fn nul_bytes_break_a_body_whose_code_is_salvaged_and_the_next_response_still_counts() {
    let f = fixture("nul.log");
    let o = mdediag(&[&f]);
    assert_eq!(o.status.code(), Some(1));
    // A raw NUL makes the first body invalid JSON: its code is salvaged, marked partial, the NUL neutralized.
    assert_eq!(err(&o), "");
    assert!(
        out(&o).starts_with(&format!(
            "{f}:1: InvalidInput  (status not shown; usually 400 Bad Request)  (partial: "
        )),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("message    a\\u{0}b\n"), "{}", out(&o));
    assert!(out(&o).contains(&format!("{f}:2: NotFound")), "{}", out(&o));
    assert!(out(&o).contains("message    Machine\\u{0} x not found\n"));
    assert_terminal_safe(&o, "nul");
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let o = mdediag(&[&fixture("invalid-utf8.json")]);
    assert_eq!((o.status.code(), err(&o).as_str()), (Some(1), ""));
    assert!(
        out(&o).contains("message    caf\u{fffd} \u{fffd}( \u{fffd} end\n"),
        "{}",
        out(&o)
    );
    let o = mdediag(&[
        "lint",
        "--operation",
        "isolate-machine",
        &fixture("invalid-utf8.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).starts_with("error[invalid-json]: invalid JSON: the body is not UTF-8 text\n --> tests/fixtures/hostile/invalid-utf8.json:1:"), "{}", out(&o));
}

#[test]
fn utf16_without_bom_is_sniffed() {
    let o = mdediag(&["--format", "jsonl", &fixture("utf16le-no-bom.json")]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["code"], "ResourceNotFound");
}

// ---- structure ---------------------------------------------------------------------------------------

#[test]
fn nesting_100000_deep_is_a_clear_error_not_a_stack_overflow() {
    let dir = temp("deep");
    let deep = dir.join("deep.json");
    std::fs::write(
        &deep,
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    let with_error = dir.join("deep-error.json");
    std::fs::write(
        &with_error,
        format!(
            "{}{{\"error\":{{\"code\":\"X\"}}}}{}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )
    .unwrap();
    // No error words: nothing to diagnose, nothing read.
    let o = mdediag(&[path_str(&deep)]);
    assert_eq!(
        (o.status.code(), out(&o).as_str(), err(&o).as_str()),
        (Some(0), "", "")
    );
    // Too deep to parse, but the code inside is salvaged (marked partial): no stack overflow either way.
    let o = mdediag(&[path_str(&with_error)]);
    assert_eq!((o.status.code(), err(&o).as_str()), (Some(1), ""));
    assert!(
        out(&o).contains(":1: X  (unknown code)  (partial: "),
        "{}",
        out(&o)
    );
    let o = mdediag(&["lint", "--operation", "isolate-machine", path_str(&deep)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).starts_with(&format!(
            "error[invalid-json]: invalid JSON: nesting deeper than 256 levels\n --> {}:1:257\n",
            deep.display()
        )),
        "{}",
        out(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_100_mb_line_without_newline_is_reported_with_bounded_memory() {
    let dir = temp("huge");
    let huge = dir.join("huge.log");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(b"{\"error\":{\"code\":\"BadRequest\",\"message\":\"")
            .unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"}}").unwrap();
    }
    // Under a 200 MB address-space limit: the line is capped at 16 MiB, never held whole.
    let limited = |args: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 200000 && exec \"$0\" {args} \"$1\""))
            .arg(BIN)
            .arg(&huge)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // The line is read in pieces cut after a comma between values (`input::pieces`): the body's first
    // piece gives its code, reported as partial, and the 100 MB string after it is skipped.
    let o = limited("");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(out(&o).contains("BadRequest"), "{}", out(&o));
    assert!(out(&o).contains("(partial: body cut"), "{}", out(&o));
    // The warning says what was kept: the start, read; the rest, counted.
    let warning = err(&o);
    let rest = warning
        .strip_prefix(&format!(
            "{}:1: warning: line is longer than 16 MiB: its start was read, the last ",
            huge.display()
        ))
        .unwrap_or_else(|| panic!("{warning}"));
    let skipped: u64 = rest
        .strip_suffix(" bytes skipped\n")
        .unwrap()
        .parse()
        .unwrap();
    assert!(skipped > 80_000_000, "{warning}");
    let o = limited("--summary");
    assert!(
        out(&o).starts_with(
            "1 error response (1 need a fix, 0 transient), 1 unreadable fragment in 1 line read\n"
        ),
        "{}",
        out(&o)
    );
    let o = limited("lint");
    // One file too large is reported for that file (lint checks every file of a batch), then exit 2.
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        out(&o).contains(&format!(
            "not checked: {}: larger than 16 MiB; not a request body\n",
            huge.display()
        )),
        "{}",
        out(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every prefix of a real response: no panic, and once the status line is complete something is reported;
/// followed by the whole response, that one is always found (library level: one scan per byte is fast).
#[test]
fn a_body_truncated_at_every_byte_is_reported_and_does_not_hide_the_next() {
    let full = std::fs::read_to_string(fixture("real-response.txt")).unwrap();
    let status_end = full.find('\n').unwrap();
    for cut in 0..=full.len() {
        let prefix = &full[..cut];
        let events = scan_str("t", prefix);
        if cut > status_end {
            assert!(!events.is_empty(), "nothing reported for {prefix:?}");
        }
        let events = scan_str("t", &format!("{prefix}\n{full}"));
        let last = events.into_iter().rev().find_map(|e| match e {
            Event::Unreadable(_) => None,
            e => e.into_response().map(|r| r.code),
        });
        assert_eq!(
            last,
            Some(Some("InvalidHashValue".to_string())),
            "after {prefix:?}"
        );
    }
    // The cut first body is salvaged (code, and its message up to the last whole word), then the next one.
    let f = fixture("truncated.txt");
    let o = mdediag(&[&f]);
    assert_eq!((o.status.code(), err(&o).as_str()), (Some(1), ""));
    assert!(
        out(&o).starts_with(&format!("{f}:1: MaximumBatchSizeExceeded  (status not shown; usually 400 Bad Request)  (partial: ")),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("message    Maximum batch size exceeded. …\n"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains(&format!("{f}:2: InvalidHashValue  400 Bad Request\n")),
        "{}",
        out(&o)
    );
}

#[test]
fn a_number_beyond_f64_does_not_lose_the_response() {
    let o = mdediag(&["--format", "jsonl", &fixture("huge-number.json")]);
    assert_eq!((o.status.code(), err(&o).as_str()), (Some(1), ""));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["code"], "InvalidRequestBody");
    let o = mdediag(&[
        "lint",
        "--operation",
        "isolate-machine",
        &fixture("huge-number.body.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).starts_with("error[wrong-type]: `Comment` takes a string, not a number\n"),
        "{}",
        out(&o)
    );
    let token = jwt(
        r#"{"aud":"https://api.securitycenter.microsoft.com","exp":1e400,"iat":1,"ver":"1.0","roles":["Machine.Isolate"]}"#,
    );
    let o = mdediag(&["token", &token, "--now", "2026-01-01T00:00:00Z"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains(
        "warning[time]: the `exp` claim is not a number of seconds, so it was not checked\n"
    ));
    assert!(!out(&o).contains("has no `exp` claim"), "{}", out(&o));
}

#[test]
fn duplicate_keys_take_the_last_in_diagnose_and_are_flagged_by_lint() {
    let o = mdediag(&["--format", "jsonl", &fixture("duplicate-keys.json")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["code_sent"], "InvalidHashValue");
    let o = mdediag(&[
        "lint",
        "--operation",
        "isolate-machine",
        &fixture("duplicate-keys.body.json"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).starts_with("warning[duplicate-key]: `Comment` is given twice in this object\n --> tests/fixtures/hostile/duplicate-keys.body.json:1:47\n"), "{}", out(&o));
}

#[test]
fn a_10000_item_indicators_batch_is_reported_once() {
    let dir = temp("batch");
    let body = dir.join("batch.json");
    let item = r#"{"indicatorValue":"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3a94a8fe5ccb19ba61c4c0873","indicatorType":"FileSha256","action":"Alert","title":"t","description":"d"}"#;
    let items = vec![item; 10_000].join(",");
    std::fs::write(&body, format!("{{\"Indicators\":[{items}]}}")).unwrap();
    // Its speed is the benchmarks' business (no timing asserted here): this checks the one report.
    let o = mdediag(&["lint", "--operation", "import-indicators", path_str(&body)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o).matches("batch-too-large").count(), 1, "{}", out(&o));
    assert!(out(&o).contains("split into 20 requests of at most 500 items each"));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- files that are not there or not files ------------------------------------------------------------

#[test]
fn an_empty_file_is_clean_for_diagnose_and_an_error_for_lint_and_token() {
    let f = fixture("empty.json");
    let o = mdediag(&[&f]);
    assert_eq!(
        (o.status.code(), out(&o).as_str(), err(&o).as_str()),
        (Some(0), "", "")
    );
    let o = mdediag(&["--summary", &f]);
    assert_eq!(
        out(&o),
        "0 error responses (0 need a fix, 0 transient), 0 unreadable fragments in 0 lines read\n"
    );
    let o = mdediag(&["lint", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).starts_with(&format!("error[invalid-json]: invalid JSON: the body is empty; likely cause: an empty body: send at least {{}}\n --> {f}:1:1\n")), "{}", out(&o));
    let o = mdediag(&["token", &f]);
    assert_eq!(o.status.code(), Some(2));
    // The file is named before the check's message (the message may wrap: compare words).
    let words = out(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.starts_with(&format!(
            "error[structure]: {f}: no bearer token found in the input fix:"
        )),
        "{}",
        out(&o)
    );
}

#[test]
fn a_directory_given_as_a_file_is_an_io_error() {
    // diagnose walks a folder as lint does: every file below it is read.
    let o = mdediag(&["--summary", DIR]);
    // nul.log alone holds two error responses.
    assert!(
        !out(&o).starts_with("0 ") && !out(&o).starts_with("1 "),
        "{}",
        out(&o)
    );
    assert!(!err(&o).contains("is a directory"), "{}", err(&o));
    // A folder with no file in it is still an input not read.
    let empty = temp("empty-folder");
    let empty = path_str(&empty);
    let o = mdediag(&[empty]);
    assert_eq!(
        (o.status.code(), err(&o)),
        (Some(2), format!("error: reading {empty}: is a directory\n"))
    );
    let o = mdediag(&["--summary", empty, &fixture("nul.log")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).starts_with("2 error responses (2 need a fix, 0 transient), 0 unreadable fragments in 2 lines read, 1 input not read\n"), "{}", out(&o));
    // lint walks a folder for its *.json files instead.
    let o = mdediag(&["lint", "--operation", "isolate-machine", DIR]);
    assert!(
        out(&o).contains(&format!("{DIR}/empty.json")),
        "{}",
        out(&o)
    );
    let o = mdediag(&["token", DIR]);
    assert_eq!(
        (o.status.code(), err(&o)),
        (
            Some(2),
            format!("error: reading {DIR}: Is a directory (os error 21)\n")
        )
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let missing = "tests/fixtures/hostile/vanished.json";
    let o = mdediag(&[missing]);
    assert_eq!(
        (o.status.code(), err(&o)),
        (
            Some(2),
            format!("error: reading {missing}: No such file or directory (os error 2)\n")
        )
    );
    let o = mdediag(&["lint", missing]);
    assert_eq!(
        (o.status.code(), err(&o)),
        (Some(2), String::new()),
        "lint reports the file in its output and goes on"
    );
    assert!(
        out(&o).starts_with(&format!(
            "error[not-checked]: not checked: reading {missing}: No such file or directory (os error 2)\n"
        )),
        "{}",
        out(&o)
    );
    // `token` says first that a path-like argument names no file, before reading it as a token.
    let o = mdediag(&["token", missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).starts_with(&format!("error: no file {missing}: ")),
        "{}",
        err(&o)
    );
    assert_eq!(out(&o), "");
}

/// Runs mdediag as a user who is not root: itself when the tests do not run as root, else as `nobody` through
/// util-linux `setpriv` (CI runs as root, which reads and writes whatever the mode bits say). None, said on
/// stderr, when neither is possible.
#[cfg(unix)]
#[allow(clippy::print_stderr)] // a skip must show
fn mdediag_unprivileged(args: &[&str]) -> Option<Output> {
    if !is_root() {
        return Some(mdediag(args));
    }
    let o = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MDE_TOKEN")
        .stdin(Stdio::null())
        .output();
    match o {
        Ok(o) => Some(o),
        Err(e) => {
            eprintln!("skipped: running as root and setpriv cannot drop to nobody ({e})");
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_io_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp("unreadable");
    let f = dir.join("locked.json");
    std::fs::write(&f, "{\"error\":{\"code\":\"X\"}}\n").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    let p = path_str(&f);
    for args in [vec![p], vec!["lint", p], vec!["lint", "--fix", p]] {
        let Some(o) = mdediag_unprivileged(&args) else {
            break;
        };
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let reading = format!("reading {p}: Permission denied (os error 13)");
        if args[0] == "lint" {
            // lint reports the body it could not check among the others (so SARIF and JSON carry it too).
            assert!(
                out(&o).starts_with(&format!(
                    "error[not-checked]: not checked: {reading}\n --> {p}:1:1\n"
                )),
                "{args:?}: {}",
                out(&o)
            );
        } else {
            assert_eq!(err(&o), format!("error: {reading}\n"), "{args:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--fix` where the body is writable but its folder is not (the fix is written beside it, then renamed in):
/// the body is left exactly as it was, the findings are still shown, and the exit code is 2.
#[cfg(unix)]
#[test]
fn fix_in_a_read_only_folder_leaves_the_body_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp("fix-read-only");
    let sub = dir.join("ro");
    std::fs::create_dir(&sub).unwrap();
    let f = sub.join("isolate-machine.json");
    std::fs::write(&f, UNFIXED).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let p = path_str(&f);
    if let Some(o) = mdediag_unprivileged(&["lint", "--fix", p]) {
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        // Human output says so first, then the findings that stay unfixed.
        assert!(
            out(&o).starts_with(&format!("{p}: not fixed, left as it was: creating ")),
            "{}",
            out(&o)
        );
        assert!(out(&o).contains("Permission denied"), "{}", out(&o));
        assert!(out(&o).contains("error[key-case]"), "{}", out(&o));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), UNFIXED);
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- nothing silently dropped --------------------------------------------------------------------------

#[test]
fn summary_accounts_for_every_response_and_fragment() {
    let dir = temp("accounting");
    let log = dir.join("mixed.log");
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!(
            "{{\"error\":{{\"code\":\"InvalidInput\",\"message\":\"m{i}\"}}}}\n"
        ));
        // Cut bodies: one still names its code (salvaged, a partial response), one is an error cut before
        // its code (a partial response without one), one is a cut success page (an unreadable fragment).
        if i % 10 == 0 {
            text.push_str("{\"error\":{\"code\":\"Cut\",\"mess\n");
        }
        if i % 10 == 5 {
            text.push_str("{\"error\":{\"det\n");
        }
        if i % 10 == 7 {
            text.push_str("{\"value\":[{\"id\":\"9a\n");
        }
        text.push_str("2026-01-01 INFO all good {\"value\":[]}\n");
    }
    std::fs::write(&log, &text).unwrap();
    let o = mdediag(&["--summary", "--format", "json", path_str(&log)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["responses"], 60);
    assert_eq!(v["by_code"]["Cut"], 5);
    assert_eq!(v["by_code"]["Unknown"], 5);
    assert_eq!(v["unreadable_fragments"], 5);
    // The paste ended early in places; that is no I/O trouble: the diagnoses set the status.
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(v["lines_read"], text.lines().count());
    assert_eq!(v["inputs_failed"], 0);
    assert_eq!(err(&o).lines().count(), 5, "{}", err(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- --fix safety ---------------------------------------------------------------------------------------

#[test]
fn fix_refuses_unparsable_files_and_leaves_them_alone() {
    let dir = temp("fix-unparsable");
    let f = dir.join("bad.json");
    std::fs::write(&f, "{\"comment\": 'x'}").unwrap();
    let o = mdediag(&[
        "lint",
        "--fix",
        "--operation",
        "isolate-machine",
        path_str(&f),
    ]);
    assert_eq!(o.status.code(), Some(1), "the syntax error is a finding");
    assert!(
        out(&o).starts_with(&format!("{}: not fixed, left as it was: 1:13: invalid JSON: a single-quoted string; likely cause: single quotes: JSON strings and keys take double quotes\n", f.display())),
        "{}",
        out(&o)
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "{\"comment\": 'x'}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A body with two fixable findings (key case, enum value case), and what `--fix` makes of it.
const UNFIXED: &str = "{\"comment\":\"x\",\"isolationType\":\"full\"}";
const FIXED: &str = "{\"Comment\":\"x\",\"IsolationType\":\"Full\"}";

/// Runs `lint --fix` for isolate-machine on `f`, which must succeed.
fn fix_isolate_body(f: &std::path::Path) {
    let o = mdediag(&[
        "lint",
        "--fix",
        "--operation",
        "isolate-machine",
        path_str(f),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
}

/// The names in `dir` (a temp file left behind would show here).
fn names_in(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect()
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_leaves_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp("fix-perms");
    let f = dir.join("body.json");
    std::fs::write(&f, UNFIXED).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    fix_isolate_body(&f);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    assert_eq!(
        std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let names = names_in(&dir);
    assert_eq!(names.len(), 1, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file with two names (a hard link) is rewritten itself: both names see the fix, it stays one file.
#[cfg(unix)]
#[test]
fn fix_rewrites_a_hard_linked_file_in_place() {
    use std::os::unix::fs::MetadataExt;
    let dir = temp("fix-hardlink");
    let f = dir.join("body.json");
    let other = dir.join("other-name.json");
    std::fs::write(&f, UNFIXED).unwrap();
    std::fs::hard_link(&f, &other).unwrap();
    let inode = std::fs::metadata(&f).unwrap().ino();
    fix_isolate_body(&f);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FIXED);
    let meta = std::fs::metadata(&f).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
    let names = names_in(&dir);
    assert_eq!(names.len(), 2, "no temp file left: {names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file owned by another user keeps its owner: it is rewritten in place. Changing a file's owner takes
/// root, so elsewhere this test only checks there is nothing to check.
#[cfg(unix)]
#[test]
fn fix_keeps_another_users_file_theirs() {
    use std::os::unix::fs::MetadataExt;
    let dir = temp("fix-owner");
    let f = dir.join("body.json");
    std::fs::write(&f, UNFIXED).unwrap();
    if std::os::unix::fs::chown(&f, Some(54321), Some(54321)).is_err() {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    fix_isolate_body(&f);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    let meta = std::fs::metadata(&f).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (54321, 54321));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn fix_refuses_non_regular_files_without_blocking() {
    let dir = temp("fix-special");
    let fifo = dir.join("fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    for target in [path_str(&link), "/dev/null", path_str(&sub)] {
        let start = Instant::now();
        let o = mdediag(&["lint", "--fix", "--operation", "isolate-machine", target]);
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{target}: blocked"
        );
        assert_eq!(o.status.code(), Some(2), "{target}");
        // A folder is walked (this one holds no *.json); anything else that is no regular file is refused.
        let why = if target == path_str(&sub) {
            format!("{target}: a folder with no *.json file")
        } else {
            format!("{target}: not a regular file; --fix only rewrites regular files")
        };
        assert!(
            out(&o).starts_with(&format!("error[not-checked]: not checked: {why}\n")),
            "{}",
            out(&o)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- secrets ------------------------------------------------------------------------------------------

/// Bytes of the secrets in the secrets fixtures: JWT payload and signature, client secret, SAS signature.
const SECRETS: [&str; 4] = [
    "eyJhdWQiOiJodHRwczovL2FwaS5zZWN1cml0eWNl",
    "U2VjcmV0U2lnbmF0dXJlQnl0ZXNIZXJl",
    "Hx7~Q8sEcReTvAlUe",
    "Zk9PYmFyU0FTc2lnbmF0dXJl",
];

const SECRET_FIXTURES: [&str; 3] = [
    "secrets-transcript.txt",
    "secrets-body.json",
    "secrets-body-broken.json",
];

#[test]
fn secrets_fixtures_hold_every_secret() {
    let all: String = SECRET_FIXTURES
        .iter()
        .map(|f| std::fs::read_to_string(fixture(f)).unwrap())
        .collect();
    for s in SECRETS {
        assert!(all.contains(s), "no fixture holds {s}");
    }
}

#[test]
fn no_secret_reaches_any_output_of_any_subcommand() {
    let runs: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--format", "json"],
        vec!["--format", "jsonl"],
        vec!["--summary"],
        vec!["--summary", "--format", "json"],
        vec!["lint", "--operation", "run-live-response"],
        vec![
            "lint",
            "--operation",
            "run-live-response",
            "--format",
            "json",
        ],
        vec![
            "lint",
            "--operation",
            "run-live-response",
            "--format",
            "sarif",
        ],
        vec![
            "lint",
            "--operation",
            "run-live-response",
            "--format",
            "github",
        ],
        vec!["lint", "--operation", "run-live-response", "--diff"],
        vec!["lint", "--operation", "isolate-machine"],
        vec!["lint"],
        vec!["token", "--now", "2026-09-22T12:00:00Z"],
        vec!["token", "--now", "2026-09-22T12:00:00Z", "--format", "json"],
        vec!["token", "--now", "2026-09-22T12:00:00Z", "--redact-ids"],
        vec![
            "token",
            "--now",
            "2026-09-22T12:00:00Z",
            "--operation",
            "run-live-response",
        ],
    ];
    let mut outputs = 0;
    for f in SECRET_FIXTURES {
        let path = fixture(f);
        for args in &runs {
            let o = mdediag(&[args.as_slice(), &[path.as_str()]].concat());
            let all = [o.stdout.as_slice(), o.stderr.as_slice()].concat();
            let text = String::from_utf8_lossy(&all);
            outputs += usize::from(!text.is_empty());
            for s in SECRETS {
                assert!(!text.contains(s), "{args:?} {f} leaks {s}:\n{text}");
            }
        }
        // From stdin too.
        for args in [
            vec!["-"],
            vec!["lint", "--operation", "run-live-response", "-"],
            vec!["token", "-"],
        ] {
            let mut child = Command::new(BIN)
                .args(&args)
                .env("NO_COLOR", "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let bytes = std::fs::read(&path).unwrap();
            let _ = child.stdin.take().unwrap().write_all(&bytes);
            let o = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&[o.stdout, o.stderr].concat()).into_owned();
            for s in SECRETS {
                assert!(!text.contains(s), "{args:?} < {f} leaks {s}:\n{text}");
            }
        }
    }
    // Guards against runs that print nothing (and so could not leak): only diagnose of the two bodies, which
    // hold no error response, may be silent (human and jsonl formats).
    assert!(
        outputs >= SECRET_FIXTURES.len() * runs.len() - 6,
        "{outputs}"
    );
}
