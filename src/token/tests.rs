//! Behaviour of `inspect` on unsigned JWTs built here.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::*;
use crate::operations::routes::by_name;
use crate::operations::Route;
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

fn check(claims: &Value, op: Option<&'static Route>) -> Report {
    inspect(&jwt(claims), op, system_time(NOW)).expect("readable")
}

fn errors(report: &Report) -> Vec<(&'static str, String)> {
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
        .any(|f| f.id == Check::Time && f.severity == Severity::Warning));
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
    // (The traps are shown as information beside a wrong audience.)
    let mut c = app_claims(&["ThreatHunting.Read.All"]);
    c["aud"] = json!("https://graph.microsoft.com");
    let r = check(&c, Some(isolate()));
    let aud = r
        .findings
        .iter()
        .find(|f| f.id == Check::Audience)
        .expect("audience finding");
    assert_eq!(aud.severity, Severity::Error);
    assert!(aud.message.contains("Microsoft Graph"));
    let fix = aud.help.as_deref().unwrap_or_default();
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
        .find(|f| f.id == Check::Audience)
        .expect("audience finding");
    assert_eq!(aud.severity, Severity::Error);
    assert!(aud.help.as_deref().unwrap_or_default().starts_with(
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
fn app_only() -> &'static Route {
    crate::operations::routes::by_name("batch-delete-indicators").expect("in the table")
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
    let op = crate::operations::routes::by_name("update-alert").expect("in the table");
    assert_eq!(op.app_permissions, ["Alerts.ReadWrite.All"]);
    // The docs' typo `Alerts.ReadWrite.All` means `Alert.ReadWrite.All`: holding the real name fits.
    assert!(check(&app_claims(&["Alert.ReadWrite.All"]), Some(op)).fits());
    let r = check(&app_claims(&["Alert.Read.All"]), Some(op));
    let fix = r
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .and_then(|f| f.help.clone())
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
        .find(|f| f.id == Check::Audience)
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
    let fix = r.findings[0].help.as_deref().unwrap_or_default();
    assert!(fix.contains("https://login.microsoftonline.us/{tenantId}/oauth2/token with resource=https://api-gov.securitycenter.microsoft.us"), "{fix}");
}

#[test]
fn without_an_operation_coverage_is_grouped_by_family() {
    let r = check(&app_claims(&["Machine.Isolate"]), None);
    let actions = r
        .coverage
        .iter()
        .find(|f| f.family == "machine-actions")
        .expect("machine-actions family");
    assert!(actions.can.contains(&"isolate-machine"));
    let none = check(&app_claims(&["Alert.Read.All"]), None);
    assert!(none
        .coverage
        .iter()
        .all(|f| !f.can.contains(&"isolate-machine")));
    // Reads count too: every documented operation is in some family.
    let alerts = none
        .coverage
        .iter()
        .find(|f| f.family == "alerts")
        .expect("alerts family");
    assert!(alerts.can.contains(&"list-alerts") && alerts.can.contains(&"get-alert"));
    assert!(alerts.cannot.contains(&"update-alert"));
    let counted: usize = none
        .coverage
        .iter()
        .map(|f| f.can.len() + f.cannot.len())
        .sum();
    // The two security baselines lists name no permission: they are left out.
    assert_eq!(counted, crate::operations::routes::all().len() - 2);
}

#[test]
fn any_documented_operation_can_be_checked() {
    let list = crate::operations::routes::by_name("list-machines").expect("route");
    assert!(check(&app_claims(&["Machine.Read.All"]), Some(list)).fits());
    let r = check(&app_claims(&["Alert.Read.All"]), Some(list));
    assert!(!r.fits());
    let e = errors(&r);
    assert!(
        e[0].1
            .contains("list-machines needs one of `Machine.Read.All`, `Machine.ReadWrite.All`"),
        "{e:?}"
    );
    let baselines = crate::operations::routes::by_name("list-baseline-profiles").expect("route");
    assert!(check(&app_claims(&["Alert.Read.All"]), Some(baselines)).fits());
}

#[test]
fn app_token_without_idtyp_or_roles_is_still_an_application_token() {
    // Older app-only tokens carry no `idtyp`; without roles they are the classic "no roles in my token".
    let mut c = app_claims(&[]);
    let m = c.as_object_mut().unwrap();
    m.remove("roles");
    m.remove("idtyp");
    m.insert("appidacr".into(), json!("1"));
    m.insert("sub".into(), m["oid"].clone());
    let r = check(&c, None);
    assert_eq!(r.kind, TokenKind::Application);
    assert_eq!(r.token_type, TokenType::Application);
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "kind");
    assert!(e[0].1.contains("without any role"), "{e:?}");
    assert!(
        e[0].1
            .contains("`appidacr` and no `scp` or `upn`, `oid` = `sub`"),
        "{e:?}"
    );
}

