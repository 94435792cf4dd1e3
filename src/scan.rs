//! Finding responses in a stream of lines: JSON bodies (compact, pretty, arrays, NDJSON, concatenated, after
//! a log prefix, wrapped by PowerShell), `curl -i` and `curl -v` transcripts, Python `requests` and PowerShell
//! status lines. One pass, one line at a time, a bounded accumulator for multi-line JSON; lines that cannot
//! hold an error are skipped before any parse. Broken fragments are reported, never silently dropped.

use std::sync::{Arc, OnceLock};

use memchr::memmem;
use serde_json::Value;

use crate::redact::{self, Redacted};
use crate::response::{self, Context, Head, Location, PlainEnvelope, Request, Response, Shape};

/// Largest multi-line JSON candidate kept; past it the candidate is reported unreadable and scanning resyncs.
pub const MAX_CANDIDATE: usize = 16 * 1024 * 1024;

/// Most item lines remembered for one top-level array (later items cite the array's first line).
const MAX_ITEM_LINES: usize = 65_536;

/// A piece of input that looked like a response but could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub source: Location,
    pub reason: String,
}

/// What the scanner found.
#[derive(Debug, Clone)]
pub enum Event {
    Response(Box<Response>),
    Unreadable(Fragment),
}

/// A substring searcher built once (building one per line costs more than the search).
struct Needle {
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

    fn is_in(&self, hay: &[u8]) -> bool {
        self.find(hay).is_some()
    }
}

/// The words the checks before parsing look for. Each is searched with its first letter left out, so the
/// key in camelCase and in PascalCase (`error`/`Error`, `status`/`Status`: the reader takes keys in any
/// case) is found by one search; keys in capitals are not (no API or tool writes them).
static RROR: Needle = Needle::new("rror");
static TATUS: Needle = Needle::new("tatus");
static S_FAILED: Needle = Needle::new("sFailed");
/// The states of a MachineAction that failed.
const FAILED_STATES: [&str; 3] = ["Failed", "Cancelled", "TimeOut"];
static CURL: Needle = Needle::new("curl");
static HTTP: Needle = Needle::new("http");
static CLIENT_ERROR: Needle = Needle::new(" Client Error: ");
static SERVER_ERROR: Needle = Needle::new(" Server Error: ");
/// PowerShell's WebException text before the status.
const PS: &str = "The remote server returned an error: (";
static PS_ERROR: Needle = Needle::new(PS);

/// What the occurrences of "rror" in a text say: whether there is one (an `error` key may be there), and
/// whether one is followed by `": "` (" Client Error: ", " Server Error: ", PowerShell's "…returned an
/// error: (": the status texts).
fn rror_clues(text: &[u8]) -> (bool, bool) {
    let mut from = 0;
    let mut any = false;
    while let Some(p) = RROR.find(&text[from..]) {
        any = true;
        from += p + 4;
        if text[from..].starts_with(b": ") {
            return (true, true);
        }
    }
    (any, false)
}

/// Whether a line may be a status text or a pasted curl command (the checks that only apply then).
fn has_line_words(text: &[u8], rror_colon: bool) -> bool {
    rror_colon || CURL.is_in(text)
}

/// Whether a JSON text may hold an error response (checked before parsing: the words without which a JSON
/// text holds no error we report).
pub fn may_hold_error(text: &[u8]) -> bool {
    RROR.is_in(text) || may_hold_error_but_error_key(text)
}

/// [`may_hold_error`] for a text already known to hold no "rror": a `statusCode` key, a `status` key
/// whose value is a failed state, or an `isFailed` key that is `true`.
fn may_hold_error_but_error_key(text: &[u8]) -> bool {
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

/// Incremental bracket matcher: tracks depth, strings and escapes across chunks.
#[derive(Debug, Default)]
struct Brackets {
    depth: u32,
    in_string: bool,
    escape: bool,
}

impl Brackets {
    /// Feeds `bytes`; returns the offset just past the byte that closes the value, if it closes.
    /// `on_item` is called with the offset of each value that opens at depth 1 (a top-level array's items).
    fn feed(&mut self, bytes: &[u8], on_item: &mut dyn FnMut()) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                // Strings are most of a body: jump to the next quote or backslash.
                match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    Some(p) => {
                        i += p;
                        if bytes[i] == b'\\' {
                            self.escape = true;
                        } else {
                            self.in_string = false;
                        }
                    }
                    None => return None,
                }
                i += 1;
                continue;
            }
            match bytes[i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    if self.depth == 1 {
                        on_item();
                    }
                    self.depth = self.depth.saturating_add(1);
                }
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
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

