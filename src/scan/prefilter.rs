//! The checks before parsing: the words without which a JSON text holds no error we report. Each search is
//! built once; a line of a big log that fails them costs a few substring searches and no parse.

use std::sync::OnceLock;

use aho_corasick::{packed, Span};
use memchr::memmem;

/// A substring searcher built once (building one per line costs more than the search).
pub(super) struct Needle {
    word: &'static str,
    finder: OnceLock<memmem::Finder<'static>>,
}

impl Needle {
    pub(super) const fn new(word: &'static str) -> Needle {
        Needle {
            word,
            finder: OnceLock::new(),
        }
    }

    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        self.finder
            .get_or_init(|| memmem::Finder::new(self.word.as_bytes()))
            .find(hay)
    }

    pub(super) fn is_in(&self, hay: &[u8]) -> bool {
        self.find(hay).is_some()
    }
}

/// The words the checks before parsing look for. Each is searched with its first letter left out, so the
/// key in camelCase and in PascalCase (`error`/`Error`, `status`/`Status`: the reader takes keys in any
/// case) is found by one search; keys in capitals are not (no API or tool writes them).
static ERROR_KEY: Needle = Needle::new("rror");
static STATUS_KEY: Needle = Needle::new("tatus");
static IS_FAILED_KEY: Needle = Needle::new("sFailed");
/// The states of a MachineAction that failed.
const FAILED_STATES: [&str; 3] = ["Failed", "Cancelled", "TimeOut"];

/// The key of an error object without the `error` wrapper (`{"code":…,"message":…}`), in either case.
static CODE_KEY: Needle = Needle::new("ode\"");

/// The words of [`may_hold_error`]'s one pass, built once; `None` where no vectorized searcher can be built
/// (then the slow twin answers).
static WORDS: OnceLock<Option<packed::Searcher>> = OnceLock::new();

/// Whether a JSON text may hold an error response (checked before parsing: the words without which a JSON
/// text holds no error we report): an error key, a `statusCode` key, a `status` key whose value is a failed
/// state, an `isFailed` key that is `true`, or a `code` key (an error object without its wrapper).
///
/// One pass for all the words instead of a search each: a success line of a log holds "status" and was
/// read once per word (callgrind, summary-ndjson). The tests below hold it to the searches one by one.
pub fn may_hold_error(text: &[u8]) -> bool {
    let Some(searcher) = WORDS.get_or_init(|| {
        // The vectorized (Teddy) searcher alone, without the automaton around it: its layers cost more
        // than the search of a short line. Leftmost-first: the words start differently, so no two can
        // match at one start. `None` where the CPU has no vector instructions for it.
        packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend([
                STATUS_KEY.word,
                CODE_KEY.word,
                IS_FAILED_KEY.word,
                ERROR_KEY.word,
            ])
            .build()
    }) else {
        return may_hold_error_slowly(text);
    };
    let mut at = 0;
    while let Some(m) = searcher.find_in(text, Span::from(at..text.len())) {
        let after = &text[m.end()..];
        let hit = match m.pattern().as_usize() {
            0 => is_failed_status(after),
            2 => value_after_key(after).is_some_and(|v| v.starts_with(b"true")),
            // `ode"` and `rror`: the word alone decides.
            _ => true,
        };
        if hit {
            return true;
        }
        // Words may overlap ("status" and "sFailed" share an s): go on from the next byte.
        at = m.start() + 1;
    }
    false
}

/// [`may_hold_error`] as four searches, one per word: its slow twin.
fn may_hold_error_slowly(text: &[u8]) -> bool {
    ERROR_KEY.is_in(text) || may_hold_error_but_error_key_slowly(text)
}

/// The part of [`may_hold_error_slowly`] after the error key: the other three words.
fn may_hold_error_but_error_key_slowly(text: &[u8]) -> bool {
    failed_status_at(text).is_some() || CODE_KEY.is_in(text) || is_failed_at(text).is_some()
}

/// Whether what follows a `tatus` makes it a failure: a `statusCode` key, or a `status` whose string value
/// is a failed state (or hides behind an escape).
fn is_failed_status(after: &[u8]) -> bool {
    if after.len() >= 4 && after[..4].eq_ignore_ascii_case(b"code") || error_number(after) {
        return true;
    }
    string_value(after).is_some_and(|value| {
        // An escape hides the value from this check: let the parser decide.
        value.contains(&b'\\')
            || FAILED_STATES
                .iter()
                .any(|s| value.eq_ignore_ascii_case(s.as_bytes()))
    })
}

/// Where a `statusCode` key or a `status` key with a failed state first stands in `text`.
fn failed_status_at(text: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = STATUS_KEY.find(&text[from..]) {
        let at = from + p;
        from = at + 5;
        if is_failed_status(&text[from..]) {
            return Some(at);
        }
    }
    None
}

