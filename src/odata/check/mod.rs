//! The checks: a query string against the endpoint's OData facts → findings with byte spans into the text
//! as given (the caller turns them into columns). Rules and their words are in `lint::rules`.

use crate::lint::{Evidence, Finding, Rule, Severity, Span};
use crate::odata::endpoints::{Endpoint, Opt};
use crate::odata::evidence;
use crate::odata::query;
use crate::operations::entities::Property;
use crate::suggest;

mod filter;
mod options;
mod values;

/// Functions OData defines (the service's OData layer may or may not allow each).
const FUNCTIONS: &[&str] = &[
    "contains",
    "startswith",
    "endswith",
    "length",
    "indexof",
    "substring",
    "tolower",
    "toupper",
    "trim",
    "concat",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "fractionalseconds",
    "date",
    "time",
    "totaloffsetminutes",
    "now",
    "maxdatetime",
    "mindatetime",
    "round",
    "floor",
    "ceiling",
    "cast",
    "isof",
    "matchespattern",
];

/// Where a property name appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PropertyIn {
    Filter,
    Select,
    OrderBy,
}

struct QueryChecker<'a> {
    src: &'a str,
    ep: Option<Endpoint>,
    findings: Vec<Finding>,
    /// Lambda variables in scope.
    vars: Vec<String>,
    /// The query writes spaces as + outside quoted values: a + inside one is a space too.
    plus_is_space: bool,
}

impl QueryChecker<'_> {
    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn raw(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }
}

fn names(props: &[&Property]) -> String {
    props.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Checks the query string `src[start..end]` for endpoint `ep` (unknown: only the syntax is checked).
pub(super) fn check(src: &str, start: usize, end: usize, ep: Option<Endpoint>) -> Vec<Finding> {
    let q = src.get(start..end).unwrap_or("");
    let mut c = QueryChecker {
        src,
        ep,
        findings: Vec::new(),
        vars: Vec::new(),
        plus_is_space: false,
    };
    let end = c.query_end(q, start, end);
    let q = src.get(start..end).unwrap_or("");
    c.plus_is_space = plus_outside_quotes(q);
    c.escapes_and_spaces(q, start);
    let params = query::split(q, start);
    let mut seen: Vec<Opt> = Vec::new();
    let mut any_option = false;
    for p in &params {
        c.inner_ampersands(p);
        if p.name.is_empty() && p.has_value {
            c.push(nameless_option(p));
            any_option = true;
            continue;
        }
        let opt = match c.option_named(p) {
            Named::Option(opt) => opt,
            Named::Unknown => {
                any_option = true;
                continue;
            }
            Named::Other => continue,
        };
        any_option = true;
        if seen.contains(&opt) {
            c.push(
                Finding::new(
                    Rule::OdataDuplicateOption,
                    p.name_span,
                    format!("{} is given twice", opt.name()),
                )
                .help("keep one of them; the service refuses a repeated option"),
            );
            continue;
        }
        seen.push(opt);
        if let Some(ep) = ep.filter(|ep| !ep.supports(opt)) {
            c.undocumented_option(ep, opt, p);
        }
        c.option(opt, p);
    }
    if ep.is_none() && any_option {
        let mut f = Finding::new(
            Rule::OdataNoFacts,
            Span::new(start, start),
            "no OData facts for this route: only the query's syntax was checked".to_string(),
        );
        f.severity = Severity::Note;
        c.push(f);
    }
    c.findings
}

/// What a query parameter's name stands for.
enum Named {
    /// An option, spelled right or with a slip reported.
    Option(Opt),
    /// A `$` name that is no option (reported).
    Unknown,
    /// Any other parameter: not OData's business.
    Other,
}

impl QueryChecker<'_> {
    /// Where the query really ends: a # outside quotes starts a fragment on purpose or by slip, and
    /// nothing after it is sent, so only what comes before is the query. Inside a quoted value it was meant
    /// as a character.
    fn query_end(&mut self, q: &str, start: usize, end: usize) -> usize {
        let (hash, quoted_hash) = fragment(q);
        match hash {
            Some(i) if !quoted_hash => {
                let mut f = Finding::new(
                    Rule::OdataEncoding,
                    Span::new(start + i, end),
                    "a # starts the URL fragment: nothing from here on is sent".to_string(),
                )
                .help("remove it, or write %23 if the # belongs to a value");
                f.severity = Severity::Warning;
                self.push(f);
                start + i
            }
            Some(i) => {
                let at = Span::new(start + i, start + i + 1);
                let mut f = Finding::new(
                    Rule::OdataEncoding,
                    at,
                    "a # inside a value starts the URL fragment: the value and the rest of the query are cut off".to_string(),
                )
                .help("write %23 for a # inside a value")
                .fix(at, "%23".into(), true);
                f.severity = Severity::Error;
                self.push(f);
                end
            }
            None => end,
        }
    }

    /// A % that starts no escape, and unencoded spaces.
    fn escapes_and_spaces(&mut self, q: &str, start: usize) {
        let (_, bad) = query::decode(q, start);
        for span in bad {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                span,
                "a % that starts no escape (%XX)".to_string(),
            )
            .help("write %25 for a percent sign");
            f.severity = Severity::Error;
            self.push(f);
        }
        if let Some(i) = q.find(' ') {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                Span::new(start + i, start + i + 1),
                "the query holds unencoded spaces".to_string(),
            )
            .help("a client that sends the URL as typed (curl) needs %20 or + for each space; PowerShell and Postman encode them for you");
            f.severity = Severity::Note;
            self.push(f);
        }
    }

    /// An & inside a value ends the option there.
    fn inner_ampersands(&mut self, p: &query::QueryParam) {
        for amp in &p.inner_ampersands {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                *amp,
                "an & inside a value ends the option there".to_string(),
            )
            .help("write %26 for an & inside a value")
            .fix(*amp, "%26".into(), true);
            f.severity = Severity::Error;
            self.push(f);
        }
    }

    /// The option a parameter names, reporting a case slip, a missing `$` or an unknown `$` name.
    fn option_named(&mut self, p: &query::QueryParam) -> Named {
        let exact = Opt::ALL.iter().find(|(_, n)| *n == p.name);
        let folded = Opt::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(&p.name));
        let bare = Opt::ALL
            .iter()
            .find(|(_, n)| n[1..].eq_ignore_ascii_case(&p.name));
        match (exact, folded, bare) {
            (Some((o, _)), _, _) => Named::Option(*o),
            (None, Some((o, n)), _) => {
                self.push(
                    Finding::new(
                        Rule::OdataUnknownOption,
                        p.name_span,
                        format!("`{}` should be `{n}`: option names are lower case", p.name),
                    )
                    .help(format!("write {n}"))
                    .fix(p.name_span, (*n).to_string(), true),
                );
                Named::Option(*o)
            }
            (None, None, Some((o, n))) => {
                self.push(
                    Finding::new(
                        Rule::OdataMissingDollar,
                        p.name_span,
                        format!(
                            "`{}` without $ is not an OData option: the service ignores it",
                            p.name
                        ),
                    )
                    .help(format!("write {n}"))
                    .fix(p.name_span, (*n).to_string(), true),
                );
                Named::Option(*o)
            }
            (None, None, None) if p.name.starts_with('$') => {
                let (help, fix) = if p.name.eq_ignore_ascii_case("$stop") {
                    (
                        "write $top ($stop is a typo on some docs pages)".to_string(),
                        Some(("$top", true)),
                    )
                } else {
                    match suggest::closest(&p.name, Opt::ALL.iter().map(|(_, n)| *n)) {
                        Some(m) => (format!("did you mean {}?", m.candidate()), Some((m.candidate(), false))),
                        None => ("the options are $filter, $top, $skip, $expand, $select, $orderby, $count".to_string(), None),
                    }
                };
                let mut f = Finding::new(
                    Rule::OdataUnknownOption,
                    p.name_span,
                    format!("`{}` is not an OData query option", p.name),
                )
                .help(help);
                if let Some((to, safe)) = fix {
                    f = f.fix(p.name_span, to.to_string(), safe);
                }
                self.push(f);
                Named::Unknown
            }
            _ => Named::Other,
        }
    }

    /// An option the endpoint's page does not list: undocumented, or seen accepted by the service.
    fn undocumented_option(&mut self, ep: Endpoint, opt: Opt, p: &query::QueryParam) {
        let documented: Vec<&str> = ep.options.iter().map(|o| o.name()).collect();
        let f = Finding::new(
            Rule::OdataUndocumentedOption,
            p.name_span,
            format!(
                "the docs do not list {} for {} {}",
                opt.name(),
                ep.method(),
                ep.path()
            ),
        )
        .help(format!("documented: {}", documented.join(", ")));
        self.push(match evidence::accepted(ep.path(), opt) {
            Some(a) => f.rests_on(Evidence::ServiceAccepts, a.source),
            None => f.rests_on(Evidence::Undocumented, ep.source),
        });
    }
}

