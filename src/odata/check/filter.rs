//! The `$filter` tree against the entity: property names, comparisons, values beside them, functions and
//! lambdas, and string slips (double quotes, a `+` meant as a space).

use super::{names, PropertyIn, QueryChecker, FUNCTIONS};
use crate::lint::{Evidence, Finding, Rule, Severity, Span};
use crate::odata::endpoints::PropertyMatch;
use crate::odata::evidence;
use crate::odata::query::{self, Expr, Lit, LitKind, Operand};
use crate::operations::entities::{Property, Type};
use crate::suggest;

impl QueryChecker<'_> {
    /// Reports on a property name; returns the property it stands for, if any.
    pub(super) fn property(
        &mut self,
        name: &str,
        span: Span,
        place: PropertyIn,
    ) -> Option<&'static Property> {
        let ep = self.ep?;
        let entity = ep.entity;
        let prop = match ep.resolve(name) {
            PropertyMatch::Exact(p) => p,
            PropertyMatch::DocSpelling(p) => {
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
            PropertyMatch::Case(p) => {
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
            PropertyMatch::Typo(p) => {
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
            PropertyMatch::Unknown => {
                let list = if place == PropertyIn::Filter && !ep.filter.is_empty() {
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
        if place == PropertyIn::Filter && !ep.filter.is_empty() && !ep.is_filterable(prop) {
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

    pub(super) fn expr(&mut self, e: &Expr) {
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
                let prop = self.property(first, *span, PropertyIn::Filter);
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

    pub(super) fn double_quoted(&mut self, lit: &Lit) {
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
}
