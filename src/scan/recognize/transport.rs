//! A call that got no HTTP response at all: the client's own error line for a failed name lookup, an
//! untrusted certificate or failed TLS handshake, a refused, timed-out or reset connection, or a proxy
//! that refused the tunnel. One recognizer whose triggers are the failure phrases themselves (never a bare
//! `timeout` or `error`: a log line that merely mentions a timeout must stay silent), each mapped to its
//! kind; where a line holds phrases of several kinds (urllib3's `MaxRetryError … (Caused by
//! NameResolutionError(…))`), the most specific kind wins ([`PATTERNS`] is in that order).
//!
//! Every phrase is copied from the client's source or its captured output; where from is said beside it.
//! Captures of curl 7.88, wget 1.21, Python 3.11 (requests 2.34 / urllib3 2.x, urllib) and node 20's
//! `fetch` are in tests/fixtures/transport/ (made by its `capture.sh`); the other clients' lines there are
//! copied from their sources, as noted in its README.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{Clue, Recognizer, Trigger};
use crate::response::{Context, TransportKind};

use TransportKind::{
    ConnectionFailed as Failed, ConnectionRefused as Refused, ConnectionReset as Reset,
    NameResolution as Dns, Proxy, Timeout, TlsCertificate as Cert, TlsHandshake as Handshake,
};

