//! Whole items of a pretty-printed array cut straight from text by a byte scan (see [`whole_item`]): what
//! lets `Scanner::read_items` read a big array without going line by line.

use super::MAX_ITEM_LINES;

/// One item of a pretty-printed array found by [`whole_item`], with the whole lines around it.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::scan) struct WholeItem {
    /// Commas between the items before it.
    pub commas: u64,
    /// Its text: `text[start..end]`.
    pub start: usize,
    pub end: usize,
    /// Lines before the one it starts on, counted from the first line given.
    pub first_line: u64,
    /// Its lines after the first.
    pub breaks: u64,
    /// Commas after it on its last line.
    pub after: u64,
    /// Just past the line end of its last line: where reading goes on.
    pub next: usize,
}

/// Most bytes of an item [`whole_item`] takes: past this, the line path reads it (and its size limit).
const MAX_WHOLE_ITEM: usize = 1 << 20;

/// Reads `text` (whole lines, each ending with `\n`, from between two items of an array) up to the end of
/// the next item, and takes it only when reading it line by line would give exactly its bytes: every line
/// indented and not blank (so each goes on with the open text), no longer than `max_line`, none ending
/// inside a string (a console wrap is joined without its line break) or with `\r`, only commas and spaces
/// before the item, an object that is no deeper array level, and only commas and spaces after it on its
/// last line. `None` otherwise: the line path reads on from there. A byte scan: strings and escapes
/// respected, long string contents skipped by a vectorized search.
pub(in crate::scan) fn whole_item(text: &str, max_line: usize) -> Option<WholeItem> {
    let b = text.as_bytes();
    let mut commas = 0u64;
    let mut first_line = 0u64;
    let mut line_start = 0usize;
    // Before the item: indentation, commas, line ends.
    let start = loop {
        if !line_opens(text, line_start, max_line) {
            return None;
        }
        let mut i = line_start;
        let opened = loop {
            match b.get(i)? {
                b' ' | b'\t' => i += 1,
                b',' => {
                    commas += 1;
                    i += 1;
                }
                b'{' => break true,
                b'\n' => break false,
                _ => return None,
            }
        };
        if opened {
            break i;
        }
        line_start = i + 1;
        first_line += 1;
    };
    let mut breaks = 0u64;
    let mut depth = 0u32;
    let mut line_begin = line_start;
    let mut i = start;
    let end = loop {
        let c = *b.get(i)?;
        i += 1;
        match c {
            b'"' => i = string_end(b, i)?,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    break i;
                }
            }
            b'\n' => {
                if i - line_begin > max_line + 1 || breaks as usize >= MAX_ITEM_LINES {
                    return None;
                }
                line_begin = i;
                breaks += 1;
                i = indented(text, i, max_line)?;
                if i - start > MAX_WHOLE_ITEM {
                    return None;
                }
            }
            b'\r' => return None,
            _ => {}
        }
    };
    // After it on its line: commas and spaces only.
    let mut after = 0u64;
    let mut j = end;
    let next = loop {
        match b.get(j)? {
            b' ' | b'\t' => {}
            b',' => after += 1,
            b'\n' => break j + 1,
            _ => return None,
        }
        j += 1;
    };
    if next - line_begin > max_line + 1 || end - start > MAX_WHOLE_ITEM {
        return None;
    }
    Some(WholeItem {
        commas,
        start,
        end,
        first_line,
        breaks,
        after,
        next,
    })
}

/// Just past the end of the string whose contents start at `i`: escapes skipped; `None` when a line
/// ends inside it (a console wrap) or the text does. Eight bytes at a time: most of an item is strings.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while let Some(Ok(word)) = b.get(i..i + 8).map(<[u8; 8]>::try_from) {
            let w = u64::from_le_bytes(word);
            let hits = has_byte(w, b'"') | has_byte(w, b'\\') | has_byte(w, b'\n');
            if hits != 0 {
                // The lowest hit is exact (the trick's false hits only follow a true one).
                i += (hits.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' if b.get(i + 1) != Some(&b'\n') => i += 2,
            b'\\' | b'\n' => return None,
            _ => i += 1,
        }
    }
}

