//! Matching a message against the catalog's templates: the placeholder values it captures.

use std::sync::OnceLock;

use super::Captures;
use crate::catalog::{self, template, Entry};

/// A character no real message ends with, appended so an empty last placeholder still matches.
const SENTINEL: char = '\u{1}';

/// Matches `message` against `entry`'s templates; the captures of the first that fits.
pub(crate) fn match_entry(entry: &Entry, message: &str) -> Option<Captures> {
    entry
        .templates
        .iter()
        .find_map(|t| match_template(t, message))
}

/// Matches one template. An empty last placeholder ("application roles: .") matches as empty.
pub fn match_template(template: &'static str, message: &str) -> Option<Captures> {
    match_template_led(template, lead_of(template), message)
}

/// The leading literal [`match_template_led`] checks first: its trailing blanks may be the padding's.
fn lead_of(template: &'static str) -> &'static str {
    template::leading_literal(template).trim_end()
}

/// [`match_template`] with the template's [`lead_of`] given (computed once for the identifying templates).
fn match_template_led(template: &'static str, lead: &str, message: &str) -> Option<Captures> {
    // Cheap rejection first (most templates tried on a message are not its own): both attempts below need
    // the message to start with the template's leading literal.
    template::strip_literal(message.trim_start(), lead)?;
    if let Some(caps) = template::captures(template, message) {
        return Some(
            caps.into_iter()
                .map(|c| (c.name, c.value.to_string()))
                .collect(),
        );
    }
    if !template.trim_end().trim_end_matches('.').ends_with('}') {
        return None;
    }
    let trimmed = message.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    let padded = format!("{trimmed} {SENTINEL}");
    let caps = template::captures(template, &padded)?;
    Some(
        caps.into_iter()
            .map(|c| {
                let v = c.value.trim_end_matches(SENTINEL).trim();
                (c.name, v.to_string())
            })
            .collect(),
    )
}

/// Shortest literal text a template must have to identify a message without a code: `{reason}.` says
/// nothing, `Action is already in progress` says which error it is.
pub(super) const MIN_LITERAL: usize = 12;

pub(super) fn literal_len(template: &str) -> usize {
    let mut n = 0;
    let mut in_hole = false;
    for c in template.chars() {
        match c {
            '{' => in_hole = true,
            '}' => in_hole = false,
            _ if !in_hole && c.is_alphanumeric() => n += 1,
            _ => {}
        }
    }
    n
}

/// A template long enough to identify a message: its entry, the template, its leading literal.
type Identifying = (&'static Entry, &'static str, &'static str);

/// Every identifying template, in catalog order (computed once).
fn identifying_templates() -> &'static [Identifying] {
    static LIST: OnceLock<Vec<Identifying>> = OnceLock::new();
    LIST.get_or_init(|| {
        catalog::entries()
            .iter()
            .flat_map(|e| e.templates.iter().map(move |t| (e, *t, lead_of(t))))
            .filter(|(_, t, _)| literal_len(t) >= MIN_LITERAL)
            .collect()
    })
}

/// The catalog entry whose template a code-less message matches, with the captures.
pub fn find_by_template(message: &str) -> Option<(&'static Entry, Captures)> {
    identifying_templates()
        .iter()
        .find_map(|(e, t, lead)| match_template_led(t, lead, message).map(|caps| (*e, caps)))
}
