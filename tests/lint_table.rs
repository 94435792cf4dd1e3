//! The operation table drives lint's own tests: every documented example lints clean, and for every parameter
//! of every operation (nested items included) a case slip, a one-letter typo and a missing required key are
//! each caught with the right fix or suggestion; `--fix`'s splicing restores the case-mutated examples.

use mdediag::lint::{self, fix, json, Finding, Rule, Severity};
use mdediag::operations::{BodyKind, Kind, Param, Required, Route};

/// The docs' example body of an operation (empty for one without a body).
fn example(op: &Route) -> &'static str {
    op.body.map_or("", |b| b.example_body)
}

/// Whether the docs' example body of an operation is valid JSON.
fn example_is_json(op: &Route) -> bool {
    op.body.is_some_and(|b| b.example_is_json)
}

/// 2025-01-01T00:00:00Z, so results do not depend on the clock.
const NOW: i64 = 1_735_689_600;

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn json_ops() -> impl Iterator<Item = &'static Route> {
    mdediag::operations::with_body().filter(|o| o.body_kind() == Some(BodyKind::Json))
}

/// Every parameter list of `op` with the containers leading to it (empty for the top level).
fn lists(op: &'static Route) -> Vec<(Vec<&'static Param>, &'static [Param])> {
    fn walk(
        path: Vec<&'static Param>,
        params: &'static [Param],
        out: &mut Vec<(Vec<&'static Param>, &'static [Param])>,
    ) {
        out.push((path.clone(), params));
        for p in params {
            if let Some(items) = p.items {
                let mut deeper = path.clone();
                deeper.push(p);
                walk(deeper, items, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(Vec::new(), op.params(), &mut out);
    out
}

/// Wraps `inner` (an object's text) in the containers of `path`; returns the text and where `inner` starts.
fn wrap(path: &[&Param], inner: &str) -> (String, usize) {
    let mut prefix = String::new();
    let mut suffix = String::new();
    for p in path {
        if p.kind == Kind::Object {
            prefix.push_str(&format!("{{\"{}\": ", p.name));
            suffix.insert(0, '}');
        } else {
            prefix.push_str(&format!("{{\"{}\": [", p.name));
            suffix.insert_str(0, "]}");
        }
    }
    (format!("{prefix}{inner}{suffix}"), prefix.len())
}

fn sample(p: &Param) -> &'static str {
    match p.kind {
        Kind::String | Kind::StringOrArray => "\"x\"",
        Kind::Integer => "1",
        Kind::Boolean | Kind::BooleanOrString => "true",
        Kind::Array => "[]",
        Kind::Object => "{}",
    }
}

fn swap_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c.to_uppercase().next().unwrap_or(c)
            }
        })
        .collect()
}

fn one_letter_typo(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = if *last == 'x' { 'q' } else { 'x' };
    }
    chars.into_iter().collect()
}

fn op_count() -> usize {
    json_ops().count()
}

#[test]
fn every_valid_example_body_lints_without_errors() {
    let mut checked = 0;
    for op in json_ops().filter(|o| example_is_json(o)) {
        let findings = lint::lint(example(op), op, NOW);
        assert!(
            errors(&findings).is_empty(),
            "{}: {:#?}",
            op.name,
            errors(&findings)
        );
        checked += 1;
    }
    assert_eq!(checked, 24, "valid JSON examples of JSON operations");
}

#[test]
fn broken_examples_are_reported_as_invalid_json() {
    for op in json_ops().filter(|o| !example_is_json(o)) {
        let findings = lint::lint(example(op), op, NOW);
        // A trailing comma is mended and the rest still checked, so other findings may follow it.
        assert!(
            findings.iter().any(|f| f.id == Rule::InvalidJson),
            "{}: {findings:#?}",
            op.name
        );
    }
}

