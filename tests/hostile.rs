//! Hostile input: escape sequences never reach the terminal raw, secrets never reach any output, nothing
//! panics. Exact bytes are asserted here (trycmd folds backslashes, which would hide `\u{1b}`).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::process::{Command, Output};

fn mdediag(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdediag"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn has_raw_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
}

#[test]
fn escape_sequences_in_a_query_are_shown_escaped() {
    let out = mdediag(&["explain", "\u{1b}]0;pwned\u{7}Forbidden\u{202e}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!has_raw_control(&out.stderr), "{:?}", out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdediag: error: unknown code '\\u{1b}]0;pwned\\u{7}Forbidden\\u{202e}'\n"
    );
}
