//! The fact of a rejected hash: its length, likely type, and the types the operation accepts.

use super::advice::{self, fill, Key};
use super::{all_params, Fact, FactKind};
use crate::operations::{Route, ValueFormat};

/// The hash type a hex string of this length usually is.
fn hash_type_for_length(length: usize) -> Option<&'static str> {
    match length {
        32 => Some("MD5"),
        40 => Some("SHA-1"),
        64 => Some("SHA-256"),
        _ => None,
    }
}

fn hash_length(kind: &str) -> usize {
    match kind {
        "MD5" => 32,
        "SHA-1" => 40,
        _ => 64,
    }
}

/// The hash types an operation accepts, read from its parameter table.
fn accepted_hashes(op: Option<&'static Route>) -> Vec<&'static str> {
    let Some(op) = op else {
        return Vec::new();
    };
    let params = all_params(op);
    let mut out = Vec::new();
    if params.iter().any(|p| p.format == ValueFormat::Sha1) {
        out.push("SHA-1");
    }
    if params
        .iter()
        .any(|p| p.format == ValueFormat::IndicatorValue)
    {
        for p in params
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("indicatorType"))
        {
            for v in p.values {
                let kind = match *v {
                    "FileSha1" => "SHA-1",
                    "FileSha256" => "SHA-256",
                    "FileMd5" => "MD5",
                    _ => continue,
                };
                if !out.contains(&kind) {
                    out.push(kind);
                }
            }
        }
    }
    out
}

pub(super) fn hash_fact(hash: &str, op: Option<&'static Route>) -> Fact {
    let length = hash.chars().count();
    let hex = !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let likely_type = if hex {
        hash_type_for_length(length)
    } else {
        None
    };
    let accepted = accepted_hashes(op);
    let len = length.to_string();
    let text = match (hex, likely_type) {
        (true, Some(t)) => fill(
            Key::HashTextTyped,
            &[("hash", hash), ("length", &len), ("type", t)],
        ),
        (true, None) => fill(
            Key::HashTextNoHashLength,
            &[("hash", hash), ("length", &len)],
        ),
        (false, _) => fill(Key::HashTextNotHex, &[("hash", hash), ("length", &len)]),
    };
    let wanted = if accepted.is_empty() {
        advice::get(Key::HashWantedAny).to_string()
    } else {
        accepted
            .iter()
            .map(|t| {
                fill(
                    Key::HashWantedOne,
                    &[("type", t), ("length", &hash_length(t).to_string())],
                )
            })
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let advice = match (hex, likely_type) {
        (true, Some(t)) if !accepted.is_empty() && !accepted.contains(&t) => fill(
            Key::HashAdviceNotAccepted,
            &[("type", t), ("wanted", &wanted)],
        ),
        (true, Some(t)) => fill(Key::HashAdviceTyped, &[("type", t), ("wanted", &wanted)]),
        (false, _) => fill(Key::HashAdviceNotHex, &[("wanted", &wanted)]),
        (true, None) => fill(Key::HashAdviceNoHashLength, &[("wanted", &wanted)]),
    };
    Fact::of(
        FactKind::InvalidHash {
            value: hash.to_string(),
            length,
            hex,
            likely_type,
            accepted,
        },
        text,
        advice,
    )
}
