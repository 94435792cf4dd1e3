use super::*;
use crate::lint::{Rule, Severity};

fn check(line: &str) -> Checked {
    check_request_line(line).expect("a request line")
}

fn rules(line: &str) -> Vec<&'static str> {
    check(line).findings.iter().map(|f| f.id.id()).collect()
}

/// The docs examples, from the fixture: (page, request line).
fn docs_examples() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/odata/docs-examples.txt"
    );
    std::fs::read_to_string(path)
        .expect("fixture")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (page, line) = l.split_once('\t').expect("page<TAB>line");
            (page.to_string(), line.to_string())
        })
        .collect()
}

#[test]
fn every_docs_example_lints_clean() {
    let examples = docs_examples();
    assert!(examples.len() >= 10, "{}", examples.len());
    let with_filter = examples
        .iter()
        .filter(|(_, l)| l.contains("$filter"))
        .count();
    assert!(with_filter >= 8, "{with_filter}");
    for (page, line) in &examples {
        let c = check(line);
        assert!(c.endpoint.is_some(), "{page}: {line}: no OData facts");
        let loud: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Note)
            .map(|f| format!("{}: {}", f.id.id(), f.message))
            .collect();
        assert!(loud.is_empty(), "{page}: {line}: {loud:?}");
    }
}

/// A path that reaches the endpoint (placeholders filled).
fn path_of(e: &Endpoint) -> String {
    e.path()
        .replace("{id}", "1e5bc9d7e413ddd7902c2932e418702b84d0cc07")
}

fn flip(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    chars[0] = if chars[0].is_uppercase() {
        chars[0].to_ascii_lowercase()
    } else {
        chars[0].to_ascii_uppercase()
    };
    chars.into_iter().collect()
}

#[test]
fn case_flips_of_every_filterable_property_are_caught_and_fixed() {
    let mut tried = 0;
    for e in endpoints::endpoints() {
        for p in e.filterable() {
            let flipped = flip(p.name);
            if p.also.contains(&flipped.as_str()) || e.filter.contains(&flipped.as_str()) {
                continue;
            }
            let line = format!("GET {}?$filter={flipped} eq null", path_of(&e));
            let c = check(&line);
            let f = c
                .findings
                .iter()
                .find(|f| f.id == Rule::OdataPropertyCase)
                .unwrap_or_else(|| panic!("{line}: {:?}", c.findings));
            assert_eq!(
                f.at.column,
                line.find(&flipped).expect("in line") + 1,
                "{line}"
            );
            let (fixed, n) = fixed(&line, &c.findings);
            assert_eq!(n, 1, "{line}");
            assert_eq!(
                fixed,
                format!("GET {}?$filter={} eq null", path_of(&e), p.name)
            );
            tried += 1;
        }
    }
    assert!(tried > 50, "{tried}");
}

#[test]
fn typos_of_every_filterable_property_are_caught() {
    for e in endpoints::endpoints() {
        for p in e.filterable().into_iter().filter(|p| p.name.len() >= 6) {
            // Drop the fourth letter: a one-letter slip.
            let typo: String = p
                .name
                .chars()
                .enumerate()
                .filter(|(i, _)| *i != 3)
                .map(|(_, c)| c)
                .collect();
            let line = format!("GET {}?$filter={typo} eq null", path_of(&e));
            let c = check(&line);
            let f = c
                .findings
                .iter()
                .find(|f| f.id == Rule::OdataUnknownProperty)
                .unwrap_or_else(|| panic!("{line}: {:?}", c.findings));
            assert!(
                f.help.as_deref().is_some_and(|h| h.contains(p.name)),
                "{line}: {:?}",
                f.help
            );
        }
    }
}

