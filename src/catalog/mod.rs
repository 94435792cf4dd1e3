//! Error knowledge: one markdown file per code (`codes/<code>.md`, format in `FORMAT.md`), listed in the
//! sorted `index`, parsed once on first use. Lookup by code, alias, HTTP status, class or AADSTS number.

mod entry;
pub(crate) mod hash;
mod index;
mod status;
pub mod template;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use entry::{CatalogFileError, Entry, KnowledgeSource, Retry, Sender};

use crate::suggest;

/// Every entry, in index order (sorted by code).
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        index::FILES
            .iter()
            .map(|(code, text)| {
                Entry::parse(text).unwrap_or_else(|e| {
                    // The data is compiled in and checked by `catalog::tests`; this is a build defect.
                    panic!("catalog entry {code} is malformed: {e}")
                })
            })
            .collect()
    })
}

/// Where `entry` stands in [`entries`]: a table indexed so needs no hashing (`--summary`'s counts).
pub(crate) fn index_of(entry: &'static Entry) -> usize {
    // Every `&'static Entry` the catalog gives out points into `entries()`: its offset is its index.
    (entry as *const Entry as usize - entries().as_ptr() as usize) / std::mem::size_of::<Entry>()
}

/// The entry for exactly this code (as the API spells it).
pub fn get(code: &str) -> Option<&'static Entry> {
    // Every response `diagnose` sees is looked up here, a few times: a std HashMap over the fixed set of
    // codes, hashed with one multiply per eight bytes instead of SipHash (README, Performance). SipHash guards a
    // table that grows with its input; this one never grows, whatever the input.
    static TABLE: OnceLock<HashMap<&'static str, &'static Entry, hash::QuickBuildHasher>> =
        OnceLock::new();
    TABLE
        .get_or_init(|| entries().iter().map(|e| (e.code, e)).collect())
        .get(code)
        .copied()
}

/// The entry whose code equals `code` ignoring letter case.
pub fn get_ignore_case(code: &str) -> Option<&'static Entry> {
    // A code in another case is asked of every response that has one (the scanner's and identify's
    // lookups): a table keyed by the folded code, the first entry of each kept as the walk of the index
    // would find it. No code of the catalog is longer than a folded copy on the stack holds.
    static FOLDED: OnceLock<HashMap<String, &'static Entry, hash::QuickBuildHasher>> =
        OnceLock::new();
    const LONGEST: usize = 64;
    get(code).or_else(|| {
        let mut folded = [0u8; LONGEST];
        let key = folded.get_mut(..code.len())?;
        key.copy_from_slice(code.as_bytes());
        key.make_ascii_lowercase();
        let key = std::str::from_utf8(key).ok()?;
        let table = FOLDED.get_or_init(|| {
            let mut t = HashMap::default();
            for e in entries() {
                assert!(
                    e.code.len() <= LONGEST,
                    "{} is longer than {LONGEST}",
                    e.code
                );
                t.entry(e.code.to_ascii_lowercase()).or_insert(e);
            }
            t
        });
        table.get(key).copied()
    })
}

/// Whether two codes differ only in letter case and word separators (`too_many_requests`, `TOO-MANY-REQUESTS`
/// and `TooManyRequests`): APIs and client wrappers re-spell codes this way.
fn same_ignoring_separators(a: &str, b: &str) -> bool {
    let mut a = a.bytes().filter(|c| !matches!(c, b'_' | b'-' | b' '));
    let mut b = b.bytes().filter(|c| !matches!(c, b'_' | b'-' | b' '));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// The entry whose code equals `code` ignoring letter case and `_`, `-` or blanks between words. Only for
/// a code with at least one letter (`"_"` alone or `"--"` names nothing).
pub fn get_ignore_separators(code: &str) -> Option<&'static Entry> {
    if !code.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    entries()
        .iter()
        .find(|e| same_ignoring_separators(e.code, code))
}

/// The entry for a code that is an HTTP status written as a string (`"code":"429"`, as the advanced hunting
/// quota sends it): the status's generic entry, the same one [`for_status`] gives a response without a code
/// (`TooManyRequests` for 429, `Forbidden` for 403, `InternalServerError` for any 5xx). Several entries share
/// a status; the generic one is the only one the bare number can mean.
pub fn for_status_code(code: &str) -> Option<&'static Entry> {
    let code = code.trim();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    for_status(code.parse().ok()?)
}

