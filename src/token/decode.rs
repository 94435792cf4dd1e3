//! Finding the bearer token in what the user gave (raw JWT, `Bearer …`, an `Authorization:` line, a `curl -v`
//! transcript, a token response) and decoding its header and claims: base64url and JSON, no signature check.
//! Segments are read strictly, so the first bad character of a cut token is named.

use std::fmt;

use serde_json::{Map, Value};

/// A bearer token. Never printed: `Debug` shows `[redacted]` and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token(String);

impl Token {
    /// Wraps a token string.
    pub(crate) fn new(text: impl Into<String>) -> Token {
        Token(text.into())
    }

    /// The token's characters, for decoding only; callers must never write them out.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why a token could not be read. Messages never quote the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// The input holds nothing that looks like a token.
    NotFound,
    /// A token without the three dot-separated parts of a JWT.
    Opaque { len: usize, parts: usize },
    /// Five parts: an encrypted token (JWE), whose claims only the resource can read.
    Encrypted,
    /// A part that is not base64url: which part and the 1-based position of the first bad character.
    Base64 { part: &'static str, position: usize },
    /// A part that decodes but is not a JSON object.
    Json { part: &'static str, reason: String },
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::NotFound => f.write_str("no bearer token found in the input"),
            TokenError::Opaque { len, parts } => {
                let shape = match parts {
                    1 => "no dots".to_string(),
                    n => format!("{n} dot-separated parts"),
                };
                write!(
                    f,
                    "opaque token ({len} characters, {shape}): not a JWT, so its claims cannot be read offline"
                )
            }
            TokenError::Encrypted => f.write_str(
                "encrypted token (JWE, five parts): only the service it was issued for can read its claims",
            ),
            TokenError::Base64 { part, position } => write!(
                f,
                "the {part} segment is not base64url (bad character at position {position})"
            ),
            TokenError::Json { part, reason } => {
                write!(f, "the {part} segment does not decode to a JSON object: {reason}")
            }
        }
    }
}

impl std::error::Error for TokenError {}

/// Characters a bearer token may hold (RFC 6750 b64token; JWTs use only base64url and dots).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=')
}

/// The token-character run at the start of `text` (after leading blanks and an optional quote).
fn token_run(text: &str) -> Option<&str> {
    let text = text.trim_start_matches([' ', '\t', '"', '\'']);
    let end = text.find(|c: char| !is_token_char(c)).unwrap_or(text.len());
    let run = &text[..end];
    (run.len() >= 8).then_some(run)
}

/// Finds `needle` (ASCII) in `hay` ignoring case; returns the byte index after it.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?)
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
        .map(|i| i + n.len())
}

/// What follows `Bearer ` in `text`, if it holds that word.
fn after_bearer(text: &str) -> Option<&str> {
    let at = find_ci(text, "bearer")?;
    let rest = &text[at..];
    rest.starts_with([' ', '\t'])
        .then_some(rest)
        .and_then(token_run)
}

/// Finds the bearer token in `input`: an `Authorization:` header line first (curl `-v` prints it after `> `,
/// curl commands after `-H "`), then `Bearer <token>`, then a JWT anywhere (`eyJ…` with two dots, as in a
/// token response), then the whole input when it is one token-shaped word.
pub(crate) fn extract(input: &str) -> Result<Token, TokenError> {
    for line in input.lines() {
        if let Some(at) = find_ci(line, "authorization:") {
            let value = &line[at..];
            if let Some(token) = after_bearer(value).or_else(|| token_run(value)) {
                // `Bearer` glued to the token (`BearereyJ…`): the token starts after the word.
                let token = token
                    .get(..9)
                    .filter(|p| p[..6].eq_ignore_ascii_case("bearer") && p.ends_with("eyJ"))
                    .map_or(token, |_| &token[6..]);
                return Ok(Token::new(token));
            }
        }
    }
    for line in input.lines() {
        if let Some(token) = after_bearer(line) {
            return Ok(Token::new(token));
        }
    }
    let mut from = 0;
    while let Some(i) = input[from..].find("eyJ") {
        let start = from + i;
        // Only at a word start, so a base64 blob that merely contains "eyJ" is not cut in half.
        let at_boundary = input[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_token_char(c));
        if at_boundary {
            if let Some(run) = token_run(&input[start..]) {
                if run.matches('.').count() >= 2 {
                    return Ok(Token::new(run));
                }
            }
        }
        from = start + 3;
    }
    let trimmed = input.trim();
    if !trimmed.is_empty() && trimmed.len() >= 8 && trimmed.chars().all(is_token_char) {
        return Ok(Token::new(trimmed));
    }
    Err(TokenError::NotFound)
}