#[test]
fn each_claim_that_shows_app_only_is_enough_alone() {
    let base = json!({
        "aud": "https://api.securitycenter.microsoft.com", "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 600, "exp": NOW + 3000, "tid": TID, "ver": "1.0",
    });
    for (key, value, shown) in [
        ("idtyp", json!("app"), "`idtyp` = app"),
        ("roles", json!(["Machine.Isolate"]), "`roles` and no `scp`"),
        ("appidacr", json!("2"), "`appidacr` and no `scp` or `upn`"),
        ("azpacr", json!("1"), "`azpacr` and no `scp` or `upn`"),
        (
            "appid",
            json!(APPID),
            "a client id and no `scp` or user claim",
        ),
    ] {
        let mut c = base.clone();
        c[key] = value;
        let r = check(&c, None);
        assert_eq!(r.kind, TokenKind::Application, "{key}");
        assert!(
            r.findings
                .iter()
                .any(|f| f.id == Check::Kind && f.message.contains(shown)),
            "{key}: {:?}",
            r.findings
        );
    }
    let mut c = base.clone();
    c["oid"] = json!("same");
    c["sub"] = json!("same");
    assert_eq!(check(&c, None).kind, TokenKind::Application, "oid = sub");
    // A user beside `appidacr` is a delegated sign-in whose `scp` is missing, not an app.
    let mut c = base;
    c["appidacr"] = json!("0");
    c["upn"] = json!("analyst@contoso.example");
    assert_eq!(check(&c, None).kind, TokenKind::Unknown);
}

#[test]
fn no_claim_showing_any_kind_is_an_error() {
    let c = json!({
        "aud": "https://api.securitycenter.microsoft.com", "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 600, "exp": NOW + 3000, "tid": TID, "ver": "1.0",
    });
    let r = check(&c, None);
    assert_eq!(r.kind, TokenKind::Unknown);
    assert_eq!(r.token_type, TokenType::Unknown);
    assert!(errors(&r).iter().any(|(c, _)| *c == "kind"));
    // With an operation: still one error, and its fix names what the operation takes.
    let r = check(&c, Some(isolate()));
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    let fix = r.findings[0].help.as_deref().unwrap_or_default();
    assert!(
        fix.contains("isolate-machine takes `Machine.Isolate` (application) or `Machine.Isolate` (delegated)"),
        "{fix}"
    );
}

fn id_token_v1() -> Value {
    json!({
        "aud": APPID, "iss": format!("https://sts.windows.net/{TID}/"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        "amr": ["pwd"], "name": "Ana Lyst", "nonce": "n-0S6_WzA2Mj",
        "oid": "99999999-8888-7777-6666-555555555555", "sub": "pairwise-subject",
        "tid": TID, "unique_name": "analyst@contoso.example", "upn": "analyst@contoso.example", "ver": "1.0",
    })
}

#[test]
fn id_token_gets_exactly_one_error_saying_so() {
    for op in [None, Some(isolate())] {
        let r = check(&id_token_v1(), op);
        assert_eq!(r.token_type, TokenType::IdToken);
        assert_eq!(r.audience_verdict, AudienceVerdict::OwnApp);
        let e = errors(&r);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "kind");
        assert!(
            e[0].1
                .starts_with("this is an ID token, not an access token"),
            "{e:?}"
        );
        let fix = r.findings[0].help.as_deref().unwrap_or_default();
        assert!(
            fix.contains("`access_token`") && fix.contains("not its `id_token`"),
            "{fix}"
        );
        assert!(
            fix.contains("resource=https://api.securitycenter.microsoft.com"),
            "{fix}"
        );
        assert!(r.coverage.is_empty());
        assert!(
            !r.findings.iter().any(|f| f.id == Check::Permissions),
            "{:?}",
            r.findings
        );
    }
    // Expired or not: the fix is the same, so the time is not another problem.
    let mut c = id_token_v1();
    c["exp"] = json!(NOW - 7200);
    assert_eq!(errors(&check(&c, None)).len(), 1);
}

