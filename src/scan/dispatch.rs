//! Line dispatch: each line peeled of its layers (quotes, prefixes, escapes), then sent on: to the open
//! candidate, the exchange state, a new body, or the signs of an error in no form read.

use super::*;

impl Scanner {
    /// Notes `text` as the sign of an error that nothing here reads, if it is the first such line.
    /// `words`: whether the line holds any of [`evidence_words`], which include every sign word.
    pub(super) fn note_sign(&mut self, number: u64, text: &str, words: bool) {
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

    /// Notes the input as binary when one of its first lines says so (a zip's magic bytes, NUL bytes): text
    /// never holds them (UTF-16 was transcoded, gzip inflated, by `input`).
    pub(super) fn note_binary(&mut self, number: u64, text: &str) {
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

    /// Whether `text` is one of most lines of a pretty-printed JSON text: indented, not blank, no console
    /// decoration (`     | `, Newman's `  │ `). Such a line neither starts anything fresh nor carries a layer: it goes on
    /// with the open text.
    pub(super) fn continues_open_text(&self, text: &str) -> bool {
        let Some(cand) = &self.cand else { return false };
        if !self.late.is_empty() || !text.starts_with([' ', '\t']) || self.peeler.at_margin(text) {
            return false;
        }
        let t = text.trim_start();
        // A text cut inside a string (pretty JSON never breaks a string) is not continued by an indented
        // fresh start: that is the next body of an indented paste.
        // An indented quote mark under a quoted line is the quote going on: peeled first.
        !(t.is_empty()
            || t.starts_with(['|', '\u{2502}'])
            || (cand.in_string() && starts_fresh(t))
            || (t.starts_with('>') && self.peeler.is_quoting()))
    }

    /// Whether line `number` is the next piece of a line too long to hand out whole, going on with the text
    /// open at its cut.
    pub(super) fn is_piece(&mut self, number: u64) -> bool {
        let piece = number == self.last_line;
        self.last_line = number;
        piece && self.cand.is_some()
    }

    /// Takes the layers off a line (see [`layers`]) and reads the text underneath; a string literal's
    /// content is read line by line, each with the number of the line that held it.
    pub(super) fn peel_line<E>(
        &mut self,
        number: u64,
        text: &str,
        depth: u8,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let in_text = self.cand.is_some();
        let known = self
            .known_prefix
            .take()
            .filter(|(n, _)| *n == number && depth == 0)
            .map(|(_, p)| p);
        let t = self.peeler.peel(text, in_text, known);
        // One search for two bytes most lines lack: a backslash (below) and 0xE2, which starts the
        // typographic quotes `decoration::strip` looks for.
        let rare = memchr::memchr2(b'\\', 0xE2, t.as_bytes()).is_some();
        // A transcript or a body logged as one string (a structured log's field, a repr): its lines, not
        // the line.
        if !in_text && rare && memchr::memchr(b'\\', t.as_bytes()).is_some() {
            if let Some(inner) = layers::Peeler::escaped_layer(t, depth, recognize::may_match) {
                return self.peel_text(number, &inner, depth, emit);
            }
        }
        let before = self.reports;
        self.skipped_success = false;
        self.scan_line(number, t, rare, emit)?;
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
    pub(super) fn peel_text<E>(
        &mut self,
        number: u64,
        inner: &str,
        depth: u8,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        // The literal's lines have layers of their own; the quote open outside does not reach in.
        let outer = std::mem::take(&mut self.peeler);
        // Its lines' widths too (a console's wrap is told from a cut by them): the literal's, from its start.
        let widths = std::mem::replace(&mut self.widths, Widths::starting());
        let result = self.literal_lines(number, inner, depth, emit);
        self.peeler = outer;
        self.widths = widths;
        result
    }

    /// The lines of a string literal's content, hard-wrapped lines joined again (a wrapped paste logged as
    /// one field), each read with its layers taken off.
    fn literal_lines<E>(
        &mut self,
        number: u64,
        inner: &str,
        depth: u8,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let mut held: Option<wrap::Held> = None;
        for l in inner.split('\n') {
            let l = l.strip_suffix('\r').unwrap_or(l);
            self.widths.line(l);
            if let Some(h) = held.take() {
                match h.join(l) {
                    wrap::Joined::Whole(_, whole) => {
                        self.peel_line(number, &whole, depth + 1, emit)?;
                        continue;
                    }
                    wrap::Joined::GoesOn(h) => {
                        held = Some(h);
                        continue;
                    }
                    wrap::Joined::No(_, line, _) => {
                        self.peel_line(number, &line, depth + 1, emit)?
                    }
                }
            }
            if self.cand.is_none() && wrap::may_be_cut(l) {
                held = Some(wrap::Held::new(number, l, String::new()));
                continue;
            }
            self.peel_line(number, l, depth + 1, emit)?;
        }
        match held {
            Some(h) => self.peel_line(number, &h.into_line().1, depth + 1, emit),
            None => Ok(()),
        }
    }

    /// Reads one line with its layers taken off.
    /// `rare`: whether the line may hold a backslash or a byte 0xE2 (see [`Scanner::peel_line`]).
    pub(super) fn scan_line<E>(
        &mut self,
        number: u64,
        text: &str,
        rare: bool,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        // A stretch of evidence ends at the first line after it that is not its next (a body open on
        // several lines counts from its first).
        let at = self.cand.as_ref().map_or(number, |c| c.start);
        if self.transport.is_some() {
            self.transport_line(at, text, emit)?;
        }
        if self
            .stretch
            .as_ref()
            .is_some_and(|(_, last, _)| last + 1 < at)
        {
            self.flush_stretch(emit)?;
        }
        if self.continues_open_text(text) {
            return self.continue_candidate(number, text, emit);
        }
        // The raw response a `Format-List` record prints under `RawContent` (status line, headers, a blank,
        // the body: the same response again) goes on up to the record's next property.
        if let Some(from) = self.raw_content {
            let next_field = !text.starts_with(' ') && is_format_list_line(text);
            if !next_field && number <= from + RAW_CONTENT_LINES {
                return Ok(());
            }
            self.raw_content = None;
        }
        // The first lines, not only the first: an image's first line may hold no NUL (`\x89PNG\r`).
        if number <= BINARY_LINES && self.sign.is_none() && !self.any_reported {
            self.note_binary(number, text);
        }
        let stripped = decoration::strip(text, rare);
        let text: &str = &stripped;
        if self.held.is_some() && self.held_line(number, text, emit)? {
            return Ok(());
        }
        if !self.late.is_empty() {
            // A body being read may be the one waited for: judged where it started.
            let at = self.cand.as_ref().map_or(number, |c| c.start);
            if self.expire_waits(at, text, emit)? {
                return Ok(());
            }
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

    /// Scans a line when no candidate is open.
    pub(super) fn fresh_line<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let b = text.as_bytes();
        let first = b.iter().position(|c| !c.is_ascii_whitespace());
        // A line that opens with a JSON text is neither a client's line nor a transcript line (but curl's
        // `{ [197 bytes data]`): most lines of a big log are such, and skip the recognizers.
        // Nor is node's inspected cause of an error (`[cause]: Error: getaddrinfo ENOTFOUND …`, an
        // AggregateError's `[errors]: [ … ]`): a label, read by the recognizers.
        let json_line = first.is_some_and(|f| matches!(b[f], b'{' | b'['))
            && !is_data_note(text)
            && !first.is_some_and(|f| {
                b[f..].starts_with(b"[cause]: ") || b[f..].starts_with(b"[errors]: ")
            });
        // The line right after the status; or the next line of the same string literal (one number).
        let hint = self
            .status_hint
            .take()
            .filter(|(l, _)| *l + 1 == number || *l == number);
        let mut line_status = None;
        if self.console.is_open() && self.console_line(number, text, emit)? {
            return Ok(());
        }
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
                // A client's status line with the body after it: the body has that status.
                let status = match &clue {
                    Clue::ClientStatus(cs) => Some(cs.status),
                    _ => None,
                };
                if self.clue(number, text, clue, emit)? {
                    return Ok(());
                }
                line_status = status;
            } else if self.head_line(text) {
                return Ok(());
            }
            if let Some(status) = around::lone_status(text) {
                self.status_hint = Some((number, status));
                self.note_answered(number, status);
                return Ok(());
            }
        } else if self.head.as_ref().is_some_and(|h| h.in_headers) {
            // No blank line before the body: the head ends here.
            if let Some(h) = self.head.as_mut() {
                h.in_headers = false;
            }
        }
        let status = hint.map(|(_, s)| s).or(line_status);
        self.scan_segments(number, text, 0, json_line, status, emit)
    }

    /// Scans `text[from..]` after a JSON text closed mid-line: what follows may be another JSON text, or a
    /// client's line (`{…}curl: (22) …`).
    pub(super) fn scan_from<E>(
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
        self.scan_segments(number, text, from, false, None, emit)
    }

    /// Scans `text[from..]` segment by segment for JSON texts (a loop, not recursion: a line may hold a
    /// million concatenated objects).
    pub(super) fn scan_segments<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        json_line: bool,
        status: Option<u16>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let mut from = from;
        let mut whole_line = json_line;
        let mut status = status;
        let mut words = LineWords::default();
        while let Some(next) = self.fresh_segment(
            number,
            text,
            from,
            std::mem::take(&mut whole_line),
            status.take(),
            &mut words,
            emit,
        )? {
            from = next;
        }
        Ok(())
    }

    /// Scans `text[from..]` for one JSON text; `Some(offset)` when more of the line is left to scan.
    /// `whole_line`: the line is this JSON text after blanks (its first text; `may_hold_error` of the line
    /// is the text's); `words`: where the error words stand in the rest of the line, as far as earlier texts
    /// of the line searched.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fresh_segment<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        whole_line: bool,
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
        // Searched at most once per segment (a line without "rror" has none in any part of it either). A
        // line's first body (after a log prefix): one vectorized pass from it on, where a search per word
        // cost four passes (callgrind, summary-prefixed); later bodies share the searches per word.
        let mut may_hold = None;
        let mut error_words = || {
            *may_hold.get_or_insert_with(|| match (whole_line, from) {
                (true, _) => may_hold_error(text.as_bytes()),
                (false, 0) => may_hold_error(&text.as_bytes()[col..]),
                (false, _) => words.may_hold_error(text.as_bytes(), from + col),
            })
        };
        let prefix = &rest[..col];
        let context = self.body_context(number, prefix, from, embedded);
        let status = hint.or_else(|| {
            (embedded && from == 0)
                .then(|| around::prefix_status(prefix))
                .flatten()
        });
        // Fast path: the rest of the line is exactly one plain error envelope, outside a transcript. The
        // bracket matcher would close at its end and `complete` would read the same response: skip both.
        // (Not under a pending request: `complete` gives it the request.) Tried before the error words are
        // searched: an envelope holds them, and anything else is refused at its first key.
        if quiet && closes && status.is_none() && self.request.is_empty() {
            if let Some(plain) = PlainEnvelope::parse(json) {
                self.plain_on_line(&plain, number, context, emit)?;
                return Ok(None);
            }
        }
        // Fast path: a JSON text without error words, outside a transcript, is a success body: alone on its
        // line, or after a log prefix with no status and no request waiting (its words were read above).
        let alone_or_logged =
            !embedded || (context == Context::Log && status.is_none() && self.request.is_empty());
        if alone_or_logged
            && quiet
            && from == 0
            && (closes || json.trim_end().ends_with(']'))
            && !error_words()
        {
            // A string literal of a logged line may still hold an error (`msg="…"` before the body): only a
            // body alone lets the line go unread.
            self.skipped_success = !embedded;
            return Ok(None);
        }
        let python_bytes = prefix.ends_with("b'");
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
            // Closed on this line: parse it where it is, no copy.
            Some(end) => self.closed_on_line(number, text, from + col, &json[..end], cand, emit),
            None if is_array => {
                // Read item by item, however long it is.
                cand.stream = Some(Streaming::boxed(Stream::new(array::ODATA), false));
                self.cand = Some(cand);
                self.stream_line(number, text, from + col, emit)?;
                Ok(None)
            }
            None => {
                if from == 0 && is_format_list_name(prefix) {
                    cand.margin = col;
                }
                cand.text.push_str(json);
                self.cand = Some(cand);
                Ok(None)
            }
        }
    }

    /// Reports a plain envelope alone on line `number` (the fast path of [`Scanner::fresh_segment`]):
    /// borrowed, unless evidence before it must merge into it or PowerShell's echo may follow it.
    fn plain_on_line<E>(
        &mut self,
        plain: &PlainEnvelope<'_>,
        number: u64,
        context: Context,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let record = self.format_list_body == Some(number);
        if self.stretch.is_some() || context == Context::PowerShell || record {
            let file = Arc::clone(&self.file);
            let r = plain.borrowed(&file, number, context, plain.code());
            return self.report(r.to_response(), emit);
        }
        self.report_plain(plain, number, context, emit)
    }

    /// A candidate whose JSON text `json`, starting at `text[start..]`, closed on this line: completes it,
    /// then reads what follows on the line (a status, a client's line, another text). `Some(offset)` when
    /// more of the line is left to scan.
    fn closed_on_line<E>(
        &mut self,
        number: u64,
        text: &str,
        start: usize,
        json: &str,
        cand: Candidate,
        emit: Emit<'_, E>,
    ) -> Result<Option<usize>, E> {
        let after_end = start + json.len();
        // Another JSON text after this one (concatenated bodies): no status or client line here.
        let tail_is_json = text[after_end..].trim_start().starts_with(['{', '[']);
        let after = if tail_is_json {
            None
        } else {
            around::suffix_status(&text[after_end..])
        };
        let hints = Hints {
            status: cand.status.or(after),
        };
        self.complete(cand, json, hints, emit)?;
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

    /// A line with no JSON text: a late or pending head's non-JSON body, an escaped body inside a log line,
    /// or a fragment of a body pasted without its braces.
    pub(super) fn no_json<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        if text.trim().is_empty() {
            // A blank line ends a stretch of evidence (lines of one string literal share a number), and the
            // block of the response reported before.
            self.flush_stretch(emit)?;
            if let Some(r) = self.reported.as_mut() {
                r.in_block = false;
            }
            // A message printed without its body has its body right under it, if anywhere; a cmdlet's
            // error record prints its details after blank lines.
            let cmdlet = |t: &Response| t.context == Context::PowerShell;
            self.wait_in_block = self.late.back().is_some_and(cmdlet);
            while self
                .late
                .front()
                .is_some_and(|t| t.shape == Shape::MessageText && !cmdlet(t))
            {
                if let Some(t) = self.late.pop_front() {
                    self.report(t, emit)?;
                }
            }
            return Ok(());
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
        // A stack frame between a client's error line and its printed fields is no body. A client's line
        // waits on past text (the other fields of its error record) for a body that fits it.
        if !is_stack_frame(text) && self.late.front().is_some_and(|t| !is_client_wait(t)) {
            if let Some(t) = self.late.pop_front() {
                return self.emit_bodiless(t, true, emit);
            }
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
        if self.format_list_record(number, text, words, true) {
            return Ok(());
        }
        // A stretch being read goes on with lines that hold none of the words (`date: …`, a heading).
        let more = words || self.stretch.is_some();
        if let Some(ev) = more.then(|| evidence::read(text)).flatten() {
            return self.evidence_line(number, ev, emit);
        }
        if self.format_list_record(number, text, words, false) {
            return Ok(());
        }
        self.flush_stretch(emit)?;
        self.note_sign(number, text, words);
        Ok(())
    }

    /// A line of evidence in no shape a recognizer knows: more of the exchange a client's line waits with,
    /// the next line of the stretch being read, or the first of a new one.
    fn evidence_line<E>(
        &mut self,
        number: u64,
        ev: evidence::ErrorEvidence,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let own_code = ev
            .code
            .as_deref()
            .is_none_or(|c| self.waiting_message_code(c));
        if self.stretch.is_none() && own_code && self.wait_in_block {
            if let Some(t) = self.late.back_mut().filter(|t| is_client_wait(t)) {
                // More of the exchange a client's line waits with (`StatusCode : Forbidden`, the
                // request, an id): its own; another status is another exchange.
                if ev
                    .status
                    .is_none_or(|s| t.head.status.is_none_or(|w| w == s))
                {
                    t.head.status = t.head.status.or(ev.status);
                    t.head.date = t.head.date.take().or(ev.date);
                    t.code = t.code.take().or(ev.code);
                    t.request = t.request.take().or(ev.request);
                    if t.head.request_id.is_none() {
                        if let Some((id, name)) = ev.request_id {
                            t.head.request_id = Some(id);
                            t.head.request_id_name = Some(name);
                        }
                    }
                    return Ok(());
                }
                self.end_client_waits(emit)?;
            }
        }
        match self.stretch.as_mut() {
            Some((_, last, stretch)) if *last + 1 >= number && !stretch.is_another_error(&ev) => {
                stretch.merge(ev);
                *last = number;
            }
            _ => {
                self.flush_stretch(emit)?;
                // A time alone (Entra's `Timestamp:` line) belongs to the error before it, or to none.
                if !ev.is_date_only() {
                    self.stretch = Some((number, number, ev));
                }
            }
        }
        Ok(())
    }
}

impl Scanner {
    /// A line of a PowerShell `Format-List` record that is used up here: `RawContent` after the record's
    /// `Content` was reported (`evidence`: asked before the line's evidence is read), or (after) a field
    /// of the record the stretch is reading (`Method     : GET`, a wrapped value's indented rest), which
    /// goes on so that its status waits for its `Content`.
    fn format_list_record(&mut self, number: u64, text: &str, words: bool, evidence: bool) -> bool {
        if evidence {
            let raw = words
                && text.starts_with("RawContent")
                && self.reported.is_some_and(|r| r.in_block)
                && is_format_list_line(text);
            if raw {
                self.raw_content = Some(number);
            }
            return raw;
        }
        match self.stretch.as_mut() {
            Some((_, last, _)) if *last + 1 >= number && is_format_list_line(text) => {
                *last = number;
                true
            }
            _ => false,
        }
    }
}

/// Most lines of a `RawContent` value passed over (a bound in case the record's next property never comes).
const RAW_CONTENT_LINES: u64 = 4096;

/// A `Format-List` property name before its value: `Content    : `.
fn is_format_list_name(prefix: &str) -> bool {
    prefix
        .strip_suffix(": ")
        .map(str::trim_end)
        .is_some_and(|name| {
            name.len() < prefix.len() - 2
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// A line of PowerShell's `Format-List` view: `Name<blanks>: value` (a property name, padded to the
/// record's widest), or a wrapped value's rest, indented under the values.
pub(super) fn is_format_list_line(text: &str) -> bool {
    if text.starts_with("  ") {
        return true;
    }
    let name_end = text
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(text.len());
    let rest = &text[name_end..];
    name_end > 0
        && text.as_bytes()[0].is_ascii_alphabetic()
        && rest.starts_with(' ')
        && rest.trim_start_matches(' ').starts_with(':')
}

impl Scanner {
    /// [`segment_context`], noting a body after a `Format-List` property name (`Content    : {…`), whose
    /// record may print its status after it.
    fn body_context(&mut self, number: u64, prefix: &str, from: usize, embedded: bool) -> Context {
        if from == 0 && embedded && is_format_list_name(prefix) {
            self.format_list_body = Some(number);
        }
        segment_context(prefix, from, embedded)
    }
}

/// The context of a JSON text that starts a segment after `prefix`: a PowerShell command's output, a log
/// line's, or plain (the whole line, or a later text of it).
fn segment_context(prefix: &str, from: usize, embedded: bool) -> Context {
    if from > 0 || !embedded {
        Context::Plain
    } else if powershell_prefix(prefix) {
        Context::PowerShell
    } else {
        Context::Log
    }
}

/// Whether a body's prefix names PowerShell's web cmdlets (`Invoke-RestMethod : {…}`): found by their
/// capital I, rare in a log prefix, where a substring search for each name cost a tenth of reading a
/// logged line (callgrind, summary-prefixed).
fn powershell_prefix(prefix: &str) -> bool {
    memchr::memchr_iter(b'I', prefix.as_bytes()).any(|i| {
        let rest = &prefix.as_bytes()[i..];
        rest.starts_with(b"Invoke-RestMethod") || rest.starts_with(b"Invoke-WebRequest")
    })
}
