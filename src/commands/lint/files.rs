//! The files of a lint run: reading bodies (capped, UTF-16 converted), walking folders, and `--fix`'s
//! atomic rewrite that refuses a file changed since it was read.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Largest body read: far above any MDE request body, low enough that a stray log or disk image given by
/// mistake costs bounded memory (the parser keeps spans for every value).
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// Reads at most [`MAX_BODY`] bytes; more is refused with a one-line error naming the input.
pub(super) fn read_capped(reader: impl Read, name: &str) -> Result<Vec<u8>> {
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
pub(super) fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            // `mdediag lint` in a terminal would otherwise wait in silence.
            crate::shell::note(
                "reading the body from the terminal: paste it, then press Enter and Ctrl-D (Ctrl-Z Enter on Windows)",
            )?;
        }
        return read_capped(std::io::stdin().lock(), "<stdin>");
    }
    let name = path.display().to_string();
    let file = fs::File::open(path).with_context(|| format!("reading {name}"))?;
    read_capped(file, &name)
}

/// UTF-16 bodies as UTF-8 (Windows PowerShell 5.1's `Out-File` and `>` write UTF-16LE with a BOM);
/// `None` for anything else.
pub(super) fn utf16_as_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (encoding, bom) = crate::input::sniff(bytes);
    let little_endian = match encoding {
        crate::input::Encoding::Utf16Le => true,
        crate::input::Encoding::Utf16Be => false,
        crate::input::Encoding::Utf8 => return None,
    };
    let mut text = Vec::with_capacity(bytes.len());
    crate::input::Utf16ToUtf8::new(&bytes[bom..], little_endian)
        .read_to_end(&mut text)
        .ok()?;
    Some(text)
}

/// One input of the run: a file, stdin, or a problem found while listing (an empty folder).
pub(super) enum Input {
    Path(PathBuf),
    Problem(PathBuf, String),
}

/// Expands folders into their `*.json` files (recursively, sorted, symlinked folders not followed, hidden
/// entries skipped); files and `-` stay as given, in order.
pub(super) fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = walk(path, &mut found, 0) {
                inputs.push(Input::Problem(path.clone(), format!("{e:#}")));
                continue;
            }
            if found.is_empty() {
                inputs.push(Input::Problem(
                    path.clone(),
                    format!("{}: a folder with no *.json file", path.display()),
                ));
            }
            found.sort();
            inputs.extend(found.into_iter().map(Input::Path));
        } else {
            inputs.push(Input::Path(path.clone()));
        }
    }
    inputs
}

/// Deepest folder level walked: far beyond any real tree, and a bound on a hostile one.
const MAX_WALK_DEPTH: usize = 32;

pub(super) fn walk(dir: &Path, found: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > MAX_WALK_DEPTH {
        return Ok(());
    }
    let entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, found, depth + 1)?;
        } else if name
            .to_str()
            .and_then(|n| n.len().checked_sub(5).and_then(|i| n.get(i..)))
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".json"))
            && (kind.is_file() || path.is_file())
        {
            found.push(path);
        }
    }
    Ok(())
}

/// What a file held when `--fix` read it: rewriting is refused if it no longer does.
pub(super) struct ReadState {
    pub(super) bytes: Vec<u8>,
    pub(super) modified: Option<std::time::SystemTime>,
}

/// Reads a file `--fix` may rewrite: only a regular file (checked before opening, as opening a FIFO would
/// block and reading a device would consume it), with its modification time taken from the open handle.
pub(super) fn read_for_fix(path: &Path, name: &str) -> Result<ReadState> {
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
pub(super) fn write_atomic(path: &Path, text: &str, read: &ReadState) -> Result<()> {
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
