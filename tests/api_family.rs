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

/// The diagnoses of one fixture of `tests/fixtures/diagnose/`.
fn fixture(name: &str) -> Vec<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diagnose")
        .join(name);
    diagnoses(&std::fs::read(path).unwrap(), &scratch(name))
}

fn findings(d: &serde_json::Value) -> Vec<String> {
    d["token"]["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["message"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A token for Graph sent to Graph (or for ARM to ARM) is the right token: the token doctor's MDE checks
/// (audience, MDE permissions) do not judge it, and no fix asks for a token for the MDE API. Captured with
/// real curl -v against a local server answering as Graph and ARM (tests/fixtures/newuser/README.md).
#[test]
fn a_token_for_the_api_called_is_not_judged_against_mde() {
    for (name, api) in [
        ("curl-v-graph-403-graph-token.txt", "graph"),
        ("curl-v-arm-403-arm-token.txt", "arm"),
    ] {
        let all = fixture(name);
        assert_eq!(all.len(), 1, "{name}");
        let d = &all[0];
        assert_eq!(d["api"], api, "{name}");
        for text in findings(d).iter().chain(
            d["fix"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
                .iter(),
        ) {
            assert!(
                !text.contains("api.securitycenter.microsoft.com") && !text.contains("MDE API"),
                "{name}: {text}"
            );
        }
        // What holds for any API still counts: the token had expired.
        assert!(findings(d).iter().any(|f| f.contains("expired")), "{name}");
    }
}

/// A token for one API sent to another is named for the API that was called, and the fix requests a token
/// for that host, whichever family answered.
#[test]
fn a_token_for_another_api_is_named_against_the_api_called() {
    let all = fixture("har-firefox-graph-arm-mde.har");
    let arm = all.iter().find(|d| d["api"] == "arm").unwrap();
    assert!(
        findings(arm)
            .iter()
            .any(|f| f.contains("Microsoft Graph") && f.contains("Azure Resource Manager")),
        "{:?}",
        findings(arm)
    );
    assert!(arm["fix"][0]
        .as_str()
        .unwrap()
        .contains("https://management.azure.com/.default"));
    let graph = all.iter().find(|d| d["api"] == "graph").unwrap();
    assert!(!findings(graph).iter().any(|f| f.contains("issued for")));
}

/// Hosts the docs print: the older `api.securitycenter.windows.com` is the MDE API, not the portal; the
/// Defender XDR API hosts of the US Government clouds are Defender's too.
#[test]
fn documented_api_hosts_are_defender_hosts() {
    for name in [
        "curl-v-legacy-host-api-securitycenter-windows-com-403.txt",
        "curl-v-usgov-host-api-gcc-security-microsoft-us-429.txt",
    ] {
        let all = fixture(name);
        assert_eq!(all.len(), 1, "{name}");
        assert_eq!(all[0]["api"], "mde", "{name}");
        assert!(all[0]["operation"]["name"].is_string(), "{name}");
    }
}

/// The permissions a server says it requires name the API when the paste shows no host: the Graph
/// PowerShell SDK prints Graph's "Missing application roles" without a URL.
#[test]
fn graph_permissions_in_the_message_make_it_a_graph_error() {
    // The Graph PowerShell SDK, and msgraph-sdk-python's ODataError (a quoted message in a printed object).
    for name in [
        "mggraph-powershell-sdk-403.txt",
        "msgraph-sdk-python-odataerror-403.txt",
    ] {
        let all = fixture(name);
        let d = all.iter().find(|d| d["message"].is_string()).unwrap();
        assert_eq!(d["api"], "graph", "{name}");
        assert!(
            d["message"].as_str().unwrap().ends_with("ReadWrite.All."),
            "{name}"
        );
        let fix = d["fix"][0].as_str().unwrap();
        assert!(fix.contains("Microsoft Graph"), "{name}: {fix}");
        assert!(
            fix.contains("SecurityIncident.ReadWrite.All"),
            "{name}: {fix}"
        );
    }
}

/// Without a method, a path that two documented operations share (GET and PATCH /api/machines/{id}) names
/// neither: the permissions of the wrong one would mislead. Real requests `raise_for_status()` output.
#[test]
fn a_request_without_method_names_no_operation_at_a_shared_path() {
    let all = fixture("py-requests-raise-get-machine-404.txt");
    assert_eq!(all.len(), 1);
    assert!(all[0]["request"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/api/machines/deadbeef"));
    assert!(all[0]["operation"].is_null(), "{}", all[0]["operation"]);
}

/// A proxy's HTML block page: the summary does not assert what the API would have meant by the status.
#[test]
fn a_page_that_is_not_the_apis_json_gets_no_api_summary() {
    let all = fixture("proxy-block-page-403-crlf.txt");
    assert_eq!(all.len(), 1);
    let summary = all[0]["summary"].as_str().unwrap();
    assert!(summary.contains("proxy or gateway"), "{summary}");
    assert!(!summary.contains("token is valid"), "{summary}");
}

/// Another API's 401 read through the Defender API's generic Unauthorized entry: the summary does not say
/// "not issued for the MDE API", and the challenge header's reason reads as one sentence.
#[test]
fn another_apis_401_gets_no_defender_summary() {
    let transcript = "> GET /subscriptions/s/resourcegroups/rg?api-version=2021-04-01 HTTP/1.1\r\n\
> Host: management.azure.com\r\n\
>\r\n\
< HTTP/1.1 401 Unauthorized\r\n\
< WWW-Authenticate: Bearer authorization_uri=\"https://login.microsoftonline.com/t\", error=\"invalid_token\", error_description=\"The access token has expired.\"\r\n\
<\r\n";
    let all = diagnoses(transcript.as_bytes(), &scratch("arm-401"));
    assert_eq!(all.len(), 1);
    let d = &all[0];
    assert_eq!(d["api"], "arm");
    let summary = d["summary"].as_str().unwrap();
    assert!(!summary.contains("MDE"), "{summary}");
    assert!(summary.contains("Azure Resource Manager"), "{summary}");
    let text = d["details"][0]["text"].as_str().unwrap();
    assert!(!text.contains(".."), "{text}");
}

/// An API this tool does not know: nothing is said of which audience it accepts (an MDE token sent to it
/// may be exactly what it wants), while the token's lifetime still counts.
#[test]
fn an_unknown_apis_token_audience_is_not_judged() {
    let token = crate::support::jwt(
        r#"{"aud":"https://api.securitycenter.microsoft.com","exp":1,"ver":"1.0","iss":"https://sts.windows.net/t/","roles":["Machine.Read.All"]}"#,
    );
    let transcript = format!(
        "> GET /v1/devices HTTP/1.1\r\n> Host: api.example-edr.com\r\n> Authorization: Bearer {token}\r\n>\r\n\
< HTTP/1.1 401 Unauthorized\r\n< Date: Mon, 07 Dec 2026 07:00:00 GMT\r\n<\r\n"
    );
    let all = diagnoses(transcript.as_bytes(), &scratch("unknown-api-token"));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["api"], "unknown");
    let found = findings(&all[0]);
    assert!(found.iter().all(|f| !f.contains("issued for")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("expired")), "{found:?}");
}
