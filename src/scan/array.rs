//! Big JSON containers read item by item, so their size does not matter: a top-level array (and arrays of
//! arrays in it, as deep as `body::from_json` looks), the `value` array of an OData collection page
//! (`{"@odata.context":…,"value":[…],"@odata.nextLink":…}`), or a HAR file's `log.entries`. Only the item being read is held; the size
//! limit applies to each item, and an item past it is reported by its path (`.[17]`, `.value[17]`) while
//! the items after it are still read.

use std::fmt::Write as _;

use super::MAX_CANDIDATE;

/// How many arrays deep items are looked for (`[[…]]`): `body::from_json` goes as deep.
const MAX_LEVELS: usize = 3;

/// Most lines of one item remembered for scanning again when the item turns out cut (see
/// `Candidate::lines`).
const MAX_ITEM_LINES: usize = 256;

/// An array whose items are read one by one.
#[derive(Debug, Clone, Copy)]
struct Level {
    /// Bracket depth inside it (its items open at this depth).
    inner: u32,
    /// Index of the item being read (or the next one).
    index: u64,
}

/// A container whose reading a scanner may take up between two items (see `Scanner::resume_array`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A top-level array.
    Array,
    /// The `value` array of an OData page.
    OData,
}

/// The keys leading to an OData page's items.
pub(super) const ODATA: &[&str] = &["value"];
/// The keys leading to a HAR file's entries.
pub(super) const HAR: &[&str] = &["log", "entries"];

/// Where an object root stands in finding its container (see [`Stream::path_keys`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Other,
    /// The key just read is the next one of the path.
    Value,
    /// … and its colon.
    Colon,
}

/// The item being read.
#[derive(Debug)]
struct Item {
    line: u64,
    /// Offset in the current line where it started; `None` once its start is in [`Stream::buf`].
    start: Option<usize>,
    /// Past the size limit: reported, skipped to its end.
    oversized: bool,
}

/// What [`Stream::next`] found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// The line is used up.
    More,
    /// An item closed at `end` (offset just past it in the line). Its text is `line[start..end]` when it
    /// began on this line (`start` is `Some`), else [`Stream::buf`].
    Item {
        end: usize,
        start: Option<usize>,
        line: u64,
    },
    /// The item that started on `line` grew past the size limit: it is skipped to its end. Reading goes on
    /// at `end`.
    Oversized { line: u64, end: usize },
    /// The container closed at `end`.
    End { end: usize },
    /// A byte no JSON array can hold between its items (a log line's text, a status line): the array was
    /// cut before it.
    Broken,
}

/// Reads a container item by item (see the module docs).
#[derive(Debug, Default)]
pub(super) struct Stream {
    depth: u32,
    in_string: bool,
    escape: bool,
    levels: Vec<Level>,
    /// The root is an object (an OData page, a HAR file): items are those of the array its keys lead to.
    object_root: bool,
    /// Those keys ([`ODATA`] unless said otherwise).
    path_keys: &'static [&'static str],
    /// How many of them lead to objects entered so far.
    matched: usize,
    /// Whether the array was entered.
    entered: bool,
    key: Option<Key>,
    /// Where the key being read started in the current line.
    key_start: Option<usize>,
    item: Option<Item>,
    /// The text of an item that spans lines.
    pub(super) buf: String,
    /// The item's lines after its first, as (line number, byte range in `buf`), for scanning again.
    pub(super) lines: Vec<(u64, usize, usize)>,
    lines_given_up: bool,
}

