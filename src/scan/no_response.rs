//! A call that got no HTTP response: the transport failure lines a client printed (see
//! `recognize/transport.rs`) made into one [`Shape::Transport`] response per failed call.
//!
//! One failure is often told on several lines: curl -v's `* Could not resolve host` note and then its
//! `curl: (6)` line; node's `TypeError: fetch failed` and then its `[cause]:`; a Python traceback's
//! `socket.gaierror`, urllib3's `NameResolutionError` and `MaxRetryError`, and requests' `ConnectionError`.
//! So a failure is held while lines of the same failure follow: a line of a compatible kind (the same, or
//! one of them vague), for the same host (or one unnamed), within [`WINDOW`] lines of the last, and said in
//! words the held lines did not use yet (a line of the same client's same words is that client failing
//! again: a log's next attempt, a second traceback). The held failure goes out before any other response
//! (input order), at the end of the input, or once the window has passed.
//!
//! A transport failure and an HTTP response are never one event: they are two attempts (a retry after a
//! timeout that then got a 503, a proxy's failure and then the API's answer), and each keeps its own
//! diagnosis; the response is never hidden by the failure before it, nor told twice.

use super::*;
use crate::response::Transport;
use recognize::transport::TransportClue;

/// Lines after the last line of a held failure that may still tell more of it (a Python traceback puts
/// up to some 25 lines of frames between two of its exception lines; a TLS timeout's, 25).
const WINDOW: u64 = 48;

/// The lines that chain one exception of a traceback to the next (CPython's traceback.py).
const CHAIN_LINES: [&str; 2] = [
    "The above exception was the direct cause of the following exception:",
    "During handling of the above exception, another exception occurred:",
];

/// Longest excerpt of the client's line kept (`said`).
const MAX_SAID: usize = 240;

/// A transport failure held for the lines that may tell more of it.
#[derive(Debug)]
pub(super) struct HeldTransport {
    response: Response,
    /// The line the last of its lines was read on.
    last: u64,
    /// The words each of its lines started with ([`opening`]): a line that opens like one of them is the
    /// next failure.
    openings: Vec<u64>,
    /// Whether the line kept as `said` names the host.
    said_names_host: bool,
    /// A blank line came after its last line: what follows is another block, unless a traceback's chain
    /// line (`During handling of the above exception, …`) links it back.
    parted: bool,
    /// A chain line was read: the blank line right after it parts nothing.
    linked: bool,
}

impl Scanner {
    /// A line that says a call got no response.
    pub(super) fn transport_clue<E>(
        &mut self,
        number: u64,
        text: &str,
        t: TransportClue<'_>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let opening = opening(text);
        let request = request_of(&t, t.host).or_else(|| self.request.request());
        // The line may name no host (`curl: (28) Operation timed out …`): the request's is the one.
        let host = t
            .host
            .or_else(|| request.as_ref().and_then(|q| url_host(&q.url)))
            .map(str::to_ascii_lowercase);
        if let Some(held) = self.transport.as_mut() {
            let r = &mut held.response;
            let Some(tr) = r.transport.as_mut() else {
                return Ok(());
            };
            let kinds_fit = tr.kind == t.kind
                || tr.kind.is_vaguer_than(t.kind)
                || t.kind.is_vaguer_than(tr.kind);
            let hosts_fit = match (&tr.host, &host) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if kinds_fit
                && hosts_fit
                && !held.parted
                && number <= held.last + WINDOW
                && !held.openings.contains(&opening)
            {
                held.last = number;
                held.openings.push(opening);
                // The line is used up: its strings are not read again (urllib3 quotes its cause).
                self.reports += 1;
                let sharper = tr.kind.is_vaguer_than(t.kind);
                if sharper {
                    tr.kind = t.kind;
                    r.code = Some(
                        crate::facts::transport::text(t.kind.as_str())
                            .code
                            .to_string(),
                    );
                }
                if sharper || (!held.said_names_host && host.is_some()) {
                    tr.said = said(text);
                    held.said_names_host = host.is_some();
                    r.source.line = number;
                }
                if tr.host.is_none() {
                    tr.host = host;
                }
                if r.request.is_none() {
                    r.request = request;
                }
                // The client's own line names it better than the exceptions under it (urllib's
                // `URLError` after `socket.gaierror`).
                if matches!(r.context, Context::Client | Context::Python)
                    && t.context != Context::Client
                {
                    r.context = t.context;
                }
                return Ok(());
            }
        }
        self.flush_transport(emit)?;
        let mut r = Response::new(self.loc(number), Shape::Transport, t.context);
        r.code = Some(
            crate::facts::transport::text(t.kind.as_str())
                .code
                .to_string(),
        );
        let said_names_host = host.is_some();
        r.transport = Some(Box::new(Transport {
            kind: t.kind,
            host,
            said: said(text),
        }));
        r.request = request;
        self.transport = Some(Box::new(HeldTransport {
            response: r,
            last: number,
            openings: vec![opening],
            said_names_host,
            parted: false,
            linked: false,
        }));
        // Something was found: no hint about unread errors, and no second reading of the line's strings.
        self.any_reported = true;
        self.reports += 1;
        Ok(())
    }