/// How an `Authorization:` header in the input fails to say `Bearer `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchemeProblem {
    /// The value is the token itself (or `Bearer` glued to it).
    Missing,
    /// Another scheme word before the token (`Token eyJ…`, `JWT eyJ…`); letters only, so safe to quote.
    Other(String),
}

/// Checks the first `Authorization:` header that holds a token: `None` when it says `Bearer <token>` (or the
/// input has no such header), else what is wrong with its scheme.
pub(crate) fn scheme_problem(input: &str) -> Option<SchemeProblem> {
    for line in input.lines() {
        let Some(at) = find_ci(line, "authorization:") else {
            continue;
        };
        let value = &line[at..];
        if after_bearer(value).is_some() {
            return None;
        }
        if token_run(value).is_some() {
            return Some(SchemeProblem::Missing);
        }
        let value = value.trim_start_matches([' ', '\t', '"', '\'']);
        if let Some((word, rest)) = value.split_once([' ', '\t']) {
            let word_ok =
                (1..=20).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphabetic());
            if word_ok && token_run(rest).is_some_and(|t| t.starts_with("eyJ")) {
                return Some(SchemeProblem::Other(word.to_string()));
            }
        }
    }
    None
}

/// Decodes one base64url segment (padding optional; `+` and `/` of standard base64 tolerated, as some tools
/// re-encode). On failure returns the 1-based position of the first bad character.
fn base64url_decode(text: &str) -> Result<Vec<u8>, usize> {
    crate::base64::decode(text, crate::base64::Strictness::Strict)
}

/// The decoded parts of a JWT; the signature is dropped, never kept: only whether it was empty.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub(crate) header: Map<String, Value>,
    pub(crate) claims: Map<String, Value>,
    /// Nothing after the second dot: an unsigned token.
    pub(crate) signature_empty: bool,
}

fn json_object(part: &'static str, segment: &str) -> Result<Map<String, Value>, TokenError> {
    let bytes =
        base64url_decode(segment).map_err(|position| TokenError::Base64 { part, position })?;
    let parsed = serde_json::from_slice::<Value>(&bytes).or_else(|e| {
        // Valid JSON serde_json refuses (a claim like `1e400`): read it again, keeping such numbers as text.
        std::str::from_utf8(&bytes)
            .ok()
            .filter(|_| e.to_string().starts_with("number out of range"))
            .and_then(|text| crate::lint::json::parse(text).ok())
            .map(|node| crate::lint::json::to_serde(&node))
            .ok_or(e)
    });
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(TokenError::Json {
            part,
            reason: "JSON, but not an object".into(),
        }),
        // Say where, not what: serde's wording never quotes input for `Value`, but keep it to position only.
        Err(e) => Err(TokenError::Json {
            part,
            reason: format!("invalid JSON at line {} column {}", e.line(), e.column()),
        }),
    }
}

