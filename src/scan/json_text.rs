//! JSON texts inside lines: where one starts, matching its brackets across lines and chunks, and parsing
//! it with a reason to report when it does not parse.

use serde_json::Value;

use super::recognize;

/// Incremental bracket matcher: tracks depth, strings and escapes across chunks.
#[derive(Debug, Default)]
pub(super) struct Brackets {
    depth: u32,
    pub(super) in_string: bool,
    escape: bool,
    /// The quote that opened the string: `"` in JSON; `'` or a backquote in a printed literal (a Python
    /// repr, node's inspect), whose strings may hold brackets and double quotes (see `literal`). JSON has
    /// no `'` outside its strings, so JSON texts match as before.
    quote: u8,
}

impl Brackets {
    /// Feeds `bytes`; returns the offset just past the byte that closes the value, if it closes.
    /// `on_item` is called with the offset of each value that opens at depth 1 (a top-level array's items).
    pub(super) fn feed(&mut self, bytes: &[u8], on_item: &mut dyn FnMut()) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                // Strings are most of a body: jump to the next quote or backslash.
                match memchr::memchr2(self.quote, b'\\', &bytes[i..]) {
                    Some(p) => {
                        i += p;
                        if bytes[i] == b'\\' {
                            self.escape = true;
                        } else {
                            self.in_string = false;
                        }
                    }
                    None => return None,
                }
                i += 1;
                continue;
            }
            match bytes[i] {
                q @ (b'"' | b'\'' | b'`') => {
                    self.in_string = true;
                    self.quote = q;
                }
                b'{' | b'[' => {
                    if self.depth == 1 {
                        on_item();
                    }
                    self.depth = self.depth.saturating_add(1);
                }
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// Parses a JSON text; the error is the reason to report. Valid JSON that serde_json refuses (a number beyond
/// `f64` such as `1e400`) is read again by the lint parser, which keeps such numbers as text.
pub(super) fn parse_json(text: &str) -> Result<Value, String> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let short = short_error(&e);
            if short.starts_with("number out of range") {
                if let Ok(node) = crate::lint::json::parse(text) {
                    return Ok(crate::lint::json::to_serde(&node));
                }
            }
            if short.starts_with("recursion limit exceeded") {
                return Err("JSON nested too deeply to read (more than 128 levels)".to_string());
            }
            Err(format!("not valid JSON ({short})"))
        }
    }
}

/// serde_json's message without the position (we cite the line ourselves).
fn short_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    s.split(" at line ").next().unwrap_or(&s).to_string()
}

/// A line that certainly starts something new: a transcript line or a JSON text at column 0, including the
/// lone `{` or `[` that opens a pretty-printed one (inside a JSON text, such lines are indented).
pub(super) fn starts_fresh(text: &str) -> bool {
    let b = text.as_bytes();
    matches!(text.trim_end(), "{" | "[")
        || b.starts_with(b"{\"")
        || b.starts_with(b"[{")
        || b.starts_with(b"< ")
        || b.starts_with(b"> ")
        || b.starts_with(b"* ")
        || recognize::status_line(text).is_some()
}

/// Where a JSON text starts in `text`: (byte offset, whether it follows other text on the line).
/// At column 0 (after blanks) any `{` or `[`; after a prefix only `{"`, `{ "` or a `{` that ends the line.
pub fn json_start(text: &str) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let first = b.iter().position(|c| !c.is_ascii_whitespace())?;
    if b[first] == b'{' || (b[first] == b'[' && looks_like_array(&b[first + 1..])) {
        return Some((first, false));
    }
    let mut from = first;
    while let Some(p) = memchr::memchr(b'{', &b[from..]).map(|p| p + from) {
        let after = &b[p + 1..];
        let next = after.iter().position(|c| !c.is_ascii_whitespace());
        match next {
            None => return Some((p, true)),
            Some(n) if after[n] == b'"' => return Some((p, true)),
            // A printed literal: Python's `{'error': …}`, node's `{ error: …` (see `literal`).
            Some(n) if after[n] == b'\'' || opens_named_key(&after[n..]) => return Some((p, true)),
            _ => from = p + 1,
        }
    }
    None
}

/// Whether `after` starts with a name and `: ` (node's `{ error: {`, `{ status: 403, …`).
fn opens_named_key(after: &[u8]) -> bool {
    let name = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$'))
        .count();
    name > 0 && !after[0].is_ascii_digit() && after[name..].starts_with(b": ")
}

/// `[` followed by a value that can start an array of objects: `{`, `[`, `]` or nothing (pretty arrays).
fn looks_like_array(after: &[u8]) -> bool {
    match after.iter().find(|c| !c.is_ascii_whitespace()) {
        None => true,
        Some(c) => matches!(c, b'{' | b'[' | b']'),
    }
}
