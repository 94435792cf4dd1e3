//! Finding responses in a stream of lines. One pass, one line at a time: JSON bodies (compact, pretty,
//! arrays, NDJSON, concatenated, after a log prefix, wrapped by a console) are collected here with a bounded
//! accumulator; what clients print around them (transcripts, status lines, notes) is read by the line
//! recognizers in `recognize/`, one module per family, and turned here into exchanges: a request, a response
//! head, a body that may come late (a piped `curl -v` prints it after the transcript), and the client's own
//! closing line, which is merged into the response it is about rather than reported twice. Lines that cannot
//! hold an error are skipped before any parse. Broken fragments are salvaged or reported, never dropped.
//!
//! Here: the scanner's state and its public face. Each line is sent on in `dispatch.rs`; the exchange state
//! (a head waiting for its body, the request, client lines) is `exchange.rs`; a body's lines are gathered and
//! read in `candidate.rs`.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::Value;

use crate::redact::{self, Redacted};
use crate::response::{Context, Head, Location, PlainResponse, Request, Response, Shape};
use plain_envelope::PlainEnvelope;

mod around;
mod array;
pub mod body;
mod candidate;
mod dispatch;
mod entra_text;
mod evidence;
mod evidence_sdk;
mod exchange;
mod har;
mod json_text;
mod layers;
mod literal;
mod no_response;
mod plain_envelope;
mod postman;
mod prefilter;
pub(crate) mod recognize;
mod report;
mod salvage;
mod streaming;
mod wrap;

pub use around::prefix_status;
pub use array::Container;
pub use json_text::json_start;
pub use prefilter::may_hold_error;
pub use recognize::status_line;
pub use streaming::ArrayAt;

use array::Stream;
use candidate::read_body;
use exchange::{
    is_client_wait, is_data_note, is_progress, is_stack_frame, powershell_echo, PendingRequest,
};
use json_text::{parse_json, starts_fresh, Brackets};
use prefilter::LineWords;
use recognize::{decoration, ClientStatus, Clue};

/// Largest multi-line JSON candidate kept; past it the candidate is reported unreadable and scanning resyncs.
pub const MAX_CANDIDATE: usize = 16 * 1024 * 1024;

/// Most item lines remembered for one top-level array (later items cite the array's first line).
const MAX_ITEM_LINES: usize = 65_536;

/// A JSON object held this long is checked once for being an OData page (`{"value":[…]}`), which is then
/// read item by item (see `array`) rather than held whole.
const STREAM_AT: usize = 1 << 20;

/// A piece of input that looked like a response but could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub source: Location,
    pub reason: String,
}

/// A line that looked like an error (or like no text at all) in no form read: for the note given when a
/// run diagnoses nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sign {
    pub line: u64,
    /// A short, scrubbed excerpt.
    pub text: String,
    /// The input is binary: what it looks like (`a zip archive`).
    pub binary: Option<&'static str>,
}

/// What the scanner found.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    Response(Box<Response>),
    /// A response read in place, borrowed from its line (the common case of a log: see
    /// [`PlainResponse`]).
    Plain(PlainResponse<'a>),
    Unreadable(Fragment),
}

impl Event<'_> {
    /// The response found, owned, or the fragment that could not be read.
    pub fn into_found(self) -> Result<Response, Fragment> {
        match self {
            Event::Response(r) => Ok(*r),
            Event::Plain(p) => Ok(p.to_response()),
            Event::Unreadable(f) => Err(f),
        }
    }

    /// The response found, owned (`None`: a fragment that could not be read).
    pub fn into_response(self) -> Option<Response> {
        self.into_found().ok()
    }

    /// The event with its response owned (kept past the line it was read from).
    pub fn into_owned(self) -> Event<'static> {
        match self {
            Event::Response(r) => Event::Response(r),
            Event::Plain(p) => Event::Response(Box::new(p.to_response())),
            Event::Unreadable(f) => Event::Unreadable(f),
        }
    }
}