/// The phrases and the kind each names, most specific kind first (the first phrase found in this order
/// decides the kind). Read only on a line that passed [`gate`].
pub(crate) static PATTERNS: &[(&str, TransportKind)] = &[
    // Proxy. curl lib/cf-h1-proxy.c "CONNECT tunnel failed, response %d" (7.88; older: "Received HTTP code
    // %d from proxy after CONNECT"), lib/url.c "Could not resolve proxy: %s"; urllib3 "Unable to connect to
    // proxy" inside requests' ProxyError; Go net/http "proxyconnect tcp: …"; .NET SocketsHttpHandler "The
    // proxy tunnel request to proxy '…' failed with status code '407'."
    ("CONNECT tunnel failed", Proxy),
    ("from proxy after CONNECT", Proxy),
    ("Could not resolve proxy", Proxy),
    ("Unable to connect to proxy", Proxy),
    ("ProxyError", Proxy),
    ("proxyconnect tcp", Proxy),
    ("proxy tunnel request to proxy", Proxy),
    // The certificate. curl (60) "SSL certificate problem: %s" (lib/vtls/openssl.c) with OpenSSL's
    // "unable to get local issuer certificate", "self-signed certificate in certificate chain"; curl (51)
    // "SSL: no alternative certificate subject name matches target host name"; Python ssl
    // "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: …"; node's error codes (lib/_tls_wrap.js
    // via OpenSSL); Windows PowerShell 5.1's WebException "Could not establish trust relationship for the
    // SSL/TLS secure channel."; .NET "The remote certificate is invalid according to the validation
    // procedure"; Go crypto/x509 "x509: certificate signed by unknown authority"; wget src/openssl.c
    // "ERROR: cannot verify %s's certificate, issued by %s:" and "ERROR: The certificate of %s is not
    // trusted." / "… doesn't have a known issuer." (the `ERROR: ` may be peeled off as a log level).
    ("SSL certificate problem", Cert),
    ("CERTIFICATE_VERIFY_FAILED", Cert),
    ("certificate verify failed", Cert),
    ("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", Cert),
    ("SELF_SIGNED_CERT_IN_CHAIN", Cert),
    ("DEPTH_ZERO_SELF_SIGNED_CERT", Cert),
    ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", Cert),
    ("CERT_HAS_EXPIRED", Cert),
    ("ERR_TLS_CERT_ALTNAME_INVALID", Cert),
    ("unable to get local issuer certificate", Cert),
    ("self-signed certificate in certificate chain", Cert),
    ("self signed certificate in certificate chain", Cert),
    ("Error: self-signed certificate", Cert),
    ("Error: self signed certificate", Cert),
    ("no alternative certificate subject name", Cert),
    ("Could not establish trust relationship", Cert),
    ("The remote certificate is invalid", Cert),
    ("x509: certificate", Cert),
    ("certificate, issued by", Cert),
    ("The certificate of ‘", Cert),
    ("The certificate of '", Cert),
    ("doesn't have a known issuer", Cert),
    // Java (JDK 17 `java.net.http.HttpClient`, captured here: tests/fixtures/recog/README.md): the
    // handshake's `SSLHandshakeException` names the certificate's fault by its cause's class: "PKIX path
    // building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid
    // certification path to requested target" (an untrusted issuer), `CertPathValidatorException`, or
    // "No subject alternative names matching IP address %s found" with
    // `java.security.cert.CertificateException` as its cause (every phrase holds `Exception`, the gate's).
    ("SunCertPathBuilderException", Cert),
    ("CertPathValidatorException", Cert),
    ("java.security.cert.CertificateException", Cert),
    // The TLS handshake. curl (35) "SSL connect error" and its OpenSSL details; .NET "The SSL connection
    // could not be established, see inner exception."; wget "Unable to establish SSL connection."; Windows
    // PowerShell 5.1 "Could not create SSL/TLS secure channel." and "An unexpected error occurred on a
    // send." (its usual TLS 1.2 failure); Python ssl "[SSL: WRONG_VERSION_NUMBER]", `SSLEOFError`, and
    // urllib3's `SSLError`; Go crypto/tls "tls: handshake failure".
    ("curl: (35)", Handshake),
    // curl's exit code 28 is CURLE_OPERATION_TIMEDOUT whatever words follow: on Windows the connect
    // timeout reads "Failed to connect to %s port %d after %ld ms: Timed out" (WSAETIMEDOUT's text).
    ("curl: (28)", Timeout),
    ("SSL connect error", Handshake),
    ("The SSL connection could not be established", Handshake),
    ("Unable to establish SSL connection", Handshake),
    ("Could not create SSL/TLS secure channel", Handshake),
    ("An unexpected error occurred on a send", Handshake),
    ("WRONG_VERSION_NUMBER", Handshake),
    ("SSLEOFError", Handshake),
    ("SSLError", Handshake),
    ("tls: handshake failure", Handshake),
    ("javax.net.ssl.SSLHandshakeException", Handshake),
    // Name resolution. curl (6) "Could not resolve host: %s" (lib/hostip.c); urllib3 2.x
    // `NameResolutionError` "Failed to resolve '%s' (…)"; glibc's gai_strerror "Name or service not known"
    // (EAI_NONAME), "Temporary failure in name resolution" (EAI_AGAIN); macOS "nodename nor servname
    // provided, or not known"; musl "Name does not resolve"; Python on Windows "[Errno 11001] getaddrinfo
    // failed"; node "getaddrinfo ENOTFOUND %s" / "EAI_AGAIN"; .NET "No such host is known. (%s:443)" (Windows)
    // and, on Linux, glibc's words; Windows PowerShell 5.1 "The remote name could not be resolved: '%s'";
    // wget src/host.c "unable to resolve host address %s"; Go net "lookup %s: no such host".
    ("Could not resolve host", Dns),
    ("NameResolutionError", Dns),
    ("Failed to resolve '", Dns),
    ("Name or service not known", Dns),
    ("Temporary failure in name resolution", Dns),
    ("nodename nor servname provided", Dns),
    ("Name does not resolve", Dns),
    ("getaddrinfo failed", Dns),
    ("ENOTFOUND", Dns),
    ("EAI_AGAIN", Dns),
    ("No such host is known", Dns),
    ("The remote name could not be resolved", Dns),
    ("unable to resolve host address", Dns),
    (": no such host", Dns),
    // Java: `java.net.http.HttpClient` throws a bare `java.net.ConnectException` caused by
    // `java.nio.channels.UnresolvedAddressException` (captured); `HttpURLConnection`, Apache HttpClient
    // and OkHttp throw `java.net.UnknownHostException: %s`.
    ("java.nio.channels.UnresolvedAddressException", Dns),
    ("java.net.UnknownHostException", Dns),
    // Timeouts. curl (28) "Connection timed out after %ld milliseconds", "Operation timed out after %ld
    // milliseconds with %ld bytes received" (lib/multi.c; older "Timeout was reached"); urllib3 "Read timed
    // out. (read timeout=%s)", `ConnectTimeoutError`, requests' `ReadTimeout`/`ConnectTimeout`, httpx's;
    // Python `TimeoutError` ("The handshake operation timed out", "timed out"); node `ETIMEDOUT`, undici's
    // `UND_ERR_CONNECT_TIMEOUT`/`UND_ERR_HEADERS_TIMEOUT`, `AbortSignal.timeout`'s "The operation was aborted
    // due to timeout"; axios "timeout of %dms exceeded"; .NET "The request was canceled due to the
    // configured HttpClient.Timeout of 100 seconds elapsing." and Windows' WSAETIMEDOUT "A connection attempt
    // failed because the connected party did not properly respond after a period of time"; Windows
    // PowerShell 5.1 "The operation has timed out"; Go "context deadline exceeded (Client.Timeout exceeded
    // while awaiting headers)", "i/o timeout".
    ("Connection timed out", Timeout),
    ("Operation timed out", Timeout),
    ("Timeout was reached", Timeout),
    ("Read timed out", Timeout),
    ("ConnectTimeout:", Timeout),
    ("ConnectTimeoutError", Timeout),
    ("ReadTimeout:", Timeout),
    ("ReadTimeoutError", Timeout),
    ("WriteTimeout:", Timeout),
    ("TimeoutError:", Timeout),
    ("handshake operation timed out", Timeout),
    ("ETIMEDOUT", Timeout),
    ("ESOCKETTIMEDOUT", Timeout),
    ("UND_ERR_CONNECT_TIMEOUT", Timeout),
    ("UND_ERR_HEADERS_TIMEOUT", Timeout),
    ("aborted due to timeout", Timeout),
    ("AxiosError: timeout of ", Timeout),
    ("HttpClient.Timeout", Timeout),
    ("did not properly respond after a period of time", Timeout),
    ("The operation has timed out", Timeout),
    ("context deadline exceeded", Timeout),
    ("Client.Timeout exceeded", Timeout),
    ("i/o timeout", Timeout),
    // Java: `java.net.http.HttpConnectTimeoutException: HTTP connect timed out`, `HttpTimeoutException:
    // request timed out` (JDK 11 on), `java.net.SocketTimeoutException: Read timed out` / `connect timed
    // out` (HttpURLConnection, Apache, OkHttp).
    ("HttpConnectTimeoutException", Timeout),
    ("HttpTimeoutException", Timeout),
    ("java.net.SocketTimeoutException", Timeout),
    // Refused. glibc's strerror "Connection refused" (curl (7) before 7.83, wget "failed: Connection
    // refused.", Python "[Errno 111] Connection refused"); node "connect ECONNREFUSED %s:%d"; Windows
    // WSAECONNREFUSED "No connection could be made because the target machine actively refused it"; Go
    // "connect: connection refused"; asyncio (aiohttp) "Connect call failed".
    ("Connection refused", Refused),
    ("connect: connection refused", Refused),
    ("ECONNREFUSED", Refused),
    ("actively refused it", Refused),
    ("Connect call failed", Refused),
    // Reset or closed without an answer. glibc "Connection reset by peer" (curl (56) "Recv failure:
    // Connection reset by peer"); node `ECONNRESET`, "socket hang up", undici "other side closed"; Python
    // `ConnectionResetError`, http.client `RemoteDisconnected` "Remote end closed connection without
    // response", requests "('Connection aborted.', …)"; curl (52) "Empty reply from server"; Windows
    // WSAECONNRESET "An existing connection was forcibly closed by the remote host"; Windows PowerShell 5.1
    // "The underlying connection was closed: The connection was closed unexpectedly."; httpx/aiohttp "Server
    // disconnected without sending a response".
    ("Connection reset by peer", Reset),
    (": connection reset by peer", Reset),
    ("ECONNRESET", Reset),
    ("ConnectionResetError", Reset),
    ("RemoteDisconnected", Reset),
    ("Remote end closed connection without response", Reset),
    ("Connection aborted.", Reset),
    ("Empty reply from server", Reset),
    ("socket hang up", Reset),
    ("UND_ERR_SOCKET", Reset),
    ("forcibly closed by the remote host", Reset),
    ("The connection was closed unexpectedly", Reset),
    ("Server disconnected without sending a response", Reset),
    // Could not connect, cause not named. curl (7) "Failed to connect to %s port %d after %ld ms: %s"
    // (7.83 on; the last part is often "Couldn't connect to server", curl's words for the code, not the
    // cause), older "couldn't connect to host"; Windows PowerShell 5.1 "Unable to connect to the remote
    // server"; node "TypeError: fetch failed" (the cause follows as `[cause]:`); aiohttp
    // `ClientConnectorError` "Cannot connect to host %s ssl:%s [%s]"; httpx `ConnectError`; urllib
    // "<urlopen error …>", urllib3 `NewConnectionError`; "Network is unreachable", "No route to host".
    ("Failed to connect to ", Failed),
    ("Couldn't connect to server", Failed),
    ("couldn't connect to host", Failed),
    ("Unable to connect to the remote server", Failed),
    ("TypeError: fetch failed", Failed),
    ("Cannot connect to host", Failed),
    ("ClientConnectorError", Failed),
    ("httpx.ConnectError", Failed),
    ("NewConnectionError", Failed),
    ("<urlopen error", Failed),
    ("Network is unreachable", Failed),
    ("No route to host", Failed),
    ("ENETUNREACH", Failed),
    ("EHOSTUNREACH", Failed),
    // Java: `java.net.ConnectException`, bare or with the OS's words (`Connection refused`, read above);
    // `java.net.NoRouteToHostException`.
    ("java.net.ConnectException", Failed),
    ("java.net.NoRouteToHostException", Failed),
];

