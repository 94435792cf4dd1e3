//! One error response as plain data (code, message, target, status, header facts, request, source): types
//! only, importing nothing from `scan/`. The scanner fills it; the body reader is `scan/body.rs`, which
//! scrubs every input-derived string of secrets, so nothing downstream can echo one.

use std::borrow::Cow;
use std::sync::Arc;

use crate::operations::Method;
use crate::redact::Redacted;

/// Where a response starts in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u64,
}

/// The shape a response was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"error":{"code","message","target"}}`.
    Mde,
    /// Graph envelope: `error.innerError` with request ids and date.
    Graph,
    /// ARM envelope: `error.details`.
    Arm,
    /// `{"statusCode":…, "message":…}`.
    Bare,
    /// Entra ID token endpoint error (`error`, `error_description`, `error_codes`).
    Entra,
    /// An HTTP response with no body or a non-JSON body: only the status is known.
    StatusOnly,
    /// A line such as `403 Client Error: Forbidden for url: …` (Python requests); the body was lost.
    BodyLost,
    /// An `indicators/import` result item with `isFailed: true`, inside a 200.
    IndicatorImport,
    /// A MachineAction whose `status` is `Failed`, `Cancelled` or `TimeOut`, inside a 200.
    MachineAction,
    /// An error object without the `error` wrapper: `{"code":…,"message":…}`.
    Unwrapped,
    /// A message the catalog knows, pasted without its body.
    MessageText,
    /// A provider that failed inside a Graph security `206 Partial Content` (its `Warning: 199` item).
    GraphPartial,
    /// A broken paste (a fragment without braces): code, message and target salvaged, the rest unknown.
    Fragment,
    /// Evidence read from text in no shape a recognizer knows (`StatusCode: 403`, `code=Forbidden`,
    /// `(AuthorizationFailed) …`): status, code, message and ids, whatever the syntax.
    Generic,
    /// No HTTP response at all: the client's own error says the call failed before one came back (name
    /// resolution, TLS, a refused, timed-out or reset connection, a proxy). See [`Transport`].
    Transport,
}

impl Shape {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Mde => "mde",
            Shape::Graph => "graph",
            Shape::Arm => "arm",
            Shape::Bare => "bare",
            Shape::Entra => "entra",
            Shape::StatusOnly => "status-only",
            Shape::BodyLost => "body-lost",
            Shape::IndicatorImport => "indicator-import",
            Shape::MachineAction => "machine-action",
            Shape::Unwrapped => "unwrapped",
            Shape::MessageText => "message-text",
            Shape::GraphPartial => "graph-partial",
            Shape::Fragment => "fragment",
            Shape::Generic => "generic",
            Shape::Transport => "transport",
        }
    }

    /// A failure hidden inside a successful (2xx) response.
    pub fn is_hidden_failure(self) -> bool {
        matches!(self, Shape::IndicatorImport | Shape::MachineAction)
    }
}

/// What surrounded the response in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A JSON body on its own (file, NDJSON line, array item).
    Plain,
    /// JSON after a log prefix on the same line.
    Log,
    /// PowerShell `Invoke-RestMethod : {…}` error output.
    PowerShell,
    /// `curl -i` output (status line and headers).
    CurlI,
    /// `curl -v` output (`>` request, `<` response lines).
    CurlV,
    /// Python `requests` exception text.
    Python,
    /// curl's own error line (`curl: (22) …`).
    Curl,
    /// GNU Wget output.
    Wget,
    /// Python urllib (`HTTP Error 401: …`).
    PythonUrllib,
    /// Python httpx.
    PythonHttpx,
    /// Python aiohttp.
    PythonAiohttp,
    /// .NET HttpClient (and PowerShell 7, which uses it).
    DotNet,
    /// axios (node).
    Axios,
    /// Java HttpURLConnection.
    Java,
    /// Go HTTP wrappers.
    Go,
    /// Another client's status line.
    Client,
    /// An entry of a HAR file (a browser's developer tools export).
    Har,
    /// Node.js (its built-in `fetch`, `http`/`https`).
    Node,
}

impl Context {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Plain => "json",
            Context::Log => "log",
            Context::PowerShell => "powershell",
            Context::CurlI => "curl-i",
            Context::CurlV => "curl-v",
            Context::Python => "python-requests",
            Context::Curl => "curl",
            Context::Wget => "wget",
            Context::PythonUrllib => "python-urllib",
            Context::PythonHttpx => "python-httpx",
            Context::PythonAiohttp => "python-aiohttp",
            Context::DotNet => "dotnet",
            Context::Axios => "axios",
            Context::Java => "java",
            Context::Go => "go",
            Context::Client => "client",
            Context::Har => "har",
            Context::Node => "node",
        }
    }
}

/// The request a transcript shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method as written (`POST`); `None` when the input names only the URL.
    pub method: Option<String>,
    /// The URL, absolute when the host is known; secrets scrubbed.
    pub url: String,
}

