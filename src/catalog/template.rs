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

/// The literal a template is best found by in a line: its opening one, else (when that is a few words such
/// as `The client '`) its longest.
pub fn telling_literal(template: &'static str) -> &'static str {
    let lead = leading_literal(template).trim();
    if lead.len() >= 16 {
        return lead;
    }
    pieces(template)
        .filter_map(|p| match p {
            Part::Literal(l) => Some(l.trim()),
            Part::Hole(_) => None,
        })
        .max_by_key(|l| l.len())
        .unwrap_or(lead)
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
    let mut out = Vec::new();
    walk(template, message, |c| out.push(c)).then_some(out)
}

/// Whether `message` matches `template` ([`captures`] without collecting them: no allocation).
pub fn matches(template: &'static str, message: &str) -> bool {
    walk(template, message, |_| {})
}

/// Matches `message` against `template`, handing each placeholder value to `take` in order.
fn walk<'m>(template: &'static str, message: &'m str, mut take: impl FnMut(Capture<'m>)) -> bool {
    let message = message.trim();
    let message = message.strip_suffix('.').unwrap_or(message).trim_end();
    let mut pieces = pieces(template).peekable();
    let mut pos = 0;
    while let Some(piece) = pieces.next() {
        match piece {
            Part::Literal(lit) => match strip_literal(&message[pos..], lit) {
                Some(n) => pos += n,
                None => return false,
            },
            Part::Hole(name) => {
                let end = match pieces.peek() {
                    Some(Part::Literal(next)) => match find_literal(&message[pos..], next) {
                        Some(n) => pos + n,
                        None => return false,
                    },
                    Some(Part::Hole(_)) => return false,
                    None => message.len(),
                };
                let value = message[pos..end].trim();
                if value.is_empty() {
                    return false;
                }
                take(Capture { name, value });
                pos = end;
            }
        }
    }
    pos == message.len()
}

/// How `literal` matches at the start of a text, loosely (see [`loose_captures`]).
#[derive(Debug, PartialEq, Eq)]
enum Loose {
    /// Whole: the bytes of the text it took.
    Whole(usize),
    /// The text ended inside the literal.
    Cut,
    /// The text went another way after this many bytes of the literal.
    No(usize),
}

/// Matches `literal` at the start of `text` ignoring ASCII case and whitespace: a blank in the literal needs
/// a blank (any run of them, line breaks too) in the text, and a run of blanks in the text where the literal
/// has none is skipped (a line re-wrapped inside a word).
fn match_loose(text: &[u8], literal: &[u8]) -> Loose {
    let (mut i, mut j) = (0, 0);
    while j < literal.len() {
        if i == text.len() {
            return Loose::Cut;
        }
        let (t, l) = (text[i], literal[j]);
        if l.is_ascii_whitespace() {
            if !t.is_ascii_whitespace() {
                return Loose::No(j);
            }
            while j < literal.len() && literal[j].is_ascii_whitespace() {
                j += 1;
            }
            while i < text.len() && text[i].is_ascii_whitespace() {
                i += 1;
            }
        } else if t.eq_ignore_ascii_case(&l) {
            i += 1;
            j += 1;
        } else if t.is_ascii_whitespace() && j > 0 {
            i += 1;
        } else {
            return Loose::No(j);
        }
    }
    Loose::Whole(i)
}

/// Where `literal` first matches loosely (whole) in `text`: its start and the bytes it took.
fn find_loose(text: &str, literal: &str) -> Option<(usize, usize)> {
    match find_loose_or_cut(text, literal)? {
        (at, Loose::Whole(n)) => Some((at, n)),
        _ => None,
    }
}

/// Bytes of a literal that must match before the text goes another way for the place to count as the
/// literal's (`' or the scope is invalid. (see log)` against `' or the scope is invalid. If access …`).
const MIN_DIVERGED: usize = 12;

