//! Line recognizers: one module per family of input shape that a client prints around (or instead of) a
//! response body. Each recognizer is a pure function from one line to a [`Clue`], and declares the words
//! without which it accepts nothing; the scanner's prefilter is built from those declarations
//! ([`may_match`]), so a line that holds none of them costs one automaton pass. The scanner (`scan/mod.rs`)
//! owns the state: it turns clues into exchanges and responses.
//!
//! Adding a shape: write a module here with its `RECOGNIZERS` (each with the sample lines it must accept)
//! and list it in [`FAMILIES`]; the tests read every recognizer's samples, and the prefilter and the
//! property test that holds it to the recognizers pick the new triggers up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::response::Context;

pub(crate) mod client_status;
pub(crate) mod curl;
pub(crate) mod decoration;
pub(crate) mod graph_cmdlet;
pub(crate) mod graph_partial;
pub(crate) mod message_text;
pub(crate) mod request_line;
pub(crate) mod transport;
pub(crate) mod wget;

/// Where a recognizer's word must stand in a line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Trigger {
    /// At the very start of the line.
    Start(&'static str),
    /// Anywhere in the line (case-sensitive).
    Anywhere(&'static str),
    /// A search of its own, for a family with too many words to add to the shared automaton cheaply
    /// (`transport`: its gate); [`may_match`] asks it after the shared words.
    Gate(fn(&str) -> bool),
}

/// One line shape: its name (for tests and docs), its triggers, and its reader.
pub(crate) struct Recognizer {
    pub name: &'static str,
    /// A line this recognizer accepts holds at least one of these.
    pub triggers: &'static [Trigger],
    /// Lines it accepts, copied from the client's own output or source: the docs of the shape, and its
    /// test (each must be read by this recognizer, first in the order asked, and pass the prefilter).
    #[cfg_attr(not(test), allow(dead_code))]
    pub samples: &'static [&'static str],
    pub read: for<'a> fn(&'a str) -> Option<Clue<'a>>,
}

impl Recognizer {
    /// Whether one of its triggers is in `line`: a recognizer reads only lines that carry its own words.
    pub(crate) fn triggered(&self, line: &str) -> bool {
        self.triggers.iter().any(|t| match t {
            Trigger::Start(s) => line.starts_with(s),
            Trigger::Anywhere(s) => line.contains(s),
            Trigger::Gate(gate) => gate(line),
        })
    }
}

impl std::fmt::Debug for Recognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recognizer")
            .field("name", &self.name)
            .field("triggers", &self.triggers)
            .finish()
    }
}

/// The families, in the order they are asked (the first that accepts a line wins).
pub(crate) static FAMILIES: &[&[Recognizer]] = &[
    // First: its phrases are failures whatever else reads the line (curl -v's `* Could not resolve host`
    // note, wget's `Resolving …… failed` chatter).
    transport::RECOGNIZERS,
    curl::RECOGNIZERS,
    wget::RECOGNIZERS,
    graph_partial::RECOGNIZERS,
    graph_cmdlet::RECOGNIZERS,
    client_status::RECOGNIZERS,
    request_line::RECOGNIZERS,
];

