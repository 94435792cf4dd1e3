//! Repeats folded: a diagnosis that says what an earlier one of the same source said (same code, status,
//! operation, message, facts and steps; its line, correlation id and retry delay may differ) is not printed
//! again; the block it repeats is followed by `… and N more like it (lines a, b, c …)`. The writer decides,
//! in input order, so the two-core path gives the very bytes of one core. JSON stays one object per error.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};
use std::sync::Arc;

use crate::diagnose::Diagnosis;
use crate::facts::advice::{self, Key};
use crate::render::style;

/// What makes two diagnoses "the same" for a reader, hashed.
pub fn key(d: &Diagnosis) -> u64 {
    let mut h = DefaultHasher::new();
    d.code.hash(&mut h);
    d.code_sent.hash(&mut h);
    d.http_status.hash(&mut h);
    d.known.hash(&mut h);
    d.route.map(|r| r.name).hash(&mut h);
    d.message.hash(&mut h);
    d.suggestion.hash(&mut h);
    for f in &d.details {
        f.message.hash(&mut h);
    }
    if let Some(t) = &d.token {
        t.description.hash(&mut h);
        for f in &t.findings {
            f.message.hash(&mut h);
        }
    }
    d.fix.hash(&mut h);
    d.retry.kind.as_str().hash(&mut h);
    d.request.as_ref().map(|r| &r.method).hash(&mut h);
    h.finish()
}

/// One rendered diagnosis in a batch: where its bytes end, its [`key`], its line.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub end: usize,
    pub key: u64,
    pub line: u64,
}

/// Lines listed in a fold line before `…`.
const LINES_LISTED: usize = 8;

#[derive(Debug)]
struct Group {
    /// The line of the block printed in full.
    first: u64,
    /// Repeats not yet reported: how many, and the first few lines.
    count: u64,
    lines: Vec<u64>,
}

/// The folding state of one run, kept by the writer.
#[derive(Debug, Default)]
pub struct Groups {
    file: Option<Arc<str>>,
    by_key: HashMap<u64, usize>,
    groups: Vec<Group>,
    /// Groups with repeats not yet reported, in the order their first repeat came.
    waiting: Vec<usize>,
    /// The group of the block printed last.
    last: Option<usize>,
}

impl Groups {
    /// Whether the diagnosis `mark` of `file` is printed. A repeat is counted instead; a new one first
    /// reports the repeats seen since the last report.
    pub fn admit(&mut self, out: &mut dyn Write, file: &Arc<str>, mark: Mark) -> io::Result<bool> {
        if self.file.as_ref() != Some(file) {
            // Line numbers name lines of one source: a new source starts afresh.
            self.report(out)?;
            *self = Groups {
                file: Some(Arc::clone(file)),
                ..Groups::default()
            };
        }
        if let Some(&g) = self.by_key.get(&mark.key) {
            let group = &mut self.groups[g];
            if group.count == 0 {
                self.waiting.push(g);
            }
            group.count += 1;
            if group.lines.len() <= LINES_LISTED {
                group.lines.push(mark.line);
            }
            return Ok(false);
        }
        self.report(out)?;
        self.by_key.insert(mark.key, self.groups.len());
        self.last = Some(self.groups.len());
        self.groups.push(Group {
            first: mark.line,
            count: 0,
            lines: Vec::new(),
        });
        Ok(true)
    }

    /// Writes a fold line for every group with repeats not yet reported.
    pub fn report(&mut self, out: &mut dyn Write) -> io::Result<()> {
        for g in std::mem::take(&mut self.waiting) {
            let group = &mut self.groups[g];
            let mut lines: Vec<String> = group
                .lines
                .iter()
                .take(LINES_LISTED)
                .map(u64::to_string)
                .collect();
            if group.count > LINES_LISTED as u64 {
                lines.push("…".to_string());
            }
            let noun = if group.count == 1 { "line" } else { "lines" };
            let count = group.count.to_string();
            let lines = format!("{noun} {}", lines.join(", "));
            let text = if self.last == Some(g) {
                advice::fill(Key::RenderRepeats, &[("count", &count), ("lines", &lines)])
            } else {
                advice::fill(
                    Key::RenderRepeatsOf,
                    &[
                        ("count", &count),
                        ("first", &group.first.to_string()),
                        ("lines", &lines),
                    ],
                )
            };
            writeln!(out, "  {}\n", style::dim(&text))?;
            group.count = 0;
            group.lines.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(key: u64, line: u64) -> Mark {
        Mark { end: 0, key, line }
    }

    fn run(marks: &[Mark]) -> (Vec<u64>, String) {
        crate::render::init_color(crate::cli::ColorWhen::Never);
        let file: Arc<str> = Arc::from("f");
        let mut groups = Groups::default();
        let mut out = Vec::new();
        let mut printed = Vec::new();
        for m in marks {
            if groups.admit(&mut out, &file, *m).expect("write") {
                printed.push(m.line);
                out.extend_from_slice(format!("block {}\n", m.line).as_bytes());
            }
        }
        groups.report(&mut out).expect("write");
        (printed, String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn repeats_follow_their_block_as_one_line() {
        let (printed, out) = run(&[mark(1, 3), mark(1, 5), mark(1, 7), mark(2, 9)]);
        assert_eq!(printed, [3, 9]);
        assert_eq!(
            out,
            "block 3\n  … and 2 more like it (lines 5, 7)\n\nblock 9\n"
        );
    }

    #[test]
    fn a_repeat_after_another_error_names_the_line_it_repeats() {
        let (printed, out) = run(&[mark(1, 3), mark(2, 5), mark(1, 7)]);
        assert_eq!(printed, [3, 5]);
        assert!(
            out.ends_with("block 5\n  … and 1 more like the one at line 3 (line 7)\n\n"),
            "{out}"
        );
    }

    #[test]
    fn many_repeats_list_a_few_lines() {
        let marks: Vec<Mark> = (1..=20).map(|l| mark(7, l)).collect();
        let (printed, out) = run(&marks);
        assert_eq!(printed, [1]);
        assert!(
            out.contains("… and 19 more like it (lines 2, 3, 4, 5, 6, 7, 8, 9, …)"),
            "{out}"
        );
    }
}
