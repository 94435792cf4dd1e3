//! An Entra ID error printed as text rather than as its JSON body: Azure CLI's `ERROR: AADSTS7000215: …`,
//! a token library's exception message, with the `Trace ID:`, `Correlation ID:` and `Timestamp:` Entra
//! appends on the same line or on the lines after it.

// The names under which a stretch's evidence keeps Entra's printed ids: the correlation id wins over the
// trace id printed before it (`ErrorEvidence::merge`).
pub(super) use crate::response::ENTRA_CORRELATION;
/// The trace id's name: the one a `traceId` key gets too.
pub(super) const ENTRA_TRACE: &str = "traceId";

/// An Entra error in text: `AADSTS` and its number, a colon, the message (up to the `Trace ID:` Entra
/// appends), and the `Correlation ID:` after it. Entra's messages open with a capital letter: a sentence
/// that names a number in passing (`the docs explain AADSTS50076: it means …`) is no error.
pub(super) fn entra_error(line: &str) -> Option<(&str, &str, Option<&str>)> {
    let at = line.find("AADSTS")?;
    let digits = line[at + 6..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let end = at + 6 + digits;
    if digits < 5 || !line[end..].starts_with(':') {
        return None;
    }
    if !line[end + 1..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_uppercase())
    {
        return None;
    }
    let rest = &line[at..];
    let message = rest
        .find(" Trace ID:")
        .or_else(|| rest.find(" Correlation ID:"))
        .map_or(rest, |cut| &rest[..cut])
        .trim();
    Some((&line[at..end], message, entra_trailer(line).correlation))
}

/// What Entra prints after an error's message, on its line or on lines of their own: `Trace ID: …`,
/// `Correlation ID: …`, `Timestamp: 2026-12-07 07:00:00Z`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct EntraTrailer<'a> {
    pub(super) trace: Option<&'a str>,
    pub(super) correlation: Option<&'a str>,
    pub(super) timestamp: Option<&'a str>,
}

pub(super) fn entra_trailer(line: &str) -> EntraTrailer<'_> {
    let after = |name: &str| {
        line.find(name)
            .map(|at| line[at + name.len()..].trim_start())
    };
    let id = |name: &str| {
        after(name)
            .and_then(|v| v.split_whitespace().next())
            .filter(|id| id.len() >= 32 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
    };
    // `2026-12-07 07:00:00Z`: a date, a blank, a time (two words).
    let timestamp = after("Timestamp:").and_then(|v| {
        let date = v.split_whitespace().next()?;
        let rest = &v[date.len()..];
        let word = rest.split_whitespace().next().unwrap_or("");
        // Up to its `Z`: a hard-wrapped paste may glue the next line's word on (`07:00:00ZSee …`).
        let digits = word
            .bytes()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b':' | b'.'))
            .count();
        let time = &word[..digits + usize::from(word[digits..].starts_with('Z'))];
        let dated = date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
        let timed = time.len() >= 8 && time.as_bytes()[2] == b':';
        let gap = rest.len() - rest.trim_start().len();
        dated.then(|| {
            if timed {
                &v[..date.len() + gap + time.len()]
            } else {
                date
            }
        })
    });
    EntraTrailer {
        trace: id("Trace ID:"),
        correlation: id("Correlation ID:"),
        timestamp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aadsts_code_before_its_message_is_an_error_and_prose_is_not() {
        let line = "ERROR: AADSTS7000215: Invalid client secret provided. Trace ID: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d Correlation ID: 7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e Timestamp: 2026-12-07 07:00:00Z";
        assert_eq!(
            entra_error(line),
            Some((
                "AADSTS7000215",
                "AADSTS7000215: Invalid client secret provided.",
                Some("7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e")
            ))
        );
        // A number named in passing: no colon, or a sentence going on in lower case.
        for prose in [
            "We hit AADSTS7000215 again, see the wiki.",
            "The fix for AADSTS7000215: rotate the secret.",
            "AADSTS123: Short numbers are no Entra codes.",
        ] {
            assert_eq!(entra_error(prose), None, "{prose}");
        }
    }

    #[test]
    fn the_trailer_is_read_on_one_line_or_on_its_own_lines() {
        let one = "AADSTS50076: Due to a configuration change. Trace ID: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d Correlation ID: 7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e Timestamp: 2026-12-07 07:00:00Z";
        assert_eq!(
            entra_trailer(one),
            EntraTrailer {
                trace: Some("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"),
                correlation: Some("7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"),
                timestamp: Some("2026-12-07 07:00:00Z"),
            }
        );
        assert_eq!(
            entra_trailer("Timestamp:  2026-12-07   07:00:00Z").timestamp,
            Some("2026-12-07   07:00:00Z")
        );
        assert_eq!(
            entra_trailer("Timestamp: 2026-12-07").timestamp,
            Some("2026-12-07")
        );
        assert_eq!(
            entra_trailer("Timestamp: 2026-12-07 07:00:00ZSee the troubleshooting guide").timestamp,
            Some("2026-12-07 07:00:00Z")
        );
        // Not a date, not an id: nothing.
        assert_eq!(
            entra_trailer("Timestamp: yesterday"),
            EntraTrailer::default()
        );
        assert_eq!(entra_trailer("Trace ID: 1b2c"), EntraTrailer::default());
    }
}
