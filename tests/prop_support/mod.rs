//! Shared strategies for the property tests: JSON values with the keys and hostile strings that matter here.

#![allow(dead_code)] // each prop_*.rs uses its own subset

use proptest::prelude::*;
use serde_json::Value;

/// Keys the response readers, the lint engine and the token checks look at, plus a few case slips.
pub const KEYS: &[&str] = &[
    "error",
    "code",
    "message",
    "target",
    "innerError",
    "innererror",
    "details",
    "statusCode",
    "isFailed",
    "status",
    "value",
    "error_description",
    "error_codes",
    "trace_id",
    "machineId",
    "type",
    "id",
    "indicator",
    "failureReason",
    "errorHResult",
    "Comment",
    "comment",
    "IsolationType",
    "Indicators",
    "indicatorValue",
    "indicatorType",
    "action",
    "expirationTime",
    "Value",
    "Action",
    "MachineIds",
    "Query",
    "aud",
    "exp",
    "iat",
    "nbf",
    "roles",
    "scp",
    "ver",
    "appid",
    "tid",
    "request-id",
    "date",
];

/// Text that has broken tools before: escape sequences, bidi overrides, zero-width characters, secrets.
pub const HOSTILE: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}[2J",
    "\u{9b}31m",
    "abc\u{202e}txt.exe",
    "\u{2066}isolate\u{2069}",
    "zero\u{200b}width",
    "\u{feff}bom",
    "nul\u{0}byte",
    "line\nbreak\r\n",
    "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2VjcmV0c2ln",
    "https://x.blob.core.windows.net/c?sv=1&sig=SASs1gn4tur3xyz&se=2",
    "client_secret=Sup3r~S3cretValue&grant_type=client_credentials",
    "Hash value 12ab is invalid.",
    "Maximum batch size exceeded. Received: 501, allowed: 500.",
    "FileSha256",
    "Full",
    "2026-11-01T10:00:00Z",
    "1e400",
    "",
];

/// A string: hostile, arbitrary Unicode, or plain words.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HOSTILE).prop_map(str::to_string),
        2 => any::<String>(),
        2 => "[A-Za-z0-9 .:/_-]{0,24}",
    ]
}

/// An object key: a known one, a case slip of one, or anything.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => prop::sample::select(KEYS).prop_map(|k| k.to_ascii_uppercase()),
        1 => text(),
    ]
}

/// Any JSON value, up to a few levels deep, biased towards the shapes the tool reads.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (100u64..600).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Whether `text` holds a character that could change what a terminal shows (newline and tab allowed).
pub fn has_dangerous(text: &str) -> bool {
    text.chars().any(mdediag::sanitize::is_dangerous)
}

/// An edit to apply to a valid text.
#[derive(Debug, Clone)]
pub enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Replace { at: usize, byte: u8 },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

/// Bytes that change JSON structure.
const SYNTAX: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"\\",
    b"\n",
    b"1e400",
    b"null",
    b"\xff",
    b"\x1b[31m",
];

/// One to three edits; positions are taken modulo the text's length.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        (any::<usize>(), 1usize..8).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            any::<usize>(),
            prop_oneof![
                prop::collection::vec(any::<u8>(), 1..6),
                prop::sample::select(SYNTAX).prop_map(<[u8]>::to_vec),
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ];
    prop::collection::vec(one, 1..4)
}

/// Applies the edits in order.
pub fn mutate(text: &[u8], edits: &[Mutation]) -> Vec<u8> {
    let mut b = text.to_vec();
    for m in edits {
        let n = b.len().max(1);
        match m {
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                if at < end {
                    b.drain(at..end);
                }
            }
            Mutation::Insert { at, bytes } => {
                let at = at % (b.len() + 1);
                b.splice(at..at, bytes.iter().copied());
            }
            Mutation::Replace { at, byte } => {
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] = *byte;
                }
            }
            Mutation::Duplicate { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                if at < end {
                    let piece = b[at..end].to_vec();
                    b.splice(end..end, piece);
                }
            }
            Mutation::Truncate { at } => b.truncate(at % n),
        }
    }
    b
}
