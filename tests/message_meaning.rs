//! Message text matched by meaning (issue 23, point 4): a catalog message identifies its error and gives its
//! facts when it sits inside a longer line, goes on past the template, is cut short, or has other
//! whitespace; neighbouring APIs' messages (ARM's `AuthorizationFailed`) are found by their telling words
//! even where their opening is a few common ones (`The client '`).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use serde_json::Value;

use crate::support::diagnose_json;

fn one(name: &str, text: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("mdediag-meaning-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ds = diagnose_json(text.as_bytes(), &dir.join(name));
    assert_eq!(ds.len(), 1, "{name}: {ds:?}");
    ds.remove(0)
}

fn kinds(d: &Value) -> Vec<String> {
    d["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_known_message_inside_a_longer_line_going_on() {
    let d = one(
        "longer.log",
        "2026-12-01 10:00:00 ERROR isolate -> Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All. Check the app registration.\n",
    );
    assert_eq!(
        (d["code"].as_str(), d["identified_by"].as_str()),
        (Some("Forbidden"), Some("message"))
    );
}

#[test]
fn a_known_message_cut_short_keeps_what_its_first_part_names() {
    let d = one(
        "cut.log",
        "Missing application roles. API required roles: Machine.Isolate, application ro\n",
    );
    assert_eq!(d["code"], "Forbidden");
    let text = d.to_string();
    assert!(text.contains("Machine.Isolate"), "{text}");
}

#[test]
fn an_arm_message_found_by_its_telling_words_gives_its_facts() {
    let d = one(
        "arm.log",
        "Error: The client 'a1b2' with object id 'c3d4' does not have authorization to perform action \
         'Microsoft.SecurityInsights/incidents/read' over scope '/subscriptions/s' or the scope is invalid. (see log)\n",
    );
    assert_eq!(
        (
            d["code"].as_str(),
            d["usual_status"].as_u64(),
            d["api"].as_str()
        ),
        (Some("AuthorizationFailed"), Some(403), Some("arm"))
    );
    assert!(kinds(&d).contains(&"azure-role".to_string()), "{d}");
}

#[test]
fn a_rewrapped_message_in_a_body_still_gives_its_facts() {
    // A code with its message re-wrapped by a tool that folded the string (line breaks and runs of blanks).
    let d = one(
        "rewrapped.json",
        r#"{"error":{"code":"AuthorizationFailed","message":"The client 'a1b2' with object id 'c3d4' does not have\n   authorization to perform action 'Microsoft.OperationalInsights/workspaces/read'\n   over scope '/subscriptions/s/resourceGroups/rg'."}}"#,
    );
    let role = d["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "azure-role")
        .unwrap_or_else(|| panic!("{d}"));
    assert_eq!(
        role["action"],
        "Microsoft.OperationalInsights/workspaces/read"
    );
    assert_eq!(role["scope"], "/subscriptions/s/resourceGroups/rg");
}
