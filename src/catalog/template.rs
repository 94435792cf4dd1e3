//! Message templates (`Hash value {hash} is invalid.`) matched against real messages, capturing the named
//! placeholders. Server messages vary in case, whitespace and final period, so literals match loosely.

/// One captured placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture<'m> {
    pub name: &'static str,
    pub value: &'m str,
}

#[derive(Clone, Copy)]
enum Part {
    Literal(&'static str),
    Hole(&'static str),
}

/// The pieces of a template, in order, without allocating (templates are matched once per message).
#[derive(Clone)]
struct Parts {
    rest: &'static str,
}

fn pieces(template: &'static str) -> Parts {
    Parts {
        rest: template.trim().trim_end_matches('.'),
    }
}

impl Iterator for Parts {
    type Item = Part;

    fn next(&mut self) -> Option<Part> {
        if self.rest.is_empty() {
            return None;
        }
        // Byte searches: `str::find(char)` cost a tenth of each diagnosis here (called per template tried).
        let bytes = self.rest.as_bytes();
        let hole = memchr::memchr(b'{', bytes)
            .and_then(|open| Some((open, memchr::memchr(b'}', &bytes[open..])? + open)));
        match hole {
            Some((0, close)) => {
                let name = &self.rest[1..close];
                self.rest = &self.rest[close + 1..];
                Some(Part::Hole(name))
            }
            Some((open, _)) => {
                let lit = &self.rest[..open];
                self.rest = &self.rest[open..];
                Some(Part::Literal(lit))
            }
            None => {
                let lit = self.rest;
                self.rest = "";
                Some(Part::Literal(lit))
            }
        }
    }
}

/// The literal text a template starts with (empty when it starts with a placeholder).
pub fn leading_literal(template: &'static str) -> &'static str {
    match pieces(template).next() {
        Some(Part::Literal(lit)) => lit,
        _ => "",
    }
}

/// Byte offset just past `literal` if `text` starts with it, ignoring ASCII case.
pub fn strip_literal(text: &str, literal: &str) -> Option<usize> {
    let t = text.as_bytes();
    let l = literal.as_bytes();
    (t.len() >= l.len() && t[..l.len()].eq_ignore_ascii_case(l)).then_some(l.len())
}

/// Where `literal` first occurs in `text`, ignoring ASCII case.
fn find_literal(text: &str, literal: &str) -> Option<usize> {
    crate::redact::find_ignore_case(text.as_bytes(), literal.as_bytes(), 0)
}

/// Matches `message` against `template`; on success, the placeholder values in order.
/// A placeholder takes the shortest text up to the next literal; the last one takes the rest.
pub fn captures<'m>(template: &'static str, message: &'m str) -> Option<Vec<Capture<'m>>> {
    let message = message.trim();
    let message = message.strip_suffix('.').unwrap_or(message).trim_end();
    let mut pieces = pieces(template).peekable();
    let mut pos = 0;
    let mut out = Vec::new();
    while let Some(piece) = pieces.next() {
        match piece {
            Part::Literal(lit) => {
                pos += strip_literal(&message[pos..], lit)?;
            }
            Part::Hole(name) => {
                let end = match pieces.peek() {
                    Some(Part::Literal(next)) => pos + find_literal(&message[pos..], next)?,
                    Some(Part::Hole(_)) => return None,
                    None => message.len(),
                };
                let value = message[pos..end].trim();
                if value.is_empty() {
                    return None;
                }
                out.push(Capture { name, value });
                pos = end;
            }
        }
    }
    (pos == message.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_named_placeholders() {
        let caps = captures(
            "Maximum batch size exceeded. Received: {received}, allowed: {allowed}.",
            "Maximum batch size exceeded. Received: 501, allowed: 500",
        )
        .expect("matches");
        assert_eq!(
            caps,
            [
                Capture {
                    name: "received",
                    value: "501"
                },
                Capture {
                    name: "allowed",
                    value: "500"
                }
            ]
        );
    }

    #[test]
    fn literals_match_ignoring_case_and_final_period() {
        let caps = captures(
            "Hash value {hash} is invalid.",
            "hash value 1234 is INVALID.",
        )
        .expect("matches");
        assert_eq!(caps[0].value, "1234");
    }

    #[test]
    fn leading_placeholder_and_mismatch() {
        let t = "{action} is supported on client version {version} and above.";
        let caps = captures(
            t,
            "Isolation is supported on client version 10.3720 and above",
        )
        .expect("matches");
        assert_eq!((caps[0].value, caps[1].value), ("Isolation", "10.3720"));
        assert!(captures("Hash value {hash} is invalid.", "Something else entirely").is_none());
        assert!(captures("Hash value {hash} is invalid.", "Hash value  is invalid.").is_none());
    }
}
