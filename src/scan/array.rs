//! Big JSON containers read item by item, so their size does not matter: a top-level array (and arrays of
//! arrays in it, as deep as `body::from_json` looks), the `value` array of an OData collection page
//! (`{"@odata.context":…,"value":[…],"@odata.nextLink":…}`), or a HAR file's `log.entries`. Only the item being read is held; the size
//! limit applies to each item, and an item past it is reported by its path (`.[17]`, `.value[17]`) while
//! the items after it are still read.

use std::fmt::Write as _;

use super::MAX_CANDIDATE;

mod whole;
pub(super) use whole::whole_item;

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
                match self.string_to(b, i) {
                    Some(after) => {
                        i = after;
                        continue;
                    }
                    None => break,
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
                b'{' | b'[' => self.open(c, number, i),
                b'}' | b']' => {
                    if let Some(next) = self.close(text, i) {
                        return next;
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
                    if self.breaks_between_items(c) {
                        return Next::Broken;
                    }
                }
            }
        }
        self.keep_line_part(text)
    }

    /// Inside a string at `b[i]`: moves past the next escaped byte or up to and past the closing quote (a
    /// key's quote tells whether it is the next key of the path). `None`: the line ends inside the string.
    #[inline]
    fn string_to(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if self.escape {
            self.escape = false;
            return Some(i + 1);
        }
        // Strings are most of a body: jump to the next quote or backslash.
        let Some(p) = memchr::memchr2(b'"', b'\\', &b[i..]) else {
            self.key_start = None;
            return None;
        };
        let i = i + p;
        if b[i] == b'\\' {
            self.escape = true;
        } else {
            self.in_string = false;
            if let Some(s) = self.key_start.take() {
                let want = self.path_keys.get(self.matched);
                self.key = Some(if want.is_some_and(|w| w.as_bytes() == &b[s..i]) {
                    Key::Value
                } else {
                    Key::Other
                });
            }
        }
        Some(i + 1)
    }

    /// An opening bracket `c` just before `at`: the root, a nested array of items, an item, or (in an object
    /// root) the next step down the path's keys.
    #[inline]
    fn open(&mut self, c: u8, number: u64, at: usize) {
        let key = self.key.take();
        if self.depth == 0 {
            self.depth = 1;
            if c == b'[' {
                self.levels.push(Level { inner: 1, index: 0 });
            } else {
                self.object_root = true;
            }
            return;
        }
        let at_items =
            self.item.is_none() && self.levels.last().map(|l| l.inner) == Some(self.depth);
        if at_items {
            if c == b'[' && self.levels.len() < MAX_LEVELS {
                self.depth = self.depth.saturating_add(1);
                self.levels.push(Level {
                    inner: self.depth,
                    index: 0,
                });
                return;
            }
            self.buf.clear();
            self.lines.clear();
            self.lines_given_up = false;
            self.item = Some(Item {
                line: number,
                start: Some(at - 1),
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

    /// A closing bracket just before `end`: closes an item, a nested array of items, or the container.
    #[inline]
    fn close(&mut self, text: &str, end: usize) -> Option<Next> {
        self.key = None;
        self.depth = self.depth.saturating_sub(1);
        let inner = self.levels.last().map(|l| l.inner);
        if self.item.is_some() && inner == Some(self.depth) {
            if let Some(next) = self.close_item(text, end) {
                return Some(next);
            }
        } else if self.item.is_none() && inner == Some(self.depth + 1) {
            self.levels.pop();
        }
        if self.depth == 0 {
            self.levels.clear();
            return Some(Next::End { end });
        }
        None
    }

    /// Whether the scalar byte `c` stands where an array's items do, yet cannot start a scalar: only
    /// scalars can stand between items, so the array was cut before it.
    #[inline]
    fn breaks_between_items(&self, c: u8) -> bool {
        !self.object_root
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
    }

    /// The line is used up: an open item keeps its part of it (or turns oversized).
    fn keep_line_part(&mut self, text: &str) -> Next {
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
}
