//! Hard-wrapped lines joined again. A terminal's copy (Windows' console host), a mail client or a ticket
//! form cuts long lines at its width, inside a word or a URL: the request line loses its operation, the
//! message its code. A long line is held until the next one shows whether it went on: a next line that
//! starts like no record of its own (no log prefix, mark, indentation, bracket or prompt) and does not start
//! a new sentence after a finished one or after a URL is its rest. Lines as wide as the first piece go on
//! being held, so a line cut into three pieces is whole again too.

use super::layers::log_prefix_len;
use super::recognize::{status_of_reason, three_digit_status};

/// Shortest line taken to be cut at a width: narrower windows than this are rare, and shorter lines are
/// mostly whole.
pub(super) const MIN_WIDTH: usize = 64;

/// Bytes two lines share at their start when they are records of one log (see [`is_rest`]).
const SAME_START: usize = 4;

/// Longest line rebuilt: past this a line is data, not a wrapped paste.
const MAX_JOINED: usize = 64 * 1024;

/// Whether `line` may be the first piece of a hard-wrapped line: wide enough, and not JSON (a wrapped JSON
/// text is read across lines by the candidate of its own).
pub(super) fn may_be_cut(line: &str) -> bool {
    line.len() >= MIN_WIDTH && memchr::memchr(b'{', line.as_bytes()).is_none()
}

/// A line held for its rest.
#[derive(Debug)]
pub(super) struct Held {
    number: u64,
    text: String,
    /// The first piece's width in bytes (characters, in the ASCII a wrapped request or message mostly is): a
    /// piece as wide is cut again.
    width: usize,
    /// Under a layer every piece carries (see [`under_shared_layer`]): the first piece's width under it,
    /// once known (0 before).
    piece: usize,
}

/// What the next line made of a held one.
pub(super) enum Joined {
    /// The held line with its rest: read it whole, as line `.0`.
    Whole(u64, String),
    /// The rest was as wide as the first piece: it may go on again.
    GoesOn(Held),
    /// The next line is no rest: read the held line as it was (then the next one). With its log prefix's
    /// length when that was read here (`Some(None)`: it has none), so it is not read twice.
    No(u64, String, Option<Option<usize>>),
}

impl Held {
    /// Holds line `number`, copied into `buf` (a buffer given back after use: a long line is held on every
    /// line of a log of long lines, so no allocation per line).
    pub(super) fn new(number: u64, text: &str, mut buf: String) -> Held {
        buf.clear();
        buf.push_str(text);
        Held {
            number,
            text: buf,
            width: text.len(),
            piece: 0,
        }
    }

    /// The held line as it came.
    pub(super) fn into_line(self) -> (u64, String) {
        (self.number, self.text)
    }

    /// The held line joined with `next` when `next` is its rest.
    pub(super) fn join(mut self, next: &str) -> Joined {
        // A wrapped paste that was then quoted, logged or indented: each piece carries the layer (quote
        // marks, a log prefix, blanks). The lines are weighed, and joined, without it; the first piece
        // under it must be as wide as a window cuts (a log's short records are whole).
        let first = self.piece == 0;
        let mut prefix = None;
        let (held, rest, layered) = under_shared_layer(
            &self.text,
            next,
            if first { MIN_WIDTH } else { 0 },
            &mut prefix,
        );
        if (layered && first && held.len() < MIN_WIDTH)
            || !is_rest(held, rest)
            || self.text.len() + rest.len() > MAX_JOINED
        {
            return Joined::No(self.number, self.text, prefix);
        }
        if layered && first {
            self.piece = held.len();
        }
        let goes_on = if layered {
            rest.len() == self.piece
        } else {
            next.len() == self.width
        };
        self.text.push_str(rest);
        if goes_on {
            return Joined::GoesOn(self);
        }
        Joined::Whole(self.number, self.text)
    }
}

