//! Exit statuses: one documented meaning per variant, mapped to the process exit code in one place.

use std::process::ExitCode;

use crate::cli::UsageError;

/// How a run ended. Scripts branch on these numbers, so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: nothing to report (no error responses, no lint errors, a token that fits).
    Clean,
    /// 1: findings: error responses that need a fix, lint errors, token problems.
    Findings,
    /// 2: usage or I/O trouble: bad arguments, unreadable input, an unknown code.
    Trouble,
    /// 75 (EX_TEMPFAIL): diagnose found errors and every one is transient (429, 5xx, action pending):
    /// back off and retry.
    Transient,
}

impl ExitStatus {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Trouble => 2,
            ExitStatus::Transient => 75,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// Prints a failed run in the one voice every message uses: `error: …`, then `help: …` when there is advice
/// (a UsageError's, or a "; did you mean …?" tail split off the message).
pub(crate) fn report(err: &anyhow::Error, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let message = format!("{err:#}");
    let (message, help) = match err.downcast_ref::<UsageError>() {
        Some(usage) => (usage.message.clone(), usage.help.clone()),
        None => match message.split_once("; did you mean ") {
            Some((head, tail)) => (head.to_string(), Some(format!("did you mean {tail}"))),
            None => (message, None),
        },
    };
    use crate::shell::{write, Level};
    write(out, Level::Error, None, &message)?;
    if let Some(help) = help {
        write(out, Level::Help, None, &help)?;
    }
    Ok(())
}

/// Prints clap's own error (or `--help`/`--version` text) and picks the exit status. clap's `tip:` lines
/// become `help:` lines, so usage errors read like every other error; color follows `--color`.
pub(crate) fn clap_error(err: &clap::Error, when: crate::cli::ColorWhen) -> ExitStatus {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // A closed pipe (`mdediag --help | head`) is not a failure either.
        let _ = err.print();
        return ExitStatus::Clean;
    }
    let color = match when {
        crate::cli::ColorWhen::Always => true,
        crate::cli::ColorWhen::Never => false,
        crate::cli::ColorWhen::Auto => {
            use std::io::IsTerminal;
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    let styled = err.render();
    let text = if color {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    let mut voice = String::with_capacity(text.len());
    let dash_v = err
        .get(clap::error::ContextKind::InvalidArg)
        .is_some_and(|v| v.to_string() == "-v");
    for line in text.lines() {
        match line.strip_prefix("  ") {
            Some(rest) if strip_ansi(rest).starts_with("tip:") => {
                voice.push_str(&rest.replacen("tip:", "help:", 1));
            }
            _ => voice.push_str(line),
        }
        voice.push('\n');
        if dash_v && line.starts_with("error:") {
            voice.push_str("help: the version is `mdediag -V` (`--version`)\n");
        }
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), voice.as_bytes());
    ExitStatus::Trouble
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_did_you_mean_tail_becomes_a_help_line() {
        colored::control::set_override(false);
        let err = anyhow::anyhow!("unknown code 'Forbiden'; did you mean 'Forbidden'?");
        let mut out = Vec::new();
        report(&err, &mut out).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "error: unknown code 'Forbiden'\nhelp: did you mean 'Forbidden'?\n"
        );
    }

    #[test]
    fn ansi_codes_are_stripped_for_matching() {
        assert_eq!(strip_ansi("\u{1b}[32mtip:\u{1b}[0m x"), "tip: x");
    }

    #[test]
    fn codes_are_the_documented_numbers() {
        assert_eq!(
            [
                ExitStatus::Clean,
                ExitStatus::Findings,
                ExitStatus::Trouble,
                ExitStatus::Transient
            ]
            .map(ExitStatus::code),
            [0, 1, 2, 75]
        );
    }
}
