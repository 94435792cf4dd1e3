//! Advice for the API that answered (issue 23, point 5): every diagnosis names its API family, and no
//! step that holds for the Defender for Endpoint API only (marked so in the catalog) is given for an error
//! of another family, in any fixture or in the cases below.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::path::Path;

use crate::support::diagnose_json as diagnoses;

/// The catalog's Defender-only fix steps.
fn mde_only_steps() -> Vec<&'static str> {
    mdediag::catalog::entries()
        .iter()
        .flat_map(|e| e.fix.iter().zip(&e.fix_mde_only))
        .filter(|(_, only)| **only)
        .map(|(step, _)| step.as_str())
        .collect()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mdediag-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn assert_no_mde_steps(d: &serde_json::Value, what: &str) {
    let api = d["api"].as_str().unwrap();
    if api == "mde" || api == "m365d" {
        return;
    }
    let only = mde_only_steps();
    for step in d["fix"].as_array().unwrap() {
        let step = step.as_str().unwrap();
        assert!(
            !only.contains(&step),
            "{what}: a Defender-only step for a {api} error: {step}"
        );
    }
}

#[test]
fn no_fixture_gets_defender_steps_for_another_api() {
    assert!(
        !mde_only_steps().is_empty(),
        "the catalog marks its Defender-only steps"
    );
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnose"
    ));
    let mut families = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for d in diagnoses(&bytes, &scratch("fixture")) {
            families.insert(d["api"].as_str().unwrap().to_string());
            assert_no_mde_steps(&d, &path.display().to_string());
        }
    }
    // The fixtures reach several families, so the check above is not vacuous.
    for f in ["mde", "graph", "arm", "entra"] {
        assert!(
            families.contains(f),
            "no fixture answered by {f}: {families:?}"
        );
    }
}

fn one(text: &str, name: &str) -> serde_json::Value {
    let all = diagnoses(text.as_bytes(), &scratch(name));
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn a_graph_403_gets_graph_permission_advice() {
    let text = "> GET /v1.0/security/alerts_v2 HTTP/2\n> Host: graph.microsoft.com\n>\n< HTTP/2 403\n<\n\
{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing role permissions on the request. API requires one of \
'SecurityAlert.Read.All, SecurityAlert.ReadWrite.All'.\",\"innerError\":{\"request-id\":\"7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b\"}}}\n";
    let d = one(text, "graph-403.txt");
    assert_eq!(d["api"], "graph");
    assert_eq!(d["retry"]["transient"], false);
    assert_no_mde_steps(&d, "graph 403");
    let fix = d["fix"].to_string();
    assert!(fix.contains("Microsoft Graph"), "{fix}");
}

#[test]
fn an_arm_403_gets_rbac_advice() {
    let text = "POST https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents?api-version=2023-02-01 403 Forbidden\n";
    let d = one(text, "arm-403.txt");
    assert_eq!(d["api"], "arm");
    assert_no_mde_steps(&d, "arm 403");
    assert!(d["fix"].to_string().contains("Azure role"), "{}", d["fix"]);
}

#[test]
fn another_vendors_403_gets_no_defender_steps() {
    let text = "< HTTP/1.1 403 Forbidden\n<\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"access denied\"}}\n";
    let with_host = format!(
        "> GET /devices/queries/devices/v1 HTTP/1.1\n> Host: api.crowdstrike.com\n>\n{text}"
    );
    let d = one(&with_host, "vendor-403.txt");
    assert_eq!(d["api"], "unknown");
    assert_no_mde_steps(&d, "vendor 403");
    assert!(
        d["fix"].to_string().contains("api.crowdstrike.com"),
        "{}",
        d["fix"]
    );
}
