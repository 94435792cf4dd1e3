//! The program's own text (catalog entries, fixed sentences) escaped for JSON once per run instead of once
//! per diagnosis; the renderer only asks [`escaped`] (what it saves: README, Performance). Keyed by address,
//! so the catalog stays free of output concerns. The test in `json.rs` holds it to plain escaping.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use serde_json::value::RawValue;

thread_local! {
    /// Escaped JSON of each `'static` string met so far, keyed by its address and length. `'static` text is
    /// the program's own (catalog, fixed sentences): the cache is bounded by it, whatever the input, and is
    /// never freed (leaked on purpose: it lives as long as the strings it mirrors).
    static ESCAPED: RefCell<HashMap<(usize, usize), &'static RawValue, crate::catalog::hash::QuickBuildHasher>> =
        RefCell::new(HashMap::default());

    /// In front of [`ESCAPED`]: the last string seen at each of a few hundred slots, picked by address. A
    /// diagnosis asks for about seven catalog strings; a slot costs a multiply and a compare where the map
    /// hashed and probed (and checking a long step for characters to escape cost more than the copy).
    /// Only ever holds what the map holds, so a string that keeps losing its slot leaks nothing more.
    static FRONT: [Cell<Slot>; SLOTS] = const { [const { Cell::new(EMPTY) }; SLOTS] };
}

const SLOTS: usize = 1024;

/// A string's address and length, and its escaped JSON (`None`: the empty slot).
#[derive(Clone, Copy)]
struct Slot {
    at: usize,
    len: usize,
    json: Option<&'static RawValue>,
}

const EMPTY: Slot = Slot {
    at: 0,
    len: 0,
    json: None,
};

/// The JSON string literal for `text`, made by `escape` on first use (`None` only if escaping failed).
/// `escape` must always give the same literal for the same text (the renderer's own encoding).
#[inline]
pub(super) fn escaped(
    text: &'static str,
    escape: impl FnOnce(&str) -> Option<String>,
) -> Option<&'static RawValue> {
    let (at, len) = (text.as_ptr() as usize, text.len());
    // Fibonacci hashing of the address: its top ten bits pick the slot.
    let slot = (at.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> (usize::BITS - 10)) % SLOTS;
    FRONT.with(|front| {
        let cell = front.get(slot)?;
        let seen = cell.get();
        if seen.at == at && seen.len == len && seen.json.is_some() {
            return seen.json;
        }
        let json = from_map(text, escape)?;
        cell.set(Slot {
            at,
            len,
            json: Some(json),
        });
        Some(json)
    })
}

/// [`escaped`] through the map of every string met so far.
#[cold]
fn from_map(
    text: &'static str,
    escape: impl FnOnce(&str) -> Option<String>,
) -> Option<&'static RawValue> {
    let key = (text.as_ptr() as usize, text.len());
    ESCAPED.with(|cache| {
        if let Some(raw) = cache.borrow().get(&key) {
            return Some(*raw);
        }
        let raw: &'static RawValue = Box::leak(RawValue::from_string(escape(text)?).ok()?);
        cache.borrow_mut().insert(key, raw);
        Some(raw)
    })
}
