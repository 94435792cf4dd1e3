//! Applying the safe fixes by splicing byte spans (everything else stays byte-identical), and showing them as
//! a unified diff.

use super::Finding;

/// Applies every safe fix; returns the new text and how many fixes went in. Overlapping fixes keep the first.
pub fn apply(src: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<_> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.safe)
        .collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in fixes {
        let (start, end) = (fix.span.start, fix.span.end);
        if start < at
            || end > src.len()
            || !src.is_char_boundary(start)
            || !src.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&src[at..start]);
        out.push_str(&fix.replacement);
        at = end;
        applied += 1;
    }
    out.push_str(&src[at..]);
    (out, applied)
}

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// A unified diff from `old` to `new` (empty when equal). Fixes never add or remove lines, so lines pair up
/// one to one; texts whose line counts differ get a single hunk replacing everything.
pub(crate) fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    if a.len() != b.len() {
        out.push_str(&format!("@@ -1,{} +1,{} @@\n", a.len(), b.len()));
        for line in &a {
            push_line(&mut out, '-', line);
        }
        for line in &b {
            push_line(&mut out, '+', line);
        }
        return out;
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let mut i = 0;
    while i < changed.len() {
        // Extend the hunk while the next change is within two contexts.
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT {
            j += 1;
        }
        let start = changed[i].saturating_sub(CONTEXT);
        let end = (changed[j] + CONTEXT + 1).min(a.len());
        let count = end - start;
        out.push_str(&format!(
            "@@ -{},{count} +{},{count} @@\n",
            start + 1,
            start + 1
        ));
        let mut k = start;
        while k < end {
            if a[k] == b[k] {
                push_line(&mut out, ' ', a[k]);
                k += 1;
                continue;
            }
            let run_end = (k..end).find(|&x| a[x] == b[x]).unwrap_or(end);
            for line in &a[k..run_end] {
                push_line(&mut out, '-', line);
            }
            for line in &b[k..run_end] {
                push_line(&mut out, '+', line);
            }
            k = run_end;
        }
        i = j + 1;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Finding, Rule, Span};

    fn case_fix(start: usize, end: usize, to: &str) -> Finding {
        Finding::new(Rule::KeyCase, Span::new(start, end), String::new()).fix(
            Span::new(start, end),
            to.to_string(),
            true,
        )
    }

    #[test]
    fn only_the_fixed_bytes_change() {
        let src = "{\n  \"comment\" :  \"x\"\n}";
        let (out, n) = apply(src, &[case_fix(4, 13, "\"Comment\"")]);
        assert_eq!(n, 1);
        assert_eq!(out, "{\n  \"Comment\" :  \"x\"\n}");
    }

    #[test]
    fn unsafe_and_overlapping_fixes_are_skipped() {
        let src = "{\"a\": 1}";
        let mut typo = case_fix(1, 4, "\"b\"");
        if let Some(f) = typo.fix.as_mut() {
            f.safe = false;
        }
        let (out, n) = apply(src, &[typo, case_fix(1, 4, "\"A\""), case_fix(2, 3, "Z")]);
        assert_eq!((out.as_str(), n), ("{\"A\": 1}", 1));
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\n";
        assert_eq!(
            unified_diff(old, new, "x", "y"),
            "--- x\n+++ y\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
        );
        assert_eq!(unified_diff(old, old, "x", "y"), "");
    }

    #[test]
    fn diff_marks_a_missing_final_newline() {
        assert_eq!(
            unified_diff("a", "b", "x", "y"),
            "--- x\n+++ y\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"
        );
    }
}