/// What one line tells about the exchange it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clue<'a> {
    /// A request is being sent: the method when shown, and the path or URL.
    Request {
        method: Option<&'a str>,
        target: &'a str,
    },
    /// A header of the request being sent (`> Host: …`, `> Authorization: …`).
    RequestHeader { name: &'a str, value: &'a str },
    /// The blank `>` line that ends a request head.
    RequestEnd,
    /// A response status line: a response head starts.
    Status { status: u16, context: Context },
    /// A header line of the response head being read (a client marks it as such: `< name: value`).
    Header { name: &'a str, value: &'a str },
    /// The blank `<` line that ends a response head.
    HeadEnd,
    /// The client says the exchange is over (`* Connection #0 to host … left intact`): a body printed to
    /// a pipe may still follow.
    ExchangeEnd,
    /// Client chatter (progress meters, byte counts, notes): never a body, never the end of a head.
    Chatter,
    /// A client's own line naming a failed status: the body may have been printed apart, or lost.
    ClientStatus(ClientStatus<'a>),
    /// A pasted command line naming the request (`curl -X POST https://…`).
    Command(PastedCommand),
    /// Graph security partial success: `Warning: 199 - "Vendor/Provider/Status/Latency"` items.
    GraphWarning(Vec<graph_partial::ProviderFailure>),
    /// A message the catalog knows, pasted without its body.
    /// The message, and the catalog code its template names.
    Message(&'a str, &'static str),
    /// A Microsoft Graph PowerShell cmdlet's error line (`Get-MgUser_List: <message>`): the message, the
    /// catalog code it names if any; its status, code, date and headers follow on the next lines.
    GraphCmdlet {
        message: &'a str,
        code: Option<&'static str>,
    },
    /// The client's own error for a call that got no HTTP response (name resolution, TLS, refused, timed
    /// out, reset, proxy).
    Transport(transport::TransportClue<'a>),
}

/// A status-only line printed by a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClientStatus<'a> {
    pub status: u16,
    pub context: Context,
    /// The URL the client names, if any.
    pub url: Option<&'a str>,
    /// The method written right before that URL (`GET https://…; error …`), if any.
    pub method: Option<&'a str>,
}

/// A request named by a pasted command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PastedCommand {
    pub method: Option<String>,
    pub url: Option<String>,
    /// The bearer token the command carried: kept for the token doctor, never printed.
    pub bearer: Option<crate::redact::Redacted<String>>,
    /// The body the command sends inline (`-d '{…}'`), never printed.
    pub body: Option<crate::redact::Redacted<String>>,
}

/// Every recognizer, in the order asked.
pub(crate) fn all() -> impl Iterator<Item = &'static Recognizer> {
    FAMILIES.iter().flat_map(|f| f.iter())
}

struct Prefilter {
    starts: Vec<&'static str>,
    /// The first bytes of `starts`: most lines start with none of them, and skip the list.
    first: [bool; 256],
    /// The words a line may hold anywhere, and their automata: an NFA, and the DFA built once the input has
    /// shown it is long ([`Prefilter::words_in`]).
    list: Vec<&'static str>,
    words: AhoCorasick,
    dfa: OnceLock<AhoCorasick>,
    /// Lines searched with the NFA (all threads).
    searched: AtomicUsize,
}

