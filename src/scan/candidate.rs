//! Candidate assembly: the lines of a JSON body gathered until it closes, then read into responses (the
//! fast plain envelope first, the body reader else), salvaged when cut, or replayed line by line when it
//! was no body after all.

use super::*;

impl Scanner {
    pub(super) fn continue_candidate<E>(
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
        let text = hanging_indent_off(cand, text);
        // A line break inside a string is a console wrap (PowerShell): joined without it, or with the
        // blank a word wrap trimmed.
        if !cand.brackets.in_string {
            cand.text.push('\n');
        } else if word_wrapped(
            &self.widths,
            &cand.text[cand.piece_start.min(cand.text.len())..],
            text,
        ) {
            cand.text.push(' ');
        } else if !self.widths.whole && !self.any_reported {
            // Taken as a cut at the width because no wider line came before: a line before this scanner's
            // start might have been wider.
            self.leaned_on_start = true;
        }
        let Some(cand) = self.cand.as_mut() else {
            return Ok(());
        };
        cand.piece_start = cand.text.len();
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

    pub(super) fn candidate(
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
            piece_start: 0,
            margin: 0,
        }
    }

    /// Reports the stretch of evidence when it holds enough for a diagnosis (a failed status or a code)
    /// and is not about the response reported just before (a client's or a logger's closing words).
    pub(super) fn flush_stretch<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
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
            // The lines right after a reported error that restate it (`(Code) message`, then `Code: …` and
            // `Message: …`, as Azure's SDKs print): the same error, told twice.
            let same_code = match (&ev.code, r.code) {
                (Some(c), Some(k)) => super::code_key(c) == k,
                _ => true,
            };
            if same_status && same_code && r.in_block {
                return Ok(());
            }
        }
        let mut r = Response::new(self.loc(first), Shape::Generic, Context::Plain);
        r.graph_client = ev.graph;
        r.head.status = ev.status;
        r.code = ev.code;
        r.message = ev.message.map(|m| redact::scrubbed(&m));
        if let Some((id, name)) = ev.request_id {
            r.head.request_id = Some(id);
            r.head.request_id_name = Some(name);
        }
        r.request = ev.request.or_else(|| self.request.request());
        r.bearer = self.request.bearer.clone();
        r.head.retry_after = ev.retry_after.map(|v| redact::scrubbed(&v));
        r.head.date = ev.date.map(|v| redact::scrubbed(&v));
        self.report(r, emit)
    }

    /// Drops an open candidate: salvages what it holds, or reports it when it looked like a response.
    pub(super) fn abandon<E>(&mut self, emit: Emit<'_, E>, reason: &str) -> Result<(), E> {
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
        if reportable && self.salvage(&cand, &cand.text, hints, true, emit)? {
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
    /// `cut`: the text ended before it closed (rather than closing as invalid JSON).
    pub(super) fn salvage<E>(
        &mut self,
        cand: &Candidate,
        text: &str,
        hints: Hints,
        cut: bool,
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
        // An error object cut before its code still is one: reported as a partial response with nothing
        // read, so a cut error never ends as a warning alone. (Invalid JSON that closed stays a warning:
        // it was not cut, and may be no response at all.)
        let Some(s) = salvage::fragment(own)
            .filter(|s| s.code.is_some() || in_body || hints.status.is_some_and(|s| s >= 400))
            .or_else(|| (cut && salvage::opens_error_object(own)).then(salvage::Salvaged::default))
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
    pub(super) fn body_template(&mut self, cand: &Candidate, hints: Hints) -> Response {
        self.template_at(cand.start, cand.context, hints)
    }

    /// [`Scanner::body_template`] for a body that starts on line `start`, found in `context`.
    pub(super) fn template_at(&mut self, start: u64, context: Context, hints: Hints) -> Response {
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
            let mut r = Response::new(self.loc(start), Shape::Mde, context);
            // A body right under the call it answers (a request line or a command pasted above it, no head
            // between): that request is its own, and no later body's.
            if !self.request.is_empty() {
                r.request = self.request.request();
                r.bearer = self.request.bearer.clone();
                self.request = PendingRequest::default();
            }
            r
        };
        if template.context == Context::Plain && context != Context::Plain {
            template.context = context;
        }
        template.head.status = template.head.status.or(hints.status);
        template
    }

    /// A JSON text closed: parse it and emit what it holds. `text` is the JSON (the candidate's own text
    /// when it spanned lines, else borrowed from the line).
    pub(super) fn complete<E>(
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
        self.python_print = text.starts_with("{'").then_some(cand.start);
        let (plain, value) = match read_body(text) {
            Ok(read) => read,
            Err(reason) => {
                if self.head.is_none() && self.header_block(text, cand.lines.len() as u64 + 1) {
                    return Ok(());
                }
                self.failed = true;
                self.queue_replay(&cand, text);
                if (!cand.embedded || may_hold_error(text.as_bytes()))
                    && self.salvage(&cand, text, hints, false, emit)?
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
                // Prose with braces after a log prefix is not a broken response; an error object node
                // inspected around a transport failure is read as that failure (its lines are replayed).
                if (!cand.embedded || may_hold_error(text.as_bytes()))
                    && !recognize::transport::mentions(text)
                {
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
        let far = self.head.is_none() && self.waits_far(cand.start);
        // The plain envelope's fast read builds no tree: parsed here, in this rare case only.
        let parsed = (far && plain.is_some())
            .then(|| serde_json::from_str::<Value>(text).ok())
            .flatten();
        if far && !fits_wait(&self.late, parsed.as_ref().unwrap_or(&value), hints) {
            // A body far below a client's status line that it contradicts is another exchange's.
            self.end_client_waits(emit)?;
        }
        let template = self.body_template(&cand, hints);
        if let Some(plain) = plain {
            return self.report(plain.response(template), emit);
        }
        let item_lines = cand.item_lines;
        let found = body::from_json(&value, &template, &|i| item_lines.get(i).copied());
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
            if r.shape == Shape::BodyLost {
                // A printed response object without its body (node's `Response {…}`): the body may be
                // printed next.
                let extra = self.last_line.saturating_sub(r.source.line);
                self.wait_for_body(r, extra, emit)?;
            } else {
                self.report(r, emit)?;
            }
        }
        Ok(())
    }

    /// Scans again the lines a failed candidate had taken (see [`Candidate::lines`]), in order.
    pub(super) fn replay_pending<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let lines = std::mem::take(&mut self.replay);
        self.replaying += 1;
        let mut result = Ok(());
        for (number, text) in lines {
            // Already peeled when first read.
            result = if self.is_piece(number) {
                self.continue_candidate(number, &text, emit)
            } else {
                self.scan_line(number, &text, true, emit)
            };
            if result.is_err() {
                break;
            }
        }
        self.replaying -= 1;
        result
    }

    /// Queues the candidate's continuation lines for [`Scanner::replay_pending`].
    pub(super) fn queue_replay(&mut self, cand: &Candidate, text: &str) {
        if cand.replay_given_up {
            return;
        }
        for &(number, start, end) in &cand.lines {
            // Lines that read as the inside of a JSON text (indented, or starting with a quote, a closing
            // bracket or a comma) belong to the broken text; a response starts a line of its own.
            // So is a transport failure inside an object node inspected (`  [cause]: Error: getaddrinfo …`).
            if let Some(line) = text
                .get(start..end)
                .filter(|l| !looks_inside_json(l) || recognize::transport::mentions(l))
            {
                self.replay.push((number, line.to_string()));
            }
        }
    }
}

/// A body's JSON: the plain `{"error":{…}}` envelope read in place when it is one (most bodies in a big log
/// are: no `Value` tree), else the parsed value, a Python dict repr included.
pub(super) fn read_body(text: &str) -> Result<(Option<PlainEnvelope<'_>>, Value), String> {
    if let Some(plain) = PlainEnvelope::parse(text) {
        return Ok((Some(plain), Value::Null));
    }
    parse_json(text)
        .or_else(|reason| super::literal::read(text).ok_or(reason))
        .map(|v| (None, v))
}

/// `text` without the hanging indent of a PowerShell `Format-List` value wrapped under itself: inside a
/// string, that indent is the view's, not the text's (with the paste's own margin, if any, before it).
fn hanging_indent_off<'t>(cand: &Candidate, text: &'t str) -> &'t str {
    let body = text.trim_start_matches(' ');
    if cand.margin > 0 && cand.brackets.in_string && text.len() - body.len() >= cand.margin {
        body
    } else {
        text
    }
}

