//! The pieces the hand-written JSON encoders (`json_fast.rs`, `json_facts.rs`) are made of. Each writes the
//! bytes `render::json` gives (serde_json's encoding with the dangerous characters escaped), so an encoder's
//! output needs no pass over it afterwards; the encoders' tests hold them to serde.

use std::borrow::Cow;

use serde::Serialize;

use super::json_view::{escape, Text};
use crate::render::json::escape_dangerous;

/// A comma, then the quoted field name: one literal (a name needs no escape), copied at once.
macro_rules! key {
    ($buf:expr, $name:literal) => {
        $buf.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
    };
}
pub(super) use key;

// The writers below are small and called per field: inlined by force (left to itself, the compiler stopped
// inlining them once the encoder moved into its own module; README, Performance).
#[inline(always)]
pub(super) fn opt_str(buf: &mut Vec<u8>, s: Option<&str>) -> serde_json::Result<()> {
    match s {
        Some(s) => string(buf, s),
        None => {
            buf.extend_from_slice(b"null");
            Ok(())
        }
    }
}

#[inline(always)]
pub(super) fn opt_num(buf: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => num(buf, n),
        None => buf.extend_from_slice(b"null"),
    }
}

#[inline(always)]
pub(super) fn boolean(buf: &mut Vec<u8>, b: bool) {
    buf.extend_from_slice(if b { b"true" } else { b"false" });
}

/// A number in decimal, as serde_json writes it, without formatting machinery or an allocation.
pub(super) fn num(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// Whether `s` is written as it is between quotes: printable ASCII without `"` or `\` (serde_json escapes
/// nothing else, and every dangerous character is DEL or above).
#[inline(always)]
fn plain(s: &str) -> bool {
    // Sixteen bytes at a time, each block checked in a few vector instructions (a byte-by-byte fold is not
    // vectorized: about 4 instructions a byte of output). The last block overlaps the one before it; a
    // string shorter than a block is checked padded with plain bytes.
    let bytes = s.as_bytes();
    match bytes.len().checked_sub(BLOCK) {
        Some(last) => {
            bytes.chunks_exact(BLOCK).all(plain_block) && bytes.get(last..).is_some_and(plain_block)
        }
        None => {
            let mut padded = [b'a'; BLOCK];
            padded[..bytes.len()].copy_from_slice(bytes);
            plain_block(&padded)
        }
    }
}

const BLOCK: usize = 16;

/// Whether none of `block`'s bytes needs an escape; without an early exit, so it is vectorized.
#[inline(always)]
fn plain_block(block: &[u8]) -> bool {
    !block.iter().fold(false, |any, &b| any | needs_escape(b))
}

/// A byte serde_json escapes (control, `"`, `\`) or one that may start a dangerous character (DEL and up).
#[inline(always)]
fn needs_escape(b: u8) -> bool {
    (b.wrapping_sub(0x20) >= 0x5f) | (b == b'"') | (b == b'\\')
}

/// A JSON string: copied at once when nothing in it needs an escape (nearly all), else written by serde
/// and its dangerous characters escaped.
pub(super) fn string(buf: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if plain(s) {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        Ok(())
    } else {
        let start = buf.len();
        serde_json::to_writer(&mut *buf, s)?;
        escape_dangerous(buf, start);
        Ok(())
    }
}

/// A [`Text`]: catalog text as [`fixed`], other text as [`string`].
pub(super) fn text(buf: &mut Vec<u8>, t: Text<'_>) -> serde_json::Result<()> {
    match t.0 {
        Cow::Borrowed(s) => fixed(buf, s),
        Cow::Owned(s) => string(buf, s),
    }
}

/// The program's own text (catalog text, the names of enum values) from the cache of escaped strings:
/// cheaper than checking a long step for characters to escape, and than copying a short name twice.
pub(super) fn fixed(buf: &mut Vec<u8>, s: &'static str) -> serde_json::Result<()> {
    match super::escape_cache::escaped(s, escape) {
        Some(raw) => {
            buf.extend_from_slice(raw.get().as_bytes());
            Ok(())
        }
        None => string(buf, s),
    }
}

/// A JSON array of strings.
pub(super) fn strings(buf: &mut Vec<u8>, items: &[impl AsRef<str>]) -> serde_json::Result<()> {
    buf.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        string(buf, s.as_ref())?;
    }
    buf.push(b']');
    Ok(())
}

/// Any value through serde, its dangerous characters escaped: for the parts not written by hand.
pub(super) fn serde<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let start = buf.len();
    serde_json::to_writer(&mut *buf, value)?;
    escape_dangerous(buf, start);
    Ok(())
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Every writer against serde plus the dangerous-character pass, on any text and number.
        #[test]
        fn writers_write_what_serde_and_the_escape_pass_write(
            text in "\\PC*|[\\x00-\\x1f\"\\\\\\x7f-\\u{a0}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}a-z…—’]*",
            n: u64,
        ) {
            let slow = |v: &dyn erased::Value| v.json();
            let mut buf = Vec::new();
            super::string(&mut buf, &text).expect("string");
            proptest::prop_assert_eq!(String::from_utf8(buf).expect("utf-8"), slow(&text.as_str()));
            // The program's own text through the escape cache, twice (made on first use, then found).
            let fixed: &'static str = Box::leak(text.clone().into_boxed_str());
            for _ in 0..2 {
                let mut buf = Vec::new();
                super::fixed(&mut buf, fixed).expect("fixed");
                proptest::prop_assert_eq!(String::from_utf8(buf).expect("utf-8"), slow(&text.as_str()));
            }
            let mut buf = Vec::new();
            super::num(&mut buf, n);
            proptest::prop_assert_eq!(String::from_utf8(buf).expect("utf-8"), slow(&n));
            let list = vec![text.clone(), String::new(), text.clone()];
            let mut buf = Vec::new();
            super::strings(&mut buf, &list).expect("strings");
            proptest::prop_assert_eq!(String::from_utf8(buf).expect("utf-8"), slow(&list));
        }
    }

    /// Serialize for a few types behind one `dyn`, through `render::json` (the slow twin).
    mod erased {
        pub(super) trait Value {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Value for T {
            fn json(&self) -> String {
                crate::render::json::to_string(self).expect("json")
            }
        }
    }
}
