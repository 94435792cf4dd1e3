//! One JSON convention, held: every JSON output validates against its committed JSON Schema
//! (`docs/schema/*.schema.json`, draft 2020-12, checked with boon): every documented field present (`null`
//! when absent), no undocumented one, a `schema_version` in each object. Run over every fixture.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema(name: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let text = std::fs::read_to_string(format!("{ROOT}/docs/schema/{name}.schema.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = format!("urn:mdediag:{name}");
    compiler.add_resource(&url, value).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    (schemas, index)
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mdediag"))
        .args(args)
        .current_dir(ROOT)
        .env_remove("MDE_TOKEN")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// Validates `doc` against `name`'s schema; counts it.
fn check(name: &str, doc: &Value, what: &str, count: &mut usize) {
    let (schemas, index) = schema(name);
    if let Err(e) = schemas.validate(doc, index) {
        panic!("{what}: does not fit docs/schema/{name}.schema.json: {e:#}\n{doc:#}");
    }
    *count += 1;
}

#[test]
fn diagnose_json_and_jsonl_fit_their_schema_on_every_fixture() {
    let mut n = 0;
    for dir in ["tests/fixtures/diagnose", "tests/fixtures/har"] {
        for f in files(dir) {
            let f = f.to_str().unwrap();
            for line in run(&["--format", "jsonl", f]).lines() {
                check("diagnose", &serde_json::from_str(line).unwrap(), f, &mut n);
            }
            let array: Value = serde_json::from_str(&run(&["--format", "json", f])).unwrap();
            for item in array.as_array().unwrap() {
                check("diagnose", item, f, &mut n);
            }
            let summary: Value =
                serde_json::from_str(&run(&["--summary", "--format", "json", f])).unwrap();
            check("diagnose-summary", &summary, f, &mut n);
        }
    }
    assert!(n > 200, "{n}");
}

#[test]
fn lint_token_lookup_and_operations_json_fit_their_schemas() {
    let mut n = 0;
    let lint: Value =
        serde_json::from_str(&run(&["lint", "--format", "json", "tests/fixtures/lint"])).unwrap();
    assert!(lint.as_array().unwrap().len() > 20);
    check("lint", &lint, "lint tests/fixtures/lint", &mut n);
    for f in files("tests/fixtures/token") {
        let f = f.to_str().unwrap();
        let doc = run(&[
            "token",
            "--format",
            "json",
            "--now",
            "2026-11-01T10:00:00Z",
            f,
        ]);
        check("token", &serde_json::from_str(&doc).unwrap(), f, &mut n);
    }
    let rules: Vec<&str> = mdediag::lint::Rule::ALL.iter().map(|r| r.id()).collect();
    let mut explain = vec![
        "explain",
        "--format",
        "json",
        "4xx",
        "5xx",
        "AADSTS700016",
        "HTTP/1.1 503 Service Unavailable",
        "Forbidden (403)",
        "Verboden",
        "key-case",
        "Action is already in progress",
        "AADSTS7000215: Invalid client secret provided.",
        "NoResponse.Timeout",
        "NoResponse",
    ];
    explain.extend(rules);
    check(
        "explain",
        &serde_json::from_str(&run(&explain)).unwrap(),
        "explain",
        &mut n,
    );
    let codes = run(&["codes", "--format", "json"]);
    check(
        "codes",
        &serde_json::from_str(&codes).unwrap(),
        "codes",
        &mut n,
    );
    let list: Value = serde_json::from_str(&run(&["operations", "--format", "json"])).unwrap();
    check("operations", &list, "operations", &mut n);
    for row in list.as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        let one = run(&["operations", "--format", "json", name]);
        check(
            "operations",
            &serde_json::from_str(&one).unwrap(),
            name,
            &mut n,
        );
    }
    assert!(n > 100, "{n}");
}

#[test]
fn a_schema_rejects_an_output_missing_a_field() {
    // The schemas are strict: a field left out (instead of `null`) fails, as does one not documented.
    let line = run(&[
        "--format",
        "jsonl",
        "tests/fixtures/diagnose/sample-curl-v.txt",
    ]);
    let mut doc: Value = serde_json::from_str(line.trim()).unwrap();
    let (schemas, index) = schema("diagnose");
    assert!(schemas.validate(&doc, index).is_ok());
    let obj = doc.as_object_mut().unwrap();
    let suggestion = obj.remove("suggestion").unwrap();
    assert!(suggestion.is_null());
    assert!(schemas.validate(&doc, index).is_err());
    doc["suggestion"] = Value::Null;
    doc["undocumented"] = Value::Bool(true);
    assert!(schemas.validate(&doc, index).is_err());
}
