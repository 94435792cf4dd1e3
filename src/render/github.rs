//! `lint --format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding.

use std::io::Write;

use super::lint::Report;
use crate::lint::Severity;
use crate::sanitize::for_terminal;

/// Escapes a command's message (data): `%`, CR and LF.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`, which end properties.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one workflow command per finding.
pub(crate) fn write(out: &mut dyn Write, reports: &[Report]) -> anyhow::Result<()> {
    for report in reports {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            // The Actions log renders ANSI sequences and bidi text: escape them like any terminal output.
            let mut message = for_terminal(&f.message).into_owned();
            if let Some(help) = &f.help {
                message.push_str(&format!("\nhelp: {}", for_terminal(help)));
            }
            if let Some(code) = f.would_cause {
                message.push_str(&format!("\nwould cause: {code}"));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&for_terminal(&report.file)),
                f.at.line,
                f.at.column,
                f.at.end_line,
                f.at.end_column,
                escape_property(&format!("mdediag {}", f.id.id())),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped_per_github_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn one_command_per_finding() {
        let body = "{\"comment\": \"x\"}";
        let report = Report {
            file: "dir/a,b.json".to_string(),
            src: body.to_string(),
            findings: crate::lint::lint(
                body,
                crate::operations::by_name("isolate-machine").expect("op"),
                0,
            ),
        };
        let mut out = Vec::new();
        write(&mut out, &[report]).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(
            text.starts_with("::error file=dir/a%2Cb.json,line=1,col=2,endLine=1,endColumn=11,title=mdediag key-case::`comment` should be"),
            "{text}"
        );
        assert!(
            text.contains("%0Awould cause: MissingRequiredParameter\n"),
            "{text}"
        );
    }
}
