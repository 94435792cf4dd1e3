//! Reporting a response: emitting it (a PowerShell error body held a few lines for the command echo under
//! it), and remembering it for the lines after it (a client's closing line, a message that names it).

use super::*;

impl Scanner {
    /// Emits one response and remembers it for a client's closing line.
    pub(super) fn report<E>(&mut self, mut r: Response, emit: Emit<'_, E>) -> Result<(), E> {
        // A failed call held before it goes out first: input order.
        if self.transport.is_some() {
            self.flush_transport(emit)?;
        }
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
                r.head.retry_after = r
                    .head
                    .retry_after
                    .or(ev.retry_after.map(|v| redact::scrubbed(&v)));
            } else {
                self.stretch = Some((first, last, ev));
                self.flush_stretch(emit)?;
            }
        }
        // An Entra error is remembered by its AADSTS code, the code its text restates
        // (`ERROR: AADSTS7000215: …` under the body that said it).
        let aadsts = r
            .entra
            .as_ref()
            .and_then(|e| e.aadsts)
            .map(|n| format!("AADSTS{n}"));
        let code = aadsts.as_deref().or(r.code.as_deref());
        self.note_report(r.source.line, r.shape, code, r.head.status);
        self.flush_held(emit)?;
        let python = self.python_print.take() == Some(r.source.line);
        // A `Format-List` record's `Content`: its status may be printed after it (the properties come in
        // any order), up to the record's end.
        if self.format_list_body.take() == Some(r.source.line) && r.head.status.is_none() {
            let until = r.source.line.max(self.last_line) + RECORD_LINES;
            self.held = Some((r, until));
            self.held_record = true;
            return Ok(());
        }
        if r.request.is_none() {
            // PowerShell's command echo comes within two lines; the client's line of a traceback raised
            // after a print (`HTTPError: 400 Client Error: … for url: …`) within the merge window.
            let wait = match r.context {
                Context::PowerShell => Some(2),
                _ if python => Some(MERGE_WINDOW),
                _ => None,
            };
            if let Some(wait) = wait {
                let until = r.source.line.max(self.last_line) + wait;
                self.held = Some((r, until));
                return Ok(());
            }
        }
        emit(Event::Response(Box::new(r)))
    }

    /// Remembers a response reported at line `at` (with its shape, code and the status shown with it) for
    /// the lines after it: a client's closing line or a message merges into it.
    fn note_report(&mut self, at: u64, shape: Shape, code: Option<&str>, shown: Option<u16>) {
        // A failure hidden in a 2xx body is no client's failed call: nothing merges into it.
        // Without a status shown, the status its code comes with: a client line naming another status is
        // then another call (`InvalidHashValue` then `… 403 (Forbidden)`), not this one's closing note.
        let status = shown.or_else(|| {
            let code = code?;
            crate::catalog::get(code)
                .or_else(|| crate::catalog::get_ignore_case(code))
                // An AADSTS number without an entry of its own: the generic entry's status.
                .or_else(|| {
                    let number = crate::catalog::aadsts_number(code)?;
                    crate::catalog::for_aadsts(number).map(|(e, _)| e)
                })
                .map(|e| e.status)
        });
        // A message reported after waiting for its body keeps what its message named (code, status).
        let named = self
            .reported
            .filter(|p| shape == Shape::MessageText && p.line == at);
        let status = status.or(named.and_then(|p| p.status));
        // Where the response ends (a body taken for a client's line above it is cited at that line).
        let line = at.max(self.last_line);
        self.unshown = status
            .filter(|_| code.is_some() && shown.is_none())
            .map(|s| (line, s));
        self.reported = (!shape.is_hidden_failure()).then(|| Reported {
            line,
            status,
            code: code.map(super::code_key).or(named.and_then(|p| p.code)),
            in_block: true,
        });
        self.any_reported = true;
        self.reports += 1;
    }

    /// [`Scanner::report`] for a plain envelope alone on line `line`, outside a transcript, with no
    /// evidence before it ([`Scanner::stretch`]) to merge: emitted borrowed, no [`Response`] built.
    pub(super) fn report_plain<E>(
        &mut self,
        plain: &PlainEnvelope<'_>,
        line: u64,
        context: Context,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let code = plain.code();
        if self.transport.is_some() {
            self.flush_transport(emit)?;
        }
        self.note_report(line, Shape::Mde, code.as_deref(), None);
        self.flush_held(emit)?;
        emit(Event::Plain(
            plain.borrowed(&self.file, line, context, code),
        ))
    }

    /// Emits the held PowerShell response as it is.
    pub(super) fn flush_held<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        self.held_record = false;
        match self.held.take() {
            Some((r, _)) => emit(Event::Response(Box::new(r))),
            None => Ok(()),
        }
    }

    /// A line while a PowerShell response is held: its command echo names the call (the line is used up);
    /// past the echo's lines, the response goes out as it is.
    pub(super) fn held_line<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        let Some((_, until)) = &self.held else {
            return Ok(false);
        };
        if self.held_record {
            return self.record_line(number, text, emit);
        }
        if let Some(request) = powershell_echo(text) {
            if let Some((r, _)) = self.held.as_mut() {
                r.request = Some(request);
            }
            self.flush_held(emit)?;
            return Ok(true);
        }
        // `At line:1 char:1` (or `At C:\…\x.ps1:12 char:5`) comes between the body and the echo.
        if number > *until {
            self.flush_held(emit)?;
        }
        Ok(false)
    }
}

