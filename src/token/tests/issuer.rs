//! ID tokens, issuers (tenants, consumer accounts, other identity providers) and bound tokens.

use super::*;

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

#[test]
fn without_ver_the_issuer_tells_the_version() {
    let mut claims = app_claims(&["Machine.Isolate"]);
    let map = claims.as_object_mut().expect("object");
    map.remove("ver");
    assert_eq!(check(&claims, None).version_from_issuer(), Some("1.0"));
    claims["iss"] = json!(format!("https://login.microsoftonline.com/{TID}/v2.0"));
    assert_eq!(check(&claims, None).version_from_issuer(), Some("2.0"));
    // Not Entra ID's issuer, or none: nothing is known.
    claims["iss"] = json!("https://sts.windows.net.evil.example/");
    assert_eq!(check(&claims, None).version_from_issuer(), None);
    claims.as_object_mut().expect("object").remove("iss");
    assert_eq!(check(&claims, None).version_from_issuer(), None);
}
