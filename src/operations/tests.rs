//! Checks on the operation table (like rustc's tidy) and on request-line matching.

use super::*;

/// Every parameter list in the table, top level and nested, with a label for messages.
fn all_param_lists() -> Vec<(String, &'static [Param])> {
    fn walk(label: String, params: &'static [Param], out: &mut Vec<(String, &'static [Param])>) {
        out.push((label.clone(), params));
        for p in params {
            if let Some(items) = p.items {
                walk(format!("{label}.{}", p.name), items, out);
            }
        }
    }
    let mut out = Vec::new();
    for op in with_body() {
        walk(op.name.to_string(), op.params(), &mut out);
    }
    out
}

#[test]
fn names_are_unique_and_params_unique_per_operation() {
    let mut names: Vec<&str> = with_body().map(|o| o.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate operation name");
    for (label, params) in all_param_lists() {
        // Spellings compared ignoring case: two parameters differing only in case would make key-case
        // findings ambiguous.
        let mut spellings: Vec<String> = params
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.also.iter().copied()))
            .map(str::to_lowercase)
            .collect();
        spellings.sort_unstable();
        spellings.dedup();
        let distinct = params.len();
        let mut lower: Vec<String> = params.iter().map(|p| p.name.to_lowercase()).collect();
        lower.sort_unstable();
        lower.dedup();
        assert_eq!(distinct, lower.len(), "{label}: duplicate parameter");
        assert_eq!(
            spellings.len(),
            lower.len(),
            "{label}: an `also` spelling names another parameter"
        );
    }
}