/// Most lines of a `Format-List` record read after its `Content` (a bound in case the record never ends).
const RECORD_LINES: u64 = 256;

impl Scanner {
    /// A line while a `Format-List` record's body is held: another property of the record (its status,
    /// the reason phrase, an id; `RawContent`, the same response again, is passed over) is used up here;
    /// anything else ends the record, and the body goes out.
    fn record_line<E>(&mut self, number: u64, text: &str, emit: Emit<'_, E>) -> Result<bool, E> {
        let until = self.held.as_ref().map_or(0, |(_, u)| *u);
        let property = super::dispatch::is_format_list_line(text);
        // The rest of a property a console cut at its width (the line before filled the window).
        let cut = self.widths.before >= wrap::MIN_WIDTH
            && self.widths.before == self.widths.widest
            && !text.trim().is_empty();
        // A blank line ends the record; another body is another record's (printed without the blank).
        let body = property
            && !text.starts_with(' ')
            && text
                .split_once(':')
                .is_some_and(|(_, v)| starts_json(v.trim()));
        if number > until || text.trim().is_empty() || body || !(property || cut) {
            self.flush_held(emit)?;
            return Ok(false);
        }
        if !property {
            return Ok(true);
        }
        if text.starts_with("RawContent") {
            self.raw_content = Some(number);
        }
        let ev = super::evidence::read(text);
        let held_status = self.held.as_ref().and_then(|(r, _)| r.head.status);
        if let (Some(mine), Some(theirs)) = (held_status, ev.as_ref().and_then(|e| e.status)) {
            if mine != theirs {
                // Another status: the next record (printed without the blank line between).
                self.flush_held(emit)?;
                return Ok(false);
            }
        }
        if let (Some(ev), Some((r, _))) = (ev, self.held.as_mut()) {
            r.head.status = r.head.status.or(ev.status.filter(|s| *s >= 100));
            if r.head.request_id.is_none() {
                if let Some((id, name)) = ev.request_id {
                    r.head.request_id = Some(id);
                    r.head.request_id_name = Some(name);
                }
            }
        }
        Ok(true)
    }
}

/// Whether a property's value starts a JSON text (`{"error":…`, a pretty `{` alone), not PowerShell's
/// printed dictionary (`{[Content-Type, System.String[]]}`).
fn starts_json(value: &str) -> bool {
    let inner = value.trim_start_matches(['{', '[']).trim_start();
    value.starts_with(['{', '[']) && (inner.is_empty() || inner.starts_with('"'))
}
