//! Behaviour of `inspect` on unsigned JWTs built here.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::*;
use crate::operations::{by_name, Operation};
use crate::time::system_time;

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

fn check(claims: &Value, op: Option<&'static Operation>) -> Report {
    inspect(&jwt(claims), op, system_time(NOW)).expect("readable")
}

fn errors(report: &Report) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.check, f.message.clone()))
        .collect()
}

fn isolate() -> &'static Operation {
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
        .any(|f| f.check == "permissions" && f.message.contains("`Machine.Isolate`")));
}

#[test]
fn expired_token_says_how_long_ago() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - (2 * 3600 + 5 * 60 + 10));
    let r = check(&c, None);
    assert_eq!(
        errors(&r),
        [(
            "time",
            "expired 2 h 5 min ago (at 2025-01-02T00:54:50Z)".to_string()
        )]
    );
}

#[test]
fn expiry_within_clock_skew_is_only_a_warning() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - 120);
    let r = check(&c, None);
    assert!(r.fits());
    assert!(r
        .findings
        .iter()
        .any(|f| f.check == "time" && f.severity == Severity::Warning));
}

#[test]
fn not_yet_valid_token_is_an_error() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    let r = check(&c, None);
    assert_eq!(errors(&r).len(), 1);
    assert!(
        errors(&r)[0].1.starts_with("not valid yet"),
        "{:?}",
        errors(&r)
    );
}

#[test]
fn graph_audience_is_named_with_the_resource_to_request() {
    let mut c = app_claims(&["ThreatHunting.Read.All"]);
    c["aud"] = json!("https://graph.microsoft.com");
    let r = check(&c, Some(isolate()));
    let aud = r
        .findings
        .iter()
        .find(|f| f.check == "audience")
        .expect("audience finding");
    assert_eq!(aud.severity, Severity::Error);
    assert!(aud.message.contains("Microsoft Graph"));
    let fix = aud.fix.as_deref().unwrap_or_default();
    assert!(
        fix.contains("resource=https://api.securitycenter.microsoft.com,"),
        "{fix}"
    );
    assert!(
        fix.contains("scope=https://api.securitycenter.microsoft.com/.default"),
        "{fix}"
    );
    assert!(r.findings.iter().any(|f| f
        .message
        .contains("`ThreatHunting.Read.All` is not an MDE permission")));
}

#[test]
fn v2_token_for_graph_leads_with_the_scope_value() {
    let c = json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        "azp": APPID, "scp": "openid profile User.Read", "tid": TID, "ver": "2.0",
    });
    let r = check(&c, Some(isolate()));
    let aud = r
        .findings
        .iter()
        .find(|f| f.check == "audience")
        .expect("audience finding");
    assert_eq!(aud.severity, Severity::Error);
    assert!(aud.fix.as_deref().unwrap_or_default().starts_with(
        "Request the token from the v2.0 endpoint https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token with scope=https://api.securitycenter.microsoft.com/.default"
    ));
    assert_eq!(r.app_id.as_deref(), Some(APPID), "azp stands in for appid");
}

#[test]
fn token_for_own_app_is_called_out() {
    let mut c = app_claims(&[]);
    c["aud"] = json!(APPID);
    let r = check(&c, None);
    assert!(errors(&r)
        .iter()
        .any(|(check, m)| *check == "audience" && m.contains("your own application")));
}

#[test]
fn missing_isolate_role_is_named() {
    let r = check(
        &app_claims(&["Machine.Read.All", "Alert.Read.All"]),
        Some(isolate()),
    );
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].1,
        "missing application permission: isolate-machine needs `Machine.Isolate`; the token's roles hold Machine.Read.All, Alert.Read.All"
    );
}

#[test]
fn delegated_token_missing_scope_is_named_with_its_kind() {
    let mut c = app_claims(&[]);
    c.as_object_mut().unwrap().remove("roles");
    c.as_object_mut().unwrap().remove("idtyp");
    c["scp"] = json!("Machine.Read Alert.ReadWrite");
    c["upn"] = json!("analyst@contoso.example");
    let r = check(&c, Some(isolate()));
    assert_eq!(r.kind, TokenKind::Delegated);
    assert!(errors(&r)[0]
        .1
        .starts_with("missing delegated permission: isolate-machine needs `Machine.Isolate`"));
}

