//! Finding responses in a stream of lines. One pass, one line at a time: JSON bodies (compact, pretty,
//! arrays, NDJSON, concatenated, after a log prefix, wrapped by a console) are collected here with a bounded
//! accumulator; what clients print around them (transcripts, status lines, notes) is read by the line
//! recognizers in `recognize/`, one module per family, and turned here into exchanges: a request, a response
//! head, a body that may come late (a piped `curl -v` prints it after the transcript), and the client's own
//! closing line, which is merged into the response it is about rather than reported twice. Lines that cannot
//! hold an error are skipped before any parse. Broken fragments are salvaged or reported, never dropped.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::Value;

use crate::perf::plain_envelope::PlainEnvelope;
use crate::redact::{self, Redacted};
use crate::response::{self, Context, Head, Location, Request, Response, Shape};

mod around;
mod array;
mod evidence;
mod har;
mod json_text;
mod layers;
mod prefilter;
pub mod recognize;
mod salvage;
mod streaming;

pub use around::prefix_status;
pub use json_text::json_start;
pub use prefilter::may_hold_error;
pub use recognize::status_line;
pub use streaming::ArrayAt;

use array::Stream;
use json_text::{parse_json, starts_fresh, Brackets};
use prefilter::{may_hold_error_but_error_key, LineWords, RROR};
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
pub enum Event {
    Response(Box<Response>),
    Unreadable(Fragment),
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

/// The request a transcript showed last.
#[derive(Debug, Default)]
struct PendingRequest {
    method: Option<String>,
    path: Option<String>,
    host: Option<String>,
    bearer: Option<Redacted<String>>,
    /// `http` or `https`, when curl -v's connection lines told (see [`connection_scheme`]); a request line
    /// shows only the path, and MDE is https, so https is assumed otherwise.
    scheme: Option<&'static str>,
}

impl PendingRequest {
    fn request(&self) -> Option<Request> {
        let path = self.path.as_deref()?;
        let url = match &self.host {
            Some(h) if path.starts_with('/') => {
                format!("{}://{h}{path}", self.scheme.unwrap_or("https"))
            }
            _ => path.to_string(),
        };
        Some(Request {
            method: self.method.clone(),
            url: redact::scrubbed(&url),
        })
    }

    fn is_empty(&self) -> bool {
        let PendingRequest {
            method,
            path,
            host,
            bearer,
            scheme,
        } = self;
        method.is_none() && path.is_none() && host.is_none() && bearer.is_none() && scheme.is_none()
    }
}

/// The response reported last, for a client's closing line about the same exchange (`ERROR 500: …` after
/// wget's body, a traceback after `print(r.text)`): merged into it, not reported again.
#[derive(Debug, Clone, Copy)]
struct Reported {
    line: u64,
    status: Option<u16>,
}

/// How many lines after a response a client's status line is still taken to be about it (a Python
/// traceback runs a few lines; a body and curl's `(22)` line are adjacent).
const MERGE_WINDOW: u64 = 24;

/// How many lines after a client's status line its body may still come.
const BODY_WAIT: u64 = 3;

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
    /// A status alone on the line before (`print(r.status_code)`): the next line's body has it.
    status_hint: Option<(u64, u16)>,
    /// Soft state: the response reported last (see [`Reported`]). A fresh scanner without it reads on
    /// correctly unless its first lines are a client's closing line (see [`Scanner::leans_on_start`]).
    reported: Option<Reported>,
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
    /// A Windows PowerShell error body (`Invoke-RestMethod : {"error":…}`) and its line, held a few lines for
    /// the command echo PowerShell prints under it (`+ Invoke-RestMethod -Method Post -Uri "https://…"`),
    /// which names the call.
    held: Option<(Response, u64)>,
    /// The layers (quotes, log prefixes, string literals) taken off each line before it is read.
    peeler: layers::Peeler,
    /// Responses reported so far (tells whether a line gave any).
    reports: u64,
    /// The line read last was a success body skipped by the fast path (no error word in it).
    skipped_success: bool,
    /// Evidence read from adjacent lines no recognizer claimed (see [`evidence`]): first and last line.
    stretch: Option<(u64, u64, evidence::Evidence)>,
}

/// The words that make a line a sign of an error nothing here reads (see [`Scanner::note_sign`]), in one
/// automaton built once: the search runs on every line of a log that holds no response, where one
/// `memmem` searcher built per word per line cost about a tenth of the run.
fn sign_words() -> &'static aho_corasick::AhoCorasick {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        // A DFA: it searches every line of a log without responses (an NFA costs 10% more there).
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(SIGN_WORDS)
            .unwrap_or_else(|_| unreachable!("a fixed list of plain words"))
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
    WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(EVIDENCE_WORDS)
            .unwrap_or_else(|_| unreachable!("a fixed list of plain words"))
    })
}

