//! Secrets in the input (bearer tokens, Authorization headers, client secrets, SAS `sig=`) are never echoed:
//! they live in a redacting newtype, and any input-derived text is scrubbed before it reaches a renderer.

use std::borrow::Cow;
use std::fmt;

/// What every secret is shown as.
pub(crate) const REDACTED: &str = "[redacted]";

/// A secret value: kept for code that must inspect it (the token doctor), never printed by `Debug`/`Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    /// Wraps a secret.
    pub fn new(secret: T) -> Self {
        Redacted(secret)
    }

    /// The secret itself: call only to inspect it, never to print it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Keys whose value is a secret in a query string, form body or header-like text (compared ignoring case).
const SECRET_KEYS: [&str; 6] = [
    "client_secret=",
    "sig=",
    "access_token=",
    "refresh_token=",
    "client_assertion=",
    "code=",
];

/// Where `needle` first occurs in `hay` at or after `from`, ignoring ASCII case.
pub(crate) fn find_ignore_case(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    if hay.len() < needle.len() {
        return None;
    }
    // Jump between the first byte's two cases (a fast scan), then compare the rest.
    let last_start = hay.len() - needle.len();
    let mut at = from;
    while at <= last_start {
        let window = &hay[at..=last_start];
        let i = at
            + memchr::memchr2(
                first.to_ascii_lowercase(),
                first.to_ascii_uppercase(),
                window,
            )?;
        if hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Whether `text` may hold a secret at all; a cheap test so clean text is borrowed unchanged: a trigger
/// ([`trigger_at`]) anywhere.
fn may_hold_secret(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() <= SHORT_TEXT {
        may_hold_secret_short(b)
    } else {
        may_hold_secret_long(b)
    }
}

/// Up to this length eight bytes are tested at a time in a register, which beats the vectorized searches:
/// each `memchr` call costs a setup that a code, an id or a one-sentence message does not repay, and a byte
/// loop costs eight instructions a byte (callgrind, summary-ndjson).
const SHORT_TEXT: usize = 256;

/// Whether the trigger byte at `i` starts (or, for `z`, sits inside) a trigger: `=`, the `J` of `eyJ`, the
/// `b` of `bearer ` or the `z` of `authorization` followed by `:` (past blanks and quotes), in either case:
/// the forms [`secret_spans`] reads a secret after. "Authorization has been denied" is none of them (a 401's
/// every message: the full search found nothing there). Any other byte: `false`.
#[inline]
pub(crate) fn trigger_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'=' => true,
        b'J' => i >= 2 && &b[i - 2..i] == b"ey",
        b'b' | b'B' => b
            .get(i..i + 7)
            .is_some_and(|w| w[..6].eq_ignore_ascii_case(b"bearer") && w[6] == b' '),
        // The z of "authorization" is its 8th byte.
        b'z' | b'Z' => i
            .checked_sub(7)
            .and_then(|s| b.get(s..s + 13))
            .is_some_and(|w| w.eq_ignore_ascii_case(b"authorization") && colon_after(b, i + 6)),
        _ => false,
    }
}

/// Whether a `:` follows `at`, past spaces and quotes (`"Authorization": "…"`, `Authorization : …`).
fn colon_after(b: &[u8], at: usize) -> bool {
    b.get(at..)
        .and_then(|rest| rest.iter().find(|&&c| c != b' ' && c != b'"'))
        == Some(&b':')
}

/// The bytes of the word `w` where a trigger may stand (the high bit of each): `=`, `J`, `b` before `e`
/// and `z` in either case, and the few other bytes that fold onto them; only [`trigger_at`] tells.
#[inline]
fn trigger_candidates(w: u64) -> u64 {
    use crate::swar::{splat, zero_bytes_rough as zero};
    // Setting bit 5 folds `J`, `B`, `Z` onto `j`, `b`, `z` and keeps `=`. A zero byte becomes a blank, no
    // candidate. The rough masks add candidates above real ones, never lose one.
    let x = w | splat(0x20);
    // A `b` counts only before an `e` (or at the word's end, whose next byte is not seen here): hex ids are
    // full of `b`s, and "be" is rarer.
    let be = zero(x ^ splat(b'b')) & ((zero(x ^ splat(b'e')) >> 8) | 1 << 63);
    zero(x ^ splat(b'=')) | zero(x ^ splat(b'j')) | be | zero(x ^ splat(b'z'))
}

fn may_hold_secret_short(b: &[u8]) -> bool {
    use crate::swar::{word, word_starts};
    word_starts(b.len()).any(|base| {
        let mut candidates = trigger_candidates(word(b, base));
        while candidates != 0 {
            if trigger_at(b, base + candidates.trailing_zeros() as usize / 8) {
                return true;
            }
            candidates &= candidates - 1;
        }
        false
    })
}