/// Words at least one of which every phrase of [`PATTERNS`] holds (a test checks it), none a word a
/// transcript's notes use (`* SSL certificate verify ok.`, `TLS handshake`): one search decides whether
/// the phrases are asked. The phrases themselves (over 100) in the shared automaton cost a log of plain
/// lines some 17% (summary-noise, icount), and asking each in turn on every transcript line nearly tripled
/// a curl -v run.
const GATE_WORDS: &[&str] = &[
    "resolve",
    // `Resolution` and `resolution` in one word (the list must stay within 64 words: see `Exception`).
    "esolution",
    "not known",
    "servname",
    "getaddrinfo",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONN",
    "TIMEDOUT",
    "UNREACH",
    "such host",
    "certificate problem",
    "verify failed",
    "issuer certificate",
    "signed certificate",
    "alternative certificate",
    "remote certificate",
    "certificate, issued",
    "certificate of",
    "CERT",
    "LEAF_SIGNATURE",
    "trust relationship",
    "known issuer",
    "SSL connect",
    "The SSL conn",
    "establish SSL",
    "SSL/TLS",
    "SSLE",
    // curl's exit codes 35 (handshake) and 28 (timeout), in one word.
    "curl: (",
    "on a send",
    "WRONG_VERSION",
    "tls: handshake",
    "timed out",
    "Timeout",
    "i/o timeout",
    "due to timeout",
    "timeout of",
    "deadline exceeded",
    "UND_ERR_",
    "properly respond",
    "refused",
    "call failed",
    "reset by peer",
    "ResetError",
    "isconnected",
    "end closed",
    "aborted.",
    "Empty reply",
    "hang up",
    "forcibly",
    "unexpectedly",
    "roxy",
    "tunnel",
    "connect to",
    "fetch failed",
    "ConnectError",
    "ConnectorError",
    "ConnectionError",
    "urlopen error",
    "unreachable",
    "route to host",
    "x509: ",
    // Java's exception classes (`ConnectException`, `SSLHandshakeException`, …): every Java phrase stands
    // on an exception's line. One word, not one per class: past 64 words the automaton loses its vectorized
    // prefilter, and a curl -v run (whose header lines all reach this search) cost 3% more (icount).
    "Exception",
];

