//! Behaviour of the value checks as new users meet them: impossible date-times, near enum values, bodies
//! encoded twice (tests/fixtures/lint/NEWUSER.md lists the inputs behind them).

use super::*;
use crate::operations::by_name;

/// 2025-01-01T00:00:00Z, as in `tests.rs`.
const NOW: i64 = 1_735_689_600;

fn run(op: &str, body: &str) -> Vec<Finding> {
    lint(body, by_name(op).expect("operation"), NOW)
}

#[test]
fn an_impossible_date_time_names_the_value_at_fault() {
    let body = |t: &str| {
        format!(
            r#"{{"indicatorValue": "contoso.com", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d", "expirationTime": "{t}"}}"#
        )
    };
    let message = |t: &str| {
        run("submit-or-update-indicator", &body(t))
            .into_iter()
            .find(|f| f.id == Rule::InvalidDatetime)
            .map(|f| f.message)
    };
    let month = message("2027-13-01T00:00:00Z").expect("month 13");
    assert!(month.contains("month 13 does not exist"), "{month}");
    let day = message("2027-02-30T00:00:00Z").expect("30 February");
    assert!(day.contains("is no real date-time"), "{day}");
    // A wrong shape keeps the shape message, with an example.
    let shape = message("12/31/2027 00:00:00").expect("US date");
    assert!(shape.contains("e.g. 2025-12-31T00:00:00Z"), "{shape}");
    assert_eq!(message("2027-12-31T00:00:00Z"), None);
}

#[test]
fn a_value_that_is_part_of_one_allowed_value_suggests_it() {
    let found = |indicator_type: &str, action: &str| {
        let body = format!(
            r#"{{"indicatorValue": "contoso.com", "indicatorType": "{indicator_type}", "action": "{action}", "title": "t", "description": "d"}}"#
        );
        run("submit-or-update-indicator", &body)
            .into_iter()
            .filter(|f| f.id == Rule::EnumValue)
            .map(|f| (f.message, f.fix.map(|x| (x.replacement, x.safe))))
            .collect::<Vec<_>>()
    };
    let domain = found("Domain", "Block");
    assert!(
        domain[0].0.ends_with("did you mean `DomainName`?"),
        "{domain:?}"
    );
    assert_eq!(domain[0].1, Some(("\"DomainName\"".to_string(), false)));
    let sha = found("sha256", "Block");
    assert!(sha[0].0.contains("`FileSha256`"), "{sha:?}");
    assert!(found("DomainName", "Allow")[0].0.contains("`Allowed`"));
    // Part of several (`File`: FileSha1, FileMd5, FileSha256) or of none: no guess.
    let file = found("File", "Block");
    assert!(!file[0].0.contains("did you mean"), "{file:?}");
    assert!(!found("Registry", "Block")[0].0.contains("did you mean"));
}

#[test]
fn a_body_encoded_twice_says_so() {
    let help = |body: &str| {
        run("isolate-machine", body)
            .into_iter()
            .find(|f| f.id == Rule::WrongType)
            .and_then(|f| f.help)
            .unwrap_or_default()
    };
    let twice = help(r#""{\"Comment\":\"x\",\"IsolationType\":\"Full\"}""#);
    assert!(twice.contains("encoded twice"), "{twice}");
    // Another string or an array is no object either, but nothing says it was encoded twice.
    for other in [r#""isolate""#, "[1]"] {
        let h = help(other);
        assert!(
            h.contains("parameters of isolate-machine") && !h.contains("twice"),
            "{h}"
        );
    }
}
