//! A literal against its property's type: quoting, numbers in range, dates and times, enum values.

use super::QueryChecker;
use crate::lint::{Evidence, Finding, Rule, Severity};
use crate::odata::evidence;
use crate::odata::query::{self, Lit, LitKind};
use crate::operations::entities::{Property, Type};
use crate::suggest;

impl QueryChecker<'_> {
    pub(super) fn value(&mut self, p: &'static Property, lit: &Lit) {
        if lit.kind == LitKind::Null {
            return;
        }
        if lit.double_quoted {
            self.double_quoted(lit);
        }
        match p.ty {
            Type::String => {
                if lit.kind != LitKind::Str {
                    self.quote(p, lit);
                }
            }
            Type::Enum => {
                if lit.kind == LitKind::Str {
                    self.enum_value(p, lit, true);
                } else {
                    self.quote(p, lit);
                }
            }
            Type::Guid => {
                if !matches!(lit.kind, LitKind::Str | LitKind::Guid) {
                    self.quote(p, lit);
                }
            }
            Type::Integer => self.integer_value(p, lit),
            Type::Number => self.number_value(p, lit),
            Type::Boolean => match lit.kind {
                LitKind::Boolean => {}
                LitKind::Str if matches!(lit.value.as_str(), "true" | "false") => {
                    self.unquote(p, lit, "true or false")
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

    /// A quoted value where the property takes `what` (a number, true or false): unquote it.
    fn unquote(&mut self, p: &'static Property, lit: &Lit, what: &str) {
        let inner_raw = self.raw(lit.inner).to_string();
        self.push(
            Finding::new(
                Rule::OdataValueType,
                lit.span,
                format!("`{}` takes {what}, not a quoted string", p.name),
            )
            .help(format!("write {inner_raw} without quotes"))
            .fix(lit.span, inner_raw, true),
        );
    }

    /// An unquoted value where the property takes text: quote it.
    fn quote(&mut self, p: &'static Property, lit: &Lit) {
        let raw = self.raw(lit.span).to_string();
        self.push(
            Finding::new(
                Rule::OdataValueType,
                lit.span,
                format!("`{}` takes a text value: quote it", p.name),
            )
            .help(format!("write '{raw}'"))
            .fix(lit.span, format!("'{raw}'"), true),
        );
    }

    /// A value for a whole-number property.
    fn integer_value(&mut self, p: &'static Property, lit: &Lit) {
        match lit.kind {
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
                self.unquote(p, lit, "a number")
            }
            _ => self.push(Finding::new(
                Rule::OdataValueType,
                lit.span,
                format!("`{}` takes a whole number", p.name),
            )),
        }
    }

    /// A value for a number property.
    fn number_value(&mut self, p: &'static Property, lit: &Lit) {
        match lit.kind {
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
                self.unquote(p, lit, "a number");
            }
            _ => self.push(Finding::new(
                Rule::OdataValueType,
                lit.span,
                format!("`{}` takes a number", p.name),
            )),
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

    pub(super) fn enum_value(&mut self, p: &'static Property, lit: &Lit, fixable: bool) {
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
