//! `mdediag lint [FILE]...`: read bodies, pick the operation (given, from the request line, or inferred),
//! check, then render; `--fix` rewrites files atomically, `--diff` shows the fixes instead.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::operations::unknown_operation;
use crate::cli::{DenyLevel, LintArgs, LintFormat};
use crate::exit::ExitStatus;
use crate::lint::{self, fix, Finding, Inference, Severity};
use crate::operations::{self, BodyKind, Operation};
use crate::render::lint::{self as render, Report};
use crate::render::{github, sarif};

/// The operation named by `--operation` or `--endpoint`, if either was given.
fn chosen_operation(args: &LintArgs) -> Result<Option<&'static Operation>> {
    if let Some(name) = &args.operation {
        return operations::by_name(name)
            .map(Some)
            .ok_or_else(|| unknown_operation(name));
    }
    if let Some(endpoint) = &args.endpoint {
        let (method, url) = operations::parse_endpoint(endpoint)
            .with_context(|| format!("--endpoint '{endpoint}': expected 'METHOD URL', e.g. 'POST /api/machines/{{id}}/isolate'"))?;
        return operations::by_request(method, url).map(Some).ok_or_else(|| {
            anyhow::anyhow!(
                "--endpoint '{endpoint}': no operation that takes a body matches {} {} (mdediag operations lists them)",
                method.as_str(),
                operations::path_of(url)
            )
        });
    }
    Ok(None)
}

/// Largest body read: far above any MDE request body, low enough that a stray log or disk image given by
/// mistake costs bounded memory (the parser keeps spans for every value).
pub const MAX_BODY: u64 = 16 * 1024 * 1024;

/// Reads at most [`MAX_BODY`] bytes; more is refused with a one-line error naming the input.
fn read_capped(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {name}"))?;
    if bytes.len() as u64 > MAX_BODY {
        anyhow::bail!(
            "{name}: larger than {} MiB; not a request body",
            MAX_BODY >> 20
        );
    }
    Ok(bytes)
}

/// Reads one input; `-` is stdin.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        return read_capped(std::io::stdin().lock(), "<stdin>");
    }
    let name = path.display().to_string();
    let file = fs::File::open(path).with_context(|| format!("reading {name}"))?;
    read_capped(file, &name)
}

/// Lints one body against the chosen operation, or the one its keys suggest.
fn lint_one(
    name: &str,
    shown: &str,
    bytes: &[u8],
    chosen: Option<&'static Operation>,
    now: i64,
) -> Result<Report> {
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let mut f = lint::not_utf8(bytes, e);
            f.operation = chosen.map(|o| o.name);
            return Ok(Report {
                file: name.to_string(),
                src: String::from_utf8_lossy(bytes).into_owned(),
                findings: vec![f],
            });
        }
    };
    if let Some(op) = chosen.filter(|o| o.body == BodyKind::Multipart) {
        return Ok(Report {
            file: name.to_string(),
            src,
            findings: vec![lint::not_linted_note(op)],
        });
    }
    let body = match lint::parse_body(&src) {
        Ok(body) => body,
        Err(mut f) => {
            f.operation = chosen.map(|o| o.name);
            return Ok(Report {
                file: name.to_string(),
                src,
                findings: vec![*f],
            });
        }
    };
    let (op, inferred) = match chosen {
        Some(op) => (op, false),
        None => match lint::infer(&body) {
            Inference::Found(op) => (op, true),
            Inference::Tie(ops) => {
                let names: Vec<&str> = ops.iter().map(|o| o.name).collect();
                anyhow::bail!(
                    "{shown}: the keys fit {} operations equally well ({}); pass --operation NAME",
                    names.len(),
                    names.join(", ")
                );
            }
            Inference::NoMatch => anyhow::bail!(
                "{shown}: no operation takes these keys; pass --operation NAME (mdediag operations lists them)"
            ),
        },
    };
    let mut findings = lint::check(&src, &body, op, now);
    if inferred {
        findings.insert(0, lint::inferred_note(&src, op));
    }
    Ok(Report {
        file: name.to_string(),
        src,
        findings,
    })
}

/// What a file held when `--fix` read it: rewriting is refused if it no longer does.
struct ReadState {
    bytes: Vec<u8>,
    modified: Option<std::time::SystemTime>,
}

