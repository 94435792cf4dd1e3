//! ODataError messages → facts: the `$top` limit and the value sent, a property the OData layer did not
//! find (with the spelling the endpoint's entity has, when the request line or the message tells which),
//! a property the endpoint does not filter on, a refused function, operator or option. When the request
//! line is known, lint's query checks add their findings. The message shapes are those of Microsoft's
//! OData library, which the service answers through (`The limit of '10000' for Top query has been
//! exceeded. The value from the incoming request is '20000'.`).

use super::endpoints::{self, Endpoint, PropertyMatch};
use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::lint::{Rule, Severity};
use crate::operations::entities::ENTITIES;
use crate::response::Request;

/// The text between `prefix` and the next `'` after it.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let lower = message.to_ascii_lowercase();
    let at = lower.find(&prefix.to_ascii_lowercase())? + prefix.len();
    let rest = message.get(at..)?;
    let end = rest.find('\'')?;
    Some(&rest[..end])
}

/// The method and path of the request, when the transcript shows them.
fn route(request: Option<&Request>) -> Option<(String, String)> {
    let r = request?;
    let method = r.method.clone().unwrap_or_else(|| "GET".to_string());
    let line = crate::operations::RequestLine::parse(&format!("{method} {}", r.url))?;
    Some((line.method.as_str().to_string(), line.path))
}

/// The property `name` likely stands for: on the request's endpoint, else on an entity the message's type
/// names (`…PublicMachineDto`), else the one entity with a close property.
fn correct_spelling(name: &str, ep: Option<Endpoint>, type_name: Option<&str>) -> Option<String> {
    let pick = |r: PropertyMatch| match r {
        PropertyMatch::Case(p) | PropertyMatch::Typo(p) | PropertyMatch::DocSpelling(p) => {
            Some(p.name.to_string())
        }
        PropertyMatch::Exact(_) | PropertyMatch::Unknown => None,
    };
    if let Some(ep) = ep {
        return pick(ep.resolve(name));
    }
    let type_lower = type_name.map(str::to_ascii_lowercase).unwrap_or_default();
    let named: Vec<_> = ENTITIES
        .iter()
        .filter(|e| !type_lower.is_empty() && type_lower.contains(&e.name.to_ascii_lowercase()))
        .collect();
    if let Some(e) = named.iter().max_by_key(|e| e.name.len()) {
        return pick(endpoints::resolve(e, &[], name));
    }
    let mut found: Vec<String> = ENTITIES
        .iter()
        .filter_map(|e| pick(endpoints::resolve(e, &[], name)))
        .collect();
    found.sort();
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

/// Facts from an ODataError message and from the request line's query. `code` is the catalog code
/// diagnosed (the query is checked for ODataError and for any 400), `status` the HTTP status.
pub(crate) fn facts(
    code: Option<&str>,
    status: Option<u16>,
    message: Option<&str>,
    request: Option<&Request>,
) -> Vec<Fact> {
    let odata = code == Some("ODataError");
    // An unknown option near a real one (`$stop`) is the cause whatever the code field holds (often empty).
    let near = option_near(message, request);
    if !odata && status != Some(400) && near.is_none() {
        return Vec::new();
    }
    let route = route(request);
    let ep = route.as_ref().and_then(|(m, p)| endpoints::find(m, p));
    let mut out = Vec::new();
    if let Some((name, meant)) = &near {
        out.push(Fact::of(
            FactKind::OdataRefused {
                what: "option",
                name: name.clone(),
            },
            fill(
                Key::OdataTextOptionNear,
                &[("name", name), ("meant", meant)],
            ),
            fill(
                Key::OdataAdviceOptionNear,
                &[("name", name), ("meant", meant)],
            ),
        ));
    }
    if let Some(m) = message.filter(|_| odata || message.is_some_and(|m| m.contains("query"))) {
        from_message(m, ep, &mut out);
    }
    if let Some(r) = request.filter(|r| r.url.contains('?')) {
        from_query(r, &mut out);
    }
    out
}

/// Facts from checking the request line's query, but for what the message already told.
fn from_query(r: &Request, out: &mut Vec<Fact>) {
    let method = r.method.as_deref().unwrap_or("GET");
    let line = format!("{method} {}", r.url);
    if let Some(checked) = super::check_request_line(&line) {
        let mut extra = Vec::new();
        for f in checked
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Note && !told(out, f.id))
        {
            let column = f.at.column.saturating_sub(method.len() + 1).max(1);
            // Lint's help rides in the text: the fix steps stay sentences of their own.
            extra.push(Fact::of(
                FactKind::QueryFinding {
                    rule: f.id.id(),
                    column,
                    message: f.message.clone(),
                },
                match &f.help {
                    Some(help) => fill(
                        Key::OdataTextQueryHelp,
                        &[
                            ("column", &column.to_string()),
                            ("message", &f.message),
                            ("help", help),
                        ],
                    ),
                    None => fill(
                        Key::OdataTextQuery,
                        &[("column", &column.to_string()), ("message", &f.message)],
                    ),
                },
                String::new(),
            ));
        }
        out.extend(extra);
    }
}

