//! The metamorphic harness: a diagnosis must not change when the input comes through the layers that real
//! copying adds (a markdown quote, a log prefix, a JSON string field, a Python repr, CRLF, UTF-16, gzip,
//! prose or log lines around it, a hard wrap). Every `diagnose` fixture is passed through each layer, and
//! through two layers stacked at random (proptest), and must give the same diagnoses: code, status,
//! operation and correlation id, in order.
//!
//! A fixture that a layer breaks shows a bug in the mechanism that peels the layer, not in the fixture.
//! The breaks not fixed yet are listed in `KNOWN_BREAKS` with the reason; the test fails both when a new
//! break appears and when a listed one passes (so the list only ever shrinks, and says the truth).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::support::{self, Key};

/// One layer that copying adds, as a function of the text (UTF-8) to the bytes that arrive.
#[derive(Clone, Copy, Debug)]
enum Layer {
    Quote,
    Quote2,
    LogPrefix,
    Indent,
    Crlf,
    JsonField,
    PythonRepr,
    Prose,
    Noise,
    Utf16,
    Gzip,
    Wrap80,
}

const LAYERS: [Layer; 12] = [
    Layer::Quote,
    Layer::Quote2,
    Layer::LogPrefix,
    Layer::Indent,
    Layer::Crlf,
    Layer::JsonField,
    Layer::PythonRepr,
    Layer::Prose,
    Layer::Noise,
    Layer::Utf16,
    Layer::Gzip,
    Layer::Wrap80,
];

impl Layer {
    fn name(self) -> &'static str {
        match self {
            Layer::Quote => "quote",
            Layer::Quote2 => "quote2",
            Layer::LogPrefix => "log-prefix",
            Layer::Indent => "indent",
            Layer::Crlf => "crlf",
            Layer::JsonField => "json-field",
            Layer::PythonRepr => "python-repr",
            Layer::Prose => "prose",
            Layer::Noise => "noise",
            Layer::Utf16 => "utf16",
            Layer::Gzip => "gzip",
            Layer::Wrap80 => "wrap80",
        }
    }

    /// Whether the layer's output is text another layer can wrap again (UTF-16 and gzip end a stack).
    fn is_text(self) -> bool {
        !matches!(self, Layer::Utf16 | Layer::Gzip)
    }

    fn apply(self, text: &str) -> Vec<u8> {
        let lines = || text.lines();
        let join = |v: Vec<String>| v.join("\n") + "\n";
        match self {
            // A markdown reply quoting the paste (GitHub, Teams, Stack Overflow).
            Layer::Quote => join(lines().map(|l| quote(l, 1)).collect()).into_bytes(),
            Layer::Quote2 => join(lines().map(|l| quote(l, 2)).collect()).into_bytes(),
            // An application log: time stamp, level and logger before every line.
            Layer::LogPrefix => join(
                lines()
                    .enumerate()
                    .map(|(i, l)| format!("2026-11-01 10:00:{:02},{:03} DEBUG mde.client - {l}", i % 60, i))
                    .collect(),
            )
            .into_bytes(),
            Layer::Indent => join(lines().map(|l| format!("  {l}")).collect()).into_bytes(),
            Layer::Crlf => (lines().collect::<Vec<_>>().join("\r\n") + "\r\n").into_bytes(),
            // A structured logger writing the whole paste as one field.
            Layer::JsonField => format!(
                "{{\"time\":\"2026-11-01T10:00:00Z\",\"level\":\"warning\",\"msg\":{}}}\n",
                serde_json::to_string(text).unwrap()
            )
            .into_bytes(),
            Layer::PythonRepr => format!("DEBUG:mde:response text {}\n", python_repr(text)).into_bytes(),
            Layer::Prose => format!(
                "Hi all, calling the API from our script fails, output below.\n\n{text}\n\nAny idea what is \
                 wrong? Thanks.\n"
            )
            .into_bytes(),
            Layer::Noise => format!(
                "2026-11-01T09:59:58Z INFO connector started, polling every 300 s\n\
                 2026-11-01T09:59:59Z INFO fetched 25 machines page=1\n{text}\n\
                 2026-11-01T10:00:01Z INFO connector sleeping\n"
            )
            .into_bytes(),
            Layer::Utf16 => {
                let mut out = vec![0xFF, 0xFE];
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&unit.to_le_bytes());
                }
                out
            }
            Layer::Gzip => {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(text.as_bytes()).unwrap();
                enc.finish().unwrap()
            }
            // A terminal or mail client that wraps long lines; JSON lines are left whole.
            Layer::Wrap80 => {
                let mut out = Vec::new();
                for l in lines() {
                    if l.contains('{') || l.chars().count() <= 80 {
                        out.push(l.to_string());
                        continue;
                    }
                    let chars: Vec<char> = l.chars().collect();
                    for chunk in chars.chunks(80) {
                        out.push(chunk.iter().collect());
                    }
                }
                join(out).into_bytes()
            }
        }
    }
}