impl Request {
    /// The parsed method, if it is one the operation table knows.
    pub fn parsed_method(&self) -> Option<Method> {
        self.method.as_deref().and_then(Method::parse)
    }
}

/// Facts from the response's HTTP head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub status: Option<u16>,
    /// `Retry-After`, verbatim (seconds or an HTTP-date).
    pub retry_after: Option<String>,
    /// `Date`, verbatim.
    pub date: Option<String>,
    /// The server's id for the request: `request-id`, `x-ms-request-id`, `x-ms-correlation-request-id`, or a
    /// body's `activityId`/`requestId`.
    pub request_id: Option<String>,
    /// Which field or header `request_id` came from (`None`: `request-id`).
    pub request_id_name: Option<&'static str>,
    /// `client-request-id`.
    pub client_request_id: Option<String>,
    /// `WWW-Authenticate`'s `error_description` (or its `error`): the reason of a 401 or 403 that sent no
    /// body (`Bearer error="invalid_token", error_description="The token is expired"`).
    pub auth_error: Option<String>,
    /// Providers that failed inside a Graph security partial success (`Warning: 199 - "…"`).
    pub provider_failures: Vec<ProviderFailure>,
}

/// Headers and body fields that carry the server's id for a request, in order of preference.
pub const REQUEST_ID_HEADERS: [&str; 3] = [
    "request-id",
    "x-ms-request-id",
    "x-ms-correlation-request-id",
];

/// [`Head::request_id_name`] of Entra's `Correlation ID:` printed as text (its JSON error names it
/// `correlation_id`).
pub const ENTRA_CORRELATION: &str = "Correlation ID";

/// Extra fields of an Entra token error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntraFacts {
    /// The OAuth error (`invalid_client`).
    pub error: String,
    pub aadsts: Option<u32>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

/// The most common response, read in place: a plain MDE envelope (`code`, `message` and `target` as plain
/// strings, nothing else) alone on its line, outside any transcript, borrowed from that line. `--summary`
/// counts it without building a [`Response`] (README, Performance); the rest of the pipeline takes
/// [`PlainResponse::to_response`], the response the general reader gives for the same text.
#[derive(Debug, Clone)]
pub struct PlainResponse<'a> {
    pub file: &'a Arc<str>,
    pub line: u64,
    pub context: Context,
    /// [`Response::code`] (read first: the scanner keys what follows on it).
    code: Option<Cow<'a, str>>,
    /// `message` and `target` as sent, each with whether a secret's trigger stands in it (a field without
    /// one needs no scrubbing: `redact::trigger_at`).
    rest: [Option<(&'a str, bool)>; 2],
}

impl<'a> PlainResponse<'a> {
    /// `code`: as [`PlainResponse::field`] gives it; `message`, `target`: as sent, each with whether it may
    /// hold a secret.
    pub(crate) fn new(
        file: &'a Arc<str>,
        line: u64,
        context: Context,
        code: Option<Cow<'a, str>>,
        rest: [Option<(&'a str, bool)>; 2],
    ) -> PlainResponse<'a> {
        PlainResponse {
            file,
            line,
            context,
            code,
            rest,
        }
    }

    /// A field as sent (and whether a secret's trigger stands in it) as [`Response`] holds it: scrubbed of
    /// secrets, `None` when empty.
    pub(crate) fn field(field: Option<(&str, bool)>) -> Option<Cow<'_, str>> {
        let (text, suspect) = field.filter(|(t, _)| !t.is_empty())?;
        Some(match suspect {
            true => crate::redact::scrub(text),
            false => Cow::Borrowed(text),
        })
    }

    /// [`Response::code`].
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// [`Response::message`].
    pub fn message(&self) -> Option<Cow<'a, str>> {
        Self::field(self.rest[0])
    }

    /// [`Response::target`].
    pub fn target(&self) -> Option<Cow<'a, str>> {
        Self::field(self.rest[1])
    }

    /// The response, owned.
    pub fn to_response(&self) -> Response {
        let source = Location {
            file: Arc::clone(self.file),
            line: self.line,
        };
        let mut r = Response::new(source, Shape::Mde, self.context);
        r.code = self.code.as_deref().map(str::to_owned);
        r.message = self.message().map(Cow::into_owned);
        r.target = self.target().map(Cow::into_owned);
        r
    }
}

