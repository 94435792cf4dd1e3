//! The generated JSON Schemas (draft 2020-12, checked with the boon validator) accept every docs example that
//! is valid JSON and reject the slips lint reports as errors: a key in the wrong case, a misspelled key, an
//! allowed value in the wrong case.

use mdediag::operations::{schema::body_schema, BodyKind, Route};
use serde_json::Value;

/// The docs' example body of an operation (empty for one without a body).
fn example(op: &Route) -> &'static str {
    op.body.map_or("", |b| b.example_body)
}

/// Whether the docs' example body of an operation is valid JSON.
fn example_is_json(op: &Route) -> bool {
    op.body.is_some_and(|b| b.example_is_json)
}

fn validator(schema: Value) -> (boon::Schemas, boon::SchemaIndex) {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:mdediag:body", schema)
        .expect("schema added");
    let index = compiler
        .compile("urn:mdediag:body", &mut schemas)
        .expect("schema compiles against the 2020-12 meta-schema");
    (schemas, index)
}

fn swap_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

#[test]
fn docs_examples_validate_and_slips_are_rejected() {
    let mut examples = 0;
    let mut mutations = 0;
    for op in mdediag::operations::with_body().filter(|o| o.body_kind() == Some(BodyKind::Json)) {
        let schema = body_schema(op).expect("JSON body has a schema");
        let (schemas, index) = validator(schema);
        if !example_is_json(op) {
            continue;
        }
        let example: Value = serde_json::from_str(example(op)).expect("example parses");
        if let Err(e) = schemas.validate(&example, index) {
            panic!("{}: docs example rejected: {e}", op.name);
        }
        examples += 1;
        let Value::Object(members) = &example else {
            panic!("{}: example is no object", op.name)
        };
        for (key, value) in members {
            let rename = |to: String| {
                let mut m = members.clone();
                let v = m.remove(key).expect("key");
                m.insert(to, v);
                Value::Object(m)
            };
            for slip in [swap_case(key), format!("{}x", &key[..key.len() - 1])] {
                if members.contains_key(&slip) {
                    continue;
                }
                assert!(
                    schemas.validate(&rename(slip.clone()), index).is_err(),
                    "{}: `{slip}` for `{key}` accepted",
                    op.name
                );
                mutations += 1;
            }
            // An enumerated value in the wrong case.
            if let Value::String(s) = value {
                let param = op.params().iter().find(|p| p.name == key.as_str());
                if param.is_some_and(|p| p.values.contains(&s.as_str())) && swap_case(s) != *s {
                    let mut m = members.clone();
                    m.insert(key.clone(), Value::String(swap_case(s)));
                    assert!(
                        schemas.validate(&Value::Object(m), index).is_err(),
                        "{}: `{}` for `{s}` accepted",
                        op.name,
                        swap_case(s)
                    );
                    mutations += 1;
                }
            }
        }
    }
    assert_eq!(examples, 24, "valid JSON examples of JSON operations");
    assert!(mutations > 60, "{mutations}");
}

#[test]
fn working_integration_bodies_validate() {
    for entry in std::fs::read_dir("tests/fixtures/lint/working").expect("folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let op_name = name
            .trim_end_matches(".json")
            .rsplit('.')
            .next()
            .expect("operation in the name");
        let op = mdediag::operations::by_name(op_name).expect("operation");
        let (schemas, index) = validator(body_schema(op).expect("schema"));
        let body: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        if let Err(e) = schemas.validate(&body, index) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn a_sha1_indicator_value_must_have_40_hex_digits() {
    let op = mdediag::operations::by_name("submit-or-update-indicator").expect("op");
    let (schemas, index) = validator(body_schema(op).expect("schema"));
    let body = |value: &str| {
        serde_json::json!({"indicatorValue": value, "indicatorType": "FileSha1", "action": "Block",
            "title": "t", "description": "d"})
    };
    assert!(schemas
        .validate(&body("220e7d15b011d7fac48f2bd61114db1022197f7f"), index)
        .is_ok());
    assert!(schemas.validate(&body("220e7d15"), index).is_err());
}

#[test]
fn out_writes_one_schema_file_per_json_body() {
    let dir = std::env::temp_dir().join(format!("mdediag-schemas-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = assert_cmd::Command::cargo_bin("mdediag")
        .expect("binary")
        .args(["operations", "--format", "json-schema", "--out"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let files = std::fs::read_dir(&dir).expect("folder").count();
    let json_bodies = mdediag::operations::with_body()
        .filter(|o| o.body_kind() == Some(BodyKind::Json))
        .count();
    assert_eq!(files, json_bodies);
    let one: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("update-alert.schema.json")).expect("written"),
    )
    .expect("json");
    assert_eq!(one["$schema"], mdediag::operations::schema::DIALECT);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cross_field_errors_are_schema_conditions_too() {
    let check = |op: &str, body: Value| {
        let op = mdediag::operations::by_name(op).expect("op");
        let (schemas, index) = validator(body_schema(op).expect("schema"));
        schemas.validate(&body, index).is_ok()
    };
    let audit = |extra: Value| {
        let mut body = serde_json::json!({"indicatorValue": "contoso.com", "indicatorType": "DomainName",
            "action": "Audit", "title": "t", "description": "d"});
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        body
    };
    let indicator = "submit-or-update-indicator";
    assert!(!check(indicator, audit(serde_json::json!({}))));
    assert!(!check(
        indicator,
        audit(serde_json::json!({"generateAlert": false}))
    ));
    assert!(check(
        indicator,
        audit(serde_json::json!({"generateAlert": true}))
    ));
    assert!(check(
        indicator,
        audit(serde_json::json!({"GenerateAlert": "True"}))
    ));
    assert!(!check(
        "update-machine",
        serde_json::json!({"machineTags": []})
    ));
    assert!(check(
        "update-machine",
        serde_json::json!({"deviceValue": "High"})
    ));
    let live = |key: &str| serde_json::json!({"Comment": "c", "Commands": [{"type": "RunScript", "params": [{"key": key, "value": "a"}]}]});
    assert!(check("run-live-response", live("ScriptName")));
    assert!(!check("run-live-response", live("Args")));
    assert!(!check(
        "run-live-response",
        serde_json::json!({"Comment": "c", "Commands": []})
    ));
}
