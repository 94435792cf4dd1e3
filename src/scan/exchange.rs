//! The exchange state of the scanner: a response head (status line, headers) waiting for its body, the
//! request a transcript showed, client status lines and clues around a body, and what is reported when an
//! exchange ends without one.

use super::*;

impl Scanner {
    /// A line while a head reads its headers: a header (curl -i, wget -S) or the blank line that ends them.
    pub(super) fn head_line(&mut self, text: &str) -> bool {
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
    pub(super) fn clue<E>(
        &mut self,
        number: u64,
        text: &str,
        clue: Clue<'_>,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        // Another exchange starts: a client's line still waiting for its body gets none.
        if matches!(
            clue,
            Clue::Request { .. } | Clue::Status { .. } | Clue::Command(_)
        ) {
            self.end_client_waits(emit)?;
        }
        match clue {
            Clue::Request { method, target } => {
                self.resolve_head(emit)?;
                self.reported = None;
                self.request = PendingRequest {
                    method: method.map(str::to_string),
                    path: Some(target.to_string()),
                    // The connection lines come before the request line.
                    scheme: self.request.scheme,
                    ..PendingRequest::default()
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
            Clue::Chatter => self.request.scheme = connection_scheme(text).or(self.request.scheme),
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
                // A status with a body after it on the line: the body is read with that status, and the
                // URL the client named (`… for url: https://… | response: {…}`) is its request.
                if json_start(text).is_some() || text.contains("{\\\"") {
                    if let Some(url) = cs.url {
                        self.request = PendingRequest {
                            method: cs.method.map(str::to_ascii_uppercase),
                            path: Some(url.to_string()),
                            ..PendingRequest::default()
                        };
                    }
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
                    bearer: c.bearer,
                    body: c.body,
                    ..PendingRequest::default()
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
            Clue::Message(message, code) => {
                return self.message_clue(number, text, message, (Some(code), false), emit)
            }
            Clue::GraphCmdlet { message, code } => {
                return self.message_clue(number, text, message, (code, true), emit)
            }
            Clue::Transport(t) => self.transport_clue(number, text, t, emit)?,
        }
        Ok(true)
    }

    /// A line holding a message the catalog knows (`code` names its entry), pasted without its body, or a
    /// Graph cmdlet's message (`graph`; its code, if the catalog knows it, else the `ErrorCode:` line under
    /// it gives one). False when a body or a fragment of one holds it (read that instead: it has more).
    fn message_clue<E>(
        &mut self,
        number: u64,
        text: &str,
        message: &str,
        (code, graph): (Option<&'static str>, bool),
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        if json_start(text).is_some() || salvage::fragment(text).is_some() {
            return Ok(false);
        }
        // The same error's message printed again in its block (`Message: …` after `(Code) …`).
        let key = code.map(super::code_key);
        if key.is_some()
            && self
                .reported
                .is_some_and(|r| r.in_block && r.code.is_none_or(|k| Some(k) == key))
        {
            return Ok(true);
        }
        // The message line of an error being read line by line (.NET Graph's `Code: …` then `Message: …`):
        // the stretch's message.
        if let Some((_, last, ev)) = self.stretch.as_mut() {
            let same = ev
                .code
                .as_deref()
                .is_none_or(|c| Some(super::code_key(c)) == key);
            if *last + 1 >= number && ev.message.is_none() && same && !graph {
                ev.message = Some(message.to_string());
                *last = number;
                return Ok(true);
            }
        }
        self.resolve_head(emit)?;
        // A cmdlet's error (`Get-MgUser_List: …`): PowerShell's, whose details may follow blank lines.
        let context = if graph || cmdlet_error(text) {
            Context::PowerShell
        } else {
            Context::Plain
        };
        let mut r = Response::new(self.loc(number), Shape::MessageText, context);
        r.message = Some(redact::scrubbed(message));
        r.graph_client = graph;
        if graph {
            r.code = code.map(str::to_string);
        }
        r.request = self.request.request();
        if let Some((_, _, Some(id))) = super::entra_text::entra_error(text) {
            r.head.request_id = Some(id.to_string());
            r.head.request_id_name = Some(crate::response::ENTRA_CORRELATION);
        }
        // The body may come right under it (a token library's exception, then `ResponseBody: {…}`): it
        // waits a few lines, like a client's status line, and is what was reported meanwhile.
        let (line, status) = (r.source.line, r.head.status);
        self.flush_stretch(emit)?;
        self.wait_for_body(r, 0, emit)?;
        self.any_reported = true;
        // What the message names stands for the code and status it did not print.
        self.reported = Some(Reported {
            line,
            status: status.or_else(|| code.and_then(crate::catalog::get).map(|e| e.status)),
            code: key,
            in_block: true,
        });
        Ok(true)
    }

    /// Whether code `c`, read under a message that waits for its body, is that message's own: a Graph
    /// cmdlet's (`ErrorCode:` under it) when it names the same code or none, else the code the catalog gave
    /// the message.
    pub(super) fn waiting_message_code(&self, c: &str) -> bool {
        let Some(t) = self.late.back().filter(|t| t.shape == Shape::MessageText) else {
            return false;
        };
        let key = super::code_key(c);
        if t.graph_client {
            return t.code.as_deref().is_none_or(|k| super::code_key(k) == key);
        }
        self.reported.is_some_and(|r| r.code == Some(key))
    }

    /// `* Connection #0 … left intact`: a head still waiting for its body goes to the late queue.
    pub(super) fn end_exchange<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
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
    pub(super) fn client_status<E>(
        &mut self,
        number: u64,
        cs: ClientStatus<'_>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let same = |s: Option<u16>| s.is_none_or(|s| s == cs.status);
        // A printed body held for its traceback: this line names its request.
        if let Some((r, _)) = self.held.as_mut().filter(|(r, _)| same(r.head.status)) {
            if let Some(url) = cs.url.filter(|_| r.request.is_none()) {
                r.request = Some(Request {
                    method: cs.method.map(str::to_ascii_uppercase),
                    url: redact::scrubbed(url),
                });
                r.head.status = r.head.status.or(Some(cs.status));
                return self.flush_held(emit);
            }
        }
        // A head of this status, open or waiting for a late body: the client's line ends it.
        if self.head.as_ref().is_some_and(|h| same(h.head.status)) {
            return self.resolve_head(emit);
        }
        if let Some(pos) = self.late.iter().position(|t| same(t.head.status)) {
            // A client's line waiting for its body (a status or a message printed without it): this line
            // tells the same failure again (PowerShell's `Response : StatusCode: 403 …` then `Message : …
            // 403 (Forbidden)`); it keeps waiting, with what this line adds.
            if let Some(t) = self.late.get_mut(pos).filter(|t| is_client_wait(t)) {
                t.head.status = t.head.status.or(Some(cs.status));
                if t.request.is_none() {
                    t.request = cs.url.map(|url| Request {
                        method: cs.method.map(str::to_ascii_uppercase),
                        url: redact::scrubbed(url),
                    });
                }
                return Ok(());
            }
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
        // Another status than the one waiting: that call's body never came.
        self.end_client_waits(emit)?;
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
        self.wait_for_body(r, 0, emit)
    }

    /// Holds a response whose body was not shown a few lines ([`BODY_WAIT`]) for a body printed next.
    /// `extra`: lines after `r`'s own that do not count.
    pub(super) fn wait_for_body<E>(
        &mut self,
        r: Response,
        extra: u64,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        if self.late.len() >= MAX_LATE {
            if let Some(oldest) = self.late.pop_front() {
                self.emit_bodiless(oldest, false, emit)?;
            }
        }
        if self.late.is_empty() {
            self.wait_extra = 0;
        }
        self.wait_extra = self.wait_extra.max(extra);
        self.wait_in_block = true;
        self.late.push_back(r);
        Ok(())
    }

    /// Reports the client status lines that waited [`BODY_WAIT`] lines (stack frames not counted) for a
    /// body in vain. True when line `text` is used up: a header of the waiting exchange whose value is a
    /// JSON text (Graph's `x-ms-ags-diagnostic : {"ServerInfo":…}`), which is no body.
    pub(super) fn expire_waits<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        if is_stack_frame(text) {
            self.wait_extra += 1;
            return Ok(false);
        }
        // A header the client printed with its status (`print(e.headers)`, .NET's `Headers:` list) is of
        // the exchange that waits: recorded there, and not counted in the wait.
        if self.cand.is_none() && self.wait_in_block && is_listed_header(text.trim_start()) {
            self.wait_extra += 1;
            if let Some(t) = self.late.back_mut().filter(|t| is_client_wait(t)) {
                let line = text.trim_start();
                client_header(t, line);
                return Ok(json_valued_header(line));
            }
        }
        while let Some(t) = self.late.front() {
            let wait = match t.shape {
                Shape::BodyLost => CLIENT_WAIT,
                Shape::MessageText => BODY_WAIT,
                _ => break,
            };
            if t.source.line + wait + self.wait_extra >= number {
                break;
            }
            if let Some(t) = self.late.pop_front() {
                self.report(t, emit)?;
            }
        }
        Ok(false)
    }

    /// Whether the client's line waiting for a body lies more than [`BODY_WAIT`] counted lines before
    /// line `number`: a body that far is taken for it only when nothing in the body contradicts it.
    pub(super) fn waits_far(&self, number: u64) -> bool {
        self.late.front().is_some_and(|t| {
            is_client_wait(t) && t.source.line + BODY_WAIT + self.wait_extra < number
        })
    }

    /// Reports every client's line still waiting for a body (something came that is not of its exchange).
    pub(super) fn end_client_waits<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        while self.late.front().is_some_and(is_client_wait) {
            if let Some(t) = self.late.pop_front() {
                self.report(t, emit)?;
            }
        }
        Ok(())
    }

    /// A JSON-looking text that was a header list in braces (.NET's `HttpResponseMessage.ToString()`:
    /// `Headers:` then `{`, one header a line, `}`), printed while a client's line waits for its body: its
    /// headers are that exchange's. False when the text is anything else.
    pub(super) fn header_block(&mut self, text: &str, lines: u64) -> bool {
        let Some(inner) = text
            .trim()
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
        else {
            return false;
        };
        let mut any = false;
        for l in inner.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !is_header(l) {
                return false;
            }
            any = true;
        }
        let in_block = self.wait_in_block;
        let Some(t) = self
            .late
            .back_mut()
            .filter(|t| is_client_wait(t) && any && in_block)
        else {
            return false;
        };
        for l in inner.lines().map(str::trim).filter(|l| !l.is_empty()) {
            client_header(t, l);
        }
        self.wait_extra += lines;
        true
    }

    pub(super) fn start_head<E>(
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
    pub(super) fn head_template(&mut self, h: PendingHead, shape: Shape) -> Response {
        let mut r = Response::new(self.loc(h.line), shape, h.context);
        r.head = h.head;
        r.request = self.request.request();
        r.bearer = self.request.bearer.clone();
        r.sent_body = self.request.body.clone();
        if r.head.status.is_some_and(|s| s >= 200) {
            // A final response ends the exchange; the next one comes with its own request.
            self.request = PendingRequest::default();
        }
        r
    }

    /// Reports one response per provider that failed inside a Graph partial success: the provider's own
    /// status (what the catalog explains), the warning item as the message, the provider as the item.
    pub(super) fn report_partial<E>(
        &mut self,
        mut r: Response,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
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
    pub(super) fn emit_bodiless<E>(
        &mut self,
        mut r: Response,
        not_json: bool,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        if is_client_wait(&r) {
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
        if r.head.status.is_some_and(|s| s >= 400) && !self.answers_reported(&r) {
            self.report(r, emit)?;
        }
        Ok(())
    }

    /// Whether head-only `r` is the head of the body reported just before it, printed after it (a quoted
    /// `HTTP/1.1 403 Forbidden` under the JSON body in an issue, a status logged after the body): that
    /// body showed no status of its own, its code comes with this status, and it is a few lines up.
    fn answers_reported(&mut self, r: &Response) -> bool {
        match self.unshown {
            Some((line, status)) => {
                Some(status) == r.head.status && r.source.line.saturating_sub(line) <= MERGE_WINDOW
            }
            None => {
                if !self.any_reported {
                    self.leaned_on_start = true;
                }
                false
            }
        }
    }

    /// Emits a pending head that got no body (only if its status is an error).
    pub(super) fn resolve_head<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let r = self.head_template(h, Shape::StatusOnly);
        self.emit_bodiless(r, false, emit)
    }

    pub(super) fn resolve_head_not_json<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        let Some(h) = self.head.take() else {
            return Ok(());
        };
        let r = self.head_template(h, Shape::StatusOnly);
        self.emit_bodiless(r, true, emit)
    }

    /// Emits every head still waiting for a late body (the input ended without one).
    pub(super) fn flush_late<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        while let Some(t) = self.late.pop_front() {
            self.emit_bodiless(t, false, emit)?;
        }
        Ok(())
    }
}

/// The request a transcript showed last.
#[derive(Debug, Default)]
pub(super) struct PendingRequest {
    pub(super) method: Option<String>,
    pub(super) path: Option<String>,
    pub(super) host: Option<String>,
    pub(super) bearer: Option<Redacted<String>>,
    /// `http` or `https`, when curl -v's connection lines told (see [`connection_scheme`]); a request line
    /// shows only the path, and MDE is https, so https is assumed otherwise.
    pub(super) scheme: Option<&'static str>,
    /// The body the input showed being sent (Postman's `Request Body`, a pasted command's `-d`).
    pub(super) body: Option<Redacted<String>>,
}

impl PendingRequest {
    pub(super) fn request(&self) -> Option<Request> {
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

    pub(super) fn is_empty(&self) -> bool {
        let PendingRequest {
            method,
            path,
            host,
            bearer,
            scheme,
            body,
        } = self;
        method.is_none()
            && path.is_none()
            && host.is_none()
            && bearer.is_none()
            && scheme.is_none()
            && body.is_none()
    }
}

/// A line of a stack trace: node's and .NET's `    at f (file:1:2)`, Java's `\tat a.b(C.java:1)`, Python's
/// `  File "x.py", line 1, in f`.
pub(super) fn is_stack_frame(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("at ")
        && t.contains(':')
        && t.ends_with(|c: char| c == ')' || c.is_ascii_digit() || c == '{'))
        || (t.starts_with("File \"") && t.contains("\", line "))
        || dotnet_frame(t)
}

/// .NET's frame without file and line (`at Microsoft.Kiota.Http…Adapter.ThrowIfFailedResponse(…)`): a
/// dotted method name, no blank before its parameter list.
fn dotnet_frame(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("at ") else {
        return false;
    };
    t.ends_with(')')
        && rest
            .split_once('(')
            .is_some_and(|(name, _)| name.contains('.') && !name.contains(' '))
}

/// curl's `{ [197 bytes data]` / `} [38 bytes data]` notes (they open with a bracket but are no JSON).
pub(super) fn is_data_note(text: &str) -> bool {
    (text.starts_with("{ [") || text.starts_with("} [")) && text.trim_end().ends_with("data]")
}

/// A line of curl's progress meter (shown with `-v` into a pipe): not a body.
pub(super) fn is_progress(text: &str) -> bool {
    // A prebuilt search: `str::contains` set one up for every line of a log.
    static DLOAD: super::prefilter::Needle = super::prefilter::Needle::new("Dload");
    let t = text.trim();
    t.starts_with("% Total")
        || DLOAD.is_in(t.as_bytes())
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
pub(super) fn connection_scheme(text: &str) -> Option<&'static str> {
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

/// The request named by Windows PowerShell's echo of the failed command under its error
/// (`+ Invoke-RestMethod -Method Post -Uri "https://…/isolate" -Headers $h …`): the URL when it is written
/// out (a `$url` variable names nothing), the method (`GET` when none is given and no body is sent).
pub(super) fn powershell_echo(text: &str) -> Option<Request> {
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

/// Whether `r`, waiting for a body, is a client's own line (a status or a message printed without the
/// body), not a transcript's head.
pub(super) fn is_client_wait(r: &Response) -> bool {
    matches!(r.shape, Shape::BodyLost | Shape::MessageText)
}

/// Records header line `line` in client-waiting response `r`: the head's facts, and a request's bearer
/// token (a request printed with its headers: kept for the token doctor, never printed).
fn client_header(r: &mut Response, line: &str) {
    let Some((name, value)) = line.split_once(':') else {
        return;
    };
    let (name, value) = (name.trim(), value.trim());
    if name.eq_ignore_ascii_case("authorization") {
        if let Some((scheme, token)) = value.split_once(' ') {
            if scheme.eq_ignore_ascii_case("bearer") && r.bearer.is_none() {
                r.bearer = Some(Redacted::new(token.trim().to_string()));
            }
        }
        return;
    }
    record_header(&mut r.head, name, value);
}

/// A header as a client lists it: `Name: value`, or a header name padded to a column (`request-id    : …`,
/// the Microsoft Graph PowerShell module's `Headers:` list under its error). A padded name without a
/// hyphen is a `Format-List` property (`TargetObject : …`), unless a one-word header the list shows.
pub(super) fn is_listed_header(text: &str) -> bool {
    if is_header(text) {
        return true;
    }
    text.split_once(':').is_some_and(|(name, _)| {
        let name = name.trim_end();
        is_header(&format!("{name}:"))
            && (name.contains('-')
                || matches!(name, "Date" | "Vary" | "Server" | "Expires" | "Pragma"))
    })
}

/// Whether header line `line` is a custom header (`x-…`) whose value is a JSON text: a value of the head,
/// never the body (Graph's `x-ms-ags-diagnostic`).
pub(super) fn json_valued_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, value)| {
        name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x-"))
            && value.trim_start().starts_with('{')
    })
}

/// Whether `line` is a PowerShell cmdlet's error line, `Verb-Noun: message` or `Verb-Noun : message`
/// (the Microsoft Graph module's cmdlets add their variant: `Get-MgSecurityAlert_List: …`).
pub(super) fn cmdlet_error(line: &str) -> bool {
    let Some((name, _)) = line.trim_start().split_once(':') else {
        return false;
    };
    let Some((verb, noun)) = name.trim_end().split_once('-') else {
        return false;
    };
    verb.len() >= 2
        && verb.starts_with(|c: char| c.is_ascii_uppercase())
        && verb.bytes().all(|c| c.is_ascii_alphabetic())
        && noun.starts_with(|c: char| c.is_ascii_uppercase())
        && noun.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

pub(super) fn is_header(text: &str) -> bool {
    // Names start with a letter: a log line's timestamp (`2026-01-01T00:00:00Z …`) is not a header.
    text.split_once(':').is_some_and(|(name, _)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    })
}

/// Records the header facts diagnose uses, from a `Name: value` line.
pub(super) fn header(head: &mut Head, line: &str) {
    if let Some((name, value)) = line.split_once(':') {
        record_header(head, name.trim(), value.trim());
    }
}