#[test]
fn the_issue_cases_are_caught_with_columns_and_fixes() {
    let line = "GET https://api.securitycenter.microsoft.com/api/machines?$filter=healthstatus eq 'active'&$top=20000";
    let c = check(line);
    let got: Vec<(&str, usize)> = c
        .findings
        .iter()
        .map(|f| (f.id.id(), f.at.column))
        .collect();
    let col = |s: &str| line.find(s).expect(s) + 1;
    assert!(
        got.contains(&("odata-property-case", col("healthstatus"))),
        "{got:?}"
    );
    assert!(got.contains(&("odata-enum-case", col("active"))), "{got:?}");
    assert!(
        got.contains(&("odata-top-exceeded", col("20000"))),
        "{got:?}"
    );
    let (fixed, _) = fixed(line, &c.findings);
    assert!(
        fixed.ends_with("$filter=healthStatus eq 'Active'&$top=10000"),
        "{fixed}"
    );
    assert!(
        rules(&fixed).iter().all(|r| *r == "odata-encoding"),
        "{:?}",
        rules(&fixed)
    );
}

#[test]
fn value_types_dates_and_options_are_checked() {
    assert!(rules("GET /api/machines?$filter=healthStatus eq Active").contains(&"odata-value-type"));
    assert!(rules("GET /api/alerts?$filter=incidentId eq '42'").contains(&"odata-value-type"));
    assert!(
        rules("GET /api/alerts?$filter=lastUpdateTime ge '2024-01-01T00:00:00Z'")
            .contains(&"odata-datetime")
    );
    assert!(
        rules("GET /api/alerts?$filter=lastUpdateTime ge 2024/01/01").contains(&"odata-datetime")
    );
    assert!(
        rules("GET /api/alerts?$filter=lastUpdateTime ge 2024-01-01T00:00:00")
            .contains(&"odata-datetime")
    );
    assert!(
        rules("GET /api/machines?$filter=healthStatus eq 'Broken'").contains(&"odata-enum-value")
    );
    assert!(rules("GET /api/machines?$filters=healthStatus eq 'Active'")
        .contains(&"odata-unknown-option"));
    assert!(rules("GET /api/machines?$Top=10").contains(&"odata-unknown-option"));
    assert!(rules("GET /api/machines?top=10").contains(&"odata-missing-dollar"));
    assert!(rules("GET /api/machines?$top=1&$top=2").contains(&"odata-duplicate-option"));
    assert!(rules("GET /api/machines?$expand=evidence").contains(&"odata-undocumented-option"));
    assert!(rules("GET /api/machines?$filter=firstSeen gt 2024-01-01Z")
        .contains(&"odata-not-filterable"));
    assert!(rules("GET /api/machines?$filter=healthStatus == 'Active'").contains(&"odata-syntax"));
    assert!(
        rules("GET /api/machines?$filter=contains(computerDnsName,'x')")
            .contains(&"odata-function")
    );
    assert!(rules("GET /api/machines?$filter=machineTags eq 'x'").contains(&"odata-value-type"));
    assert!(
        rules("GET /api/machines?$filter=machineTags/any(t: t eq 'x')")
            .iter()
            .all(|r| *r == "odata-encoding")
    );
    assert!(rules("GET /api/vulnerabilities?$top=9000").contains(&"odata-top-exceeded"));
    assert!(rules("GET /api/alerts?$filter=InvestigationId eq 5").contains(&"odata-doc-spelling"));
    assert!(rules("GET /api/machineactions?$stop=10").contains(&"odata-unknown-option"));
    assert!(rules("GET /api/alerts?$expand=Evidence").contains(&"odata-property-case"));
    assert!(rules(
        "GET /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/software?$filter=a eq 1"
    )
    .contains(&"odata-no-facts"));
    assert!(rules("GET /api/machines").is_empty());
}