/// The entry an AADSTS number belongs to.
pub fn get_aadsts(number: u32) -> Option<&'static Entry> {
    entries().iter().find(|e| e.aadsts == Some(number))
}

/// The code of the generic entry for an AADSTS number no entry has: Entra adds numbers faster than any
/// catalog, and every one of them is still a sign-in failure at the token endpoint.
pub const AADSTS_GENERIC: &str = "AADSTS";

/// What stands for the number in the generic AADSTS entry's steps; diagnose writes the number sent there.
pub const AADSTS_NUMBER_MARK: &str = "NNNN";

/// The entry of an AADSTS number: its own, else the generic one ([`AADSTS_GENERIC`]), with whether it was
/// its own.
pub fn for_aadsts(number: u32) -> Option<(&'static Entry, bool)> {
    match get_aadsts(number) {
        Some(e) => Some((e, true)),
        None => get(AADSTS_GENERIC).map(|e| (e, false)),
    }
}

/// The number of a code that is `AADSTS` and digits, in any letter case (`AADSTS50173`, `aadsts50173`).
pub fn aadsts_number(code: &str) -> Option<u32> {
    let prefix = code.get(..AADSTS_GENERIC.len())?;
    let digits = &code[AADSTS_GENERIC.len()..];
    if !prefix.eq_ignore_ascii_case(AADSTS_GENERIC)
        || digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// The entry that sits behind an HTTP status when a response carries no code: the generic one.
pub fn for_status(status: u16) -> Option<&'static Entry> {
    get(generic_code(status)?)
}

/// The code of the generic entry of `status` (see [`for_status`]), without a lookup.
pub(crate) fn generic_code(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        500..=599 => "InternalServerError",
        _ => return None,
    })
}

/// How a query found an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The code itself, in any letter case (or with `_`, `-` or blanks between its words).
    Code,
    /// A name Microsoft's Dutch docs print; the API returns the entry's English code.
    DutchAlias(&'static str),
    /// An HTTP status: every entry sent with it.
    Status(u16),
    /// An HTTP status no entry is sent with (`503`, `409`): the generic entry of its class, 4xx or 5xx.
    StatusGeneric(u16),
    /// An HTTP class such as `4xx`.
    Class(u16),
    /// An AADSTS number.
    Aadsts(u32),
}

/// One entry a query found.
#[derive(Debug, Clone)]
pub struct Hit {
    pub entry: &'static Entry,
    pub via: Via,
}