/// One error response, however it was found.
#[derive(Debug, Clone)]
pub struct Response {
    pub source: Location,
    pub shape: Shape,
    pub context: Context,
    /// The code as sent (`error.code`, the Entra `error`, or a synthetic code for hidden failures).
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
    /// Reasons nested in the error (`details[]`, `innerError`/`innererror` with a code or message of its own,
    /// a nested `error`), outermost first: where a generic outer code hides the real one.
    pub details: Vec<InnerReason>,
    pub head: Head,
    pub request: Option<Request>,
    /// The bearer token the transcript's request carried: kept for the token doctor, never printed.
    pub bearer: Option<Redacted<String>>,
    pub entra: Option<EntraFacts>,
    /// The body was present but not JSON (an HTML gateway page, plain text): its first bytes' kind.
    pub body_not_json: bool,
    /// Ids of the hidden failure: MachineAction id and type, or the indicator value.
    pub item_id: Option<String>,
    pub item_kind: Option<String>,
    /// The machine a MachineAction targeted.
    pub machine_id: Option<String>,
    /// [`Shape::Transport`]: how the call failed before any response came back (boxed: every other
    /// response carries one word for it).
    pub transport: Option<Box<Transport>>,
    /// The request body the input showed (Postman's `Request Body`, a pasted command's `-d`): checked
    /// against the operation; it may hold secrets, so it is never printed.
    pub sent_body: Option<Redacted<String>>,
    /// A Microsoft Graph SDK printed it (its PowerShell module's cmdlet, its `ODataError` type): the API
    /// that answered is Graph, whatever host the paste shows none of.
    pub graph_client: bool,
}

impl Response {
    /// An empty response of `shape` at `source`; fields are filled by the reader.
    pub fn new(source: Location, shape: Shape, context: Context) -> Response {
        Response {
            source,
            shape,
            context,
            code: None,
            message: None,
            target: None,
            details: Vec::new(),
            head: Head::default(),
            request: None,
            bearer: None,
            entra: None,
            body_not_json: false,
            item_id: None,
            item_kind: None,
            machine_id: None,
            transport: None,
            sent_body: None,
            graph_client: false,
        }
    }
}

/// One reason nested inside an error envelope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InnerReason {
    pub code: Option<String>,
    pub message: Option<String>,
}

impl InnerReason {
    /// `code: message`, or whichever of the two is there.
    pub fn line(&self) -> String {
        match (&self.code, &self.message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => String::new(),
        }
    }
}

/// One provider that failed inside a partial success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFailure {
    pub vendor: String,
    pub provider: String,
    pub status: u16,
    pub latency_ms: Option<u64>,
    /// The item as sent (`Microsoft/IPC/500/0`).
    pub raw: String,
}

/// How a call failed before any HTTP response came back: the kind, the host it was for, and the client's
/// own words (scrubbed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transport {
    pub kind: TransportKind,
    /// The host the client tried to reach (no user info, no port), when its line names it.
    pub host: Option<String>,
    /// The client's line that names the failure best (scrubbed, cut short).
    pub said: String,
}

/// The kinds of failure before a response (`src/facts/transport.md` explains each and gives its steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// The host name did not resolve (DNS).
    NameResolution,
    /// The server's certificate was not trusted (a TLS inspection proxy, a missing CA, a wrong host).
    TlsCertificate,
    /// The TLS handshake failed for another reason (protocol versions, a middlebox cutting it).
    TlsHandshake,
    /// The host refused the connection.
    ConnectionRefused,
    /// Connecting or waiting for the answer took longer than the client allowed.
    Timeout,
    /// The connection was reset or closed before an answer (`Empty reply from server`).
    ConnectionReset,
    /// The proxy refused or could not open the tunnel (`CONNECT` answered 407, proxy unreachable).
    Proxy,
    /// The client could not connect and its line names no cause.
    ConnectionFailed,
}

impl TransportKind {
    /// Every kind, in the order of `transport.md`.
    pub const ALL: [TransportKind; 8] = [
        TransportKind::NameResolution,
        TransportKind::TlsCertificate,
        TransportKind::TlsHandshake,
        TransportKind::ConnectionRefused,
        TransportKind::Timeout,
        TransportKind::ConnectionReset,
        TransportKind::Proxy,
        TransportKind::ConnectionFailed,
    ];

    /// The keyword used in JSON output and in `transport.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::NameResolution => "name-resolution",
            TransportKind::TlsCertificate => "tls-certificate",
            TransportKind::TlsHandshake => "tls-handshake",
            TransportKind::ConnectionRefused => "connection-refused",
            TransportKind::Timeout => "timeout",
            TransportKind::ConnectionReset => "connection-reset",
            TransportKind::Proxy => "proxy",
            TransportKind::ConnectionFailed => "connection-failed",
        }
    }

    /// Whether a line of this kind says less than one of `other` (a line of the same failure that names its
    /// cause wins: `fetch failed`, then `getaddrinfo ENOTFOUND`; .NET's `The SSL connection could not be
    /// established`, then its inner `The remote certificate is invalid`; requests' `SSLError` around
    /// `CERTIFICATE_VERIFY_FAILED`).
    pub fn is_vaguer_than(self, other: TransportKind) -> bool {
        match self {
            TransportKind::ConnectionFailed => other != TransportKind::ConnectionFailed,
            TransportKind::TlsHandshake => other == TransportKind::TlsCertificate,
            _ => false,
        }
    }
}
