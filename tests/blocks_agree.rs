//! With two cores, `diagnose` cuts its input into blocks scanned on two threads. Whatever falls across a
//! cut (a pretty-printed body, a `curl -v` transcript, a PowerShell wrap, a broken fragment), the output
//! must be the very bytes one scanner reading the whole input gives: checked here against the library
//! driven by hand, on an input of many blocks whose cuts fall all over the fixtures.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use assert_cmd::Command;
use mdediag::cli::DiagnoseFormat;
use mdediag::diagnose::{self, Summary};
use mdediag::input::Lines;
use mdediag::render::diagnose as render;
use mdediag::render::diagnose::group::{self, Groups, Mark};
use mdediag::scan::{Event, Scanner};

/// Every diagnose fixture (UTF-8 ones: the others only make sense as a whole file), many times, with a
/// varying number of filler lines between copies so each cut lands somewhere new.
fn big_input() -> Vec<u8> {
    // HAR files too: their entries are read one by one, like a big array's items.
    let dirs = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/har"),
    ];
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let texts: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .filter(|b| !b.starts_with(&[0xFF, 0xFE]) && !b.contains(&0))
        .collect();
    let mut out = Vec::new();
    let mut round = 0usize;
    while out.len() < 2_500_000 {
        for (i, t) in texts.iter().enumerate() {
            for k in 0..(round * 7 + i) % 13 {
                out.extend_from_slice(
                    format!("{{\"id\":\"{round}-{i}-{k}\",\"type\":\"Isolate\",\"status\":\"Succeeded\"}}\n")
                        .as_bytes(),
                );
            }
            out.extend_from_slice(t);
            out.push(b'\n');
        }
        round += 1;
    }
    out
}

/// The binary, pinned to one core (`taskset -c 0`: one thread reads, scans and writes) when `pin`.
fn mdediag(pin: bool) -> std::process::Command {
    let bin = assert_cmd::cargo::cargo_bin("mdediag");
    if pin {
        let mut c = std::process::Command::new("taskset");
        c.args(["-c", "0"]).arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    }
}

/// What one scanner reading everything gives: stdout bytes and warnings.
fn reference(input: &[u8], file: &str, format: Format) -> (Vec<u8>, Vec<String>) {
    let mut lines = Lines::from_reader(Box::new(std::io::Cursor::new(input.to_vec()))).unwrap();
    let name: Arc<str> = Arc::from(file);
    let mut scanner = Scanner::for_file(Arc::clone(&name));
    let mut events = Vec::new();
    let mut push = |e: Event<'_>| -> Result<(), ()> {
        events.push(e.into_found());
        Ok(())
    };
    let mut count = 0u64;
    while let Some(line) = lines.next_line(&mut || Ok(())).unwrap() {
        count += 1;
        scanner
            .line(line.number, &line.text, line.skipped, &mut push)
            .unwrap();
    }
    scanner.finish(&mut push).unwrap();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut summary = Summary::default();
    summary.lines = count;
    let mut items = 0;
    let mut groups = Groups::default();
    let sink = match format {
        Format::Human => render::sink(DiagnoseFormat::Human, false, false),
        Format::Json => render::sink(DiagnoseFormat::Json, false, false),
        Format::Jsonl => render::sink(DiagnoseFormat::Jsonl, false, false),
        Format::Short => render::sink(DiagnoseFormat::Short, false, false),
        Format::Summary => render::sink(DiagnoseFormat::Jsonl, true, false),
    };
    for e in events {
        match e {
            // The owned way: the binary counts a plain envelope without building its response, and
            // must count it alike.
            Ok(r) if format == Format::Summary => summary.count(&name, diagnose::tally(r)),
            Ok(r) => {
                let d = diagnose::diagnose_owned(r);
                let mut item = Vec::new();
                sink.item(&mut item, &d).unwrap();
                if items == 0 {
                    sink.first_item(&mut item);
                }
                let mark = Mark {
                    end: 0,
                    key: group::key(&d),
                    line: d.source.line,
                };
                if !sink.groups_repeats() || groups.admit(&mut out, &name, mark).unwrap() {
                    out.extend_from_slice(&item);
                }
                summary.add(&d);
                items += 1;
            }
            Err(f) => {
                summary.unreadable += 1;
                warnings.push(format!("{file}:{}: warning: {}", f.source.line, f.reason));
            }
        }
    }
    groups.report(&mut out).unwrap();
    sink.end(&mut out, &summary, items).unwrap();
    (out, warnings)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Short,
    Json,
    Jsonl,
    Summary,
}