/// Reads a file `--fix` may rewrite: only a regular file (checked before opening, as opening a FIFO would
/// block and reading a device would consume it), with its modification time taken from the open handle.
fn read_for_fix(path: &Path, name: &str) -> Result<ReadState> {
    let meta = fs::metadata(path).with_context(|| format!("reading {name}"))?;
    if !meta.is_file() {
        anyhow::bail!("{name}: not a regular file; --fix only rewrites regular files");
    }
    let mut file = fs::File::open(path).with_context(|| format!("reading {name}"))?;
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    let bytes = read_capped(&mut file, name)?;
    Ok(ReadState { bytes, modified })
}

/// Writes `text` to `path` atomically: a temp file in the same folder created with the original's
/// permissions, then a rename, but only if the file still holds what was read (same bytes, same mtime).
fn write_atomic(path: &Path, text: &str, read: &ReadState) -> Result<()> {
    let real = fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?;
    let meta = fs::metadata(&real).with_context(|| format!("reading {}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{}: not a regular file; --fix only rewrites regular files",
            path.display()
        );
    }
    let dir = real.parent().unwrap_or_else(|| Path::new("."));
    let file_name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{file_name}.mdediag-{}.tmp", std::process::id()));
    // `Ok(true)`: the temp file took the name; `Ok(false)`: the file was rewritten in place.
    let result = (|| -> Result<bool> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Never more open than the original, not even for the moment before set_permissions.
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(meta.permissions().mode() & 0o777);
        }
        let mut file = options
            .open(&tmp)
            .with_context(|| format!("creating {}", tmp.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", tmp.display()))?;
        file.sync_all()
            .with_context(|| format!("writing {}", tmp.display()))?;
        fs::set_permissions(&tmp, meta.permissions())
            .with_context(|| format!("setting permissions of {}", tmp.display()))?;
        // Right before the rename: another program may have written the file since it was read.
        let now_bytes = fs::read(&real).with_context(|| format!("reading {}", path.display()))?;
        let now_modified = fs::metadata(&real).and_then(|m| m.modified()).ok();
        if now_bytes != read.bytes || now_modified != read.modified {
            anyhow::bail!(
                "{}: changed since it was read; not rewritten (run --fix again)",
                path.display()
            );
        }
        if must_keep_identity(&meta, &tmp) {
            // A rename would give the name a new file: other names of it would keep the old text, and the
            // owner would become us. Rewrite the file itself instead (not atomic, but it stays the file).
            let mut file = fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&real)
                .with_context(|| format!("writing {}", path.display()))?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", path.display()))?;
            return Ok(false);
        }
        fs::rename(&tmp, &real).with_context(|| format!("replacing {}", path.display()))?;
        Ok(true)
    })();
    if !matches!(result, Ok(true)) {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|_| ())
}

/// Whether the file has other names (hard links) or another owner or group than a file we create (`ours`):
/// then only rewriting it in place keeps what its users rely on.
#[cfg(unix)]
fn must_keep_identity(meta: &fs::Metadata, ours: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(mine) = fs::metadata(ours) else {
        return true;
    };
    meta.nlink() > 1 || meta.uid() != mine.uid() || meta.gid() != mine.gid()
}

#[cfg(not(unix))]
fn must_keep_identity(_meta: &fs::Metadata, _ours: &Path) -> bool {
    false
}