/// Whether a fact from the message already tells what a query finding of `rule` would.
fn told(out: &[Fact], rule: Rule) -> bool {
    out.iter().any(|f: &Fact| {
        matches!(
            (&f.id, rule),
            (FactKind::TopLimit { .. }, Rule::OdataTopExceeded)
                | (
                    FactKind::OdataProperty { .. },
                    Rule::OdataPropertyCase | Rule::OdataUnknownProperty
                )
                | (
                    FactKind::OdataNotFilterable { .. },
                    Rule::OdataNotFilterable
                )
                | (
                    FactKind::OdataRefused {
                        what: "function",
                        ..
                    },
                    Rule::OdataFunction
                )
                | (
                    FactKind::OdataRefused {
                        what: "operator",
                        ..
                    },
                    Rule::OdataOperator
                )
                | (
                    FactKind::OdataRefused { what: "option", .. },
                    Rule::OdataUnknownOption | Rule::OdataUndocumentedOption
                )
        )
    })
}

/// A `$`-word of the message or a `$`-option of the request line that is no OData option but nearly one
/// (`$stop` → `$top`, `$Filter` → `$filter`): (as written, the option meant).
fn option_near(message: Option<&str>, request: Option<&Request>) -> Option<(String, String)> {
    // Called for every response diagnosed: most hold no `$` at all, and cost one byte search each.
    let has_dollar = |t: &str| memchr::memchr(b'$', t.as_bytes()).is_some();
    let url_dollar = request.is_some_and(|r| has_dollar(&r.url) || r.url.contains("%24"));
    if !url_dollar && !message.is_some_and(has_dollar) {
        return None;
    }
    let names = endpoints::Opt::ALL.iter().map(|(_, n)| *n);
    let words = |text: &str| -> Vec<String> {
        let mut found = Vec::new();
        for (i, _) in text.match_indices('$') {
            let word: String = text[i + 1..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .take(20)
                .collect();
            if !word.is_empty() {
                found.push(format!("${word}"));
            }
        }
        found
    };
    let mut candidates = Vec::new();
    if let Some(q) = request.and_then(|r| r.url.split_once('?')).map(|(_, q)| q) {
        candidates.extend(
            q.split('&')
                .filter_map(|p| p.split('=').next())
                .map(|n| n.replace("%24", "$"))
                .filter(|n| n.starts_with('$')),
        );
    }
    // Only a message about the query: `$`-words elsewhere are PowerShell variables and the like.
    if let Some(m) = message.filter(|m| {
        let lower = m.to_ascii_lowercase();
        ["query", "option", "parameter"]
            .iter()
            .any(|w| lower.contains(w))
    }) {
        candidates.extend(words(m));
    }
    // OData's other `$` words, which are no query option to correct.
    const OTHER: &[&str] = &[
        "$metadata",
        "$batch",
        "$ref",
        "$value",
        "$entity",
        "$root",
        "$it",
        "$this",
        "$search",
        "$format",
        "$apply",
        "$compute",
        "$index",
        "$levels",
        "$deltatoken",
        "$schemaversion",
    ];
    candidates.into_iter().find_map(|name| {
        if names.clone().any(|n| n == name) || OTHER.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            return None;
        }
        // `$stop` is one letter from both `$top` and `$skip`'s neighbours; the docs' own typo means `$top`.
        if name.eq_ignore_ascii_case("$stop") {
            return Some((name, "$top".to_string()));
        }
        crate::suggest::closest(&name, names.clone())
            .map(|m| (name.clone(), m.candidate().to_string()))
    })
}

