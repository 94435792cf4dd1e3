//! What `--summary` counts: a [`Tally`] per response (what a diagnosis would say, without the advice) and
//! the [`Summary`] totals, bounded whatever the input size.

use crate::catalog::{self, Entry};
use crate::recent::Recent;
use crate::response::{Location, PlainResponse, Response, Shape};

use super::diagnosis::Diagnosis;
use super::identify::{code_of, identify_evidence, Evidence};
use super::retry::retry_kind;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

/// What `--summary` counts of one response: exactly what [`super::diagnose`] would say, without the advice. It owns
/// its texts (taken from the response, not copied): tallies are made on the scanning threads and counted in
/// input order by the writing one.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Line of the response in its source (the source is the counting side's to know).
    pub line: u64,
    pub code: Cow<'static, str>,
    /// The catalog entry `code` names, if it is one.
    pub entry: Option<&'static Entry>,
    pub transient: bool,
    pub http_status: Option<u16>,
    pub correlation_id: Option<TallyId>,
}

/// A correlation id as a [`Tally`] holds it: in place when short (a GUID is 36 bytes), so a tally made on a
/// scanning thread and counted on the writing one costs no allocation, and no free on another thread's
/// heap (callgrind and perf, summary-ndjson).
#[derive(Clone)]
pub struct TallyId(IdText);

#[derive(Clone)]
enum IdText {
    Short {
        len: u8,
        bytes: [u8; TallyId::SHORT],
    },
    Long(Box<str>),
}

impl TallyId {
    /// Longest id held in place.
    const SHORT: usize = 40;

    pub fn new(id: &str) -> TallyId {
        let mut bytes = [0u8; TallyId::SHORT];
        match bytes.get_mut(..id.len()) {
            Some(short) => {
                short.copy_from_slice(id.as_bytes());
                // At most SHORT (40) bytes: fits a u8.
                let len = id.len() as u8;
                TallyId(IdText::Short { len, bytes })
            }
            None => TallyId(IdText::Long(id.into())),
        }
    }

    /// The id's bytes (a whole `str`'s).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            IdText::Short { len, bytes } => &bytes[..usize::from(*len)],
            IdText::Long(text) => text.as_bytes(),
        }
    }

    /// The id as text.
    pub fn to_text(&self) -> String {
        // The bytes of a whole `str`: nothing is lost.
        String::from_utf8_lossy(self.as_bytes()).into_owned()
    }
}

impl From<String> for TallyId {
    fn from(id: String) -> TallyId {
        match id.len() <= TallyId::SHORT {
            true => TallyId::new(&id),
            false => TallyId(IdText::Long(id.into_boxed_str())),
        }
    }
}

impl PartialEq for TallyId {
    fn eq(&self, other: &TallyId) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl std::fmt::Debug for TallyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_text().fmt(f)
    }
}

/// Counts one response for `--summary` (cheap: no facts, fix steps or token checks).
pub fn tally(mut r: Response) -> Tally {
    let evidence = Evidence::of(&r);
    let entry = identify_evidence(&evidence).entry;
    let transient = retry_kind(entry, &evidence).is_transient();
    // The same order of preference as `correlation` (a test holds them together), taking, not copying.
    let correlation_id = r
        .target
        .take()
        .or_else(|| r.head.request_id.take())
        .or_else(|| r.entra.as_mut().and_then(|e| e.correlation_id.take()))
        .or_else(|| r.entra.as_mut().and_then(|e| e.trace_id.take()))
        .or_else(|| r.head.client_request_id.take())
        .map(TallyId::from);
    let code = match (entry, r.code.take()) {
        (Some(e), _) => Cow::Borrowed(e.code),
        (None, Some(c)) => Cow::Owned(c),
        (None, None) => code_of(None, &r).into_owned().into(),
    };
    Tally {
        line: r.source.line,
        code,
        entry,
        transient,
        http_status: r.head.status,
        correlation_id,
    }
}

