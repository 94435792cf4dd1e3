//! A small JSON parser that keeps what serde_json drops: the byte span of every key and value, and duplicate
//! keys in document order. Errors carry a position and, where one is likely, the cause in plain words.

pub use crate::finding::Span;

/// A parsed value with where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One key of an object, its span (quotes included) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// JSON values. Numbers keep their source text; objects keep every member, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

impl Value {
    /// The JSON type name, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if is_integer(n) => "an integer",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Whether a JSON number's text is a whole number (no fraction, no exponent).
pub(crate) fn is_integer(text: &str) -> bool {
    !text.contains(['.', 'e', 'E'])
}

/// Why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the parser stopped (an empty span at end of input).
    pub(crate) span: Span,
    pub(crate) message: String,
    /// The likely slip, in plain words (`trailing comma: ...`), when one fits.
    pub(crate) cause: Option<&'static str>,
}

/// Nesting deeper than this is refused rather than risking the stack.
pub(crate) const MAX_DEPTH: usize = 256;

/// Parses one JSON document (a UTF-8 BOM at the start is skipped).
pub fn parse(src: &str) -> Result<Node, ParseError> {
    let mut p = Parser {
        src: src.as_bytes(),
        text: src,
        pos: 0,
        depth: 0,
    };
    if src.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.skip_ws()?;
    if p.pos >= p.src.len() {
        return Err(p.error_at(p.pos, "the body is empty", Some(EMPTY)));
    }
    let node = p.value()?;
    p.skip_ws()?;
    if p.pos < p.src.len() {
        // An object on a line of its own after the first: several bodies kept in one file.
        let between = p.text.get(node.span.end..p.pos).unwrap_or_default();
        let cause = if p.peek() == Some(b',') {
            Some(TRAILING_COMMA)
        } else if p.peek() == Some(b'{') && between.contains('\n') {
            Some(SECOND_BODY)
        } else {
            Some(EXTRA_TEXT)
        };
        return Err(p.error_at(p.pos, "more text after the JSON value", cause));
    }
    Ok(node)
}

const EMPTY: &str = "an empty body: send at least {}";
const TRAILING_COMMA: &str = "trailing comma: JSON allows no comma after the last item";
const SINGLE_QUOTES: &str = "single quotes: JSON strings and keys take double quotes";
const UNQUOTED_KEY: &str = "unquoted key: put the key in double quotes";
const RAW_NEWLINE: &str = "raw line break in a string: write it as \\n, or close the string";
const RAW_CONTROL: &str = "raw control character in a string: escape it (\\t, \\u0000)";
const COMMENT: &str = "comments are not allowed in JSON: remove them";
const MISSING_COMMA: &str = "missing comma between two items";
const LITERAL_CASE: &str = "JSON literals are lowercase: true, false, null";
const PYTHON_LITERAL: &str = "not JSON: use true, false or null (None/True/False are Python)";
const NOT_A_NUMBER: &str = "not JSON: NaN and Infinity are no JSON numbers (Python's json.dumps writes them for float('nan') and float('inf'); pass allow_nan=False to catch it): send a number or null";
const UNCLOSED: &str = "an object or array is not closed";
const UNTERMINATED: &str = "a string is not closed with a double quote";
const SECOND_BODY: &str =
    "a second body: a request sends one; keep each body in a file of its own and lint the folder";