fn from_message(m: &str, ep: Option<Endpoint>, out: &mut Vec<Fact>) {
    if let (Some(limit), Some(sent)) = (
        quoted_after(m, "The limit of '").and_then(|v| v.parse::<u64>().ok()),
        quoted_after(m, "The value from the incoming request is '")
            .and_then(|v| v.parse::<u64>().ok()),
    ) {
        let limit_text = limit.to_string();
        out.push(Fact::of(
            FactKind::TopLimit { limit, sent },
            fill(
                Key::OdataTextTop,
                &[("limit", &limit_text), ("sent", &sent.to_string())],
            ),
            fill(Key::OdataAdviceTop, &[("limit", &limit_text)]),
        ));
    }
    if let Some(name) = quoted_after(m, "Could not find a property named '") {
        let type_name = quoted_after(m, &format!("named '{name}' on type '"));
        let correct = correct_spelling(name, ep, type_name);
        let (text, advice) = match &correct {
            Some(c) => (
                fill(
                    Key::OdataTextProperty,
                    &[("property", name), ("correct", c)],
                ),
                fill(Key::OdataAdviceProperty, &[("correct", c)]),
            ),
            None => (
                fill(Key::OdataTextPropertyUnknown, &[("property", name)]),
                get(Key::OdataAdvicePropertyUnknown).to_string(),
            ),
        };
        out.push(Fact::of(
            FactKind::OdataProperty {
                name: name.to_string(),
                correct,
            },
            text,
            advice,
        ));
    }
    if let Some(name) =
        quoted_after(m, "The property '").filter(|_| m.contains("cannot be used in the $filter"))
    {
        let filterable: Vec<&'static str> = ep
            .map(|e| e.filterable().iter().map(|p| p.name).collect())
            .unwrap_or_default();
        let advice = if filterable.is_empty() {
            get(Key::OdataAdvicePropertyUnknown).to_string()
        } else {
            fill(
                Key::OdataAdviceNotFilterable,
                &[("filterable", &filterable.join(", "))],
            )
        };
        out.push(Fact::of(
            FactKind::OdataNotFilterable {
                name: name.to_string(),
                filterable,
            },
            fill(Key::OdataTextNotFilterable, &[("property", name)]),
            advice,
        ));
    }
    refusals(m, out);
}

