//! A SARIF log from a lint run has every property SARIF 2.1.0 requires, and its references hold together.

use assert_cmd::Command;
use serde_json::Value;

fn sarif_for(body: &str) -> Value {
    let out = Command::cargo_bin("mdediag")
        .expect("binary")
        .args([
            "lint",
            "--format",
            "sarif",
            "--operation",
            "submit-or-update-indicator",
            "-",
        ])
        .write_stdin(body)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "errors found means exit 1");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

#[test]
fn sarif_log_has_the_required_structure() {
    let log = sarif_for("{\n  \"IndicatorValue\": \"abc\",\n  \"indicatorType\": \"filesha1\",\n  \"action\": \"Block\"\n}");
    // sarifLog: version and runs are required; $schema is recommended.
    assert_eq!(log["version"], "2.1.0");
    assert!(text(&log["$schema"]).contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    // run: tool.driver.name is required.
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mdediag");
    assert!(!text(&driver["version"]).is_empty());
    assert!(text(&driver["informationUri"]).starts_with("https://"));
    let rules = driver["rules"].as_array().expect("rules");
    for rule in rules {
        // reportingDescriptor: id is required.
        assert!(!text(&rule["id"]).is_empty());
        assert!(!text(&rule["shortDescription"]["text"]).is_empty());
        assert!(!text(&rule["fullDescription"]["text"]).is_empty());
        assert!(!text(&rule["help"]["text"]).is_empty());
        assert!(
            ["error", "warning", "note"].contains(&text(&rule["defaultConfiguration"]["level"]))
        );
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() >= 3, "{results:#?}");
    for result in results {
        // result: message is required (text or id).
        assert!(!text(&result["message"]["text"]).is_empty());
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&text(&result["level"])));
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "-");
        let region = &physical["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().expect(key) >= 1, "{key}");
        }
        if let Some(fixes) = result.get("fixes") {
            // fix: artifactChanges required; artifactChange: artifactLocation and replacements required;
            // replacement: deletedRegion required.
            let change = &fixes[0]["artifactChanges"][0];
            assert!(change["artifactLocation"]["uri"].is_string());
            assert!(change["replacements"][0]["deletedRegion"]["startLine"].is_u64());
        }
    }
    let key_case = results
        .iter()
        .find(|r| r["ruleId"] == "key-case")
        .expect("key-case result");
    assert_eq!(
        key_case["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        key_case["locations"][0]["physicalLocation"]["region"]["startColumn"],
        3
    );
}