/// A JSON text being collected over several lines.
#[derive(Debug)]
struct Candidate {
    start: u64,
    /// Column where the JSON starts: 0 means the line is JSON, else it follows a prefix.
    embedded: bool,
    context: Context,
    text: String,
    brackets: Brackets,
    is_array: bool,
    item_lines: Vec<u64>,
    /// The whole lines after the first, as (line number, byte range in `text`): when the text turns out
    /// not to be JSON, they are scanned again, so a response that a cut body swallowed is still found.
    /// Empty once more than [`MAX_REPLAY_LINES`] were seen (replaying is then given up).
    lines: Vec<(u64, usize, usize)>,
    replay_given_up: bool,
    /// Started while replaying: never taken for a console wrap, whose heuristic assumes an intact text.
    from_replay: bool,
    /// The status printed before the text (on its line, or alone on the line before).
    status: Option<u16>,
    /// A container read item by item (a top-level array over several lines, a big OData page): only the
    /// item being read is held, in the stream, not in `text`.
    stream: Option<Box<Streaming>>,
    /// Whether the text was already checked for being an OData page (see [`STREAM_AT`]).
    probed: bool,
    /// Where the line read last starts in `text` (see `word_wrapped` in `candidate.rs`).
    piece_start: usize,
    /// The column the text starts at after a `Format-List` property name (`Content    : {…`), where the
    /// view indents the rest of a wrapped value; 0 otherwise.
    margin: usize,
}

impl Candidate {
    /// Whether the text is inside a string at the end of the last line fed.
    fn in_string(&self) -> bool {
        match &self.stream {
            Some(s) => s.stream.in_string(),
            None => self.brackets.in_string,
        }
    }
}

/// A container being read item by item, and what its items gave so far.
#[derive(Debug)]
struct Streaming {
    stream: Stream,
    /// The template every item's responses copy (a head it answers), taken at the first item read.
    template: Option<Response>,
    /// Whether any item gave a response.
    found: bool,
    /// The items are a HAR file's entries.
    har: bool,
    /// `template` answers no head and has no status: any scanner would make the same one.
    plain_template: bool,
}

impl Streaming {
    /// Reading `stream`'s items, none read yet.
    fn boxed(stream: Stream, har: bool) -> Box<Streaming> {
        Box::new(Streaming {
            stream,
            template: None,
            found: false,
            har,
            plain_template: false,
        })
    }
}

/// An HTTP response head seen in a transcript, waiting for its body.
#[derive(Debug)]
struct PendingHead {
    line: u64,
    head: Head,
    context: Context,
    /// Still reading header lines.
    in_headers: bool,
}

/// The response reported last, for a client's closing line about the same exchange (`ERROR 500: …` after
/// wget's body, a traceback after `print(r.text)`): merged into it, not reported again.
#[derive(Debug, Clone, Copy)]
struct Reported {
    line: u64,
    status: Option<u16>,
    /// The code it carried ([`code_key`]), if any: a stretch of evidence right after it that names the same
    /// code (or names one where it had none) is its own printout, not a second error.
    code: Option<u64>,
    /// No blank line since it: the lines that follow are of its block (lines of one string literal share
    /// a line number, so the number cannot tell).
    in_block: bool,
}

/// A code, letter case ignored, as a small key (no string kept per response reported; computed for every
/// response, so eight bytes at a time).
fn code_key(code: &str) -> u64 {
    let b = code.as_bytes();
    let mut h = b.len() as u64;
    for chunk in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        // Bit 5 set: ASCII letters in either case read the same.
        let word = u64::from_le_bytes(w) | 0x2020_2020_2020_2020;
        h = (h ^ word)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
    h
}

/// How many lines after a response a client's status line is still taken to be about it (a Python
/// traceback runs a few lines; a body and curl's `(22)` line are adjacent).
const MERGE_WINDOW: u64 = 24;

/// How many lines after a client's status line its body may still come.
const BODY_WAIT: u64 = 3;