/// Functions, operators and options the message says the service refuses (each name once).
fn refusals(m: &str, out: &mut Vec<Fact>) {
    let refused = [
        ("function", "An unknown function with name '"),
        ("function", "Function '"),
        ("operator", "Logical operator '"),
        ("operator", "Arithmetic operator '"),
        ("operator", "Binary operator '"),
        ("option", "Query option '"),
        ("option", "The query parameter '"),
    ];
    for (what, prefix) in refused {
        let Some(name) = quoted_after(m, prefix) else {
            continue;
        };
        // `Function 'x'` also opens other sentences; only refusals count.
        let refusal = m.contains("not allowed")
            || m.contains("not supported")
            || m.contains("unknown function");
        if !refusal
            || out
                .iter()
                .any(|f| matches!(&f.id, FactKind::OdataRefused { name: n, .. } if n == name))
        {
            continue;
        }
        out.push(Fact::of(
            FactKind::OdataRefused {
                what,
                name: name.to_string(),
            },
            fill(Key::OdataTextRefused, &[("what", what), ("name", name)]),
            get(match what {
                "function" => Key::OdataAdviceRefusedFunction,
                "operator" => Key::OdataAdviceRefusedOperator,
                _ => Key::OdataAdviceRefusedOption,
            })
            .to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> Request {
        Request {
            method: Some("GET".into()),
            url: url.into(),
        }
    }

    #[test]
    fn the_top_limit_and_the_value_sent_become_a_fact() {
        let m = "Invalid OData URI query: The query specified in the URI is not valid. The limit of '10000' for Top query has been exceeded. The value from the incoming request is '20000'.";
        let r = request("https://api.securitycenter.microsoft.com/api/machines?$top=20000");
        let f = facts(Some("ODataError"), Some(400), Some(m), Some(&r));
        assert!(
            matches!(
                f[0].id,
                FactKind::TopLimit {
                    limit: 10000,
                    sent: 20000
                }
            ),
            "{f:?}"
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("at most 10000"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
        // The query check finds the same thing: told once.
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn an_unknown_property_gets_its_right_spelling() {
        let m = "Invalid OData URI query: Could not find a property named 'HealthStatus' on type 'Machine'.";
        let r = request("https://api.securitycenter.microsoft.com/api/machines?$filter=HealthStatus eq 'Active'");
        let f = facts(Some("ODataError"), Some(400), Some(m), Some(&r));
        assert!(
            matches!(&f[0].id, FactKind::OdataProperty { correct: Some(c), .. } if c == "healthStatus"),
            "{f:?}"
        );
        // Without the request line, the type the message names is enough.
        let f = facts(Some("ODataError"), Some(400), Some(m), None);
        assert!(
            matches!(&f[0].id, FactKind::OdataProperty { correct: Some(c), .. } if c == "healthStatus"),
            "{f:?}"
        );
        let m = "Could not find a property named 'zzz' on type 'microsoft.windowsDefenderATP.api.PublicAlertDto'.";
        let f = facts(Some("ODataError"), Some(400), Some(m), None);
        assert!(
            matches!(&f[0].id, FactKind::OdataProperty { correct: None, .. }),
            "{f:?}"
        );
    }

    #[test]
    fn refused_functions_operators_and_options_become_facts() {
        for (m, what, name) in [
            ("Function 'contains' is not allowed. To allow it, set the 'AllowedFunctions' property on EnableQueryAttribute or QueryValidationSettings.", "function", "contains"),
            ("An unknown function with name 'containz' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.", "function", "containz"),
            ("Logical operator 'Or' is not allowed. To allow it, set the 'AllowedLogicalOperators' property on EnableQueryAttribute or QueryValidationSettings.", "operator", "Or"),
            ("The query parameter '$filters' is not supported.", "option", "$filters"),
        ] {
            let f = facts(Some("ODataError"), Some(400), Some(m), None);
            assert!(matches!(&f[0].id, FactKind::OdataRefused { what: w, name: n } if *w == what && n == name), "{m}: {f:?}");
        }
    }

    #[test]
    fn query_findings_come_with_the_column_in_the_url_and_only_for_bad_requests() {
        let url = "https://api.securitycenter.microsoft.com/api/machines?$filter=healthStatus eq 'active'";
        let r = request(url);
        let f = facts(
            Some("ODataError"),
            Some(400),
            Some("Invalid OData URI query."),
            Some(&r),
        );
        let q = f
            .iter()
            .find_map(|f| match &f.id {
                FactKind::QueryFinding { rule, column, .. } => Some((*rule, *column)),
                _ => None,
            })
            .expect("a query finding");
        assert_eq!(
            q,
            ("odata-enum-case", url.find("active").expect("value") + 1)
        );
        assert!(facts(Some("Forbidden"), Some(403), None, Some(&r)).is_empty());
    }
}
