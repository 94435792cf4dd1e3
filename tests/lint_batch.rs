//! A batch with a file that cannot be checked still yields one valid SARIF log: the file becomes a tool
//! execution notification of the invocation, the other files' results are all there, and the exit is 2.

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn sarif_of_a_batch_with_a_missing_file_is_one_valid_log() {
    let out = Command::cargo_bin("mdediag")
        .expect("binary")
        .args([
            "lint",
            "--format",
            "sarif",
            "tests/fixtures/lint/mixed",
            "tests/fixtures/lint/does-not-exist.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a file not checked means exit 2"
    );
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/lint/does-not-exist.json"
    );
    assert!(notes[0]["message"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("No such file")));
    let results = run["results"].as_array().expect("results");
    let files: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    // The broken file's syntax error and the other files' notes are all reported.
    assert!(
        files.contains(&"tests/fixtures/lint/mixed/broken.json"),
        "{files:?}"
    );
    assert!(
        files.contains(&"tests/fixtures/lint/mixed/block-hash.json"),
        "{files:?}"
    );
    assert!(results.iter().all(|r| r["ruleId"] != "not-checked"));
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

#[test]
fn a_folder_lints_each_file_against_the_operation_its_name_gives() {
    let out = Command::cargo_bin("mdediag")
        .expect("binary")
        .args(["lint", "--format", "json", "tests/fixtures/lint/mixed"])
        .output()
        .expect("runs");
    let findings: Value = serde_json::from_slice(&out.stdout).expect("json");
    let op_of = |file: &str| {
        findings
            .as_array()
            .expect("array")
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|x| x.ends_with(file)))
            .map(|f| f["operation"].clone())
    };
    assert_eq!(
        op_of("resolve.update-alert.json"),
        Some(Value::from("update-alert"))
    );
    assert_eq!(
        op_of("broken.json"),
        Some(Value::from("isolate-machine")),
        "a missing comma is recovered from, so the keys still tell the operation"
    );
    // notes.txt is not a *.json file: never read.
    assert!(op_of("notes.txt").is_none());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bodies_modelled_on_working_integrations_lint_without_a_warning() {
    // tests/fixtures/lint/working: shapes real connectors, SOAR playbooks, PowerShell modules and Logic Apps
    // send (null for optional fields, entity keys the table omits); mixed/ holds three more good bodies.
    let out = Command::cargo_bin("mdediag")
        .expect("binary")
        .args([
            "lint",
            "--deny",
            "warnings",
            "--format",
            "json",
            "tests/fixtures/lint/working",
            "tests/fixtures/lint/mixed/isolate-machine.json",
            "tests/fixtures/lint/mixed/alerts",
            "tests/fixtures/lint/mixed/block-hash.json",
        ])
        .output()
        .expect("runs");
    let findings: Value = serde_json::from_slice(&out.stdout).expect("json");
    let loud: Vec<&Value> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["severity"] != "note")
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
    assert_eq!(out.status.code(), Some(0));
    // Six bodies in working/ checked, each against the operation its name gives.
    let files: std::collections::BTreeSet<&str> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(
        files.iter().any(|f| f.contains("ti-connector")),
        "{files:?}"
    );
}

#[test]
fn fix_stdin_passes_a_body_it_cannot_fix_through_byte_for_byte() {
    let body: &[u8] = b"{\"comment\": \"\xff\"}";
    let out = Command::cargo_bin("mdediag")
        .expect("binary")
        .args(["lint", "--fix", "--operation", "isolate-machine", "-"])
        .write_stdin(body)
        .output()
        .expect("runs");
    assert_eq!(out.stdout, body);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not fixed"));
}