/// Where `literal` first matches loosely in `text`: whole, else cut by the end of the text, else where at
/// least [`MIN_DIVERGED`] bytes of it matched before the text went another way.
fn find_loose_or_cut(text: &str, literal: &str) -> Option<(usize, Loose)> {
    let (t, l) = (text.as_bytes(), literal.trim().as_bytes());
    let first = *l.first()?;
    let mut from = 0;
    let mut fallback = None;
    while from < t.len() {
        let Some(rel) = t[from..]
            .iter()
            .position(|b| b.eq_ignore_ascii_case(&first))
        else {
            break;
        };
        let at = from + rel;
        match match_loose(&t[at..], l) {
            Loose::Whole(n) => return Some((at, Loose::Whole(n))),
            Loose::Cut => {
                if !matches!(fallback, Some((_, Loose::Cut))) {
                    fallback = Some((at, Loose::Cut));
                }
            }
            Loose::No(j) if j >= MIN_DIVERGED && fallback.is_none() => {
                fallback = Some((at, Loose::No(j)));
            }
            Loose::No(_) => {}
        }
        from = at + 1;
    }
    fallback
}

/// Alphanumeric characters in a literal: how much of a message it pins down.
fn weight(literal: &str) -> usize {
    literal.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Letters of template text a loose match must have matched to name a message (shorter runs occur in
/// ordinary prose).
const MIN_LOOSE_MATCH: usize = 20;

/// Placeholders of free text (the rest of a sentence): a loose match does not take them, as they would only
/// restate the message shown beside the facts, and where the message goes on they hold what follows too.
const FREE_TEXT: [&str; 2] = ["detail", "reason"];

/// A value longer than this is no placeholder's (an id, a name, a list of roles): the match went astray.
const MAX_LOOSE_VALUE: usize = 1024;

/// Whether `message` is long enough for any loose match (it holds [`MIN_LOOSE_MATCH`] letters or digits):
/// a short message (`InternalServerError`) skips the loose pass and the index it builds.
pub fn may_match_loosely(message: &str) -> bool {
    message
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .nth(MIN_LOOSE_MATCH)
        .is_some()
}

/// [`captures`] for a message that is not the template's exact text: inside a longer line, re-wrapped or
/// with other whitespace, cut short, or going on past the template. The template's opening literal must be
/// there whole, anywhere, and what follows is matched as far as the message goes; the literal text matched
/// must hold at least [`MIN_LOOSE_MATCH`] letters. A placeholder is taken only when the literal after it was
/// found too (half a value would name the wrong thing); the last one takes the rest of its line. Values
/// have their blanks collapsed.
pub fn loose_captures(
    template: &'static str,
    message: &str,
) -> Option<Vec<(&'static str, String)>> {
    loose_scored(template, message).map(|(caps, _)| caps)
}

/// [`loose_captures`] with the letters of template text it matched: of several templates that match a
/// message loosely, the one that matched most of it is its own.
pub fn loose_scored(
    template: &'static str,
    message: &str,
) -> Option<(Vec<(&'static str, String)>, usize)> {
    let Some(Part::Literal(lead)) = pieces(template).next() else {
        return None;
    };
    let mut from = 0;
    while let Some((at, n)) = find_loose(&message[from..], lead) {
        let (caps, matched) = loose_from(template, message, from + at + n);
        let score = weight(lead) + matched;
        if score >= MIN_LOOSE_MATCH {
            return Some((caps, score));
        }
        from += at + 1;
    }
    None
}

/// The placeholders of `template` after its opening literal, matched loosely from `pos` in `message`, and
/// the letters of literal text matched.
fn loose_from(
    template: &'static str,
    message: &str,
    mut pos: usize,
) -> (Vec<(&'static str, String)>, usize) {
    let mut pieces = pieces(template).skip(1).peekable();
    let mut out = Vec::new();
    let mut matched = 0;
    let collapse = |v: &str| v.split_whitespace().collect::<Vec<_>>().join(" ");
    while let Some(piece) = pieces.next() {
        match piece {
            Part::Literal(lit) => match match_loose(&message.as_bytes()[pos..], lit.as_bytes()) {
                Loose::Whole(n) => {
                    pos += n;
                    matched += weight(lit);
                }
                Loose::Cut | Loose::No(_) => break,
            },
            Part::Hole(name) => {
                // The value ends where the next literal starts, or where the message ends inside it (the
                // value was whole: its closing text was cut).
                let end = match pieces.peek() {
                    Some(Part::Literal(next)) if !next.trim().is_empty() => {
                        match find_loose_or_cut(&message[pos..], next) {
                            Some((rel, _)) => pos + rel,
                            None => break,
                        }
                    }
                    Some(_) => break,
                    None => pos + message[pos..].find('\n').unwrap_or(message.len() - pos),
                };
                let value = message[pos..end]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ';' | ','))
                    .trim_end_matches(['.', '"', '\''])
                    .trim();
                if value.is_empty() || value.len() > MAX_LOOSE_VALUE {
                    break;
                }
                if !FREE_TEXT.contains(&name) {
                    out.push((name, collapse(value)));
                }
                pos = end;
            }
        }
    }
    (out, matched)
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

    #[test]
    fn loose_matches_inside_a_line_rewrapped_cut_or_going_on() {
        let t = "The client '{principal}' with object id '{object_id}' does not have authorization to perform action '{arm_action}' over scope '{scope}'.";
        // Inside a longer line, going on past the template.
        let caps = loose_captures(
            t,
            "ERROR az: The client 'a1' with object id 'b2' does not have authorization to perform action 'Microsoft.X/read' over scope '/s/1' or the scope is invalid.",
        )
        .expect("matches");
        assert_eq!(
            caps,
            [
                ("principal", "a1".to_string()),
                ("object_id", "b2".to_string()),
                ("arm_action", "Microsoft.X/read".to_string()),
                ("scope", "/s/1".to_string())
            ]
        );
        // Re-wrapped, inside a word too, with other case.
        let caps = loose_captures(
            t,
            "the client 'a1' with object id 'b2' does not have autho\nrization to perform action\n  'Microsoft.X/read' over scope '/s/1'",
        )
        .expect("matches");
        assert_eq!(caps.len(), 4);
        // Cut short: the values whose end was seen are taken, the cut one is not.
        let caps = loose_captures(
            t,
            "The client 'a1' with object id 'b2' does not have authorization to perform action 'Microsoft.X/re",
        )
        .expect("matches");
        assert_eq!(
            caps,
            [
                ("principal", "a1".to_string()),
                ("object_id", "b2".to_string())
            ]
        );
        // The opening literal must be there whole, and enough of the template matched to name the message.
        assert!(loose_captures(t, "The client 'a1' with obj").is_none());
        assert!(loose_captures(t, "The client 'a1' went away").is_none());
        assert!(loose_captures(
            "Hash value {hash} is invalid.",
            "xx Hash value 12 is invalid"
        )
        .is_none());
        // The last placeholder takes the rest of its line.
        let caps = loose_captures(
            "Missing application roles. API required roles: {required_roles}.",
            "call failed: Missing application roles. API required roles: Machine.Isolate.\nnext line",
        )
        .expect("matches");
        assert_eq!(caps, [("required_roles", "Machine.Isolate".to_string())]);
        // The message ends inside the literal after a value: the value was whole.
        let caps = loose_captures(
            "The client '{principal}' with object id '{object_id}' does not have authorization over scope '{scope}' or the scope is invalid. If access was recently granted, refresh.",
            "The client 'a1' with object id 'b2' does not have authorization over scope '/s/1' or the scope is invalid.",
        )
        .expect("matches");
        assert_eq!(caps.last(), Some(&("scope", "/s/1".to_string())));
        // … or where it goes another way after the literal's first words.
        let caps = loose_captures(
            "The client '{principal}' with object id '{object_id}' does not have authorization over scope '{scope}' or the scope is invalid. If access was recently granted, refresh.",
            "The client 'a1' with object id 'b2' does not have authorization over scope '/s/1' or the scope is invalid (see log)",
        )
        .expect("matches");
        assert_eq!(caps.last(), Some(&("scope", "/s/1".to_string())));
    }
}
