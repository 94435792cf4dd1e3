//! Bare message text: a line that holds a message the catalog knows ("Missing application roles. API
//! required roles: …", Graph's "Auth token does not contain valid permissions or user does not have valid
//! roles."), pasted without its body. Its triggers are the opening words of the catalog's templates, so a
//! template added to the catalog is recognized here too.

use std::sync::OnceLock;

use super::Clue;
use crate::catalog;

/// Shortest opening literal taken as a trigger (shorter ones match ordinary prose).
const MIN_TRIGGER: usize = 16;

/// The opening words of every catalog template long enough to identify a message.
pub(crate) fn triggers() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<&'static str> = catalog::entries()
            .iter()
            .flat_map(|e| e.templates.iter())
            .map(|t| catalog::template::leading_literal(t))
            .filter(|lead| lead.len() >= MIN_TRIGGER)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// The message a line holds, from the first template opening on.
pub(crate) fn read(line: &str) -> Option<Clue<'_>> {
    // A line with a JSON body holds the message inside it: the body is read instead (and matching every
    // template against each error line of a big log would cost more than reading it).
    if line.contains("{\"") || line.contains("{\\\"") {
        return None;
    }
    let at = triggers().iter().filter_map(|t| line.find(t)).min()?;
    let message = line[at..].trim().trim_end_matches(['"', '\'']).trim();
    crate::facts::find_by_template(message)?;
    Some(Clue::Message(message))
}
