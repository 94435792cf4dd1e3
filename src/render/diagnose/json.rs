//! `--format json` (one array) of the view in `json_view.rs`, encoded by [`super::json_fast`].

use std::io::Write;

pub(crate) use super::json_view::{SourceView, SCHEMA_VERSION};
use super::Sink;
use crate::diagnose::{Diagnosis, Summary};

/// One JSON array of diagnoses.
pub(crate) struct Json;

impl Sink for Json {
    fn item(&self, buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
        json_item(buf, d)
    }

    fn first_item(&self, bytes: &mut [u8]) {
        if let Some(first) = bytes.first_mut() {
            *first = ARRAY_OPENING[0];
        }
    }

    fn end(&self, out: &mut dyn Write, _s: &Summary, items: u64) -> anyhow::Result<()> {
        Ok(json_array_end(out, items)?)
    }
}

/// What goes before each item of the JSON array [`json_item`] writes, but the first.
pub(crate) const ITEM_SEPARATOR: &[u8] = b",\n  ";
/// What goes before the first item: as long as [`ITEM_SEPARATOR`], so a writer that learns late which item
/// is the first (items are rendered on several threads) patches one byte.
pub(crate) const ARRAY_OPENING: &[u8] = b"[\n  ";

/// Appends one diagnosis as an item of a JSON array, after [`ITEM_SEPARATOR`] (see [`ARRAY_OPENING`]).
pub(crate) fn json_item(buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
    buf.extend_from_slice(ITEM_SEPARATOR);
    super::json_fast::encode(buf, d)?;
    Ok(())
}

/// Closes a JSON array of `items` items (an empty one when there were none).
pub(crate) fn json_array_end(out: &mut dyn Write, items: u64) -> std::io::Result<()> {
    out.write_all(if items == 0 { b"[]\n" } else { b"\n]\n" })
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::super::json_view::Text;
    use super::*;
    use crate::scan::{scan_str, Event};

    /// The same diagnosis with every catalog string copied: serialized by serde as plain strings.
    fn owned(d: &Diagnosis) -> Diagnosis {
        let own = |c: &Cow<'static, str>| Cow::Owned(c.to_string());
        let mut d = d.clone();
        d.summary = own(&d.summary);
        d.fix = d.fix.iter().map(own).collect();
        d.retry.text = own(&d.retry.text);
        d
    }

    fn json(d: &Diagnosis) -> String {
        let mut buf = Vec::new();
        super::super::jsonl::json_line(&mut buf, d).expect("encode");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn cached_catalog_text_gives_the_same_bytes_as_serde_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
        let mut count = 0;
        for f in std::fs::read_dir(dir).expect("fixture dir") {
            let bytes = std::fs::read(f.expect("entry").path()).expect("fixture");
            for e in scan_str("t", &String::from_utf8_lossy(&bytes)) {
                if let Event::Response(r) = e {
                    let d = crate::diagnose::diagnose(&r);
                    let plain = json(&owned(&d));
                    // Twice: escaped on first use, then from the cache.
                    assert_eq!(json(&d), plain);
                    assert_eq!(json(&d), plain);
                    count += 1;
                }
            }
        }
        assert!(count > 20, "{count}");
    }

    proptest::proptest! {
        #[test]
        fn cached_text_is_escaped_like_other_text(text in "\\PC*|[\\x00-\\x1f\"\\\\\u{7f}-\u{ff}\u{2028}\u{2029}]*") {
            let text: &'static str = Box::leak(text.into_boxed_str());
            let plain = crate::render::json::to_string(text).expect("plain");
            let borrowed = Cow::Borrowed(text);
            let owned: Cow<'static, str> = Cow::Owned(text.to_string());
            let json = |t: &Cow<'static, str>| crate::render::json::to_string(&Text(t)).expect("json");
            proptest::prop_assert_eq!(json(&borrowed), plain.clone());
            proptest::prop_assert_eq!(json(&borrowed), plain.clone());
            proptest::prop_assert_eq!(json(&owned), plain);
        }
    }
}
