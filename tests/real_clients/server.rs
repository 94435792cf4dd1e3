//! A std-only HTTP/1.1 server on 127.0.0.1 that answers like MDE and Graph, for the real-client tests.
//!
//! One thread accepts; each connection gets its own thread so a client that keeps its connection alive (node's
//! fetch, curl with several URLs) never blocks the next client. Requests are read head first, then exactly
//! `Content-Length` body bytes; keep-alive is the HTTP/1.1 default and ends on `Connection: close`, EOF or an idle
//! read timeout. Dropping the server stops the accept loop and joins it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The `Date` every answer carries: fixed, so captured files are stable and the token is judged at a known time.
pub const DATE: &str = "Thu, 03 Dec 2026 05:00:00 GMT";
/// `DATE` as seconds since the epoch (`date -u -d 2026-12-03T05:00:00Z +%s`).
pub const DATE_EPOCH: u64 = 1_796_274_000;

/// One canned exchange: the route it answers and what it sends back.
pub struct Canned {
    /// Short name used in variant names and fixture file names (`403`, `429`, `import`, …).
    pub key: &'static str,
    pub method: &'static str,
    /// Path with query, as the client sends it.
    pub path: &'static str,
    pub status: u16,
    pub reason: &'static str,
    /// Headers after `Content-Type`/`Date`, in order.
    pub headers: &'static [(&'static str, &'static str)],
    pub content_type: &'static str,
    pub body: &'static str,
    /// The error code the body names, if any.
    pub code: Option<&'static str>,
    /// The `target` of the error body (MDE's correlation id), if any.
    pub target: Option<&'static str>,
    /// The `request-id` header, if any.
    pub request_id: Option<&'static str>,
}

const MDE_JSON: &str = "application/json; charset=utf-8";
const HSTS: (&str, &str) = (
    "Strict-Transport-Security",
    "max-age=31536000; includeSubDomains",
);

/// Every canned answer. Bodies follow the shapes the MDE docs show (`{"error":{code,message,target}}`); the ids are
/// made up. MDE answers carry `request-id` (as the curl transcripts in the docs and forums show); Graph answers carry
/// `request-id`, `client-request-id` and `x-ms-ags-diagnostic`.
pub const CANNED: &[Canned] = &[
    Canned {
        key: "403",
        method: "POST",
        path: "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate",
        status: 403,
        reason: "Forbidden",
        headers: &[("request-id", "6b1d6a3c-3f0e-4f5a-9c1e-2d2a0f7e9b11"), HSTS],
        content_type: MDE_JSON,
        body: r#"{"error":{"code":"Forbidden","message":"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.","target":"d10ba19e-d33f-4058-a78a-63e34c38a0e7"}}"#,
        code: Some("Forbidden"),
        target: Some("d10ba19e-d33f-4058-a78a-63e34c38a0e7"),
        request_id: Some("6b1d6a3c-3f0e-4f5a-9c1e-2d2a0f7e9b11"),
    },
    Canned {
        key: "400",
        method: "POST",
        path: "/api/indicators",
        status: 400,
        reason: "Bad Request",
        headers: &[("request-id", "0c7e2f61-5d8a-4b3e-a1f9-7e6d5c4b3a21"), HSTS],
        content_type: MDE_JSON,
        body: r#"{"error":{"code":"InvalidRequestBody","message":"Request body is incorrect","target":"4e245504-131e-46c2-ac8d-9305951c61c9"}}"#,
        code: Some("InvalidRequestBody"),
        target: Some("4e245504-131e-46c2-ac8d-9305951c61c9"),
        request_id: Some("0c7e2f61-5d8a-4b3e-a1f9-7e6d5c4b3a21"),
    },
    Canned {
        key: "404",
        method: "GET",
        path: "/api/machines/5cb138284d431abd6a053a56625ec088bfb8891",
        status: 404,
        reason: "Not Found",
        headers: &[("request-id", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), HSTS],
        content_type: MDE_JSON,
        body: r#"{"error":{"code":"ResourceNotFound","message":"Machine 5cb138284d431abd6a053a56625ec088bfb8891 was not found","target":"ebf4ebe0-7b22-4fb2-b3ae-1efef5c488ac"}}"#,
        code: Some("ResourceNotFound"),
        target: Some("ebf4ebe0-7b22-4fb2-b3ae-1efef5c488ac"),
        request_id: Some("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
    },
    // A wrong-case route that a gateway redirects to the right one (`curl -L` follows it to the 404 above).
    Canned {
        key: "moved",
        method: "GET",
        path: "/api/Machines/5cb138284d431abd6a053a56625ec088bfb8891",
        status: 301,
        reason: "Moved Permanently",
        headers: &[
            ("Location", "/api/machines/5cb138284d431abd6a053a56625ec088bfb8891"),
            ("request-id", "2f3e4d5c-6b7a-4898-a7b6-c5d4e3f2a1b0"),
        ],
        content_type: "text/html; charset=utf-8",
        body: "<html><head><title>Object moved</title></head><body><h2>Object moved to <a href=\"/api/machines/5cb138284d431abd6a053a56625ec088bfb8891\">here</a>.</h2></body></html>",
        code: None,
        target: None,
        request_id: Some("2f3e4d5c-6b7a-4898-a7b6-c5d4e3f2a1b0"),
    },
    Canned {
        key: "429",
        method: "POST",
        path: "/api/advancedqueries/run",
        status: 429,
        reason: "Too Many Requests",
        headers: &[
            ("Retry-After", "12"),
            ("request-id", "3f2e1d0c-9b8a-4765-a432-10fedcba9876"),
            HSTS,
        ],
        content_type: MDE_JSON,
        body: r#"{"error":{"code":"TooManyRequests","message":"Response represents reaching quota limit either by number of requests or by CPU.","target":"72e84364-f3d8-478f-bb87-0d4756e218ed"}}"#,
        code: Some("TooManyRequests"),
        target: Some("72e84364-f3d8-478f-bb87-0d4756e218ed"),
        request_id: Some("3f2e1d0c-9b8a-4765-a432-10fedcba9876"),
    },
    Canned {
        key: "500",
        method: "GET",
        path: "/api/alerts",
        status: 500,
        reason: "Internal Server Error",
        headers: &[("request-id", "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"), HSTS],
        content_type: MDE_JSON,
        body: r#"{"error":{"code":"InternalServerError","message":"An unexpected error occurred","target":"da254021-eac2-4918-973f-10401639e05b"}}"#,
        code: Some("InternalServerError"),
        target: Some("da254021-eac2-4918-973f-10401639e05b"),
        request_id: Some("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"),
    },
    Canned {
        key: "import",
        method: "POST",
        path: "/api/indicators/import",
        status: 200,
        reason: "OK",
        headers: &[
            ("OData-Version", "4.0"),
            ("request-id", "8e7d6c5b-4a39-4281-b0f9-e8d7c6b5a493"),
            HSTS,
        ],
        content_type: "application/json; odata.metadata=minimal; charset=utf-8",
        body: r#"{"@odata.context":"https://api.security.microsoft.com/api/$metadata#Collection(microsoft.windowsDefenderATP.api.ImportIndicatorResult)","value":[{"id":"2841","indicator":"220e7d15b011d7fac48f2bd61114db1022197f7f","isFailed":false,"failureReason":null},{"id":"","indicator":"2233-not-a-sha256","isFailed":true,"failureReason":"Hash value 2233-not-a-sha256 is invalid."}]}"#,
        code: Some("IndicatorImportFailed"),
        target: None,
        request_id: Some("8e7d6c5b-4a39-4281-b0f9-e8d7c6b5a493"),
    },
    Canned {
        key: "graph206",
        method: "GET",
        path: "/v1.0/security/alerts?$top=5",
        status: 206,
        reason: "Partial Content",
        // Graph security API error format (learn.microsoft.com/graph/api/resources/security-error-codes):
        // `Warning: 199 - "{Vendor}/{Provider}/{StatusCode}/{LatencyInMs}"`, one item per failing provider.
        headers: &[
            ("Warning", r#"199 - "Microsoft/MDATP/403/14""#),
            ("request-id", "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"),
            ("client-request-id", "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"),
            (
                "x-ms-ags-diagnostic",
                r#"{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"001","RoleInstance":"AM2PEPF0000C2B4"}}"#,
            ),
            HSTS,
        ],
        content_type: "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        body: r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Security/alerts","value":[]}"#,
        code: None,
        target: None,
        request_id: Some("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"),
    },
];

/// Looks up a canned answer by short name.
pub fn canned(key: &str) -> &'static Canned {
    CANNED
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("no canned answer {key}"))
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