/// [`tally`] of a response read in place: the same tally (a test holds them equal), with no [`Response`]
/// built.
pub fn tally_plain(p: &PlainResponse<'_>) -> Tally {
    let message = p.message();
    let evidence = Evidence {
        shape: Shape::Mde,
        status: None,
        code: p.code(),
        message: message.as_deref(),
        entra: None,
        details: &[],
    };
    let entry = identify_plain(&evidence);
    let transient = retry_kind(entry, &evidence).is_transient();
    let code = match (entry, p.code()) {
        (Some(e), _) => Cow::Borrowed(e.code),
        (None, Some(c)) => Cow::Owned(c.to_owned()),
        // No code and no status: what `code_of` names it.
        (None, None) => Cow::Borrowed("Unknown"),
    };
    Tally {
        line: p.line,
        code,
        entry,
        transient,
        http_status: None,
        correlation_id: p.target().map(|t| TallyId::new(&t)),
    }
}

thread_local! {
    /// The entries this thread identified lately from a plain envelope's code and message, which is all
    /// [`identify_evidence`] reads of one: matching a generic code's message against the catalog's
    /// templates cost most of a tally (callgrind, summary-ndjson).
    static IDENTIFIED: RefCell<Recent<Option<&'static Entry>>> = RefCell::default();
}

/// [`identify_evidence`]'s entry for `e`, a plain envelope's evidence (code and message only), through
/// this thread's recent answers.
fn identify_plain(e: &Evidence<'_>) -> Option<&'static Entry> {
    let parts = e.texts_key();
    IDENTIFIED.with_borrow_mut(|recent| recent.get_or(&parts, || identify_evidence(e).entry))
}

/// Totals for `--summary`: bounded memory whatever the input size.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub responses: u64,
    pub unreadable: u64,
    /// Lines read from every input: with `responses` and `unreadable`, shows the whole input was scanned.
    pub lines: u64,
    /// Inputs that could not be opened or read to the end (each reported on stderr).
    pub inputs_failed: u64,
    pub transient: u64,
    pub needs_fix: u64,
    /// Of `responses`, the calls that got no HTTP response at all (`NoResponse.` codes).
    pub no_response: u64,
    /// Count per catalog code, by the entry's index in the catalog: most responses carry one, and an
    /// index needs no hashing.
    known_codes: Vec<u64>,
    /// Count per code the catalog does not know (codes past [`Summary::MAX_CODES`] distinct ones are counted
    /// under `(other)`). Its keys come from input: std's hash, which chosen keys cannot crowd.
    other_codes: std::collections::HashMap<String, u64>,
    /// Count per HTTP status (`None`: not known).
    pub by_status: std::collections::BTreeMap<Option<u16>, u64>,
    pub first: Option<Location>,
    pub last: Option<Location>,
    /// The first [`Summary::MAX_TARGETS`] distinct correlation ids.
    pub targets: Vec<String>,
    /// [`id_key`] of each of `targets`, in its order.
    target_keys: Vec<u64>,
    /// The bit `key % 128` of each of `target_keys`.
    target_bits: u128,
    /// Responses whose correlation id is not in `targets` (the list is full).
    pub targets_not_listed: u64,
}

impl Summary {
    /// Distinct codes counted by name; hostile input cannot grow the map past this.
    pub const MAX_CODES: usize = 1000;
    /// Correlation ids listed.
    pub const MAX_TARGETS: usize = 20;

    /// The count per code, in no order.
    pub(crate) fn by_code(&self) -> impl Iterator<Item = (&str, u64)> {
        let known = catalog::entries()
            .iter()
            .zip(&self.known_codes)
            .filter(|(_, &n)| n > 0)
            .map(|(e, &n)| (e.code, n));
        known.chain(self.other_codes.iter().map(|(c, &n)| (c.as_str(), n)))
    }