/// How many lines (headers and stack frames not counted) after a client's status line its body may
/// still come when nothing between contradicts it and the body's code fits the status (PowerShell's
/// `Format-List` prints the status under `Exception`, the body under `ErrorDetails`, a few fields apart).
const CLIENT_WAIT: u64 = MERGE_WINDOW;

/// How many first lines are looked at for signs of binary input (NUL bytes, magic numbers).
const BINARY_LINES: u64 = 8;

/// Most heads waiting for a late body at once (a `curl -v` run with many URLs into a pipe).
const MAX_LATE: usize = 64;

/// The scanner for one source.
#[derive(Debug)]
pub struct Scanner {
    file: Arc<str>,
    cand: Option<Candidate>,
    head: Option<PendingHead>,
    request: PendingRequest,
    /// Heads whose exchange ended before their body was printed (curl writes the body to a piped stdout
    /// after the transcript on stderr): each takes the next body, in order.
    late: VecDeque<Response>,
    /// Lines not counted in the wait of a response for its late body: stack frames (`    at f (file:1:2)`:
    /// node prints an error's stack between its first line and its inspected fields), and the lines of a
    /// printed response object that showed no body (node's `Response {…}`).
    wait_extra: u64,
    /// No blank line since the newest client's line began to wait: the lines read are of its block (its
    /// headers and fields go with it).
    wait_in_block: bool,
    /// The log prefix's length of the line being read (line number, length), when the wrap joiner read it
    /// already: within one call of `line` only.
    known_prefix: Option<(u64, Option<usize>)>,
    /// A status alone on the line before (`print(r.status_code)`): the next line's body has it.
    status_hint: Option<(u64, u16)>,
    /// Soft state: the response reported last (see [`Reported`]). A fresh scanner without it reads on
    /// correctly unless its first lines are a client's closing line (see [`Scanner::leans_on_start`]).
    reported: Option<Reported>,
    /// Soft state: the body reported last, when it showed a code but no status (the line it ended on, and
    /// the status its code comes with): a head printed after it, that status and nothing else, is its
    /// (see `answers_reported`). Not forgotten at a request line, unlike `reported`.
    unshown: Option<(u64, u16)>,
    /// Whether a merge decision was taken while `reported` was still as it was at the start.
    leaned_on_start: bool,
    /// Whether this scanner reported anything yet.
    any_reported: bool,
    /// The first line that showed signs of an error in no form read here (for the hint given when a run
    /// diagnoses nothing).
    sign: Option<Sign>,
    /// Lines of a failed multi-line candidate, to be scanned again (in order) before the next line.
    replay: Vec<(u64, String)>,
    /// How deep replays are nested right now.
    replaying: u32,
    /// The number of the line scanned last: a line handed out in pieces (`input::pieces`) comes as several
    /// lines with one number.
    last_line: u64,
    /// The last completed text did not parse (set by `complete`).
    failed: bool,
    /// A Windows PowerShell error body (`Invoke-RestMethod : {"error":…}`) held a few lines for the command
    /// echo PowerShell prints under it (`+ Invoke-RestMethod -Method Post -Uri "https://…"`), which names
    /// the call; or a body a Python script printed (a dict repr), held for the client's line of the
    /// traceback that may follow (`HTTPError: … for url: …`). With the last line it waits through.
    held: Option<(Response, u64)>,
    /// The text being completed is a Python dict repr (`print(r.json())`) starting on this line: read by
    /// `report`, for the response of that line only.
    python_print: Option<u64>,
    /// A JSON text started on this line after a `Format-List` property name (`Content    : {…`): its
    /// response waits for the rest of the record (see `record_line` in `report.rs`).
    format_list_body: Option<u64>,
    /// The held response is a `Format-List` record's body: the record's other properties (in any order:
    /// `StatusCode`, `StatusDescription`, `Headers`) are still its own.
    held_record: bool,
    /// The layers (quotes, log prefixes, string literals) taken off each line before it is read.
    peeler: layers::Peeler,
    /// Responses reported so far (tells whether a line gave any).
    reports: u64,
    /// The line read last was a success body skipped by the fast path (no error word in it).
    skipped_success: bool,
    /// Evidence read from adjacent lines no recognizer claimed (see [`evidence`]): first and last line.
    stretch: Option<(u64, u64, evidence::ErrorEvidence)>,
    /// A long line held until the next shows whether a terminal or a mail client hard-wrapped it (see
    /// [`wrap`]).
    wrapped: Option<wrap::Held>,
    /// The buffer a held line is copied into, given back after use.
    wrap_buf: String,
    /// The widths of the lines since the last blank one, for telling a console's word wrap from a cut at
    /// its width (see `word_wrapped` in `candidate.rs`).
    widths: Widths,
    /// A call that got no response, held for the lines that tell more of it (see `no_response.rs`).
    transport: Option<Box<no_response::HeldTransport>>,
    /// Inside the `RawContent` property of a `Format-List` record whose `Content` was reported (the line it
    /// started on): the raw response (status line, headers, the same body) is that response again.
    raw_content: Option<u64>,
    /// A Postman console entry being read (see [`postman`]).
    console: postman::Console,
}

