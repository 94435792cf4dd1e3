//! Running a real client with a time bound, the fake token it sends, and the normalising of captured output.

use crate::support::base64url;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every client run and every mdediag run is cut off after this long.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// What one process printed.
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// `None` when the process was killed at the time limit or ended by a signal.
    pub code: Option<i32>,
    pub timed_out: bool,
}

/// Runs `sh -c "exec <command>"` in `dir` with `env`, stdin closed, and waits at most [`TIME_LIMIT`].
/// `exec` makes the client the process that is killed on timeout; a `2>&1` in `command` is applied by the shell,
/// so both streams reach the same pipe in the order the client wrote them.
pub fn run_shell(command: &str, dir: &Path, env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("exec {command}"))
        .current_dir(dir);
    // Keep clients from reading user config or proxies that would change what they print.
    cmd.env("HOME", dir).env("NO_COLOR", "1");
    for var in [
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
        "no_proxy",
        "NO_PROXY",
        "CURL_HOME",
        "WGETRC",
        "PYTHONWARNINGS",
        "NODE_OPTIONS",
    ] {
        cmd.env_remove(var);
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    run(cmd, None)
}

/// Runs the built mdediag with `args`, feeding `input` on stdin.
pub fn run_mdediag(args: &[&str], input: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mdediag"));
    cmd.args(args).env_remove("NO_COLOR");
    run(cmd, Some(input.to_vec()))
}

fn run(mut cmd: Command, input: Option<Vec<u8>>) -> Output {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawning {cmd:?}: {e}"));
    let writer = input.map(|bytes| {
        let mut stdin = child.stdin.take().expect("stdin piped");
        std::thread::spawn(move || {
            use std::io::Write;
            // A reader that stops early closes the pipe: that is its business, not an error here.
            let _ = stdin.write_all(&bytes);
        })
    });
    let stdout = reader(child.stdout.take().expect("stdout piped"));
    let stderr = reader(child.stderr.take().expect("stderr piped"));
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for {cmd:?}: {e}"),
        }
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    Output {
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        code: status.and_then(|s| s.code()),
        timed_out,
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Is `program` an executable file somewhere on PATH?
pub fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(program)))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A fresh, empty working directory for one test run; removed on drop.
pub struct WorkDir(pub PathBuf);