#[test]
fn other_spellings_differ_only_in_case() {
    for (label, params) in all_param_lists() {
        for p in params {
            for also in p.also {
                assert!(
                    also.eq_ignore_ascii_case(p.name) && *also != p.name,
                    "{label}: {also} is not a case variant of {}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn valid_json_examples_parse_and_broken_ones_are_marked() {
    for op in with_body() {
        let body = op.body.expect("a body");
        let parsed = serde_json::from_str::<serde_json::Value>(body.example_body);
        assert_eq!(
            parsed.is_ok(),
            body.example_is_json,
            "{}: example_is_json disagrees with the example",
            op.name
        );
    }
}

#[test]
fn allowed_values_are_unique_and_limits_sit_on_arrays() {
    for (label, params) in all_param_lists() {
        for p in params {
            let mut values = p.values.to_vec();
            values.sort_unstable();
            values.dedup();
            assert_eq!(
                values.len(),
                p.values.len(),
                "{label}.{}: duplicate value",
                p.name
            );
            if p.max_items.is_some() {
                assert_eq!(
                    p.kind,
                    Kind::Array,
                    "{label}.{}: max_items on a non-array",
                    p.name
                );
            }
            if p.items.is_some() {
                assert!(
                    matches!(p.kind, Kind::Array | Kind::Object),
                    "{label}.{}: item schema on a scalar",
                    p.name
                );
            }
        }
    }
}

#[test]
fn dependent_cases_name_allowed_values_of_the_deciding_key() {
    for (label, params) in all_param_lists() {
        for p in params {
            let Some(dep) = p.depends else { continue };
            // The deciding key sits in the same list or one level up; collect its values from any list.
            let deciding: Vec<&str> = all_param_lists()
                .iter()
                .flat_map(|(_, ps)| ps.iter())
                .filter(|q| q.name == dep.on)
                .flat_map(|q| {
                    q.values.iter().copied().chain(
                        q.depends
                            .iter()
                            .flat_map(|d| d.cases.iter().flat_map(|c| c.values.iter().copied())),
                    )
                })
                .collect();
            for case in dep.cases {
                assert!(
                    deciding.contains(&case.when),
                    "{label}.{}: case {} is no value of {}",
                    p.name,
                    case.when,
                    dep.on
                );
            }
        }
    }
}

#[test]
fn every_operation_has_docs_permissions_and_a_path() {
    for op in with_body() {
        assert!(
            op.docs.starts_with("https://learn.microsoft.com/"),
            "{}",
            op.name
        );
        assert!(
            !op.app_permissions.is_empty(),
            "{}: no application permission",
            op.name
        );
        assert!(
            op.path.starts_with("/api/") || op.path.starts_with("/API/"),
            "{}",
            op.name
        );
        assert!(!op.params().is_empty(), "{}: no parameters", op.name);
    }
}

#[test]
fn every_operation_is_found_by_its_own_request_line() {
    for op in with_body() {
        let url = op.path.replace("{id}", "abc").replace(['{', '}'], "");
        let found = by_request(op.method, &url).map(|o| o.name);
        // update-scan-definition and update-alert share shapes with nothing else; batch paths have literal
        // segments that beat `{id}` placeholders.
        assert_eq!(found, Some(op.name), "{} {url}", op.method.as_str());
    }
}

#[test]
fn documented_spelling_quirks_are_kept_exactly() {
    let update_alert = by_name("update-alert").expect("update-alert");
    assert_eq!(update_alert.app_permissions, ["Alerts.ReadWrite.All"]);
    let status = &update_alert.params()[0];
    assert_eq!((status.name, status.also), ("Status", &["status"][..]));
    let upload = by_name("upload-library-file").expect("upload");
    assert_eq!(upload.body_kind(), Some(BodyKind::Multipart));
    assert_eq!(upload.params()[0].also, ["file"]);
    assert_eq!(
        by_name("set-device-value").expect("sdv").params()[0].name,
        "DeviceValue"
    );
    assert_eq!(
        by_name("update-machine").expect("um").params()[1].name,
        "deviceValue"
    );
}

#[test]
fn request_lines_find_their_operation() {
    let op = by_request(
        Method::Post,
        "https://api.security.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate",
    )
    .expect("isolate");
    assert_eq!(op.name, "isolate-machine");
    assert!(by_request(Method::Get, "/api/machines/abc/isolate").is_none());
    assert_eq!(
        by_request(
            Method::Post,
            "/api/machines/AddOrRemoveTagForMultipleMachines"
        )
        .map(|o| o.name),
        Some("add-or-remove-tag-multiple-machines")
    );
}

#[test]
fn paths_match_templates() {
    assert!(path_matches(
        "/api/machines/{id}/isolate",
        "/api/machines/abc/isolate/"
    ));
    assert!(path_matches(
        "/api/machines/{id}/isolate",
        "/API/v1.0/machines/abc/Isolate"
    ));
    assert!(!path_matches(
        "/api/machines/{id}/isolate",
        "/api/machines//isolate"
    ));
    assert_eq!(path_of("https://h/api/x?$top=1"), "/api/x");
}

/// The parameter list at a cross rule's `at` (`""`, `Indicators[]`, `scanAuthenticationParams`).
fn schema_at(op: &'static Route, at: &str) -> Option<&'static [Param]> {
    let mut params = op.params();
    for step in at.split('.').filter(|s| !s.is_empty()) {
        let name = step.trim_end_matches("[]");
        params = params.iter().find(|p| p.name == name)?.items?;
    }
    Some(params)
}

fn has_key(params: &'static [Param], path: &str) -> bool {
    let mut params = params;
    let mut steps = path.split('/').peekable();
    while let Some(step) = steps.next() {
        let Some(p) = params.iter().find(|p| p.name.eq_ignore_ascii_case(step)) else {
            return false;
        };
        if steps.peek().is_some() {
            let Some(items) = p.items else { return false };
            params = items;
        }
    }
    true
}

#[test]
fn cross_rules_name_real_operations_objects_and_keys_and_cite_a_page() {
    for rule in CROSS_RULES {
        assert!(
            rule.source
                .starts_with("https://learn.microsoft.com/en-us/defender-endpoint/api/"),
            "{}",
            rule.message
        );
        let mut applies = 0;
        for name in rule.operations {
            let op = by_name(name).unwrap_or_else(|| panic!("{name}"));
            let Some(params) = schema_at(op, rule.at) else {
                continue;
            };
            let keys: Vec<&str> = match &rule.check {
                CrossCheck::Implies { key, then, .. } | CrossCheck::Restricts { key, then, .. } => {
                    vec![key, then]
                }
                CrossCheck::AnyOf(keys) => keys.to_vec(),
                CrossCheck::NonEmpty(key) => vec![key],
                CrossCheck::ListHolds { key, list, .. } => vec![key, list],
                CrossCheck::InOrder { list, .. } => vec![list],
            };
            if keys.iter().all(|k| has_key(params, k)) {
                applies += 1;
            }
        }
        assert!(applies > 0, "{}: applies nowhere", rule.message);
    }
}