/// Line widths in bytes, and the widest line's bytes beyond its characters (computed when it becomes the
/// widest: rarely, and not per line).
#[derive(Debug, Default, Clone, Copy)]
struct Widths {
    last: usize,
    before: usize,
    widest: usize,
    widest_extra: usize,
    /// A blank line was read since the scanner started: the widths are the paragraph's, not part of it.
    whole: bool,
}

impl Widths {
    /// The widths of a text read from its first line (a string literal's lines): a paragraph of its own.
    fn starting() -> Widths {
        Widths {
            whole: true,
            ..Widths::default()
        }
    }

    fn line(&mut self, text: &str) {
        self.before = self.last;
        self.last = text.len();
        if text.is_empty() {
            self.widest = 0;
            self.widest_extra = 0;
            self.whole = true;
        } else if text.len() > self.widest {
            self.widest = text.len();
            self.widest_extra = text.len() - text.chars().count();
        }
    }
}

/// A search for any of `words`, a fixed list of plain words (building cannot fail), built as `kind`.
pub(super) fn word_search(
    words: &[&str],
    kind: aho_corasick::AhoCorasickKind,
) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(kind))
        // Leftmost-first lets the vectorized (Teddy) prefilter run, which the standard semantics do not;
        // whether a word is there is the same answer under either.
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words)
        .unwrap_or_else(|_| unreachable!("a fixed list of plain words"))
}

/// The words that make a line a sign of an error nothing here reads (see [`Scanner::note_sign`]), in one
/// automaton built once: the search runs on every line of a log that holds no response, where one
/// `memmem` searcher built per word per line cost about a tenth of the run.
fn sign_words() -> &'static aho_corasick::AhoCorasick {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        // A DFA: it searches every line of a log without responses (README, Performance).
        word_search(&SIGN_WORDS, aho_corasick::AhoCorasickKind::DFA)
    })
}

/// The words that make a line a sign of an error that nothing here reads.
const SIGN_WORDS: [&str; 9] = [
    "rror",
    "RROR",
    "ailed",
    "AILED",
    "denied",
    "Denied",
    "orbidden",
    "nauthorized",
    "curl: (",
];

/// The words without which a line holds no evidence [`evidence::read`] could use (status, code, message
/// and id key names, reason phrases): one automaton, so a log line without them costs one search.
fn evidence_words() -> &'static aho_corasick::AhoCorasick {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| word_search(&EVIDENCE_WORDS, aho_corasick::AhoCorasickKind::DFA))
}