#[test]
fn every_parameter_in_the_wrong_case_is_a_key_case_error_with_the_exact_fix() {
    let mut checked = 0;
    for op in json_ops() {
        for (path, params) in lists(op) {
            for p in params {
                let slip = swap_case(p.name);
                let (body, at) = wrap(
                    &path,
                    &format!(
                        "{{{}: {}}}",
                        serde_json::to_string(&slip).unwrap_or_default(),
                        sample(p)
                    ),
                );
                let findings = lint::lint(&body, op, NOW);
                let hit = findings
                    .iter()
                    .find(|f| f.id == Rule::KeyCase && f.at.span.start == at + 1)
                    .unwrap_or_else(|| {
                        panic!("{} {}: no key-case in {findings:#?}", op.name, p.name)
                    });
                assert_eq!(hit.severity, Severity::Error);
                let fix = hit.fix.as_ref().expect("fix");
                assert!(fix.safe);
                assert_eq!(
                    fix.replacement,
                    format!("\"{}\"", p.name),
                    "{} {}",
                    op.name,
                    p.name
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 80,
        "{checked} parameters over {} operations",
        op_count()
    );
}

#[test]
fn every_parameter_with_a_one_letter_typo_gets_the_right_suggestion() {
    for op in json_ops() {
        for (path, params) in lists(op) {
            for p in params {
                let typo = one_letter_typo(p.name);
                let (body, at) = wrap(
                    &path,
                    &format!(
                        "{{{}: {}}}",
                        serde_json::to_string(&typo).unwrap_or_default(),
                        sample(p)
                    ),
                );
                let findings = lint::lint(&body, op, NOW);
                let hit = findings
                    .iter()
                    .find(|f| f.id == Rule::KeyTypo && f.at.span.start == at + 1)
                    .unwrap_or_else(|| {
                        panic!(
                            "{} {} as {typo}: no key-typo in {findings:#?}",
                            op.name, p.name
                        )
                    });
                let fix = hit.fix.as_ref().expect("suggestion");
                assert!(
                    !fix.safe,
                    "typo fixes are suggestions, not applied by --fix"
                );
                assert_eq!(
                    fix.replacement,
                    format!("\"{}\"", p.name),
                    "{} {typo}",
                    op.name
                );
            }
        }
    }
}

#[test]
fn every_deleted_required_parameter_is_reported_missing_at_its_object() {
    let mut checked = 0;
    for op in json_ops() {
        for (path, params) in lists(op) {
            for gone in params.iter().filter(|p| p.required == Required::Yes) {
                let members: Vec<String> = params
                    .iter()
                    .filter(|p| p.required == Required::Yes && p.name != gone.name)
                    .map(|p| format!("\"{}\": {}", p.name, sample(p)))
                    .collect();
                let (body, at) = wrap(&path, &format!("{{{}}}", members.join(", ")));
                let findings = lint::lint(&body, op, NOW);
                let message = format!("missing required parameter `{}`", gone.name);
                let hit = findings
                    .iter()
                    .find(|f| f.id == Rule::MissingRequired && f.message.ends_with(&message))
                    .unwrap_or_else(|| {
                        panic!("{} {}: not reported in {findings:#?}", op.name, gone.name)
                    });
                assert_eq!(
                    hit.at.span.start, at,
                    "{} {}: points at its object",
                    op.name, gone.name
                );
                // An import item fails alone inside a 200 answer: no error status to predict there.
                let expected = if op.name == "import-indicators" && !path.is_empty() {
                    None
                } else {
                    Some("MissingRequiredParameter")
                };
                assert_eq!(hit.would_cause, expected, "{} {}", op.name, gone.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "{checked}");
}

/// Every key span in a parsed document.
fn key_spans(node: &json::Node, out: &mut Vec<json::Span>) {
    match &node.value {
        json::Value::Object(members) => {
            for m in members {
                out.push(m.key_span);
                key_spans(&m.value, out);
            }
        }
        json::Value::Array(items) => items.iter().for_each(|i| key_spans(i, out)),
        _ => {}
    }
}

fn mutate(src: &str, spans: &[json::Span]) -> String {
    let mut out = src.to_string();
    for s in spans {
        let swapped = swap_case(&src[s.start..s.end]);
        out.replace_range(s.start..s.end, &swapped);
    }
    out
}

#[test]
fn fix_restores_case_mutated_examples_touching_only_the_keys() {
    for op in json_ops().filter(|o| example_is_json(o)) {
        let original = example(op);
        let mut spans = Vec::new();
        key_spans(&json::parse(original).expect("example parses"), &mut spans);
        // Each key alone, then all keys at once.
        let mut cases: Vec<Vec<json::Span>> = spans.iter().map(|s| vec![*s]).collect();
        cases.push(spans.clone());
        for mutated_spans in cases {
            let mutated = mutate(original, &mutated_spans);
            let findings = lint::lint(&mutated, op, NOW);
            assert!(
                findings.iter().any(|f| f.id == Rule::KeyCase),
                "{}: mutation not caught",
                op.name
            );
            let (fixed, applied) = fix::apply(&mutated, &findings);
            assert_eq!(applied, mutated_spans.len(), "{}", op.name);
            let again = lint::lint(&fixed, op, NOW);
            assert!(
                errors(&again).is_empty(),
                "{}: {:#?}",
                op.name,
                errors(&again)
            );
            // Same length (spellings differ only in case), byte-identical outside the mutated keys, and the
            // keys themselves equal to the docs' spellings ignoring case.
            assert_eq!(fixed.len(), mutated.len());
            let inside = |i: usize| mutated_spans.iter().any(|s| (s.start..s.end).contains(&i));
            for (i, (a, b)) in fixed.bytes().zip(mutated.bytes()).enumerate() {
                if inside(i) {
                    assert!(a.eq_ignore_ascii_case(&b), "{}", op.name);
                } else {
                    assert_eq!(a, b, "{}: byte {i} changed", op.name);
                }
            }
        }
    }
}

#[test]
fn fix_restores_lowercased_enum_values() {
    let op = mdediag::operations::by_name("isolate-machine").expect("op");
    let mutated = example(op).replace("\"Full\"", "\"fULL\"");
    let findings = lint::lint(&mutated, op, NOW);
    let (fixed, applied) = fix::apply(&mutated, &findings);
    assert_eq!((fixed.as_str(), applied), (example(op), 1));
}
