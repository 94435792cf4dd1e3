//! Secrets in the input (bearer tokens, Basic credentials, client secrets, SAS signatures) never reach
//! stdout or stderr of `diagnose`, in any format.

use assert_cmd::Command;

const FIXTURES: [&str; 10] = [
    "tests/fixtures/diagnose/token-expired-401.txt",
    "tests/fixtures/diagnose/secrets.txt",
    "tests/fixtures/diagnose/sample-curl-v.txt",
    "tests/fixtures/diagnose/action-in-progress.txt",
    // Request headers of a browser's HAR export, and curl over HTTP/2 and TLS, which prints the token a
    // second time in its `* h2h3 [authorization: Bearer …]` lines.
    "tests/fixtures/har/chrome-portal.har",
    "tests/fixtures/har/firefox-one-line.har",
    "tests/fixtures/real-clients/curl-http2-v-403.txt",
    "tests/fixtures/real-clients/curl-tls-v-429.txt",
    "tests/fixtures/real-clients/curl-v-readme-403.txt",
    "tests/fixtures/gzip/app.log.1.gz",
];

/// Bytes of every secret the fixtures carry.
const SECRETS: [&str; 12] = [
    // The real-client harness's made-up token: its header and its signature.
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6InJlYWwtY2xpZW50cy10ZXN0",
    "bm90LWEtc2lnbmF0dXJlLXJlYWwtY2xpZW50cy10ZXN0",
    "eyJhdWQiOiJodHRwczovL2dyYXBoLm",
    "ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz",
    "eyJhdWQiOiJodHRwczovL2FwaS5zZWN1cml0eWNl",
    "Sup3r~S3cret",
    "OGYyYzFkNGU6U3VwM3J",
    "SASs1gn4tur3",
    "eyJhbGciOiJub25lIn0",
    "c2VjcmV0LXNpZw",
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6InNhbXBsZSJ9",
    "c2FtcGxlLXNpZ25hdHVyZS1ub3QtcmVhbA",
];

#[test]
fn no_secret_in_any_format() {
    let formats: [&[&str]; 5] = [
        &[],
        &["--format", "json"],
        &["--format", "jsonl"],
        &["--summary"],
        &["--summary", "--format", "json"],
    ];
    for fixture in FIXTURES {
        for format in formats {
            let out = Command::cargo_bin("mdediag")
                .expect("binary")
                .args(format)
                .arg(fixture)
                .env("NO_COLOR", "1")
                .output()
                .expect("runs");
            let all = [out.stdout, out.stderr].concat();
            let text = String::from_utf8_lossy(&all);
            assert!(
                !text.is_empty() || format.contains(&"--summary"),
                "{fixture} {format:?}: no output"
            );
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "{fixture} {format:?} leaks {secret}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn secrets_fixture_really_holds_the_secrets() {
    // Guards the test above against passing because the fixture lost its secrets.
    let texts: Vec<String> = FIXTURES
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).expect("fixture")).into_owned())
        .collect();
    for secret in SECRETS {
        assert!(
            texts.iter().any(|t| t.contains(secret)),
            "no fixture holds {secret}"
        );
    }
}
