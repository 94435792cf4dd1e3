//! JSON output that is safe to show: serde_json's encoding, plus `\uXXXX` escapes for the characters a
//! terminal acts on or hides (DEL, C1 controls, bidi and invisible format characters: the ones
//! `sanitize::is_dangerous` names), which serde_json writes raw. The JSON means the same to any parser;
//! only its bytes change, so `cat report.json` cannot reorder or hide what a hostile message carried.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::sanitize::is_dangerous;

/// Writes `value` as compact JSON.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(w: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Safe(CompactFormatter),
    ))
}

/// Writes `value` as indented JSON.
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    w: W,
    value: &T,
) -> serde_json::Result<()> {
    let pretty = Safe(PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(w, pretty))
}

/// `value` as a compact JSON string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut buf = Vec::new();
    to_writer(&mut buf, value)?;
    String::from_utf8(buf).map_err(serde::ser::Error::custom)
}

/// A formatter that lays out like `F` and escapes the characters serde_json leaves raw.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every dangerous character is DEL or beyond ASCII: plain ASCII (nearly all text) goes out at once.
        // `max`, not `any`: without an early exit the check is vectorized.
        if fragment.bytes().max().is_none_or(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_dangerous(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one `\u` escape each.
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is `F`'s: every method `PrettyFormatter` overrides is handed on.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
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
        #[test]
        fn any_text_round_trips_and_shows_nothing_dangerous(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z\"\\\\]*") {
            let out = to_string(&text).expect("json");
            let back: String = serde_json::from_str(&out).expect("parses");
            proptest::prop_assert_eq!(back, text);
            proptest::prop_assert!(!out.chars().any(is_dangerous));
        }
    }
}
