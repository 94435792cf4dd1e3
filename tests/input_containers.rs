//! Inputs in containers: gzip (files and stdin, several members), HAR inside gzip, and binary input, which
//! must never pass in silence.
#![allow(clippy::unwrap_used)]

use std::io::Write;

use assert_cmd::Command;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

const FORBIDDEN: &str =
    "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles.\",\"target\":\"t1\"}}\n";
const THROTTLED: &str = "2026-11-30T08:00:00Z WARN {\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit is exceeded.\",\"target\":\"t2\"}}\n";

fn jsonl(stdin: Vec<u8>, args: &[&str]) -> (Vec<serde_json::Value>, String, Option<i32>) {
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--format", "jsonl"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let items = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        items,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn gzip_on_stdin_is_inflated_every_member() {
    let mut bytes = gzip(FORBIDDEN.as_bytes());
    bytes.extend_from_slice(&gzip(THROTTLED.as_bytes()));
    let (items, stderr, code) = jsonl(bytes, &[]);
    let codes: Vec<_> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["Forbidden", "TooManyRequests"]);
    assert_eq!(items[1]["source"]["line"], 2, "lines count across members");
    assert_eq!(stderr, "");
    assert_eq!(code, Some(1));
}

#[test]
fn a_big_gzip_streams_to_the_same_result_as_its_text() {
    // Many blocks of the two-core path, inflated on the reading thread.
    let text = [
        FORBIDDEN,
        THROTTLED,
        "{\"id\":\"x\",\"status\":\"Succeeded\"}\n",
    ]
    .concat()
    .repeat(20_000);
    let (plain, _, _) = jsonl(text.clone().into_bytes(), &[]);
    let (inflated, stderr, code) = jsonl(gzip(text.as_bytes()), &[]);
    assert_eq!(plain.len(), 40_000);
    assert_eq!(plain, inflated);
    assert_eq!((stderr.as_str(), code), ("", Some(1)));
}

#[test]
fn a_har_inside_gzip_is_read() {
    let har = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/har/chrome-portal.har"
    ))
    .unwrap();
    let (items, _, code) = jsonl(gzip(&har), &[]);
    let got: Vec<_> = items
        .iter()
        .map(|d| {
            (
                d["http_status"].as_u64().unwrap(),
                d["context"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(403, "har"), (429, "har"), (200, "har"), (502, "har")]
    );
    assert_eq!(code, Some(1));
    // The request's bearer token went to the token doctor, and is printed nowhere.
    assert_eq!(items[0]["token"]["fits"], false);
    let all = serde_json::to_string(&items).unwrap();
    assert!(!all.contains("eyJ0eXAi"), "a token was printed");
}

#[test]
fn binary_input_says_so_and_is_not_clean() {
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&[0x9c, 0x00, 0xff, 0x10, b'\n', 0x00, 0x01]);
    for args in [&[][..], &["--summary"][..]] {
        let (items, stderr, code) = jsonl(zip.clone(), args);
        assert!(items.is_empty() || args == ["--summary"]);
        assert!(stderr.contains("binary data (a zip archive)"), "{stderr}");
        assert!(stderr.contains("unzip -p"), "{stderr}");
        assert_eq!(code, Some(2));
    }
    // A .tar.gz: inflated, then seen to be a tar archive (its header's `ustar` magic).
    let mut tar = vec![0u8; 1024];
    tar[..5].copy_from_slice(b"b.txt");
    tar[257..263].copy_from_slice(b"ustar\0");
    let (_, stderr, code) = jsonl(gzip(&tar), &[]);
    assert!(stderr.contains("binary data (a tar archive)"), "{stderr}");
    assert_eq!(code, Some(2));
    let (_, stderr, code) = jsonl(b"\x00\x01\x02 ELF\n".to_vec(), &[]);
    assert!(stderr.contains("binary data (NUL bytes)"), "{stderr}");
    // Input trouble (exit 2) reads as an error, as every other input that cannot be read does.
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(code, Some(2));
}
