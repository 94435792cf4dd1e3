//! Which catalog entry a response is, and how that was decided: its code (in any case or spelling), its
//! AADSTS number, a message template, its status, or a nested reason behind a generic outer code.

use crate::catalog::{self, Entry, Sender};
use crate::facts;
use crate::response::{EntraFacts, InnerReason, Response, Shape};

use std::borrow::Cow;
use std::cell::RefCell;

use crate::recent::Recent;

/// How the code was identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifiedBy {
    /// The response carried it.
    Code,
    /// The response's code, in another letter case than the catalog's.
    CodeIgnoringCase,
    /// The response's code, spelled with other word separators (`too_many_requests`).
    CodeIgnoringSeparators,
    /// The response's code is an HTTP status as a string (`"429"`): the status's generic entry.
    StatusCodeString,
    /// The AADSTS number of an Entra error.
    Aadsts,
    /// An AADSTS number the catalog has no entry for (a code `AADSTS…` in any letter case, or an Entra
    /// error whose OAuth error has no entry either): the generic AADSTS entry.
    AadstsGeneric,
    /// A reason nested in the error (`innerError`, `details[]`) named a known code behind a generic or unknown
    /// outer one.
    InnerCode,
    /// No code: the message matched a catalog template.
    Message,
    /// No code, no known message: the HTTP status.
    Status,
    /// A failure inside a successful response.
    Body,
    /// Nothing matched.
    Unknown,
    /// No response came back: the client's own error named the failure.
    Transport,
}

impl IdentifiedBy {
    /// The keyword used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifiedBy::Code => "code",
            IdentifiedBy::Transport => "transport",
            IdentifiedBy::CodeIgnoringCase => "code-ignoring-case",
            IdentifiedBy::CodeIgnoringSeparators => "code-ignoring-separators",
            IdentifiedBy::StatusCodeString => "status-code-string",
            IdentifiedBy::Aadsts => "aadsts",
            IdentifiedBy::AadstsGeneric => "aadsts-generic",
            IdentifiedBy::InnerCode => "inner-code",
            IdentifiedBy::Message => "message",
            IdentifiedBy::Status => "status",
            IdentifiedBy::Body => "body",
            IdentifiedBy::Unknown => "unknown",
        }
    }
}

/// Which catalog entry a response is, and how that was decided.
#[derive(Clone)]
pub(super) struct Identified {
    pub(super) entry: Option<&'static Entry>,
    pub(super) identified_by: IdentifiedBy,
    /// Placeholder values of the template that identified the error, when a template did.
    pub(super) captures: Option<facts::Captures>,
}

/// What identifying an error reads of a response: borrowed from a [`Response`], or from a plain envelope
/// read in place ([`crate::response::PlainResponse`], which `--summary` counts without building one).
pub(super) struct Evidence<'r> {
    pub(super) shape: Shape,
    pub(super) status: Option<u16>,
    pub(super) code: Option<&'r str>,
    pub(super) message: Option<&'r str>,
    pub(super) entra: Option<&'r EntraFacts>,
    pub(super) details: &'r [InnerReason],
}

impl<'r> Evidence<'r> {
    /// The code and the message as the parts of a key of recent answers (`crate::recent`): `None` and
    /// an empty text are told apart by the part before each.
    pub(super) fn texts_key(&self) -> [&'r [u8]; 4] {
        let given = |t: Option<&str>| -> &'static [u8] {
            match t {
                Some(_) => &[1],
                None => &[0],
            }
        };
        [
            given(self.code),
            self.code.unwrap_or("").as_bytes(),
            given(self.message),
            self.message.unwrap_or("").as_bytes(),
        ]
    }

    pub(super) fn of(r: &'r Response) -> Evidence<'r> {
        Evidence {
            shape: r.shape,
            status: r.head.status,
            code: r.code.as_deref(),
            message: r.message.as_deref(),
            entra: r.entra.as_ref(),
            details: &r.details,
        }
    }
}

/// Identifies the error (the first part of [`super::diagnose`], shared with [`super::tally`]).
pub(super) fn identify(r: &Response) -> Identified {
    thread_local! {
        /// What this thread identified lately from a shape, status, code and message alone (no Entra
        /// facts, no nested reasons): a log repeats a few dozen responses, and matching a generic code's
        /// message against the templates was a tenth of diagnosing one (callgrind, jsonl-ndjson).
        static IDENTIFIED: RefCell<Recent<Identified>> = RefCell::default();
    }
    let e = Evidence::of(r);
    if e.entra.is_some() || !e.details.is_empty() {
        return identify_evidence(&e);
    }
    let status = e.status.map_or([0; 3], |s| {
        let [a, b] = s.to_le_bytes();
        [1, a, b]
    });
    let [c0, c1, m0, m1] = e.texts_key();
    let parts: [&[u8]; 6] = [&[e.shape as u8], &status, c0, c1, m0, m1];
    IDENTIFIED.with_borrow_mut(|recent| recent.get_or(&parts, || identify_evidence(&e)))
}

