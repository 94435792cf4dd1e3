//! `lint --format sarif`: one SARIF 2.1.0 log with every rule and every result, written in a final step.

use std::io::Write;

use serde_json::{json, Value};

use super::lint::Report;
use crate::lint::{Finding, LineIndex, Rule, RULES};

/// Where the SARIF schema lives.
pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The tool's information page (the MDE API reference it checks against, until the crate has a homepage).
const INFORMATION_URI: &str =
    "https://learn.microsoft.com/en-us/defender-endpoint/api/exposed-apis-list";

/// A file name as a URI reference: `/` kept, anything outside the unreserved set percent-encoded; stdin is `-`.
pub(crate) fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(start: (usize, usize), end: (usize, usize)) -> Value {
    json!({
        "startLine": start.0,
        "startColumn": start.1,
        "endLine": end.0,
        "endColumn": end.1,
    })
}

fn result(report: &Report, f: &Finding) -> Value {
    let rule_index = RULES.iter().position(|r| r.id == f.id.id()).unwrap_or(0);
    let location = uri(&report.file);
    let text = match &f.help {
        Some(help) => format!("{} ({help})", f.message),
        None => f.message.clone(),
    };
    let mut result = json!({
        "ruleId": f.id.id(),
        "ruleIndex": rule_index,
        // SARIF spells its levels as we do (error, warning, note).
        "level": f.severity.as_str(),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": location },
                "region": region((f.at.line, f.at.column), (f.at.end_line, f.at.end_column)),
            }
        }],
        "properties": {
            "wouldCause": f.would_cause,
            "operation": f.operation,
        },
    });
    if let Some(fix) = f.fix.as_ref().filter(|x| x.safe) {
        // The fix's own span: a removed comment reaches past the character the finding points at.
        let index = LineIndex::new(&report.src);
        let (start, end) = (index.position(fix.span.start), index.position(fix.span.end));
        result["fixes"] = json!([{
            "description": { "text": format!("replace with {}", fix.replacement) },
            "artifactChanges": [{
                "artifactLocation": { "uri": location },
                "replacements": [{
                    "deletedRegion": region(start, end),
                    "insertedContent": { "text": fix.replacement },
                }],
            }],
        }]);
    }
    result
}

/// The whole SARIF log as a value.
pub(crate) fn log(reports: &[Report]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.description },
                "help": { "text": r.help },
                "defaultConfiguration": { "level": r.severity.as_str() },
                "properties": { "wouldCause": r.would_cause },
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| {
            r.findings
                .iter()
                .filter(|f| f.id != Rule::NotChecked)
                .map(move |f| result(r, f))
        })
        .collect();
    // Files that could not be checked are facts about the run, not results: SARIF's place for them is the
    // invocation's tool execution notifications.
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|r| r.skipped().map(|f| (r, f)))
        .map(|(r, f)| {
            json!({
                "level": "error",
                "message": { "text": f.message },
                "descriptor": { "id": f.id.id() },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": uri(&r.file) } }
                }],
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mdediag",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            // Our columns count characters, not the UTF-16 units SARIF assumes by default.
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

/// Writes the log.
pub(crate) fn write(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    super::write_json(out, &log(reports))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::lint;
    use crate::operations::by_name;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("dir/my body.json"), "dir/my%20body.json");
        assert_eq!(uri("-"), "-");
        assert_eq!(uri("C:\\x\\ü.json"), "C%3A/x/%C3%BC.json");
    }

    #[test]
    fn results_point_at_their_rule_and_carry_safe_fixes() {
        let body = "{\"comment\": \"x\"}";
        let report = Report {
            file: "b.json".to_string(),
            src: body.to_string(),
            findings: lint(body, by_name("isolate-machine").expect("op"), 0),
        };
        let log = log(&[report]);
        let run = &log["runs"][0];
        let result = &run["results"][0];
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            result["ruleId"]
        );
        assert_eq!(
            result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            "\"Comment\""
        );
    }

    #[test]
    fn a_removed_comment_is_deleted_whole() {
        let body = "{\"Comment\": \"x\" /* note */}";
        let report = Report {
            file: "b.json".to_string(),
            src: body.to_string(),
            findings: lint(body, by_name("isolate-machine").expect("op"), 0),
        };
        let log = log(&[report]);
        let region = &log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
            ["replacements"][0]["deletedRegion"];
        assert_eq!(
            (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
            (Some(16), Some(27)),
            "{region}"
        );
    }
}
