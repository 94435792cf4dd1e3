//! The performance layer of JSON output, apart from what it renders: the program's own text (catalog
//! entries, fixed sentences), escaped once per run instead of once per diagnosis. It paid ~20% of
//! `--format jsonl` on the 200 MB log when measured (issue 15); the renderer only asks [`escaped`].

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::value::RawValue;

thread_local! {
    /// Escaped JSON of each `'static` string met so far, keyed by its address and length. `'static` text is
    /// the program's own (catalog, fixed sentences): the cache is bounded by it, whatever the input, and is
    /// never freed (leaked on purpose: it lives as long as the strings it mirrors).
    static ESCAPED: RefCell<HashMap<(usize, usize), &'static RawValue, AddressHash>> =
        RefCell::new(HashMap::default());
}

/// Hashes the cache's keys (an address and a length, chosen by the program, never by input) with one
/// multiply each: SipHash, made to resist chosen keys, was a visible share of writing each JSON diagnosis.
type AddressHash = std::hash::BuildHasherDefault<AddressHasher>;

/// See [`AddressHash`].
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits: fold the well-mixed high bits into them.
        self.0 ^ (self.0 >> 29)
    }
}

/// The JSON string literal for `text`, escaped on first use (`None` only if escaping failed).
pub(super) fn escaped(text: &'static str) -> Option<&'static RawValue> {
    let key = (text.as_ptr() as usize, text.len());
    ESCAPED.with(|cache| {
        if let Some(raw) = cache.borrow().get(&key) {
            return Some(*raw);
        }
        let raw: &'static RawValue =
            Box::leak(RawValue::from_string(super::json::to_string(text).ok()?).ok()?);
        cache.borrow_mut().insert(key, raw);
        Some(raw)
    })
}
