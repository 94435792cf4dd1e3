//! A call that got no HTTP response (tests/fixtures/transport/, README there): every capture and written
//! fixture gives the failed calls it holds (kind, host, API) and nothing else; the exit code says so (1, or
//! 75 when every finding may pass by itself); a failure next to a real response of the same call keeps
//! both; and text that merely mentions a timeout or a refused connection in passing (logs, success bodies,
//! lint output, docs) gives none.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use assert_cmd::Command;
use serde_json::Value;

use crate::support::diagnose_json;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mdediag-no-response-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Every diagnosis of `bytes`.
fn diagnoses(name: &str, bytes: &[u8]) -> Vec<Value> {
    diagnose_json(bytes, &scratch(name))
}

/// (kind, host, api) of each diagnosis, `-` for a diagnosis that is not a transport failure.
fn kinds(ds: &[Value]) -> Vec<(String, String, String)> {
    ds.iter()
        .map(|d| {
            let t = &d["transport"];
            (
                t["kind"].as_str().unwrap_or("-").to_string(),
                t["host"].as_str().unwrap_or("-").to_string(),
                d["api"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn fixture(name: &str) -> Vec<Value> {
    let bytes = std::fs::read(format!("{ROOT}/tests/fixtures/transport/{name}")).unwrap();
    diagnoses(name, &bytes)
}

fn k(kind: &str, host: &str, api: &str) -> (String, String, String) {
    (kind.to_string(), host.to_string(), api.to_string())
}

fn exit_code(path: &str) -> i32 {
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(format!("{ROOT}/{path}"))
        .output()
        .unwrap();
    out.status.code().unwrap_or(-1)
}

/// Each real client's capture: one failed call each, of the kind that was staged, the host it named.
#[test]
fn each_real_clients_failure_is_one_finding_of_its_kind() {
    let dns = ("name-resolution", "mde");
    for (name, kind, host, api) in [
        (
            "curl-dns.txt",
            dns.0,
            "api.securitycenter.microsoft.com",
            dns.1,
        ),
        ("curl-dns-v.txt", dns.0, "api.security.microsoft.com", dns.1),
        (
            "curl-refused.txt",
            "connection-failed",
            "127.0.0.1",
            "unknown",
        ),
        ("curl-timeout.txt", "timeout", "-", "unknown"),
        ("curl-tls-untrusted.txt", "tls-certificate", "-", "unknown"),
        (
            "wget-dns.txt",
            dns.0,
            "api.securitycenter.microsoft.com",
            dns.1,
        ),
        (
            "wget-refused.txt",
            "connection-refused",
            "127.0.0.1",
            "unknown",
        ),
        ("wget-timeout.txt", "tls-handshake", "127.0.0.1", "unknown"),
        (
            "wget-tls-untrusted.txt",
            "tls-certificate",
            "127.0.0.1",
            "unknown",
        ),
        (
            "py-requests-dns.txt",
            dns.0,
            "api.securitycenter.microsoft.com",
            dns.1,
        ),
        (
            "py-requests-refused.txt",
            "connection-refused",
            "127.0.0.1",
            "unknown",
        ),
        ("py-requests-timeout.txt", "timeout", "127.0.0.1", "unknown"),
        (
            "py-requests-tls-untrusted.txt",
            "tls-certificate",
            "127.0.0.1",
            "unknown",
        ),
        ("py-urllib-dns.txt", dns.0, "-", "unknown"),
        (
            "py-urllib-refused.txt",
            "connection-refused",
            "-",
            "unknown",
        ),
        ("py-urllib-timeout.txt", "timeout", "-", "unknown"),
        (
            "py-urllib-tls-untrusted.txt",
            "tls-certificate",
            "-",
            "unknown",
        ),
        (
            "node-fetch-dns.txt",
            dns.0,
            "api.security.microsoft.com",
            dns.1,
        ),
        (
            "node-fetch-dns-caught.txt",
            dns.0,
            "api.security.microsoft.com",
            dns.1,
        ),
        (
            "node-fetch-refused.txt",
            "connection-refused",
            "127.0.0.1",
            "unknown",
        ),
        ("node-fetch-timeout.txt", "timeout", "-", "unknown"),
        (
            "node-fetch-tls-untrusted.txt",
            "tls-certificate",
            "-",
            "unknown",
        ),
    ] {
        let ds = fixture(name);
        assert_eq!(kinds(&ds), vec![k(kind, host, api)], "{name}: {ds:#?}");
        let d = &ds[0];
        assert_eq!(d["shape"], "transport", "{name}");
        assert_eq!(d["http_status"], Value::Null, "{name}");
        assert!(
            d["code"].as_str().unwrap().starts_with("NoResponse."),
            "{name}"
        );
        assert!(!d["fix"].as_array().unwrap().is_empty(), "{name}");
        // The client's own words, never a local path of the machine that captured them.
        let said = d["transport"]["said"].as_str().unwrap();
        assert!(
            !said.is_empty() && !said.contains("/root/"),
            "{name}: {said}"
        );
    }
}

/// (kind, host, api) wanted of one diagnosis.
type Want = (&'static str, &'static str, &'static str);

/// The other clients' lines, copied from their sources (README there): each call a finding of its own.
#[test]
fn each_clients_written_failure_is_read() {
    let cases: &[(&str, &[Want])] = &[
        (
            "written-curl.txt",
            &[
                (
                    "connection-refused",
                    "api.securitycenter.microsoft.com",
                    "mde",
                ),
                ("connection-failed", "api.security.microsoft.com", "mde"),
                ("timeout", "us.api.security.microsoft.com", "mde"),
                ("tls-handshake", "graph.microsoft.com", "graph"),
                ("proxy", "api.securitycenter.microsoft.com", "mde"),
                ("connection-reset", "management.azure.com", "arm"),
                ("tls-certificate", "login.microsoftonline.com", "entra"),
            ],
        ),
        (
            "written-go.txt",
            &[
                ("name-resolution", "api.securitycenter.microsoft.com", "mde"),
                ("tls-certificate", "api.security.microsoft.com", "mde"),
                ("timeout", "graph.microsoft.com", "graph"),
                ("connection-refused", "20.37.158.0", "unknown"),
            ],
        ),
        (
            "written-node-axios.txt",
            &[
                ("timeout", "-", "unknown"),
                ("connection-refused", "10.0.0.5", "unknown"),
                ("connection-reset", "-", "unknown"),
                ("tls-certificate", "-", "unknown"),
            ],
        ),
        (
            "written-powershell51.txt",
            &[
                ("name-resolution", "api.securitycenter.microsoft.com", "mde"),
                ("tls-certificate", "api.security.microsoft.com", "mde"),
                ("connection-failed", "api.security.microsoft.com", "mde"),
                ("timeout", "api.security.microsoft.com", "mde"),
            ],
        ),
        (
            "written-pwsh7-dotnet.txt",
            &[
                ("name-resolution", "api.securitycenter.microsoft.com", "mde"),
                ("name-resolution", "api.security.microsoft.com", "mde"),
                ("tls-handshake", "-", "unknown"),
                ("timeout", "eu.api.security.microsoft.com", "mde"),
                ("timeout", "-", "unknown"),
                // The handshake failed because of the certificate (the inner exception): one finding.
                ("tls-certificate", "-", "unknown"),
            ],
        ),
        (
            "written-python-async-and-others.txt",
            &[
                ("name-resolution", "-", "unknown"),
                ("name-resolution", "api.security.microsoft.com", "mde"),
                ("timeout", "api.securitycenter.microsoft.com", "mde"),
                ("proxy", "api.security.microsoft.com", "mde"),
                ("connection-reset", "-", "unknown"),
            ],
        ),
        (
            "written-wget.txt",
            &[("tls-certificate", "api.securitycenter.microsoft.com", "mde")],
        ),
    ];
    for (name, want) in cases {
        let ds = fixture(name);
        let want: Vec<_> = want.iter().map(|(a, b, c)| k(a, b, c)).collect();
        assert_eq!(kinds(&ds), want, "{name}");
    }
}

/// A timeout retried, then a 503: two events (the attempt that got nothing, and the answer that came),
/// neither hiding nor repeating the other; both may pass by themselves, so the run exits 75.
#[test]
fn a_failure_then_a_response_of_the_same_call_are_two_events() {
    let ds = fixture("written-retry-then-503.txt");
    assert_eq!(ds.len(), 2, "{ds:#?}");
    assert_eq!(ds[0]["transport"]["kind"], "timeout");
    assert_eq!(ds[1]["http_status"], 503);
    assert_eq!(ds[1]["transport"], Value::Null);
    assert_eq!(
        ds[1]["correlation"]["id"],
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    );
    assert_eq!(
        exit_code("tests/fixtures/transport/written-retry-then-503.txt"),
        75
    );
    // A response first, then the client's failure on its next call: the same two, in input order.
    let text = "HTTP/1.1 403 Forbidden\n\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.\",\"target\":\"t1\"}}\ncurl: (28) Operation timed out after 30001 milliseconds with 0 bytes received\n";
    let ds = diagnoses("response-then-timeout.txt", text.as_bytes());
    let codes: Vec<&str> = ds.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["Forbidden", "NoResponse.Timeout"]);
}

/// One failure told on several lines (a traceback's chained exceptions, node's cause) is one finding;
/// the same failure printed again (a second attempt, a second traceback) is another.
#[test]
fn one_failure_on_many_lines_is_one_finding_and_a_repeat_is_another() {
    let one = std::fs::read_to_string(format!(
        "{ROOT}/tests/fixtures/transport/py-requests-dns.txt"
    ))
    .unwrap();
    let twice = format!("{one}\n{one}");
    assert_eq!(diagnoses("twice.txt", twice.as_bytes()).len(), 2);
    let log = "curl: (6) Could not resolve host: api.security.microsoft.com\ncurl: (6) Could not resolve host: api.security.microsoft.com\n";
    assert_eq!(diagnoses("log.txt", log.as_bytes()).len(), 2);
    // Two clients' failures a blank line apart are two calls, even of one kind.
    let two = "httpx.ConnectError: [Errno -2] Name or service not known\n\nError: getaddrinfo ENOTFOUND api.security.microsoft.com\n";
    assert_eq!(diagnoses("two.txt", two.as_bytes()).len(), 2);
}

/// Exit codes: never 0 for a paste that is only a failed call; 75 when every finding is a timeout or a
/// reset; 1 when one needs a fix first.
#[test]
fn exit_codes_say_fix_first_or_transient() {
    assert_eq!(
        exit_code("tests/fixtures/newuser/transport-errors-no-response.txt"),
        1
    );
    assert_eq!(exit_code("tests/fixtures/transport/curl-timeout.txt"), 75);
    assert_eq!(exit_code("tests/fixtures/transport/curl-dns.txt"), 1);
    assert_eq!(exit_code("tests/fixtures/transport/written-curl.txt"), 1);
}

/// The new-user paste: what the trial wanted said (no response, DNS / TLS inspection / network), with the
/// Defender for Endpoint API's own host advice where the host is one of its.
#[test]
fn the_new_user_paste_says_no_response_came_back() {
    let bytes = std::fs::read(format!(
        "{ROOT}/tests/fixtures/newuser/transport-errors-no-response.txt"
    ))
    .unwrap();
    let ds = diagnoses("newuser.txt", &bytes);
    assert_eq!(
        kinds(&ds),
        vec![
            k("name-resolution", "api.securitycenter.microsoft.com", "mde"),
            k("tls-certificate", "-", "unknown"),
            k("name-resolution", "api.security.microsoft.com", "mde"),
        ]
    );
    assert!(ds[1]["summary"]
        .as_str()
        .unwrap()
        .contains("TLS inspection proxy"));
    let steps = |d: &Value| d["fix"].to_string();
    assert!(
        steps(&ds[0]).contains("us.api.security.microsoft.com")
            || steps(&ds[0]).contains("us., eu.")
    );
    // An unknown host gets network steps only: no API's hosts named.
    assert!(
        !steps(&ds[1]).contains("api.security.microsoft.com"),
        "{}",
        steps(&ds[1])
    );
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(format!(
            "{ROOT}/tests/fixtures/newuser/transport-errors-no-response.txt"
        ))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("no HTTP response"), "{text}");
    assert!(!text.contains("print it whole"), "{text}");
    // One screen per failure.
    for block in text.split("\n\n").filter(|b| b.contains("NoResponse.")) {
        assert!(block.lines().count() <= 24, "{block}");
    }
}

/// The advice belongs to the API that was called: each family's host gets its own step first, an unknown
/// host only the network steps.
#[test]
fn steps_are_the_called_apis() {
    for (host, must, must_not) in [
        (
            "graph.microsoft.com",
            "graph.microsoft.com",
            "api.securitycenter",
        ),
        (
            "management.azure.com",
            "management.azure.com",
            "api.securitycenter",
        ),
        (
            "login.microsoftonline.com",
            "login.microsoftonline.com",
            "api.securitycenter",
        ),
        (
            "us.api.security.microsoft.com",
            "api.securitycenter.microsoft.com",
            "graph.microsoft.com",
        ),
        (
            "example.internal.contoso.com",
            "example.internal.contoso.com",
            "microsoft.com",
        ),
    ] {
        let line = format!("curl: (6) Could not resolve host: {host}\n");
        let ds = diagnoses("host.txt", line.as_bytes());
        assert_eq!(ds.len(), 1, "{host}");
        let fix = ds[0]["fix"].to_string();
        assert!(fix.contains(must), "{host}: {fix}");
        assert!(!fix.contains(must_not), "{host}: {fix}");
    }
}

/// No secret the client's line carried reaches the output.
#[test]
fn secrets_on_the_failure_line_are_scrubbed() {
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FwaS5zZWN1cml0eWNlbnRlci5taWNyb3NvZnQuY29tIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
    let line = format!(
        "2026/12/07 10:00:01 Get \"https://api.security.microsoft.com/api/machines?access_token={token}\": dial tcp: lookup api.security.microsoft.com: no such host\n"
    );
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--format", "json"])
        .write_stdin(line)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("name-resolution"), "{text}");
    assert!(!text.contains(token), "{text}");
}

/// Text that mentions a timeout, a refused connection or a certificate in passing is no failed call:
/// ordinary log lines, success bodies, docs prose, lint's output, the README.
#[test]
fn mentions_in_passing_are_no_finding() {
    let log = "\
2026-12-07 10:00:00 INFO poller: polling every 30s (timeout=30)
2026-12-07 10:00:01 DEBUG http: client timeout: 100s, retries: 3, backoff 2s
2026-12-07 10:00:02 INFO config: read_timeout=30 connect_timeout=10 proxy=none
2026-12-07 10:00:03 INFO tls: certificate loaded from store (thumbprint elided)
2026-12-07 10:00:04 INFO job: finished in 120 ms, no timeout
2026-12-07 10:00:05 WARN job: took longer than the timeout budget, continuing
{\"value\":[{\"id\":\"1\",\"status\":\"Succeeded\",\"timeout\":false,\"computerDnsName\":\"host.contoso.com\"}]}
Set `timeout=` in requests.get() to avoid hanging forever; see the docs on timeouts and retries.
The DNS name of the machine, the TLS settings and the proxy are set in the onboarding package.
";
    let ds = diagnoses("noise.txt", log.as_bytes());
    assert!(ds.is_empty(), "{ds:#?}");
    // Docs text: the README, the catalog's entries, the advice and transport words themselves.
    let mut docs = vec![format!("{ROOT}/README.md")];
    for dir in ["src/catalog/codes", "tests/fixtures/lint"] {
        for e in std::fs::read_dir(format!("{ROOT}/{dir}")).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                docs.push(p.to_string_lossy().into_owned());
            }
        }
    }
    for path in &docs {
        let bytes = std::fs::read(path).unwrap();
        let ds = diagnoses("doc.txt", &bytes);
        let transport: Vec<_> = ds.iter().filter(|d| d["shape"] == "transport").collect();
        assert!(transport.is_empty(), "{path}: {transport:#?}");
    }
    // Every response fixture: none of their lines is a failed call.
    for e in std::fs::read_dir(format!("{ROOT}/tests/fixtures/diagnose")).unwrap() {
        let p = e.unwrap().path();
        let ds = diagnoses("fixture.txt", &std::fs::read(&p).unwrap());
        assert!(
            ds.iter().all(|d| d["shape"] != "transport"),
            "{}",
            p.display()
        );
    }
    // Lint's own output, piped on.
    let lint = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["lint", &format!("{ROOT}/tests/fixtures/lint")])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let ds = diagnoses("lint-output.txt", &lint.stdout);
    assert!(ds.iter().all(|d| d["shape"] != "transport"), "{ds:#?}");
}