const EXTRA_TEXT: &str = "only one JSON value may be sent; is a bracket closed too early?";
const BAD_ESCAPE: &str = "invalid escape: backslashes in strings must be doubled (C:\\\\Windows)";

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn error_at(&self, at: usize, message: &str, cause: Option<&'static str>) -> ParseError {
        let end = self.char_end(at);
        ParseError {
            span: Span::new(at, end),
            message: message.to_string(),
            cause,
        }
    }

    /// The end of the character starting at `at` (for a one-character error span).
    fn char_end(&self, at: usize) -> usize {
        self.text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(at, |c| at + c.len_utf8())
    }

    /// The character at `at`, for messages.
    fn char_at(&self, at: usize) -> String {
        self.text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or_else(|| "end of input".to_string(), |c| format!("'{c}'"))
    }

    fn skip_ws(&mut self) -> Result<(), ParseError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if matches!(self.src.get(self.pos + 1), Some(b'/' | b'*')) => {
                    return Err(self.error_at(self.pos, "a comment", Some(COMMENT)));
                }
                b'#' => return Err(self.error_at(self.pos, "a comment", Some(COMMENT))),
                _ => break,
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        match self.peek() {
            None => Err(self.error_at(
                start,
                "expected a value, found end of input",
                Some(UNCLOSED),
            )),
            Some(b'{') => self.nested(|p| p.object()),
            Some(b'[') => self.nested(|p| p.array()),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node {
                    value: Value::String(s),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'\'') => Err(self.error_at(start, "a single-quoted string", Some(SINGLE_QUOTES))),
            Some(b) if b.is_ascii_alphabetic() => self.literal(),
            Some(b',') => {
                Err(self.error_at(start, "expected a value, found ','", Some(MISSING_VALUE)))
            }
            Some(_) => Err(self.error_at(
                start,
                &format!("expected a value, found {}", self.char_at(start)),
                None,
            )),
        }
    }

    fn nested(
        &mut self,
        inner: impl FnOnce(&mut Self) -> Result<Node, ParseError>,
    ) -> Result<Node, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_at(
                self.pos,
                &format!("nesting deeper than {MAX_DEPTH} levels"),
                None,
            ));
        }
        self.depth += 1;
        let node = inner(self);
        self.depth -= 1;
        node
    }

    fn object(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node {
                value: Value::Object(members),
                span: Span::new(start, self.pos),
            });
        }
        loop {
            self.skip_ws()?;
            let key_start = self.pos;
            let key = match self.peek() {
                Some(b'"') => self.string()?,
                Some(b'\'') => {
                    return Err(self.error_at(
                        key_start,
                        "a single-quoted key",
                        Some(SINGLE_QUOTES),
                    ))
                }
                Some(b'}') => {
                    return Err(self.error_at(
                        key_start,
                        "expected a key, found '}'",
                        Some(TRAILING_COMMA),
                    ))
                }
                Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b == b'@' => {
                    return Err(self.error_at(
                        key_start,
                        "a key without quotes",
                        Some(UNQUOTED_KEY),
                    ))
                }
                None => {
                    return Err(self.error_at(
                        key_start,
                        "expected a key, found end of input",
                        Some(UNCLOSED),
                    ))
                }
                Some(_) => {
                    return Err(self.error_at(
                        key_start,
                        &format!(
                            "expected a key in double quotes, found {}",
                            self.char_at(key_start)
                        ),
                        None,
                    ))
                }
            };
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                Some(b'=') => {
                    return Err(self.error_at(
                        self.pos,
                        "expected ':' after the key, found '='",
                        None,
                    ))
                }
                _ => {
                    return Err(self.error_at(
                        self.pos,
                        &format!(
                            "expected ':' after the key, found {}",
                            self.char_at(self.pos)
                        ),
                        None,
                    ))
                }
            }
            self.skip_ws()?;
            let value = self.value()?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            if self.after_item(b'}', "key", |b| {
                matches!(b, b'"' | b'\'') || b.is_ascii_alphabetic()
            })? {
                return Ok(Node {
                    value: Value::Object(members),
                    span: Span::new(start, self.pos),
                });
            }
        }
    }

    fn array(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node {
                value: Value::Array(items),
                span: Span::new(start, self.pos),
            });
        }
        loop {
            self.skip_ws()?;
            items.push(self.value()?);
            let starts_value = |b: u8| {
                matches!(b, b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b'\'')
                    || b.is_ascii_alphabetic()
            };
            if self.after_item(b']', "value", starts_value)? {
                return Ok(Node {
                    value: Value::Array(items),
                    span: Span::new(start, self.pos),
                });
            }
        }
    }

    /// After an object member or array item: a comma (then `Ok(false)`, more follow) or the closing
    /// bracket (`Ok(true)`, consumed). Anything else is an error naming the likely slip: a trailing comma,
    /// a missing comma before the next `what` (recognised by `starts_next`), or an unclosed text.
    fn after_item(
        &mut self,
        close: u8,
        what: &str,
        starts_next: impl Fn(u8) -> bool,
    ) -> Result<bool, ParseError> {
        let close_char = char::from(close);
        self.skip_ws()?;
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_ws()?;
                if self.peek() == Some(close) {
                    return Err(self.error_at(
                        comma,
                        &format!("a comma before '{close_char}'"),
                        Some(TRAILING_COMMA),
                    ));
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            None => Err(self.error_at(
                self.pos,
                &format!("expected ',' or '{close_char}', found end of input"),
                Some(UNCLOSED),
            )),
            Some(b) if starts_next(b) => Err(self.error_at(
                self.pos,
                &format!("expected ',' or '{close_char}', found another {what}"),
                Some(MISSING_COMMA),
            )),
            Some(_) => Err(self.error_at(
                self.pos,
                &format!(
                    "expected ',' or '{close_char}', found {}",
                    self.char_at(self.pos)
                ),
                None,
            )),
        }
    }

    /// A string starting at the opening quote; returns its decoded text.
    fn string(&mut self) -> Result<String, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                None => {
                    return Err(self.error_at(
                        open,
                        "this string is not closed",
                        Some(UNTERMINATED),
                    ))
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\n' | b'\r') => {
                    return Err(self.error_at(
                        self.pos,
                        "a line break inside a string",
                        Some(RAW_NEWLINE),
                    ))
                }
                Some(b) if b < 0x20 => {
                    return Err(self.error_at(
                        self.pos,
                        "a control character inside a string",
                        Some(RAW_CONTROL),
                    ))
                }
                Some(_) => self.escape(&mut out)?,
            }
        }
    }

    /// One escape sequence at the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let hi = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&hi) {
                    if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error_at(at, "a lone surrogate in a \\u escape", None));
                    }
                    self.pos += 2;
                    let lo = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.error_at(at, "a lone surrogate in a \\u escape", None));
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    char::from_u32(hi)
                };
                let Some(c) = c else {
                    return Err(self.error_at(at, "a lone surrogate in a \\u escape", None));
                };
                out.push(c);
                return Ok(());
            }
            _ => return Err(self.error_at(at, "an invalid escape sequence", Some(BAD_ESCAPE))),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> Result<u32, ParseError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match digits {
            Some(n) => {
                self.pos += 4;
                Ok(n)
            }
            None => Err(self.error_at(
                at,
                "\\u must be followed by four hex digits",
                Some(BAD_ESCAPE),
            )),
        }
    }

    fn number(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 {
            return Err(self.error_at(start, "a '-' without digits", None));
        }
        if n > 1 && self.src.get(int_start) == Some(&b'0') {
            return Err(self.error_at(start, "a number with a leading zero", Some(LEADING_ZERO)));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error_at(start, "a number with no digits after '.'", None));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error_at(start, "a number with an empty exponent", None));
            }
        }
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(self.error_at(
                start,
                "a number running into letters",
                Some(UNQUOTED_VALUE),
            ));
        }
        Ok(Node {
            value: Value::Number(
                self.text
                    .get(start..self.pos)
                    .unwrap_or_default()
                    .to_string(),
            ),
            span: Span::new(start, self.pos),
        })
    }

    fn literal(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or_default();
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                let cause = match word.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" if matches!(word, "True" | "False") => PYTHON_LITERAL,
                    "true" | "false" | "null" => LITERAL_CASE,
                    "nan" | "infinity" => NOT_A_NUMBER,
                    "none" | "undefined" => PYTHON_LITERAL,
                    _ => UNQUOTED_VALUE,
                };
                let mut err =
                    self.error_at(start, &format!("'{word}' is not a JSON value"), Some(cause));
                err.span.end = self.pos;
                return Err(err);
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }
}