    /// Counts one diagnosis of a listing: only what the exit status needs (the listing is the detail).
    pub fn add(&mut self, d: &Diagnosis) {
        self.responses += 1;
        self.no_response += u64::from(d.transport.is_some());
        if d.is_transient() {
            self.transient += 1;
        } else {
            self.needs_fix += 1;
        }
    }

    /// Adds the counts of [`Summary::add`] made elsewhere (another thread's share of a listing).
    pub fn add_counts(&mut self, other: &Summary) {
        self.responses += other.responses;
        self.transient += other.transient;
        self.needs_fix += other.needs_fix;
        self.no_response += other.no_response;
        self.unreadable += other.unreadable;
    }

    /// Counts one response's tally (see [`tally`]), found in `file`.
    pub fn count(&mut self, file: &Arc<str>, t: Tally) {
        self.responses += 1;
        if t.transient {
            self.transient += 1;
        } else {
            self.needs_fix += 1;
        }
        // A code without its entry may still be a catalog code (a hidden failure's): counted with it.
        match t.entry.or_else(|| catalog::get(&t.code)) {
            Some(e) if e.code == t.code => {
                if self.known_codes.is_empty() {
                    self.known_codes = vec![0; catalog::entries().len()];
                }
                self.known_codes[catalog::index_of(e)] += 1;
            }
            // Look up before inserting: a code seen before costs no allocation.
            _ => match self.other_codes.get_mut(t.code.as_ref()) {
                Some(n) => *n += 1,
                None => {
                    let key = if self.other_codes.len() < Self::MAX_CODES {
                        t.code.into_owned()
                    } else {
                        "(other)".to_string()
                    };
                    *self.other_codes.entry(key).or_insert(0) += 1;
                }
            },
        }
        *self.by_status.entry(t.http_status).or_insert(0) += 1;
        let here = || Location {
            file: Arc::clone(file),
            line: t.line,
        };
        if self.first.is_none() {
            self.first = Some(here());
        }
        match &mut self.last {
            // Same file: only the line moves (no reference count traffic).
            Some(last) if Arc::ptr_eq(&last.file, file) => last.line = t.line,
            last => *last = Some(here()),
        }
        if let Some(id) = t.correlation_id {
            // Ids are mostly random: a word of each tells most apart without reading the texts, and a bit
            // of it, most ids never listed without a look at the list.
            let key = id_key(id.as_bytes());
            let bit = 1u128 << (key % 128);
            let listed = self.target_bits & bit != 0
                && self
                    .target_keys
                    .iter()
                    .zip(&self.targets)
                    .any(|(&k, t)| k == key && t.as_bytes() == id.as_bytes());
            if !listed {
                if self.targets.len() < Self::MAX_TARGETS {
                    self.targets.push(id.to_text());
                    self.target_keys.push(key);
                    self.target_bits |= bit;
                } else {
                    self.targets_not_listed += 1;
                }
            }
        }
    }
}