#[test]
fn blocks_scanned_on_two_threads_give_what_one_scanner_gives() {
    let input = big_input();
    let dir = std::env::temp_dir().join(format!("mdediag-blocks-agree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.log");
    std::fs::write(&path, &input).unwrap();
    let file = path.to_str().unwrap();
    mdediag::render::init_color(mdediag::cli::ColorWhen::Never);
    for (args, format) in [
        (&["--format", "jsonl"][..], Format::Jsonl),
        (&["--format", "json"][..], Format::Json),
        (&["--color", "never"][..], Format::Human),
        (
            &["--color", "never", "--format", "short"][..],
            Format::Short,
        ),
        (&["--summary", "--format", "jsonl"][..], Format::Summary),
    ] {
        let (out, warnings) = reference(&input, file, format);
        let parallel = Command::cargo_bin("mdediag")
            .unwrap()
            .args(args)
            .arg(file)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        check(&parallel, &out, &warnings, format, args);
        // Pinned to one core, mdediag reads, scans and writes on one thread: the same bytes again.
        if let Ok(one_core) = mdediag(true)
            .args(args)
            .arg(file)
            .env("NO_COLOR", "1")
            .output()
        {
            check(&one_core, &out, &warnings, format, args);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A log of `curl -v` transcripts only: nearly every cut falls inside one, so the scanning threads stop
/// scanning from rest and the writer scans (and starts again when a block ends at rest).
#[test]
fn transcripts_one_after_another_give_what_one_scanner_gives() {
    let one = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnose/sample-curl-v.txt"
    ))
    .unwrap();
    let mut input = Vec::new();
    for i in 0..500 {
        input.extend_from_slice(&one);
        // Now and then a stretch of NDJSON, so blocks also end at rest and scanning from rest resumes.
        if i % 100 == 50 {
            for k in 0..4000 {
                input.extend_from_slice(
                    format!(
                        "{{\"id\":\"{i}-{k}\",\"type\":\"Isolate\",\"status\":\"Succeeded\"}}\n"
                    )
                    .as_bytes(),
                );
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("mdediag-transcripts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("transcripts.log");
    std::fs::write(&path, &input).unwrap();
    let file = path.to_str().unwrap();
    let (out, warnings) = reference(&input, file, Format::Jsonl);
    let got = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--format", "jsonl", file])
        .output()
        .unwrap();
    assert!(out.len() > 100_000, "too little found: {}", out.len());
    assert!(got.stdout == out, "stdout differs from one scanner's");
    assert_eq!(String::from_utf8(got.stderr).unwrap(), warnings.concat());
    std::fs::remove_dir_all(&dir).ok();
}

/// `got` is what one scanner gives: the same stdout bytes and warnings.
fn check(
    got: &std::process::Output,
    out: &[u8],
    warnings: &[String],
    format: Format,
    args: &[&str],
) {
    assert!(
        out.len() > 100_000 || format == Format::Summary,
        "too little found: {}",
        out.len()
    );
    assert!(
        got.stdout == out,
        "{args:?}: stdout differs from one scanner's (got {} bytes, want {})",
        got.stdout.len(),
        out.len()
    );
    if format == Format::Json {
        let items: serde_json::Value = serde_json::from_slice(&got.stdout).unwrap();
        assert!(
            items.as_array().is_some_and(|a| a.len() > 100),
            "one JSON array"
        );
    }
    let stderr = String::from_utf8(got.stderr.clone()).unwrap();
    let got_warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(got_warnings, warnings, "{args:?}");
    assert!(!warnings.is_empty(), "the fixtures hold broken fragments");
}

/// A pretty-printed array far past the 16 MiB limit, with one item past it in the middle, then an OData
/// page: every other item is read (item by item, whatever the total), the big one is reported by its path,
/// and one or two threads give the same bytes.
#[test]
fn a_giant_array_is_read_item_by_item_on_one_or_two_threads() {
    let mut input = b"[\n".to_vec();
    let items = 90_000usize;
    let big_at = 45_000usize;
    for i in 0..items {
        if i == big_at {
            // Past the limit over many lines (one line past it is cut by the reader, see `input`).
            let detail = format!(
                "            {{\"code\":\"x\",\"message\":\"{}\"}},\n",
                "y".repeat(1000)
            );
            input.extend_from_slice(b"    {\n        \"error\": {\n            \"code\": \"BadRequest\",\n        \"details\": [\n");
            for _ in 0..(17 << 10) {
                input.extend_from_slice(detail.as_bytes());
            }
            input.extend_from_slice(b"            {}\n        ]\n        }\n    },\n");
            continue;
        }
        let code = ["Forbidden", "NotFound", "TooManyRequests"][i % 3];
        input.extend_from_slice(
            format!("    {{\n        \"error\": {{\n            \"code\": \"{code}\",\n            \"message\": \"item {i}\",\n            \"target\": \"{i:08}\"\n        }}\n    }}{}\n", if i + 1 < items { "," } else { "" }).as_bytes(),
        );
    }
    input.extend_from_slice(b"]\n{\n  \"@odata.context\": \"x\",\n  \"value\": [\n");
    for i in 0..40_000 {
        input.extend_from_slice(
            format!("    {{\"error\":{{\"code\":\"NotFound\",\"message\":\"page item {i}\"}}}},\n")
                .as_bytes(),
        );
    }
    input.extend_from_slice(
        b"    {\"id\":\"last\"}\n  ],\n  \"@odata.nextLink\": \"https://next\"\n}\n",
    );
    // Items holding pretty arrays of objects: indented lone `{` lines inside items, where a block cut
    // must not be taken for a point between two items.
    input.extend_from_slice(b"[\n");
    let nested = 30_000;
    for i in 0..nested {
        input.extend_from_slice(
            format!("    {{\n        \"error\": {{\n            \"code\": \"BadRequest\",\n            \"message\": \"nested {i}\",\n            \"details\": [\n                {{\n                    \"code\": \"x\",\n                    \"message\": \"d\"\n                }},\n                {{\n                    \"code\": \"y\"\n                }}\n            ]\n        }}\n    }}{}\n", if i + 1 < nested { "," } else { "" }).as_bytes(),
        );
    }
    input.extend_from_slice(b"]\n");
    let dir = std::env::temp_dir().join(format!("mdediag-giant-array-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("giant.json");
    std::fs::write(&path, &input).unwrap();
    let file = path.to_str().unwrap();
    let (out, warnings) = reference(&input, file, Format::Jsonl);
    assert_eq!(
        out.iter().filter(|&&b| b == b'\n').count(),
        items - 1 + 40_000 + nested,
        "every item but the big one is diagnosed"
    );
    assert_eq!(
        warnings,
        [format!(
            "{file}:{}: warning: array item .[{big_at}] is longer than 16 MiB; skipped (the items after it are read)",
            2 + 7 * big_at as u64
        )]
    );
    for pin in [false, true] {
        let mut cmd = mdediag(pin);
        let Ok(got) = cmd.args(["--format", "jsonl", file]).output() else {
            continue;
        };
        assert!(
            got.stdout == out,
            "stdout differs from one scanner's (pinned: {pin})"
        );
        assert_eq!(
            String::from_utf8(got.stderr).unwrap(),
            warnings.concat() + "\n"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A compact JSON array on one line, longer than the longest line read whole (16 MiB, `jq -c` or
/// `ConvertTo-Json -Compress` of a big export): read in pieces cut between values, every item is found,
/// where before everything past 16 MiB was skipped. The two-core path, as users run it; the unit tests of
/// `input`, `parallel::blocks` and `scan` hold the one-core path and the block reader to the same pieces with a
/// small limit (a second 17 MiB run here would add seconds to every CI run).
#[test]
fn a_compact_array_past_the_line_limit_loses_nothing() {
    let filler = "x, \\\"y\\\" ".repeat(600);
    let items = 3_400;
    let mut line = String::from("[");
    for i in 0..items {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&format!(
            r#"{{"error":{{"code":"InvalidHashValue","message":"Hash value {i} {filler} is invalid.","target":"t-{i}"}}}}"#
        ));
    }
    line.push_str("]\n");
    assert!(line.len() > mdediag::input::MAX_LINE, "{}", line.len());
    let dir = std::env::temp_dir().join(format!("mdediag-compact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.json");
    std::fs::write(&path, format!("before\n{line}after\n")).unwrap();
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--summary", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["responses"], items);
    assert_eq!(summary["unreadable_fragments"], 0);
    assert_eq!(summary["lines_read"], 3);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A gzip cut short fails after its last whole member was inflated: the lines read before the failure
/// (the last one cut mid-way) are diagnosed, then the failure is reported, on one core as on two.
#[test]
fn a_cut_gzip_gives_the_same_on_one_or_two_cores() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gzip/cut.log.gz"
    );
    let two = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--format", "jsonl", file])
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(2));
    let found = String::from_utf8(two.stdout.clone()).unwrap();
    assert_eq!(found.lines().count(), 1, "{found}");
    assert!(found.contains("\"Forbidden\""), "{found}");
    let Ok(one) = mdediag(true).args(["--format", "jsonl", file]).output() else {
        return;
    };
    assert_eq!(one.status.code(), Some(2));
    assert!(one.stdout == two.stdout, "stdout differs on one core");
    assert_eq!(one.stderr, two.stderr);
}

/// A pretty-printed array and an OData page whose items the two-core path reads straight from the
/// block's bytes (`Scanner::read_items`), mixed with every item that must go line by line instead: a string
/// wrapped by a console, CRLF line ends, an item that is no JSON, a blank line, scalars and nested arrays
/// between items, escapes and brackets inside strings. Both paths give the very bytes one scanner reading
/// line by line gives, in every format.
#[test]
fn array_items_read_from_bytes_give_what_lines_give() {
    // One array per kind of item read line by line, in its middle (an item that is no JSON or a blank
    // line ends the array's reading: what follows is read as it then reads).
    let mut input = Vec::new();
    let codes = ["Forbidden", "NotFound", "TooManyRequests", "BadRequest"];
    let per_array = 2_500usize;
    for kind in 0..8 {
        input.extend_from_slice(b"[\n");
        for i in 0..per_array {
            let code = codes[i % codes.len()];
            let sep = if i + 1 < per_array { "," } else { "" };
            let odd = if i == per_array / 2 { kind } else { 0 };
            let item = match odd {
                1 => format!("    {{\r\n        \"error\": {{\"code\": \"{code}\", \"message\": \"crlf {i}\"}}\r\n    }}{sep}\r\n"),
                2 => format!("    {{\n        \"error\": {{\"code\": \"{code}\", \"message\": \"wrapped by a con\nsole {i}\"}}\n    }}{sep}\n"),
                3 => format!("    {{\n        \"error\": {{\"code\": \"{code}\", \"message\": not json {i}}}\n    }}{sep}\n"),
                4 => format!("    17, \"x\", [{{\"error\": {{\"code\": \"{code}\"}}}}],\n    {{\"error\": {{\"code\": \"{code}\"}}}}{sep}\n"),
                5 => format!("    {{\"error\": {{\"code\": \"{code}\", \"message\": \"one }} line ] \\\" {{ {i}\"}}}}{sep}\n"),
                6 => format!("    {{\n        \"error\": {{\n            \"code\": \"{code}\"\n        }}\n\n    }}{sep}\n"),
                7 => format!("    {{\n        \"error\": {{\"code\": \"{code}\"}}\n    |  }}{sep}\n"),
                _ => format!("    {{\n        \"error\": {{\n            \"code\": \"{code}\",\n            \"message\": \"item {i} \\\\ \\\"q\\\" [x]\",\n            \"target\": \"{i:08}\"\n        }}\n    }}{sep}\n"),
            };
            input.extend_from_slice(item.as_bytes());
        }
        input.extend_from_slice(b"]\n");
    }
    input.extend_from_slice(b"{\n  \"@odata.context\": \"x\",\n  \"value\": [\n");
    for i in 0..12_000 {
        input.extend_from_slice(
            format!("    {{\n      \"error\": {{\"code\": \"NotFound\", \"message\": \"page item {i}\"}}\n    }},\n").as_bytes(),
        );
    }
    input.extend_from_slice(b"    {\"id\":\"last\"}\n  ]\n}\n");
    let dir = std::env::temp_dir().join(format!("mdediag-array-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("items.json");
    std::fs::write(&path, &input).unwrap();
    let file = path.to_str().unwrap();
    for (args, format) in [
        (&["--format", "jsonl"][..], Format::Jsonl),
        (&["--summary", "--format", "jsonl"][..], Format::Summary),
    ] {
        let (out, warnings) = reference(&input, file, format);
        if format == Format::Jsonl {
            assert!(
                out.iter().filter(|&&b| b == b'\n').count() > 25_000,
                "most items are found"
            );
            assert!(
                !warnings.is_empty(),
                "the items that are no JSON are reported"
            );
        }
        for pin in [false, true] {
            let mut cmd = mdediag(pin);
            let Ok(got) = cmd.args(args).arg(file).env("NO_COLOR", "1").output() else {
                continue;
            };
            assert!(
                got.stdout == out,
                "{args:?}: stdout differs from one scanner's (pinned: {pin}, got {} bytes, want {})",
                got.stdout.len(),
                out.len()
            );
            let stderr = String::from_utf8(got.stderr).unwrap();
            assert_eq!(stderr.lines().collect::<Vec<_>>(), warnings, "{args:?}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