/// Whether a string broken between `piece` (the previous line's part of the text) and `next` was broken by
/// a word wrap that trimmed the blank it broke at (PowerShell 7's ConciseView), rather than cut at the
/// window's width (a console's hard wrap, inside a word: nothing lost). A cut fills the window: its piece is
/// as wide as the widest line around it; a word wrap breaks before the width, between two words.
fn word_wrapped(widths: &Widths, piece: &str, next: &str) -> bool {
    if piece.ends_with(' ') || next.starts_with(' ') || piece.is_empty() || next.is_empty() {
        return false;
    }
    // A word wrap breaks between words: an id cut in two (a GUID or a hex run whose line was wrapped at a
    // width while a longer line around it was not) is a cut.
    if cuts_an_id(piece, next) {
        return false;
    }
    // The line's width in characters: the piece's bytes beyond its characters are the line's (a prefix
    // or a bar before it is ASCII).
    let extra = piece.len() - piece.chars().count();
    let line = widths.before.saturating_sub(extra);
    line < widths.widest.saturating_sub(widths.widest_extra)
}

/// Whether `piece` ends and `next` starts inside one id: the token across the break (letters, digits and
/// dashes) is hexadecimal on both sides, holds a digit, and is at least eight characters long.
fn cuts_an_id(piece: &str, next: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let tail = &piece[piece.trim_end_matches(word).len()..];
    let head = &next[..next.len() - next.trim_start_matches(word).len()];
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    hex(tail)
        && hex(head)
        && tail.len() + head.len() >= 8
        && (tail.bytes().any(|b| b.is_ascii_digit()) || head.bytes().any(|b| b.is_ascii_digit()))
}

