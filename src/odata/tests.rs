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
    e.path
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
    for e in ENDPOINTS {
        for p in e.filterable() {
            let flipped = flip(p.name);
            if p.also.contains(&flipped.as_str()) || e.filter.contains(&flipped.as_str()) {
                continue;
            }
            let line = format!("GET {}?$filter={flipped} eq null", path_of(e));
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
                format!("GET {}?$filter={} eq null", path_of(e), p.name)
            );
            tried += 1;
        }
    }
    assert!(tried > 50, "{tried}");
}

#[test]
fn typos_of_every_filterable_property_are_caught() {
    for e in ENDPOINTS {
        for p in e.filterable().into_iter().filter(|p| p.name.len() >= 6) {
            // Drop the fourth letter: a one-letter slip.
            let typo: String = p
                .name
                .chars()
                .enumerate()
                .filter(|(i, _)| *i != 3)
                .map(|(_, c)| c)
                .collect();
            let line = format!("GET {}?$filter={typo} eq null", path_of(e));
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
    let e = for_route("GET", "/api/machines").expect("machines");
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

/// The OData table and the route table meet on (method, path template) exactly as both write them: every
/// endpoint with OData facts is a documented route, so `operations NAME` shows its query options.
#[test]
fn every_odata_endpoint_is_a_route() {
    use crate::operations::{routes, Method};
    for e in super::ENDPOINTS {
        let method = Method::parse(e.method).expect("a method");
        let route = routes::by_key(method, e.path)
            .unwrap_or_else(|| panic!("{} is no route of src/operations", e.key()));
        assert!(
            !crate::render::operations::odata_lines(route).is_empty(),
            "{}",
            e.key()
        );
        assert!(crate::render::operations::odata_json(route).is_some());
    }
}
