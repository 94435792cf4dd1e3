//! Property tests for lint: the engine on arbitrary JSON values and on mutated example bodies of every
//! operation, and `--fix` at library level (idempotent, parses, no fixed rule left, nothing outside the fixed
//! spans changes).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use crate::prop_support;

use mdediag::lint::{self, fix, json, Finding, Rule};
use mdediag::operations::Route;
use mdediag::render::lint::{self as render, Report};
use prop_support::{has_dangerous, json_value, mutate, mutations};
use proptest::prelude::*;
use serde_json::Value;

/// The docs' example body of an operation (empty for one without a body).
fn example(op: &Route) -> &'static str {
    op.body.map_or("", |b| b.example_body)
}

/// Whether the docs' example body of an operation is valid JSON.
fn example_is_json(op: &Route) -> bool {
    op.body.is_some_and(|b| b.example_is_json)
}

/// A fixed clock, so expiry checks do not depend on the day the tests run.
const NOW: i64 = 1_790_000_000;

/// Operations whose example body is JSON.
fn json_ops() -> Vec<&'static Route> {
    mdediag::operations::with_body()
        .filter(|o| example_is_json(o))
        .collect()
}

/// Findings point inside the text, on character boundaries, at 1-based positions; renderers take them.
fn check_findings(src: &str, findings: &[Finding]) -> Result<(), TestCaseError> {
    for f in findings {
        prop_assert!(
            f.at.span.start <= f.at.span.end || f.id == Rule::InvalidJson,
            "{f:?}"
        );
        prop_assert!(f.at.span.start <= src.len(), "{f:?} beyond {}", src.len());
        prop_assert!(f.at.line >= 1 && f.at.column >= 1, "{f:?}");
        if let Some(x) = &f.fix {
            prop_assert!(x.span.end <= src.len(), "{f:?}");
            prop_assert!(src.is_char_boundary(x.span.start) && src.is_char_boundary(x.span.end));
        }
    }
    let reports = [Report {
        file: "body.json".to_string(),
        src: src.to_string(),
        findings: findings.to_vec(),
    }];
    let mut human = Vec::new();
    render::human(&mut human, &reports).unwrap();
    let human = String::from_utf8(human).unwrap();
    prop_assert!(!has_dangerous(&human), "raw control in: {human:?}");
    let mut json = Vec::new();
    render::json(&mut json, &reports).unwrap();
    let _: Value = serde_json::from_slice(&json).unwrap();
    Ok(())
}

/// The fix properties on any text: idempotent, result parses, no safe fix left, only fixed spans change.
fn check_fix(src: &str, op: &'static Route) -> Result<(), TestCaseError> {
    let findings = lint::lint(src, op, NOW);
    if findings.iter().any(|f| f.id == Rule::InvalidJson) {
        return Ok(());
    }
    let (fixed, applied) = fix::apply(src, &findings);
    if applied == 0 {
        prop_assert_eq!(&fixed, src);
        return Ok(());
    }
    let again = lint::lint(&fixed, op, NOW);
    prop_assert!(
        !again.iter().any(|f| f.id == Rule::InvalidJson),
        "fixed text does not parse: {fixed}"
    );
    let left: Vec<&Finding> = again
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
        .collect();
    prop_assert!(
        left.is_empty(),
        "safe fixes left after --fix: {left:?}\n{fixed}"
    );
    let (twice, n) = fix::apply(&fixed, &again);
    prop_assert_eq!((twice.as_str(), n), (fixed.as_str(), 0));
    // Every stretch of the original outside a safe fix's span is still there, in order.
    let mut spans: Vec<(usize, usize)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|x| x.safe)
        .map(|x| (x.span.start, x.span.end))
        .collect();
    spans.sort_unstable();
    let mut gaps = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        if start > at {
            gaps.push(&src[at..start]);
        }
        at = at.max(end);
    }
    gaps.push(&src[at..]);
    let mut pos = 0;
    for gap in gaps {
        let found = fixed[pos..].find(gap);
        prop_assert!(found.is_some(), "{gap:?} lost from {fixed:?}");
        pos += found.unwrap() + gap.len();
    }
    Ok(())
}