    /// Sends the held failure on, if any.
    pub(super) fn flush_transport<E>(&mut self, emit: Emit<'_, E>) -> Result<(), E> {
        match self.transport.take() {
            Some(held) => emit(Event::Response(Box::new(held.response))),
            None => Ok(()),
        }
    }

    /// A line read while a failure is held (`number`, peeled `text`): sends the failure on once the line
    /// is past its window; notes the blank lines that part blocks and the chain lines that link them.
    pub(super) fn transport_line<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(held) = self.transport.as_mut() else {
            return Ok(());
        };
        if number > held.last + WINDOW {
            return self.flush_transport(emit);
        }
        if text.trim().is_empty() {
            held.parted |= !std::mem::take(&mut held.linked);
        } else if CHAIN_LINES.iter().any(|c| text.starts_with(c)) {
            held.parted = false;
            held.linked = true;
        }
        Ok(())
    }
}

/// The request a failure line names: its URL, or urllib3's host and path.
fn request_of(t: &TransportClue<'_>, host: Option<&str>) -> Option<Request> {
    let url = match (t.url, t.pool_path, host) {
        (Some(url), _, _) => url.to_string(),
        (None, Some((scheme, port, path)), Some(host)) => match port {
            Some(port) => format!("{scheme}://{host}:{port}{path}"),
            None => format!("{scheme}://{host}{path}"),
        },
        _ => return None,
    };
    Some(Request {
        method: t.method.map(str::to_ascii_uppercase),
        url: redact::scrubbed(&url),
    })
}

/// The host of a URL (no user info, no port).
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The client's line as shown: scrubbed of secrets, trimmed, cut short.
fn said(text: &str) -> String {
    // curl -v writes its note right after the progress meter, on the meter's line (`… --:--:--     0* Could
    // not resolve host: …`): the note alone.
    let text = match text.rfind("--:--:--") {
        Some(at) => text[at..].find("* ").map_or(text, |n| &text[at + n..]),
        None => text,
    };
    let t = redact::scrubbed(text.trim());
    match t.char_indices().nth(MAX_SAID) {
        Some((at, _)) => format!("{}…", &t[..at]),
        None => t,
    }
}

/// The words a line opens with, up to its first `: ` (the exception's class, the client's name), as a key.
fn opening(text: &str) -> u64 {
    let t = text.trim_start();
    // Java's chain: the `Exception in thread "main" ` line opens with the exception's class after those
    // words, and each `Caused by: ` line with its cause's (a cause often of the top line's class).
    if let Some(cause) = t.strip_prefix("Caused by: ") {
        let class = cause.split(": ").next().unwrap_or(cause);
        return super::code_key(&format!("cause {class}"));
    }
    let t = match t.strip_prefix("Exception in thread \"") {
        Some(rest) => rest.split_once("\" ").map_or(t, |(_, class)| class),
        None => t,
    };
    let head = t.split(": ").next().unwrap_or(t);
    let head = head.get(..head.len().min(48)).unwrap_or(head);
    super::code_key(head)
}
