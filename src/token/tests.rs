//! Behaviour of `inspect` on unsigned JWTs built here.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::*;
use crate::operations::routes::by_name;
use crate::operations::Route;
use crate::time::system_time;

mod audience;
mod issuer;
mod permissions;
mod time;

/// [`inspect_with`] against `operation` (no API host) at `now`.
fn inspect(
    raw: &str,
    operation: Option<&'static Route>,
    now: SystemTime,
) -> Result<TokenReport, TokenError> {
    inspect_with(
        raw,
        &Options {
            operation,
            api_host: None,
            now,
        },
    )
}

/// 2025-01-02T03:00:00Z.
const NOW: i64 = 1_735_786_800;
const TID: &str = "11111111-2222-3333-4444-555555555555";
const APPID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn jwt(claims: &Value) -> String {
    format!(
        "{}.{}.{}",
        b64url(br#"{"typ":"JWT","alg":"RS256"}"#),
        b64url(claims.to_string().as_bytes()),
        b64url(b"not-a-real-signature")
    )
}

fn app_claims(roles: &[&str]) -> Value {
    json!({
        "aud": "https://api.securitycenter.microsoft.com",
        "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 3000,
        "appid": APPID, "idtyp": "app", "oid": "99999999-8888-7777-6666-555555555555",
        "roles": roles, "tid": TID, "ver": "1.0",
    })
}

fn check(claims: &Value, op: Option<&'static Route>) -> TokenReport {
    inspect(&jwt(claims), op, system_time(NOW)).expect("readable")
}

fn errors(report: &TokenReport) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.id.as_str(), f.message.clone()))
        .collect()
}

fn isolate() -> &'static Route {
    by_name("isolate-machine").expect("in the table")
}

#[test]
fn right_token_fits_isolate() {
    let r = check(&app_claims(&["Machine.Isolate"]), Some(isolate()));
    assert!(r.fits(), "{:?}", r.findings);
    assert_eq!(r.kind, TokenKind::Application);
    assert_eq!(r.tenant.as_deref(), Some(TID));
    assert_eq!(r.app_id.as_deref(), Some(APPID));
    assert!(r
        .findings
        .iter()
        .any(|f| f.id == Check::Permissions && f.message.contains("`Machine.Isolate`")));
}

#[test]
fn authorization_header_without_bearer_is_an_error_with_the_fix() {
    let token = jwt(&app_claims(&["Machine.Isolate"]));
    for (input, said) in [
        (
            format!("Authorization: {token}"),
            "without the `Bearer ` scheme",
        ),
        (
            format!("> Authorization: Token {token}\n"),
            "uses the `Token` scheme",
        ),
    ] {
        let r = inspect(&input, Some(isolate()), system_time(NOW)).expect("readable");
        let e = errors(&r);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "structure");
        assert!(e[0].1.contains(said), "{e:?}");
        let fix = r.findings[0].help.as_deref().unwrap_or_default();
        assert!(
            fix.starts_with("Send `Authorization: Bearer <access_token>`"),
            "{fix}"
        );
    }
    let r = inspect(
        &format!("Authorization: Bearer {token}"),
        Some(isolate()),
        system_time(NOW),
    )
    .expect("readable");
    assert!(r.fits());
}

fn jwt_with(header: &str, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        b64url(header.as_bytes()),
        b64url(claims.to_string().as_bytes())
    )
}

#[test]
fn unsigned_tokens_do_not_fit() {
    let claims = app_claims(&["Machine.Isolate"]);
    for (header, signature, said) in [
        (
            r#"{"alg":"none"}"#,
            "",
            "unsigned token (`alg: none` and an empty signature)",
        ),
        (
            r#"{"alg":"None","typ":"JWT"}"#,
            "c2ln",
            "unsigned token (`alg: none`)",
        ),
        (r#"{"alg":"RS256"}"#, "", "the signature part is empty"),
    ] {
        let r = inspect(
            &jwt_with(header, &claims, signature),
            Some(isolate()),
            system_time(NOW),
        )
        .expect("readable");
        assert!(!r.fits(), "{header}");
        let e = errors(&r);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "signature");
        assert!(e[0].1.starts_with(said), "{e:?}");
    }
}

#[test]
fn header_fields_are_kept_but_never_the_signature() {
    let r = inspect(
        &jwt_with(
            r#"{"typ":"at+jwt","alg":"RS256","kid":"key-1"}"#,
            &app_claims(&["Machine.Isolate"]),
            "c2lnbmF0dXJl",
        ),
        None,
        system_time(NOW),
    )
    .expect("readable");
    assert_eq!(
        r.header,
        Header {
            alg: Some("RS256".into()),
            typ: Some("at+jwt".into()),
            kid: Some("key-1".into())
        }
    );
}

#[test]
fn redaction_hides_ids_everywhere() {
    let mut r = check(&app_claims(&["Machine.Isolate"]), None);
    r.redact_ids();
    let text = serde_json::to_string(&r.claims).unwrap();
    assert!(!text.contains(TID) && !text.contains(APPID), "{text}");
    assert_eq!(r.claims["iss"], REDACTED);
    assert_eq!(r.tenant.as_deref(), Some(REDACTED));
    assert_eq!(r.claims["aud"], "https://api.securitycenter.microsoft.com");
}

#[test]
fn unreadable_tokens_are_errors_not_panics() {
    for raw in [
        "",
        "garbage",
        "eyJhbGciOi.eyJ!!!.x",
        "a.b.c.d.e",
        "EwBwA8l6BAAURSN/FHlDW5xNsomemoretokentext",
    ] {
        assert!(inspect(raw, None, SystemTime::UNIX_EPOCH).is_err(), "{raw}");
    }
}

#[test]
fn odd_claim_shapes_do_not_panic() {
    for claims in [
        json!({}),
        json!({"aud": ["x", "https://api.securitycenter.microsoft.com"], "exp": 1e300, "nbf": "soon", "roles": "Machine.Isolate"}),
        json!({"aud": 5, "exp": -9_223_372_036_854_775_808i64, "iat": 9_223_372_036_854_775_807i64, "scp": 3}),
    ] {
        let _ = check(&claims, Some(isolate()));
    }
}

#[test]
fn transcript_request_line_names_the_operation() {
    let t = "> POST /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate HTTP/2\r\n> Host: api.securitycenter.microsoft.com\r\n> Authorization: Bearer x\r\n< HTTP/2 403\r\n";
    let (op, host) = request_target(t).expect("found");
    assert_eq!(op.name, "isolate-machine");
    assert_eq!(host.as_deref(), Some("api.securitycenter.microsoft.com"));
}

#[test]
fn random_inputs_never_panic() {
    // A small deterministic fuzz (xorshift): random bytes, and random edits of a valid token.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let valid = jwt(&app_claims(&["Machine.Isolate"]));
    for round in 0..3000 {
        let text = if round % 2 == 0 {
            let len = (next() % 200) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| (next() % 256) as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            let mut bytes = valid.clone().into_bytes();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % bytes.len();
                bytes[at] = b"AZaz09-_.=!{}\\"[(next() % 14) as usize];
            }
            bytes.truncate((next() as usize) % (bytes.len() + 1));
            String::from_utf8_lossy(&bytes).into_owned()
        };
        if let Ok(mut report) = inspect(&text, Some(isolate()), system_time(NOW)) {
            report.redact_ids();
        }
    }
}