/// The phrases a line may hold without a colon and a blank (a message printed alone: PowerShell's
/// `$_.Exception.Message`, wget's own lines with ASCII quotes): such a line starts with one of them.
const WITHOUT_COLON: &[&str] = &[
    "Unable to establish SSL connection",
    "Unable to connect to the remote server",
    "The certificate of '",
    "The certificate of ‘",
    "The operation has timed out",
    "The SSL connection could not be established",
    "The remote certificate is invalid",
    "The request was canceled due to the configured HttpClient.Timeout",
    "No such host is known",
    "No connection could be made because the target machine actively refused it",
    "A connection attempt failed because the connected party did not properly respond after a period of time",
    "An existing connection was forcibly closed by the remote host",
    "Connection refused",
    "Connection timed out",
    "Connection reset by peer",
    "Operation timed out",
    "socket hang up",
];

/// Whether `line` may hold one of the phrases. A client's failure line names its kind after a colon and a
/// blank (`curl: (6) …`, `…Error: …`, `failed: Connection refused.`), or is one of the few messages printed
/// alone ([`WITHOUT_COLON`]); a transcript's request and response lines (`> `, `< `) never are one. So
/// most lines cost one search for `: ` (a log's time stamp has colons, not that); the others one search
/// for the gate's words.
pub(crate) fn gate(line: &str) -> bool {
    let b = line.as_bytes();
    // Most lines have no colon: one byte search says so, and only a message printed alone is left.
    if memchr::memchr(b':', b).is_none() {
        return alone(line);
    }
    let t = line.trim_start();
    if t.starts_with(['<', '>']) {
        return false;
    }
    // Then `: ` with text after it (a log's `… response: ` before a body is no failure line), or wget's
    // `cannot verify X's certificate, issued by ‘…’:`, which ends on its colon (its ERROR: taken off as a
    // log level) and is let on by its typographic quotes (byte 0xE2 starts them). One pass for both.
    let let_on = memchr::memchr2_iter(b':', 0xE2, b)
        .any(|at| b[at] == 0xE2 || (b.get(at + 1) == Some(&b' ') && at + 2 < b.len()));
    if !let_on {
        return alone(line);
    }
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            AhoCorasick::builder()
                // An NFA: few lines get this far, and a DFA's build (some 3.6M instructions) would cost
                // a curl -v run more than its searches save.
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                // Leftmost-first lets the vectorized prefilter run; whether a word is there is the same.
                .match_kind(MatchKind::LeftmostFirst)
                .build(GATE_WORDS)
                .unwrap_or_else(|_| unreachable!("a fixed list of plain words"))
        })
        .is_match(line)
}