/// Key names and reason phrases of [`evidence`], and every word of [`SIGN_WORDS`] (a test holds it): one
/// search answers both.
const EVIDENCE_WORDS: [&str; 35] = [
    "tatus",
    "TATUS",
    "ode",
    "ODE",
    "rror",
    "RROR",
    "orbidden",
    "nauthorized",
    "ot Found",
    "otFound",
    "equests",
    "ad Request",
    "adRequest",
    "nternal",
    "navailable",
    "ateway",
    "onflict",
    "equest-id",
    "equest_id",
    "equestId",
    "orrelation",
    "ctivityId",
    "raceId",
    "ailed",
    "AILED",
    "denied",
    "Denied",
    "curl: (",
    "essage",
    " HTTP/",
    // A request under key names (PowerShell's `TargetObject : Method: POST, RequestUri: '…'`).
    "equestUri",
    "equestUrl",
    // An Entra error printed as text (`AADSTS7000215: Invalid client secret provided.`): its code alone.
    "AADSTS",
    // What Entra prints on the lines after its message (`Trace ID: …`, `Timestamp: …`).
    "Trace ID:",
    "Timestamp: ",
];

/// Whether a line reads as the inside of a JSON text rather than the start of something new.
fn looks_inside_json(line: &str) -> bool {
    line.bytes()
        .next()
        .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'}' | b']' | b',' | b':'))
}

/// Most continuation lines a candidate keeps for replay: bounds the rescanning of hostile input, whose cost
/// grows with the square of this (a replayed line may start a candidate that fails and replays again).
const MAX_REPLAY_LINES: usize = 256;

/// Where a body's status comes from when no head gave one.
#[derive(Debug, Clone, Copy, Default)]
struct Hints {
    status: Option<u16>,
}