/// The bytes of `w` equal to `byte`, as their high bits (exact up to the lowest; see `string_end`).
fn has_byte(w: u64, byte: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let x = w ^ (LO * u64::from(byte));
    x.wrapping_sub(LO) & !x & HI
}

/// Past the spaces from `i` on, eight bytes at a time (indentation is most of what is outside strings).
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while let Some(Ok(word)) = b.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let x = u64::from_le_bytes(word) ^ 0x2020_2020_2020_2020;
        if x != 0 {
            return i + (x.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// Past the indentation of the line starting at `at`, when the line goes on with an open text (see
/// [`line_opens`]); `None` otherwise.
fn indented(text: &str, at: usize, max_line: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = skip_spaces(b, at);
    while b.get(i) == Some(&b'\t') {
        i = skip_spaces(b, i + 1);
    }
    match b.get(i)? {
        // Not indented, or blank, or a margin.
        _ if i == at => None,
        b'\n' | b'|' => None,
        // Other whitespace (form feed, Unicode spaces): as the line path trims.
        b'\r' | 0x0b | 0x0c | 0x80.. => line_opens(text, at, max_line).then_some(i),
        _ => Some(i),
    }
}

/// Whether the line starting at `at` goes on with an open text when read alone (see
/// `Scanner::continues_open_text`): indented, not blank, not a `|` margin, no longer than `max_line`, and
/// ended by `\n`.
fn line_opens(text: &str, at: usize, max_line: usize) -> bool {
    let Some(rest) = text.get(at..) else {
        return false;
    };
    let Some(len) = memchr::memchr(b'\n', rest.as_bytes()) else {
        return false;
    };
    let line = &rest[..len];
    let t = line.trim_start();
    len <= max_line && line.starts_with([' ', '\t']) && !t.is_empty() && !t.starts_with('|')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_items_are_cut_by_bytes_with_strings_and_escapes_respected() {
        let text = "    {\n        \"m\": \"a } ] \\\" {\"\n    },\n    ,{\"b\":[1,{}]}, \n    {\n";
        let first = whole_item(text, 100).expect("a whole item");
        assert_eq!(
            &text[first.start..first.end],
            "{\n        \"m\": \"a } ] \\\" {\"\n    }"
        );
        assert_eq!((first.commas, first.first_line, first.after), (0, 0, 1));
        assert_eq!(first.breaks, 2);
        let rest = &text[first.next..];
        let second = whole_item(rest, 100).expect("a one-line item");
        assert_eq!(&rest[second.start..second.end], "{\"b\":[1,{}]}");
        assert_eq!((second.commas, second.first_line, second.after), (1, 0, 1));
        assert_eq!(second.breaks, 0);
        // Not ended in the text given: left to the line path.
        assert_eq!(whole_item(&rest[second.next..], 100), None);
    }

    #[test]
    fn items_the_line_path_reads_otherwise_are_left_to_it() {
        for text in [
            // A line break inside a string (a console wrap, joined without it).
            "  {\"m\": \"wr\napped\"}\n",
            "  {\"m\": \"wr\\\napped\"}\n",
            // CRLF line ends, a blank line, an unindented line, a `|` margin, a line past the limit.
            "  {\r\n  }\n",
            "  {\n\n  }\n",
            "  {\n}\n",
            "  {\n  | x\n  }\n",
            "  {\"long\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n",
            // A scalar or a nested array between items, the array's end after the item.
            "  1, {}\n",
            "  [{}]\n",
            "  {} ]\n",
            "  {}",
        ] {
            assert_eq!(whole_item(text, 64), None, "{text:?}");
        }
    }
}
