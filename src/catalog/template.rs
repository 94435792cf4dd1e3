//! Message templates (`Hash value {hash} is invalid.`) matched against real messages, capturing the named
//! placeholders. Server messages vary in case, whitespace and final period, so literals match loosely.

/// One captured placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture<'m> {
    pub name: &'static str,
    pub value: &'m str,
}

enum Piece {
    Literal(&'static str),
    Hole(&'static str),
}

fn pieces(template: &'static str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = template.trim().trim_end_matches('.');
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Hole(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// Byte offset just past `literal` if `text` starts with it, ignoring ASCII case.
fn strip_literal(text: &str, literal: &str) -> Option<usize> {
    let t = text.as_bytes();
    let l = literal.as_bytes();
    (t.len() >= l.len() && t[..l.len()].eq_ignore_ascii_case(l)).then_some(l.len())
}

fn find_literal(text: &str, literal: &str) -> Option<usize> {
    let lower_text = text.to_ascii_lowercase();
    lower_text.find(&literal.to_ascii_lowercase())
}

/// Matches `message` against `template`; on success, the placeholder values in order.
/// A placeholder takes the shortest text up to the next literal; the last one takes the rest.
pub fn captures<'m>(template: &'static str, message: &'m str) -> Option<Vec<Capture<'m>>> {
    let message = message.trim();
    let message = message.strip_suffix('.').unwrap_or(message).trim_end();
    let pieces = pieces(template);
    let mut pos = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        match pieces[i] {
            Piece::Literal(lit) => {
                pos += strip_literal(&message[pos..], lit)?;
            }
            Piece::Hole(name) => {
                let end = match pieces.get(i + 1) {
                    Some(Piece::Literal(next)) => pos + find_literal(&message[pos..], next)?,
                    Some(Piece::Hole(_)) => return None,
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
        i += 1;
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
