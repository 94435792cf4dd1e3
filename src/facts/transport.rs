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

/// The code every kind's code starts with; alone, a lookup of every kind.
pub(crate) const FAMILY_CODE: &str = "NoResponse";

/// A lookup query squeezed: lower case, without `.`, `-`, `_` and blanks (`NoResponse.Timeout`,
/// `noresponse-timeout` and `no_response timeout` are one query).
fn squeezed(query: &str) -> String {
    query
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The kind (its keyword) a lookup query names: its code in any case and with any separators, or its
/// keyword as JSON's `transport.kind` spells it (`tls-certificate`).
pub(crate) fn find(query: &str) -> Option<&'static str> {
    let q = squeezed(query.trim());
    KINDS
        .iter()
        .find(|k| squeezed(text(k).code) == q || squeezed(k) == q)
        .copied()
}

/// Whether a lookup query asks for every kind (`NoResponse`, any case).
pub(crate) fn is_family(query: &str) -> bool {
    squeezed(query.trim()) == squeezed(FAMILY_CODE)
}

/// The code nearest a query that misspells one (`NoResponse.Timout`, `NoRespose.Proxy`).
pub(crate) fn suggest(query: &str) -> Option<&'static str> {
    let codes = KINDS.iter().map(|k| text(k).code);
    let q = query.trim();
    // A query that starts as the family's codes do is held to them, however far its kind is.
    let near = crate::suggest::closest(q, codes.clone()).map(|m| m.candidate());
    near.or_else(|| {
        squeezed(q)
            .starts_with("norespon")
            .then(|| crate::suggest::closest(q.rsplit(['.', '-', '_', ' ']).next()?, KINDS))
            .flatten()
            .map(|m| text(m.candidate()).code)
    })
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
    fn a_code_is_found_in_any_spelling_and_a_slip_is_suggested() {
        for q in [
            "NoResponse.Timeout",
            "noresponse.timeout",
            " NoResponse-Timeout ",
            "no_response timeout",
            "timeout",
        ] {
            assert_eq!(find(q), Some("timeout"), "{q}");
        }
        assert_eq!(find("NoResponse.TlsCertificate"), Some("tls-certificate"));
        assert_eq!(find("tls-certificate"), Some("tls-certificate"));
        assert_eq!(find("NoResponse.Timout"), None);
        assert!(is_family("noresponse") && !is_family("NoResponse.Proxy"));
        assert_eq!(suggest("NoResponse.Timout"), Some("NoResponse.Timeout"));
        assert_eq!(suggest("NoRespose.Proxy"), Some("NoResponse.Proxy"));
        assert_eq!(suggest("NoResponse.DnsFailure"), None);
        assert_eq!(suggest("AuthorizationFailed"), None);
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