/// `held` and `next` without the layer both carry (the same quote marks, log prefixes, the same blanks),
/// and whether there was one.
/// A log prefix is taken off only when `held` has at least `min` bytes under it (the next line's prefix is
/// not read otherwise: a log of long records meets this on every line).
/// `prefix`: set to the log prefix's length of `held` itself, when read.
fn under_shared_layer<'a, 'b>(
    held: &'a str,
    next: &'b str,
    min: usize,
    prefix: &mut Option<Option<usize>>,
) -> (&'a str, &'b str, bool) {
    let (mut h, mut n, mut layered) = (held, next, false);
    for _ in 0..4 {
        let marks = quote_marks(h);
        if marks > 0 && n.get(..marks) == Some(&h[..marks]) {
            (h, n, layered) = (&h[marks..], &n[marks..], true);
            continue;
        }
        let blanks = h.bytes().take_while(|&c| c == b' ').count();
        if blanks > 0
            && n.get(..blanks)
                .is_some_and(|b| b.bytes().all(|c| c == b' '))
        {
            (h, n, layered) = (&h[blanks..], &n[blanks..], true);
            continue;
        }
        // The cheap test first: both start like a log record (a digit, a bracket or a capital).
        let stamp = |s: &str| {
            s.as_bytes()
                .first()
                .is_some_and(|c| c.is_ascii_digit() || *c == b'[')
        };
        if stamp(h) && stamp(n) && h.len() >= min {
            let whole = log_prefix_len(h);
            if h.len() == held.len() {
                *prefix = Some(whole);
            }
            let a = whole.filter(|&a| a > 0 && h.len() - a >= min);
            if let Some((a, b)) = a.and_then(|a| Some((a, log_prefix_len(n)?))) {
                if b > 0 {
                    (h, n, layered) = (&h[a..], &n[b..], true);
                    continue;
                }
            }
        }
        break;
    }
    (h, n, layered)
}

/// The length of the markdown quote marks `line` starts with (`> `, `> > `, `>`).
fn quote_marks(line: &str) -> usize {
    let b = line.as_bytes();
    let mut at = 0;
    while b.get(at) == Some(&b'>') {
        at += 1;
        if b.get(at) == Some(&b' ') {
            at += 1;
        }
    }
    at
}

/// Whether `next` reads as the rest of `line`, cut at the width.
fn is_rest(line: &str, next: &str) -> bool {
    // Lines that start alike (`2026-`, `[INFO`) are records of one log or paste, each whole: the cheapest
    // test, first, as a log of long lines meets it on every line.
    if next.len() >= SAME_START
        && line.as_bytes().get(..SAME_START) == next.as_bytes().get(..SAME_START)
    {
        return false;
    }
    // The cut may fall just before a blank: one blank, then text, still goes on (two make an indentation).
    let (next, before_blank) = match next.strip_prefix(' ') {
        Some(rest) if !line.ends_with(char::is_whitespace) => (rest, true),
        _ => (next, false),
    };
    let Some(first) = next.chars().next() else {
        return false;
    };
    // A stack frame (`at a.b(C.java:1)`) is a line of its own, its indentation taken off with a log prefix.
    if first == 'a' && super::exchange::is_stack_frame(next) {
        return false;
    }
    // A line of its own: indented, a mark of a transcript, quote or list, a bracket, a prompt. A list, diff,
    // comment, prompt or table mark stands before a blank; without one (`-frag2"`, `+00:00`) it is a cut.
    let mark_then_blank = matches!(first, '*' | '#' | '$' | '|' | '+' | '-')
        && next[1..].chars().next().is_none_or(char::is_whitespace);
    // A quote opens a line of its own, unless the cut left a key waiting for its value (`"target": `) or a
    // string open (an odd count of the quotes the rest starts with: `"message` cut before its closing one,
    // Python's `message='Too Many Requests` cut before its `'`).
    let mark = if first == '\'' { b'\'' } else { b'"' };
    // A cut just before a blank and a quote is a command line's next argument (`-Uri "https://…"`,
    // `-H "Authorization: …"`), not a line of its own: one blank is no indentation.
    let value_awaited = line.trim_end().ends_with(':')
        || line.bytes().filter(|&b| b == mark).count() % 2 == 1
        || (before_blank && !next.starts_with(' '));
    if first.is_whitespace()
        || mark_then_blank
        || matches!(first, '<' | '>' | '{' | '[')
        || (matches!(first, '"' | '\'') && !value_awaited)
        || next.starts_with("HTTP/")
        || next.starts_with("PS ")
        || is_status_with_reason(next)
    {
        return false;
    }
    // A label of its own first (`Invoke-RestMethod : …`, `requests.exceptions.HTTPError: …`, `Code: …`): a
    // record that starts, as clients and loggers print them.
    let token = next.split_whitespace().next().unwrap_or("");
    // A word cut in two (`…ClientRespo` + `nseError:`) is no label: the held line ends inside a word and the
    // rest goes on in lower case.
    let inside_word = line.ends_with(|c: char| c.is_ascii_alphanumeric())
        && token.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    // After a URL, though, a word then `: ` is a header printed under it (`request-id: …`): a URL's rest
    // holds no blank.
    // A cut right after one blank (`… Correlation ` + `ID: …`) leaves a word of the same text first, not a
    // record that starts: a printed line ends with no blank; padding (a table's) ends with several.
    let after_one_blank = line.ends_with(' ') && !line.ends_with("  ");
    // A dotted exception name (`requests.exceptions.ConnectionError:`) is a record that starts even after a
    // line that ended inside a word: a word's cut rest holds no dotted path to a capitalized name.
    let exception = token.ends_with(':')
        && token.contains('.')
        && token
            .rsplit('.')
            .next()
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_uppercase()));
    let is_label = token.ends_with(':')
        && token.starts_with(|c: char| c.is_alphanumeric())
        && (!inside_word || ends_in_url(line) || exception)
        && !after_one_blank;
    if is_label || next[token.len()..].trim_start().starts_with(": ") {
        return false;
    }
    // A sentence that ended, then one that starts: two lines, not one cut. A `;` separates parts of one
    // record (a header's parameters: `odata.streaming=true; IEEE754Compatible=false`), so it ends none.
    let ended = line.trim_end().ends_with(['.', '!', '?', ':', ')']);
    if ended && first.is_uppercase() {
        return false;
    }
    // A line that ends in a URL, then a sentence that starts (wget's `Connecting to 10.0.0.1:8080...` under
    // its `--date--  URL` line): the rest of a URL cut at the width goes on with the URL's own characters up
    // to its end, never with a capitalized word and then words.
    if ends_in_url(line) && starts_sentence(next) {
        return false;
    }
    // A log record of its own (time stamp, level): last, as the dearest test.
    log_prefix_len(next).is_none()
}

