//! `--format jsonl`: one JSON object per line, streamed as responses are found.

use std::io::Write;

use super::Sink;
use crate::diagnose::{Diagnosis, Summary};

/// One JSON object per line.
pub(crate) struct Jsonl;

impl Sink for Jsonl {
    fn item(&self, buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
        json_line(buf, d)
    }

    fn end(&self, _out: &mut dyn Write, _s: &Summary, _items: u64) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Appends one diagnosis as a JSON line.
pub fn json_line(buf: &mut Vec<u8>, d: &Diagnosis) -> anyhow::Result<()> {
    super::json_fast::encode(buf, d)?;
    buf.push(b'\n');
    Ok(())
}