#[test]
fn url_encoding_slips_are_caught() {
    assert!(rules("GET /api/machines?$filter=computerDnsName eq 'a#b'").contains(&"odata-encoding"));
    let c = check("GET /api/indicators?$filter=title eq 'A&B'");
    assert!(c.findings.iter().any(|f| f.id == Rule::OdataEncoding
        && f.severity == Severity::Error
        && f.message.contains('&')));
    let c = check("GET /api/indicators?$filter=title eq 'a+b'");
    assert!(
        c.findings.iter().any(|f| f.message.contains("'a b'")),
        "{:?}",
        c.findings
    );
    // A query that writes every space as + means a space by a + inside a value too.
    assert!(rules("GET /api/indicators?$filter=title+eq+'a+b'").is_empty());
    // A fragment outside quotes cuts the query: what comes before is still checked.
    let c = check("GET /api/machines?$top=10#page2");
    assert_eq!(c.findings.len(), 1, "{:?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(
        rules("GET /api/machines?$filter=computerDnsName%20eq%20%27x%zz%27")
            .contains(&"odata-encoding")
    );
    // Encoded and plain forms point at the same property.
    let line = "GET /api/machines?$filter=healthstatus%20eq%20%27Active%27";
    let c = check(line);
    assert_eq!(
        c.findings[0].at.column,
        line.find("healthstatus").expect("name") + 1
    );
}

#[test]
fn hostile_queries_end_in_findings_not_panics() {
    for q in [
        "$filter=((((",
        "$filter='",
        "$filter=%",
        "$filter=%C3",
        "$filter=a/any(",
        "$filter=a/any(x",
        "$filter=a/any(x:",
        "$filter=not",
        "$filter=é eq 'é'",
        "$top=99999999999999999999999",
        "$orderby=,,,",
        "$select= ",
        "&&&==",
        "$filter=a in (",
        "$filter=startswith(",
        // Found by the generated test below: a bad escape right before a 4-byte character.
        "%\u{1ee79}",
    ] {
        let _ = check(&format!("GET /api/machines?{q}"));
    }
}

#[test]
fn every_query_rule_has_a_query_that_triggers_it() {
    let cases = [
        (
            Rule::OdataSyntax,
            "GET /api/machines?$filter=healthStatus == 'Active'",
        ),
        (Rule::OdataUnknownOption, "GET /api/machines?$filters=x"),
        (Rule::OdataMissingDollar, "GET /api/machines?top=10"),
        (
            Rule::OdataUndocumentedOption,
            "GET /api/machines?$orderby=lastSeen desc",
        ),
        (
            Rule::OdataDuplicateOption,
            "GET /api/machines?$top=1&$top=2",
        ),
        (
            Rule::OdataPropertyCase,
            "GET /api/machines?$filter=lastseen gt 2024-01-01Z",
        ),
        (
            Rule::OdataUnknownProperty,
            "GET /api/machines?$filter=lastSeenX gt 2024-01-01Z",
        ),
        (
            Rule::OdataNotFilterable,
            "GET /api/machines?$filter=firstSeen gt 2024-01-01Z",
        ),
        (
            Rule::OdataDocSpelling,
            "GET /api/remediationTasks?$filter=createdon gt 2024-01-01Z",
        ),
        (
            Rule::OdataFunction,
            "GET /api/machines?$filter=like(computerDnsName,'x')",
        ),
        (
            Rule::OdataOperator,
            "GET /api/alerts?$filter=status has 'New'",
        ),
        (
            Rule::OdataValueType,
            "GET /api/alerts?$filter=incidentId eq 'x'",
        ),
        (
            Rule::OdataDatetime,
            "GET /api/alerts?$filter=lastUpdateTime ge 2024-1-1",
        ),
        (
            Rule::OdataEnumCase,
            "GET /api/alerts?$filter=status eq 'new'",
        ),
        (
            Rule::OdataEnumValue,
            "GET /api/alerts?$filter=status eq 'Open'",
        ),
        (Rule::OdataTopExceeded, "GET /api/alerts?$top=10001"),
        (
            Rule::OdataEncoding,
            "GET /api/alerts?$filter=title eq 'a#b'",
        ),
        (
            Rule::OdataNoFacts,
            "GET /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/software?$top=1",
        ),
    ];
    for rule in Rule::ALL.iter().filter(|r| r.id().starts_with("odata-")) {
        let (_, line) = cases
            .iter()
            .find(|(r, _)| r == rule)
            .unwrap_or_else(|| panic!("{} has no case", rule.id()));
        let c = check(line);
        assert!(
            c.findings.iter().any(|f| f.id == *rule),
            "{}: {line}: {:?}",
            rule.id(),
            c.findings
        );
    }
}