/// The request a `curl -v` transcript showed last.
#[derive(Debug, Default)]
struct PendingRequest {
    method: Option<String>,
    path: Option<String>,
    host: Option<String>,
    bearer: Option<Redacted<String>>,
}

impl PendingRequest {
    fn request(&self) -> Option<Request> {
        let path = self.path.as_deref()?;
        let url = match &self.host {
            Some(h) if path.starts_with('/') => format!("https://{h}{path}"),
            _ => path.to_string(),
        };
        Some(Request {
            method: self.method.clone(),
            url: redact::scrubbed(&url),
        })
    }
}

/// The scanner for one source.
#[derive(Debug)]
pub struct Scanner {
    file: Arc<str>,
    cand: Option<Candidate>,
    head: Option<PendingHead>,
    request: PendingRequest,
    /// Lines of a failed multi-line candidate, to be scanned again (in order) before the next line.
    replay: Vec<(u64, String)>,
    /// How deep replays are nested right now.
    replaying: u32,
    /// The last completed text did not parse (set by `complete`).
    failed: bool,
}

/// Whether a line reads as the inside of a JSON text rather than the start of something new.
fn looks_inside_json(line: &str) -> bool {
    line.bytes()
        .next()
        .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'}' | b']' | b',' | b':'))
}

/// Most continuation lines a candidate keeps for replay: bounds the rescanning of hostile input, whose cost
/// grows with the square of this (a replayed line may start a candidate that fails and replays again).
const MAX_REPLAY_LINES: usize = 256;

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
            replay: Vec::new(),
            replaying: 0,
            failed: false,
        }
    }

    /// Whether nothing read so far bears on the lines to come: no JSON text or response head is open,
    /// nothing waits to be scanned again, no request line waits for its response. A scanner at rest
    /// scans the next line exactly as a new one would, which is what lets a source be cut into blocks
    /// scanned apart (see `commands::diagnose`).
    pub fn is_at_rest(&self) -> bool {
        // Destructured, so a field added to either struct must be considered here.
        let Scanner {
            file: _,
            cand,
            head,
            request,
            replay,
            // Both only matter within one call of `line`.
            replaying: _,
            failed: _,
        } = self;
        let PendingRequest {
            method,
            path,
            host,
            bearer,
        } = request;
        cand.is_none()
            && head.is_none()
            && replay.is_empty()
            && method.is_none()
            && path.is_none()
            && host.is_none()
            && bearer.is_none()
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
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        if skipped > 0 {
            // The line's end is gone: whatever it started cannot be completed.
            self.abandon(emit, "incomplete JSON before an over-long line")?;
            self.resolve_head(emit)?;
            return emit(Event::Unreadable(Fragment {
                source: self.loc(number),
                reason: format!(
                    "line is longer than {} MiB; skipped",
                    crate::input::MAX_LINE >> 20
                ),
            }));
        }
        // A replay may leave a new candidate open: look again until none is, or this line continues it.
        while let Some(cand) = &self.cand {
            // A console wrap (PowerShell) continues a string on the next line; anything else that starts
            // fresh means the open JSON was cut short.
            let wrapped = cand.brackets.in_string
                && cand.embedded
                && !cand.from_replay
                && text.starts_with(['{', '[']);
            if text.trim().is_empty() || (starts_fresh(text) && !wrapped) {
                self.abandon(emit, "incomplete JSON")?;
                self.replay_pending(emit)?;
            } else {
                return self.continue_candidate(number, text, emit);
            }
        }
        self.fresh_line(number, text, 0, emit)
    }

    /// Scans again the lines a failed candidate had taken (see [`Candidate::lines`]), in order.
    fn replay_pending<E>(&mut self, emit: &mut dyn FnMut(Event) -> Result<(), E>) -> Result<(), E> {
        let lines = std::mem::take(&mut self.replay);
        self.replaying += 1;
        let mut result = Ok(());
        for (number, text) in lines {
            result = self.line(number, &text, 0, emit);
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
    pub fn finish<E>(&mut self, emit: &mut dyn FnMut(Event) -> Result<(), E>) -> Result<(), E> {
        while self.cand.is_some() {
            self.abandon(emit, "incomplete JSON at end of input")?;
            self.replay_pending(emit)?;
        }
        self.resolve_head(emit)
    }

    fn continue_candidate<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(cand) = self.cand.as_mut() else {
            return Ok(());
        };
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
            if let Some(mut cand) = self.cand.take() {
                let json = std::mem::take(&mut cand.text);
                self.complete(cand, &json, emit)?;
            }
            if self.failed {
                // The text was not JSON after all: scan its later lines again, this one whole.
                self.replay.push((number, text.to_string()));
                return self.replay_pending(emit);
            }
            return self.fresh_line(number, text, end, emit);
        }
        Ok(())
    }

    /// Scans `text[from..]` of a line when no candidate is open.
    fn fresh_line<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        // What "rror" says of the line is known once for both checks that need it.
        let mut rror_in_line = None;
        if from == 0 {
            let b = text.as_bytes();
            // A line that opens with a JSON text is neither a status text nor a command line: only the
            // first "rror" matters then (most lines of a big log are such).
            let json_line = matches!(b.trim_ascii_start().first(), Some(b'{' | b'['));
            let (rror, rror_colon) = if json_line {
                (RROR.is_in(b), false)
            } else {
                rror_clues(b)
            };
            rror_in_line = Some(rror);
            // Whether the rare word-triggered checks below can apply at all.
            let words = !json_line && has_line_words(b, rror_colon);
            if self.transcript_line(number, text, words, emit)? {
                return Ok(());
            }
            if words && self.status_text_line(number, text, emit)? {
                return Ok(());
            }
        }
        // A loop, not recursion: a line may hold a million concatenated objects.
        let mut from = from;
        while let Some(next) = self.fresh_segment(number, text, from, rror_in_line.take(), emit)? {
            from = next;
        }
        Ok(())
    }

    /// Scans `text[from..]` for one JSON text; `Some(offset)` when more of the line is left to scan.
    /// `rror_in_line`: whether the whole line holds "rror", when already known.
    fn fresh_segment<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        rror_in_line: Option<bool>,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<Option<usize>, E> {
        let rest = &text[from..];
        let Some((col, embedded)) = json_start(rest) else {
            if from == 0
                && !text.trim().is_empty()
                && self.head.as_ref().is_some_and(|h| !h.in_headers)
                && !is_progress(text)
            {
                // Text where the body should be: an HTML gateway page, plain text.
                self.resolve_head_not_json(emit)?;
            }
            return Ok(None);
        };
        let json = &rest[col..];
        let closes = json.trim_end().ends_with('}');
        // Searched at most once per segment (a line without "rror" has none in any part of it either).
        let mut may_hold = None;
        let mut may_hold_error = |json: &str| {
            *may_hold.get_or_insert_with(|| match rror_in_line {
                Some(true) => true,
                Some(false) => may_hold_error_but_error_key(json.as_bytes()),
                None => may_hold_error(json.as_bytes()),
            })
        };
        // Fast path: a whole-line JSON text without error words, outside a transcript, is a success body.
        if !embedded
            && self.head.is_none()
            && from == 0
            && (closes || json.trim_end().ends_with(']'))
            && !may_hold_error(json)
        {
            return Ok(None);
        }
        let context = if from > 0 || !embedded {
            Context::Plain
        } else if rest[..col].contains("Invoke-RestMethod")
            || rest[..col].contains("Invoke-WebRequest")
        {
            Context::PowerShell
        } else {
            Context::Log
        };
        // Fast path: the rest of the line is exactly one plain error envelope, outside a transcript. The
        // bracket matcher would close at its end and `complete` would read the same response: skip both.
        if self.head.is_none() && closes && may_hold_error(json) {
            if let Some(plain) = PlainEnvelope::parse(json) {
                let template = Response::new(self.loc(number), Shape::Mde, context);
                emit(Event::Response(Box::new(plain.response(template))))?;
                return Ok(None);
            }
        }
        let is_array = json.starts_with('[');
        let mut cand = Candidate {
            start: number,
            embedded: embedded || from > 0,
            context,
            text: String::new(),
            brackets: Brackets::default(),
            is_array,
            item_lines: Vec::new(),
            lines: Vec::new(),
            replay_given_up: false,
            from_replay: self.replaying > 0,
        };
        let item_lines = &mut cand.item_lines;
        let closed = cand.brackets.feed(json.as_bytes(), &mut || {
            if is_array && item_lines.len() < MAX_ITEM_LINES {
                item_lines.push(number);
            }
        });
        match closed {
            Some(end) => {
                // Closed on this line: parse it where it is, no copy.
                self.complete(cand, &json[..end], emit)?;
                let next = from + col + end;
                Ok((next < text.len()).then_some(next))
            }
            None => {
                cand.text.push_str(json);
                self.cand = Some(cand);
                Ok(None)
            }
        }
    }

    /// Handles `curl -i` / `curl -v` lines; `true` when the line was one.
    fn transcript_line<E>(
        &mut self,
        number: u64,
        text: &str,
        words: bool,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<bool, E> {
        let b = text.as_bytes();
        if b.starts_with(b"> ") || b == b">" {
            self.resolve_head(emit)?;
            self.request_line(text.get(2..).unwrap_or(""));
            return Ok(true);
        }
        if b.starts_with(b"< ") || b == b"<" {
            let line = text.get(2..).unwrap_or("");
            if let Some(status) = status_line(line) {
                self.start_head(number, status, Context::CurlV, emit)?;
            } else if let Some(h) = self.head.as_mut() {
                if line.trim().is_empty() {
                    h.in_headers = false;
                } else if h.in_headers {
                    header(&mut h.head, line);
                }
            }
            return Ok(true);
        }
        if b.starts_with(b"* ") {
            if let Some(h) = &self.head {
                if !h.in_headers
                    && (text.contains("left intact") || text.contains("Closing connection"))
                {
                    self.resolve_head(emit)?;
                }
            }
            return Ok(true);
        }
        if (b.starts_with(b"{ [") || b.starts_with(b"} [")) && text.ends_with("data]") {
            return Ok(true);
        }
        if let Some(status) = status_line(text) {
            self.start_head(number, status, Context::CurlI, emit)?;
            return Ok(true);
        }
        if words && CURL.is_in(b) && HTTP.is_in(b) {
            if let Some(req) = curl_command(text) {
                // A pasted command line names the request that `curl -i` output does not show.
                self.resolve_head(emit)?;
                self.request = req;
                return Ok(true);
            }
        }
        if let Some(h) = self.head.as_mut().filter(|h| h.in_headers) {
            if text.trim().is_empty() {
                h.in_headers = false;
                return Ok(true);
            }
            if is_header(text) {
                header(&mut h.head, text);
                return Ok(true);
            }
            // No blank line before the body: the head ends here.
            h.in_headers = false;
        }
        Ok(false)
    }

    /// Python `requests` and PowerShell status-only lines; `true` when the line was one.
    fn status_text_line<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<bool, E> {
        let b = text.as_bytes();
        let found = CLIENT_ERROR.find(b).or_else(|| SERVER_ERROR.find(b));
        if let Some(at) = found {
            let Some(status) = text[..at]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse::<u16>().ok())
                .filter(|s| (400..=599).contains(s))
            else {
                return Ok(false);
            };
            self.resolve_head(emit)?;
            let mut r = Response::new(self.loc(number), Shape::BodyLost, Context::Python);
            r.head.status = Some(status);
            if let Some(u) = text.find(" for url: ") {
                let url = text[u + 10..].trim();
                r.request = Some(Request {
                    method: None,
                    url: redact::scrubbed(url),
                });
            }
            emit(Event::Response(Box::new(r)))?;
            return Ok(true);
        }
        if let Some(at) = PS_ERROR.find(b) {
            let digits = text[at + PS.len()..]
                .get(..3)
                .and_then(|d| d.parse::<u16>().ok());
            if let Some(status) = digits.filter(|s| (400..=599).contains(s)) {
                self.resolve_head(emit)?;
                let mut r = Response::new(self.loc(number), Shape::BodyLost, Context::PowerShell);
                r.head.status = Some(status);
                emit(Event::Response(Box::new(r)))?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn request_line(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        let mut words = line.split_whitespace();
        if let (Some(m), Some(path), Some(v)) = (words.next(), words.next(), words.next()) {
            if v.starts_with("HTTP/") && m.bytes().all(|c| c.is_ascii_uppercase()) {
                self.request = PendingRequest {
                    method: Some(m.to_string()),
                    path: Some(path.to_string()),
                    host: None,
                    bearer: None,
                };
                return;
            }
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
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
    }

    fn start_head<E>(
        &mut self,
        number: u64,
        status: u16,
        context: Context,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
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

    /// Emits a pending head that got no body (only if its status is an error).
    fn resolve_head<E>(&mut self, emit: &mut dyn FnMut(Event) -> Result<(), E>) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let r = self.head_template(h, Shape::StatusOnly);
        if r.head.status.is_some_and(|s| s >= 400) {
            emit(Event::Response(Box::new(r)))?;
        }
        Ok(())
    }

    fn resolve_head_not_json<E>(
        &mut self,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let mut r = self.head_template(h, Shape::StatusOnly);
        r.body_not_json = true;
        if r.head.status.is_some_and(|s| s >= 400) {
            emit(Event::Response(Box::new(r)))?;
        }
        Ok(())
    }

    /// Drops an open candidate, reporting it when it looked like a response.
    fn abandon<E>(
        &mut self,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
        reason: &str,
    ) -> Result<(), E> {
        let Some(cand) = self.cand.take() else {
            return Ok(());
        };
        self.queue_replay(&cand, &cand.text);
        let reportable =
            !cand.embedded || may_hold_error(cand.text.as_bytes()) || self.head.is_some();
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

    /// A JSON text closed: parse it and emit what it holds. `text` is the JSON (the candidate's own text
    /// when it spanned lines, else borrowed from the line).
    fn complete<E>(
        &mut self,
        cand: Candidate,
        text: &str,
        emit: &mut dyn FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        let in_body = self.head.as_ref().is_some_and(|h| !h.in_headers);
        if !in_body && !may_hold_error(text.as_bytes()) {
            return Ok(());
        }
        // Most bodies in a big log are the plain envelope: read it in place, no `Value` tree.
        let plain = PlainEnvelope::parse(text);
        let value = if plain.is_some() {
            Value::Null
        } else {
            match parse_json(text) {
                Ok(v) => v,
                Err(reason) => {
                    self.failed = true;
                    self.queue_replay(&cand, text);
                    if in_body {
                        self.resolve_head_not_json(emit)?;
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
            }
        };
        let mut template = if in_body {
            match self.head.take() {
                Some(h) => self.head_template(h, Shape::Mde),
                None => Response::new(self.loc(cand.start), Shape::Mde, cand.context),
            }
        } else {
            Response::new(self.loc(cand.start), Shape::Mde, cand.context)
        };
        if template.context == Context::Plain && cand.context != Context::Plain {
            template.context = cand.context;
        }
        if let Some(plain) = plain {
            return emit(Event::Response(Box::new(plain.response(template))));
        }
        let item_lines = cand.item_lines;
        let found = response::from_json(&value, &template, &|i| item_lines.get(i).copied());
        if found.is_empty() && in_body && template.head.status.is_some_and(|s| s >= 400) {
            // An error status whose JSON body has no known envelope: diagnose from the status.
            let mut r = template;
            r.shape = Shape::StatusOnly;
            if let Value::Object(o) = &value {
                r.message = o
                    .iter()
                    .find(|(k, _)| {
                        k.eq_ignore_ascii_case("message") || k.eq_ignore_ascii_case("Message")
                    })
                    .and_then(|(_, v)| v.as_str())
                    .map(redact::scrubbed);
            }
            return emit(Event::Response(Box::new(r)));
        }
        for r in found {
            emit(Event::Response(Box::new(r)))?;
        }
        Ok(())
    }
}

/// Parses a JSON text; the error is the reason to report. Valid JSON that serde_json refuses (a number beyond
/// `f64` such as `1e400`) is read again by the lint parser, which keeps such numbers as text.
fn parse_json(text: &str) -> Result<Value, String> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let short = short_error(&e);
            if short.starts_with("number out of range") {
                if let Ok(node) = crate::lint::json::parse(text) {
                    return Ok(crate::lint::json::to_serde(&node));
                }
            }
            if short.starts_with("recursion limit exceeded") {
                return Err("JSON nested too deeply to read (more than 128 levels)".to_string());
            }
            Err(format!("not valid JSON ({short})"))
        }
    }
}

/// serde_json's message without the position (we cite the line ourselves).
fn short_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    s.split(" at line ").next().unwrap_or(&s).to_string()
}

/// A line that certainly starts something new: a transcript line or a JSON text at column 0, including the
/// lone `{` or `[` that opens a pretty-printed one (inside a JSON text, such lines are indented).
fn starts_fresh(text: &str) -> bool {
    let b = text.as_bytes();
    matches!(text.trim_end(), "{" | "[")
        || b.starts_with(b"{\"")
        || b.starts_with(b"[{")
        || b.starts_with(b"< ")
        || b.starts_with(b"> ")
        || b.starts_with(b"* ")
        || status_line(text).is_some()
}

/// Where a JSON text starts in `text`: (byte offset, whether it follows other text on the line).
/// At column 0 (after blanks) any `{` or `[`; after a prefix only `{"`, `{ "` or a `{` that ends the line.
fn json_start(text: &str) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let first = b.iter().position(|c| !c.is_ascii_whitespace())?;
    if b[first] == b'{' || (b[first] == b'[' && looks_like_array(&b[first + 1..])) {
        return Some((first, false));
    }
    let mut from = first;
    while let Some(p) = memchr::memchr(b'{', &b[from..]).map(|p| p + from) {
        let after = &b[p + 1..];
        let next = after.iter().position(|c| !c.is_ascii_whitespace());
        match next {
            None => return Some((p, true)),
            Some(n) if after[n] == b'"' => return Some((p, true)),
            _ => from = p + 1,
        }
    }
    None
}

/// `[` followed by a value that can start an array of objects: `{`, `[`, `]` or nothing (pretty arrays).
fn looks_like_array(after: &[u8]) -> bool {
    match after.iter().find(|c| !c.is_ascii_whitespace()) {
        None => true,
        Some(c) => matches!(c, b'{' | b'[' | b']'),
    }
}

/// The status of an HTTP status line (`HTTP/1.1 403 Forbidden`, `HTTP/2 429`).
pub fn status_line(text: &str) -> Option<u16> {
    let rest = text.strip_prefix("HTTP/")?;
    let mut words = rest.split_whitespace();
    let version = words.next()?;
    if !version.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    let code = words.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok().filter(|s| (100..=599).contains(s))
}

/// Splits a shell command line into words, honouring '…' and "…" quoting (enough for pasted commands).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The request of a pasted `curl` command line: method (`-X`, else POST with data, else GET), URL and token.
fn curl_command(text: &str) -> Option<PendingRequest> {
    let words = shell_words(text);
    let at = words
        .iter()
        .position(|w| w == "curl" || w == "curl.exe" || w.ends_with("/curl"))?;
    let mut req = PendingRequest::default();
    let mut data = false;
    let mut url = None;
    let mut it = words[at + 1..].iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "-X" | "--request" => req.method = it.next().map(|m| m.to_ascii_uppercase()),
            "-H" | "--header" => {
                if let Some((name, value)) = it.next().and_then(|h| h.split_once(':')) {
                    if name.trim().eq_ignore_ascii_case("authorization") {
                        let v = value.trim();
                        let token = v.split_once(' ').map_or(v, |(_, t)| t.trim());
                        req.bearer = Some(Redacted::new(token.to_string()));
                    }
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--json" | "-F" | "--form" => {
                data = true;
                it.next();
            }
            w if w.starts_with("-X") && w.len() > 2 => {
                req.method = Some(w[2..].to_ascii_uppercase())
            }
            w if w.starts_with("http://") || w.starts_with("https://") => url = Some(w.to_string()),
            _ => {}
        }
    }
    let url = url?;
    if req.method.is_none() {
        req.method = Some(if data { "POST" } else { "GET" }.to_string());
    }
    req.path = Some(url);
    Some(req)
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

fn is_header(text: &str) -> bool {
    // Names start with a letter: a log line's timestamp (`2026-01-01T00:00:00Z …`) is not a header.
    text.split_once(':').is_some_and(|(name, _)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    })
}

/// Records the header facts diagnose uses.
fn header(head: &mut Head, line: &str) {
    let Some((name, value)) = line.split_once(':') else {
        return;
    };
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let set = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(redact::scrubbed(value));
        }
    };
    let name = name.trim();
    if name.eq_ignore_ascii_case("retry-after") {
        set(&mut head.retry_after);
    } else if name.eq_ignore_ascii_case("date") {
        set(&mut head.date);
    } else if name.eq_ignore_ascii_case("request-id")
        || name.eq_ignore_ascii_case("x-ms-request-id")
        || name.eq_ignore_ascii_case("x-ms-correlation-request-id")
    {
        set(&mut head.request_id);
    } else if name.eq_ignore_ascii_case("client-request-id")
        || name.eq_ignore_ascii_case("x-ms-client-request-id")
    {
        set(&mut head.client_request_id);
    }
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