/// Splits and decodes a JWT.
pub(crate) fn decode(token: &Token) -> Result<Decoded, TokenError> {
    let text = token.expose();
    let parts: Vec<&str> = text.split('.').collect();
    match parts.len() {
        3 => {}
        // `header.payload` with no signature part at all: an unsigned JWT written without its last dot. Read
        // as one with an empty signature when both parts are JSON, so an unsigned ID token is still named.
        2 if parts[0].starts_with("eyJ") && parts[1].starts_with("eyJ") => {
            if let (Ok(header), Ok(claims)) = (
                json_object("header", parts[0]),
                json_object("payload", parts[1]),
            ) {
                return Ok(Decoded {
                    header,
                    claims,
                    signature_empty: true,
                });
            }
            return Err(TokenError::Opaque {
                len: text.len(),
                parts: 2,
            });
        }
        5 => return Err(TokenError::Encrypted),
        n => {
            return Err(TokenError::Opaque {
                len: text.len(),
                parts: n,
            })
        }
    }
    // A dotted word that is not base64 JSON at all (no `eyJ` = `{"` start) is still opaque, not a broken JWT.
    if !parts[0].starts_with("eyJ") && base64url_decode(parts[0]).is_err() {
        return Err(TokenError::Opaque {
            len: text.len(),
            parts: 3,
        });
    }
    let header = json_object("header", parts[0])?;
    let claims = json_object("payload", parts[1])?;
    Ok(Decoded {
        header,
        claims,
        signature_empty: parts[2].is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2ln";

    #[test]
    fn debug_never_shows_the_token() {
        let t = Token::new("eyJsecret.eyJsecret.sig");
        assert_eq!(format!("{t:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&t)), "Some([redacted])");
    }

    #[test]
    fn finds_the_token_in_every_accepted_shape() {
        for input in [
            JWT.to_string(),
            format!("Bearer {JWT}"),
            format!("bearer {JWT}\n"),
            format!("Authorization: Bearer {JWT}"),
            format!("* Connected\n> POST /api/machines/1/isolate HTTP/2\n> Host: x\n> authorization: Bearer {JWT}\r\n> \n< HTTP/2 403\n"),
            format!("curl -H \"Authorization: Bearer {JWT}\" https://x"),
            format!("{{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"{JWT}\"}}"),
        ] {
            assert_eq!(extract(&input), Ok(Token::new(JWT)), "{input}");
        }
    }

    #[test]
    fn authorization_without_bearer_is_named() {
        assert_eq!(
            scheme_problem(&format!("Authorization: Bearer {JWT}")),
            None
        );
        assert_eq!(
            scheme_problem(&format!("> authorization: bearer {JWT}\r\n")),
            None
        );
        assert_eq!(
            scheme_problem(JWT),
            None,
            "no header line, nothing to judge"
        );
        assert_eq!(
            scheme_problem(&format!("Authorization: {JWT}")),
            Some(SchemeProblem::Missing)
        );
        assert_eq!(
            scheme_problem(&format!("-H 'Authorization: Bearer{JWT}'")),
            Some(SchemeProblem::Missing)
        );
        assert_eq!(
            scheme_problem(&format!("Authorization: Token {JWT}")),
            Some(SchemeProblem::Other("Token".into()))
        );
        // A long or non-letter word is never quoted back.
        assert_eq!(scheme_problem(&format!("Authorization: x1 {JWT}")), None);
        // The token is still found in every one of these shapes.
        for input in [
            format!("Authorization: {JWT}"),
            format!("Authorization: Token {JWT}"),
            format!("Authorization: Bearer{JWT}"),
        ] {
            assert_eq!(extract(&input), Ok(Token::new(JWT)), "{input}");
        }
    }

    #[test]
    fn an_empty_signature_is_noted() {
        let d = decode(&Token::new("eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.")).unwrap();
        assert!(d.signature_empty);
        assert!(!decode(&Token::new(JWT)).unwrap().signature_empty);
    }

    #[test]
    fn nothing_token_like_is_not_found() {
        assert_eq!(extract(""), Err(TokenError::NotFound));
        assert_eq!(extract("hello world, no token"), Err(TokenError::NotFound));
        assert_eq!(extract("Authorization: \n"), Err(TokenError::NotFound));
    }

    #[test]
    fn decodes_header_and_claims_and_drops_the_signature() {
        let d = decode(&Token::new(JWT)).unwrap();
        assert_eq!(d.header["alg"], "none");
        assert_eq!(d.claims["aud"], "x");
    }

    #[test]
    fn shapes_that_are_not_jwts_are_named() {
        assert!(matches!(
            decode(&Token::new("EwBwA8l6BAAURSN/FHlDW5xN")),
            Err(TokenError::Opaque { parts: 1, .. })
        ));
        assert!(matches!(
            decode(&Token::new("a.b.c.d.e")),
            Err(TokenError::Encrypted)
        ));
        assert!(matches!(
            decode(&Token::new("eyJhbGciOiJub25lIn0.eyJ!!.sig")),
            Err(TokenError::Base64 {
                part: "payload",
                position: 4
            })
        ));
        assert!(matches!(
            decode(&Token::new("eyJhbGciOiJub25lIn0.bm90IGpzb24.sig")),
            Err(TokenError::Json {
                part: "payload",
                ..
            })
        ));
    }

    #[test]
    fn any_bytes_neither_panic_nor_leak() {
        for input in [
            "\u{0}",
            "eyJ",
            "eyJ..",
            "...",
            "Bearer ",
            "Authorization: Bearer \u{1b}[31m",
            "é.é.é",
        ] {
            let _ = extract(input).and_then(|t| decode(&t));
        }
        let err = decode(&Token::new("eyJzZWNyZXQ.eyJzZWNyZXQ!.c2ln")).unwrap_err();
        assert!(!err.to_string().contains("eyJzZWNyZXQ"), "{err}");
    }
}