#[test]
fn rows_for_operations_list_filterable_properties_first() {
    let e = find("GET", "/api/machines").expect("machines");
    let rows = e.rows();
    assert_eq!(rows.len(), e.entity.properties.len());
    assert_eq!(rows.iter().filter(|r| r.filterable).count(), e.filter.len());
    assert!(rows[..e.filter.len()].iter().all(|r| r.filterable));
    let health = rows.iter().find(|r| r.name == "healthStatus").expect("row");
    assert_eq!(
        (health.ty, health.values.first()),
        ("Enum", Some(&"Active"))
    );
}

#[test]
fn a_raw_plus_in_a_zone_offset_is_caught_and_the_filter_still_read() {
    let line =
        "GET /api/alerts?$filter=lastUpdateTime ge 2024-01-01T10:00:00+01:00 and status eq 'new'";
    let c = check(line);
    let got: Vec<(&str, usize)> = c
        .findings
        .iter()
        .map(|f| (f.id.id(), f.at.column))
        .collect();
    assert!(
        got.contains(&("odata-encoding", line.find('+').expect("plus") + 1)),
        "{got:?}"
    );
    assert!(got.iter().any(|(r, _)| *r == "odata-enum-case"), "{got:?}");
    assert!(
        !got.iter()
            .any(|(r, _)| *r == "odata-syntax" || *r == "odata-datetime"),
        "{got:?}"
    );
    let (fixed, _) = fixed(line, &c.findings);
    assert!(fixed.contains("10:00:00%2B01:00"), "{fixed}");
    assert!(
        rules("GET /api/alerts?$filter=lastUpdateTime ge 2024-01-01T10:00:00%2B01:00")
            .iter()
            .all(|r| *r == "odata-encoding")
    );
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    /// Query-ish text: OData words, quotes, escapes and separators mixed with anything.
    fn query() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("$filter=".to_string()),
            Just("$top=".to_string()),
            Just("&".to_string()),
            Just("'".to_string()),
            Just("%27".to_string()),
            Just("%".to_string()),
            Just("+".to_string()),
            Just(" eq ".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("#".to_string()),
            Just("healthStatus".to_string()),
            Just("/any(t: t eq 'x')".to_string()),
            Just("2024-01-01T00:00:00+01:00".to_string()),
            "\\PC{0,4}",
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Any query: no panic, spans inside the text on character boundaries, and fixing then checking
        /// again works too.
        #[test]
        fn any_query_gives_findings_with_sound_spans(q in query()) {
            let line = format!("GET https://api.security.microsoft.com/api/machines?{q}");
            let c = check(&line);
            let width = line.chars().count() + 1;
            for f in &c.findings {
                prop_assert!(f.at.span.end <= line.len() && f.at.span.start <= f.at.span.end, "{f:?}");
                prop_assert!(line.is_char_boundary(f.at.span.start) && line.is_char_boundary(f.at.span.end), "{f:?}");
                prop_assert!(f.at.line == 1 && f.at.column >= 1 && f.at.column <= width, "{f:?}");
            }
            let (fixed, _) = fixed(&line, &c.findings);
            let _ = check(&fixed);
        }
    }
}

/// Every route with OData facts is found by its own method and path, and `operations NAME` shows its query
/// options.
#[test]
fn every_odata_route_is_found_and_shown() {
    for e in super::endpoints::endpoints() {
        let route = e.route;
        let found = find(e.method(), e.path()).map(|f| f.route);
        assert!(found.is_some_and(|f| std::ptr::eq(f, route)), "{}", e.key());
        assert!(
            !crate::render::operations::odata_lines(route).is_empty(),
            "{}",
            e.key()
        );
        assert!(crate::render::operations::odata_json(route).is_some());
    }
}