/// Whether `line` is one of the messages printed alone ([`WITHOUT_COLON`]): they start with one of these
/// letters, so most lines are refused by their first byte.
fn alone(line: &str) -> bool {
    let first = line.as_bytes().first().copied().unwrap_or(b' ');
    let t = if first.is_ascii_whitespace() {
        line.trim_start()
    } else {
        line
    };
    t.as_bytes()
        .first()
        .is_some_and(|f| matches!(f, b'A' | b'C' | b'N' | b'O' | b'T' | b'U' | b's'))
        && WITHOUT_COLON.iter().any(|p| t.starts_with(p))
}

const TRIGGERS: &[Trigger] = &[Trigger::Gate(gate)];

pub(crate) static RECOGNIZERS: &[Recognizer] = &[Recognizer {
    name: "no HTTP response (transport failure)",
    samples: &[
        "curl: (6) Could not resolve host: api.securitycenter.microsoft.com",
        "curl: (60) SSL certificate problem: unable to get local issuer certificate",
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.security.microsoft.com', port=443): Max retries exceeded with url: /api/machines (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f3a2c1b5d90>: Failed to resolve 'api.security.microsoft.com' ([Errno -3] Temporary failure in name resolution)\"))",
        "  [cause]: Error: getaddrinfo ENOTFOUND api.security.microsoft.com",
        "Invoke-RestMethod : The remote name could not be resolved: 'api.securitycenter.microsoft.com'",
    ],
    triggers: TRIGGERS,
    read,
}];

/// Whether `text` holds one of the phrases (for the rare text that failed to read as JSON: no automaton).
pub(crate) fn mentions(text: &str) -> bool {
    PATTERNS.iter().any(|(needle, _)| text.contains(needle))
}

/// What a transport failure line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TransportClue<'a> {
    pub kind: TransportKind,
    pub context: Context,
    /// The host named, as written (checked to be a host name or address).
    pub host: Option<&'a str>,
    /// The URL named, when the line shows one (Go's `Get "https://…": …`, a log's `url=`).
    pub url: Option<&'a str>,
    /// The path urllib3 names (`Max retries exceeded with url: /api/machines`), with its scheme and its
    /// port when not the scheme's own.
    pub pool_path: Option<(&'static str, Option<&'a str>, &'a str)>,
    /// The method written right before the URL (`Get "https://…"`), if any.
    pub method: Option<&'a str>,
}