impl Stream {
    /// A stream for a JSON text that starts at the next byte fed: an array, or an object whose array of
    /// items the keys `path` lead to.
    pub(super) fn new(path: &'static [&'static str]) -> Stream {
        Stream {
            path_keys: path,
            ..Stream::default()
        }
    }

    /// A stream inside a container of kind `kind`, between two items (see `Scanner::resume_array`).
    pub(super) fn resumed(kind: Container) -> Stream {
        match kind {
            Container::Array => Stream {
                depth: 1,
                levels: vec![Level { inner: 1, index: 0 }],
                ..Stream::default()
            },
            Container::OData => Stream {
                depth: 2,
                levels: vec![Level { inner: 2, index: 0 }],
                object_root: true,
                path_keys: ODATA,
                entered: true,
                ..Stream::default()
            },
        }
    }

    /// The container whose items this reads, when a stream [`Stream::resumed`] inside one could take
    /// over: a top-level array, or the `value` array of an OData page.
    pub(super) fn resumable(&self) -> Option<Container> {
        if self.levels.is_empty() {
            None
        } else if !self.object_root {
            Some(Container::Array)
        } else if self.entered && self.path_keys == ODATA && self.matched == 0 {
            Some(Container::OData)
        } else {
            None
        }
    }

    /// Whether this stands between two items of the container's own array (no nested array open): the
    /// state [`Stream::resumed`] starts in. Gives the index of the next item.
    pub(super) fn between_top_items(&self) -> Option<u64> {
        let depth = match self.resumable()? {
            Container::Array => 1,
            Container::OData => 2,
        };
        match self.levels.as_slice() {
            [top]
                if top.inner == depth
                    && self.depth == depth
                    && self.item.is_none()
                    && !self.in_string
                    && !self.escape
                    && self.key.is_none()
                    && self.key_start.is_none() =>
            {
                Some(top.index)
            }
            _ => None,
        }
    }

    /// Whether this stands between two items of the array whose items it reads (no deeper array level, nothing
    /// open): where [`whole_item`] may take over.
    pub(super) fn between_items(&self) -> bool {
        match self.levels.as_slice() {
            [only] => {
                only.inner == self.depth && self.item.is_none() && !self.in_string && !self.escape
            }
            _ => false,
        }
    }

    /// Counts `commas` between items read by [`whole_item`], as reading them here would have.
    pub(super) fn count_commas(&mut self, commas: u64) {
        self.key = None;
        if let Some(l) = self.levels.last_mut() {
            l.index += commas;
        }
    }

    /// Counts `before` items read before this stream took over (see `Scanner::adopt_array_start`).
    pub(super) fn shift_top_index(&mut self, before: u64) {
        if let Some(top) = self.levels.first_mut() {
            top.index += before;
        }
    }

    /// Whether a string is open (a console may have wrapped it).
    pub(super) fn in_string(&self) -> bool {
        self.in_string
    }

    /// Whether an item is open (its text is in [`Stream::buf`] and [`Stream::lines`]).
    pub(super) fn item_line(&self) -> Option<u64> {
        self.item.as_ref().filter(|i| !i.oversized).map(|i| i.line)
    }

    /// The path of the item being read (or just read), jq style: `.[3]`, `.[3][0]`, `.value[3]`.
    pub(super) fn path(&self) -> String {
        let mut p = String::new();
        if self.object_root {
            for k in self.path_keys {
                p.push('.');
                p.push_str(k);
            }
        } else {
            p.push('.');
        }
        for l in &self.levels {
            let _ = write!(p, "[{}]", l.index);
        }
        p
    }

    /// Called before each line after the first: joins an open item's lines.
    pub(super) fn line_break(&mut self, number: u64, text: &str) {
        let Some(item) = self.item.as_ref().filter(|i| !i.oversized) else {
            return;
        };
        debug_assert!(item.start.is_none());
        // A line break inside a string is a console wrap (PowerShell): join without it.
        if !self.in_string {
            self.buf.push('\n');
        }
        if !self.lines_given_up {
            if self.lines.len() < MAX_ITEM_LINES {
                let from = self.buf.len();
                self.lines.push((number, from, from + text.len()));
            } else {
                self.lines = Vec::new();
                self.lines_given_up = true;
            }
        }
    }

    /// Reads `text[from..]` up to the next thing to act on.
    pub(super) fn next(&mut self, number: u64, text: &str, from: usize) -> Next {
        let b = text.as_bytes();
        let mut i = from;
        while i < b.len() {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                // Strings are most of a body: jump to the next quote or backslash.
                match memchr::memchr2(b'"', b'\\', &b[i..]) {
                    Some(p) => {
                        i += p;
                        if b[i] == b'\\' {
                            self.escape = true;
                        } else {
                            self.in_string = false;
                            if let Some(s) = self.key_start.take() {
                                let want = self.path_keys.get(self.matched);
                                self.key =
                                    Some(if want.is_some_and(|w| w.as_bytes() == &b[s..i]) {
                                        Key::Value
                                    } else {
                                        Key::Other
                                    });
                            }
                        }
                        i += 1;
                        continue;
                    }
                    None => {
                        self.key_start = None;
                        break;
                    }
                }
            }
            let c = b[i];
            i += 1;
            match c {
                b'"' => {
                    self.in_string = true;
                    if self.object_root
                        && !self.entered
                        && self.depth as usize == self.matched + 1
                        && self.levels.is_empty()
                    {
                        self.key_start = Some(i);
                    }
                }
                b'{' | b'[' => {
                    let key = self.key.take();
                    if self.depth == 0 {
                        self.depth = 1;
                        if c == b'[' {
                            self.levels.push(Level { inner: 1, index: 0 });
                        } else {
                            self.object_root = true;
                        }
                        continue;
                    }
                    let at_items = self.item.is_none()
                        && self.levels.last().map(|l| l.inner) == Some(self.depth);
                    if at_items {
                        if c == b'[' && self.levels.len() < MAX_LEVELS {
                            self.depth = self.depth.saturating_add(1);
                            self.levels.push(Level {
                                inner: self.depth,
                                index: 0,
                            });
                            continue;
                        }
                        self.buf.clear();
                        self.lines.clear();
                        self.lines_given_up = false;
                        self.item = Some(Item {
                            line: number,
                            start: Some(i - 1),
                            oversized: false,
                        });
                    } else if self.object_root && key == Some(Key::Colon) {
                        if self.matched + 1 == self.path_keys.len() && c == b'[' {
                            self.entered = true;
                            self.levels.push(Level {
                                inner: self.depth + 1,
                                index: 0,
                            });
                        } else if self.matched + 1 < self.path_keys.len() && c == b'{' {
                            self.matched += 1;
                        }
                    }
                    self.depth = self.depth.saturating_add(1);
                }
                b'}' | b']' => {
                    self.key = None;
                    self.depth = self.depth.saturating_sub(1);
                    let inner = self.levels.last().map(|l| l.inner);
                    if self.item.is_some() && inner == Some(self.depth) {
                        if let Some(next) = self.close_item(text, i) {
                            return next;
                        }
                    } else if self.item.is_none() && inner == Some(self.depth + 1) {
                        self.levels.pop();
                    }
                    if self.depth == 0 {
                        self.levels.clear();
                        return Next::End { end: i };
                    }
                }
                b',' => {
                    self.key = None;
                    if self.item.is_none() {
                        if let Some(l) = self.levels.last_mut().filter(|l| l.inner == self.depth) {
                            l.index += 1;
                        }
                    }
                }
                b':' => {
                    if self.key == Some(Key::Value) {
                        self.key = Some(Key::Colon);
                    }
                }
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => {
                    self.key = None;
                    // Between the items of an array only scalars can stand.
                    if !self.object_root
                        && self.item.is_none()
                        && self.levels.last().map(|l| l.inner) == Some(self.depth)
                        && !matches!(
                            c,
                            b'0'..=b'9'
                                | b'-'
                                | b'+'
                                | b'.'
                                | b'e'
                                | b'E'
                                | b't'
                                | b'r'
                                | b'u'
                                | b'f'
                                | b'a'
                                | b'l'
                                | b's'
                                | b'n'
                        )
                    {
                        return Next::Broken;
                    }
                }
            }
        }
        // The line is used up: an open item keeps its part of it.
        let Some(item) = self.item.as_mut().filter(|i| !i.oversized) else {
            return Next::More;
        };
        let start = item.start.take().unwrap_or(0).min(text.len());
        let part = text.get(start..).unwrap_or("");
        if self.buf.len() + part.len() > MAX_CANDIDATE {
            item.oversized = true;
            self.buf = String::new();
            self.lines = Vec::new();
            return Next::Oversized {
                line: item.line,
                end: text.len(),
            };
        }
        self.buf.push_str(part);
        Next::More
    }

    /// The item closed just before `end`: what to report (`None`: it was oversized, already reported).
    fn close_item(&mut self, text: &str, end: usize) -> Option<Next> {
        let item = self.item.take()?;
        if item.oversized {
            return None;
        }
        match item.start {
            Some(start) if end - start <= MAX_CANDIDATE => Some(Next::Item {
                end,
                start: Some(start),
                line: item.line,
            }),
            None if self.buf.len() + end <= MAX_CANDIDATE => {
                self.buf.push_str(text.get(..end).unwrap_or(""));
                Some(Next::Item {
                    end,
                    start: None,
                    line: item.line,
                })
            }
            _ => {
                self.buf = String::new();
                self.lines = Vec::new();
                Some(Next::Oversized {
                    line: item.line,
                    end,
                })
            }
        }
    }

    /// Whether `text` (a JSON object's start, lines joined by `\n`) opens the array the keys `path` lead
    /// to (an OData page's `value`, a HAR's `log.entries`).
    pub(super) fn opens(text: &str, path: &'static [&'static str]) -> bool {
        let mut s = Stream::new(path);
        let mut at = 0;
        while let Next::Item { end, .. } = s.next(0, text, at) {
            if s.entered {
                break;
            }
            at = end;
        }
        s.object_root && s.entered
    }
}

