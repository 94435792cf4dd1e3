//! The program's own text (catalog entries, fixed sentences) escaped for JSON once per run instead of once
//! per diagnosis; the renderer only asks [`escaped`] (what it saves: README, Performance). Keyed by address,
//! so the catalog stays free of output concerns. The test in `json.rs` holds it to plain escaping.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::value::RawValue;

thread_local! {
    /// Escaped JSON of each `'static` string met so far, keyed by its address and length. `'static` text is
    /// the program's own (catalog, fixed sentences): the cache is bounded by it, whatever the input, and is
    /// never freed (leaked on purpose: it lives as long as the strings it mirrors).
    static ESCAPED: RefCell<HashMap<(usize, usize), &'static RawValue, crate::catalog::hash::QuickBuildHasher>> =
        RefCell::new(HashMap::default());
}

/// The JSON string literal for `text`, made by `escape` on first use (`None` only if escaping failed).
/// `escape` must always give the same literal for the same text (the renderer's own encoding).
pub(super) fn escaped(
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