/// Reads a line holding one of the phrases (the caller checked the triggers).
fn read(line: &str) -> Option<Clue<'_>> {
    let (needle, kind) = PATTERNS
        .iter()
        .find(|(needle, _)| line.contains(needle))
        .copied()?;
    // A traceback's source line (`    raise NameResolutionError(self.host, self, e) from e`) names an
    // exception class, not a failure that happened.
    let t = line.trim_start();
    if ["raise ", "File \"", "except ", "return ", "^"]
        .iter()
        .any(|w| t.starts_with(w))
    {
        return None;
    }
    // A client's status line or a response named on the same line is an HTTP response, not its absence
    // (`RetryError … too many 503 error responses` holds none of the phrases; this guards the rest).
    if line.contains("curl: (22)") {
        return None;
    }
    let (method, url) = url_in(line).unzip();
    let host = host_in(line).or_else(|| url.and_then(host_of_url));
    // curl's and aiohttp's words name the host right after them: without one, the words are someone
    // else's (`Failed to connect to database`).
    if matches!(needle, "Failed to connect to " | "Cannot connect to host ") && host.is_none() {
        return None;
    }
    Some(Clue::Transport(TransportClue {
        kind,
        context: context_of(line),
        host,
        url,
        pool_path: pool_path(line),
        method: method.flatten(),
    }))
}

/// The client a line comes from, by its words.
fn context_of(line: &str) -> Context {
    const BY_WORD: &[(&str, Context)] = &[
        ("curl: (", Context::Curl),
        ("Invoke-RestMethod", Context::PowerShell),
        ("Invoke-WebRequest", Context::PowerShell),
        ("WebException", Context::PowerShell),
        ("The remote name could not be resolved", Context::PowerShell),
        (
            "Unable to connect to the remote server",
            Context::PowerShell,
        ),
        (
            "Could not establish trust relationship",
            Context::PowerShell,
        ),
        ("The operation has timed out", Context::PowerShell),
        ("HttpRequestException", Context::DotNet),
        ("HttpClient.Timeout", Context::DotNet),
        ("TaskCanceledException", Context::DotNet),
        ("AxiosError", Context::Axios),
        ("DOMException", Context::Node),
        ("[cause]: ", Context::Node),
        ("urllib.error", Context::PythonUrllib),
        ("<urlopen error", Context::PythonUrllib),
        ("httpx", Context::PythonHttpx),
        ("aiohttp", Context::PythonAiohttp),
        ("ClientConnectorError", Context::PythonAiohttp),
        ("requests.exceptions", Context::Python),
        ("urllib3", Context::Python),
        ("ConnectionPool(", Context::Python),
        ("[Errno", Context::Python),
        ("Traceback", Context::Python),
        ("exceptions.", Context::Python),
        ("_ssl.c", Context::Python),
        ("[SSL: ", Context::Python),
        ("socket.", Context::Python),
        ("fetch failed", Context::Node),
        ("ENOTFOUND", Context::Node),
        ("ECONNREFUSED", Context::Node),
        ("ECONNRESET", Context::Node),
        ("ETIMEDOUT", Context::Node),
        ("UND_ERR_", Context::Node),
        ("dial tcp", Context::Go),
        ("x509: ", Context::Go),
        ("context deadline exceeded", Context::Go),
        ("lookup ", Context::Go),
        ("The certificate of ", Context::Wget),
        ("certificate, issued by", Context::Wget),
        ("Unable to establish SSL connection", Context::Wget),
        ("Resolving ", Context::Wget),
        ("Connecting to ", Context::Wget),
        ("wget: ", Context::Wget),
    ];
    BY_WORD
        .iter()
        .find(|(w, _)| line.contains(w))
        .map_or(Context::Client, |(_, c)| *c)
}

