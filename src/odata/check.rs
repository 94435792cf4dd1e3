//! The checks: a query string against the endpoint's OData facts → findings with byte spans into the text
//! as given (the caller turns them into columns). Rules and their words are in `lint::rules`.

use super::endpoints::{Endpoint, Opt, Resolved};
use super::evidence;
use super::query::{self, DChar, Expr, Lit, LitKind, Operand};
use crate::lint::{Evidence, Finding, Rule, Severity, Span};
use crate::operations::entities::{Property, Type};
use crate::suggest;

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
enum Place {
    Filter,
    Select,
    OrderBy,
}

struct Checker<'a> {
    src: &'a str,
    ep: Option<Endpoint>,
    findings: Vec<Finding>,
    /// Lambda variables in scope.
    vars: Vec<String>,
    /// The query writes spaces as + outside quoted values: a + inside one is a space too.
    plus_is_space: bool,
}

impl Checker<'_> {
    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn raw(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// Reports on a property name; returns the property it stands for, if any.
    fn property(&mut self, name: &str, span: Span, place: Place) -> Option<&'static Property> {
        let ep = self.ep?;
        let entity = ep.entity;
        let prop = match ep.resolve(name) {
            Resolved::Exact(p) => p,
            Resolved::DocSpelling(p) => {
                self.push(
                    Finding::new(
                        Rule::OdataDocSpelling,
                        span,
                        format!(
                            "`{name}` is how the docs write it; the {} JSON spells it `{}`",
                            entity.name, p.name
                        ),
                    )
                    .help(format!(
                        "if the service refuses `{name}`, write `{}`",
                        p.name
                    ))
                    // Never applied: --fix does not rewrite one documented spelling into another.
                    .fix(span, p.name.to_string(), false)
                    .rests_on(
                        Evidence::DocsContradict,
                        evidence::spelling_page(entity.name, name, entity.source),
                    ),
                );
                p
            }
            Resolved::Case(p) => {
                self.push(
                    Finding::new(
                        Rule::OdataPropertyCase,
                        span,
                        format!(
                            "`{name}` should be `{}`: property names are case-sensitive",
                            p.name
                        ),
                    )
                    .help(format!("write `{}`", p.name))
                    .fix(span, p.name.to_string(), true),
                );
                p
            }
            Resolved::Typo(p) => {
                self.push(
                    Finding::new(
                        Rule::OdataUnknownProperty,
                        span,
                        format!("`{name}` is not a property of {}", entity.name),
                    )
                    .help(format!("did you mean `{}`?", p.name))
                    .fix(span, p.name.to_string(), false),
                );
                p
            }
            Resolved::Unknown => {
                let list = if place == Place::Filter && !ep.filter.is_empty() {
                    format!("$filter takes: {}", names(&ep.filterable()))
                } else {
                    format!(
                        "{} has: {}",
                        entity.name,
                        names(&entity.properties.iter().collect::<Vec<_>>())
                    )
                };
                self.push(
                    Finding::new(
                        Rule::OdataUnknownProperty,
                        span,
                        format!("`{name}` is not a property of {}", entity.name),
                    )
                    .help(list),
                );
                return None;
            }
        };
        if place == Place::Filter && !ep.filter.is_empty() && !ep.is_filterable(prop) {
            self.push(
                Finding::new(
                    Rule::OdataNotFilterable,
                    span,
                    format!(
                        "{} {} does not filter on `{}`",
                        ep.method(),
                        ep.path(),
                        prop.name
                    ),
                )
                .help(format!("$filter takes: {}", names(&ep.filterable()))),
            );
        }
        Some(prop)
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Logical { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            Expr::Not(inner) => self.expr(inner),
            Expr::Compare {
                left,
                op,
                op_span,
                right,
            } => {
                if query::OTHER_OPERATORS.contains(&op.as_str()) {
                    self.push(
                        Finding::new(
                            Rule::OdataOperator,
                            *op_span,
                            format!("`{op}` is an OData operator the Defender for Endpoint docs never use"),
                        )
                        .help("the documented operators are eq ne gt ge lt le, and, or, not")
                        .rests_on(Evidence::Undocumented, evidence::SAMPLES),
                    );
                }
                let prop = self.operand(left, true);
                self.value_side(prop, right);
            }
            Expr::In { left, items } => {
                let prop = self.operand(left, true);
                for item in items {
                    self.value_side(prop, item);
                }
            }
            Expr::Value(op) => {
                self.operand(op, false);
            }
        }
    }

    /// The right side of a comparison with `prop`.
    fn value_side(&mut self, prop: Option<&'static Property>, o: &Operand) {
        match o {
            Operand::Literal(lit) => {
                if let Some(p) = prop {
                    self.value(p, lit);
                } else if lit.double_quoted {
                    self.double_quoted(lit);
                }
                self.plus_in_string(lit);
            }
            Operand::Path {
                segments,
                lambda: None,
            } if segments.len() == 1 && prop.is_some() => {
                let (word, span) = &segments[0];
                let is_property = self.ep.is_some_and(|ep| ep.entity.property(word).is_some())
                    || self.vars.contains(word);
                if is_property {
                    return;
                }
                let Some(p) = prop else { return };
                let quoted = format!("'{}'", self.raw(*span));
                let (message, safe) = match p.ty {
                    Type::String | Type::Enum | Type::Guid => (
                        format!("`{word}` is a bare word: text values take single quotes"),
                        true,
                    ),
                    _ => (
                        format!(
                            "`{word}` is neither a value {} takes nor one of its properties",
                            p.name
                        ),
                        false,
                    ),
                };
                let mut f = Finding::new(Rule::OdataValueType, *span, message)
                    .help(format!("write {quoted}"));
                if safe {
                    f = f.fix(*span, quoted.clone(), true);
                }
                self.push(f);
                if p.ty == Type::Enum {
                    let lit = Lit {
                        kind: LitKind::Str,
                        value: word.clone(),
                        span: *span,
                        inner: *span,
                        double_quoted: false,
                    };
                    self.enum_value(p, &lit, false);
                }
            }
            other => {
                self.operand(other, false);
            }
        }
    }

    /// Checks an operand; returns the property it names, if it is one.
    fn operand(&mut self, o: &Operand, compared: bool) -> Option<&'static Property> {
        match o {
            Operand::Literal(lit) => {
                self.plus_in_string(lit);
                None
            }
            Operand::Group(e) => {
                self.expr(e);
                None
            }
            Operand::Call { name, span, args } => {
                self.function(name, *span, args);
                for a in args {
                    match a {
                        Expr::Value(Operand::Literal(lit)) => {
                            if lit.double_quoted {
                                self.double_quoted(lit);
                            }
                            self.plus_in_string(lit);
                        }
                        other => self.expr(other),
                    }
                }
                None
            }
            Operand::Path { segments, lambda } => {
                let (first, span) = segments.first()?;
                if self.vars.contains(first) {
                    return None;
                }
                let prop = self.property(first, *span, Place::Filter);
                if let Some(l) = lambda {
                    if let Some(p) = prop.filter(|p| {
                        !matches!(p.ty, Type::Collection | Type::Object | Type::Unknown)
                    }) {
                        self.push(Finding::new(
                            Rule::OdataValueType,
                            l.span,
                            format!(
                                "`{}` is not a collection: {}() does not apply",
                                p.name, l.function
                            ),
                        ));
                    }
                    if let (Some(var), Some(body)) = (&l.variable, &l.body) {
                        self.vars.push(var.clone());
                        self.expr(body);
                        self.vars.pop();
                    }
                    return None;
                }
                if segments.len() > 1 {
                    return None;
                }
                if compared {
                    if let Some(p) = prop.filter(|p| p.ty == Type::Collection) {
                        self.push(
                            Finding::new(
                                Rule::OdataValueType,
                                *span,
                                format!(
                                    "`{}` is a collection: compare its items with any()",
                                    p.name
                                ),
                            )
                            .help(format!("write {}/any(x: x eq 'value')", p.name)),
                        );
                        return None;
                    }
                }
                prop
            }
        }
    }

    fn function(&mut self, name: &str, span: Span, args: &[Expr]) {
        let lower = name.to_ascii_lowercase();
        if !FUNCTIONS.contains(&lower.as_str()) {
            let hint = suggest::closest(name, FUNCTIONS.iter().copied())
                .map(|m| format!("did you mean {}()?", m.candidate()))
                .unwrap_or_else(|| "the docs show startswith(property,'text')".to_string());
            self.push(
                Finding::new(
                    Rule::OdataFunction,
                    span,
                    format!("{name}() is not an OData function"),
                )
                .help(hint),
            );
            return;
        }
        if lower != name {
            self.push(
                Finding::new(
                    Rule::OdataFunction,
                    span,
                    format!("{name}() should be {lower}(): function names are lower case"),
                )
                .help(format!("write {lower}"))
                .fix(span, lower.clone(), true),
            );
        }
        let Some(ep) = self.ep else { return };
        let first_prop = args.iter().find_map(|a| match a {
            Expr::Value(Operand::Path {
                segments,
                lambda: None,
            }) => segments.first().map(|(n, _)| n.as_str()),
            _ => None,
        });
        let documented = ep
            .functions
            .iter()
            .any(|(f, p)| *f == lower && first_prop.is_none_or(|a| a.eq_ignore_ascii_case(p)));
        if !documented {
            let on: Vec<&str> = ep
                .functions
                .iter()
                .filter(|(f, _)| *f == lower)
                .map(|(_, p)| *p)
                .collect();
            // Accurate to the samples page: it shows startswith() on computerDnsName, so a call on another
            // property is "not shown on this property", not "never shown here".
            let message = match (on.is_empty(), first_prop) {
                (false, Some(arg)) => format!(
                    "the docs show {lower}() on {} {} only on {}, not on {arg}",
                    ep.method(),
                    ep.path(),
                    on.join(", ")
                ),
                _ => format!(
                    "the docs show no {lower}() on {} {}",
                    ep.method(),
                    ep.path()
                ),
            };
            let shown: Vec<String> = ep
                .functions
                .iter()
                .map(|(f, p)| format!("{f}({p},…)"))
                .collect();
            let help = if shown.is_empty() {
                "the service may refuse it; compare with eq/ne/gt/ge/lt/le instead".to_string()
            } else {
                format!(
                    "the docs show {} (exposed-apis-odata-samples.md); the service may refuse others",
                    shown.join(", ")
                )
            };
            let f = Finding::new(Rule::OdataFunction, span, message).help(help);
            self.push(f.rests_on(Evidence::Undocumented, ep.source));
        }
    }

    fn double_quoted(&mut self, lit: &Lit) {
        let inner = self.raw(lit.inner).replace('\'', "''");
        self.push(
            Finding::new(
                Rule::OdataValueType,
                lit.span,
                "OData strings take single quotes, not double".to_string(),
            )
            .help(format!("write '{inner}'"))
            .fix(lit.span, format!("'{inner}'"), true),
        );
    }

    fn plus_in_string(&mut self, lit: &Lit) {
        if lit.kind == LitKind::Str && !self.plus_is_space && self.raw(lit.inner).contains('+') {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                lit.inner,
                format!(
                    "a + in a URL means a space: this value is read as '{}'",
                    lit.value
                ),
            )
            .help("write %2B for a plus sign");
            f.severity = Severity::Warning;
            self.push(f);
        }
    }

    fn value(&mut self, p: &'static Property, lit: &Lit) {
        if lit.kind == LitKind::Null {
            return;
        }
        if lit.double_quoted {
            self.double_quoted(lit);
        }
        let inner_raw = self.raw(lit.inner).to_string();
        let unquote = |this: &mut Self, what: &str| {
            this.push(
                Finding::new(
                    Rule::OdataValueType,
                    lit.span,
                    format!("`{}` takes {what}, not a quoted string", p.name),
                )
                .help(format!("write {inner_raw} without quotes"))
                .fix(lit.span, inner_raw.clone(), true),
            );
        };
        let quote = |this: &mut Self| {
            let raw = this.raw(lit.span).to_string();
            this.push(
                Finding::new(
                    Rule::OdataValueType,
                    lit.span,
                    format!("`{}` takes a text value: quote it", p.name),
                )
                .help(format!("write '{raw}'"))
                .fix(lit.span, format!("'{raw}'"), true),
            );
        };
        match p.ty {
            Type::String => {
                if lit.kind != LitKind::Str {
                    quote(self);
                }
            }
            Type::Enum => {
                if lit.kind == LitKind::Str {
                    self.enum_value(p, lit, true);
                } else {
                    quote(self);
                }
            }
            Type::Guid => {
                if !matches!(lit.kind, LitKind::Str | LitKind::Guid) {
                    quote(self);
                }
            }
            Type::Integer => match lit.kind {
                // Int64 is the widest whole number an entity table names (`Long`).
                LitKind::Integer if lit.value.parse::<i64>().is_err() => self.push(
                    Finding::new(
                        Rule::OdataValueType,
                        lit.span,
                        format!(
                            "{} is out of range for `{}`, a whole number (Int64)",
                            lit.value, p.name
                        ),
                    )
                    .help("use a value between -9223372036854775808 and 9223372036854775807"),
                ),
                LitKind::Integer => {}
                LitKind::Str if query::classify(&lit.value) == LitKind::Integer => {
                    unquote(self, "a number")
                }
                _ => self.push(Finding::new(
                    Rule::OdataValueType,
                    lit.span,
                    format!("`{}` takes a whole number", p.name),
                )),
            },
            Type::Number => match lit.kind {
                LitKind::Integer | LitKind::Decimal
                    if !lit.value.parse::<f64>().is_ok_and(f64::is_finite) =>
                {
                    self.push(Finding::new(
                        Rule::OdataValueType,
                        lit.span,
                        format!("{} is out of range for `{}`, a number", lit.value, p.name),
                    ));
                }
                LitKind::Integer | LitKind::Decimal => {}
                LitKind::Str
                    if matches!(
                        query::classify(&lit.value),
                        LitKind::Integer | LitKind::Decimal
                    ) =>
                {
                    unquote(self, "a number");
                }
                _ => self.push(Finding::new(
                    Rule::OdataValueType,
                    lit.span,
                    format!("`{}` takes a number", p.name),
                )),
            },
            Type::Boolean => match lit.kind {
                LitKind::Boolean => {}
                LitKind::Str if matches!(lit.value.as_str(), "true" | "false") => {
                    unquote(self, "true or false")
                }
                _ => self.push(
                    Finding::new(
                        Rule::OdataValueType,
                        lit.span,
                        format!("`{}` takes true or false", p.name),
                    )
                    .help("write true or false, unquoted"),
                ),
            },
            Type::DateTime => self.datetime(p, lit),
            Type::Collection | Type::Object | Type::Unknown => {}
        }
    }

    fn datetime(&mut self, p: &'static Property, lit: &Lit) {
        let calendar = matches!(
            lit.kind,
            LitKind::DateTime | LitKind::Date | LitKind::DateTimeNoZone
        ) || (lit.kind == LitKind::Str
            && matches!(
                query::classify(&lit.value),
                LitKind::DateTime | LitKind::Date | LitKind::DateTimeNoZone
            ));
        if let Some(problem) = calendar
            .then(|| crate::time::calendar_problem(&lit.value))
            .flatten()
        {
            // The service reads the literal as a DateTimeOffset: a shape-right but impossible date fails
            // the whole request, and no quoting or zone change mends it.
            self.push(
                Finding::new(
                    Rule::OdataDatetime,
                    lit.inner,
                    format!("{} is no date-time: {problem}", lit.value),
                )
                .help(format!(
                    "write a real date-time for `{}`, e.g. 2024-02-29T00:00:00Z",
                    p.name
                )),
            );
            return;
        }
        match lit.kind {
            LitKind::DateTime | LitKind::Date => {}
            LitKind::DateTimeNoZone => {
                let raw = self.raw(lit.span).to_string();
                let mut f = Finding::new(
                    Rule::OdataDatetime,
                    lit.span,
                    format!("{raw} has no time zone"),
                )
                .help(format!("write {raw}Z for UTC"))
                .fix(lit.span, format!("{raw}Z"), false);
                f.severity = Severity::Warning;
                self.push(f);
            }
            LitKind::Str
                if matches!(
                    query::classify(&lit.value),
                    LitKind::DateTime | LitKind::Date | LitKind::DateTimeNoZone
                ) =>
            {
                let inner = self.raw(lit.inner).to_string();
                self.push(
                    Finding::new(
                        Rule::OdataDatetime,
                        lit.span,
                        format!("`{}` takes a date-time literal: no quotes", p.name),
                    )
                    .help(format!("write {inner}"))
                    .fix(lit.span, inner.clone(), true),
                );
            }
            _ => {
                self.push(
                    Finding::new(
                        Rule::OdataDatetime,
                        lit.span,
                        format!("`{}` is not an ISO 8601 date-time", lit.value),
                    )
                    .help("write it as 2024-01-01T00:00:00Z, unquoted"),
                );
            }
        }
    }

    fn enum_value(&mut self, p: &'static Property, lit: &Lit, fixable: bool) {
        if p.values.contains(&lit.value.as_str()) {
            return;
        }
        let entity = self.ep.map_or("", |e| e.entity.name);
        if let Some(t) = evidence::enum_typo(entity, p.name, &lit.value) {
            // A spelling the docs print: noted, never rewritten by --fix.
            self.push(
                Finding::new(
                    Rule::OdataEnumCase,
                    lit.inner,
                    format!(
                        "'{}' is how {} writes it; the value is '{}'",
                        t.written,
                        t.page.rsplit('/').next().unwrap_or(t.page),
                        t.real
                    ),
                )
                .help(format!("if the filter matches nothing, write '{}'", t.real))
                .fix(lit.inner, t.real.to_string(), false)
                .rests_on(Evidence::DocsContradict, t.evidence),
            );
            return;
        }
        match suggest::closest(&lit.value, p.values.iter().copied()) {
            Some(suggest::Match::Case(v)) => {
                // Only a value the URL can carry as is gets a safe fix.
                let plain = v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                let mut f = Finding::new(
                    Rule::OdataEnumCase,
                    lit.inner,
                    format!("'{}' should be '{v}': values are case-sensitive", lit.value),
                )
                .help(format!("write '{v}'"));
                if fixable {
                    f = f.fix(lit.inner, v.to_string(), plain);
                }
                self.push(f);
            }
            other => {
                let mut f = Finding::new(
                    Rule::OdataEnumValue,
                    lit.inner,
                    format!("'{}' is not a value of `{}`", lit.value, p.name),
                );
                f = match other {
                    Some(m) => f.help(format!(
                        "did you mean '{}'? `{}` takes: {}",
                        m.candidate(),
                        p.name,
                        p.values.join(", ")
                    )),
                    None => f.help(format!("`{}` takes: {}", p.name, p.values.join(", "))),
                };
                self.push(f);
            }
        }
    }
}