#[test]
fn v2_id_token_without_nonce_is_known_by_its_user_and_client_id_audience() {
    let c = json!({
        "aud": APPID, "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600, "name": "Ana Lyst",
        "oid": "99999999-8888-7777-6666-555555555555", "preferred_username": "analyst@contoso.example",
        "sub": "pairwise-subject", "tid": TID, "ver": "2.0",
    });
    let r = check(&c, Some(isolate()));
    assert_eq!(r.token_type, TokenType::IdToken);
    let fix = r.findings[0].help.as_deref().unwrap_or_default();
    assert!(
        fix.contains("scope=https://api.securitycenter.microsoft.com/.default"),
        "{fix}"
    );
}

#[test]
fn wrong_audience_is_the_one_verdict() {
    let mut c = app_claims(&["ThreatHunting.Read.All", "Files.Read.All"]);
    c["aud"] = json!("https://graph.microsoft.com");
    for op in [None, Some(isolate())] {
        let r = check(&c, op);
        assert_eq!(r.audience_verdict, AudienceVerdict::OtherApi);
        let e = errors(&r);
        assert_eq!(e, [("audience", "the token was issued for Microsoft Graph, not for the MDE API, which answers 401 to it".to_string())]);
        assert!(r.coverage.is_empty());
        assert!(r.findings.iter().any(|f| f.severity == Severity::Note
            && f.message.starts_with("the token is for Microsoft Graph.")));
        assert!(!r
            .findings
            .iter()
            .any(|f| f.message.contains("missing application permission")));
        assert!(!r
            .findings
            .iter()
            .any(|f| f.message.contains("holds none of the permissions")));
    }
}

#[test]
fn unknown_and_own_app_audiences_are_one_error_with_what_the_token_is_for() {
    for (aud, verdict) in [
        ("api://my-own-api", AudienceVerdict::Unknown),
        (APPID, AudienceVerdict::OwnApp),
    ] {
        let mut c = app_claims(&[]);
        c["aud"] = json!(aud);
        let r = check(&c, Some(isolate()));
        assert_eq!(r.audience_verdict, verdict, "{aud}");
        assert_eq!(
            r.token_type,
            TokenType::Application,
            "{aud}: has appid, so not an ID token"
        );
        let e = errors(&r);
        assert_eq!(e.len(), 1, "{aud}: {e:?}");
        assert_eq!(e[0].0, "audience");
        assert!(r
            .findings
            .iter()
            .any(|f| f.id == Check::Audience && f.severity == Severity::Note));
    }
    let mut c = app_claims(&["Machine.Isolate"]);
    c.as_object_mut().unwrap().remove("aud");
    let r = check(&c, Some(isolate()));
    assert_eq!(r.audience_verdict, AudienceVerdict::Missing);
    assert_eq!(errors(&r).len(), 1);
}

#[test]
fn older_mde_resource_is_accepted_as_an_older_identifier() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["aud"] = json!("https://api.securitycenter.windows.com");
    let r = check(&c, Some(isolate()));
    assert!(r.fits(), "{:?}", r.findings);
    assert_eq!(r.audience_verdict, AudienceVerdict::OlderIdentifier);
    let info = r
        .findings
        .iter()
        .find(|f| f.id == Check::Audience)
        .expect("audience finding");
    assert_eq!(info.severity, Severity::Note);
    assert!(
        info.message
            .contains("is an older identifier of the Microsoft Defender for Endpoint API"),
        "{}",
        info.message
    );
    assert!(!r.findings.iter().any(|f| f.message.contains("the an ")));
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

fn with_issuer(iss: &str, tid: &str) -> Value {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["iss"] = json!(iss);
    c["tid"] = json!(tid);
    c
}

