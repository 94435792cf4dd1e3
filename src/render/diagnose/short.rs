//! `--format short`: one line per error, like a compiler's short format (`gcc`, `rustc
//! --error-format=short`, `ruff --output-format concise`), then the count line.

use std::io::Write;

use super::Sink;
use crate::diagnose::{Diagnosis, Summary};
use crate::render::style;
use crate::sanitize::for_terminal as t;

/// `file:line: CODE STATUS operation: cause; fix: first step`.
pub(crate) struct Short;

impl Sink for Short {
    fn item(&self, buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
        Ok(line(buf, d)?)
    }

    fn end(&self, out: &mut dyn Write, s: &Summary, _items: u64) -> anyhow::Result<()> {
        Ok(super::human::closing_human(out, s)?)
    }
}

/// One diagnosis on one line (never wrapped: grep and editors read it).
pub(crate) fn line(out: &mut dyn Write, d: &Diagnosis) -> std::io::Result<()> {
    let mut line = format!(
        "{} {}",
        style::dim(&format!("{}:{}:", t(&d.source.file), d.source.line)),
        style::code(&t(&d.code))
    );
    if let Some(s) = d.http_status {
        line.push_str(&format!(" {}", style::error(&s.to_string())));
    }
    if let Some(op) = d.route {
        line.push_str(&format!(" {}", op.name));
    }
    // No response: the host the call was for stands where the status would.
    if let Some(host) = d.transport.as_ref().and_then(|x| x.host.as_deref()) {
        line.push_str(&format!(" {}", t(host)));
    }
    line.push_str(": ");
    // The message or the catalog's summary, to its first sentence.
    line.push_str(&one_line(&d.summary));
    if let Some(step) = d.fix.first() {
        line.push_str("; fix: ");
        line.push_str(&style::fix(&one_line(step)).to_string());
    }
    writeln!(out, "{line}")
}

/// `text` sanitized, its whitespace runs (line breaks too) made single spaces, without a final period.
fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    t(flat.trim_end_matches('.')).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan_str, Event};

    #[test]
    fn one_line_per_error_with_code_status_cause_and_first_fix() {
        let text = "HTTP/1.1 403 Forbidden\r\n\r\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.\",\"target\":\"t\"}}\n";
        let d = scan_str("f.txt", text)
            .into_iter()
            .find_map(Event::into_response)
            .map(crate::diagnose::diagnose_owned)
            .expect("a response");
        let mut out = Vec::new();
        line(&mut out, &d).expect("render");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.starts_with("f.txt:1: Forbidden 403: "), "{out}");
        assert!(out.contains("; fix: Grant Machine.Isolate"), "{out}");
    }
}