/// Whether `next` is a status and its reason phrase (`400 Bad Request` under a pasted request line), or a
/// status alone (Postman's console prints the request line, then `400`).
fn is_status_with_reason(next: &str) -> bool {
    let Some((number, reason)) = next.split_once(' ') else {
        return three_digit_status(next.trim_end(), 100).is_some();
    };
    three_digit_status(number, 100)
        .is_some_and(|status| status_of_reason(reason.trim()) == Some(status))
}

/// Whether the last word of `line` is a URL (`scheme://…`).
fn ends_in_url(line: &str) -> bool {
    line.rsplit(' ').next().is_some_and(|w| w.contains("://"))
}

/// Whether `next` starts like a sentence: a capitalized word of letters, a blank, then a word in lower case
/// (`Connecting to …`, `Resolving host…`, `Saving to: …`).
fn starts_sentence(next: &str) -> bool {
    let mut words = next.splitn(3, ' ');
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let mut letters = first.chars();
    letters.next().is_some_and(char::is_uppercase)
        && letters.all(char::is_lowercase)
        && second.chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(line: &str) -> Held {
        assert!(may_be_cut(line), "{line}");
        Held::new(7, line, String::new())
    }

    #[test]
    fn a_single_quoted_string_cut_before_its_quote_is_whole_again() {
        let line =
            "  aiohttp.client_exceptions.ClientResponseError: 429, message='Too Many Requests";
        assert!(matches!(
            held(line).join("', url='https://api.securitycenter.microsoft.com/api/x'"),
            Joined::Whole(..)
        ));
        // A closed one: the quote opens a line of its own.
        let line = "  the call failed with message='Too Many Requests' and the client gave up then";
        assert!(matches!(held(line).join("'next'"), Joined::No(..)));
    }

    #[test]
    fn a_url_cut_at_the_width_is_whole_again() {
        let line =
            "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.";
        match held(line).join("securitycenter.microsoft.com/api/machines/m/isolate") {
            Joined::Whole(7, whole) => {
                assert!(whole
                    .ends_with("https://api.securitycenter.microsoft.com/api/machines/m/isolate"))
            }
            _ => panic!("not joined"),
        }
    }

    #[test]
    fn a_header_cut_after_a_semicolon_is_whole_again() {
        let line =
            "< Content-Type: application/json; odata.metadata=minimal; odata.streaming=true; ";
        assert!(matches!(
            held(line).join("IEEE754Compatible=false; charset=utf-8"),
            Joined::Whole(..)
        ));
    }

    #[test]
    fn a_word_cut_before_its_colon_is_whole_again() {
        let line =
            "2026-11-01 10:00:00,000 DEBUG mde.client - aiohttp.client_exceptions.ClientRespo";
        assert!(matches!(
            held(line).join(
                "nseError: 429, message='Too Many Requests', url='https://api.securitycenter.micr"
            ),
            Joined::GoesOn(..)
        ));
        // After a finished word, a label is a record of its own.
        let line =
            "2026-11-01 10:00:00,000 DEBUG mde.client - the call failed after three retries.";
        assert!(matches!(
            held(line).join("requests.exceptions.HTTPError: 403"),
            Joined::No(..)
        ));
    }

    #[test]
    fn a_cut_before_a_dash_is_whole_again() {
        let line =
            r#">   "code": "TooManyRequests", "message": "Rate limit is exceeded", "target": "t"#;
        assert!(matches!(held(line).join("-frag2\""), Joined::Whole(..)));
        assert!(matches!(held(line).join("- a list item"), Joined::No(..)));
        let line =
            r#"> >   "code": "TooManyRequests", "message": "Rate limit is exceeded", "target": "#;
        assert!(matches!(held(line).join("\"t-frag2\""), Joined::Whole(..)));
        let line =
            "2026-11-01 10:00:00,000 DEBUG mde.client -   \"code\": \"TooManyRequests\", \"message";
        assert!(matches!(
            held(line).join("\": \"Rate limit\""),
            Joined::Whole(..)
        ));
    }

    #[test]
    fn a_quoted_line_cut_is_whole_again_without_the_rests_marks() {
        let line = "> > 2026-11-01T10:00:00Z ERROR Invoke-RestMethod failed with status 403 for url: https://api.";
        match held(line).join("> > securitycenter.microsoft.com/api/machines") {
            Joined::Whole(_, whole) => {
                assert!(whole.ends_with("https://api.securitycenter.microsoft.com/api/machines"))
            }
            _ => panic!("not joined"),
        }
        // A new quoted record is no rest.
        assert!(matches!(
            held(line).join("> > 2026-11-01T10:00:01Z INFO retrying"),
            Joined::No(..)
        ));
    }

    #[test]
    fn a_cut_before_a_blank_is_whole_again() {
        let line =
            "aiohttp.client_exceptions.ClientResponseError: 429, message='Too Many Requests',";
        assert!(matches!(
            held(line).join(" url='https://h/api/advancedqueries/run'"),
            Joined::Whole(..)
        ));
        assert!(matches!(held(line).join("  indented"), Joined::No(..)));
        // A cut just after a blank: the next word is the text's, even a label's (`Correlation ` + `ID: …`).
        let line =
            "2026-11-01 10:00:00,000 DEBUG mde.client - ERROR: AADSTS7000215: Trace Correlation ";
        assert!(matches!(
            held(line)
                .join("ID: 7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e Timestamp: 2026-12-07 07:00:00Z"),
            Joined::Whole(..)
        ));
        // A command line's next argument is a quoted one, the cut just before its blank.
        for (line, next) in [
            (
                "2026-11-01 10:00:02,002 DEBUG mde.client - + Invoke-RestMethod -Method Post -Uri",
                " \"https://api.securitycenter.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932",
            ),
            (
                "curl -sS -X POST https://api.securitycenter.microsoft.com/api/machines/m/isolate -H",
                " \"Authorization: Bearer x\" -d @body.json",
            ),
        ] {
            assert!(
                !matches!(held(line).join(next), Joined::No(..)),
                "{line} + {next}"
            );
        }
    }

    #[test]
    fn a_line_cut_twice_is_held_until_its_last_piece() {
        let a = "a".repeat(70);
        let Joined::GoesOn(h) = held(&a).join(&"b".repeat(70)) else {
            panic!("a piece as wide goes on");
        };
        let Joined::Whole(_, whole) = h.join("ccc") else {
            panic!("the last piece ends it");
        };
        assert_eq!(whole.len(), 143);
    }

    #[test]
    fn lines_of_their_own_are_not_joined() {
        let line =
            "2026-11-01 10:00:00 ERROR the call to the machines API failed after three retries.";
        for next in [
            "2026-11-01 10:00:01 INFO retrying",
            "  at Module.run (index.js:3:1)",
            "< HTTP/1.1 403 Forbidden",
            "{\"error\":{}}",
            "",
            "The next sentence starts here.",
            "PS C:\\> Invoke-RestMethod",
            "Invoke-RestMethod : The remote server returned an error: (429) Too Many Requests.",
            "requests.exceptions.HTTPError: 403 Client Error",
        ] {
            assert!(matches!(held(line).join(next), Joined::No(7, ..)), "{next}");
        }
        // A URL that ends its line, then a sentence (wget's next line), however long the URL line is.
        let url_line =
            "--2026-12-07 06:54:25--  https://api.security.microsoft.com/api/machines/deadbeef";
        for next in [
            "Connecting to 127.0.0.1:8765... connected.",
            "404 Not Found",
            "Resolving api.security.microsoft.com (api.security.microsoft.com)... 20.1.2.3",
        ] {
            assert!(
                matches!(held(url_line).join(next), Joined::No(7, ..)),
                "{next}"
            );
        }
        // A URL cut inside goes on with its own characters, even capitalized ones.
        for rest in ["Package HTTP/1.1", "Isolate", "machines/m/isolate"] {
            assert!(
                matches!(held(url_line).join(rest), Joined::Whole(7, _)),
                "{rest}"
            );
        }
        // Short lines and JSON are never held.
        assert!(!may_be_cut("short line"));
        assert!(!may_be_cut(&format!(
            "{{\"error\":\"{}\"}}",
            "x".repeat(80)
        )));
    }
}