/// Lines of a cases fixture: (source, expected: `ok` or a rule id, request line).
fn cases(file: &str) -> Vec<(String, String, String)> {
    let path = format!("{}/tests/fixtures/odata/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .expect("fixture")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
                panic!("{file}: source<TAB>expected<TAB>line: {l}");
            };
            (a.to_string(), b.to_string(), c.to_string())
        })
        .collect()
}

fn errors(line: &str) -> Vec<&'static str> {
    check(line)
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.id.id())
        .collect()
}

#[test]
fn docs_cases_and_public_clients_get_exactly_the_verdict_their_source_gives() {
    let mut all = cases("docs-cases.txt");
    assert!(all.len() >= 40, "{}", all.len());
    let clients = cases("real-clients.txt");
    assert!(clients.len() >= 8, "{}", clients.len());
    all.extend(clients);
    for (source, expected, line) in &all {
        let got = errors(line);
        if expected == "ok" {
            assert!(got.is_empty(), "{source}: {line}: {got:?}");
        } else {
            assert!(
                got.contains(&expected.as_str()),
                "{source}: {line}: want {expected}, got {got:?}"
            );
        }
    }
}

#[test]
fn lines_the_evidence_table_marks_accepted_get_no_error_or_warning() {
    for a in super::evidence::ACCEPTED_OPTIONS {
        let c = check(a.example);
        let loud: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Note)
            .map(|f| format!("{}: {}", f.id.id(), f.message))
            .collect();
        assert!(loud.is_empty(), "{}: {loud:?}", a.example);
        // The note names the level and the source; it predicts no error.
        let note = c
            .findings
            .iter()
            .find(|f| f.id == Rule::OdataUndocumentedOption)
            .expect("a note");
        assert!(note.message.contains("the service is seen to accept it"));
        assert!(note
            .message
            .contains(a.source.split(' ').next().unwrap_or("")));
        assert_eq!(note.would_cause, None);
    }
}

#[test]
fn every_enum_value_on_every_endpoint_is_checked_in_exact_case() {
    let mut tried = 0;
    for e in endpoints::endpoints() {
        for p in e.filterable().into_iter().filter(|p| !p.values.is_empty()) {
            for v in p.values {
                let base = format!("GET {}?$filter={} eq ", path_of(&e), p.name);
                let exact = format!("{base}'{}'", v.replace(' ', "%20").replace(',', "%2C"));
                assert!(errors(&exact).is_empty(), "{exact}: {:?}", errors(&exact));
                let upper = v.to_uppercase();
                if upper != *v {
                    let line = format!("{base}'{}'", upper.replace(' ', "%20").replace(',', "%2C"));
                    assert!(errors(&line).contains(&"odata-enum-case"), "{line}");
                }
                tried += 1;
            }
            let line = format!("GET {}?$filter={} eq 'NoSuchValue'", path_of(&e), p.name);
            assert!(errors(&line).contains(&"odata-enum-value"), "{line}");
        }
    }
    assert!(tried > 60, "{tried}");
}

#[test]
fn doc_spellings_and_doc_typos_are_notes_that_fix_never_rewrites() {
    for line in [
        "GET /api/machines?$filter=RiskScore eq 'High'",
        "GET /api/machineactions?$filter=CreationDateTimeUtc ge 2024-01-01T00:00:00Z",
        "GET /api/machines?$filter=onboardingStatus eq 'onboarded'",
        "GET /api/alerts?$filter=InvestigationId eq 5",
    ] {
        let c = check(line);
        let notes: Vec<&Finding> = c
            .findings
            .iter()
            .filter(|f| matches!(f.id, Rule::OdataDocSpelling | Rule::OdataEnumCase))
            .collect();
        assert!(!notes.is_empty(), "{line}");
        for f in notes {
            assert_eq!(f.severity, Severity::Note, "{line}");
            assert!(
                f.message.contains("the docs contradict themselves"),
                "{line}: {}",
                f.message
            );
            assert!(!f.fix.as_ref().is_some_and(|x| x.safe), "{line}");
        }
        assert_eq!(fixed(line, &c.findings), (line.to_string(), 0), "{line}");
    }
}