#[test]
fn issuers_are_named_with_what_they_mean() {
    const CONSUMER: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
    for (iss, tid, severity, said) in [
        (
            format!("https://login.microsoftonline.com/{CONSUMER}/v2.0"),
            CONSUMER,
            Severity::Warning,
            "consumer tenant of personal Microsoft accounts",
        ),
        (
            format!("https://sts.windows-ppe.net/{TID}/"),
            TID,
            Severity::Warning,
            "pre-production",
        ),
        (
            format!("https://login.windows-ppe.net/{TID}/v2.0"),
            TID,
            Severity::Warning,
            "pre-production",
        ),
        (
            format!("https://login.microsoftonline.us/{TID}/v2.0"),
            TID,
            Severity::Note,
            "US Government",
        ),
        (
            format!("https://sts.chinacloudapi.cn/{TID}/"),
            TID,
            Severity::Warning,
            "21Vianet",
        ),
    ] {
        let r = check(&with_issuer(&iss, tid), None);
        let f = r
            .findings
            .iter()
            .find(|f| f.id == Check::Issuer)
            .unwrap_or_else(|| panic!("{iss}: {:?}", r.findings));
        assert_eq!(f.severity, severity, "{iss}");
        assert!(f.message.contains(said), "{iss}: {}", f.message);
    }
    let r = check(&app_claims(&["Machine.Isolate"]), None);
    assert!(
        !r.findings.iter().any(|f| f.id == Check::Issuer),
        "the public cloud is the quiet case"
    );
}

#[test]
fn a_token_from_another_issuer_is_not_an_entra_token() {
    let r = check(
        &with_issuer("https://accounts.google.com", TID),
        Some(isolate()),
    );
    assert_eq!(r.token_type, TokenType::NotEntra);
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].1.starts_with("not a Microsoft Entra ID token"),
        "{e:?}"
    );
}

#[test]
fn proof_of_possession_tokens_are_explained() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["cnf"] = json!({"kid": "key-id"});
    let r = check(&c, None);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == Check::Cnf)
        .expect("cnf finding");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.starts_with("proof-of-possession token"),
        "{}",
        f.message
    );
    c["cnf"] = json!({"x5t#S256": "thumb"});
    let r = check(&c, None);
    assert!(r
        .findings
        .iter()
        .any(|f| f.id == Check::Cnf && f.message.starts_with("certificate-bound token")));
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
fn a_future_nbf_says_only_not_valid_yet() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    c["exp"] = json!(NOW + 7200);
    let r = check(&c, None);
    let time: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.id == Check::Time)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        time,
        ["not valid yet: valid from 2025-01-02T04:00:00Z until 2025-01-02T05:00:00Z (1 h from now)"]
    );
}

#[test]
fn nbf_after_exp_is_remarked() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    c["exp"] = json!(NOW + 600);
    let r = check(&c, None);
    let time: Vec<(Severity, &str)> = r
        .findings
        .iter()
        .filter(|f| f.id == Check::Time)
        .map(|f| (f.severity, f.message.as_str()))
        .collect();
    assert_eq!(time.len(), 2, "{time:?}");
    assert!(
        time[0]
            .1
            .starts_with("not valid yet: valid from 2025-01-02T04:00:00Z ("),
        "{time:?}"
    );
    assert_eq!(time[1].0, Severity::Warning);
    assert!(
        time[1]
            .1
            .starts_with("`nbf` (2025-01-02T04:00:00Z) is later than `exp` (2025-01-02T03:10:00Z)"),
        "{time:?}"
    );
    // Past both: the expiry is the verdict, the remark stays.
    let r = check(&c, None);
    assert!(!r.fits());
    let mut c2 = c.clone();
    c2["nbf"] = json!(NOW - 600);
    c2["exp"] = json!(NOW - 3600);
    let r = check(&c2, None);
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].1.starts_with("expired 1 h ago"), "{e:?}");
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("is later than `exp`")));
}

#[test]
fn an_absurd_lifetime_is_remarked_and_an_ordinary_one_is_not() {
    let lifetime = |c: &Value| {
        check(c, None)
            .findings
            .into_iter()
            .find(|f| f.message.contains("longer than Entra ID issues"))
    };
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - 600 + 75 * 365 * 86_400);
    let f = lifetime(&c).expect("remark");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.starts_with(
            "the token's lifetime (`nbf` to `exp`) is 27375 d (about 75 years): longer"
        ),
        "{}",
        f.message
    );
    // 28 h is the longest Entra ID issues (continuous access evaluation): not remarked.
    c["exp"] = json!(NOW - 600 + 28 * 3600);
    assert!(lifetime(&c).is_none());
    c["exp"] = json!(NOW - 600 + 28 * 3600 + 1);
    assert!(lifetime(&c).is_some());
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