/// The running server; dropping it stops the accept loop.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Seen>>>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let accept = {
            let stop = Arc::clone(&stop);
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let seen = Arc::clone(&seen);
                    // Detached: it ends at EOF, on `Connection: close` or at the idle timeout.
                    std::thread::spawn(move || serve(conn, &seen));
                }
            })
        };
        Server {
            addr,
            stop,
            seen,
            accept: Some(accept),
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:{port}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Takes the requests seen since the last call.
    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().expect("seen lock"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(conn: TcpStream, seen: &Mutex<Vec<Seen>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = conn.set_write_timeout(Some(Duration::from_secs(5)));
    let Ok(mut out) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(conn);
    while let Some(request) = read_request(&mut reader, &mut out) {
        let close = request.close;
        seen.lock().expect("seen lock").push(Seen {
            method: request.method.clone(),
            path: request.path.clone(),
            authorization: request.authorization.clone(),
        });
        let answer = respond(&request.method, &request.path, close);
        if out.write_all(&answer).and_then(|()| out.flush()).is_err() || close {
            break;
        }
    }
    let _ = out.shutdown(Shutdown::Both);
}

struct Request {
    method: String,
    path: String,
    authorization: Option<String>,
    close: bool,
}

fn read_request(reader: &mut BufReader<TcpStream>, out: &mut TcpStream) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let version = parts.next().unwrap_or("HTTP/1.0").to_string();
    let mut close = version != "HTTP/1.1";
    let mut length = 0usize;
    let mut authorization = None;
    let mut expect_continue = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok()?,
            "authorization" => authorization = Some(value.to_string()),
            "connection" => {
                close = value.eq_ignore_ascii_case("close")
                    || (close && !value.eq_ignore_ascii_case("keep-alive"))
            }
            "expect" => expect_continue = value.eq_ignore_ascii_case("100-continue"),
            _ => {}
        }
    }
    if expect_continue {
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        authorization,
        close,
    })
}

/// The bytes of the answer to `method path`; an unknown route gets a plain 501 so a wrong case shows at once.
fn respond(method: &str, path: &str, close: bool) -> Vec<u8> {
    let connection = if close { "Connection: close\r\n" } else { "" };
    let Some(c) = CANNED.iter().find(|c| c.method == method && c.path == path) else {
        let body = format!("no canned answer for {method} {path}\n");
        return format!(
            "HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\nDate: {DATE}\r\nContent-Length: {}\r\n{connection}\r\n{body}",
            body.len()
        )
        .into_bytes();
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nDate: {DATE}\r\n",
        c.status, c.reason, c.content_type
    );
    for (name, value) in c.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\n{connection}\r\n",
        c.body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(c.body.as_bytes());
    bytes
}