impl WorkDir {
    pub fn new(label: &str) -> WorkDir {
        let dir = std::env::temp_dir().join(format!(
            "mdediag-real-clients-{label}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create work dir");
        WorkDir(dir)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A made-up v1.0 application token for WindowsDefenderATP holding only `Machine.Read.All`, valid from ten minutes
/// before the server's `Date` for an hour, with a signature that is not one. Built here so no token file exists.
pub fn fake_token(date_epoch: u64) -> String {
    let header =
        r#"{"typ":"JWT","alg":"RS256","x5t":"real-clients-test","kid":"real-clients-test"}"#;
    let tenant = "72f988bf-0000-4000-8000-2d7cd011db47";
    let payload = format!(
        concat!(
            r#"{{"aud":"https://api.securitycenter.microsoft.com","iss":"https://sts.windows.net/{t}/","#,
            r#""iat":{iat},"nbf":{iat},"exp":{exp},"appid":"3f1c2a9e-5b7d-4e8a-9c6f-0d2b4a6e8c1f","#,
            r#""appidacr":"1","idp":"https://sts.windows.net/{t}/","idtype":"app","#,
            r#""oid":"5e0c8f7a-1b2d-4c3e-9f4a-6b7c8d9e0f1a","roles":["Machine.Read.All"],"#,
            r#""sub":"5e0c8f7a-1b2d-4c3e-9f4a-6b7c8d9e0f1a","tid":"{t}","ver":"1.0"}}"#
        ),
        t = tenant,
        iat = date_epoch - 600,
        exp = date_epoch + 3000,
    );
    format!(
        "{}.{}.{}",
        base64url(header.as_bytes()),
        base64url(payload.as_bytes()),
        base64url(b"not-a-signature-real-clients-test")
    )
}

/// Makes a capture stable between runs: the port, the work directory, wget's clock and transfer speed, and the
/// speeds and times of curl's progress meter. Everything else is left exactly as the client printed it.
pub fn normalise(bytes: &[u8], port: u16, dir: &Path) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes)
        .replace(&format!(":{port}"), ":8080")
        .replace(&format!("port {port}"), "port 8080")
        .replace(&format!("port: {port}"), "port: 8080")
        .replace(&dir.display().to_string(), "/tmp/real-clients");
    let text = fixed_timestamps(&text);
    let text = zero_pointers(&text);
    let text: Vec<String> = text.split('\r').map(curl_meter).collect();
    let text: Vec<String> = text.join("\r").split('\n').map(wget_speed).collect();
    text.join("\n").into_bytes()
}

/// curl -v's `* Found bundle for host: 0x561aa93ca220 [serially]` and, over HTTP/2, `(easy handle 0x5580…)` print
/// heap addresses: they become `0x0`.
fn zero_pointers(text: &str) -> String {
    let mut text = text.to_string();
    for at in ["Found bundle for host: 0x", "easy handle 0x"] {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find(at) {
            out.push_str(&rest[..i + at.len()]);
            out.push('0');
            rest = rest[i + at.len()..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// `2026-12-03 05:13:29` (wget's clock) → `2026-12-03 05:00:00`, the server's `Date`.
fn fixed_timestamps(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let fits = bytes.get(i..i + SHAPE.len()).is_some_and(|w| {
            w.iter().zip(SHAPE).all(|(&b, &s)| {
                if s == b'd' {
                    b.is_ascii_digit()
                } else {
                    b == s
                }
            })
        });
        if fits {
            out.push_str("2026-12-03 05:00:00");
            i += SHAPE.len();
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

/// A curl progress-meter line (78 columns after a `\r`): speeds become 0, times `--:--:--`, sizes stay.
fn curl_meter(piece: &str) -> String {
    let Some(meter) = piece.get(..78) else {
        return piece.to_string();
    };
    let t: Vec<&str> = meter.split_whitespace().collect();
    let is_meter = t.len() == 12
        && t[..6]
            .iter()
            .all(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))
        && t[8..11].iter().all(|f| f.contains(':'));
    if !is_meter {
        return piece.to_string();
    }
    let rebuilt = format!(
        "{:>3} {:>5}  {:>3} {:>5}  {:>3} {:>5}  {:>5}  {:>5} {:>8} {:>8} {:>8} {:>5}",
        t[0], t[1], t[2], t[3], t[4], t[5], "0", "0", "--:--:--", "--:--:--", "--:--:--", "0"
    );
    format!("{rebuilt}{}", &piece[78..])
}

/// wget's dot progress (`     0K …  100% 68.4M=0s`): the speed becomes `0.00K=0s`.
fn wget_speed(line: &str) -> String {
    match line.find("100% ") {
        Some(at) if line.trim_start().starts_with("0K ") => format!("{}0.00K=0s", &line[..at + 5]),
        _ => line.to_string(),
    }
}

#[test]
fn normalise_steadies_port_clock_and_speeds() {
    let dir = Path::new("/tmp/x-1");
    let raw = "--2026-12-03 05:13:29--  http://127.0.0.1:41235/a\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:41235...\n\r100   253  100   191  100    62   214k  71182 --:--:--  0:00:01 --:--:--  247k\n     0K                                                       100% 68.4M=0s\nFile \"/tmp/x-1/a.py\"\n* Found bundle for host: 0x55dea26b2220 [serially]";
    let want = "--2026-12-03 05:00:00--  http://127.0.0.1:8080/a\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:8080...\n\r100   253  100   191  100    62      0      0 --:--:-- --:--:-- --:--:--     0\n     0K                                                       100% 0.00K=0s\nFile \"/tmp/real-clients/a.py\"\n* Found bundle for host: 0x0 [serially]";
    assert_eq!(
        String::from_utf8_lossy(&normalise(raw.as_bytes(), 41235, dir)),
        want
    );
}

/// A front for the HTTP/1.1 server, run by node: HTTP/2 cleartext (prior knowledge), or TLS with ALPN offering
/// HTTP/2 and HTTP/1.1 (certificate `tests/real_clients/tls/cert.pem`, for 127.0.0.1, valid until 2126). curl
/// reaches it with `--connect-to`, so the URL, and what curl prints of it, stay the server's. Each request is
/// forwarded as one HTTP/1.1 request and the answer sent back (status, headers, body). Killed on drop.
pub struct Front {
    child: std::process::Child,
    pub port: u16,
}

const FRONT: &str = r#"import http2 from 'node:http2';
import http from 'node:http';
import { readFileSync } from 'node:fs';
const [backend, mode] = [Number(process.argv[2]), process.argv[3]];
const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'host']);
const handler = (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const out = { host: req.headers[':authority'] ?? req.headers.host, connection: 'close' };
    for (const [k, v] of Object.entries(req.headers)) if (!k.startsWith(':') && !hop.has(k)) out[k] = v;
    const up = http.request(
      { host: '127.0.0.1', port: backend, method: req.method, path: req.url, headers: out },
      (r) => {
        const h = {};
        for (const [k, v] of Object.entries(r.headers)) if (!hop.has(k)) h[k] = v;
        if (req.httpVersion === '2.0') res.writeHead(r.statusCode, h);
        else res.writeHead(r.statusCode, r.statusMessage, h);
        r.pipe(res);
      },
    );
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    up.end(Buffer.concat(chunks));
  });
};
const server = mode === 'tls'
  ? http2.createSecureServer({ key: readFileSync('key.pem'), cert: readFileSync('ca.pem'), allowHTTP1: true }, handler)
  : http2.createServer(handler);
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"#;

/// The front's test certificate and key (self-signed, made for these tests only).
const CERT: &str = include_str!("tls/cert.pem");
const KEY: &str = include_str!("tls/key.pem");

impl Front {
    /// Starts a front in `dir` for the server on `backend`: `tls` or HTTP/2 cleartext. Writes the certificate to
    /// `dir/ca.pem` (what `curl --cacert ca.pem` trusts). None when node cannot start it.
    pub fn start(dir: &Path, backend: u16, tls: bool) -> Option<Front> {
        use std::io::BufRead;
        std::fs::write(dir.join("front.mjs"), FRONT).ok()?;
        std::fs::write(dir.join("ca.pem"), CERT).ok()?;
        std::fs::write(dir.join("key.pem"), KEY).ok()?;
        let mut child = Command::new("node")
            .arg("front.mjs")
            .arg(backend.to_string())
            .arg(if tls { "tls" } else { "h2c" })
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| std::io::BufReader::new(out).read_line(&mut line));
        match (read, line.trim().parse()) {
            (Some(Ok(_)), Ok(port)) => Some(Front { child, port }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                None
            }
        }
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
