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

/// The words a line must hold to be read here (the prefilter's share of this family).
pub(crate) fn triggers() -> impl Iterator<Item = &'static str> {
    telling().iter().map(|(t, _)| *t)
}

/// The message a line holds, from the first template opening on.
pub(crate) fn read(line: &str) -> Option<Clue<'_>> {
    // A line with a JSON body holds the message inside it: the body is read instead (and matching every
    // template against each error line of a big log would cost more than reading it).
    if line.contains("{\"") || line.contains("{\\\"") {
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
    let message = line[at..].trim().trim_end_matches(['"', '\'']).trim();
    let (entry, _) = crate::facts::find_by_template(message)?;
    Some(Clue::Message(message, entry.code))
}