/// Changes the case of object keys and of strings, as people mistype them.
fn recase(value: &Value, flips: &[u8], i: &mut usize) -> Value {
    let next = |i: &mut usize| {
        *i += 1;
        flips[*i % flips.len()]
    };
    let change = |s: &str, how: u8| match how {
        1 => s.to_ascii_lowercase(),
        2 => s.to_ascii_uppercase(),
        3 => {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
        _ => s.to_string(),
    };
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = change(k, next(i));
                let v = recase(v, flips, i);
                out.insert(key, v);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| recase(v, flips, i)).collect()),
        Value::String(s) => Value::String(change(s, next(i))),
        v => v.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Any text as an --endpoint: parsed or refused, never a panic, and a hint for every line that parses.
    #[test]
    fn request_lines_never_panic(text in "\\PC{0,60}", prefix in prop::sample::select(vec!["", "POST ", "PUT https://", "GET /api/", "> PATCH //"]), suffix in prop::sample::select(vec!["", " HTTP/1.1", " HTTPé/1", "?a=é#x"])) {
        let line = format!("{prefix}{text}{suffix}");
        if let Some(parsed) = mdediag::operations::RequestLine::parse(&line) {
            prop_assert!(parsed.path.starts_with('/'));
            prop_assert!(!parsed.path.contains("//"));
            if parsed.operation().is_none() {
                prop_assert!(!parsed.no_match_hint().is_empty());
            }
        }
    }

    /// Any JSON value, compact or pretty, against any operation: findings are sane and render.
    #[test]
    fn engine_takes_any_json_value(value in json_value(), op in 0..mdediag::operations::with_body().count(), pretty in any::<bool>()) {
        let src = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        let op = mdediag::operations::with_body().nth(op).expect("an operation");
        let findings = lint::lint(&src, op, NOW);
        check_findings(&src, &findings)?;
        if let Ok(body) = lint::parse_body(&src) {
            let _ = lint::infer(&body);
        }
        check_fix(&src, op)?;
    }

    /// An example body with one member replaced by any value (so every parameter check sees hostile values).
    #[test]
    fn engine_takes_any_value_in_a_real_body(
        which in any::<prop::sample::Index>(),
        slot in any::<prop::sample::Index>(),
        value in json_value(),
    ) {
        let ops = json_ops();
        let op = ops[which.index(ops.len())];
        let mut body: Value = serde_json::from_str(example(op)).unwrap();
        if let Value::Object(map) = &mut body {
            let names: Vec<String> = op.params().iter().map(|p| p.name.to_string()).collect();
            if !names.is_empty() {
                map.insert(names[slot.index(names.len())].clone(), value);
            }
        }
        let src = serde_json::to_string_pretty(&body).unwrap();
        check_findings(&src, &lint::lint(&src, op, NOW))?;
        check_fix(&src, op)?;
    }

    /// Example bodies cut, spliced and corrupted byte-wise, including into invalid UTF-8.
    #[test]
    fn engine_takes_mutated_examples(which in any::<prop::sample::Index>(), edits in mutations()) {
        let ops = json_ops();
        let op = ops[which.index(ops.len())];
        let bytes = mutate(example(op).as_bytes(), &edits);
        match std::str::from_utf8(&bytes) {
            Ok(src) => {
                check_findings(src, &lint::lint(src, op, NOW))?;
                check_fix(src, op)?;
            }
            Err(e) => {
                let f = lint::not_utf8(&bytes, e);
                prop_assert_eq!(f.id, Rule::InvalidJson);
                prop_assert!(f.at.line >= 1 && f.at.column >= 1);
            }
        }
    }

    /// Case slips in keys and values of a real body: --fix repairs every one it may, and nothing else.
    #[test]
    fn fix_repairs_case_slips(
        which in any::<prop::sample::Index>(),
        flips in prop::collection::vec(0u8..4, 1..16),
        pretty in any::<bool>(),
    ) {
        let ops = json_ops();
        let op = ops[which.index(ops.len())];
        let body: Value = serde_json::from_str(example(op)).unwrap();
        let slipped = recase(&body, &flips, &mut 0);
        let src = if pretty { serde_json::to_string_pretty(&slipped).unwrap() } else { slipped.to_string() };
        check_fix(&src, op)?;
        let findings = lint::lint(&src, op, NOW);
        let (fixed, _) = fix::apply(&src, &findings);
        // Case fixes change case only: same length, same text ignoring ASCII case.
        prop_assert_eq!(fixed.to_ascii_lowercase(), src.to_ascii_lowercase());
        let again = lint::lint(&fixed, op, NOW);
        prop_assert!(
            !again.iter().any(|f| f.id == Rule::KeyCase),
            "key case slips left: {:?}", again
        );
    }
}

/// Every span of a parsed document: each value's span re-parses (with serde_json) to that value, and each
/// key's span is the key as a JSON string.
fn check_spans(src: &str, node: &json::Node) -> Result<(), TestCaseError> {
    let text = &src[node.span.start..node.span.end];
    let again: Value = serde_json::from_str(text)
        .map_err(|e| TestCaseError::fail(format!("span {text:?} does not parse: {e}")))?;
    prop_assert_eq!(&again, &json::to_serde(node));
    match &node.value {
        json::Value::Array(items) => {
            for item in items {
                check_spans(src, item)?;
            }
        }
        json::Value::Object(members) => {
            for m in members {
                let key: String = serde_json::from_str(&src[m.key_span.start..m.key_span.end])
                    .map_err(|e| TestCaseError::fail(format!("key span: {e}")))?;
                prop_assert_eq!(&key, &m.key);
                check_spans(src, &m.value)?;
            }
        }
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The positions parser reads what serde_json writes, to the same value, with spans that point at it.
    #[test]
    fn positions_parser_reads_what_serde_json_writes(value in json_value(), pretty in any::<bool>()) {
        let src = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        let node = json::parse(&src).map_err(|e| TestCaseError::fail(format!("{e:?} on {src}")))?;
        // Compared with serde_json's own reading: without its float_roundtrip feature it may read a float
        // one ulp off what it wrote, and numbers are serde_json's business in both readers.
        prop_assert_eq!(json::to_serde(&node), serde_json::from_str::<Value>(&src).unwrap());
        check_spans(&src, &node)?;
    }

    /// On broken text the positions parser and serde_json agree on whether it is JSON at all, and where both
    /// accept it they read the same value.
    #[test]
    fn positions_parser_accepts_exactly_what_serde_json_accepts(
        value in json_value(),
        edits in mutations(),
    ) {
        let bytes = mutate(value.to_string().as_bytes(), &edits);
        let Ok(src) = std::str::from_utf8(&bytes) else { return Ok(()) };
        let ours = json::parse(src);
        let theirs = serde_json::from_str::<Value>(src);
        // Deliberate difference: a number beyond f64 (`1e400`) is valid JSON, which serde_json refuses and the
        // positions parser keeps (as its text), so one huge number does not hide a whole body from lint.
        if theirs.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")) {
            return Ok(());
        }
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", src, ours.as_ref().err(), theirs.as_ref().err());
        if let (Ok(node), Ok(v)) = (ours, theirs) {
            prop_assert_eq!(json::to_serde(&node), v);
        }
    }
}