fn quote(line: &str, depth: usize) -> String {
    let marks = "> ".repeat(depth);
    if line.is_empty() {
        marks.trim_end().to_string()
    } else {
        format!("{marks}{line}")
    }
}

/// Python's `repr()` of a str (single quotes unless the text holds one and no double quote).
fn python_repr(text: &str) -> String {
    let q = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/diagnose"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    // Calls that got no HTTP response (the captures and the written lines; not the capture script).
    out.extend(
        std::fs::read_dir(root.join("tests/fixtures/transport"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt")),
    );
    out.sort();
    out
}

/// The fixture's text, when it is UTF-8 text (the UTF-16 fixtures are layers already).
fn text_of(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    // A fixture with NUL bytes is UTF-16 already (valid UTF-8 when its text is ASCII): a layer of its own.
    if bytes.contains(&0) {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    Some(text)
}

/// Runs `mdediag --format json FILE` in process (no process per case: the harness runs thousands).
fn keys(bytes: &[u8], scratch: &Path) -> Vec<Key> {
    support::diagnose_keys(bytes, scratch)
}

/// (fixture file name, layer name, reason): breaks not fixed yet. Empty since hard-wrapped lines are joined
/// again (`src/scan/wrap.rs`); kept so a break found later is listed with its reason, not hidden.
const KNOWN_BREAKS: &[(&str, &str, &str)] = &[];

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdediag-metamorphic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(tag)
}

/// Every fixture through every layer: (fixture, layer, expected, got) for each that differs.
fn breaks() -> Vec<(String, &'static str, Vec<Key>, Vec<Key>)> {
    let scratch = scratch("one");
    let mut found = Vec::new();
    for path in fixtures() {
        let Some(text) = text_of(&path) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = keys(text.as_bytes(), &scratch);
        for layer in LAYERS {
            let got = keys(&layer.apply(&text), &scratch);
            if got != want {
                found.push((name.clone(), layer.name(), want.clone(), got));
            }
        }
    }
    found
}

#[test]
fn every_fixture_gives_the_same_diagnoses_through_every_layer() {
    let found = breaks();
    let mut unexpected = Vec::new();
    for (name, layer, want, got) in &found {
        if !KNOWN_BREAKS.iter().any(|(n, l, _)| n == name && l == layer) {
            unexpected.push(format!(
                "{name} through {layer}:\n  want {want:?}\n  got  {got:?}"
            ));
        }
    }
    let fixed: Vec<_> = KNOWN_BREAKS
        .iter()
        .filter(|(n, l, _)| {
            !found
                .iter()
                .any(|(name, layer, _, _)| name == n && layer == l)
        })
        .map(|(n, l, _)| format!("{n} through {l}"))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} new breaks:\n{}\n\nfixed (remove from KNOWN_BREAKS): {fixed:?}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

proptest! {
    // A fixed seed unless PROPTEST_RNG_SEED is set: CI must not turn red on a draw
    // (`PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=2000` sweeps wider).
    #![proptest_config(ProptestConfig {
        // 48 unless PROPTEST_CASES says otherwise (an explicit count here would override the variable).
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        rng_seed: match std::env::var_os("PROPTEST_RNG_SEED") {
            Some(_) => ProptestConfig::default().rng_seed,
            None => proptest::test_runner::RngSeed::Fixed(23),
        },
        ..ProptestConfig::default()
    })]

    /// Two layers stacked at random keep the diagnoses too (the inner one must be a text layer).
    #[test]
    fn two_layers_stacked_keep_the_diagnoses(f in any::<prop::sample::Index>(), a in 0..LAYERS.len(), b in 0..LAYERS.len()) {
        let all = fixtures();
        let path = &all[f.index(all.len())];
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (inner, outer) = (LAYERS[a], LAYERS[b]);
        let known = |l: Layer| KNOWN_BREAKS.iter().any(|(n, k, _)| *n == name && *k == l.name());
        if let Some(text) = text_of(path) {
            if inner.is_text() && !known(inner) && !known(outer) {
                let scratch = scratch("two");
                let want = keys(text.as_bytes(), &scratch);
                let once = String::from_utf8(inner.apply(&text)).unwrap();
                let got = keys(&outer.apply(&once), &scratch);
                prop_assert_eq!(got, want, "{} through {} then {}", name, inner.name(), outer.name());
            }
        }
    }
}
