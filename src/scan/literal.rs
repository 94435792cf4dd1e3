//! Object literals that are not JSON but say the same: Python's reprs (`print(r.json())`: single quotes,
//! `True`/`None`, `b'…'`) and node's `util.inspect` printouts (`console.log(obj)`: unquoted keys, single or
//! back quotes, `'a' +` continued strings, `[Object]` past the depth limit, `Headers {` class names,
//! `Map(1) { 'a' => 1 }`, `[Symbol(x)]` keys, dates and other values printed bare). One reader for both: a
//! printout of any language that writes objects as braces, keys, colons and quoted strings reads here.

use serde_json::{Map, Number, Value};

/// Deepest nesting read (as serde_json's own limit).
const MAX_DEPTH: usize = 128;

/// A literal read as a JSON value; `None` when `text` is not one literal (then it is no body), or is
/// JSON written wrong (`{"code": tru}` is a broken JSON text, not a printout: no sign of another language).
pub(super) fn read(text: &str) -> Option<Value> {
    let mut p = Parser {
        b: text.as_bytes(),
        s: text,
        i: 0,
        foreign: false,
    };
    p.blank();
    p.skip_ref();
    let v = p.value(0)?;
    p.blank();
    (p.i == p.b.len() && p.foreign).then_some(v)
}

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
    /// A sign of a language other than JSON was read: a string in `'` or a backquote, a key without
    /// quotes, a keyword of Python or JavaScript, a tag of node's.
    foreign: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn blank(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// node's `<ref *1>` before an object that a `[Circular *1]` points back to.
    fn skip_ref(&mut self) {
        if self.b[self.i..].starts_with(b"<ref *") {
            if let Some(end) = memchr::memchr(b'>', &self.b[self.i..]) {
                self.i += end + 1;
                self.blank();
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.blank();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.blank();
        self.skip_ref();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.bracket(depth),
            b'(' => self.array(b')', depth),
            b'\'' | b'"' | b'`' => self.strings().map(Value::String),
            c @ (b'b' | b'r' | b'u' | b'B' | b'R' | b'U')
                if matches!(self.b.get(self.i + 1), Some(b'\'' | b'"'))
                    && (c != b'b'
                        || self.i == 0
                        || !self.b[self.i - 1].is_ascii_alphanumeric()) =>
            {
                // Python's `b'…'`, `r'…'`, `u'…'`.
                self.i += 1;
                self.strings().map(Value::String)
            }
            _ => self.bare(depth),
        }
    }

    /// `[` opens an array, or one of node's tags: `[Object]`, `[Array]` (past the depth limit: null, the
    /// content is not there), `[Function: f]`, `[Circular *1]`, `[Getter]` (kept as text), or
    /// `[Object: null prototype] {…}` before an object.
    fn bracket(&mut self, depth: usize) -> Option<Value> {
        let rest = &self.b[self.i + 1..];
        let first = rest.iter().find(|c| !c.is_ascii_whitespace())?;
        if !first.is_ascii_alphabetic() {
            return self.array(b']', depth);
        }
        let end = self.i + 1 + memchr::memchr(b']', rest)?;
        let tag = self.s.get(self.i + 1..end)?;
        self.i = end + 1;
        self.foreign = true;
        let at = self.i;
        self.blank();
        if self.peek() == Some(b'{') {
            return self.object(depth);
        }
        self.i = at;
        Some(match tag {
            "Object" | "Array" => Value::Null,
            _ => Value::String(format!("[{tag}]")),
        })
    }

    fn array(&mut self, close: u8, depth: usize) -> Option<Value> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(Value::Array(items));
            }
            if self.b[self.i..].starts_with(b"...") {
                // `... 100 more items`.
                self.skip_to_separator();
            } else {
                items.push(self.value(depth + 1)?);
            }
            if !self.eat(b',') {
                return self.eat(close).then_some(Value::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.i += 1;
        let mut map = Map::new();
        loop {
            if self.eat(b'}') {
                return Some(Value::Object(map));
            }
            self.blank();
            let key = match self.peek()? {
                b'\'' | b'"' | b'`' => self.strings()?,
                b'[' => {
                    // `[Symbol(headers)]`, `[cause]`: the name inside.
                    let end = self.i + memchr::memchr(b']', &self.b[self.i..])?;
                    let k = self.s.get(self.i + 1..end)?.to_string();
                    self.i = end + 1;
                    k
                }
                b'.' if self.b[self.i..].starts_with(b"...") => {
                    self.skip_to_separator();
                    String::new()
                }
                _ => {
                    // A name, a number, or a Python key of another kind (`1`, `None`).
                    let start = self.i;
                    self.foreign = true;
                    while self.peek().is_some_and(|c| {
                        !matches!(c, b':' | b',' | b'}' | b'\n' | b'=') && c != b' '
                    }) {
                        self.i += 1;
                    }
                    self.s.get(start..self.i)?.to_string()
                }
            };
            self.blank();
            if self.peek() == Some(b':') {
                self.i += 1;
            } else if self.b[self.i..].starts_with(b"=>") {
                self.i += 2;
            } else if matches!(self.peek(), Some(b',' | b'}')) {
                // A set's item (`Set(1) { 'a' }`) or `... more items`: no key, nothing kept.
                self.eat(b',');
                continue;
            } else {
                return None;
            }
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            if !self.eat(b',') {
                return self.eat(b'}').then_some(Value::Object(map));
            }
        }
    }

    /// Past `... N more items` to the next `,` or closing bracket.
    fn skip_to_separator(&mut self) {
        while self
            .peek()
            .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b'\n'))
        {
            self.i += 1;
        }
    }

    /// A quoted string, joined with the ones `+` continues it with (node breaks long strings so).
    fn strings(&mut self) -> Option<String> {
        let mut out = self.string()?;
        loop {
            let at = self.i;
            self.blank();
            if self.peek() == Some(b'+') {
                self.i += 1;
                self.blank();
                if matches!(self.peek(), Some(b'\'' | b'"' | b'`')) {
                    out.push_str(&self.string()?);
                    continue;
                }
            }
            self.i = at;
            return Some(out);
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.foreign |= quote != b'"';
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = &self.b[self.i..];
            let at = memchr::memchr2(quote, b'\\', rest)?;
            let chunk = self.s.get(self.i..self.i + at)?;
            if chunk.contains('\n') {
                return None;
            }
            out.push_str(chunk);
            self.i += at + 1;
            if rest[at] == quote {
                return Some(out);
            }
            let e = self.peek()?;
            self.i += 1;
            match e {
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'v' => out.push('\u{b}'),
                b'0' => out.push('\0'),
                b'x' => out.push(self.hex(2)?),
                b'u' if self.peek() == Some(b'{') => {
                    let end = self.i + memchr::memchr(b'}', &self.b[self.i..])?;
                    let n = u32::from_str_radix(self.s.get(self.i + 1..end)?, 16).ok()?;
                    out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                    self.i = end + 1;
                }
                b'u' => out.push(self.hex(4)?),
                b'U' => out.push(self.hex(8)?),
                _ => {
                    // `\'`, `\"`, `` \` ``, `\\` and any other character stand for themselves.
                    self.i -= 1;
                    let c = self.s.get(self.i..)?.chars().next()?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    fn hex(&mut self, n: usize) -> Option<char> {
        let digits = self.s.get(self.i..self.i + n)?;
        self.i += n;
        let v = u32::from_str_radix(digits, 16).ok()?;
        Some(char::from_u32(v).unwrap_or('\u{fffd}'))
    }

    /// A value printed bare: a number, a keyword of either language, a class name before its object
    /// (`Headers {`, `Map(1) {`), or anything else up to the next separator (a date, `Symbol(x)`,
    /// `datetime.datetime(2026, 12, 7)`), kept as text.
    fn bare(&mut self, depth: usize) -> Option<Value> {
        let start = self.i;
        let mut parens = 0u32;
        while let Some(c) = self.peek() {
            match c {
                b'(' => parens += 1,
                b')' if parens > 0 => parens -= 1,
                b',' | b'}' | b']' | b'\n' | b'{' if parens == 0 => break,
                b')' => break,
                _ => {}
            }
            self.i += 1;
        }
        let word = self.s.get(start..self.i)?.trim();
        if word.is_empty() {
            return None;
        }
        if self.peek() == Some(b'{') {
            // `AxiosHeaders {`, `Response {`: the object after its class name.
            self.foreign = true;
            return self.object(depth);
        }
        Some(match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "True" | "False" | "None" | "undefined" => {
                self.foreign = true;
                match word {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    _ => Value::Null,
                }
            }
            _ => number(word).map_or_else(|| Value::String(word.to_string()), Value::Number),
        })
    }
}

/// A number as either language prints it (node's BigInt with its `n`).
fn number(word: &str) -> Option<Number> {
    let w = word.strip_suffix('n').unwrap_or(word);
    if let Ok(i) = w.parse::<i64>() {
        return Some(Number::from(i));
    }
    if !w
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    w.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_dict_repr_reads_as_json() {
        let v = read(
            r#"{'error': {'code': 'Forbidden', 'message': "Missing application roles. API required roles: Machine.Isolate, it's", 'target': 't-1', 'x': None, 'y': True, 'b': b'\x41\'', 'n': [1, 2.5, -3]}}"#,
        )
        .expect("repr");
        assert_eq!(v["error"]["code"], "Forbidden");
        assert_eq!(v["error"]["x"], Value::Null);
        assert_eq!(v["error"]["y"], Value::Bool(true));
        assert_eq!(v["error"]["b"], "A'");
        assert_eq!(v["error"]["n"][1], 2.5);
        assert!(v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .ends_with("it's"));
    }

    #[test]
    fn node_inspect_reads_as_json() {
        // As node 20 prints them (util.inspect, depth 2).
        let text = "{\n  error: {\n    code: 'Forbidden',\n    message: `it's a \"q\" {x}\\n` +\n      'line2',\n    u: undefined,\n    d: 1970-01-01T00:00:00.000Z,\n    arr: [ 1, 2, [Object] ],\n    big: 10n,\n    f: [Function: f],\n    s: Symbol(x),\n    m: Map(1) { 'a' => 1 },\n    [Symbol(headers)]: Headers { 'retry-after': '37', date: 'Mon' },\n    list: [\n      1, 1,\n      ... 100 more items\n    ]\n  }\n}";
        let v = read(text).expect("inspect");
        let e = &v["error"];
        assert_eq!(e["code"], "Forbidden");
        assert_eq!(e["message"], "it's a \"q\" {x}\nline2");
        assert_eq!(e["u"], Value::Null);
        assert_eq!(e["d"], "1970-01-01T00:00:00.000Z");
        assert_eq!(e["arr"][2], Value::Null);
        assert_eq!(e["big"], 10);
        assert_eq!(e["f"], "[Function: f]");
        assert_eq!(e["m"]["a"], 1);
        assert_eq!(e["Symbol(headers)"]["retry-after"], "37");
        assert_eq!(e["list"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn what_is_no_literal_is_not_read() {
        for text in [
            "{'a': 'b'",
            "{a b c}",
            "{'a': 'b'} tail",
            "",
            "{'a': 'x\ny'}",
            "{\"code\": tru}",
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }
}