fn prefilter() -> &'static Prefilter {
    static PREFILTER: OnceLock<Prefilter> = OnceLock::new();
    PREFILTER.get_or_init(|| {
        let mut starts = Vec::new();
        let mut words = Vec::new();
        // The catalog's message openings are the message-text family's triggers.
        words.extend(message_text::triggers());
        for r in all() {
            for t in r.triggers {
                match *t {
                    Trigger::Start(s) => starts.push(s),
                    Trigger::Anywhere(w) => words.push(w),
                    // Asked apart, after these (see `may_match`).
                    Trigger::Gate(_) => {}
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        words.sort_unstable();
        words.dedup();
        // A contiguous NFA first, not the DFA `new` picks for a list this size: building the DFA took about
        // 2.5 ms, paid by every run that meets a non-JSON line, while the NFA searches the few lines of a
        // paste about as fast (README, Performance).
        let nfa = build_words(&words, AhoCorasickKind::ContiguousNFA);
        let mut first = [false; 256];
        for s in &starts {
            if let Some(&b) = s.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        Prefilter {
            starts,
            first,
            list: words,
            words: nfa,
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
        }
    })
}

/// Whether any recognizer could accept `line` (the cheap check that comes first).
pub(crate) fn may_match(line: &str) -> bool {
    shared_match(line) || transport::gate(line)
}

/// The shared words' check (every family's but the transport one's, which has a gate of its own).
fn shared_match(line: &str) -> bool {
    let p = prefilter();
    let starts = line
        .as_bytes()
        .first()
        .is_some_and(|&b| p.first[usize::from(b)]);
    (starts && p.starts.iter().any(|s| line.starts_with(s))) || p.words_in(line)
}

/// After this many lines searched with the NFA, the DFA is built: its build pays for itself in about as
/// many lines (callgrind, summary-noise), so a short paste never builds it and a long log soon does.
const LINES_BEFORE_DFA: usize = 4096;

impl Prefilter {
    /// Whether `line` holds one of the words: with the NFA first, with the DFA (the same words, the same
    /// answer, several times faster a byte) once the input has shown it is long. The test below holds the
    /// two equal.
    fn words_in(&self, line: &str) -> bool {
        if let Some(dfa) = self.dfa.get() {
            return dfa.is_match(line);
        }
        if self.searched.fetch_add(1, Ordering::Relaxed) >= LINES_BEFORE_DFA {
            return self
                .dfa
                .get_or_init(|| build_words(&self.list, AhoCorasickKind::DFA))
                .is_match(line);
        }
        self.words.is_match(line)
    }
}

/// The automaton of `words`, of `kind`. The words are a fixed, valid list: building cannot fail; an empty
/// automaton would match nothing.
fn build_words(words: &[&'static str], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(kind))
        // Leftmost-first lets a vectorized prefilter run, which the standard semantics do not; whether a
        // word is there is the same answer under either.
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words)
        .unwrap_or_else(|_| {
            AhoCorasick::new(["\u{0}never\u{0}"]).unwrap_or_else(|_| unreachable!())
        })
}

/// The clue `line` gives, if any recognizer accepts it.
pub(crate) fn recognize(line: &str) -> Option<Clue<'_>> {
    if !shared_match(line) {
        // Only a transport failure's words: no other family (nor the catalog's messages) is asked.
        return transport::gate(line)
            .then(|| transport::RECOGNIZERS.iter().find_map(|r| (r.read)(line)))
            .flatten();
    }
    // Each recognizer is asked only when its own triggers are there: the prefilter passing a line for one
    // recognizer's word must not let another read it (a log line with `"message":"< "` is no curl header).
    all()
        .filter(|r| r.triggered(line))
        .find_map(|r| (r.read)(line))
        .or_else(|| message_text::read(line))
}

/// The status of an HTTP status line (`HTTP/1.1 403 Forbidden`, `HTTP/2 429`).
pub fn status_line(text: &str) -> Option<u16> {
    let rest = text.strip_prefix("HTTP/")?;
    let mut words = rest.split_whitespace();
    let version = words.next()?;
    if !version.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    three_digit_status(words.next()?, 100)
}

/// `word` as a status of at least `min` (a three-digit number up to 599).
pub(crate) fn three_digit_status(word: &str, min: u16) -> Option<u16> {
    if word.len() != 3 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|s| (min..=599).contains(s))
}

/// The status at the start of `text` (three digits not followed by another digit), if an error status.
pub(crate) fn leading_error_status(text: &str) -> Option<u16> {
    let digits = text.get(..3)?;
    if text.as_bytes().get(3).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    three_digit_status(digits, 400)
}

/// The status a reason phrase names, written as words (`Forbidden`, `Not Found`) or as .NET writes the
/// enum (`NotFound`, `TooManyRequests`).
pub(crate) fn status_of_reason(reason: &str) -> Option<u16> {
    let key: String = reason
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "badrequest" => 400,
        "unauthorized" => 401,
        "forbidden" => 403,
        "notfound" => 404,
        "methodnotallowed" => 405,
        "conflict" => 409,
        "requestentitytoolarge" | "payloadtoolarge" => 413,
        "unsupportedmediatype" => 415,
        "toomanyrequests" => 429,
        "internalservererror" => 500,
        "badgateway" => 502,
        "serviceunavailable" => 503,
        "gatewaytimeout" => 504,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