fn may_hold_secret_long(b: &[u8]) -> bool {
    // Vectorized searches for the rare trigger bytes, each candidate checked in place: many messages have a
    // 'z' ("authorized", "organization") and a byte-by-byte walk of those was a visible cost.
    memchr::memchr3_iter(b'=', b'J', b'z', b).any(|i| trigger_at(b, i))
        || memchr::memchr_iter(b'Z', b).any(|i| trigger_at(b, i))
        || memchr::memchr2_iter(b'b', b'B', b).any(|i| trigger_at(b, i))
}

/// Where a secret value that starts at `start` ends: at whitespace, `&`, a quote or a delimiter.
fn value_end(b: &[u8], start: usize) -> usize {
    b[start..]
        .iter()
        .position(|&c| {
            c.is_ascii_whitespace() || matches!(c, b'&' | b'"' | b'\'' | b',' | b';' | b'<' | b'>')
        })
        .map_or(b.len(), |p| start + p)
}

/// Replaces every secret in `text` by `[redacted]`: `Bearer <token>`, an `Authorization:` header value, JWTs
/// (`eyJ…`), and the values of `client_secret=`, `sig=` and other token parameters.
pub(crate) fn scrub(text: &str) -> Cow<'_, str> {
    replace_secrets(text, |out, _| out.push_str(REDACTED))
}

/// Like [`scrub`], but every character of a secret becomes `*`, so positions in the text stay valid (a lint
/// excerpt keeps its caret under the right column).
pub(crate) fn mask(text: &str) -> Cow<'_, str> {
    replace_secrets(text, |out, secret| out.extend(secret.chars().map(|_| '*')))
}

/// Copies `text`, letting `replace` write something in place of each (merged) secret span.
fn replace_secrets(text: &str, replace: impl Fn(&mut String, &str)) -> Cow<'_, str> {
    let spans = secret_spans(text);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (start, end) in spans {
        if end <= pos {
            continue;
        }
        let start = start.max(pos);
        out.push_str(&text[pos..start]);
        replace(&mut out, &text[start..end]);
        pos = end;
    }
    out.push_str(&text[pos..]);
    Cow::Owned(out)
}

/// The byte spans of every secret in `text`, sorted by start (they may overlap).
fn secret_spans(text: &str) -> Vec<(usize, usize)> {
    if !may_hold_secret(text) {
        return Vec::new();
    }
    every_secret_span(text)
}

/// [`secret_spans`] without the cheap test first (a test holds the two equal).
fn every_secret_span(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    // Spans (start, end) of secret bytes, collected then replaced in one pass.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = find_ignore_case(b, b"authorization", from) {
        let mut j = i + "authorization".len();
        while j < b.len() && (b[j] == b' ' || b[j] == b'"') {
            j += 1;
        }
        if j < b.len() && b[j] == b':' {
            j += 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'"') {
                j += 1;
            }
            // Keep the scheme word (Bearer/Basic) visible; hide what follows it.
            let word_end = value_end(b, j);
            let scheme = &text[j..word_end];
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic") {
                let mut k = word_end;
                while k < b.len() && b[k] == b' ' {
                    k += 1;
                }
                let end = value_end(b, k);
                if end > k {
                    spans.push((k, end));
                }
            } else if word_end > j {
                spans.push((j, word_end));
            }
            from = word_end.max(i + 1);
        } else {
            from = i + 1;
        }
    }
    from = 0;
    while let Some(i) = find_ignore_case(b, b"bearer ", from) {
        let mut k = i + 7;
        while k < b.len() && b[k] == b' ' {
            k += 1;
        }
        let end = value_end(b, k);
        if end > k {
            spans.push((k, end));
        }
        from = i + 1;
    }
    // Every key ends with `=`: a text without one (most messages that get here, for "authorization") needs
    // none of these searches.
    let keys: &[&str] = if memchr::memchr(b'=', b).is_some() {
        &SECRET_KEYS
    } else {
        &[]
    };
    for key in keys {
        from = 0;
        while let Some(i) = find_ignore_case(b, key.as_bytes(), from) {
            // `code=` only as a whole parameter name (not `statuscode=`).
            let boundary = i == 0 || matches!(b[i - 1], b'?' | b'&' | b' ' | b'"' | b'\'');
            let start = i + key.len();
            let end = value_end(b, start);
            if boundary && end > start {
                spans.push((start, end));
            }
            from = i + 1;
        }
    }
    from = 0;
    while let Some(i) = memchr::memmem::find(&b[from..], b"eyJ").map(|p| p + from) {
        let end = b[i..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
            .map_or(b.len(), |p| i + p);
        // A JWT has two dots; shorter base64 fragments are left alone.
        if b[i..end].iter().filter(|&&c| c == b'.').count() >= 2 {
            spans.push((i, end));
        }
        from = end.max(i + 1);
    }
    spans.sort_unstable();
    spans
}

