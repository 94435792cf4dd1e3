//! Process-level behaviour that data cases cannot express: pipes, terminals and environment.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::io::Read;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdediag"))
}

#[test]
fn closed_pipe_exits_quietly_with_success() {
    let mut child = bin()
        .args(["explain", "4xx", "5xx", "403", "--format", "json"])
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping our end closes the pipe while the binary still has most of its output to write.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn color_always_colors_and_no_color_env_wins_over_auto() {
    let colored = bin()
        .args(["--color", "always", "explain", "403"])
        .output()
        .unwrap();
    assert!(colored.stdout.windows(2).any(|w| w == b"\x1b["));
    let plain = bin()
        .args(["explain", "403"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    let never = bin()
        .args(["--color", "never", "explain", "403"])
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn help_documents_exit_codes() {
    let help = bin().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for line in [
        "0   clean",
        "1   findings",
        "2   usage or I/O trouble",
        "75  diagnose only",
    ] {
        assert!(text.contains(line), "--help lacks '{line}'");
    }
}