/// batch-delete-indicators lists no delegated permission in the docs: application tokens only.
fn app_only() -> &'static Operation {
    crate::operations::by_name("batch-delete-indicators").expect("in the table")
}

#[test]
fn delegated_token_for_an_application_only_call() {
    let mut c = app_claims(&[]);
    c.as_object_mut().unwrap().remove("roles");
    c.as_object_mut().unwrap().remove("idtyp");
    c["scp"] = json!("Ti.ReadWrite");
    let r = check(&c, Some(app_only()));
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].1.contains("takes only application permissions"),
        "{e:?}"
    );
}

#[test]
fn delegated_name_in_fix_for_application_token() {
    // update-alert documents the misspelled `Alerts.ReadWrite.All` and delegated `Alert.ReadWrite`.
    let op = crate::operations::by_name("update-alert").expect("in the table");
    assert_eq!(op.app_permissions, ["Alerts.ReadWrite.All"]);
    // The docs' typo `Alerts.ReadWrite.All` means `Alert.ReadWrite.All`: holding the real name fits.
    assert!(check(&app_claims(&["Alert.ReadWrite.All"]), Some(op)).fits());
    let r = check(&app_claims(&["Alert.Read.All"]), Some(op));
    let fix = r
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .and_then(|f| f.fix.clone())
        .unwrap_or_default();
    assert!(fix.contains("`Alert.ReadWrite.All`"), "{fix}");
    assert!(
        fix.contains("`Alert.ReadWrite` is the delegated name"),
        "{fix}"
    );
}

#[test]
fn microsoft_365_defender_audience_is_a_warning_not_a_claim() {
    let mut c = app_claims(&["AdvancedHunting.Read.All"]);
    c["aud"] = json!("https://api.security.microsoft.com");
    let r = check(&c, None);
    let aud = r
        .findings
        .iter()
        .find(|f| f.check == "audience")
        .expect("audience finding");
    assert_eq!(aud.severity, Severity::Warning);
    assert!(r.findings.iter().any(|f| f
        .message
        .contains("`AdvancedHunting.Read.All` is not an MDE permission")));
}

#[test]
fn commercial_token_for_a_gov_host_is_an_error() {
    let r = inspect_with(
        &jwt(&app_claims(&["Machine.Isolate"])),
        &Options {
            operation: Some(isolate()),
            api_host: Some("api-gov.securitycenter.microsoft.us"),
            now: system_time(NOW),
        },
    )
    .expect("readable");
    let e = errors(&r);
    assert!(
        e.iter()
            .any(|(c, m)| *c == "audience" && m.contains("GCC High")),
        "{e:?}"
    );
    let fix = r.findings[0].fix.as_deref().unwrap_or_default();
    assert!(fix.contains("https://login.microsoftonline.us/{tenantId}/oauth2/token with resource=https://api-gov.securitycenter.microsoft.us"), "{fix}");
}

#[test]
fn without_an_operation_coverage_is_grouped_by_family() {
    let r = check(&app_claims(&["Machine.Isolate"]), None);
    let machines = r
        .coverage
        .iter()
        .find(|f| f.family == "machines")
        .expect("machines family");
    assert!(machines.can.contains(&"isolate-machine"));
    let none = check(&app_claims(&["Alert.Read.All"]), None);
    assert!(none
        .coverage
        .iter()
        .all(|f| !f.can.contains(&"isolate-machine")));
}

#[test]
fn no_permissions_at_all_is_an_error() {
    let mut c = app_claims(&[]);
    c.as_object_mut().unwrap().remove("roles");
    c.as_object_mut().unwrap().remove("idtyp");
    let r = check(&c, None);
    assert_eq!(r.kind, TokenKind::Unknown);
    assert!(errors(&r).iter().any(|(c, _)| *c == "kind"));
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