type Emit<'e, E> = &'e mut dyn FnMut(Event<'_>) -> Result<(), E>;

impl Scanner {
    /// A scanner for the source called `file`.
    pub fn new(file: &str) -> Scanner {
        Scanner::for_file(Arc::from(file))
    }

    /// A scanner for the source called `file`, sharing the name (many scanners may read one source).
    pub fn for_file(file: Arc<str>) -> Scanner {
        Scanner {
            file,
            cand: None,
            head: None,
            request: PendingRequest::default(),
            late: VecDeque::new(),
            wait_extra: 0,
            wait_in_block: false,
            known_prefix: None,
            status_hint: None,
            reported: None,
            unshown: None,
            leaned_on_start: false,
            any_reported: false,
            sign: None,
            replay: Vec::new(),
            replaying: 0,
            last_line: 0,
            failed: false,
            held: None,
            python_print: None,
            format_list_body: None,
            held_record: false,
            peeler: layers::Peeler::default(),
            reports: 0,
            skipped_success: false,
            stretch: None,
            wrapped: None,
            wrap_buf: String::new(),
            widths: Widths::default(),
            transport: None,
            raw_content: None,
            console: postman::Console::default(),
        }
    }

    /// Whether nothing read so far bears on the lines to come: no JSON text or response head is open,
    /// nothing waits to be scanned again, no request line or head waits for its response or body. A
    /// scanner at rest scans the next line exactly as a new one would, except for the soft state checked by
    /// [`Scanner::leans_on_start`]; that is what lets a source be cut into blocks scanned apart (see
    /// `commands::diagnose`).
    pub fn is_at_rest(&self) -> bool {
        // Destructured, so a field added to the struct must be considered here.
        let Scanner {
            file: _,
            cand,
            head,
            request,
            late,
            // Only read while `late` holds a response.
            wait_extra: _,
            wait_in_block: _,
            // Within one call of `line` only.
            known_prefix: _,
            status_hint,
            // Soft: see `leans_on_start`.
            reported: _,
            unshown: _,
            leaned_on_start: _,
            any_reported: _,
            // Only read for the closing hint.
            sign: _,
            replay,
            // Both only matter within one call of `line`.
            replaying: _,
            // Matters only while a text is open (a piece goes on with it), which `cand` tells.
            last_line: _,
            failed: _,
            held,
            // Within one call of `line` only.
            python_print: _,
            format_list_body: _,
            // With `held`.
            held_record: _,
            peeler,
            // Counts and a flag about the line read last.
            reports: _,
            skipped_success: _,
            stretch,
            wrapped,
            // A spare buffer.
            wrap_buf: _,
            // Soft: see `has_soft_state`.
            widths: _,
            transport,
            raw_content,
            console,
        } = self;
        transport.is_none()
            && wrapped.is_none()
            && held.is_none()
            && stretch.is_none()
            && peeler.is_at_rest()
            && cand.is_none()
            && head.is_none()
            && replay.is_empty()
            && request.is_empty()
            && late.is_empty()
            && status_hint.is_none()
            && raw_content.is_none()
            && console.is_at_rest()
    }

    /// Whether this scanner, started fresh, took a decision that the soft state of the scanner before it
    /// could have changed (a client's closing line before anything was reported here): then its result
    /// stands only if that scanner had no such state ([`Scanner::has_soft_state`]).
    pub fn leans_on_start(&self) -> bool {
        self.leaned_on_start
    }

    /// The first line that looked like an error but was read as none (line number and a short, scrubbed
    /// excerpt), taken once.
    pub fn take_sign(&mut self) -> Option<Sign> {
        self.sign.take()
    }

    /// Whether the soft state that [`Scanner::leans_on_start`] is about is set.
    pub fn has_soft_state(&self) -> bool {
        self.reported.is_some() || self.unshown.is_some() || self.widths.widest > 0
    }

    fn loc(&self, line: u64) -> Location {
        Location {
            file: Arc::clone(&self.file),
            line,
        }
    }

    /// Scans one line (without its line ending). `skipped` bytes of an over-long line were dropped.
    pub fn line<E>(
        &mut self,
        number: u64,
        text: &str,
        skipped: usize,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        self.widths.line(text);
        if skipped > 0 {
            if let Some(held) = self.wrapped.take() {
                let (n, line) = held.into_line();
                self.unwrapped_line(n, &line, emit)?;
            }
            // The line's end is gone: whatever it started cannot be completed.
            self.abandon(emit, "incomplete JSON before an over-long line")?;
            self.resolve_head(emit)?;
            return emit(Event::Unreadable(Fragment {
                source: self.loc(number),
                // Its start was read (in pieces); say so, and how much was not.
                reason: format!(
                    "line is longer than {} MiB: its start was read, the last {skipped} bytes skipped",
                    crate::input::MAX_LINE >> 20
                ),
            }));
        }
        if let Some(held) = self.wrapped.take() {
            match held.join(text) {
                wrap::Joined::Whole(n, whole) => {
                    let r = self.unwrapped_line(n, &whole, emit);
                    self.wrap_buf = whole;
                    // Evidence the joined line showed ends on its last piece's line: the next line is next.
                    if let Some((_, last, _)) = self.stretch.as_mut().filter(|s| s.1 == n) {
                        *last = number;
                    }
                    return r;
                }
                wrap::Joined::GoesOn(held) => {
                    self.wrapped = Some(held);
                    return Ok(());
                }
                wrap::Joined::No(n, line, prefix) => {
                    self.known_prefix = prefix.map(|p| (n, p));
                    let r = self.unwrapped_line(n, &line, emit);
                    self.known_prefix = None;
                    self.wrap_buf = line;
                    r?;
                }
            }
        }
        if self.cand.is_none() && wrap::may_be_cut(text) {
            let buf = std::mem::take(&mut self.wrap_buf);
            self.wrapped = Some(wrap::Held::new(number, text, buf));
            return Ok(());
        }
        self.unwrapped_line(number, text, emit)
    }

    /// [`Scanner::line`] for a line whole again (or never wrapped).
    fn unwrapped_line<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<(), E> {
        if number == 1 {
            self.peeler.start_paragraph();
        }
        if self.is_piece(number) || self.continues_open_text(text) {
            return self.continue_candidate(number, text, emit);
        }
        if text.trim_ascii().is_empty() && self.reported.is_some_and(|r| r.in_block) {
            // A blank line ends the stretch of evidence, judged while still in the block of the response
            // reported before, and then that block (see [`Reported::in_block`]).
            self.flush_stretch(emit)?;
            if let Some(r) = self.reported.as_mut() {
                r.in_block = false;
            }
        }
        self.peel_line(number, text, 0, emit)
    }

    /// Ends the source: anything still open is resolved or reported.
    pub fn finish<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        if let Some(held) = self.wrapped.take() {
            let (n, line) = held.into_line();
            self.unwrapped_line(n, &line, emit)?;
        }
        self.flush_transport(emit)?;
        self.flush_stretch(emit)?;
        self.flush_held(emit)?;
        while self.cand.is_some() {
            self.abandon(emit, "incomplete JSON at end of input")?;
            self.replay_pending(emit)?;
        }
        self.resolve_head(emit)?;
        self.flush_late(emit)?;
        // What the lines above reported may be held too.
        self.flush_held(emit)?;
        self.status_hint = None;
        Ok(())
    }
}