/// A query that matched nothing, with the nearest known name if one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub query: String,
    pub suggestion: Option<&'static str>,
    /// The query spelled an HTTP status that is not an error (`200`, `HTTP/1.1 302 Found`).
    pub status: Option<u16>,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(status) = self.status {
            let reason = crate::http::reason(status);
            let sep = if reason.is_empty() { "" } else { " " };
            return write!(
                f,
                "'{}' is HTTP {status}{sep}{reason}, not an error status: no error code is sent with it",
                crate::sanitize::for_terminal(&self.query)
            );
        }
        write!(
            f,
            "unknown code '{}'",
            crate::sanitize::for_terminal(&self.query)
        )?;
        if let Some(s) = self.suggestion {
            write!(f, "; did you mean '{s}'?")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unknown {}

/// Looks a query up: code (any case), Dutch alias, HTTP status, class (`4xx`) or AADSTS number.
pub fn find(query: &str) -> Result<Vec<Hit>, Unknown> {
    let q = query.trim();
    let hits = |entry, via| vec![Hit { entry, via }];
    if let Some(entry) = get_ignore_case(q).or_else(|| get_ignore_separators(q)) {
        return Ok(hits(entry, Via::Code));
    }
    if let Some((entry, alias)) = dutch_alias(q) {
        return Ok(hits(entry, Via::DutchAlias(alias)));
    }
    // Any spelling of a status: `503`, `HTTP/1.1 403 Forbidden`, `Forbidden (403)`, `Too Many Requests`.
    if let Some(status) = status::parse(q).or_else(|| status_of_reason(q)) {
        if let Some(found) = status_hits(status) {
            return Ok(found);
        }
        if !(400..=599).contains(&status) {
            return Err(Unknown {
                query: q.to_string(),
                suggestion: None,
                status: Some(status),
            });
        }
    }
    // An AADSTS number (`AADSTS50173`, `aadsts50173`, `50173`): its entry, else the generic one (a near
    // number is another error, never a "did you mean").
    let bare = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
    let number =
        aadsts_number(q).or_else(|| q.parse().ok().filter(|n| bare && get_aadsts(*n).is_some()));
    if let Some((entry, _)) = number.and_then(for_aadsts) {
        return Ok(hits(entry, Via::Aadsts(number.unwrap_or_default())));
    }
    let lower = q.to_ascii_lowercase();
    if lower.len() == 3 && lower.ends_with("xx") {
        if let Ok(class @ 1..=5) = lower[..1].parse::<u16>() {
            let found: Vec<Hit> = entries()
                .iter()
                .filter(|e| e.status / 100 == class)
                .map(|entry| Hit {
                    entry,
                    via: Via::Class(class),
                })
                .collect();
            if !found.is_empty() {
                return Ok(found);
            }
        }
    }
    Err(Unknown {
        query: q.to_string(),
        suggestion: suggest_lookup(q),
        status: None,
    })
}

/// The entry a name of Microsoft's Dutch docs stands for, with the alias as the catalog spells it; letter
/// case, blanks and `-`/`_` aside (`NietGevonden`, `niet-gevonden` for `Niet gevonden`).
fn dutch_alias(q: &str) -> Option<(&'static Entry, &'static str)> {
    entries().iter().find_map(|e| {
        e.aliases_nl
            .iter()
            .find(|a| same_ignoring_separators(a, q))
            .map(|a| (e, *a))
    })
}

/// Every entry sent with `status`; for an error status no entry is sent with, the generic entry of its class
/// (`InternalServerError` for any 5xx, `BadRequest` for a 4xx), which is how the MDE docs sort errors.
fn status_hits(status: u16) -> Option<Vec<Hit>> {
    let exact: Vec<Hit> = entries()
        .iter()
        .filter(|e| e.status == status)
        .map(|entry| Hit {
            entry,
            via: Via::Status(status),
        })
        .collect();
    if !exact.is_empty() {
        return Some(exact);
    }
    generic_for_class(status).map(|entry| {
        vec![Hit {
            entry,
            via: Via::StatusGeneric(status),
        }]
    })
}

/// The generic entry of a status's class: the server error entry for 5xx, the bad request entry for 4xx.
pub fn generic_for_class(status: u16) -> Option<&'static Entry> {
    match status / 100 {
        4 => get("BadRequest"),
        5 => for_status(500),
        _ => None,
    }
}

/// The status whose standard reason phrase `query` is (any case, any spacing).
pub fn status_of_reason(query: &str) -> Option<u16> {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    (100..600).find(|&status| {
        let reason = crate::http::reason(status);
        !reason.is_empty()
            && reason.split_whitespace().count() == words.len()
            && reason
                .split_whitespace()
                .zip(&words)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

/// The nearest known code or alias to a code a response carried, for "did you mean" (edit distance only:
/// a server's code is whole, not half-typed).
pub fn suggest_code(query: &str) -> Option<&'static str> {
    // A near AADSTS number is another error.
    if aadsts_number(query).is_some() {
        return None;
    }
    let names = entries()
        .iter()
        .flat_map(|e| std::iter::once(e.code).chain(e.aliases_nl.iter().copied()));
    suggest::closest(query, names).map(suggest::Match::candidate)
}

/// "Did you mean" for a lookup: a code the query is the start or a piece of (`InvalidHash` for
/// `InvalidHashValue`, letter case and separators aside) before any edit-distance match, so a half-typed
/// code is not taken for something else (such as the lint rule `invalid-hash`).
fn suggest_lookup(query: &str) -> Option<&'static str> {
    part_of_code(query).or_else(|| suggest_code(query))
}

/// The code `query` is a prefix (best) or a substring of, ignoring case and `_`, `-`, blanks; the shortest
/// such code when several are. Queries under four letters are too vague to be a piece of one code.
fn part_of_code(query: &str) -> Option<&'static str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let q = squash(query);
    if q.chars().count() < 4 {
        return None;
    }
    let codes = || entries().iter().map(|e| (e.code, squash(e.code)));
    let shortest = |found: Vec<&'static str>| found.into_iter().min_by_key(|c| (c.len(), *c));
    shortest(
        codes()
            .filter(|(_, c)| c.starts_with(&q))
            .map(|(code, _)| code)
            .collect(),
    )
    .or_else(|| {
        shortest(
            codes()
                .filter(|(_, c)| c.contains(&q))
                .map(|(code, _)| code)
                .collect(),
        )
    })
}