const MISSING_VALUE: &str = "a value is missing, or there is a comma too many";
const LEADING_ZERO: &str = "JSON numbers take no leading zeros: send ids like this as strings";
const UNQUOTED_VALUE: &str = "an unquoted string: put text values in double quotes";

/// How a recoverable syntax slip is mended: `blank` is overwritten with spaces so parsing can go on (byte
/// offsets stay put), `remove` is the text a fix deletes (the slip plus the blanks it would leave behind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repair {
    pub(crate) blank: Span,
    /// What the blanked bytes become: spaces, or a comma for a missing one (one byte of whitespace).
    pub(crate) fill: u8,
    pub(crate) remove: Span,
    /// The text the fix puts at `remove` (empty: delete).
    pub(crate) insert: &'static str,
    /// Whether `--fix` may apply it: a trailing comma or a comment goes without doubt; where a comma is
    /// missing, the intent is likely but a value may be missing instead.
    pub(crate) safe: bool,
}

/// The repair for `e`, when its slip is one a reader can drop without guessing: a trailing comma or a
/// comment. Anything else (a missing comma, single quotes) needs a person and gets `None`.
pub(crate) fn repair(src: &str, e: &ParseError) -> Option<Repair> {
    let at = e.span.start;
    let bytes = src.as_bytes();
    if e.cause == Some(TRAILING_COMMA) && bytes.get(at) == Some(&b',') {
        let span = Span::new(at, at + 1);
        return Some(Repair {
            blank: span,
            fill: b' ',
            remove: span,
            insert: "",
            safe: true,
        });
    }
    if e.cause == Some(MISSING_COMMA) {
        // Parsing goes on with the whitespace before the next item read as the comma; the fix puts one
        // right after the previous value.
        let before = src.get(..at)?;
        let value_end = before.trim_end_matches([' ', '\t', '\n', '\r']).len();
        if value_end == at {
            return None;
        }
        return Some(Repair {
            blank: Span::new(at - 1, at),
            fill: b',',
            remove: Span::new(value_end, value_end),
            insert: ",",
            safe: false,
        });
    }
    if e.cause != Some(COMMENT) {
        return None;
    }
    let end = match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'/'), Some(b'*')) => at + 2 + src.get(at + 2..)?.find("*/")? + 2,
        (Some(b'/'), Some(b'/')) | (Some(b'#'), _) => {
            let rest = src.get(at..)?;
            at + rest.find(['\n', '\r']).unwrap_or(rest.len())
        }
        _ => return None,
    };
    let blank = Span::new(at, end);
    // Take the spaces before the comment along; a comment alone on its line takes the line with it.
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[line_start..at];
    let start = at - (before.len() - before.trim_end_matches([' ', '\t']).len());
    let after = &src[end..];
    let remove =
        if before.trim().is_empty() && (after.starts_with('\n') || after.starts_with("\r\n")) {
            let eol = if after.starts_with('\n') { 1 } else { 2 };
            Span::new(line_start, end + eol)
        } else {
            Span::new(start, end)
        };
    Some(Repair {
        blank,
        fill: b' ',
        remove,
        insert: "",
        safe: true,
    })
}

