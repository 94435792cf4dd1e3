//! GNU Wget: the request line (`--2026-12-03 05:02:44--  https://…`), `-S` response heads indented by two
//! spaces, "HTTP request sent, awaiting response... 403 Forbidden", its chatter, and the closing
//! `ERROR 403: Forbidden.` (wget src/http.c: "%s ERROR %d: %s.\n").

use super::{status_line, three_digit_status, ClientStatus, Clue, Recognizer, Trigger};
use crate::response::Context;

pub(crate) static RECOGNIZERS: &[Recognizer] = &[
    Recognizer {
        name: "wget request",
        samples: &["--2026-12-03 05:02:44--  http://127.0.0.1:1/api/alerts"],
        triggers: &[Trigger::Start("--")],
        read: request,
    },
    Recognizer {
        name: "wget -S status line",
        samples: &["  HTTP/1.1 500 Internal Server Error"],
        triggers: &[Trigger::Start("  HTTP/")],
        read: status,
    },
    Recognizer {
        name: "wget status note",
        samples: &["HTTP request sent, awaiting response... 403 Forbidden"],
        triggers: &[Trigger::Anywhere("awaiting response...")],
        read: awaiting,
    },
    Recognizer {
        name: "wget error",
        samples: &["2026-12-03 05:02:44 ERROR 403: Forbidden."],
        triggers: &[Trigger::Anywhere(" ERROR ")],
        read: error,
    },
    Recognizer {
        name: "wget chatter",
        samples: &[
            "Connecting to 127.0.0.1:8080... connected.",
            "Length: 154 [application/json]",
        ],
        triggers: &[
            Trigger::Start("Connecting to "),
            Trigger::Start("Resolving "),
            Trigger::Start("Saving to: "),
            Trigger::Start("Length: "),
            Trigger::Start("Reusing existing connection"),
            Trigger::Anywhere("0K "),
            Trigger::Anywhere(" saved ["),
            Trigger::Anywhere("written to stdout ["),
        ],
        read: chatter,
    },
];

fn request(line: &str) -> Option<Clue<'_>> {
    let rest = line.strip_prefix("--")?;
    let (stamp, url) = rest.split_once("--  ")?;
    if !stamp.starts_with(|c: char| c.is_ascii_digit()) || !url.contains("://") {
        return None;
    }
    Some(Clue::Request {
        method: None,
        target: url.trim(),
    })
}

fn status(line: &str) -> Option<Clue<'_>> {
    status_line(line.strip_prefix("  ")?).map(|status| Clue::Status {
        status,
        context: Context::Wget,
    })
}

fn awaiting(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("awaiting response...")?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Clue::Chatter);
    }
    let status = three_digit_status(rest.get(..3)?, 100)?;
    Some(Clue::Status {
        status,
        context: Context::Wget,
    })
}

fn error(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once(" ERROR ")?;
    let status = three_digit_status(rest.get(..3)?, 400)?;
    rest.get(3..)?.starts_with(':').then_some(())?;
    Some(Clue::ClientStatus(ClientStatus {
        status,
        context: Context::Wget,
        url: None,
        method: None,
    }))
}

fn chatter(line: &str) -> Option<Clue<'_>> {
    let t = line.trim_start();
    let known = [
        "Connecting to ",
        "Resolving ",
        "Saving to: ",
        "Length: ",
        "Reusing existing connection",
    ]
    .iter()
    .any(|p| line.starts_with(p))
        || (t.starts_with(|c: char| c.is_ascii_digit()) && t.contains("K ") && !t.contains('{'))
        || line.contains(" saved [")
        || line.contains("written to stdout [");
    known.then_some(Clue::Chatter)
}