/// Key names and reason phrases of [`evidence`], and every word of [`SIGN_WORDS`] (a test holds it): one
/// search answers both.
const EVIDENCE_WORDS: [&str; 30] = [
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

type Emit<'e, E> = &'e mut dyn FnMut(Event) -> Result<(), E>;

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
            status_hint: None,
            reported: None,
            leaned_on_start: false,
            any_reported: false,
            sign: None,
            replay: Vec::new(),
            replaying: 0,
            last_line: 0,
            failed: false,
            held: None,
            peeler: layers::Peeler::default(),
            reports: 0,
            skipped_success: false,
            stretch: None,
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
            status_hint,
            // Soft: see `leans_on_start`.
            reported: _,
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
            peeler,
            // Counts and a flag about the line read last.
            reports: _,
            skipped_success: _,
            stretch,
        } = self;
        held.is_none()
            && stretch.is_none()
            && peeler.is_at_rest()
            && cand.is_none()
            && head.is_none()
            && replay.is_empty()
            && request.is_empty()
            && late.is_empty()
            && status_hint.is_none()
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

    /// Notes `text` as the sign of an error that nothing here reads, if it is the first such line.
    /// `words`: whether the line holds any of [`evidence_words`], which include every sign word.
    fn note_sign(&mut self, number: u64, text: &str, words: bool) {
        if self.sign.is_some() || self.any_reported {
            return;
        }
        let b = text.as_bytes();
        // gzip's magic bytes survive lossy decoding as U+001F then a replacement character (a gzip inside a
        // gzip: the outer one is inflated, see `input`).
        let gzip = text.starts_with("\u{1f}\u{fffd}");
        if !(gzip || (words && sign_words().is_match(b))) {
            return;
        }
        let excerpt: String = if gzip {
            "gzip-compressed data".to_string()
        } else {
            redact::scrubbed(text.trim()).chars().take(80).collect()
        };
        self.sign = Some(Sign {
            line: number,
            text: excerpt,
            binary: None,
        });
    }

    /// Notes the input as binary when its first line says so (a zip's magic bytes, NUL bytes): text
    /// never holds them (UTF-16 was transcoded, gzip inflated, by `input`).
    fn note_binary(&mut self, number: u64, text: &str) {
        // A tar header too (a `.tar.gz` arrives here inflated); the same test as `lint`'s.
        let Some(kind) = crate::input::binary_kind(text.as_bytes()) else {
            return;
        };
        self.sign = Some(Sign {
            line: number,
            text: String::new(),
            binary: Some(kind),
        });
    }

    /// Whether the soft state that [`Scanner::leans_on_start`] is about is set.
    pub fn has_soft_state(&self) -> bool {
        self.reported.is_some()
    }

    fn loc(&self, line: u64) -> Location {
        Location {
            file: Arc::clone(&self.file),
            line,
        }
    }

    /// Emits one response and remembers it for a client's closing line.
    fn report<E>(&mut self, mut r: Response, emit: Emit<'_, E>) -> Result<(), E> {
        // Evidence on the lines right before (or on the line of) a response is about that response: its
        // status and ids go with it. Older evidence is reported first, in input order.
        if let Some((first, last, ev)) = self.stretch.take() {
            if r.shape != Shape::Generic && last + 1 >= r.source.line && first <= r.source.line {
                r.head.status = r.head.status.or(ev.status);
                if r.head.request_id.is_none() {
                    if let Some((id, name)) = ev.request_id {
                        r.head.request_id = Some(id);
                        r.head.request_id_name = Some(name);
                    }
                }
                r.request = r.request.or(ev.request);
            } else {
                self.stretch = Some((first, last, ev));
                self.flush_stretch(emit)?;
            }
        }
        // A failure hidden in a 2xx body is no client's failed call: nothing merges into it.
        // Without a status shown, the status its code comes with: a client line naming another status is
        // then another call (`InvalidHashValue` then `… 403 (Forbidden)`), not this one's closing note.
        let status = r.head.status.or_else(|| {
            let code = r.code.as_deref()?;
            crate::catalog::get(code)
                .or_else(|| crate::catalog::get_ignore_case(code))
                .map(|e| e.status)
        });
        self.reported = (!r.shape.is_hidden_failure()).then_some(Reported {
            line: r.source.line,
            status,
        });
        self.any_reported = true;
        self.reports += 1;
        self.flush_held(emit)?;
        if r.context == Context::PowerShell && r.request.is_none() {
            let line = r.source.line;
            self.held = Some((r, line));
            return Ok(());
        }
        emit(Event::Response(Box::new(r)))
    }

    /// Emits the held PowerShell response as it is.
    fn flush_held<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        match self.held.take() {
            Some((r, _)) => emit(Event::Response(Box::new(r))),
            None => Ok(()),
        }
    }

    /// A line while a PowerShell response is held: its command echo names the call (the line is used up);
    /// past the echo's lines, the response goes out as it is.
    fn held_line<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<bool, E> {
        let Some((_, at)) = &self.held else {
            return Ok(false);
        };
        if let Some(request) = powershell_echo(text) {
            if let Some((r, _)) = self.held.as_mut() {
                r.request = Some(request);
            }
            self.flush_held(emit)?;
            return Ok(true);
        }
        // `At line:1 char:1` (or `At C:\…\x.ps1:12 char:5`) comes between the body and the echo.
        if number > at + 2 {
            self.flush_held(emit)?;
        }
        Ok(false)
    }

    /// Scans one line (without its line ending). `skipped` bytes of an over-long line were dropped.
    pub fn line<E>(
        &mut self,
        number: u64,
        text: &str,
        skipped: usize,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        if skipped > 0 {
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
        if self.is_piece(number) || self.continues_open_text(text) {
            return self.continue_candidate(number, text, emit);
        }
        self.peel_line(number, text, 0, emit)
    }

    /// Whether `text` is one of most lines of a pretty-printed JSON text: indented, not blank, no console
    /// decoration (`     | `). Such a line neither starts anything fresh nor carries a layer: it goes on
    /// with the open text.
    fn continues_open_text(&self, text: &str) -> bool {
        let Some(cand) = &self.cand else { return false };
        if !self.late.is_empty() || !text.starts_with([' ', '\t']) {
            return false;
        }
        let t = text.trim_start();
        // A text cut inside a string (pretty JSON never breaks a string) is not continued by an indented
        // fresh start: that is the next body of an indented paste.
        !(t.is_empty() || t.starts_with('|') || (cand.in_string() && starts_fresh(t)))
    }

    /// Whether line `number` is the next piece of a line too long to hand out whole, going on with the text
    /// open at its cut.
    fn is_piece(&mut self, number: u64) -> bool {
        let piece = number == self.last_line;
        self.last_line = number;
        piece && self.cand.is_some()
    }

    /// Takes the layers off a line (see [`layers`]) and reads the text underneath; a string literal's
    /// content is read line by line, each with the number of the line that held it.
    fn peel_line<E>(
        &mut self,
        number: u64,
        text: &str,
        depth: u8,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let in_text = self.cand.is_some();
        let t = self.peeler.peel(text, in_text);
        // A transcript or a body logged as one string (a structured log's field, a repr): its lines, not
        // the line. A byte search for a backslash rules most lines out.
        if !in_text && memchr::memchr(b'\\', t.as_bytes()).is_some() {
            if let Some(inner) = layers::Peeler::escaped_layer(t, depth, recognize::may_match) {
                return self.peel_text(number, &inner, depth, emit);
            }
        }
        let before = self.reports;
        self.skipped_success = false;
        self.scan_line(number, t, emit)?;
        // Nothing came of the line as it stands and nothing waits on it: a one-line string in it may hold a
        // message or a status line. Behind the prefilter: a success body skipped unread is not looked at.
        let settled = self.cand.is_none() && self.head.is_none() && self.late.is_empty();
        if self.reports == before && settled && !self.skipped_success && !in_text {
            if let Some(inner) = layers::Peeler::quoted_layer(t, depth, recognize::may_match) {
                return self.peel_text(number, &inner, depth, emit);
            }
        }
        Ok(())
    }

    /// Reads a string literal's content line by line, each with the number of the line that held it.
    fn peel_text<E>(
        &mut self,
        number: u64,
        inner: &str,
        depth: u8,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        // The literal's lines have layers of their own; the quote open outside does not reach in.
        let outer = std::mem::take(&mut self.peeler);
        let mut result = Ok(());
        for l in inner.split('\n') {
            result = self.peel_line(number, l.strip_suffix('\r').unwrap_or(l), depth + 1, emit);
            if result.is_err() {
                break;
            }
        }
        self.peeler = outer;
        result
    }

    /// Reads one line with its layers taken off.
    fn scan_line<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<(), E> {
        // A stretch of evidence ends at the first line after it that is not its next.
        if self
            .stretch
            .as_ref()
            .is_some_and(|(_, last, _)| last + 1 < number)
        {
            self.flush_stretch(emit)?;
        }
        if self.continues_open_text(text) {
            return self.continue_candidate(number, text, emit);
        }
        if number == 1 && self.sign.is_none() {
            self.note_binary(number, text);
        }
        let stripped = decoration::strip(text);
        let text: &str = &stripped;
        if self.held.is_some() && self.held_line(number, text, emit)? {
            return Ok(());
        }
        if !self.late.is_empty() {
            self.expire_waits(number, emit)?;
        }
        // A replay may leave a new candidate open: look again until none is, or this line continues it.
        while let Some(cand) = &self.cand {
            // A console wrap (PowerShell) continues a string on the next line; anything else that starts
            // fresh means the open JSON was cut short.
            let wrapped = cand.in_string()
                && cand.embedded
                && !cand.from_replay
                && text.starts_with(['{', '[']);
            let fresh = starts_fresh(text) || (cand.in_string() && starts_fresh(text.trim_start()));
            if text.trim().is_empty() || (fresh && !wrapped) {
                self.abandon(emit, "incomplete JSON")?;
                self.replay_pending(emit)?;
            } else {
                return self.continue_candidate(number, text, emit);
            }
        }
        self.fresh_line(number, text, emit)
    }

    /// Scans again the lines a failed candidate had taken (see [`Candidate::lines`]), in order.
    fn replay_pending<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let lines = std::mem::take(&mut self.replay);
        self.replaying += 1;
        let mut result = Ok(());
        for (number, text) in lines {
            // Already peeled when first read.
            result = if self.is_piece(number) {
                self.continue_candidate(number, &text, emit)
            } else {
                self.scan_line(number, &text, emit)
            };
            if result.is_err() {
                break;
            }
        }
        self.replaying -= 1;
        result
    }

    /// Queues the candidate's continuation lines for [`Scanner::replay_pending`].
    fn queue_replay(&mut self, cand: &Candidate, text: &str) {
        if cand.replay_given_up {
            return;
        }
        for &(number, start, end) in &cand.lines {
            // Lines that read as the inside of a JSON text (indented, or starting with a quote, a closing
            // bracket or a comma) belong to the broken text; a response starts a line of its own.
            if let Some(line) = text.get(start..end).filter(|l| !looks_inside_json(l)) {
                self.replay.push((number, line.to_string()));
            }
        }
    }

    /// Ends the source: anything still open is resolved or reported.
    pub fn finish<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
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

    fn continue_candidate<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(cand) = self.cand.as_mut() else {
            return Ok(());
        };
        if cand.stream.is_none() && !cand.is_array && !cand.probed && cand.text.len() >= STREAM_AT {
            cand.probed = true;
            if Stream::opens(&cand.text, array::ODATA) {
                return self.start_object_stream(array::ODATA, number, text, emit);
            }
        }
        // A HAR file: its entries are read one by one from the line that opens them.
        if cand.stream.is_none()
            && !cand.is_array
            && cand.text.len() < STREAM_AT
            && text.trim_start().starts_with("\"entries\"")
            && Stream::opens(&format!("{}\n{text}", cand.text), array::HAR)
        {
            return self.start_object_stream(array::HAR, number, text, emit);
        }
        if let Some(s) = cand.stream.as_mut() {
            s.stream.line_break(number, text);
            return self.stream_line(number, text, 0, emit);
        }
        // A line break inside a string is a console wrap (PowerShell): join without it.
        if !cand.brackets.in_string {
            cand.text.push('\n');
        }
        let is_array = cand.is_array;
        let item_lines = &mut cand.item_lines;
        let closed = cand.brackets.feed(text.as_bytes(), &mut || {
            if is_array && item_lines.len() < MAX_ITEM_LINES {
                item_lines.push(number);
            }
        });
        let end = closed.unwrap_or(text.len());
        if cand.text.len() + end > MAX_CANDIDATE {
            let start = cand.start;
            self.cand = None;
            self.resolve_head(emit)?;
            return emit(Event::Unreadable(Fragment {
                source: self.loc(start),
                reason: format!("JSON longer than {} MiB; skipped", MAX_CANDIDATE >> 20),
            }));
        }
        let start = cand.text.len();
        cand.text.push_str(&text[..end]);
        if closed.is_none() && !cand.replay_given_up {
            if cand.lines.len() < MAX_REPLAY_LINES {
                cand.lines.push((number, start, cand.text.len()));
            } else {
                cand.lines = Vec::new();
                cand.replay_given_up = true;
            }
        }
        if let Some(end) = closed {
            self.failed = false;
            let after = around::suffix_status(&text[end..]);
            if let Some(mut cand) = self.cand.take() {
                let json = std::mem::take(&mut cand.text);
                let hints = Hints {
                    status: cand.status.or(after),
                };
                self.complete(cand, &json, hints, emit)?;
            }
            if self.failed {
                // The text was not JSON after all: scan its later lines again, this one whole.
                self.replay.push((number, text.to_string()));
                return self.replay_pending(emit);
            }
            if after.is_some() {
                return Ok(());
            }
            return self.scan_from(number, text, end, emit);
        }
        Ok(())
    }

    /// Scans a line when no candidate is open.
    fn fresh_line<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<(), E> {
        let b = text.as_bytes();
        let first = b.iter().position(|c| !c.is_ascii_whitespace());
        // A line that opens with a JSON text is neither a client's line nor a transcript line (but curl's
        // `{ [197 bytes data]`): most lines of a big log are such, and skip the recognizers.
        let json_line = first.is_some_and(|f| matches!(b[f], b'{' | b'[')) && !is_data_note(text);
        // The line right after the status; or the next line of the same string literal (one number).
        let hint = self
            .status_hint
            .take()
            .filter(|(l, _)| *l + 1 == number || *l == number);
        if !json_line {
            // Every recognizer's trigger stands before a body the line may hold (a log line's JSON is most
            // of it): the prefilter reads only that part.
            let before_body = json_start(text)
                .filter(|&(_, embedded)| embedded)
                .map_or(text, |(col, _)| &text[..col]);
            let clue = if recognize::may_match(before_body) {
                recognize::recognize(text)
            } else {
                None
            };
            if let Some(clue) = clue {
                if self.clue(number, text, clue, emit)? {
                    return Ok(());
                }
            } else if self.head_line(text) {
                return Ok(());
            }
            if let Some(status) = around::lone_status(text) {
                self.status_hint = Some((number, status));
                return Ok(());
            }
        } else if self.head.as_ref().is_some_and(|h| h.in_headers) {
            // No blank line before the body: the head ends here.
            if let Some(h) = self.head.as_mut() {
                h.in_headers = false;
            }
        }
        let rror = if json_line { Some(RROR.is_in(b)) } else { None };
        self.scan_segments(number, text, 0, rror, hint.map(|(_, s)| s), emit)
    }

    /// Scans `text[from..]` after a JSON text closed mid-line: what follows may be another JSON text, or a
    /// client's line (`{…}curl: (22) …`).
    fn scan_from<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let rest = &text[from..];
        if rest.trim().is_empty() {
            return Ok(());
        }
        if let Some(clue) = recognize::recognize(rest) {
            if json_start(rest).is_none() && self.clue(number, rest, clue, emit)? {
                return Ok(());
            }
        }
        self.scan_segments(number, text, from, None, None, emit)
    }

    /// A line while a head reads its headers: a header (curl -i, wget -S) or the blank line that ends them.
    fn head_line(&mut self, text: &str) -> bool {
        let Some(h) = self.head.as_mut().filter(|h| h.in_headers) else {
            return false;
        };
        let t = if h.context == Context::Wget {
            text.trim_start()
        } else {
            text
        };
        if t.trim().is_empty() {
            h.in_headers = false;
            return true;
        }
        if is_header(t) {
            header(&mut h.head, t);
            return true;
        }
        // No blank line before the body: the head ends here.
        h.in_headers = false;
        false
    }

    /// Acts on a recognized line; `true` when the line is used up.
    fn clue<E>(
        &mut self,
        number: u64,
        text: &str,
        clue: Clue<'_>,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        match clue {
            Clue::Request { method, target } => {
                self.resolve_head(emit)?;
                self.reported = None;
                self.request = PendingRequest {
                    method: method.map(str::to_string),
                    path: Some(target.to_string()),
                    host: None,
                    bearer: None,
                    // The connection lines come before the request line.
                    scheme: self.request.scheme,
                };
            }
            Clue::RequestHeader { name, value } => {
                if name.eq_ignore_ascii_case("host") {
                    self.request.host = Some(value.to_string());
                } else if name.eq_ignore_ascii_case("authorization") {
                    let token = value
                        .split_once(' ')
                        .filter(|(s, _)| s.eq_ignore_ascii_case("bearer"))
                        .map_or(value, |(_, t)| t.trim());
                    self.request.bearer = Some(Redacted::new(token.to_string()));
                }
            }
            Clue::Chatter => {
                if let Some(scheme) = connection_scheme(text) {
                    self.request.scheme = Some(scheme);
                }
            }
            Clue::RequestEnd => {}
            Clue::Status { status, context } => {
                self.reported = None;
                self.start_head(number, status, context, emit)?;
            }
            Clue::Header { name, value } => {
                if let Some(h) = self.head.as_mut().filter(|h| h.in_headers) {
                    record_header(&mut h.head, name, value);
                }
            }
            Clue::HeadEnd => {
                if let Some(h) = self.head.as_mut() {
                    h.in_headers = false;
                }
            }
            Clue::ExchangeEnd => self.end_exchange(emit)?,
            Clue::ClientStatus(cs) => {
                // A status with a body after it on the line: the body is read with that status.
                if json_start(text).is_some() || text.contains("{\\\"") {
                    return Ok(false);
                }
                self.client_status(number, cs, emit)?;
            }
            Clue::Command(c) => {
                self.resolve_head(emit)?;
                self.reported = None;
                self.request = PendingRequest {
                    method: c.method,
                    path: c.url,
                    host: None,
                    bearer: c.bearer,
                    scheme: None,
                };
            }
            Clue::GraphWarning(failures) => match self.head.as_mut() {
                Some(h) => h.head.provider_failures.extend(failures),
                None => {
                    let mut r =
                        Response::new(self.loc(number), Shape::GraphPartial, Context::Plain);
                    r.head.provider_failures = failures;
                    self.report_partial(r, emit)?;
                }
            },
            Clue::Message(message) => {
                // A body or a fragment of one holds the message: read that instead (it has more).
                if json_start(text).is_some() || salvage::fragment(text).is_some() {
                    return Ok(false);
                }
                self.resolve_head(emit)?;
                let mut r = Response::new(self.loc(number), Shape::MessageText, Context::Plain);
                r.message = Some(redact::scrubbed(message));
                r.request = self.request.request();
                self.report(r, emit)?;
            }
        }
        Ok(true)
    }

    /// `* Connection #0 … left intact`: a head still waiting for its body goes to the late queue.
    fn end_exchange<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        // A head still reading headers saw no blank line: not curl's transcript of a whole exchange.
        if self.head.as_ref().is_none_or(|h| h.in_headers) {
            return Ok(());
        }
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let status = h.head.status.unwrap_or(0);
        let template = self.head_template(h, Shape::Mde);
        // 1xx and 3xx heads get no body worth reading; errors and 2xx (hidden failures) may.
        if (200..300).contains(&status) || status >= 400 {
            if self.late.len() >= MAX_LATE {
                if let Some(oldest) = self.late.pop_front() {
                    self.emit_bodiless(oldest, false, emit)?;
                }
            }
            self.late.push_back(template);
        }
        Ok(())
    }

    /// A client's status line: merged into the exchange it closes, else reported as a body-lost response.
    fn client_status<E>(
        &mut self,
        number: u64,
        cs: ClientStatus<'_>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let same = |s: Option<u16>| s.is_none_or(|s| s == cs.status);
        // A head of this status, open or waiting for a late body: the client's line ends it.
        if self.head.as_ref().is_some_and(|h| same(h.head.status)) {
            return self.resolve_head(emit);
        }
        if let Some(pos) = self.late.iter().position(|t| same(t.head.status)) {
            if let Some(t) = self.late.remove(pos) {
                self.emit_bodiless(t, false, emit)?;
            }
            return Ok(());
        }
        // The response just reported (a body printed before the traceback or the client's note). A 5xx
        // body's code may name another 5xx than the client saw (500 vs 503): the class is enough there.
        let about = |s: Option<u16>| same(s) || s.is_some_and(|s| s >= 500 && cs.status >= 500);
        match self.reported {
            Some(r) if about(r.status) && number.saturating_sub(r.line) <= MERGE_WINDOW => {
                return Ok(());
            }
            None if !self.any_reported => self.leaned_on_start = true,
            _ => {}
        }
        self.resolve_head(emit)?;
        let mut r = Response::new(self.loc(number), Shape::BodyLost, cs.context);
        r.head.status = Some(cs.status);
        r.request = match cs.url {
            Some(url) => Some(Request {
                method: cs
                    .method
                    .map(str::to_ascii_uppercase)
                    .or_else(|| self.request.method.clone()),
                url: redact::scrubbed(url),
            }),
            None => self.request.request(),
        };
        r.bearer = self.request.bearer.clone();
        // The body may still come (curl prints `(22)` on stderr before the buffered body on stdout): it
        // waits a few lines for one, like a late head.
        if self.late.len() >= MAX_LATE {
            if let Some(oldest) = self.late.pop_front() {
                self.emit_bodiless(oldest, false, emit)?;
            }
        }
        self.late.push_back(r);
        Ok(())
    }

    /// Reports the client status lines that waited [`BODY_WAIT`] lines for a body in vain.
    fn expire_waits<E>(&mut self, number: u64, emit: Emit<'_, E>) -> Result<(), E> {
        while let Some(t) = self.late.front() {
            if t.shape != Shape::BodyLost || t.source.line + BODY_WAIT >= number {
                break;
            }
            if let Some(t) = self.late.pop_front() {
                self.report(t, emit)?;
            }
        }
        Ok(())
    }

    /// Scans `text[from..]` segment by segment for JSON texts (a loop, not recursion: a line may hold a
    /// million concatenated objects).
    fn scan_segments<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        rror_in_line: Option<bool>,
        status: Option<u16>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let mut from = from;
        let mut rror = rror_in_line;
        let mut status = status;
        let mut words = LineWords::default();
        while let Some(next) = self.fresh_segment(
            number,
            text,
            from,
            rror.take(),
            status.take(),
            &mut words,
            emit,
        )? {
            from = next;
        }
        Ok(())
    }

    /// Scans `text[from..]` for one JSON text; `Some(offset)` when more of the line is left to scan.
    /// `rror_in_line`: whether the whole line holds "rror", when already known; `words`: where the error
    /// words stand in the rest of the line, as far as earlier texts of the line searched.
    #[allow(clippy::too_many_arguments)]
    fn fresh_segment<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        rror_in_line: Option<bool>,
        hint: Option<u16>,
        words: &mut LineWords,
        emit: Emit<'_, E>,
    ) -> Result<Option<usize>, E> {
        let rest = &text[from..];
        let Some((col, embedded)) = json_start(rest) else {
            if from == 0 {
                self.no_json(number, text, emit)?;
            }
            return Ok(None);
        };
        let json = &rest[col..];
        let closes = json.trim_end().ends_with('}');
        let quiet = self.head.is_none() && self.late.is_empty();
        // Searched at most once per segment (a line without "rror" has none in any part of it either).
        let mut may_hold = None;
        let mut may_hold_error = |json: &str| {
            *may_hold.get_or_insert_with(|| match rror_in_line {
                Some(true) => true,
                Some(false) => may_hold_error_but_error_key(json.as_bytes()),
                None => words.may_hold_error(text.as_bytes(), from + col),
            })
        };
        // Fast path: a whole-line JSON text without error words, outside a transcript, is a success body.
        if !embedded
            && quiet
            && from == 0
            && (closes || json.trim_end().ends_with(']'))
            && !may_hold_error(json)
        {
            self.skipped_success = true;
            return Ok(None);
        }
        let prefix = &rest[..col];
        let context = if from > 0 || !embedded {
            Context::Plain
        } else if prefix.contains("Invoke-RestMethod") || prefix.contains("Invoke-WebRequest") {
            Context::PowerShell
        } else {
            Context::Log
        };
        let status = hint.or_else(|| {
            (embedded && from == 0)
                .then(|| around::prefix_status(prefix))
                .flatten()
        });
        let python_bytes = prefix.ends_with("b'");
        // Fast path: the rest of the line is exactly one plain error envelope, outside a transcript. The
        // bracket matcher would close at its end and `complete` would read the same response: skip both.
        if quiet && closes && status.is_none() && may_hold_error(json) {
            if let Some(plain) = PlainEnvelope::parse(json) {
                let template = Response::new(self.loc(number), Shape::Mde, context);
                self.report(plain.response(template), emit)?;
                return Ok(None);
            }
        }
        if python_bytes {
            // `b'{"error": …}'`: Python's bytes repr doubles backslashes; read the literal's content.
            if let Some(body) = salvage::python_bytes(json) {
                let cand = self.candidate(number, embedded || from > 0, context, false, status);
                self.complete(cand, &body, Hints { status }, emit)?;
                return Ok(None);
            }
        }
        let is_array = json.starts_with('[');
        let mut cand = self.candidate(number, embedded || from > 0, context, is_array, status);
        let item_lines = &mut cand.item_lines;
        let closed = cand.brackets.feed(json.as_bytes(), &mut || {
            if is_array && item_lines.len() < MAX_ITEM_LINES {
                item_lines.push(number);
            }
        });
        match closed {
            Some(end) => {
                let after_end = from + col + end;
                // Another JSON text after this one (concatenated bodies): no status or client line here.
                let tail_is_json = text[after_end..].trim_start().starts_with(['{', '[']);
                let after = if tail_is_json {
                    None
                } else {
                    around::suffix_status(&text[after_end..])
                };
                // Closed on this line: parse it where it is, no copy.
                let hints = Hints {
                    status: status.or(after),
                };
                self.complete(cand, &json[..end], hints, emit)?;
                if after.is_some() {
                    return Ok(None);
                }
                if after_end < text.len() && !self.failed && !tail_is_json {
                    let tail = &text[after_end..];
                    if json_start(tail).is_none() {
                        if let Some(clue) = recognize::recognize(tail) {
                            self.clue(number, tail, clue, emit)?;
                            return Ok(None);
                        }
                    }
                }
                Ok((after_end < text.len()).then_some(after_end))
            }
            None if is_array => {
                // Read item by item, however long it is.
                cand.stream = Some(Streaming::boxed(Stream::new(array::ODATA), false));
                self.cand = Some(cand);
                self.stream_line(number, text, from + col, emit)?;
                Ok(None)
            }
            None => {
                cand.text.push_str(json);
                self.cand = Some(cand);
                Ok(None)
            }
        }
    }

    fn candidate(
        &self,
        number: u64,
        embedded: bool,
        context: Context,
        is_array: bool,
        status: Option<u16>,
    ) -> Candidate {
        Candidate {
            start: number,
            embedded,
            context,
            text: String::new(),
            brackets: Brackets::default(),
            is_array,
            item_lines: Vec::new(),
            lines: Vec::new(),
            replay_given_up: false,
            from_replay: self.replaying > 0,
            status,
            stream: None,
            probed: false,
        }
    }

    /// A line with no JSON text: a late or pending head's non-JSON body, an escaped body inside a log line,
    /// or a fragment of a body pasted without its braces.
    fn no_json<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<(), E> {
        if text.trim().is_empty() {
            // A blank line ends a stretch of evidence (lines of one string literal share a number).
            return self.flush_stretch(emit);
        }
        if is_progress(text) {
            return Ok(());
        }
        if let Some((at, body)) = salvage::escaped_json(text) {
            let status = around::prefix_status(&text[..at]);
            let context = Context::Log;
            let cand = self.candidate(number, true, context, false, status);
            self.complete(cand, &body, Hints { status }, emit)?;
            return Ok(());
        }
        if self.head.as_ref().is_some_and(|h| !h.in_headers) {
            // Text where the body should be: an HTML gateway page, plain text.
            return self.resolve_head_not_json(emit);
        }
        if let Some(t) = self.late.pop_front() {
            return self.emit_bodiless(t, true, emit);
        }
        if let Some(s) = salvage::fragment(text) {
            let mut r = Response::new(self.loc(number), Shape::Fragment, Context::Plain);
            s.fill(&mut r);
            r.request = self.request.request();
            return self.report(r, emit);
        }
        // The last resort: evidence in any syntax, behind one word search that also serves the sign of an
        // unread error (most lines hold neither).
        let words = evidence_words().is_match(text);
        if let Some(ev) = words.then(|| evidence::read(text)).flatten() {
            match self.stretch.as_mut() {
                Some((_, last, stretch)) if *last + 1 >= number => {
                    stretch.merge(ev);
                    *last = number;
                }
                _ => {
                    self.flush_stretch(emit)?;
                    self.stretch = Some((number, number, ev));
                }
            }
            return Ok(());
        }
        self.flush_stretch(emit)?;
        self.note_sign(number, text, words);
        Ok(())
    }

    /// Reports the stretch of evidence when it holds enough for a diagnosis (a failed status or a code)
    /// and is not about the response reported just before (a client's or a logger's closing words).
    fn flush_stretch<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let Some((first, _, ev)) = self.stretch.take() else {
            return Ok(());
        };
        if !ev.is_enough() {
            return Ok(());
        }
        if let Some(r) = self.reported {
            let same_status = ev.status.is_none() || r.status.is_none() || ev.status == r.status;
            if ev.code.is_none() && same_status && first.saturating_sub(r.line) <= MERGE_WINDOW {
                return Ok(());
            }
        }
        let mut r = Response::new(self.loc(first), Shape::Generic, Context::Plain);
        r.head.status = ev.status;
        r.code = ev.code;
        r.message = ev.message.map(|m| redact::scrubbed(&m));
        if let Some((id, name)) = ev.request_id {
            r.head.request_id = Some(id);
            r.head.request_id_name = Some(name);
        }
        r.request = ev.request.or_else(|| self.request.request());
        r.bearer = self.request.bearer.clone();
        self.report(r, emit)
    }

    fn start_head<E>(
        &mut self,
        number: u64,
        status: u16,
        context: Context,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        self.abandon(emit, "incomplete JSON before the next response")?;
        self.resolve_head(emit)?;
        self.head = Some(PendingHead {
            line: number,
            head: Head {
                status: Some(status),
                ..Head::default()
            },
            context,
            in_headers: true,
        });
        Ok(())
    }

    /// The template response for a head: its location, context, head facts and the request.
    fn head_template(&mut self, h: PendingHead, shape: Shape) -> Response {
        let mut r = Response::new(self.loc(h.line), shape, h.context);
        r.head = h.head;
        r.request = self.request.request();
        r.bearer = self.request.bearer.clone();
        if r.head.status.is_some_and(|s| s >= 200) {
            // A final response ends the exchange; the next one comes with its own request.
            self.request = PendingRequest::default();
        }
        r
    }

    /// Reports one response per provider that failed inside a Graph partial success: the provider's own
    /// status (what the catalog explains), the warning item as the message, the provider as the item.
    fn report_partial<E>(&mut self, mut r: Response, emit: Emit<'_, E>) -> Result<(), E> {
        let failures = std::mem::take(&mut r.head.provider_failures);
        for f in failures {
            let mut one = r.clone();
            one.shape = Shape::GraphPartial;
            one.head.status = Some(f.status);
            one.message = Some(format!("Warning: 199 - \"{}\"", f.raw));
            one.item_kind = Some(redact::scrubbed(&format!("{}/{}", f.vendor, f.provider)));
            one.head.provider_failures.push(f);
            self.report(one, emit)?;
        }
        Ok(())
    }

    /// Emits a head that got no body: a response when its status is an error, one per failed provider of
    /// a Graph partial success.
    fn emit_bodiless<E>(
        &mut self,
        mut r: Response,
        not_json: bool,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        if r.shape == Shape::BodyLost {
            return self.report(r, emit);
        }
        if !r.head.provider_failures.is_empty() {
            return self.report_partial(r, emit);
        }
        r.shape = Shape::StatusOnly;
        r.body_not_json = not_json;
        // No body: the challenge's reason is the message (a 401 that explains itself in its header).
        if r.message.is_none() {
            r.message = r.head.auth_error.clone();
        }
        if r.head.status.is_some_and(|s| s >= 400) {
            self.report(r, emit)?;
        }
        Ok(())
    }

    /// Emits a pending head that got no body (only if its status is an error).
    fn resolve_head<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let r = self.head_template(h, Shape::StatusOnly);
        self.emit_bodiless(r, false, emit)
    }

    fn resolve_head_not_json<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let r = self.head_template(h, Shape::StatusOnly);
        self.emit_bodiless(r, true, emit)
    }

    /// Emits every head still waiting for a late body (the input ended without one).
    fn flush_late<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        while let Some(t) = self.late.pop_front() {
            self.emit_bodiless(t, false, emit)?;
        }
        Ok(())
    }

    /// Drops an open candidate: salvages what it holds, or reports it when it looked like a response.
    fn abandon<E>(&mut self, emit: Emit<'_, E>, reason: &str) -> Result<(), E> {
        let Some(cand) = self.cand.take() else {
            return Ok(());
        };
        if let Some(s) = cand.stream {
            return self.abandon_stream(cand.start, cand.embedded, *s, emit, reason);
        }
        self.queue_replay(&cand, &cand.text);
        let reportable =
            !cand.embedded || may_hold_error(cand.text.as_bytes()) || self.head.is_some();
        let hints = Hints {
            status: cand.status,
        };
        if reportable && self.salvage(&cand, &cand.text, hints, emit)? {
            return Ok(());
        }
        if self.head.is_some() {
            self.resolve_head(emit)?;
        }
        if reportable {
            emit(Event::Unreadable(Fragment {
                source: self.loc(cand.start),
                reason: reason.to_string(),
            }))?;
        }
        Ok(())
    }

    /// A body cut or redacted mid-way: reports what it still says (code, message, target) as a partial
    /// response answering the head it belongs to. Only the part before the first line that is scanned again
    /// is read, so a response the cut body swallowed is not read twice. False when nothing was salvaged.
    fn salvage<E>(
        &mut self,
        cand: &Candidate,
        text: &str,
        hints: Hints,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        let own = cand
            .lines
            .iter()
            .find(|&&(_, start, end)| text.get(start..end).is_some_and(|l| !looks_inside_json(l)))
            .map_or(text, |&(_, start, _)| text.get(..start).unwrap_or(text));
        let in_body = self.head.as_ref().is_some_and(|h| !h.in_headers) || !self.late.is_empty();
        // A code, or a message inside an exchange known to have failed: a lone `"message"` in a broken log
        // line is no response.
        let Some(s) = salvage::fragment(own)
            .filter(|s| s.code.is_some() || in_body || hints.status.is_some_and(|s| s >= 400))
        else {
            return Ok(false);
        };
        let mut r = self.body_template(cand, hints);
        r.shape = Shape::Fragment;
        s.fill(&mut r);
        if r.request.is_none() {
            r.request = self.request.request();
        }
        self.report(r, emit)?;
        Ok(true)
    }

    /// The template for a body: the head it answers (open, or waiting for a late body), else a plain one.
    fn body_template(&mut self, cand: &Candidate, hints: Hints) -> Response {
        self.template_at(cand.start, cand.context, hints)
    }

    /// [`Scanner::body_template`] for a body that starts on line `start`, found in `context`.
    fn template_at(&mut self, start: u64, context: Context, hints: Hints) -> Response {
        let in_body = self.head.as_ref().is_some_and(|h| !h.in_headers);
        let mut template = if in_body {
            match self.head.take() {
                Some(h) => self.head_template(h, Shape::Mde),
                None => Response::new(self.loc(start), Shape::Mde, context),
            }
        } else if let Some(mut t) = self.late.pop_front() {
            // A late body keeps the head's exchange, but is cited where it is.
            t.shape = Shape::Mde;
            t
        } else {
            Response::new(self.loc(start), Shape::Mde, context)
        };
        if template.context == Context::Plain && context != Context::Plain {
            template.context = context;
        }
        template.head.status = template.head.status.or(hints.status);
        template
    }

    /// A JSON text closed: parse it and emit what it holds. `text` is the JSON (the candidate's own text
    /// when it spanned lines, else borrowed from the line).
    fn complete<E>(
        &mut self,
        cand: Candidate,
        text: &str,
        hints: Hints,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let in_body = self.head.as_ref().is_some_and(|h| !h.in_headers) || !self.late.is_empty();
        let may_be_har = !in_body && text.starts_with('{') && text.contains("\"entries\"");
        if !in_body && !may_be_har && hints.status.is_none() && !may_hold_error(text.as_bytes()) {
            return Ok(());
        }
        let (plain, value) = match read_body(text) {
            Ok(read) => read,
            Err(reason) => {
                self.failed = true;
                self.queue_replay(&cand, text);
                if (!cand.embedded || may_hold_error(text.as_bytes()))
                    && self.salvage(&cand, text, hints, emit)?
                {
                    return Ok(());
                }
                if in_body {
                    if self.head.is_some() {
                        self.resolve_head_not_json(emit)?;
                    } else if let Some(t) = self.late.pop_front() {
                        self.emit_bodiless(t, true, emit)?;
                    }
                }
                // Prose with braces after a log prefix is not a broken response.
                if !cand.embedded || may_hold_error(text.as_bytes()) {
                    emit(Event::Unreadable(Fragment {
                        source: self.loc(cand.start),
                        reason,
                    }))?;
                }
                return Ok(());
            }
        };
        if may_be_har {
            if let Some(entries) = har::entries(&value) {
                for entry in entries {
                    self.har_entry(cand.start, entry, emit)?;
                }
                return Ok(());
            }
        }
        let template = self.body_template(&cand, hints);
        if let Some(plain) = plain {
            return self.report(plain.response(template), emit);
        }
        let item_lines = cand.item_lines;
        let found = response::from_json(&value, &template, &|i| item_lines.get(i).copied());
        if found.is_empty() {
            if !template.head.provider_failures.is_empty() {
                return self.report_partial(template, emit);
            }
            if template.head.status.is_some_and(|s| s >= 400) {
                // An error status whose JSON body has no known envelope: diagnose from the status.
                let mut r = template;
                r.shape = Shape::StatusOnly;
                if let Value::Object(o) = &value {
                    r.message = o
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("message"))
                        .and_then(|(_, v)| v.as_str())
                        .map(redact::scrubbed);
                }
                return self.report(r, emit);
            }
        }
        for r in found {
            self.report(r, emit)?;
        }
        Ok(())
    }
}