/// `?=healthStatus eq 'Active'`: what is left of `"…?$filter=…"` after a shell replaced `$filter`, an unset
/// variable, with nothing. The service ignores a nameless parameter and answers the whole collection.
fn nameless_option(p: &query::QueryParam) -> Finding {
    let value = query::text(&p.value);
    let meant = if value.trim().bytes().all(|b| b.is_ascii_digit()) && !value.trim().is_empty() {
        "$top"
    } else {
        "$filter"
    };
    let at = Span::new(p.name_span.start, p.name_span.start + 1);
    let mut f = Finding::new(
        Rule::OdataMissingDollar,
        Span::new(p.name_span.start, p.value_span.end),
        format!("a query option with no name (`={}`): the service ignores it and returns the whole collection", crate::sanitize::for_terminal(value.chars().take(40).collect::<String>().as_str())),
    )
    .help(format!(
        "a shell expanded `{meant}` to nothing: in PowerShell write `{meant} (backtick) inside double quotes, or put the URL in single quotes; in bash or zsh put the URL in single quotes"
    ))
    .fix(Span::new(at.start, at.start), meant.to_string(), false);
    f.severity = Severity::Error;
    f
}

/// Where a # is in the query, and whether it sits inside a quoted value.
fn fragment(q: &str) -> (Option<usize>, bool) {
    let mut quoted = false;
    for (i, c) in q.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '%' if q.get(i..i + 3).is_some_and(|s| s == "%27") => quoted = !quoted,
            '#' => return (Some(i), quoted),
            _ => {}
        }
    }
    (None, false)
}

/// Whether the query writes a + outside quoted values (then it writes spaces that way).
fn plus_outside_quotes(q: &str) -> bool {
    let mut quoted = false;
    for (i, c) in q.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '%' if q.get(i..i + 3).is_some_and(|s| s == "%27") => quoted = !quoted,
            '+' if !quoted => return true,
            _ => {}
        }
    }
    false
}
