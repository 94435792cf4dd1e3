//! The Windows build, run under Wine. `.ci/run` cross-builds `mdediag.exe` and names a wrapper script that
//! runs it in `MDEDIAG_WINE_BIN`; without it these tests only say they were skipped (a Linux `cargo test`
//! has no Windows exe to run).
//!
//! Every CLI case in `tests/cmd/` runs against the exe. trycmd turns `\` into `/` and CRLF into LF before
//! comparing, so what is Windows-specific (backslash paths in `file:line`, CRLF and UTF-16 files as
//! PowerShell writes them, no console) is checked here byte for byte instead.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where
#![allow(clippy::print_stderr)] // the skip note goes to the test log

use std::path::PathBuf;
use std::process::{Command, Output};

fn wine_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("MDEDIAG_WINE_BIN").map(PathBuf::from);
    if bin.is_none() {
        eprintln!("skipped: MDEDIAG_WINE_BIN is not set (.ci/run sets it for the Windows job)");
    }
    bin
}

fn run(bin: &PathBuf, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MDE_TOKEN")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn cli_cases_under_wine() {
    let Some(bin) = wine_bin() else { return };
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .register_bin("mdediag", bin)
        .case("tests/cmd/*.toml")
        // A folder walk joins with `\` on Windows; JSON escapes it as `\\`, which trycmd's `\` → `/`
        // rewrite turns into `//`, so this one case cannot match there. The human and GitHub forms run.
        .skip("tests/cmd/lint-batch-bad-file-json.toml");
}

#[test]
fn a_windows_path_stays_as_typed_in_file_line() {
    let Some(bin) = wine_bin() else { return };
    // `curl.exe -si … > err.txt` in Windows PowerShell 5.1 writes UTF-16LE with a BOM and CRLF.
    let out = run(
        &bin,
        &[r"tests\fixtures\windows\curl-i-403-utf16le-bom.txt"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "tests\\fixtures\\windows\\curl-i-403-utf16le-bom.txt:1: Forbidden  403 Forbidden\n"
        ),
        "{text}"
    );
}

#[test]
fn a_crlf_body_lints_with_columns_that_ignore_the_cr() {
    let Some(bin) = wine_bin() else { return };
    let out = run(
        &bin,
        &[
            "lint",
            "--operation",
            "isolate-machine",
            r"tests\fixtures\windows\isolate-crlf.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(" --> tests\\fixtures\\windows\\isolate-crlf.json:2:3\n"),
        "{text}"
    );
    assert!(
        text.contains("2 |   \"comment\": \"Isolate due to alert 1234\",\n"),
        "{text}"
    );
    assert!(!text.contains('\r'), "{text:?}");
}

#[test]
fn a_utf16le_bom_body_from_out_file_is_linted_as_text() {
    let Some(bin) = wine_bin() else { return };
    let out = run(
        &bin,
        &[
            "lint",
            "--operation",
            "isolate-machine",
            r"tests\fixtures\windows\isolate-utf16le-bom.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(" --> tests\\fixtures\\windows\\isolate-utf16le-bom.json:2:3\n"),
        "{text}"
    );
    assert!(
        text.ends_with("found 2 errors, 0 warnings, 0 notes in 1 body; 2 fixable with --fix\n"),
        "{text}"
    );
}

#[test]
fn a_token_saved_by_out_file_is_read() {
    let Some(bin) = wine_bin() else { return };
    let out = run(
        &bin,
        &[
            "token",
            r"tests\fixtures\windows\token-utf16le-bom.txt",
            "--operation",
            "isolate-machine",
            "--now",
            "2025-01-02T03:00:00Z",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("The token fits isolate-machine.\n"));
}

#[test]
fn no_color_when_stdout_is_not_a_console() {
    let Some(bin) = wine_bin() else { return };
    let out = Command::new(&bin)
        .args(["explain", "Forbidden"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("Forbidden  403 Forbidden"));
    assert!(!out.stdout.contains(&0x1b), "escape codes in a pipe");
    // --color always still colors, as on a terminal.
    let out = run(&bin, &["--color", "always", "explain", "Forbidden"]);
    assert!(out.stdout.contains(&0x1b), "--color always gave no color");
}
