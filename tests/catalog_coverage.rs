//! The catalog covers Microsoft's common errors table exactly (codes and statuses copied from the docs into
//! tests/fixtures/common-errors.tsv), plus the extra codes users meet, each with real causes and fix steps.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use serde_json::Value;

fn codes_json(extra: &[&str]) -> Vec<Value> {
    let out = assert_cmd::Command::cargo_bin("mdediag")
        .unwrap()
        .args(["codes", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    // The catalog's entries; the codes of calls that got no response come after them (family
    // `no-response`, checked by tests/newuser_more.rs).
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["family"] != "no-response")
        .cloned()
        .collect()
}

fn find<'a>(all: &'a [Value], code: &str) -> &'a Value {
    all.iter()
        .find(|e| e["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing from `codes --format json`"))
}

#[test]
fn every_documented_code_has_microsofts_status() {
    let all = codes_json(&[]);
    let table = include_str!("fixtures/common-errors.tsv");
    let rows: Vec<_> = table.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows.len(), 20);
    for row in rows {
        let mut cols = row.split('\t');
        let (code, status) = (cols.next().unwrap(), cols.next().unwrap());
        let entry = find(&all, code);
        assert_eq!(entry["http_status"].to_string(), status, "{code}");
        assert_eq!(entry["evidence"], "common-table", "{code}");
    }
}

#[test]
fn extra_codes_are_present() {
    let all = codes_json(&[]);
    for code in [
        "ActiveRequestAlreadyExists",
        "UnknownError",
        "InvalidAuthenticationTokenAudience",
        "InvalidAuthenticationToken",
        "Authentication_MissingOrMalformed",
        "Authorization_RequestDenied",
        "accessDenied",
        "Request_ResourceNotFound",
        "AuthorizationFailed",
        "invalid_client",
        "invalid_grant",
        "invalid_request",
        "invalid_resource",
        "invalid_scope",
        "unauthorized_client",
    ] {
        find(&all, code);
    }
    for n in [
        7000215, 7000222, 700016, 90002, 500011, 65001, 70011, 901002, 50076, 50079, 53003, 700024,
    ] {
        let entry = find(&all, &format!("AADSTS{n}"));
        assert_eq!(entry["aadsts"], n);
    }
    // The generic entry for every AADSTS number without one of its own: no number.
    let generic = find(&all, "AADSTS");
    assert_eq!(
        (&generic["family"], &generic["aadsts"]),
        (&Value::from("aadsts"), &Value::Null)
    );
}

#[test]
fn every_entry_has_causes_fix_steps_and_a_retry_class() {
    for entry in codes_json(&[]) {
        let code = entry["code"].as_str().unwrap();
        for field in ["causes", "fix"] {
            let items = entry[field].as_array().unwrap();
            assert!(!items.is_empty(), "{code}: {field} empty");
            assert!(
                items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|s| s.len() > 10)),
                "{code}: {field}"
            );
        }
        assert!(
            ["never", "after-fix", "after-delay", "poll"]
                .contains(&entry["retry"].as_str().unwrap()),
            "{code}"
        );
        assert!(
            entry["docs_url"].as_str().unwrap().starts_with("https://"),
            "{code}"
        );
    }
}

#[test]
fn status_filter_keeps_only_that_status() {
    let forbidden = codes_json(&["--status", "403"]);
    assert!(!forbidden.is_empty());
    assert!(forbidden.iter().all(|e| e["http_status"] == 403));
}

/// `{the invalid hash}` and `{hash}` are the same slot: compare templates with the names blanked out.
fn blank_placeholders(template: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in template.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn documented_message_templates_are_kept_with_named_placeholders() {
    let all = codes_json(&[]);
    for row in include_str!("fixtures/common-errors.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let cols: Vec<&str> = row.split('\t').collect();
        let (code, documented) = (cols[0], cols[2]);
        if documented.starts_with('(') {
            continue; // "(No error message, retry the operation.)" describes an empty message
        }
        let templates = find(&all, code)["message_templates"]
            .as_array()
            .unwrap()
            .clone();
        let want = blank_placeholders(documented);
        // ODataError's table writes its slot as a parenthesis: "(the specific error is specified)".
        let want_paren = blank_placeholders(&documented.replace('(', "{").replace(')', "}"));
        assert!(
            templates.iter().any(|t| {
                let t = blank_placeholders(t.as_str().unwrap());
                t == want || t == want_paren
            }),
            "{code}: no template matches Microsoft's '{documented}'"
        );
        for t in &templates {
            let t = t.as_str().unwrap();
            assert!(!t.contains("{}"), "{code}: unnamed placeholder in '{t}'");
        }
    }
}

#[test]
fn graph_and_arm_codes_are_field_evidence_documented_on_their_own_pages() {
    for entry in codes_json(&[]) {
        let code = entry["code"].as_str().unwrap();
        if !matches!(entry["family"].as_str(), Some("graph" | "arm")) {
            continue;
        }
        // Not in the MDE docs: the evidence says so, and the docs link leads to the service that sends it.
        assert_eq!(entry["evidence"], "field", "{code}");
        let docs = entry["docs_url"].as_str().unwrap();
        assert!(
            docs.starts_with("https://learn.microsoft.com/"),
            "{code}: {docs}"
        );
    }
}

/// Every Dutch name of the nl-NL common errors table resolves, as printed, as one word (`NietGevonden`,
/// the way the table's code column runs words together) and, for the status column, with its number.
#[test]
fn every_dutch_name_of_the_docs_table_resolves() {
    use mdediag::catalog::{find, get, Via};
    let rows: Vec<Vec<&str>> = include_str!("fixtures/common-errors-nl.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 8);
    for row in rows {
        let (name, column, code, status) = (row[0], row[1], row[2], row[3]);
        assert!(get(code).unwrap().aliases_nl.contains(&name), "{name}");
        let one_word: String = name
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect();
        for q in [name.to_string(), name.to_lowercase(), one_word] {
            let hits = find(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
            assert_eq!(hits[0].entry.code, code, "{q}");
            assert_eq!(hits[0].via, Via::DutchAlias(name), "{q}");
        }
        if column == "status" {
            let label = format!("{name} ({status})");
            let hits = find(&label).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert!(hits.iter().any(|h| h.entry.code == code), "{label}");
            assert_eq!(hits[0].via, Via::Status(status.parse().unwrap()), "{label}");
        }
    }
}
