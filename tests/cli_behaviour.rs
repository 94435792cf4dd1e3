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

/// `tail -f log | mdediag`: each answer comes out while the input is still open, on both the two-thread
/// and the one-core path, and a multi-line body cut across reads is still read whole.
#[test]
fn answers_stream_out_while_the_input_stays_open() {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::mpsc;
    use std::time::Duration;

    let one_core = Command::new("taskset").arg("--version").output().is_ok();
    for pinned in [false, true] {
        if pinned && !one_core {
            continue;
        }
        let mut cmd = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(env!("CARGO_BIN_EXE_mdediag"));
            c
        } else {
            bin()
        };
        let mut child = cmd
            .args(["--format", "jsonl"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        // A generous bound: this checks that output comes before the input ends, not how fast.
        let wait = Duration::from_secs(30);
        stdin
            .write_all(
                b"{\"error\":{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"t1\"}}\n",
            )
            .unwrap();
        stdin.flush().unwrap();
        let first = rx
            .recv_timeout(wait)
            .expect("first answer while input is open");
        assert!(first.contains("\"target\":\"t1\""), "{first}");
        // A pretty body arriving in two writes.
        stdin
            .write_all(b"{\n  \"error\": {\n    \"code\": \"TooManyRequests\",\n")
            .unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        stdin
            .write_all(b"    \"message\": \"slow down\",\n    \"target\": \"t2\"\n  }\n}\n")
            .unwrap();
        stdin.flush().unwrap();
        let second = rx
            .recv_timeout(wait)
            .expect("second answer while input is open");
        assert!(
            second.contains("\"target\":\"t2\""),
            "pinned {pinned}: {second}"
        );
        assert!(
            second.contains("\"source\":{\"file\":\"<stdin>\",\"line\":2}"),
            "{second}"
        );
        drop(stdin);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1));
    }
}

/// A client's closing line at the very top of a block, about the body at the very end of the block before
/// it (the first read fills 512 KiB), merges into that body on the two-thread path as on one thread.
#[test]
fn a_client_line_after_a_block_cut_merges_into_the_body_before_it() {
    let body = b"{\"error\":{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"tEDGE\"}}\n";
    let client =
        b"requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/x\n";
    let pad =
        b"{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"status\":\"Succeeded\"}\n";
    let dir = std::env::temp_dir().join(format!("mdediag-edge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for target in [256 * 1024, 512 * 1024] {
        let mut input = Vec::new();
        while input.len() + pad.len() + body.len() + 20 <= target {
            input.extend_from_slice(pad);
        }
        let need = target - input.len() - body.len();
        input.extend_from_slice(b"{\"k\":\"");
        input.extend(std::iter::repeat_n(b'y', need - 9));
        input.extend_from_slice(b"\"}\n");
        input.extend_from_slice(body);
        assert_eq!(input.len(), target);
        input.extend_from_slice(client);
        for _ in 0..5000 {
            input.extend_from_slice(pad);
        }
        let path = dir.join(format!("edge-{target}.log"));
        std::fs::write(&path, &input).unwrap();
        let o = bin()
            .args(["--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(out.lines().count(), 1, "cut at {target}: {out}");
        assert!(out.contains("\"target\":\"tEDGE\""), "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