fn names(props: &[&Property]) -> String {
    props.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Checks the query string `src[start..end]` for endpoint `ep` (unknown: only the syntax is checked).
pub(super) fn check(src: &str, start: usize, end: usize, ep: Option<Endpoint>) -> Vec<Finding> {
    let q = src.get(start..end).unwrap_or("");
    let mut c = Checker {
        src,
        ep,
        findings: Vec::new(),
        vars: Vec::new(),
        plus_is_space: false,
    };
    let (hash, quoted_hash) = fragment(q);
    // A # outside quotes starts a fragment on purpose or by slip: either way nothing after it is sent, so
    // only what comes before is the query. Inside a quoted value it was meant as a character.
    let end = match hash {
        Some(i) if !quoted_hash => {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                Span::new(start + i, end),
                "a # starts the URL fragment: nothing from here on is sent".to_string(),
            )
            .help("remove it, or write %23 if the # belongs to a value");
            f.severity = Severity::Warning;
            c.push(f);
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
            c.push(f);
            end
        }
        None => end,
    };
    let q = src.get(start..end).unwrap_or("");
    c.plus_is_space = plus_outside_quotes(q);
    let (_, bad) = query::decode(q, start);
    for span in bad {
        let mut f = Finding::new(
            Rule::OdataEncoding,
            span,
            "a % that starts no escape (%XX)".to_string(),
        )
        .help("write %25 for a percent sign");
        f.severity = Severity::Error;
        c.push(f);
    }
    if let Some(i) = q.find(' ') {
        let mut f = Finding::new(
            Rule::OdataEncoding,
            Span::new(start + i, start + i + 1),
            "the query holds unencoded spaces".to_string(),
        )
        .help("a client that sends the URL as typed (curl) needs %20 or + for each space; PowerShell and Postman encode them for you");
        f.severity = Severity::Note;
        c.push(f);
    }
    let params = query::split(q, start);
    let mut seen: Vec<Opt> = Vec::new();
    let mut any_option = false;
    for p in &params {
        for amp in &p.inner_ampersands {
            let mut f = Finding::new(
                Rule::OdataEncoding,
                *amp,
                "an & inside a value ends the option there".to_string(),
            )
            .help("write %26 for an & inside a value")
            .fix(*amp, "%26".into(), true);
            f.severity = Severity::Error;
            c.push(f);
        }
        if p.name.is_empty() && p.has_value {
            c.push(nameless_option(p));
            any_option = true;
            continue;
        }
        let exact = Opt::ALL.iter().find(|(_, n)| *n == p.name);
        let folded = Opt::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(&p.name));
        let bare = Opt::ALL
            .iter()
            .find(|(_, n)| n[1..].eq_ignore_ascii_case(&p.name));
        let opt = match (exact, folded, bare) {
            (Some((o, _)), _, _) => *o,
            (None, Some((o, n)), _) => {
                c.push(
                    Finding::new(
                        Rule::OdataUnknownOption,
                        p.name_span,
                        format!("`{}` should be `{n}`: option names are lower case", p.name),
                    )
                    .help(format!("write {n}"))
                    .fix(p.name_span, (*n).to_string(), true),
                );
                *o
            }
            (None, None, Some((o, n))) => {
                c.push(
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
                *o
            }
            (None, None, None) if p.name.starts_with('$') => {
                any_option = true;
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
                c.push(f);
                continue;
            }
            _ => continue,
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
        if let Some(ep) = ep {
            if !ep.supports(opt) {
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
                c.push(match evidence::accepted(ep.path(), opt) {
                    Some(a) => f.rests_on(Evidence::ServiceAccepts, a.source),
                    None => f.rests_on(Evidence::Undocumented, ep.source),
                });
            }
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

impl Checker<'_> {
    fn option(&mut self, opt: Opt, p: &query::Param) {
        let value = query::text(&p.value);
        let vspan = query::span_of(&p.value, p.value_span.start);
        match opt {
            Opt::Filter => {
                let chars = self.zone_offsets(&p.value);
                match query::parse_filter(&chars, p.value_span.start) {
                    Ok(e) => self.expr(&e),
                    Err(err) => {
                        // A filter that fails only because a layer encoded it wrongly: the encoding is the
                        // cause to report, and the filter as meant is still checked.
                        if let Some((mended, causes)) = self.encoding_cause(&chars) {
                            if let Ok(e) = query::parse_filter(&mended, p.value_span.start) {
                                for f in causes {
                                    self.push(f);
                                }
                                self.expr(&e);
                                return;
                            }
                        }
                        let mut f = Finding::new(
                            Rule::OdataSyntax,
                            err.span,
                            format!("$filter: {}", err.message),
                        )
                        .help(err.help);
                        if let Some(fix) = err.fix {
                            // An inserted space is written as the query writes its other spaces.
                            let fix = if fix == " " {
                                self.space().to_string()
                            } else {
                                fix
                            };
                            f = f.fix(err.span, fix, true);
                        }
                        self.push(f);
                    }
                }
            }
            Opt::Top | Opt::Skip => {
                let trimmed = value.trim();
                let Ok(n) = trimmed.parse::<u64>() else {
                    self.push(
                        Finding::new(
                            Rule::OdataValueType,
                            vspan,
                            format!("{} takes a whole number, not `{value}`", opt.name()),
                        )
                        .help(format!("write e.g. {}=100", opt.name())),
                    );
                    return;
                };
                if opt == Opt::Top {
                    if let Some(max) = self.ep.and_then(|e| e.top_max) {
                        if n > u64::from(max) {
                            let ep = self.ep.map(|e| e.key()).unwrap_or_default();
                            self.push(
                                Finding::new(Rule::OdataTopExceeded, vspan, format!("$top={n} is above the maximum of {max} for {ep}"))
                                    .help(format!("ask for at most {max} per request and fetch the rest page by page: follow @odata.nextLink when the response has one, else raise $skip by {max}"))
                                    .fix(vspan, max.to_string(), true),
                            );
                        }
                    }
                }
            }
            Opt::Count => {
                if !matches!(value.as_str(), "true" | "false") {
                    self.push(Finding::new(
                        Rule::OdataValueType,
                        vspan,
                        format!("$count takes true or false, not `{value}`"),
                    ));
                }
            }
            Opt::Expand => {
                let Some(ep) = self.ep.filter(|e| !e.expand.is_empty()) else {
                    return;
                };
                for (item, span) in items(&p.value) {
                    let name = item.trim();
                    if ep.expand.contains(&name) {
                        continue;
                    }
                    match suggest::closest(name, ep.expand.iter().copied()) {
                        Some(suggest::Match::Case(v)) => self.push(
                            Finding::new(
                                Rule::OdataPropertyCase,
                                span,
                                format!("`{name}` should be `{v}`: names are case-sensitive"),
                            )
                            .help(format!("write `{v}`"))
                            .fix(span, v.to_string(), true),
                        ),
                        _ => self.push(
                            Finding::new(
                                Rule::OdataUnknownProperty,
                                span,
                                format!("$expand takes {}, not `{name}`", ep.expand.join(", ")),
                            )
                            .help(format!("write $expand={}", ep.expand.join(","))),
                        ),
                    }
                }
            }
            Opt::Select | Opt::OrderBy => {
                let place = if opt == Opt::Select {
                    Place::Select
                } else {
                    Place::OrderBy
                };
                for (item, span) in items(&p.value) {
                    let mut words = item.split_whitespace();
                    let Some(name) = words.next() else { continue };
                    let name_span = Span::new(span.start, span.start + name.len());
                    // A name spelled with escapes keeps the item's span.
                    let name_span = if self.raw(name_span) == name {
                        name_span
                    } else {
                        span
                    };
                    self.property(name, name_span, place);
                    if opt == Opt::OrderBy {
                        if let Some(dir) = words.next().filter(|d| *d != "asc" && *d != "desc") {
                            self.push(Finding::new(
                                Rule::OdataSyntax,
                                span,
                                format!("$orderby: `{dir}` is not asc or desc"),
                            ));
                        }
                    }
                }
            }
            Opt::SkipToken => {}
        }
    }
}

impl Checker<'_> {
    /// How this query writes a space: `+`, `%20`, or as a space.
    fn space(&self) -> &'static str {
        if self.plus_is_space {
            "+"
        } else if self.src.contains("%20") {
            "%20"
        } else {
            " "
        }
    }

    /// The filter as meant when a layer encoded it wrongly, with one `odata-encoding` finding per slip:
    /// `%2B` where a space belongs (a URL builder encoded the + that stood for a space), or `%25XX` (a
    /// query encoded twice, so `%20` arrives as text). `None` when neither is there.
    fn encoding_cause(&self, chars: &[DChar]) -> Option<(Vec<DChar>, Vec<Finding>)> {
        let mut out = Vec::with_capacity(chars.len());
        let mut found = Vec::new();
        let mut quoted = false;
        let mut i = 0;
        while i < chars.len() {
            let d = chars[i];
            let raw = self.raw(Span::new(d.start, d.end));
            if d.c == '\'' {
                quoted = !quoted;
            }
            if d.c == '+' && !quoted && raw.eq_ignore_ascii_case("%2B") {
                let at = Span::new(d.start, d.end);
                found.push(
                    Finding::new(
                        Rule::OdataEncoding,
                        at,
                        "%2B is a plus sign, but the filter needs a space here: a URL builder encoded the + that stood for a space".to_string(),
                    )
                    .help("write the filter with spaces and let the builder encode them (Uri.EscapeDataString, urllib.parse.quote and encodeURIComponent turn a space into %20), or write %20")
                    .fix(at, "%20".into(), true),
                );
                out.push(DChar { c: ' ', ..d });
                i += 1;
                continue;
            }
            let hex = |k: usize| {
                chars
                    .get(k)
                    .filter(|x| x.c.is_ascii_hexdigit())
                    .map(|x| x.c)
            };
            if d.c == '%' && raw.eq_ignore_ascii_case("%25") {
                if let (Some(a), Some(b), Some(last)) = (hex(i + 1), hex(i + 2), chars.get(i + 2)) {
                    let byte = u8::from_str_radix(&format!("{a}{b}"), 16).unwrap_or(b'?');
                    if byte.is_ascii() {
                        let at = Span::new(d.start, last.end);
                        let once = format!("%{a}{b}");
                        found.push(
                            Finding::new(
                                Rule::OdataEncoding,
                                at,
                                format!("{} is {once} encoded twice: the service reads the text {once}, not {}", self.raw(at), match byte { b' ' | b'+' => "a space".to_string(), b => format!("`{}`", char::from(b)) }),
                            )
                            .help(format!("a layer encoded a query that was already encoded (an encoded URL passed to a URL builder, or a filter encoded before it was added to the query); encode once: write {once}"))
                            .fix(at, once, true),
                        );
                        let c = if byte == b'+' { ' ' } else { char::from(byte) };
                        if c == '\'' {
                            quoted = !quoted;
                        }
                        out.push(DChar {
                            c,
                            start: d.start,
                            end: last.end,
                        });
                        i += 3;
                        continue;
                    }
                }
            }
            out.push(d);
            i += 1;
        }
        for f in &mut found {
            f.severity = Severity::Error;
        }
        (!found.is_empty()).then_some((out, found))
    }

    /// A date-time's zone offset written with a raw + (`2024-01-01T10:00:00+01:00`, as PowerShell's
    /// `Get-Date -Format o` gives it) reaches the service as a space: reported, and read as the + meant so
    /// the rest of the filter is still checked.
    fn zone_offsets(&mut self, value: &[DChar]) -> Vec<DChar> {
        let mut out = value.to_vec();
        for i in 1..out.len() {
            if out[i].c != ' ' || self.raw(Span::new(out[i].start, out[i].end)) != "+" {
                continue;
            }
            let word_start = out[..i]
                .iter()
                .rposition(|d| d.c.is_whitespace() || matches!(d.c, '(' | ','))
                .map_or(0, |j| j + 1);
            let before = query::text(&out[word_start..i]);
            let after = query::text(&out[i + 1..out.len().min(i + 6)]);
            let zone = after.len() == 5
                && after.as_bytes()[2] == b':'
                && after
                    .bytes()
                    .enumerate()
                    .all(|(k, b)| k == 2 || b.is_ascii_digit());
            if zone && query::classify(&before) == LitKind::DateTimeNoZone {
                let at = Span::new(out[i].start, out[i].end);
                let mut f = Finding::new(
                    Rule::OdataEncoding,
                    at,
                    format!(
                        "the + of the time zone in {before}+{after} reaches the service as a space"
                    ),
                )
                .help("write %2B for the +, or give the time in UTC with Z")
                .fix(at, "%2B".into(), true);
                f.severity = Severity::Error;
                self.push(f);
                out[i].c = '+';
            }
        }
        out
    }
}

/// `?=healthStatus eq 'Active'`: what is left of `"…?$filter=…"` after a shell replaced `$filter`, an unset
/// variable, with nothing. The service ignores a nameless parameter and answers the whole collection.
fn nameless_option(p: &query::Param) -> Finding {
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

/// Comma-separated items of a value, with the raw span of each.
fn items(value: &[DChar]) -> Vec<(String, Span)> {
    value
        .split(|d| d.c == ',')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let text = query::text(part);
            let trimmed: Vec<DChar> = part
                .iter()
                .copied()
                .skip_while(|d| d.c.is_whitespace())
                .collect();
            let end = trimmed
                .iter()
                .rposition(|d| !d.c.is_whitespace())
                .map_or(0, |i| i + 1);
            let span = query::span_of(&trimmed[..end], part[0].start);
            (text, span)
        })
        .collect()
}