/// The host the line names, by the marks each client writes before it.
fn host_in(line: &str) -> Option<&str> {
    // (mark before the host, characters that may end it)
    const MARKS: &[&str] = &[
        "host='",
        "Failed to resolve '",
        "Could not resolve host: ",
        "Could not resolve proxy: ",
        "Failed to connect to ",
        "ENOTFOUND ",
        "EAI_AGAIN ",
        "ECONNREFUSED ",
        "ETIMEDOUT ",
        "ECONNRESET ",
        "could not be resolved: '",
        "resolve host address ",
        "Cannot connect to host ",
        "The certificate of ",
        "cannot verify ",
        "lookup ",
        "dial tcp ",
        "Resolving ",
        "Connecting to ",
        "hostname: '",
    ];
    for mark in MARKS {
        if let Some(at) = line.find(mark) {
            if let Some(h) = host_word(&line[at + mark.len()..]) {
                return Some(h);
            }
        }
    }
    // .NET names the host and port in parentheses: `No such host is known. (api…:443)`.
    line.split('(').skip(1).find_map(|group| {
        let inner = group.split(')').next()?;
        let (h, port) = inner.rsplit_once(':')?;
        let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        host_word(h).filter(|w| digits && w.len() == h.len())
    })
}

/// The host at the start of `text` (after an opening quote), up to a port, quote or blank: a name of
/// letters, digits, dots and dashes with a dot in it, or an IP address; `None` for anything else.
fn host_word(text: &str) -> Option<&str> {
    let t = text
        .strip_prefix(['\'', '"', '‘', '“', '`'])
        .unwrap_or(text);
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'))
        .unwrap_or(t.len());
    let host = t[..end].trim_end_matches('.');
    // A name ends in a label of letters (`.com`, not `_ssl.c`'s `.c`); an IPv4 address is digits and dots.
    let top = host.rsplit('.').next().unwrap_or_default();
    let name = host.contains('.')
        && host.starts_with(|c: char| c.is_ascii_alphanumeric())
        && top.len() >= 2
        && top.bytes().all(|b| b.is_ascii_alphabetic());
    let ipv4 = host.split('.').count() == 4
        && host
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (name || ipv4 || host == "localhost").then_some(host)
}

/// The first `http://` or `https://` URL in the line, with the method written right before it (Go's
/// `Get "https://…"`).
fn url_in(line: &str) -> Option<(Option<&str>, &str)> {
    let at = line.find("https://").or_else(|| line.find("http://"))?;
    let rest = &line[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '>' | ')' | ','))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches([':', '.', ';']);
    let before = line[..at].trim_end_matches(['"', '\'', ' ']);
    let method = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .filter(|m| {
            matches!(
                m.to_ascii_uppercase().as_str(),
                "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD"
            )
        });
    (url.len() > "https://".len()).then_some((method, url))
}

/// The host of a URL.
fn host_of_url(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    host_word(host)
}

