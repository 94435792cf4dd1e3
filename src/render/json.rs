//! JSON output that is safe to show: serde_json's encoding, plus `\uXXXX` escapes for the characters a
//! terminal acts on or hides (DEL, C1 controls, bidi and invisible format characters: the ones
//! `sanitize::is_dangerous` names), which serde_json writes raw. The JSON means the same to any parser;
//! only its bytes change, so `cat report.json` cannot reorder or hide what a hostile message carried.

use std::io;

use serde::Serialize;

use crate::sanitize::is_dangerous;

/// Appends `value` to `buf` as compact JSON.
pub(crate) fn append<T: Serialize + ?Sized>(
    buf: &mut Vec<u8>,
    value: &T,
) -> serde_json::Result<()> {
    let start = buf.len();
    serde_json::to_writer(&mut *buf, value)?;
    escape_dangerous(buf, start);
    Ok(())
}

/// Writes `value` as compact JSON.
pub(crate) fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    mut w: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut buf = Vec::new();
    append(&mut buf, value)?;
    w.write_all(&buf).map_err(serde_json::Error::io)
}

/// Writes `value` as indented JSON.
pub(crate) fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    mut w: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut buf = Vec::new();
    serde_json::to_writer_pretty(&mut buf, value)?;
    escape_dangerous(&mut buf, 0);
    w.write_all(&buf).map_err(serde_json::Error::io)
}

/// `value` as a compact JSON string.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut buf = Vec::new();
    append(&mut buf, value)?;
    String::from_utf8(buf).map_err(serde::ser::Error::custom)
}

/// Rewrites the dangerous characters of the JSON text in `buf[start..]` as `\uXXXX` escapes. Outside strings
/// JSON is ASCII, so each such character is inside a string, where the escape means the same character.
pub(crate) fn escape_dangerous(buf: &mut Vec<u8>, start: usize) {
    let tail = &buf[start..];
    if !has_dangerous(tail) {
        return;
    }
    let Ok(text) = std::str::from_utf8(tail) else {
        return;
    };
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_dangerous(c) {
            // Every such character is in the Basic Multilingual Plane: one `\u` escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    buf.truncate(start);
    buf.extend_from_slice(out.as_bytes());
}

/// Whether `bytes` (UTF-8) hold a dangerous character. Each one is DEL or starts with one of five lead
/// bytes; typographic punctuation shares the commonest (0xE2), so each candidate is decoded and checked.
fn has_dangerous(bytes: &[u8]) -> bool {
    let at = |i: usize| {
        let len = match bytes[i] {
            0x7f => 1,
            0xc0..=0xdf => 2,
            _ => 3,
        };
        let end = (i + len).min(bytes.len());
        std::str::from_utf8(&bytes[i..end])
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(is_dangerous)
    };
    memchr::memchr3_iter(0x7f, 0xc2, 0xe2, bytes).any(at)
        || memchr::memchr3_iter(0xd8, 0xe1, 0xef, bytes).any(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_characters_are_escaped_and_the_json_means_the_same() {
        let text = "a\u{1b}[31m b\u{7f} c\u{9b}2J d\u{202e}txt.exe e\u{200b} é ✓ \"q\" \\";
        let out = to_string(&serde_json::json!({ "m": text })).expect("json");
        assert_eq!(
            out,
            r#"{"m":"a\u001b[31m b\u007f c\u009b2J d\u202etxt.exe e\u200b é ✓ \"q\" \\"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&out).expect("parses");
        assert_eq!(back["m"], text);
        assert!(!out.chars().any(is_dangerous));
    }

    #[test]
    fn layout_is_serdes() {
        let v = serde_json::json!({"a": [1, {"b": null}], "c": "plain", "d": []});
        assert_eq!(
            to_string(&v).expect("json"),
            serde_json::to_string(&v).expect("json")
        );
        let mut pretty = Vec::new();
        to_writer_pretty(&mut pretty, &v).expect("json");
        assert_eq!(
            String::from_utf8(pretty).expect("utf-8"),
            serde_json::to_string_pretty(&v).expect("json")
        );
    }

    proptest::proptest! {
        /// The lead-byte search finds exactly what a walk over every character finds.
        #[test]
        fn lead_byte_search_agrees_with_the_character_walk(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{a0}\\u{61c}\\u{180e}\\u{2000}-\\u{206f}\\u{feff}\\u{fffd}a-z…—→✓]*") {
            proptest::prop_assert_eq!(has_dangerous(text.as_bytes()), text.chars().any(|c| c >= '\u{7f}' && is_dangerous(c)));
        }

        #[test]
        fn any_text_round_trips_and_shows_nothing_dangerous(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z\"\\\\]*") {
            let out = to_string(&text).expect("json");
            let back: String = serde_json::from_str(&out).expect("parses");
            proptest::prop_assert_eq!(back, text);
            proptest::prop_assert!(!out.chars().any(is_dangerous));
        }
    }
}
