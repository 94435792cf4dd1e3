//! Token doctor end to end: the fixture tokens under tests/fixtures/token are built here (unsigned JWTs), and
//! no output format ever contains any part of an input token's header, payload or signature segment.
//! `TOKEN_FIXTURES=overwrite cargo test --test tests token_cases::` rewrites the fixtures.

use std::path::Path;
use std::process::Command;

use crate::support::{base64url as b64url, jwt};
use serde_json::{json, Value};

/// The fixed `--now` of the CLI cases: 2025-01-02T03:00:00Z.
const NOW: i64 = 1_735_786_800;
const NOW_ARG: &str = "2025-01-02T03:00:00Z";
const TID: &str = "11111111-2222-3333-4444-555555555555";
const APPID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const OID: &str = "99999999-8888-7777-6666-555555555555";
/// The tenant of personal Microsoft accounts.
const CONSUMER: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// An unsigned JWT: `alg: none` and nothing after the second dot.
fn unsigned(claims: &Value) -> String {
    format!(
        "{}.{}.",
        b64url(br#"{"typ":"JWT","alg":"none"}"#),
        b64url(claims.to_string().as_bytes())
    )
}

fn without(mut claims: Value, keys: &[&str]) -> Value {
    if let Some(map) = claims.as_object_mut() {
        for k in keys {
            map.remove(*k);
        }
    }
    claims
}

/// A v1 ID token, as an OpenID Connect sign-in returns it beside the access token.
fn id_token() -> Value {
    json!({
        "aud": APPID,
        "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3540,
        "amr": ["pwd", "mfa"], "family_name": "Lyst", "given_name": "Ana", "name": "Ana Lyst",
        "nonce": "nonce-7d0a5b3c", "oid": OID, "rh": "0.AAAA.", "sub": "pairwise-subject-of-the-user",
        "tid": TID, "unique_name": "analyst@contoso.example", "upn": "analyst@contoso.example",
        "uti": "c2FtcGxlLXV0aQ", "ver": "1.0",
    })
}

/// Every application permission of the MDE API (the token doctor's own list): a roles line longer than any
/// terminal.
const ALL_ROLES: &[&str] = mdediag::token::known::APPLICATION_PERMISSIONS;

fn app(roles: &[&str]) -> Value {
    json!({
        "aud": "https://api.securitycenter.microsoft.com",
        "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 3000,
        "aio": "E2RgYDh8sLmD4k2v1Jm3PQA=",
        "appid": APPID, "appidacr": "1", "idp": format!("https://sts.windows.net/{TID}/"),
        "idtyp": "app", "oid": OID, "rh": "0.AAAA.", "roles": roles,
        "sub": OID, "tid": TID, "uti": "c2FtcGxlLXV0aQ", "ver": "1.0",
    })
}

fn delegated(scp: &str) -> Value {
    let mut c = app(&[]);
    let map = c.as_object_mut().expect("object");
    map.remove("roles");
    map.remove("idtyp");
    map.insert("scp".into(), json!(scp));
    map.insert("upn".into(), json!("analyst@contoso.example"));
    map.insert("name".into(), json!("Ana Lyst"));
    c
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

/// Every fixture: file name and content.
fn fixtures() -> Vec<(&'static str, String)> {
    let missing = jwt(&app(&["Machine.Read.All", "Alert.Read.All"]));
    vec![
        ("right.jwt", jwt(&app(&["Machine.Isolate", "Machine.Read.All"]))),
        (
            "expired.jwt",
            jwt(&with(app(&["Machine.Isolate"]), "exp", json!(NOW - (2 * 3600 + 5 * 60 + 10)))),
        ),
        (
            "not-yet-valid.jwt",
            jwt(&with(with(app(&["Machine.Isolate"]), "nbf", json!(NOW + 3600)), "exp", json!(NOW + 7200))),
        ),
        (
            "nbf-after-exp.jwt",
            jwt(&with(app(&["Machine.Isolate"]), "nbf", json!(NOW + 3600))),
        ),
        (
            "long-lifetime.jwt",
            // 75 years, as a token made by hand for a test often says.
            jwt(&with(app(&["Machine.Isolate"]), "exp", json!(NOW - 600 + 75 * 365 * 86_400))),
        ),
        ("unsigned.jwt", unsigned(&app(&["Machine.Isolate"]))),
        ("id-token.jwt", jwt(&id_token())),
        (
            "app-without-idtyp.jwt",
            // An older app-only token: no `idtyp`, and no roles granted yet.
            jwt(&without(app(&[]), &["idtyp", "roles"])),
        ),
        (
            "older-audience.jwt",
            jwt(&with(app(&["Machine.Isolate"]), "aud", json!("https://api.securitycenter.windows.com"))),
        ),
        (
            "consumer-tenant.jwt",
            jwt(&with(
                with(delegated("Machine.Read"), "tid", json!(CONSUMER)),
                "iss",
                json!(format!("https://sts.windows.net/{CONSUMER}/")),
            )),
        ),
        (
            "preproduction-issuer.jwt",
            jwt(&with(app(&["Machine.Isolate"]), "iss", json!(format!("https://sts.windows-ppe.net/{TID}/")))),
        ),
        (
            "us-gov-issuer.jwt",
            jwt(&with(
                with(
                    with(app(&["Machine.Isolate"]), "aud", json!("https://api-gov.securitycenter.microsoft.us")),
                    "ver",
                    json!("2.0"),
                ),
                "iss",
                json!(format!("https://login.microsoftonline.us/{TID}/v2.0")),
            )),
        ),
        (
            "not-entra.jwt",
            jwt(&json!({
                "aud": "https://api.securitycenter.microsoft.com", "iss": "https://accounts.google.example",
                "iat": NOW - 60, "exp": NOW + 3600, "sub": "110169484474386276334", "email": "ana@example.com",
            })),
        ),
        (
            "proof-of-possession.jwt",
            jwt(&with(app(&["Machine.Isolate"]), "cnf", json!({"kid": "pop-key-thumbprint"}))),
        ),
        ("all-roles.jwt", jwt(&app(ALL_ROLES))),
        (
            "graph-audience.jwt",
            jwt(&with(
                app(&["ThreatHunting.Read.All", "SecurityAlert.ReadWrite.All"]),
                "aud",
                json!("https://graph.microsoft.com"),
            )),
        ),
        ("delegated.jwt", jwt(&delegated("Machine.Read Alert.ReadWrite"))),
        ("missing-isolate.jwt", missing.clone()),
        (
            "v2-graph.jwt",
            jwt(&json!({
                "aud": "00000003-0000-0000-c000-000000000000",
                "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
                "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
                "azp": APPID, "name": "Ana Lyst", "oid": OID,
                "preferred_username": "analyst@contoso.example",
                "scp": "openid profile User.Read", "sub": "subject-pairwise-id", "tid": TID, "ver": "2.0",
            })),
        ),
        (
            "garbage.txt",
            // A token cut while copying: the payload stops mid-JSON.
            format!("Bearer {}.{}.c2ln\n", b64url(br#"{"alg":"RS256"}"#), b64url(br#"{"aud":"https://api.securitycenter.micro"#)),
        ),
        (
            "header-without-bearer.txt",
            format!("Authorization: {}\n", jwt(&app(&["Machine.Isolate"]))),
        ),
        (
            "opaque.txt",
            "Authorization: Bearer EwBwA8l6BAAURSN/FHlDW5xN74t6GzbtsBBeBUYAAZ0jPvVrh3bE1WmFEAdVBAAAAAAAAQAAAAAA\n".to_string(),
        ),
        (
            "curl-403-isolate.txt",
            format!(
                "*   Trying 20.0.0.1:443...\n* Connected to api.securitycenter.microsoft.com (20.0.0.1) port 443\n\
                 > POST /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate HTTP/2\n\
                 > Host: api.securitycenter.microsoft.com\n> User-Agent: curl/8.5.0\n> Accept: */*\n\
                 > Authorization: Bearer {missing}\n> Content-Type: application/json\n> Content-Length: 55\n>\n\
                 < HTTP/2 403\n< content-type: application/json; charset=utf-8\n<\n\
                 {{\"error\":{{\"code\":\"Forbidden\",\"message\":\"The application does not have any of the required application permissions (Machine.Isolate) to access the resource.\",\"target\":\"6e9b1e4d-6a1a-4cfa-9d8e-1b1c1f2a3b4c\"}}}}\n"
            ),
        ),
    ]
}

#[test]
fn fixtures_are_the_tokens_built_here() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/token");
    let overwrite = std::env::var("TOKEN_FIXTURES").is_ok_and(|v| v == "overwrite");
    for (name, content) in fixtures() {
        let path = dir.join(name);
        if overwrite {
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(&path, &content).expect("write fixture");
        } else {
            let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (TOKEN_FIXTURES=overwrite writes it)",
                    path.display()
                )
            });
            assert_eq!(
                on_disk, content,
                "{name} is stale: TOKEN_FIXTURES=overwrite"
            );
        }
    }
}

