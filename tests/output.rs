//! What people see: one screen per error, repeats folded, and the machine formats untouched by either.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdediag"))
}

fn stdout(args: &[&str]) -> String {
    let out = bin().args(args).env("NO_COLOR", "1").output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Rows a text takes on a terminal `columns` wide (a longer line wraps).
fn rows(text: &str, columns: usize) -> usize {
    text.lines()
        .map(|l| l.chars().count().div_ceil(columns).max(1))
        .sum()
}

#[test]
fn the_readme_sample_fits_one_screen_and_keeps_what_a_user_needs() {
    let text = stdout(&["tests/fixtures/diagnose/sample-curl-v.txt"]);
    assert!(rows(&text, 100) <= 24, "{} rows:\n{text}", rows(&text, 100));
    for needed in [
        "message    Missing application roles",
        "found      The API needs Machine.Isolate",
        "token      v1.0 application token",
        "needs: Machine.Isolate (application)",
        "fix        1. Grant Machine.Isolate",
        "retry      Only after the fix",
        "support    target d10ba19e-d33f-4058-a78a-63e34c38a0e7",
        "more       mdediag explain Forbidden  (5 more fix steps: -v shows them here)",
    ] {
        assert!(text.contains(needed), "{needed:?} missing in\n{text}");
    }
    // The general steps are one flag away, all of them.
    let verbose = stdout(&["-v", "tests/fixtures/diagnose/sample-curl-v.txt"]);
    assert!(verbose.contains("6. For delegated calls"), "{verbose}");
    assert!(!text.contains("2. Decode the token"), "{text}");
}

#[test]
fn five_identical_429s_are_one_block_and_one_line() {
    let text = stdout(&["tests/fixtures/diagnose/repeats-429.log"]);
    assert_eq!(text.matches("TooManyRequests").count(), 2, "{text}");
    assert!(
        text.contains("\n  … and 4 more like it (lines 3, 5, 7, 9)\n\n5 errors diagnosed"),
        "{text}"
    );
    assert!(text.lines().count() <= 20, "{text}");
}

#[test]
fn json_and_jsonl_keep_one_object_per_error() {
    let jsonl = stdout(&[
        "--format",
        "jsonl",
        "tests/fixtures/diagnose/repeats-429.log",
    ]);
    assert_eq!(jsonl.lines().count(), 5, "{jsonl}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "--format",
        "json",
        "tests/fixtures/diagnose/repeats-429.log",
    ]))
    .unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(5));
}

#[test]
fn short_is_one_line_per_error_then_the_count() {
    let text = stdout(&[
        "--format",
        "short",
        "tests/fixtures/diagnose/repeats-429.log",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[..5].iter().all(
        |l| l.starts_with("tests/fixtures/diagnose/repeats-429.log:")
            && l.contains(": TooManyRequests")
            && l.contains("; fix: ")
    ));
    assert_eq!(lines[5], "5 errors diagnosed (5 transient)");
}

#[test]
fn help_ends_with_examples_and_the_exit_codes_are_listed_once() {
    let top = stdout(&["--help"]);
    assert!(top.contains("\nExit codes:\n  0   clean"), "{top}");
    assert!(top.contains("Global options:"), "{top}");
    for sub in [
        "diagnose",
        "explain",
        "codes",
        "lint",
        "operations",
        "token",
    ] {
        let help = stdout(&[sub, "--help"]);
        let examples = help
            .rfind("\nExamples:\n")
            .unwrap_or_else(|| panic!("{sub}: {help}"));
        let listed = help[examples..].lines().skip(2).count();
        assert!(
            (2..=5).contains(&listed),
            "{sub}: {listed} examples\n{help}"
        );
        assert!(
            !help.contains("Exit codes:"),
            "{sub} repeats the exit codes"
        );
    }
    let lint = stdout(&["lint", "--help"]);
    for heading in [
        "Input:",
        "Fixing:",
        "Filtering:",
        "Output:",
        "Global options:",
    ] {
        assert!(
            lint.contains(&format!("\n{heading}\n")),
            "{heading}\n{lint}"
        );
    }
}