/// curl's `{ [197 bytes data]` / `} [38 bytes data]` notes (they open with a bracket but are no JSON).
fn is_data_note(text: &str) -> bool {
    (text.starts_with("{ [") || text.starts_with("} [")) && text.trim_end().ends_with("data]")
}

/// A line of curl's progress meter (shown with `-v` into a pipe): not a body.
fn is_progress(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("% Total")
        || t.contains("Dload")
        || t.bytes().all(|c| {
            matches!(
                c,
                b' ' | b'\r' | b'0'..=b'9' | b'-' | b':' | b'.' | b'k' | b'M' | b'G'
            )
        })
}

/// What a curl -v connection line says of the scheme: a TLS handshake, ALPN or certificate line (or HTTP/2's
/// `:scheme: https`) means https, and so does `Connected to … port 443`; `Connected to` another port without them
/// yet, or `:scheme: http`, means plain http (curl prints the handshake before the request, so a request after
/// a bare `Connected` went out unencrypted).
fn connection_scheme(text: &str) -> Option<&'static str> {
    let t = text.strip_prefix("* ")?;
    // A redirect followed (-L) names the next URL whole.
    if let Some(url) = t.strip_prefix("Issue another request to this URL: '") {
        return Some(if url.starts_with("http://") {
            "http"
        } else {
            "https"
        });
    }
    if t.contains("[:scheme: https]")
        || t.starts_with("SSL connection using")
        || t.starts_with("ALPN")
        || t.starts_with("TLSv1")
        || t.starts_with("Server certificate")
    {
        Some("https")
    } else if t.contains("[:scheme: http]") {
        Some("http")
    } else if t.starts_with("Connected to ") {
        // Port 443 is https even when a paste left the handshake lines out.
        let port = t.rsplit_once(" port ").map(|(_, p)| {
            p.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or_default()
        });
        Some(if port == Some("443") { "https" } else { "http" })
    } else {
        None
    }
}

