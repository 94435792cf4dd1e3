//! Audiences: the MDE resource, other APIs, the own app, unknown ones, another cloud.

use super::*;

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
