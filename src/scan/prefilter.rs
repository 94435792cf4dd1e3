//! The checks before parsing: the words without which a JSON text holds no error we report. Each search is
//! built once; a line of a big log that fails them costs a few substring searches and no parse.

use std::sync::OnceLock;

use memchr::memmem;

/// A substring searcher built once (building one per line costs more than the search).
pub(super) struct Needle {
    word: &'static str,
    finder: OnceLock<memmem::Finder<'static>>,
}

impl Needle {
    const fn new(word: &'static str) -> Needle {
        Needle {
            word,
            finder: OnceLock::new(),
        }
    }

    fn find(&self, hay: &[u8]) -> Option<usize> {
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
pub(super) static RROR: Needle = Needle::new("rror");
static TATUS: Needle = Needle::new("tatus");
static S_FAILED: Needle = Needle::new("sFailed");
/// The states of a MachineAction that failed.
const FAILED_STATES: [&str; 3] = ["Failed", "Cancelled", "TimeOut"];

/// Whether a JSON text may hold an error response (checked before parsing: the words without which a JSON
/// text holds no error we report).
pub fn may_hold_error(text: &[u8]) -> bool {
    RROR.is_in(text) || may_hold_error_but_error_key(text)
}

/// The key of an error object without the `error` wrapper (`{"code":…,"message":…}`), in either case.
static ODE: Needle = Needle::new("ode\"");

/// [`may_hold_error`] for a text already known to hold no "rror": a `statusCode` key, a `status` key
/// whose value is a failed state, an `isFailed` key that is `true`, or a `code` key (an error object
/// without its wrapper).
pub(super) fn may_hold_error_but_error_key(text: &[u8]) -> bool {
    let mut from = 0;
    while let Some(p) = TATUS.find(&text[from..]) {
        from += p + 5;
        let after = &text[from..];
        if after.len() >= 4 && after[..4].eq_ignore_ascii_case(b"code") {
            return true;
        }
        let Some(value) = string_value(after) else {
            continue;
        };
        // An escape hides the value from this check: let the parser decide.
        if value.contains(&b'\\')
            || FAILED_STATES
                .iter()
                .any(|s| value.eq_ignore_ascii_case(s.as_bytes()))
        {
            return true;
        }
    }
    if ODE.is_in(text) {
        return true;
    }
    let mut from = 0;
    while let Some(p) = S_FAILED.find(&text[from..]) {
        from += p + 7;
        if value_after_key(&text[from..]).is_some_and(|v| v.starts_with(b"true")) {
            return true;
        }
    }
    false
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