/// [`scrub`] into an owned string.
pub(crate) fn scrubbed(text: &str) -> String {
    scrub(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain byte loop `may_hold_secret` must agree with.
    fn may_hold_secret_slowly(b: &[u8]) -> bool {
        b.iter().enumerate().any(|(i, &c)| match c {
            b'=' => true,
            b'J' => i >= 2 && &b[i - 2..i] == b"ey",
            b'b' | b'B' => b
                .get(i..i + 7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"bearer ")),
            b'a' | b'A' => {
                b.get(i..i + 13)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"authorization"))
                    && b[i + 13..]
                        .iter()
                        .find(|&&c| c != b' ' && c != b'"')
                        .is_some_and(|&c| c == b':')
            }
            _ => false,
        })
    }

    proptest::proptest! {
        #[test]
        fn may_hold_secret_agrees_with_the_byte_loop(
            text in "([abeJyzZ=rBEARthoiunAUTHORIZN :\"]|bearer |BeArEr|eyJ|authorization|AUTHORIZATION|\\PC)*"
        ) {
            let slowly = may_hold_secret_slowly(text.as_bytes());
            proptest::prop_assert_eq!(may_hold_secret_short(text.as_bytes()), slowly);
            proptest::prop_assert_eq!(may_hold_secret_long(text.as_bytes()), slowly);
        }

        /// The cheap test lets through every text the full search would find a secret in.
        #[test]
        fn the_cheap_test_misses_no_secret(
            text in "([abeJyzZ=rBEARthoiunAUTHORIZN :\"&?.]|bearer |Bearer|eyJ|authorization|Authorization: |sig=|code=|client_secret=|\\PC)*"
        ) {
            if !may_hold_secret(&text) {
                proptest::prop_assert!(every_secret_span(&text).is_empty(), "{}", text);
            }
        }
    }

    #[test]
    fn may_hold_secret_finds_each_trigger_alone() {
        for (text, expected) in [
            ("hash abcdef is invalid", false),
            ("x BEARER y", true),
            ("x bearer", false),
            ("x bearer ", true),
            ("x beare", false),
            ("a=b", true),
            ("xeyJ", true),
            ("xJ", false),
            ("Authorization", false),
            ("Authorization has been denied for this request.", false),
            ("Authorization: Basic x", true),
            ("\"authorization\" : \"x\"", true),
            ("authorizatio:", false),
        ] {
            assert_eq!(may_hold_secret(text), expected, "{text}");
        }
    }

    const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl";

    #[test]
    fn mask_hides_secrets_and_keeps_positions() {
        let text = format!("a \"Bearer {JWT}\" é sig=abc&x=1");
        let masked = mask(&text);
        assert_eq!(masked.chars().count(), text.chars().count());
        assert!(
            !masked.contains("c2lnbmF0dXJl") && !masked.contains("abc"),
            "{masked}"
        );
        assert!(masked.ends_with("é sig=***&x=1"), "{masked}");
        assert!(matches!(mask("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let r = Redacted::new(JWT.to_string());
        assert_eq!(format!("{r:?} {r}"), "[redacted] [redacted]");
        assert_eq!(r.expose(), JWT);
    }

    #[test]
    fn authorization_header_keeps_scheme_hides_token() {
        let line = format!("> Authorization: Bearer {JWT}");
        assert_eq!(scrub(&line), "> Authorization: Bearer [redacted]");
        assert_eq!(
            scrub("authorization: sometoken"),
            "authorization: [redacted]"
        );
    }

    #[test]
    fn bare_jwt_and_bearer_word_are_hidden() {
        assert!(!scrub(&format!("token {JWT} used")).contains("eyJ"));
        assert_eq!(scrub("bearer abc.def"), "bearer [redacted]");
    }

    #[test]
    fn client_secret_and_sas_signature_are_hidden() {
        let s = scrub("grant_type=client_credentials&client_secret=s3cr3t~x&scope=x");
        assert_eq!(
            s,
            "grant_type=client_credentials&client_secret=[redacted]&scope=x"
        );
        let s = scrub("https://a.blob.core.windows.net/c/f.zip?sv=2020&sig=AbC%2Bd%3D&se=1");
        assert_eq!(
            s,
            "https://a.blob.core.windows.net/c/f.zip?sv=2020&sig=[redacted]&se=1"
        );
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            scrub("Missing application roles."),
            Cow::Borrowed(_)
        ));
        assert!(matches!(scrub("statuscode=403"), Cow::Borrowed(_)));
    }
}
