//! Token kinds (application, delegated, neither) and the permissions an operation or family takes.

use super::*;

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
