//! `diagnose` output through one sink per format, like typos' `Report`: [`Sink::begin`] once,
//! [`Sink::item`] per diagnosis (into a buffer, on any thread: the two-core driver renders in its workers),
//! [`Sink::end`] once with the totals. A new format is one file here, one `DiagnoseFormat` variant, one arm
//! in [`sink`].

use std::io::{self, Write};

use crate::cli::DiagnoseFormat;
use crate::diagnose::{Diagnosis, Summary};

mod escape_cache;
pub mod group;
pub mod human;
pub(crate) mod json;
mod json_facts;
mod json_fast;
mod json_view;
mod json_write;
pub mod jsonl;
pub(crate) mod short;

pub(crate) mod summary;

/// Where diagnoses go, in one format.
pub trait Sink: Sync {
    /// Before the first item.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Appends one diagnosis to `buf`. Called on any thread, in any order: the writer puts the buffers out
    /// in input order.
    fn item(&self, buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()>;

    /// The bytes of the run's first item, before they are written: a format whose items are rendered with
    /// a leading separator (items are rendered before anyone knows which comes first) opens itself here.
    fn first_item(&self, _bytes: &mut [u8]) {}

    /// After the last item: `items` were rendered, `s` holds the totals.
    fn end(&self, out: &mut dyn Write, s: &Summary, items: u64) -> anyhow::Result<()>;

    /// Whether repeats of a diagnosis are folded into one `… and N more like it` line (see [`group`]).
    fn groups_repeats(&self) -> bool {
        false
    }
}

/// The sink for `--format` (and `--summary`, `-v`).
pub fn sink(format: DiagnoseFormat, summary: bool, verbose: bool) -> &'static dyn Sink {
    static HUMAN: human::Human = human::Human { verbose: false };
    static HUMAN_VERBOSE: human::Human = human::Human { verbose: true };
    static SUMMARY_HUMAN: summary::SummaryOnly = summary::SummaryOnly(DiagnoseFormat::Human);
    static SUMMARY_JSON: summary::SummaryOnly = summary::SummaryOnly(DiagnoseFormat::Json);
    static SUMMARY_JSONL: summary::SummaryOnly = summary::SummaryOnly(DiagnoseFormat::Jsonl);
    match (summary, format) {
        (true, DiagnoseFormat::Json) => &SUMMARY_JSON,
        (true, DiagnoseFormat::Jsonl) => &SUMMARY_JSONL,
        (true, _) => &SUMMARY_HUMAN,
        (false, DiagnoseFormat::Human) if verbose => &HUMAN_VERBOSE,
        (false, DiagnoseFormat::Human) => &HUMAN,
        (false, DiagnoseFormat::Json) => &json::Json,
        (false, DiagnoseFormat::Jsonl) => &jsonl::Jsonl,
        (false, DiagnoseFormat::Short) => &short::Short,
    }
}
