//! Nested reasons (issue 23, point 5): an `innerError`/`innererror` or `details[]` that states the real
//! reason is shown, identifies the error when the outer code is generic or unknown, and is read for facts;
//! the correlation ids of the stretch are kept. Bodies follow the envelopes the services document: Log
//! Analytics' query API (`error.innererror.innererror`, "Azure Monitor Log Analytics API errors") and ARM's
//! `error.details[]` (Azure REST API guidelines, "ErrorResponse").

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use serde_json::Value;

use crate::support::diagnose_json;

fn diagnoses(name: &str) -> Vec<Value> {
    let dir = std::env::temp_dir().join(format!("mdediag-nested-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose/");
    let bytes = std::fs::read(format!("{path}{name}")).unwrap();
    diagnose_json(&bytes, &dir.join(name))
}

fn details(d: &Value) -> Vec<&str> {
    d["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"] == "detail")
        .map(|f| f["value"].as_str().unwrap())
        .collect()
}

#[test]
fn inner_reasons_are_shown_identify_and_give_facts() {
    let ds = diagnoses("nested-inner-errors.txt");
    assert_eq!(ds.len(), 2);
    // Log Analytics: an unknown outer code; the nested reasons are shown, outermost first, and the ids kept.
    let la = &ds[0];
    assert_eq!(
        (
            la["code"].as_str(),
            la["http_status"].as_u64(),
            la["api"].as_str()
        ),
        (Some("BadArgumentError"), Some(400), Some("log-analytics"))
    );
    assert_eq!(
        details(la),
        [
            "SyntaxError: A recognition error occurred in the query.",
            "SYN0002: Query could not be parsed at 'x' on line [1,20]"
        ]
    );
    assert_eq!(
        la["correlation"]["id"].as_str(),
        Some("9d1c7a2e-5b7f-4e0b-a3e2-1f2e3d4c5b6a")
    );
    // ARM: a generic outer code over AuthorizationFailed in details[]: identified by the inner code, the code
    // sent kept, the action and scope read from the inner message.
    let arm = &ds[1];
    assert_eq!(
        (
            arm["code"].as_str(),
            arm["code_sent"].as_str(),
            arm["identified_by"].as_str(),
            arm["http_status"].as_u64(),
            arm["api"].as_str(),
        ),
        (
            Some("AuthorizationFailed"),
            Some("InvalidRequest"),
            Some("inner-code"),
            Some(403),
            Some("arm")
        )
    );
    assert_eq!(arm["retry"]["transient"], false);
    // The inner message goes on past the catalog's template ("or the scope is invalid."): still read.
    let role = arm["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "azure-role")
        .unwrap_or_else(|| panic!("{arm}"));
    assert_eq!(role["action"], "Microsoft.SecurityInsights/incidents/read");
    assert_eq!(
        role["scope"],
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/soc"
    );
}

/// An OAuth error name spelt in another API's case (`InvalidRequest`) is that API's code, never Entra's
/// `invalid_request`: no token-endpoint steps for it.
#[test]
fn a_respelt_oauth_name_outside_the_token_endpoint_is_not_entra() {
    let dir = std::env::temp_dir().join(format!("mdediag-nested-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = br#"{"error":{"code":"InvalidRequest","message":"The request is invalid."}}"#;
    let ds = diagnose_json(body, &dir.join("respelt.json"));
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["code"], "InvalidRequest");
    assert_eq!(ds[0]["known"], false);
    assert_ne!(ds[0]["api"], "entra");
}