/// Records one header's facts: retry delay, date, the correlation ids of every family, Graph warnings.
pub fn record_header(head: &mut Head, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    if name.eq_ignore_ascii_case("warning") {
        head.provider_failures
            .extend(recognize::graph_partial::failures(value));
        return;
    }
    if name.eq_ignore_ascii_case("www-authenticate") {
        if head.auth_error.is_none() {
            head.auth_error = auth_param(value, "error_description")
                .or_else(|| auth_param(value, "error"))
                .map(|v| redact::scrubbed(&v));
        }
        return;
    }
    let slot = if name.eq_ignore_ascii_case("retry-after") {
        &mut head.retry_after
    } else if name.eq_ignore_ascii_case("date") {
        &mut head.date
    } else if let Some(family) = crate::response::REQUEST_ID_HEADERS
        .iter()
        .find(|f| f.eq_ignore_ascii_case(name))
    {
        if head.request_id.is_none() {
            head.request_id_name = Some(family);
        }
        &mut head.request_id
    } else if name.eq_ignore_ascii_case("client-request-id")
        || name.eq_ignore_ascii_case("x-ms-client-request-id")
    {
        &mut head.client_request_id
    } else {
        return;
    };
    if slot.is_none() {
        *slot = Some(redact::scrubbed(value));
    }
}

/// A parameter of a `WWW-Authenticate` challenge (RFC 6750 section 3): `name="value"` or `name=token`.
fn auth_param(challenge: &str, name: &str) -> Option<String> {
    let lower = challenge.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name).map(|p| p + from) {
        from = at + name.len();
        // A whole parameter name: `error` must not match inside `error_description`.
        let before_ok = at == 0 || matches!(lower.as_bytes()[at - 1], b' ' | b',');
        let rest = challenge[from..].trim_start();
        let Some(value) = rest
            .strip_prefix('=')
            .map(str::trim_start)
            .filter(|_| before_ok)
        else {
            continue;
        };
        let v = match value.strip_prefix('"') {
            Some(q) => q.split('"').next().unwrap_or(""),
            None => value.split([',', ' ']).next().unwrap_or(""),
        };
        return (!v.is_empty()).then(|| v.to_string());
    }
    None
}

/// Scans a whole text at once (tests, small inputs).
pub fn scan_str(file: &str, text: &str) -> Vec<Event<'static>> {
    let mut scanner = Scanner::new(file);
    let mut events = Vec::new();
    let mut push = |e: Event<'_>| -> Result<(), std::convert::Infallible> {
        events.push(e.into_owned());
        Ok(())
    };
    let mut n = 0;
    for line in text.split('\n') {
        n += 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let _ = scanner.line(n, line, 0, &mut push);
    }
    let _ = scanner.finish(&mut push);
    events
}

#[cfg(test)]
mod tests;