/// A word that tells most ids apart: their length and their first and last eight bytes.
fn id_key(b: &[u8]) -> u64 {
    use crate::swar::word;
    let n = b.len();
    (n as u64) ^ word(b, 0) ^ word(b, n.saturating_sub(8)).rotate_left(32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::diagnose;
    use crate::scan::{scan_str, Event};

    #[test]
    fn summary_caps_targets() {
        let mut s = Summary::default();
        let text: String = (0..30)
            .map(|i| {
                format!(
                    "{{\"error\":{{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"t{i}\"}}}}\n"
                )
            })
            .collect();
        let file: Arc<str> = Arc::from("t");
        for e in scan_str("t", &text) {
            if let Event::Response(r) = e {
                s.count(&file, tally(*r));
            }
        }
        assert_eq!(s.responses, 30);
        assert_eq!(s.targets.len(), Summary::MAX_TARGETS);
        assert_eq!(s.targets_not_listed, 10);
        assert_eq!(s.by_code().collect::<Vec<_>>(), [("Forbidden", 30)]);
        assert_eq!(s.first.as_ref().map(|l| l.line), Some(1));
        assert_eq!(s.last.as_ref().map(|l| l.line), Some(30));
    }

    /// An id seen again is neither listed twice nor counted as left out; ids alike in their first and
    /// last eight bytes are told apart.
    #[test]
    fn summary_lists_each_id_once() {
        let mut s = Summary::default();
        let file: Arc<str> = Arc::from("t");
        let ids = [
            "abc",
            "abc",
            "0123456789-x-76543210",
            "0123456789-y-76543210",
            "abc",
            "",
            "",
        ];
        for (i, id) in ids.iter().enumerate() {
            s.count(
                &file,
                Tally {
                    line: i as u64 + 1,
                    code: Cow::Borrowed("Forbidden"),
                    entry: None,
                    transient: false,
                    http_status: Some(403),
                    correlation_id: Some(TallyId::new(id)),
                },
            );
        }
        assert_eq!(
            s.targets,
            ["abc", "0123456789-x-76543210", "0123456789-y-76543210", ""]
        );
        assert_eq!(s.targets_not_listed, 0);
        assert_eq!(s.by_code().collect::<Vec<_>>(), [("Forbidden", 7)]);
    }

    /// `--summary` counts with `tally`, the other formats with `diagnose`: both must say the same of every
    /// response, or the summary would disagree with the list it summarizes.
    #[test]
    fn tally_agrees_with_diagnose_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("fixture dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        let mut text = String::new();
        for f in &files {
            text.push_str(&String::from_utf8_lossy(
                &std::fs::read(f).expect("fixture"),
            ));
            text.push('\n');
        }
        // Codes in other letter case, unknown codes, generic codes with specific messages, bare statuses.
        text.push_str(concat!(
            "{\"error\":{\"code\":\"forbidden\",\"message\":\"x\"}}\n",
            "{\"error\":{\"code\":\"NoSuchCode\",\"message\":\"x\",\"target\":\"t\"}}\n",
            "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Hash value abc is invalid.\"}}\n",
            "{\"statusCode\":503,\"message\":\"down\"}\n",
            "{\"statusCode\":429}\n",
        ));
        let mut count = 0;
        for e in scan_str("t", &text) {
            if let Event::Response(r) = e {
                let d = diagnose(&r);
                let t = tally((*r).clone());
                assert_eq!(t.code, d.code, "{:?}", r.source);
                assert_eq!(t.transient, d.is_transient(), "{:?}", r.source);
                assert_eq!(t.http_status, d.http_status);
                assert_eq!(t.line, r.source.line);
                assert_eq!(
                    t.correlation_id.as_ref().map(TallyId::to_text).as_deref(),
                    d.correlation.as_ref().map(|c| c.id.as_str())
                );
                count += 1;
            }
        }
        assert!(count > 30, "{count}");
    }

    /// A plain envelope is counted without building its response: the tally must be the owned one's.
    fn tallies_alike(code: &str, message: &str, target: &str, suspect: [bool; 3]) {
        let file: Arc<str> = Arc::from("t");
        let field = |text: &'static str, i: usize| Some((text, suspect[i]));
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        let plain = PlainResponse::new(
            &file,
            7,
            crate::response::Context::Plain,
            PlainResponse::field(field(leak(code), 0)),
            [field(leak(message), 1), field(leak(target), 2)],
        );
        let (fast, owned) = (tally_plain(&plain), tally(plain.to_response()));
        let what = format!("{code:?} {message:?} {target:?} {suspect:?}");
        assert_eq!(fast.code, owned.code, "{what}");
        assert_eq!(
            fast.entry.map(|e| e.code),
            owned.entry.map(|e| e.code),
            "{what}"
        );
        assert_eq!(fast.transient, owned.transient, "{what}");
        assert_eq!(fast.http_status, owned.http_status, "{what}");
        assert_eq!(fast.line, owned.line, "{what}");
        assert_eq!(fast.correlation_id, owned.correlation_id, "{what}");
    }

    #[test]
    fn a_plain_envelope_tallies_as_its_response() {
        let codes = [
            "Forbidden",
            "BadRequest",
            "forbidden",
            "NoSuchCode",
            "429",
            "",
            "TooManyRequests",
        ];
        let messages = [
            "Hash value abc is invalid.",
            "The Comment field is required.",
            "see https://h/x?sig=SECRET&a=1",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
            "",
        ];
        let targets = ["0f4205b4-9e77-434b-a7f1-881eae2eb154", "code=abc", ""];
        for code in codes {
            for message in messages {
                for target in targets {
                    for suspect in [[false; 3], [true; 3]] {
                        // A field that may hold a secret is the one scrubbed: never one flagged clean.
                        let secret = |t: &str| crate::redact::scrub(t) != t;
                        if !suspect[0] && (secret(code) || secret(message) || secret(target)) {
                            continue;
                        }
                        tallies_alike(code, message, target, suspect);
                    }
                }
            }
        }
        // Each entry's example message, under its own code, a generic one and none.
        for e in crate::catalog::entries() {
            let example = e.example_json();
            let message = example
                .as_ref()
                .and_then(|j| j["error"]["message"].as_str())
                .unwrap_or("x");
            for code in [e.code, "BadRequest", ""] {
                tallies_alike(code, message, "t", [true; 3]);
            }
        }
    }

    /// Recent answers are identify's, through more pairs than slots (shared slots, replaced pairs), pairs
    /// that differ only in their code or only in their message, and no code beside an empty one.
    #[test]
    fn recent_answers_identify_as_identify_does() {
        let mut pairs: Vec<(Option<String>, Option<String>)> = Vec::new();
        for e in crate::catalog::entries() {
            let example = e.example_json();
            let message = example
                .as_ref()
                .and_then(|j| j["error"]["message"].as_str())
                .map(str::to_owned);
            for code in [Some(e.code), Some("BadRequest"), None] {
                pairs.push((code.map(str::to_owned), message.clone()));
            }
        }
        for i in 0..300 {
            pairs.push((Some(format!("NoSuch{i}")), Some(format!("m{i}"))));
            pairs.push((
                Some("BadRequest".into()),
                Some(format!("Hash value {i} is invalid.")),
            ));
        }
        pairs.push((Some("Forbidden".into()), None));
        for code in [Some(String::new()), None] {
            pairs.push((code, Some("Hash value 1 is invalid.".into())));
        }
        pairs.push((None, None));
        assert!(pairs.len() > Recent::<()>::SLOTS, "{}", pairs.len());
        for round in 0..3 {
            for i in 0..pairs.len() {
                // Each round in another order.
                let (code, message) = match round {
                    1 => &pairs[pairs.len() - 1 - i],
                    _ => &pairs[i],
                };
                let e = Evidence {
                    shape: Shape::Mde,
                    status: None,
                    code: code.as_deref(),
                    message: message.as_deref(),
                    entra: None,
                    details: &[],
                };
                let (remembered, fresh) = (identify_plain(&e), identify_evidence(&e).entry);
                assert_eq!(
                    remembered.map(|e| e.code),
                    fresh.map(|e| e.code),
                    "{code:?} {message:?}"
                );
            }
        }
    }

    /// An id is kept whole, in place or not, and the same however it was made.
    #[test]
    fn tally_ids_keep_their_text() {
        for id in [
            "",
            "a",
            &"x".repeat(40),
            &"y".repeat(41),
            "0f4205b4-9e77-434b-a7f1-881eae2eb154",
            "é🦀",
        ] {
            let (made, taken) = (TallyId::new(id), TallyId::from(id.to_owned()));
            assert_eq!(made.to_text(), id);
            assert_eq!(made.as_bytes(), id.as_bytes());
            assert_eq!(made, taken);
        }
        assert_ne!(TallyId::new("a"), TallyId::new("a\0"));
    }
}