#[test]
fn the_startswith_warning_is_accurate_to_the_samples_page() {
    let c = check("GET /api/machines?$filter=startswith(lastIpAddress,'10.')");
    let f = c
        .findings
        .iter()
        .find(|f| f.id == Rule::OdataFunction)
        .expect("a warning");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message
            .contains("only on computerDnsName, not on lastIpAddress"),
        "{}",
        f.message
    );
    assert_eq!(f.would_cause, None);
    let c = check("GET /api/alerts?$filter=startswith(title,'x')");
    let f = c
        .findings
        .iter()
        .find(|f| f.id == Rule::OdataFunction)
        .expect("a warning");
    assert!(
        f.message
            .contains("the docs show no startswith() on GET /api/alerts"),
        "{}",
        f.message
    );
}

/// Every line the fixtures hold, working or not, plus mutations of the working ones.
fn every_line() -> Vec<String> {
    let mut lines: Vec<String> = docs_examples().into_iter().map(|(_, l)| l).collect();
    for file in ["docs-cases.txt", "real-clients.txt"] {
        lines.extend(cases(file).into_iter().map(|(_, _, l)| l));
    }
    lines.extend(
        super::evidence::ACCEPTED_OPTIONS
            .iter()
            .map(|a| a.example.to_string()),
    );
    let working: Vec<String> = lines.clone();
    for l in &working {
        let Some((head, query)) = l.split_once('?') else {
            continue;
        };
        // The query with one slip: an encoder's (+ as %2B, an encoded space encoded again).
        lines.push(format!("{head}?{}", query.replace(' ', "%2B")));
        lines.push(format!("{head}?{}", query.replace(' ', "%2520")));
        // Slips people make: case, quotes, operators, spacing, encoding, options.
        lines.push(l.replace("$top", "$Top"));
        lines.push(l.replace("$filter", "filter"));
        lines.push(l.replace(" eq ", " == "));
        lines.push(l.replace("' and ", "'and "));
        lines.push(l.replace('\'', "\""));
        lines.push(l.replace("%20", "%2520"));
        lines.push(l.replace("'High'", "'high'"));
        lines.push(l.replace("'Active'", "'active'"));
        lines.push(l.replace("Z", ""));
        lines.push(l.replace("10000", "10001"));
    }
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn every_fix_never_turns_a_working_line_into_a_failing_one() {
    let lines = every_line();
    assert!(lines.len() > 200, "{}", lines.len());
    let mut fixes = 0;
    for line in &lines {
        let c = check(line);
        let before = errors(line);
        // Each safe fix alone, then all together: never a new error, never more errors.
        let safe: Vec<&Finding> = c
            .findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
            .collect();
        // A filter that does not parse hides what else is wrong in it: mending the parse may show more.
        let hidden = before.contains(&"odata-syntax");
        for f in &safe {
            let (one, n) = fixed(line, std::slice::from_ref(*f));
            assert_eq!(n, 1, "{line}");
            let after = errors(&one);
            if !hidden {
                assert!(
                    after.len() <= before.len(),
                    "{line}\n -> {one}\n{before:?} -> {after:?}"
                );
                for rule in &after {
                    assert!(before.contains(rule), "{line}\n -> {one}: new {rule}");
                }
            }
            fixes += 1;
        }
        let (all, _) = fixed(line, &c.findings);
        let after = errors(&all);
        if !hidden {
            assert!(
                after.len() <= before.len(),
                "{line}\n -> {all}\n{before:?} -> {after:?}"
            );
        }
        if before.is_empty() {
            assert!(after.is_empty(), "{line}\n -> {all}: {after:?}");
        }
        // A fixed line is stable: fixing it again changes nothing that was an error.
        let again = check(&all);
        let (twice, _) = fixed(&all, &again.findings);
        assert!(errors(&twice).len() <= after.len(), "{all} -> {twice}");
    }
    assert!(fixes > 100, "{fixes}");
}
