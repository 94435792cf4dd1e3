//! One severity scale for every finding the tool reports: lint findings, the token doctor's findings, and the
//! facts diagnose reads through them. Ordered by weight (`Note < Warning < Error`), so "the worst" is `max`
//! and "most severe first" is a reverse sort everywhere.

use serde::Serialize;

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
    use super::Severity;

    #[test]
    fn heavier_sorts_later_and_serializes_lowercase() {
        assert!(Severity::Note < Severity::Warning && Severity::Warning < Severity::Error);
        let json = serde_json::to_string(&[Severity::Error, Severity::Note]).unwrap_or_default();
        assert_eq!(json, r#"["error","note"]"#);
    }
}