/// The base64url segments of every token in `text` (header, payload, signature).
fn segments(token: &str) -> Vec<String> {
    // An unsigned token's empty signature has nothing to leak.
    token
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Fails if any 10-character window of any segment appears in `output`.
fn assert_no_part(output: &str, token: &str, what: &str) {
    for segment in segments(token) {
        let chars: Vec<char> = segment.chars().collect();
        if chars.len() < 10 {
            assert!(!output.contains(&segment), "{what}: short segment leaked");
            continue;
        }
        for window in chars.windows(10) {
            let piece: String = window.iter().collect();
            assert!(
                !output.contains(&piece),
                "{what}: leaked `{piece}` of a token segment:\n{output}"
            );
        }
    }
}

fn run(args: &[&str], stdin: Option<&str>, env_token: Option<&str>) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mdediag"));
    cmd.args(args).env("NO_COLOR", "1").env_remove("MDE_TOKEN");
    if let Some(t) = env_token {
        cmd.env("MDE_TOKEN", t);
    }
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        use std::io::Write;
        // A usage error exits before reading stdin; a broken pipe then is expected, not a failure.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn no_output_format_contains_any_part_of_the_token() {
    let hostile = jwt(&with(
        app(&["Machine.Isolate"]),
        "aud",
        json!("https://evil.example/\u{1b}]0;x\u{7}"),
    ));
    let mut tokens: Vec<String> = fixtures()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".jwt"))
        .map(|(_, t)| t)
        .collect();
    tokens.push(hostile);
    tokens.push(unsigned(&id_token()));
    let cut = format!(
        "{}.{}.c2lnbmF0dXJlLXNlY3JldA",
        b64url(br#"{"alg":"RS256"}"#),
        b64url(br#"{"aud":"https://api.securitycenter.micro"#)
    );
    tokens.push(cut);
    tokens.push("EwBwA8l6BAAURSN_FHlDW5xN74t6GzbtsBBeBUYAAZ0jPvVrh3bE1WmFEAdV".into());
    tokens.push(
        "eyJlbmMiOiJBMjU2R0NNIn0.ZW5jcnlwdGVka2V5.aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFn"
            .into(),
    );
    for token in &tokens {
        for format in ["human", "json"] {
            for extra in [
                &[][..],
                &["--redact-ids"][..],
                &["--operation", "isolate-machine"][..],
                &[
                    "--endpoint",
                    "POST https://api-gov.securitycenter.microsoft.us/api/machines/abc/isolate",
                ][..],
                &["--operation", "no-such-op"][..],
                &["--now", "not-a-time"][..],
            ] {
                let mut args = vec!["token", "--format", format, "--now", NOW_ARG];
                args.extend_from_slice(extra);
                let bearer = format!("Bearer {token}");
                let header = format!("> Authorization: Bearer {token}\n");
                // The header without its scheme has its own finding: that path must not leak either.
                let no_scheme = format!("Authorization: {token}\n");
                let with_arg = [args.clone(), vec![bearer.as_str()]].concat();
                let with_dash = [args.clone(), vec!["-"]].concat();
                for (out, code) in [
                    run(&with_arg, None, None),
                    run(&with_dash, Some(&header), None),
                    run(&args, None, Some(token)),
                    // Piped without `-`.
                    run(&args, Some(&no_scheme), None),
                ] {
                    assert!([0, 1, 2].contains(&code), "exit {code}: {out}");
                    assert_no_part(&out, token, &format!("{format} {extra:?}"));
                }
            }
        }
    }
}

#[test]
fn transcript_of_a_403_on_isolate_names_the_missing_role_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/token");
    let path = dir.join("curl-403-isolate.txt");
    let path = path.to_str().expect("utf-8 path");
    let (out, code) = run(&["token", path, "--now", NOW_ARG], None, None);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.matches("missing application permission: isolate-machine needs `Machine.Isolate`")
            .count(),
        1,
        "{out}"
    );
    let (json_out, _) = run(
        &["token", path, "--now", NOW_ARG, "--format", "json"],
        None,
        None,
    );
    let v: Value = serde_json::from_str(&json_out).expect("json");
    assert_eq!(v["operation"], "isolate-machine");
    assert_eq!(v["fits"], false);
    let token = fixtures()
        .into_iter()
        .find(|(n, _)| *n == "missing-isolate.jwt")
        .expect("fixture")
        .1;
    assert_no_part(&out, &token, "human");
    assert_no_part(&json_out, &token, "json");
}