/// urllib3's `HTTPSConnectionPool(host=…): Max retries exceeded with url: /path (Caused by …)`: the scheme
/// and the path.
fn pool_path(line: &str) -> Option<(&'static str, Option<&str>, &str)> {
    const MARK: &str = "Max retries exceeded with url: ";
    let at = line.find(MARK)?;
    let path = line[at + MARK.len()..].split_whitespace().next()?;
    let (scheme, default) = if line.contains("HTTPConnectionPool(") {
        ("http", "80")
    } else {
        ("https", "443")
    };
    let port = line[..at]
        .split_once("port=")
        .map(|(_, p)| &p[..p.find(|c: char| !c.is_ascii_digit()).unwrap_or(p.len())])
        .filter(|p| !p.is_empty() && *p != default);
    path.starts_with('/').then_some((scheme, port, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clue(line: &str) -> Option<TransportClue<'_>> {
        match super::super::recognize(line) {
            Some(Clue::Transport(t)) => Some(t),
            _ => None,
        }
    }

    #[test]
    fn every_phrase_passes_the_gate() {
        let words = AhoCorasick::new(GATE_WORDS).expect("words");
        for (needle, _) in PATTERNS {
            assert!(words.is_match(needle), "{needle}");
            // After a colon, as clients print it; or alone, when it may stand alone.
            assert!(gate(&format!("x: {needle}")), "{needle}");
        }
        for p in WITHOUT_COLON {
            assert!(
                gate(p) && PATTERNS.iter().any(|(n, _)| p.contains(n)),
                "{p}"
            );
        }
        assert!(gate(
            "cannot verify x.example.com's certificate, issued by ‘CN=Contoso CA’:"
        ));
        // A transcript's lines are never asked.
        assert!(!gate("< x-error: Connection refused"));
        assert!(!gate(
            "connector[7] synced 438 vulnerabilities page=28 elapsed=1040ms"
        ));
    }

    #[test]
    fn every_phrase_names_a_kind_and_is_its_own_trigger() {
        for (needle, kind) in PATTERNS {
            // A host after it: curl's and aiohttp's words count only with the host they name.
            let line = format!("x: {needle}api.example.com:443 y");
            let t = clue(&line);
            assert!(t.is_some(), "{needle}");
            // A later phrase of another kind may not take a line that holds an earlier one.
            let first = PATTERNS.iter().find(|(n, _)| line.contains(n)).map(|p| p.1);
            assert_eq!(t.map(|t| t.kind), first, "{needle} {kind:?}");
        }
    }

    #[test]
    fn the_most_specific_kind_wins() {
        let line = "urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='api.securitycenter.microsoft.com', port=443): Max retries exceeded with url: /api/machines (Caused by NewConnectionError(\"HTTPSConnection(host='api.securitycenter.microsoft.com', port=443): Failed to establish a new connection: [Errno 111] Connection refused\"))";
        let t = clue(line).map(|t| (t.kind, t.host, t.pool_path, t.context));
        assert_eq!(
            t,
            Some((
                Refused,
                Some("api.securitycenter.microsoft.com"),
                Some(("https", None, "/api/machines")),
                Context::Python
            ))
        );
        let proxy = "requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.security.microsoft.com', port=443): Max retries exceeded with url: /api/alerts (Caused by ProxyError('Unable to connect to proxy', NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused')))";
        assert_eq!(clue(proxy).map(|t| t.kind), Some(Proxy));
    }

    #[test]
    fn hosts_are_read_from_each_clients_marks() {
        for (line, host) in [
            (
                "Error: getaddrinfo ENOTFOUND api.security.microsoft.com",
                "api.security.microsoft.com",
            ),
            (
                "Invoke-RestMethod : The remote name could not be resolved: 'graph.microsoft.com'",
                "graph.microsoft.com",
            ),
            (
                "System.Net.Http.HttpRequestException: No such host is known. (login.microsoftonline.com:443)",
                "login.microsoftonline.com",
            ),
            (
                "Get \"https://management.azure.com/subscriptions?api-version=2020-01-01\": dial tcp: lookup management.azure.com: no such host",
                "management.azure.com",
            ),
            (
                "wget: unable to resolve host address ‘api.securitycenter.microsoft.com’",
                "api.securitycenter.microsoft.com",
            ),
            (
                "curl: (7) Failed to connect to us.api.security.microsoft.com port 443 after 21 ms: Connection refused",
                "us.api.security.microsoft.com",
            ),
        ] {
            assert_eq!(clue(line).and_then(|t| t.host), Some(host), "{line}");
        }
        let go = "Get \"https://api.security.microsoft.com/api/machines\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        let t = clue(go);
        assert_eq!(
            t.map(|t| (t.kind, t.method, t.url, t.host)),
            Some((
                Timeout,
                Some("Get"),
                Some("https://api.security.microsoft.com/api/machines"),
                Some("api.security.microsoft.com")
            ))
        );
    }

    #[test]
    fn a_line_that_merely_mentions_a_timeout_is_no_failure() {
        for line in [
            "INFO polling every 30s (timeout=30)",
            "DEBUG client timeout: 100s, retries: 3",
            "Timeout: 30",
            "requests.get(url, headers=h, timeout=30)",
            "The request timed out? Check the retry settings in the docs.",
            "Use a self-signed certificate for tests only; there is no such host in production.",
            "The certificate of the API is issued by a public authority; a connection refused there is rare.",
            "ConnectTimeout=10s ReadTimeout=30s (client settings)",
            "WARN lint: timeoutSeconds is not a documented parameter",
            "{\"status\":\"Succeeded\",\"timeout\":false}",
            "curl: (22) The requested URL returned error: 503",
            "requests.exceptions.RetryError: HTTPSConnectionPool(host='api.security.microsoft.com', port=443): Max retries exceeded with url: /api/alerts (Caused by ResponseError('too many 503 error responses'))",
        ] {
            assert_eq!(clue(line), None, "{line}");
        }
    }
}