/// The parsed value as a `serde_json::Value`, for readers that would otherwise refuse valid JSON: a number
/// beyond `f64` (`1e400`) becomes its source text as a string instead of failing the whole document.
pub fn to_serde(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(text) => serde_json::from_str::<serde_json::Number>(text)
            .map_or_else(|_| J::String(text.clone()), J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::Array(items) => J::Array(items.iter().map(to_serde).collect()),
        // Like serde_json, the last of duplicate keys wins.
        Value::Object(members) => J::Object(
            members
                .iter()
                .map(|m| (m.key.clone(), to_serde(&m.value)))
                .collect(),
        ),
    }
}

/// Turns byte offsets into 1-based line and column (columns count characters, not bytes).
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `src`.
    pub(crate) fn new(src: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        LineIndex { src, starts }
    }

    /// The 1-based (line, column) of `offset`.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = match self.src.get(start..offset) {
            Some(text) => text.chars().count(),
            None => offset - start,
        };
        (line, column + 1)
    }

    /// The text of 1-based `line`, without its line break.
    pub(crate) fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.src.len(), |&e| e - 1);
        let text = self.src.get(start..end.max(start)).unwrap_or_default();
        text.strip_suffix('\r').unwrap_or(text)
    }
}

#[cfg(test)]
mod tests;
