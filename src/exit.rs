//! Exit statuses: one documented meaning per variant, mapped to the process exit code in one place.

use std::process::ExitCode;

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

#[cfg(test)]
mod tests {
    use super::*;

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
