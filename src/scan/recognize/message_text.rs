//! Bare message text: a line that holds a message the catalog knows ("Missing application roles. API
//! required roles: …", Graph's "Auth token does not contain valid permissions or user does not have valid
//! roles."), pasted without its body. Its triggers are the opening words of the catalog's templates, so a
//! template added to the catalog is recognized here too.

use std::sync::OnceLock;

use super::Clue;
use crate::catalog;

/// Shortest opening literal taken as a trigger (shorter ones match ordinary prose).
const MIN_TRIGGER: usize = 16;

/// Each catalog template's telling literal (its opening words, or its longest literal when the opening is
/// a few words such as ARM's `The client '`) with the opening literal the message starts with.
fn telling() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<(&'static str, &'static str)> = catalog::entries()
            .iter()
            .flat_map(|e| e.templates.iter())
            .map(|t| {
                let lead = catalog::template::leading_literal(t).trim();
                (catalog::template::telling_literal(t), lead)
            })
            .filter(|(trigger, _)| trigger.len() >= MIN_TRIGGER)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Longest trigger given to the prefilter: a line holding a telling literal holds its start too, and the
/// prefilter's automaton grows with every byte of its words (its DFA's build is paid by every long log).
const MAX_TRIGGER: usize = 24;

/// The words a line must hold to be read here (the prefilter's share of this family): each telling
/// literal's first [`MAX_TRIGGER`] bytes.
pub(crate) fn triggers() -> impl Iterator<Item = &'static str> {
    telling().iter().map(|(t, _)| {
        let mut end = t.len().min(MAX_TRIGGER);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        &t[..end]
    })
}

/// The message a line holds, from the first template opening on.
pub(crate) fn read(line: &str) -> Option<Clue<'_>> {
    // A line with a JSON body holds the message inside it: the body is read instead (and matching every
    // template against each error line of a big log would cost more than reading it).
    if line.contains("{\"") || line.contains("{\\\"") {
        return None;
    }
    // An Entra error in text names its code: read as evidence, with the ids on the lines after it.
    if line.contains("AADSTS") && super::super::entra_text::entra_error(line).is_some() {
        return None;
    }
    let at = telling()
        .iter()
        .filter_map(|(t, lead)| {
            let at = line.find(t)?;
            // The message starts at the template's opening words, before the telling ones.
            Some(match line[..at].rfind(lead) {
                Some(start) if !lead.is_empty() => start,
                _ => at,
            })
        })
        .min()?;
    let rest = &line[at..];
    // A quoted message (`message='…', target=None)` of a printed object, `"…"` of a log field) ends at its
    // closing quote, not with the line.
    let rest = match line[..at].chars().next_back() {
        Some(q @ ('\'' | '"')) => closing_quote(rest, q).map_or(rest, |end| &rest[..end]),
        // PowerShell's view of a hashtable, `@{code=…; message=…; target=…}`: the value ends at the next
        // `; key=`, or the closing brace.
        Some('=') if line[..at].contains("@{") => hashtable_value(rest),
        _ => rest,
    };
    let message = rest.trim().trim_end_matches(['"', '\'']).trim();
    let (entry, _) = crate::facts::find_by_template(message)?;
    Some(Clue::Message(message, entry.code))
}

/// An unquoted value of PowerShell's `@{k=v; k=v}` view: up to the next `; key=`, or the closing brace.
fn hashtable_value(rest: &str) -> &str {
    let next_key = rest.match_indices("; ").find(|&(i, _)| {
        let key = &rest[i + 2..];
        let n = key
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        n > 0 && key[n..].starts_with('=')
    });
    match next_key {
        Some((i, _)) => &rest[..i],
        None => rest.trim_end().strip_suffix('}').unwrap_or(rest),
    }
}

/// Where the quote `q` that closes a quoted text starting `text` stands (one a backslash escapes does not).
fn closing_quote(text: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == q && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(line: &str) -> Option<&str> {
        match read(line)? {
            Clue::Message(m, _) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn a_quoted_message_ends_at_its_quote() {
        // msgraph-sdk-python (kiota) prints its ODataError's MainError this way.
        let line = "error: MainError(code='Forbidden', message='Missing application roles. API required roles: SecurityIncident.Read.All, SecurityIncident.ReadWrite.All.', target=None)";
        assert_eq!(
            message(line),
            Some("Missing application roles. API required roles: SecurityIncident.Read.All, SecurityIncident.ReadWrite.All.")
        );
        let line = r#"level=error msg="Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All." status=403"#;
        assert!(message(line).is_some_and(|m| m.ends_with("Machine.Read.All.")));
        // Unquoted: the message runs to the end of the line.
        let line = "Get-MgSecurityIncident_List: Missing application roles. API required roles: SecurityIncident.Read.All.";
        assert!(message(line).is_some_and(|m| m.ends_with("SecurityIncident.Read.All.")));
    }

    #[test]
    fn a_hashtable_value_ends_at_the_next_key() {
        let line = "@{code=Forbidden; message=Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.; target=x}";
        assert_eq!(
            message(line),
            Some("Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.")
        );
        let last = "@{code=Forbidden; message=Missing application roles. API required roles: Machine.Isolate.}";
        assert!(message(last).is_some_and(|m| m.ends_with("Machine.Isolate.")));
    }

    #[test]
    fn an_escaped_quote_does_not_close() {
        assert_eq!(closing_quote(r"a \' b' c", '\''), Some(6));
        assert_eq!(closing_quote("no close", '"'), None);
    }
}