/// A diff made safe for a terminal without breaking it as a patch: tabs and CR stay, other controls are escaped.
/// Secrets are masked too (`*` per character): such a line no longer applies as a patch, but is never shown.
fn diff_for_terminal(diff: &str) -> String {
    crate::redact::mask(diff)
        .chars()
        .map(|c| {
            if crate::sanitize::is_dangerous(c) && c != '\t' && c != '\r' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Whether the reports fail the run: any error, or any warning under `--deny warnings`.
fn failed(reports: &[Report], deny: Option<DenyLevel>) -> bool {
    reports.iter().flat_map(|r| &r.findings).any(|f: &Finding| {
        f.severity == Severity::Error
            || (deny == Some(DenyLevel::Warnings) && f.severity == Severity::Warning)
    })
}

/// Runs the subcommand.
pub fn run(args: &LintArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let chosen = chosen_operation(args)?;
    let stdin = [PathBuf::from("-")];
    let inputs: &[PathBuf] = if args.files.is_empty() {
        &stdin
    } else {
        &args.files
    };
    if args.fix && inputs.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!("--fix rewrites files and cannot rewrite stdin; use --diff to see the fixes");
    }
    let now = lint::now();
    let mut reports = Vec::with_capacity(inputs.len());
    let mut fixed_notes = Vec::new();
    let mut diffs = String::new();
    for path in inputs {
        let name = path.to_string_lossy().into_owned();
        let read_state = if args.fix {
            Some(read_for_fix(path, &name)?)
        } else {
            None
        };
        let bytes = match &read_state {
            Some(state) => state.bytes.clone(),
            None => read_input(path)?,
        };
        let shown = if name == "-" {
            "<stdin>"
        } else {
            name.as_str()
        };
        let mut report = lint_one(&name, shown, &bytes, chosen, now)?;
        let invalid = report
            .findings
            .iter()
            .find(|f| f.rule == lint::Rule::InvalidJson);
        if let (true, Some(f)) = (args.fix, invalid) {
            anyhow::bail!("{name}:{}:{}: not fixed: {}", f.line, f.column, f.message);
        }
        let parsed = invalid.is_none();
        if (args.fix || args.diff) && parsed {
            let (fixed, applied) = fix::apply(&report.src, &report.findings);
            if applied > 0 {
                if args.diff {
                    // git's a/ b/ prefixes for relative paths, so `git apply` and `patch -p1` take the diff.
                    let shown = report.display_name();
                    let (old, new) = if path.is_relative() && shown != "<stdin>" {
                        (format!("a/{shown}"), format!("b/{shown}"))
                    } else {
                        (shown.to_string(), shown.to_string())
                    };
                    diffs.push_str(&fix::unified_diff(&report.src, &fixed, &old, &new));
                } else {
                    let Some(state) = &read_state else {
                        anyhow::bail!("{name}: --fix needs a file");
                    };
                    write_atomic(path, &fixed, state)?;
                    fixed_notes.push(format!(
                        "fixed {applied} problem{} in {name}",
                        if applied == 1 { "" } else { "s" }
                    ));
                    // Re-lint what was written, against the same operation, to report what remains.
                    let op = report.findings.iter().find_map(|f| f.operation);
                    let again_op = chosen.or_else(|| op.and_then(operations::by_name));
                    report = lint_one(&name, shown, fixed.as_bytes(), again_op, now)?;
                }
            }
        }
        reports.push(report);
    }
    if args.diff {
        out.write_all(diff_for_terminal(&diffs).as_bytes())?;
        if !diffs.is_empty() && !diffs.ends_with('\n') {
            writeln!(out)?;
        }
    } else {
        match args.format {
            LintFormat::Human => {
                for note in &fixed_notes {
                    writeln!(out, "{}", crate::sanitize::for_terminal(note))?;
                }
                render::human(out, &reports)?;
            }
            LintFormat::Json => render::json(out, &reports)?,
            LintFormat::Sarif => sarif::write(out, &reports)?,
            LintFormat::Github => github::write(out, &reports)?,
        }
    }
    Ok(if failed(&reports, args.deny) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder for one test.
    fn folder(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mdediag-lint-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp folder");
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn fix_refuses_a_file_changed_since_it_was_read() {
        let dir = folder("changed");
        let path = dir.join("body.json");
        fs::write(&path, "{\"comment\":\"x\"}").expect("write");
        let state = read_for_fix(&path, "body.json").expect("read");
        fs::write(&path, "{\"comment\":\"edited elsewhere\"}").expect("write");
        let err = write_atomic(&path, "{\"Comment\":\"x\"}", &state).expect_err("refused");
        assert!(
            format!("{err:#}").contains("changed since it was read"),
            "{err:#}"
        );
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "{\"comment\":\"edited elsewhere\"}"
        );
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn fix_refuses_a_file_touched_since_it_was_read() {
        // Same bytes, newer mtime: another program wrote it; its view wins.
        let dir = folder("touched");
        let path = dir.join("body.json");
        fs::write(&path, "{\"comment\":\"x\"}").expect("write");
        let state = read_for_fix(&path, "body.json").expect("read");
        let later = state.modified.expect("mtime") + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(later))
            .expect("touch");
        assert!(write_atomic(&path, "{\"Comment\":\"x\"}", &state).is_err());
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "{\"comment\":\"x\"}"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn fix_replaces_an_unchanged_file_and_keeps_its_permissions() {
        let dir = folder("unchanged");
        let path = dir.join("body.json");
        fs::write(&path, "{\"comment\":\"x\"}").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        let state = read_for_fix(&path, "body.json").expect("read");
        write_atomic(&path, "{\"Comment\":\"x\"}", &state).expect("written");
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "{\"Comment\":\"x\"}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        assert!(leftovers(&dir).is_empty());
        let _ = fs::remove_dir_all(&dir);
    }
}