/// Whether the body `value` (with the status `hints` give it) fits the client's line waiting first in
/// `late`: no status of its own that differs, and a code that comes with the waiting status (or none the
/// catalog knows). Only asked of a body that comes far below the line.
fn fits_wait(late: &VecDeque<Response>, value: &Value, hints: Hints) -> bool {
    let Some(waiting) = late.front().and_then(|t| t.head.status) else {
        return true;
    };
    if hints.status.is_some_and(|s| s != waiting) {
        return false;
    }
    let code = match value.get("error") {
        Some(Value::Object(e)) => e.get("code").and_then(Value::as_str),
        Some(Value::String(c)) => Some(c.as_str()),
        _ => value.get("code").and_then(Value::as_str),
    };
    code.and_then(|c| crate::catalog::get(c).or_else(|| crate::catalog::get_ignore_case(c)))
        .is_none_or(|e| e.status == waiting || (e.status >= 500 && waiting >= 500))
}

#[cfg(test)]
mod id_cut_tests {
    use super::cuts_an_id;

    #[test]
    fn an_id_cut_at_a_width_is_told_from_a_word_wrap() {
        assert!(cuts_an_id(
            r#""target":"5656565"#,
            "6-7878-4989-8a8a-0b0b\"}}"
        ));
        assert!(cuts_an_id(r#""target":"d"#, "10ba19e-d33f-4058\"}}"));
        // Words, and a short number after a word: a word wrap.
        assert!(!cuts_an_id("does not have", "authorization"));
        assert!(!cuts_an_id("and", "10 machines"));
        assert!(!cuts_an_id("be", "12 machines"));
    }
}