/// A body's JSON: the plain `{"error":{…}}` envelope read in place when it is one (most bodies in a big log
/// are: no `Value` tree), else the parsed value, a Python dict repr included.
fn read_body(text: &str) -> Result<(Option<PlainEnvelope<'_>>, Value), String> {
    if let Some(plain) = PlainEnvelope::parse(text) {
        return Ok((Some(plain), Value::Null));
    }
    parse_json(text)
        .or_else(|reason| salvage::python_repr(text).ok_or(reason))
        .map(|v| (None, v))
}

/// The request named by Windows PowerShell's echo of the failed command under its error
/// (`+ Invoke-RestMethod -Method Post -Uri "https://…/isolate" -Headers $h …`): the URL when it is written
/// out (a `$url` variable names nothing), the method (`GET` when none is given and no body is sent).
fn powershell_echo(text: &str) -> Option<Request> {
    let t = text.trim_start().strip_prefix("+ ")?;
    let head = t.get(..t.len().min(24))?.to_ascii_lowercase();
    if !["invoke-restmethod", "invoke-webrequest", "irm ", "iwr "]
        .iter()
        .any(|c| head.starts_with(c))
    {
        return None;
    }
    let words = recognize::curl::shell_words(t);
    let (mut url, mut method, mut body) = (None, None, false);
    let mut it = words.iter().skip(1);
    while let Some(w) = it.next() {
        match w.to_ascii_lowercase().as_str() {
            "-uri" | "-u" => url = it.next().cloned(),
            "-method" => method = it.next().map(|m| m.to_ascii_uppercase()),
            "-body" | "-infile" => body = true,
            _ if url.is_none() && (w.starts_with("https://") || w.starts_with("http://")) => {
                url = Some(w.clone());
            }
            _ => {}
        }
    }
    let url = url.filter(|u| u.starts_with("http"))?;
    Some(Request {
        method: method.or_else(|| (!body).then(|| "GET".to_string())),
        url: redact::scrubbed(&url),
    })
}

fn is_header(text: &str) -> bool {
    // Names start with a letter: a log line's timestamp (`2026-01-01T00:00:00Z …`) is not a header.
    text.split_once(':').is_some_and(|(name, _)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    })
}

/// Records the header facts diagnose uses, from a `Name: value` line.
fn header(head: &mut Head, line: &str) {
    if let Some((name, value)) = line.split_once(':') {
        record_header(head, name.trim(), value.trim());
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
    } else if let Some(family) = response::REQUEST_ID_HEADERS
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
pub fn scan_str(file: &str, text: &str) -> Vec<Event> {
    let mut scanner = Scanner::new(file);
    let mut events = Vec::new();
    let mut push = |e: Event| -> Result<(), std::convert::Infallible> {
        events.push(e);
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