/// Whether the rest of a `status` key is an error status as a number (`": 403`, or `: 429` in a printed
/// literal: node's inspected `Response {status: 429, …}`, an axios error's `response`).
fn error_number(after: &[u8]) -> bool {
    let rest = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    let Some(rest) = rest.trim_ascii_start().strip_prefix(b":") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    rest.len() >= 3
        && matches!(rest[0], b'4' | b'5')
        && rest[1..3].iter().all(u8::is_ascii_digit)
        && rest.get(3).is_none_or(|c| !c.is_ascii_digit())
}

/// Where an `isFailed` key that is `true` first stands in `text`.
fn is_failed_at(text: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = IS_FAILED_KEY.find(&text[from..]) {
        let at = from + p;
        from = at + 7;
        if value_after_key(&text[from..]).is_some_and(|v| v.starts_with(b"true")) {
            return Some(at);
        }
    }
    None
}

/// [`may_hold_error`] for the rest of one line from offset after offset, as the JSON texts of a line
/// are read one after another: where each kind of word next stands is remembered, so each is searched
/// about once per occurrence. Asking `may_hold_error(&line[from..])` for each text instead read the rest of
/// the line every time: a line of many small bodies with an error at its end was quadratic.
#[derive(Debug, Default)]
pub(super) struct LineWords {
    /// Per kind of word (in [`KINDS`] order): the offset searched from and the hit found there.
    memo: [Option<(usize, Option<usize>)>; 4],
}

/// Where one kind of word first stands in a text.
type FirstAt = fn(&[u8]) -> Option<usize>;

/// The kinds of word [`may_hold_error`] looks for.
const KINDS: [FirstAt; 4] = [
    |t| ERROR_KEY.find(t),
    failed_status_at,
    |t| CODE_KEY.find(t),
    is_failed_at,
];

impl LineWords {
    /// `may_hold_error(&line[from..])`, for `from` never decreasing along one line.
    pub(super) fn may_hold_error(&mut self, line: &[u8], from: usize) -> bool {
        let from = from.min(line.len());
        KINDS.iter().zip(self.memo.iter_mut()).any(|(find, memo)| {
            if let Some((searched, hit)) = *memo {
                if from >= searched {
                    match hit {
                        None => return false,
                        Some(h) if h >= from => return true,
                        Some(_) => {}
                    }
                }
            }
            let hit = find(&line[from..]).map(|p| p + from);
            *memo = Some((from, hit));
            hit.is_some()
        })
    }
}

/// The value after the rest of a key (`"`, blanks, `:`, blanks), if `after` is that.
fn value_after_key(after: &[u8]) -> Option<&[u8]> {
    let rest = after.strip_prefix(b"\"")?;
    let rest = rest.trim_ascii_start().strip_prefix(b":")?;
    Some(rest.trim_ascii_start())
}

/// The raw bytes of the string value after the rest of a key, up to its closing quote; up to and with the
/// first backslash if there is one (the caller sees the value has an escape).
fn string_value(after: &[u8]) -> Option<&[u8]> {
    let value = value_after_key(after)?.strip_prefix(b"\"")?;
    Some(match memchr::memchr2(b'"', b'\\', value) {
        Some(end) if value[end] == b'"' => &value[..end],
        Some(end) => &value[..=end],
        None => value,
    })
}

#[cfg(test)]
mod tests {
    use super::{may_hold_error, may_hold_error_slowly, LineWords};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The one-pass searches answer as the searches one by one, on texts made of the words, their near
        /// misses and the values that decide.
        #[test]
        fn one_pass_answers_as_the_searches_one_by_one(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "status", "Status", "statusFailed", "isFailed", "sFailed", "code", "Code", "ode\"",
                    "\"", ":", " ", "\"Failed\"", "\"Succeeded\"", "\"timeout\"", "\"a\\\"b\"", "true",
                    "false", "{", "}", ",", "Code\"", "tatus", "x", "error", "Error", "rror", "rro",
                ]),
                0..16,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(
                may_hold_error(text.as_bytes()),
                may_hold_error_slowly(text.as_bytes()),
                "{}", text
            );
        }
    }

    /// Along one line, the remembered answer is the answer for the rest of the line, whatever the steps.
    #[test]
    fn line_words_answer_as_may_hold_error_on_the_rest() {
        let lines: [&[u8]; 5] = [
            br#"{"id":1} {"status":"Succeeded"} {"code":"X"} {"id":2} {"isFailed": true} {"error":{}} {"a":1}"#,
            br#"{"statusCode":500},{"status":"Failed"},{"status":"a\"b"},{"x":"rror"},{}"#,
            br#"{"id":1},{"id":2},{"id":3}"#,
            br#"{"isFailed":false},{"status":"Running"},{"isFailed":true}"#,
            b"",
        ];
        for line in lines {
            for step in [1, 2, 3, 7, 13] {
                let mut words = LineWords::default();
                let mut from = 0;
                while from <= line.len() {
                    assert_eq!(
                        words.may_hold_error(line, from),
                        may_hold_error(&line[from..]),
                        "{} from {from} (step {step})",
                        String::from_utf8_lossy(line)
                    );
                    from += step;
                }
            }
        }
    }
}