/// [`identify`], from what it reads of the response.
pub(super) fn identify_evidence(r: &Evidence<'_>) -> Identified {
    let status = r.status;
    let message = r.message;
    let mut captures: Option<facts::Captures> = None;
    let (entry, identified_by): (Option<&'static Entry>, IdentifiedBy) =
        if r.shape.is_hidden_failure() {
            // The failure reason may be a known message (an import item's "Hash value … is invalid."): read
            // its facts, but the error stays the hidden failure.
            captures = message
                .and_then(facts::find_by_template)
                .map(|(_, caps)| caps);
            (None, IdentifiedBy::Body)
        } else if let Some(entra) = r.entra {
            by_entra(entra)
        } else if let Some(code) = r.code {
            by_code(code)
        } else if let Some((e, caps)) = message.and_then(facts::find_by_template) {
            captures = Some(caps);
            (Some(e), IdentifiedBy::Message)
        } else if let Some(e) = status.and_then(catalog::for_status) {
            (Some(e), IdentifiedBy::Status)
        } else {
            (None, IdentifiedBy::Unknown)
        };
    // A generic code (BadRequest, the one `for_status` gives) whose message is a known specific one: use the
    // specific entry. A specific code is what the server meant, whatever its message.
    let (entry, identified_by) = match (entry, identified_by, message) {
        (
            Some(e),
            IdentifiedBy::Code | IdentifiedBy::Status | IdentifiedBy::StatusCodeString,
            Some(m),
        ) if captures.is_none() && is_generic(e) && !facts::entry_matches_exact(e, m) => {
            match facts::find_by_template(m) {
                // The generic entry's own message, matched loosely: it stays identified by its code.
                Some((specific, caps)) if std::ptr::eq(specific, e) => {
                    captures = Some(caps);
                    (Some(e), identified_by)
                }
                Some((specific, caps))
                    if specific.status == e.status
                        || matches!(
                            identified_by,
                            IdentifiedBy::Status | IdentifiedBy::StatusCodeString
                        ) =>
                {
                    captures = Some(caps);
                    (Some(specific), IdentifiedBy::Message)
                }
                _ => (Some(e), identified_by),
            }
        }
        other => (other.0, other.1),
    };
    // A generic or unknown outer code over a nested reason that names a known, more specific one: the nested
    // one is the cause (`InvalidRequest` over `AuthorizationFailed`; `BadRequest` over `InvalidHashValue`).
    let (entry, identified_by) = match entry {
        // Most responses have no nested reason: nothing to weigh (and no lookup to pay for).
        _ if r.details.is_empty() => (entry, identified_by),
        Some(e) if !is_generic(e) => (Some(e), identified_by),
        _ if captures.is_some() || r.entra.is_some() || r.shape.is_hidden_failure() => {
            (entry, identified_by)
        }
        _ => match inner_entry(r, &mut captures) {
            Some(found) => found,
            None => (entry, identified_by),
        },
    };
    Identified {
        entry,
        identified_by,
        captures,
    }
}

/// An Entra error's entry. The most specific one wins: the number's own, else the OAuth error's (which says
/// more than "some AADSTS number"), else the generic AADSTS entry, else nothing.
fn by_entra(entra: &EntraFacts) -> (Option<&'static Entry>, IdentifiedBy) {
    match entra.aadsts.and_then(catalog::get_aadsts) {
        Some(e) => (Some(e), IdentifiedBy::Aadsts),
        None => match catalog::get_ignore_case(&entra.error) {
            Some(e) => (Some(e), IdentifiedBy::Code),
            None => match entra.aadsts.and_then(catalog::for_aadsts) {
                Some((e, _)) => (Some(e), IdentifiedBy::AadstsGeneric),
                None => (None, IdentifiedBy::Unknown),
            },
        },
    }
}

/// The entry of a code outside the token endpoint's envelope: as sent, an AADSTS number, in another letter
/// case or spelling, an HTTP status as a string.
fn by_code(code: &str) -> (Option<&'static Entry>, IdentifiedBy) {
    // An OAuth error name spelled another way (`InvalidRequest` for `invalid_request`) in an envelope that
    // is not the token endpoint's is another API's own code, not an Entra failure.
    let respelt = |e: &&Entry| !matches!(e.family, Sender::Entra | Sender::Aadsts);
    if let Some(e) = catalog::get(code) {
        return (Some(e), IdentifiedBy::Code);
    }
    // `AADSTS` and digits, in any case: the number's entry, else the generic one. A near number is another
    // error, so no other lookup may guess one.
    if let Some((e, own)) = catalog::aadsts_number(code).and_then(catalog::for_aadsts) {
        let by = if own {
            IdentifiedBy::CodeIgnoringCase
        } else {
            IdentifiedBy::AadstsGeneric
        };
        (Some(e), by)
    } else if let Some(e) = catalog::get_ignore_case(code).filter(respelt) {
        (Some(e), IdentifiedBy::CodeIgnoringCase)
    } else if let Some(e) = catalog::get_ignore_separators(code).filter(respelt) {
        (Some(e), IdentifiedBy::CodeIgnoringSeparators)
    } else if let Some(e) = catalog::for_status_code(code) {
        (Some(e), IdentifiedBy::StatusCodeString)
    } else {
        (None, IdentifiedBy::Unknown)
    }
}

/// What identification left unnamed: an unknown code (and the nearest known one), or a body cut before its
/// code.
pub(super) struct Unnamed {
    /// The nearest known code to an unknown one.
    pub(super) suggestion: Option<&'static str>,
    /// The response sent a code the catalog does not know.
    pub(super) unknown_code: bool,
    /// An error body cut before its code: nothing names the cause but the status, if one was printed.
    pub(super) cut_before_code: bool,
}

impl Unnamed {
    pub(super) fn of(
        r: &Response,
        entry: Option<&'static Entry>,
        identified_by: IdentifiedBy,
    ) -> Unnamed {
        let suggestion = match (&r.code, identified_by) {
            (Some(code), IdentifiedBy::Unknown)
                if !r.shape.is_hidden_failure() && r.entra.is_none() =>
            {
                catalog::suggest_code(code)
            }
            _ => None,
        };
        Unnamed {
            suggestion,
            unknown_code: entry.is_none()
                && r.code.is_some()
                && !r.shape.is_hidden_failure()
                && r.entra.is_none(),
            cut_before_code: r.shape == Shape::Fragment && entry.is_none() && r.code.is_none(),
        }
    }
}

/// Whether `e` is the generic entry of its status (BadRequest, the one `for_status` gives): a code that names
/// no particular cause.
pub(super) fn is_generic(e: &Entry) -> bool {
    // Every response is asked this, often twice: compared by name, with no table lookup.
    catalog::generic_code(e.status) == Some(e.code)
}

/// The first nested reason (see [`Response::details`]) whose code is a known, specific catalog code (not an
/// Entra one), else whose message matches a catalog template (its facts captured).
fn inner_entry(
    r: &Evidence<'_>,
    captures: &mut Option<facts::Captures>,
) -> Option<(Option<&'static Entry>, IdentifiedBy)> {
    let specific =
        |e: &&Entry| !matches!(e.family, Sender::Entra | Sender::Aadsts) && !is_generic(e);
    if let Some(e) = r
        .details
        .iter()
        .filter_map(|d| d.code.as_deref())
        .find_map(|c| catalog::get_ignore_case(c).filter(specific))
    {
        return Some((Some(e), IdentifiedBy::InnerCode));
    }
    let (e, caps) = r
        .details
        .iter()
        .filter_map(|d| d.message.as_deref())
        .find_map(facts::find_by_template)?;
    *captures = Some(caps);
    Some((Some(e), IdentifiedBy::Message))
}

/// The code a diagnosis reports: the catalog's, else the one sent, else one made from the status.
pub(super) fn code_of<'r>(entry: Option<&'static Entry>, r: &'r Response) -> Cow<'r, str> {
    match (entry, &r.code) {
        (Some(e), _) => Cow::Borrowed(e.code),
        (None, Some(c)) => Cow::Borrowed(c.as_str()),
        (None, None) => match r.head.status {
            Some(s) => Cow::Owned(format!("HTTP{s}")),
            None => Cow::Borrowed("Unknown"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{Context, Location};
    use std::sync::Arc;

    /// Recent answers are identify's own, for responses that differ only in shape, status, code (none,
    /// empty, generic, specific) or message, asked in turn and again.
    #[test]
    fn recent_identifications_are_identifys() {
        let file: Arc<str> = Arc::from("t");
        let mut asked = Vec::new();
        for e in catalog::entries() {
            let example = e.example_json();
            let message = example
                .as_ref()
                .and_then(|j| j["error"]["message"].as_str())
                .map(str::to_owned);
            let codes = [
                Some(e.code),
                Some("BadRequest"),
                Some(""),
                None,
                Some("AADSTS50173"),
                Some("aadsts7000215"),
            ];
            for code in codes {
                for status in [None, Some(e.status), Some(400)] {
                    for shape in [Shape::Mde, Shape::Graph, Shape::MachineAction] {
                        let mut r = Response::new(
                            Location {
                                file: Arc::clone(&file),
                                line: 1,
                            },
                            shape,
                            Context::Plain,
                        );
                        r.code = code.map(str::to_owned);
                        r.message = message.clone();
                        r.head.status = status;
                        asked.push(r);
                    }
                }
            }
        }
        for _ in 0..2 {
            for r in &asked {
                let (recent, fresh) = (identify(r), identify_evidence(&Evidence::of(r)));
                let what = (r.shape, r.head.status, &r.code, &r.message);
                assert_eq!(
                    recent.entry.map(|e| e.code),
                    fresh.entry.map(|e| e.code),
                    "{what:?}"
                );
                assert_eq!(recent.identified_by, fresh.identified_by, "{what:?}");
                assert_eq!(recent.captures, fresh.captures, "{what:?}");
            }
        }
    }

    fn response(code: Option<&str>, entra: Option<(&str, Option<u32>)>) -> Response {
        let mut r = Response::new(
            Location {
                file: Arc::from("t"),
                line: 1,
            },
            if entra.is_some() {
                Shape::Entra
            } else {
                Shape::Generic
            },
            Context::Plain,
        );
        r.code = code.map(str::to_owned);
        r.entra = entra.map(|(error, aadsts)| EntraFacts {
            error: error.to_owned(),
            aadsts,
            trace_id: None,
            correlation_id: None,
            timestamp: None,
        });
        r
    }

    fn found(r: &Response) -> (Option<&'static str>, IdentifiedBy) {
        let i = identify_evidence(&Evidence::of(r));
        (i.entry.map(|e| e.code), i.identified_by)
    }

    /// A code that is `AADSTS` and a number, in any case: the number's own entry, else the generic one
    /// (never nothing, never a near number).
    #[test]
    fn an_aadsts_code_without_an_entry_is_the_generic_entry() {
        let generic = Some(catalog::AADSTS_GENERIC);
        for code in ["AADSTS50173", "aadsts50173", "AadSts7000112", "AADSTS90072"] {
            let r = response(Some(code), None);
            assert_eq!(found(&r), (generic, IdentifiedBy::AadstsGeneric), "{code}");
            let u = Unnamed::of(
                &r,
                generic.and_then(catalog::get),
                IdentifiedBy::AadstsGeneric,
            );
            assert_eq!((u.suggestion, u.unknown_code), (None, false), "{code}");
            assert_eq!(
                super::super::Api::of(&r, catalog::get("AADSTS")),
                super::super::Api::Entra
            );
        }
        let own = Some("AADSTS7000215");
        assert_eq!(
            found(&response(Some("AADSTS7000215"), None)),
            (own, IdentifiedBy::Code)
        );
        assert_eq!(
            found(&response(Some("aadsts7000215"), None)),
            (own, IdentifiedBy::CodeIgnoringCase)
        );
        // Not a number: still unknown.
        assert_eq!(
            found(&response(Some("AADSTSError"), None)),
            (None, IdentifiedBy::Unknown)
        );
    }

    /// An Entra envelope: the number's own entry, else the OAuth error's (the more specific one), else the
    /// generic AADSTS entry when there is a number, else nothing.
    #[test]
    fn an_entra_envelope_takes_the_most_specific_entry() {
        let cases = [
            (
                ("invalid_client", Some(7_000_215)),
                Some("AADSTS7000215"),
                IdentifiedBy::Aadsts,
            ),
            (
                ("invalid_grant", Some(50173)),
                Some("invalid_grant"),
                IdentifiedBy::Code,
            ),
            (
                ("interaction_required", Some(50173)),
                Some(catalog::AADSTS_GENERIC),
                IdentifiedBy::AadstsGeneric,
            ),
            (("interaction_required", None), None, IdentifiedBy::Unknown),
        ];
        for ((error, number), code, by) in cases {
            let r = response(Some(error), Some((error, number)));
            assert_eq!(found(&r), (code, by), "{error} {number:?}");
        }
    }
}