/// One item of a pretty-printed array found by [`whole_item`], with the whole lines around it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct WholeItem {
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
pub(super) fn whole_item(text: &str, max_line: usize) -> Option<WholeItem> {
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

    /// Items (path, line, text), oversized items (path, line), and whether the container closed.
    type Read = (Vec<(String, u64, String)>, Vec<(String, u64)>, bool);

    /// What `lines` fed one by one give.
    fn items(lines: &[&str]) -> Read {
        let mut s = Stream::new(ODATA);
        let mut got = Vec::new();
        let mut over = Vec::new();
        let mut ended = false;
        for (k, text) in lines.iter().enumerate() {
            let number = k as u64 + 1;
            if k > 0 {
                s.line_break(number, text);
            }
            let mut at = 0;
            loop {
                match s.next(number, text, at) {
                    Next::More => break,
                    Next::Item { end, start, line } => {
                        let t = match start {
                            Some(st) => text[st..end].to_string(),
                            None => s.buf.clone(),
                        };
                        got.push((s.path(), line, t));
                        at = end;
                    }
                    Next::Oversized { line, end } => {
                        over.push((s.path(), line));
                        at = end;
                    }
                    Next::End { .. } | Next::Broken => {
                        ended = true;
                        break;
                    }
                }
            }
        }
        (got, over, ended)
    }

    #[test]
    fn pretty_array_items_come_one_by_one_with_their_lines() {
        let (got, over, ended) = items(&[
            "[",
            "  {",
            "    \"error\": {\"code\": \"a]}\"}",
            "  },",
            "  1, \"x\", {\"error\":2},",
            "  {\"e\":3}",
            "]",
        ]);
        assert!(ended && over.is_empty());
        assert_eq!(
            got,
            [
                (
                    ".[0]".to_string(),
                    2,
                    "{\n    \"error\": {\"code\": \"a]}\"}\n  }".to_string()
                ),
                (".[3]".to_string(), 5, "{\"error\":2}".to_string()),
                (".[4]".to_string(), 6, "{\"e\":3}".to_string()),
            ]
        );
    }

    #[test]
    fn odata_value_items_and_arrays_of_arrays() {
        let (got, _, ended) = items(&[
            "{\"@odata.context\":\"x[{\",\"value\":[",
            "{\"a\":1},{\"b\":[2]}",
            "],\"@odata.nextLink\":\"n\"}",
        ]);
        assert!(ended);
        let paths: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(paths, [".value[0]", ".value[1]"]);
        let (got, _, _) = items(&["[[{\"a\":1}],", " [[{\"b\":1},{\"c\":1}]]]"]);
        let paths: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(paths, [".[0][0]", ".[1][0][0]", ".[1][0][1]"]);
    }

    #[test]
    fn only_the_value_array_of_an_object_is_an_odata_page() {
        assert!(Stream::opens(
            "{\n \"@odata.context\": \"c\",\n \"value\" : [\n {",
            ODATA
        ));
        assert!(!Stream::opens("{\"error\":{\"value\":[1]}}", ODATA));
        assert!(!Stream::opens("{\"x\":\"value\",\"y\":[1]}", ODATA));
        let har = "{\"log\":{\"version\":\"1.2\",\"pages\":[{\"entries\":[]}],\"entries\":[";
        assert!(Stream::opens(har, HAR));
        assert!(!Stream::opens("{\"entries\":[", HAR));
        let mut s = Stream::new(HAR);
        let text = format!("{har}{{\"a\":1}},{{\"b\":2}}]}}}}");
        let mut at = 0;
        let mut paths = Vec::new();
        let last = loop {
            match s.next(1, &text, at) {
                Next::Item { end, .. } => {
                    paths.push(s.path());
                    at = end;
                }
                other => break other,
            }
        };
        assert_eq!(paths, [".log.entries[0]", ".log.entries[1]"]);
        assert_eq!(last, Next::End { end: text.len() });
    }

    #[test]
    fn an_item_past_the_limit_is_skipped_and_the_next_one_read() {
        let half = "x".repeat(MAX_CANDIDATE / 2);
        let (m, n) = (
            format!("  {{\"m\":\"{half}\","),
            format!("\"n\":\"{half}\""),
        );
        let lines = ["[", "{\"a\":1},", &m, &n, "},", "{\"b\":2}", "]"];
        let (got, over, ended) = items(&lines);
        assert!(ended);
        assert_eq!(over, [(".[1]".to_string(), 3)]);
        let paths: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(paths, [".[0]", ".[2]"]);
    }

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
