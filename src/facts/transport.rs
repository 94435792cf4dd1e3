//! What `diagnose` says about a call that got no HTTP response: per [`TransportKind`], the code, the retry
//! class, the summary, the retry verdict and the fix steps per API family, read once from `transport.md`
//! (the one place the words live; its header documents the format, the tests below hold the file to it).

use std::sync::OnceLock;

use crate::catalog::Retry;

const SOURCE: &str = include_str!("transport.md");

/// The kinds, as the file's headings and JSON's `transport.kind` spell them, in the file's order (a test in
/// `diagnose/transport.rs` holds them to `TransportKind::ALL`).
pub(crate) const KINDS: [&str; 8] = [
    "name-resolution",
    "tls-certificate",
    "tls-handshake",
    "connection-refused",
    "timeout",
    "connection-reset",
    "proxy",
    "connection-failed",
];

/// The API families a step may be for (`step.FAMILY`), as `Api::as_str` spells them; `any` holds for all.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const FAMILIES: [&str; 6] = ["any", "mde", "graph", "arm", "entra", "log-analytics"];

/// One kind's words.
#[derive(Debug, Default)]
pub(crate) struct KindText {
    pub code: &'static str,
    pub retry: Option<Retry>,
    pub summary: &'static str,
    pub retry_text: &'static str,
    /// (family, step), in the file's order.
    pub steps: Vec<(&'static str, &'static str)>,
}

/// The words of `kind` (its keyword, `TransportKind::as_str`).
pub(crate) fn text(kind: &str) -> &'static KindText {
    static TABLE: OnceLock<Vec<KindText>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let parsed = parse(SOURCE);
        KINDS
            .iter()
            .map(|k| {
                parsed
                    .iter()
                    .find(|(name, _)| name == k)
                    .map(|(_, t)| KindText {
                        code: t.code,
                        retry: t.retry,
                        summary: t.summary,
                        retry_text: t.retry_text,
                        steps: t.steps.clone(),
                    })
                    .unwrap_or_default()
            })
            .collect()
    });
    let at = KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len());
    static EMPTY: KindText = KindText {
        code: "NoResponse",
        retry: None,
        summary: "",
        retry_text: "",
        steps: Vec::new(),
    };
    table.get(at).unwrap_or(&EMPTY)
}

/// The retry class of a transport failure's code (`--summary` counts from the code alone).
pub(crate) fn retry_of_code(code: Option<&str>) -> Retry {
    KINDS
        .iter()
        .map(|k| text(k))
        .find(|t| Some(t.code) == code)
        .and_then(|t| t.retry)
        .unwrap_or(Retry::AfterFix)
}

/// The sections of the file: (kind keyword, its words). Lines that are not fields are prose.
fn parse(source: &'static str) -> Vec<(&'static str, KindText)> {
    let mut out: Vec<(&'static str, KindText)> = Vec::new();
    for line in source.lines() {
        if let Some(kind) = line.strip_prefix("## ") {
            out.push((kind.trim(), KindText::default()));
            continue;
        }
        let Some((field, value)) = line
            .strip_prefix("- `")
            .and_then(|rest| rest.split_once("`: "))
        else {
            continue;
        };
        let Some((_, t)) = out.last_mut() else {
            continue;
        };
        match field {
            "code" => t.code = value,
            "retry" => {
                t.retry = match value {
                    "after-fix" => Some(Retry::AfterFix),
                    "after-delay" => Some(Retry::AfterDelay),
                    _ => None,
                }
            }
            "summary" => t.summary = value,
            "retry-text" => t.retry_text = value,
            _ => {
                if let Some(family) = field.strip_prefix("step.") {
                    t.steps.push((family, value));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_section_and_every_field() {
        let parsed = parse(SOURCE);
        let names: Vec<&str> = parsed.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, KINDS, "sections in the order of KINDS");
        let mut codes = Vec::new();
        for (name, t) in &parsed {
            assert!(
                t.code.starts_with("NoResponse.") && t.code.len() > 11,
                "{name}"
            );
            assert!(
                t.code[11..].bytes().all(|b| b.is_ascii_alphanumeric()),
                "{name}"
            );
            codes.push(t.code);
            assert!(
                matches!(t.retry, Some(Retry::AfterFix | Retry::AfterDelay)),
                "{name}: retry is after-fix or after-delay"
            );
            assert!(t.summary.starts_with("No HTTP response"), "{name}");
            assert!(!t.retry_text.is_empty(), "{name}");
            assert!(
                t.steps.iter().any(|(f, _)| *f == "any"),
                "{name}: an unknown host gets the `any` steps"
            );
            for (family, step) in &t.steps {
                assert!(FAMILIES.contains(family), "{name}: step.{family}");
                assert!(step.ends_with(['.', ')']), "{name}: {step}");
            }
            for text in [t.summary, t.retry_text]
                .into_iter()
                .chain(t.steps.iter().map(|(_, s)| *s))
            {
                let rest = text.replace("{host}", "").replace("{tenant}", "");
                assert!(!rest.contains(['{', '}']), "{name}: {text}");
            }
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), parsed.len(), "codes are unique");
    }

    #[test]
    fn only_timeouts_and_resets_pass_by_themselves() {
        for kind in KINDS {
            let transient = text(kind).retry.is_some_and(|r| r.is_transient());
            assert_eq!(
                transient,
                matches!(kind, "timeout" | "connection-reset"),
                "{kind}"
            );
            assert_eq!(
                retry_of_code(Some(text(kind).code)).is_transient(),
                transient
            );
        }
    }

    #[test]
    fn every_field_line_is_read() {
        // A field line the parser does not know would be dropped without a word.
        let body = &SOURCE[SOURCE.find("\n## ").unwrap_or(0)..];
        for line in body.lines().filter(|l| l.starts_with("- `")) {
            let field = line[3..].split('`').next().unwrap_or_default();
            let known = ["code", "retry", "summary", "retry-text"].contains(&field)
                || field
                    .strip_prefix("step.")
                    .is_some_and(|f| FAMILIES.contains(&f));
            assert!(known, "{line}");
        }
    }
}
