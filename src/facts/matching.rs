//! Matching a message against the catalog's templates: the placeholder values it captures.

use std::sync::OnceLock;

use super::Captures;
use crate::catalog::{self, template, Entry};
use crate::recent::Recent;

/// A character no real message ends with, appended so an empty last placeholder still matches.
const SENTINEL: char = '\u{1}';

/// [`match_entry`] without the loose pass: whether the message is exactly one of the entry's own.
pub(crate) fn match_entry_exact(entry: &Entry, message: &str) -> Option<Captures> {
    entry
        .templates
        .iter()
        .zip(entry.template_leads())
        .find_map(|(t, lead)| match_template_led(t, lead, message))
}

/// Whether the message is exactly one of the entry's own ([`match_entry_exact`] without the captures: no
/// allocation; a generic code's message is asked this for every response that carries one).
pub(crate) fn entry_matches_exact(entry: &Entry, message: &str) -> bool {
    entry
        .templates
        .iter()
        .zip(entry.template_leads())
        .any(|(t, lead)| matches_template_led(t, lead, message))
}

/// [`match_template_led`] without the captures.
fn matches_template_led(template: &'static str, lead: &str, message: &str) -> bool {
    if template::strip_literal(message.trim_start(), lead).is_none() {
        return false;
    }
    if template::matches(template, message) {
        return true;
    }
    if !template.trim_end().trim_end_matches('.').ends_with('}') {
        return false;
    }
    let trimmed = message.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    template::matches(template, &format!("{trimmed} {SENTINEL}"))
}

/// Matches `message` against `entry`'s templates; the captures of the first that fits. Exact matches are
/// tried first, then loose ones.
pub(crate) fn match_entry(entry: &'static Entry, message: &str) -> Option<Captures> {
    thread_local! {
        /// Every diagnosis matches its message against its entry's templates, most of the cost of one
        /// in a log of repeated errors (callgrind, jsonl-ndjson): the answers given lately, by entry
        /// (its address: entries live as long as the program) and message.
        static MATCHED: std::cell::RefCell<Recent<Option<Captures>>> = Default::default();
    }
    let address = (entry as *const Entry as usize).to_le_bytes();
    MATCHED.with_borrow_mut(|recent| {
        recent.get_or(&[&address, message.as_bytes()], || {
            match_entry_anew(entry, message)
        })
    })
}

/// [`match_entry`], computed.
fn match_entry_anew(entry: &Entry, message: &str) -> Option<Captures> {
    match_entry_exact(entry, message).or_else(|| {
        if !template::may_match_loosely(message) {
            return None;
        }
        // An entry has a few templates: tried one by one, no index to build.
        best_of(
            entry
                .templates
                .iter()
                .enumerate()
                .map(|(i, t)| (i, entry, *t)),
            message,
        )
        .map(|(_, c)| c)
    })
}

/// Every identifying template with a word of its opening literal, for the loose pass: one automaton finds which
/// templates' words a message holds, so a message is matched loosely only against those (most messages
/// hold none, and trying each template would cost more than the rest of a diagnosis).
struct LooseIndex {
    templates: Vec<(&'static Entry, &'static str)>,
    words: aho_corasick::AhoCorasick,
}

fn loose_index() -> &'static LooseIndex {
    static INDEX: OnceLock<LooseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut templates = Vec::new();
        let mut words = Vec::new();
        // The identifying templates only: the index serves messages without a telling code.
        for &(e, t, lead) in identifying_templates() {
            // The opening literal's longest word: a message that holds the opening holds it.
            let word = lead
                .split(|c: char| !c.is_alphanumeric())
                .max_by_key(|w| w.len())
                .unwrap_or("");
            if word.len() >= 4 {
                templates.push((e, t));
                words.push(word);
            }
        }
        // An NFA: built in a fraction of a DFA's time, and it reads only messages that failed the exact pass.
        let words = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&words)
            .unwrap_or_else(|_| aho_corasick::AhoCorasick::new(Vec::<&str>::new()).expect("empty"));
        LooseIndex { templates, words }
    })
}

/// The identifying template that matches `message` loosely ([`template::loose_scored`]: cut short,
/// re-wrapped, inside a longer line or going on) over the most template text, found through the index.
fn best_loose(message: &str) -> Option<(&'static Entry, Captures)> {
    if !template::may_match_loosely(message) {
        return None;
    }
    let index = loose_index();
    let mut tried = Vec::new();
    let candidates = index.words.find_overlapping_iter(message).filter_map(|m| {
        let i = m.pattern().as_usize();
        let &(e, t) = index.templates.get(i)?;
        if tried.contains(&i) {
            return None;
        }
        tried.push(i);
        Some((i, e, t))
    });
    best_of(candidates, message)
}

/// Of `templates` (catalog index, entry, template), the one whose loose match covers the most template text;
/// then the one that took more values (it read more of the message); then the first in the catalog.
fn best_of<'e>(
    templates: impl Iterator<Item = (usize, &'e Entry, &'static str)>,
    message: &str,
) -> Option<(&'e Entry, Captures)> {
    type Scored = (usize, usize, std::cmp::Reverse<usize>);
    let mut best: Option<(&'e Entry, Captures, Scored)> = None;
    for (i, e, t) in templates {
        if let Some((caps, score)) = template::loose_scored(t, message) {
            let score = (score, caps.len(), std::cmp::Reverse(i));
            if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
                best = Some((e, caps, score));
            }
        }
    }
    best.map(|(e, caps, _)| (e, caps))
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

/// The catalog entry whose template a code-less message matches, with the captures. Exact matches of every
/// template are tried before any loose one, so a loose match of an earlier entry never hides the exact
/// match of a later one.
pub fn find_by_template(message: &str) -> Option<(&'static Entry, Captures)> {
    let templates = identifying_templates();
    templates
        .iter()
        .find_map(|(e, t, lead)| match_template_led(t, lead, message).map(|caps| (*e, caps)))
        .or_else(|| best_loose(message))
}
