//! One model for everything the tool reports about what it read: a lint rule's finding on a body or a query,
//! a token check's finding, a fact diagnose reads from an error message. Each is a [`Finding`] that differs
//! only in what found it (`Id`: a lint `Rule`, a token `Check`, a `FactKind`) and in whether it points at a
//! place in the text (`At`: a [`Located`] span for lint, nothing for the others). Renderers and exit codes
//! read the common part; one [`Severity`] orders them all.

use serde::Serialize;

/// A byte range `start..end` in the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// Where a finding sits: its span and, once located, the 1-based line and column (characters) of its start
/// and of its end (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Located {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl From<Span> for Located {
    fn from(span: Span) -> Located {
        Located {
            span,
            ..Located::default()
        }
    }
}

/// A replacement for a span of the text that mends the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    /// The new text, JSON-encoded where it replaces a key or string (quotes included).
    pub replacement: String,
    /// Whether `--fix` may apply it without asking: only where the intent is certain (key case, value case).
    pub safe: bool,
}

/// One finding: what found it, how much it matters, what it says, what to do, and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<Id, At = ()> {
    /// What found it: the lint rule, the token check, the kind of fact (with the values it read).
    pub id: Id,
    pub severity: Severity,
    /// What was found, in a sentence.
    pub message: String,
    /// What to do about it (a did-you-mean, the allowed values, the step to take), when there is something.
    pub help: Option<String>,
    /// Where it sits in the text: [`Located`] for findings on a body or query, `()` for the others.
    pub at: At,
    /// An edit that mends it, when one is known.
    pub fix: Option<Fix>,
    /// The catalog code the service would answer with (lint's prediction).
    pub would_cause: Option<&'static str>,
    /// The operation the text was checked against, when one was.
    pub operation: Option<&'static str>,
}

impl<Id> Finding<Id> {
    /// A finding that points at no place.
    pub fn new(id: Id, severity: Severity, message: impl Into<String>) -> Finding<Id> {
        Finding {
            id,
            severity,
            message: message.into(),
            help: None,
            at: (),
            fix: None,
            would_cause: None,
            operation: None,
        }
    }
}

impl<Id, At> Finding<Id, At> {
    /// Sets the help line (an empty one is no help).
    pub fn help(mut self, help: impl Into<String>) -> Self {
        let help = help.into();
        self.help = (!help.is_empty()).then_some(help);
        self
    }

    /// Sets the fix.
    pub fn fix(mut self, span: Span, replacement: String, safe: bool) -> Self {
        self.fix = Some(Fix {
            span,
            replacement,
            safe,
        });
        self
    }
}

/// How much a finding matters: a note informs, a warning may cost a failed call, an error will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`, as every output spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Finding, Located, Severity, Span};

    #[test]
    fn an_empty_help_is_no_help_and_a_fix_keeps_its_span() {
        let f = Finding::<&str>::new("check", Severity::Warning, "found").help("");
        assert_eq!(f.help, None);
        let f = f.help("do this").fix(Span::new(2, 5), "\"x\"".into(), true);
        assert_eq!(f.help.as_deref(), Some("do this"));
        assert_eq!(
            f.fix.map(|x| (x.span, x.safe)),
            Some((Span::new(2, 5), true))
        );
    }

    #[test]
    fn a_span_becomes_an_unlocated_place() {
        let at = Located::from(Span::new(3, 9));
        assert_eq!(
            (at.span.start, at.span.end, at.line, at.column),
            (3, 9, 0, 0)
        );
    }

    #[test]
    fn heavier_sorts_later_and_serializes_lowercase() {
        assert!(Severity::Note < Severity::Warning && Severity::Warning < Severity::Error);
        let json = serde_json::to_string(&[Severity::Error, Severity::Note]).unwrap_or_default();
        assert_eq!(json, r#"["error","note"]"#);
    }
}
