//! Behaviour of the checks on small bodies.

use super::*;
use crate::operations::by_name;

/// 2025-01-01T00:00:00Z: a fixed "now" so expiry checks do not depend on the clock.
const NOW: i64 = 1_735_689_600;

fn run(op: &str, body: &str) -> Vec<Finding> {
    lint(body, by_name(op).expect("operation"), NOW)
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.id.id()).collect()
}

#[test]
fn wrong_key_case_is_an_error_with_the_exact_fix() {
    let body = "{\n  \"comment\": \"x\",\n  \"isolationType\": \"Full\"\n}";
    let f = run("isolate-machine", body);
    assert_eq!(rules(&f), ["key-case", "key-case"]);
    assert_eq!(
        (f[0].at.line, f[0].at.column, f[0].at.end_column),
        (2, 3, 12)
    );
    assert_eq!(
        f[0].fix.as_ref().map(|x| x.replacement.as_str()),
        Some("\"Comment\"")
    );
    assert_eq!(f[0].would_cause, Some("MissingRequiredParameter"));
    // An optional key the service does not know is dropped, not refused: no error response to predict.
    assert_eq!(f[1].would_cause, None);
}

#[test]
fn typos_unknown_keys_and_missing_required_are_told_apart() {
    let f = run("run-antivirus-scan", r#"{"Coment": "x", "Frobnicate": 1}"#);
    assert_eq!(rules(&f), ["missing-required", "key-typo", "unknown-key"]);
    assert!(f[0].message.contains("ScanType"));
    assert_eq!((f[0].at.line, f[0].at.column), (1, 1));
    assert!(f[1].message.contains("did you mean `Comment`"));
    assert_eq!(f[2].severity, Severity::Warning);
}

#[test]
fn enum_values_in_the_wrong_case_get_a_safe_fix() {
    let f = run(
        "isolate-machine",
        r#"{"Comment": "x", "IsolationType": "full"}"#,
    );
    assert_eq!(rules(&f), ["enum-case"]);
    let fix = f[0].fix.as_ref().expect("fix");
    assert!(fix.safe);
    assert_eq!(fix.replacement, "\"Full\"");
    let f = run(
        "isolate-machine",
        r#"{"Comment": "x", "IsolationType": "Selectiv"}"#,
    );
    assert_eq!(rules(&f), ["enum-value"]);
    assert!(f[0].message.contains("did you mean `Selective`"));
}

#[test]
fn indicator_hash_length_must_fit_its_type() {
    let body = format!(
        r#"{{"indicatorValue": "{}", "indicatorType": "FileSha1", "action": "Block", "title": "t", "description": "d"}}"#,
        "a".repeat(64)
    );
    let f = run("submit-or-update-indicator", &body);
    assert_eq!(rules(&f), ["invalid-hash"]);
    assert_eq!(f[0].would_cause, Some("InvalidHashValue"));
    assert!(f[0].message.contains("SHA-256"), "{}", f[0].message);
    assert!(f[0].help.as_deref().unwrap_or("").contains("FileSha256"));
}

#[test]
fn indicator_values_follow_their_type() {
    let body = |value: &str, ty: &str| {
        format!(
            r#"{{"indicatorValue": "{value}", "indicatorType": "{ty}", "action": "Block", "title": "t", "description": "d"}}"#
        )
    };
    let cases = [
        ("10.0.0.0/8", "IpAddress", "invalid-ip"),
        ("https://contoso.com", "DomainName", "invalid-domain"),
        ("http://a b", "Url", "invalid-url"),
    ];
    for (value, ty, rule) in cases {
        assert_eq!(
            rules(&run("submit-or-update-indicator", &body(value, ty))),
            [rule],
            "{value}"
        );
    }
    assert!(run(
        "submit-or-update-indicator",
        &body("contoso.com", "DomainName")
    )
    .is_empty());
}

#[test]
fn expiry_in_the_past_warns_and_bad_dates_fail() {
    let body = |t: &str| {
        format!(
            r#"{{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d", "expirationTime": "{t}"}}"#
        )
    };
    let f = run("submit-or-update-indicator", &body("2020-12-12T00:00:00Z"));
    assert_eq!(rules(&f), ["expired"]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(run("submit-or-update-indicator", &body("2030-01-01T00:00:00Z")).is_empty());
    assert_eq!(
        rules(&run("submit-or-update-indicator", &body("12/12/2030"))),
        ["invalid-datetime"]
    );
}

#[test]
fn stop_and_quarantine_takes_a_sha1() {
    let f = run(
        "stop-and-quarantine-file",
        r#"{"Comment": "x", "Sha1": "abc"}"#,
    );
    assert_eq!(rules(&f), ["invalid-hash"]);
}

#[test]
fn batches_over_the_limit_say_how_to_split() {
    let ids: Vec<String> = (0..1001).map(|i| format!("\"{i}\"")).collect();
    let f = run(
        "batch-delete-indicators",
        &format!("{{\"IndicatorIds\": [{}]}}", ids.join(",")),
    );
    assert_eq!(rules(&f), ["batch-too-large"]);
    assert_eq!(f[0].would_cause, Some("MaximumBatchSizeExceeded"));
    assert!(f[0].help.as_deref().unwrap_or("").contains("3 requests"));
    assert_eq!(
        rules(&run("batch-delete-indicators", r#"{"IndicatorIds": []}"#)),
        ["empty-value"]
    );
}

#[test]
fn live_response_items_are_checked_with_their_own_schema() {
    let body = r#"{"Comment": "c", "Commands": [
  {"type": "RunScript", "params": [{"key": "ScriptName", "value": "a.ps1"}, {"key": "Args", "value": "x; rm"}]},
  {"type": "GetFile", "params": [{"key": "FileName", "value": "x"}]},
  {"Type": "putfile", "params": [{"key": "FileName", "value": "x"}]}
]}"#;
    let f = run("run-live-response", body);
    assert_eq!(
        rules(&f),
        [
            "unsafe-script-args",
            "cross-field",
            "enum-value",
            "key-case",
            "enum-case"
        ]
    );
    assert_eq!(f[0].at.line, 2);
    assert!(
        f[2].message.contains("when `type` is GetFile"),
        "{}",
        f[2].message
    );
    assert_eq!((f[3].at.line, f[3].at.column), (4, 4));
}

#[test]
fn scan_auth_type_depends_on_odata_type() {
    let body = r##"{"scanName": "s", "scanAuthenticationParams": {"@odata.type": "#microsoft.windowsDefenderATP.api.SnmpAuthParams", "type": "Kerberos"}}"##;
    let f = run("update-scan-definition", body);
    assert_eq!(rules(&f), ["enum-value"]);
}

#[test]
fn documented_second_spellings_are_notes_not_errors() {
    let f = run("update-alert", r#"{"status": "Resolved"}"#);
    assert_eq!(rules(&f), ["doc-spelling"]);
    assert_eq!(f[0].severity, Severity::Note);
}

#[test]
fn wrong_types_duplicates_and_nulls() {
    let f = run(
        "add-scan-definition",
        r#"{"isActive": "true", "intervalInHours": 1.5}"#,
    );
    assert!(rules(&f).contains(&"wrong-type"));
    assert_eq!(f.iter().filter(|x| x.id == Rule::WrongType).count(), 2);
    let f = run("isolate-machine", r#"{"Comment": "a", "Comment": "b"}"#);
    assert_eq!(rules(&f), ["duplicate-key"]);
    let f = run(
        "update-machine",
        r#"{"machineTags": ["a"], "deviceValue": null}"#,
    );
    assert!(f.is_empty());
    let f = run("isolate-machine", r#"[]"#);
    assert_eq!(rules(&f), ["wrong-type"]);
}

#[test]
fn invalid_json_names_position_and_cause() {
    let f = run("isolate-machine", "{\n  \"Comment\": \"x\",\n}");
    assert_eq!(rules(&f), ["invalid-json"]);
    assert_eq!((f[0].at.line, f[0].at.column), (2, 17));
    assert!(f[0].message.contains("trailing comma"));
    assert_eq!(f[0].would_cause, Some("InvalidRequestBody"));
}

#[test]
fn inference_picks_the_best_overlap_and_reports_ties() {
    let body = json::parse(r#"{"comment": "x", "scantype": "Quick"}"#).expect("json");
    assert!(matches!(infer(&body), Inference::Found(op) if op.name == "run-antivirus-scan"));
    let body = json::parse(r#"{"Comment": "x"}"#).expect("json");
    assert!(matches!(infer(&body), Inference::Tie(ops) if ops.len() > 2));
    let body = json::parse(r#"{"status": "Resolved", "comment": "x"}"#).expect("json");
    assert!(matches!(infer(&body), Inference::Found(op) if op.name == "update-alert"));
    let body = json::parse(r#"{"nothing": 1}"#).expect("json");
    assert!(matches!(infer(&body), Inference::NoMatch));
}

#[test]
fn no_panic_on_truncated_or_damaged_bodies() {
    // Every prefix and every one-byte deletion of every example, against its own operation and rendered.
    for op in crate::operations::with_body() {
        let body = op.body.expect("a body").example_body;
        let mut variants: Vec<String> = (0..=body.len())
            .filter(|&i| body.is_char_boundary(i))
            .map(|i| body[..i].to_string())
            .collect();
        variants.extend(
            body.char_indices()
                .map(|(i, c)| format!("{}{}", &body[..i], &body[i + c.len_utf8()..])),
        );
        for v in variants {
            let findings = lint(&v, op, NOW);
            let report = crate::render::lint::Report {
                file: "x".to_string(),
                src: v,
                findings,
            };
            let mut sink = Vec::new();
            crate::render::lint::human(&mut sink, std::slice::from_ref(&report)).expect("render");
        }
    }
}

#[test]
fn every_mendable_syntax_slip_is_reported_and_the_body_still_checked() {
    let src = "{\n  // first\n  \"comment\": \"x\", /* two */\n  \"IsolationType\": \"Full\",\n}";
    let findings = run("isolate-machine", src);
    let syntax: Vec<_> = findings
        .iter()
        .filter(|f| f.id == Rule::InvalidJson)
        .collect();
    assert_eq!(syntax.len(), 3, "{findings:#?}");
    assert!(syntax
        .iter()
        .all(|f| f.fix.as_ref().is_some_and(|x| x.safe)));
    // The body behind the slips was checked too.
    assert!(findings.iter().any(|f| f.id == Rule::KeyCase));
    let (fixed, applied) = crate::lint::fix::apply(src, &findings);
    assert_eq!(applied, 4);
    assert!(
        serde_json::from_str::<serde_json::Value>(&fixed).is_ok(),
        "{fixed}"
    );
    assert_eq!(
        fixed,
        "{\n  \"Comment\": \"x\",\n  \"IsolationType\": \"Full\"\n}"
    );
}

#[test]
fn a_slip_recovery_cannot_mend_ends_the_report_without_a_fix() {
    let src = "{\"Comment\": \"x\",, \"a\" 1}";
    let findings = run("isolate-machine", src);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].fix.is_none());
}

#[test]
fn null_on_an_optional_field_means_not_set() {
    let body = r#"{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block",
        "title": "t", "description": "d", "application": null, "recommendedActions": null, "expirationTime": null}"#;
    assert_eq!(
        rules(&run("submit-or-update-indicator", body)),
        Vec::<&str>::new()
    );
    let f = run("isolate-machine", r#"{"Comment": null}"#);
    assert_eq!(rules(&f), ["missing-required"]);
}

#[test]
fn keys_the_entity_page_lists_are_notes_with_their_evidence() {
    let body = r#"{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block",
        "title": "t", "description": "d", "externalId": "case-7", "rbacGroupIds": ["12"], "lastUpdateTime": "2024-01-01T00:00:00Z"}"#;
    let f = run("submit-or-update-indicator", body);
    assert_eq!(rules(&f), ["undocumented-key"; 3]);
    assert!(f
        .iter()
        .all(|x| x.severity == Severity::Note && x.would_cause.is_none()));
    assert!(f[0].message.starts_with("`externalId`"), "{}", f[0].message);
    assert!(f[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("ti-indicator.md")));
    // A typo of a real key is still an error.
    let typo = body.replace("\"description\"", "\"descripton\"");
    assert!(rules(&run("submit-or-update-indicator", &typo)).contains(&"key-typo"));
}

#[test]
fn import_items_fail_alone_in_the_200_response() {
    let body = r#"{"Indicators": [{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "block", "title": "t", "description": "d"}]}"#;
    let f = run("import-indicators", body);
    assert_eq!(rules(&f), ["enum-case"]);
    assert_eq!(f[0].would_cause, None);
    assert!(
        f[0].message.starts_with("Indicators[0]: `block`"),
        "{}",
        f[0].message
    );
    assert!(f[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("per-item results")));
}

#[test]
fn messages_use_the_bodys_own_spelling() {
    let f = run("update-alert", r#"{"determination": "Malwar"}"#);
    let e = f
        .iter()
        .find(|x| x.id == Rule::EnumValue)
        .expect("enum-value");
    assert!(e.message.contains("of `determination`"), "{}", e.message);
}

#[test]
fn one_empty_id_is_reported_for_its_item() {
    let body = r#"{"Value": "t", "Action": "Add", "MachineIds": ["34e83ca3feea4dae2353006ba389262c033a025e", ""]}"#;
    let f = run("add-or-remove-tag-multiple-machines", body);
    assert_eq!(rules(&f), ["empty-value"]);
    assert_eq!(f[0].message, "`MachineIds[1]` is an empty string");
}

#[test]
fn an_empty_string_where_an_enum_is_expected_is_an_error() {
    let f = run(
        "isolate-machine",
        r#"{"Comment": "x", "IsolationType": ""}"#,
    );
    assert_eq!(rules(&f), ["empty-value"]);
    assert!(
        f[0].message
            .contains("one of Full, Selective, UnManagedDevice"),
        "{}",
        f[0].message
    );
}

/// The cross-field rule findings of a body, as (message, help) pairs.
fn cross(op: &str, body: &str) -> Vec<(String, String)> {
    run(op, body)
        .into_iter()
        .filter(|f| f.id == Rule::CrossField)
        .map(|f| (f.message, f.help.unwrap_or_default()))
        .collect()
}

const DOMAIN: &str = r#""indicatorValue": "contoso.com", "indicatorType": "DomainName", "title": "t", "description": "d""#;

#[test]
fn an_audit_indicator_needs_generate_alert_true() {
    for tail in [
        r#""action": "Audit""#,
        r#""action": "Audit", "generateAlert": false"#,
        r#""action": "Audit", "generateAlert": "False""#,
    ] {
        let found = cross(
            "submit-or-update-indicator",
            &format!("{{{DOMAIN}, {tail}}}"),
        );
        assert_eq!(found.len(), 1, "{tail}: {found:?}");
        assert!(found[0].1.contains("post-ti-indicator"), "{found:?}");
    }
    for tail in [
        r#""action": "Audit", "generateAlert": true"#,
        r#""action": "Audit", "GenerateAlert": "True""#,
        r#""action": "Block""#,
    ] {
        assert!(
            cross(
                "submit-or-update-indicator",
                &format!("{{{DOMAIN}, {tail}}}")
            )
            .is_empty(),
            "{tail}"
        );
    }
    let import = format!(
        r#"{{"Indicators": [{{{DOMAIN}, "action": "Block"}}, {{{DOMAIN}, "action": "Audit"}}]}}"#
    );
    let found = run("import-indicators", &import);
    let f = found
        .iter()
        .find(|f| f.id == Rule::CrossField)
        .expect("cross-field");
    assert!(
        f.message.starts_with("Indicators[1]: an Audit indicator"),
        "{}",
        f.message
    );
    assert!(f
        .help
        .as_deref()
        .is_some_and(|h| h.contains("per-item results")));
}

#[test]
fn educate_url_without_a_url_block_or_warn_is_a_warning() {
    let body = r#"{"indicatorValue": "1.2.3.4", "indicatorType": "IpAddress", "title": "t", "description": "d", "action": "Allowed", "educateUrl": "https://contoso.com/help"}"#;
    let f: Vec<Finding> = run("submit-or-update-indicator", body)
        .into_iter()
        .filter(|f| f.id == Rule::CrossField)
        .collect();
    assert_eq!(f.len(), 2, "{f:#?}");
    // "URL indicators" on post-ti-indicator.md covers URLs and domains: Warn on a domain is one feature.
    for (ty, value) in [
        ("Url", "https://contoso.com/x"),
        ("DomainName", "contoso.com"),
    ] {
        for action in ["Warn", "Block"] {
            let body = format!(
                r#"{{"indicatorValue": "{value}", "indicatorType": "{ty}", "title": "t", "description": "d", "action": "{action}", "educateUrl": "https://contoso.com/help"}}"#
            );
            assert!(
                cross("submit-or-update-indicator", &body).is_empty(),
                "{ty} {action}"
            );
        }
    }
    assert!(f.iter().all(|x| x.severity == Severity::Warning));
    let good = r#"{"indicatorValue": "https://contoso.com/x", "indicatorType": "Url", "title": "t", "description": "d", "action": "Warn", "educateUrl": "https://contoso.com/help"}"#;
    assert!(cross("submit-or-update-indicator", good).is_empty());
}

#[test]
fn update_machine_needs_tags_or_a_device_value() {
    for body in [
        r#"{"machineTags": []}"#,
        "{}",
        r#"{"deviceValue": null}"#,
        r#"{"machineTags": [], "deviceValue": null}"#,
    ] {
        let f = run("update-machine", body);
        let hit = f
            .iter()
            .find(|f| f.id == Rule::CrossField)
            .unwrap_or_else(|| panic!("{body}: {f:#?}"));
        assert_eq!(hit.would_cause, Some("InvalidRequestBody"));
        assert!(hit
            .help
            .as_deref()
            .is_some_and(|h| h.contains("update-machine-method")));
    }
    assert!(cross("update-machine", r#"{"machineTags": ["a"]}"#).is_empty());
    assert!(cross("update-machine", r#"{"deviceValue": "High"}"#).is_empty());
}

#[test]
fn live_response_commands_need_their_parameter_and_commands_a_command() {
    let body = r#"{"Comment": "c", "Commands": [
        {"type": "RunScript", "params": [{"key": "Args", "value": "x"}]},
        {"type": "GetFile", "params": []},
        {"type": "PutFile", "params": [{"key": "FileName", "value": "a.ps1"}]}]}"#;
    let found = cross("run-live-response", body);
    let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Commands[0]: RunScript needs a `ScriptName` parameter: the library script to run",
            "Commands[1]: GetFile needs a `Path` parameter: the file to collect",
            ORDER,
        ]
    );
    assert!(found.iter().all(|(_, h)| h.contains("run-live-response")));
    for empty in [r#"{"Comment": "c", "Commands": []}"#, r#"{"Comment": "c"}"#] {
        assert_eq!(cross("run-live-response", empty).len(), 1, "{empty}");
    }
}

const ORDER: &str = "`Commands` run in the order PutFile, RunScript, GetFile: this command comes after one that must follow it";

#[test]
fn live_response_commands_keep_the_documented_order() {
    let body = |types: &[&str]| {
        let commands: Vec<String> = types
            .iter()
            .map(|t| {
                let key = match *t {
                    "PutFile" => "FileName",
                    "RunScript" => "ScriptName",
                    _ => "Path",
                };
                format!(r#"{{"type": "{t}", "params": [{{"key": "{key}", "value": "x"}}]}}"#)
            })
            .collect();
        format!(
            r#"{{"Comment": "c", "Commands": [{}]}}"#,
            commands.join(", ")
        )
    };
    // Repeats are fine; the docs' example (RunScript then GetFile) too.
    for ok in [
        &["RunScript", "GetFile"][..],
        &[
            "PutFile",
            "PutFile",
            "RunScript",
            "RunScript",
            "GetFile",
            "GetFile",
        ],
        &["GetFile"],
    ] {
        assert!(cross("run-live-response", &body(ok)).is_empty(), "{ok:?}");
    }
    // Each with the index of the first command out of place, where the finding points.
    for (bad, at) in [
        (&["GetFile", "RunScript"][..], 1),
        (&["RunScript", "PutFile"], 1),
        (&["PutFile", "GetFile", "RunScript", "GetFile"], 2),
    ] {
        let text = body(bad);
        let found = run("run-live-response", &text);
        let order: Vec<_> = found.iter().filter(|f| f.message == ORDER).collect();
        assert_eq!(order.len(), 1, "{bad:?}");
        let value = text
            .match_indices(r#""type": ""#)
            .nth(at)
            .map(|(i, _)| i + 8);
        assert_eq!(Some(order[0].at.span.start), value, "{bad:?}");
    }
    // A value in another case still ranks (its case is its own finding, at its own place).
    let found = cross("run-live-response", &body(&["getfile", "PutFile"]));
    assert_eq!(found.iter().filter(|(m, _)| m == ORDER).count(), 1);
}

#[test]
fn scan_definitions_pair_scan_type_and_authentication() {
    let body = r##"{"scanType": "Network", "scanName": "n", "isActive": true, "target": "10.0.0.1", "intervalInHours": 1,
        "targetType": "IP Address", "scannerAgent": {"machineId": "eb663a27ae9d032f61bc268a79eedf14c4b90f77"},
        "scanAuthenticationParams": {"@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams", "type": "Kerberos", "isGmsaUser": false}}"##;
    let found = cross("add-scan-definition", body);
    let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a Network scan authenticates with SnmpAuthParams",
            "scanAuthenticationParams: WindowsAuthParams needs `IsGMSAUser` set to true",
        ]
    );
}

#[test]
fn a_determination_must_fit_its_classification() {
    let f = cross(
        "update-alert",
        r#"{"classification": "FalsePositive", "determination": "Malware"}"#,
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].1.contains("update-alert"));
    assert!(cross(
        "update-alert",
        r#"{"Classification": "TruePositive", "Determination": "Malware"}"#
    )
    .is_empty());
    assert!(cross("update-alert", r#"{"classification": "FalsePositive"}"#).is_empty());
    assert!(cross("batch-update-alerts", r#"{"alertIds": ["a"], "classification": "Informational, expected activity", "determination": "ConfirmedUserActivity"}"#).is_empty());
}

/// One body per rule that the checker produces (the rules made outside it are covered where they are made:
/// `inferred-operation` and `not-checked` in commands::lint, `not-linted` for multipart bodies).
const RULE_CASES: &[(Rule, &str, &str)] = &[
    (Rule::InvalidJson, "isolate-machine", r#"{"Comment": 'x'}"#),
    (Rule::KeyCase, "isolate-machine", r#"{"comment": "x"}"#),
    (Rule::KeyTypo, "isolate-machine", r#"{"Coment": "x"}"#),
    (
        Rule::UnknownKey,
        "isolate-machine",
        r#"{"Comment": "x", "Frob": 1}"#,
    ),
    (
        Rule::DuplicateKey,
        "isolate-machine",
        r#"{"Comment": "x", "Comment": "y"}"#,
    ),
    (Rule::MissingRequired, "isolate-machine", "{}"),
    (Rule::WrongType, "isolate-machine", r#"{"Comment": 1}"#),
    (Rule::EmptyValue, "isolate-machine", r#"{"Comment": ""}"#),
    (
        Rule::EnumCase,
        "isolate-machine",
        r#"{"Comment": "x", "IsolationType": "full"}"#,
    ),
    (
        Rule::EnumValue,
        "isolate-machine",
        r#"{"Comment": "x", "IsolationType": "Partial"}"#,
    ),
    (
        Rule::InvalidHash,
        "stop-and-quarantine-file",
        r#"{"Comment": "x", "Sha1": "abc"}"#,
    ),
    (
        Rule::InvalidIp,
        "submit-or-update-indicator",
        r#"{"indicatorValue": "10.0.0.0/8", "indicatorType": "IpAddress", "action": "Block", "title": "t", "description": "d"}"#,
    ),
    (
        Rule::InvalidDomain,
        "submit-or-update-indicator",
        r#"{"indicatorValue": "https://contoso.com/x", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d"}"#,
    ),
    (
        Rule::InvalidUrl,
        "submit-or-update-indicator",
        r#"{"indicatorValue": "https://contoso.com", "indicatorType": "Url", "action": "Warn", "title": "t", "description": "d", "educateUrl": "not a url"}"#,
    ),
    (
        Rule::InvalidDatetime,
        "create-alert-by-reference",
        r#"{"eventTime": "yesterday", "reportId": "1", "machineId": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07", "severity": "Low", "title": "t", "description": "d", "recommendedAction": "r", "category": "Malware"}"#,
    ),
    (
        Rule::Expired,
        "submit-or-update-indicator",
        r#"{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d", "expirationTime": "2020-01-01T00:00:00Z"}"#,
    ),
    (
        Rule::InvalidId,
        "add-or-remove-tag-multiple-machines",
        r#"{"Value": "t", "Action": "Add", "MachineIds": ["abc"]}"#,
    ),
    (
        Rule::UnsafeScriptArgs,
        "run-live-response",
        r#"{"Commands": [{"type": "RunScript", "params": [{"key": "ScriptName", "value": "a.ps1"}, {"key": "Args", "value": "a; b"}]}]}"#,
    ),
    (Rule::DocSpelling, "update-alert", r#"{"status": "New"}"#),
    (
        Rule::UndocumentedKey,
        "submit-or-update-indicator",
        r#"{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d", "externalId": "x"}"#,
    ),
    (Rule::CrossField, "update-machine", r#"{"machineTags": []}"#),
];

#[test]
fn every_rule_has_a_body_that_triggers_it() {
    let cases = RULE_CASES;
    for (rule, op, body) in cases {
        let found = run(op, body);
        assert!(
            found.iter().any(|f| f.id == *rule),
            "{}: {found:#?}",
            rule.id()
        );
    }
    let batch = format!(r#"{{"IndicatorIds": [{}]}}"#, vec!["\"1\""; 501].join(","));
    assert!(run("batch-delete-indicators", &batch)
        .iter()
        .any(|f| f.id == Rule::BatchTooLarge));
    let elsewhere = [
        Rule::BatchTooLarge,
        Rule::InferredOperation,
        Rule::NotLinted,
        Rule::NotChecked,
        // Cases in src/operations/nearest.rs and src/commands/lint.rs.
        Rule::UnknownRoute,
        Rule::FileNameTypo,
    ];
    for rule in Rule::ALL {
        assert!(
            // Query rules have their cases in src/odata/tests.rs.
            elsewhere.contains(&rule)
                || rule.id().starts_with("odata-")
                || cases.iter().any(|(r, _, _)| *r == rule),
            "{} has no case",
            rule.id()
        );
    }
    let inferred = inferred_note("{}", by_name("isolate-machine").expect("op"));
    assert_eq!(inferred.id, Rule::InferredOperation);
    assert_eq!(
        not_linted_note(by_name("upload-library-file").expect("op")).id,
        Rule::NotLinted
    );
}

#[test]
fn a_missing_comma_is_reported_with_a_suggested_fix_and_the_body_still_checked() {
    let src = "{\n  \"Comment\": \"x\"\n  \"IsolationType\": \"full\"\n}";
    let f = run("isolate-machine", src);
    assert_eq!(rules(&f), ["invalid-json", "enum-case"]);
    let fix = f[0].fix.as_ref().expect("a fix");
    assert!(
        !fix.safe,
        "a value may be missing instead: not applied by --fix"
    );
    assert_eq!(
        (fix.span.start, fix.replacement.as_str()),
        (18, ","),
        "right after \"x\""
    );
    // Without whitespace to stand in for the comma, recovery stops there.
    assert_eq!(
        rules(&run(
            "isolate-machine",
            r#"{"Comment": "x""IsolationType": "full"}"#
        )),
        ["invalid-json"]
    );
}

#[test]
fn generate_alert_as_another_string_is_mended_to_the_boolean_not_to_the_other_string() {
    let body = |v: &str| {
        format!(
            r#"{{"indicatorValue":"1.2.3.4","indicatorType":"IpAddress","action":"Alert","title":"t","description":"d","generateAlert":{v}}}"#
        )
    };
    for v in [r#""true""#, r#""TRUE""#, r#""false""#] {
        let findings = run("submit-or-update-indicator", &body(v));
        assert_eq!(findings.len(), 1, "{v}: {findings:?}");
        let f = &findings[0];
        assert_eq!(
            (f.id, f.severity),
            (Rule::EnumCase, Severity::Warning),
            "{v}"
        );
        assert_eq!(f.would_cause, None);
        let fix = f.fix.as_ref().expect("a fix");
        assert_eq!(fix.replacement, v.trim_matches('"').to_ascii_lowercase());
        assert!(f
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("mdediag operations submit-or-update-indicator"));
    }
    for v in ["true", "false", r#""True""#, r#""False""#] {
        assert!(
            run("submit-or-update-indicator", &body(v)).is_empty(),
            "{v}"
        );
    }
}
