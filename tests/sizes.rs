//! Size limits of `src/` (issue 24): no file over [`MAX_FILE_LINES`] lines but pure data tables, no function
//! over [`MAX_FN_LINES`] lines. Unit-test modules count as source. The allow-lists below name each exception
//! with its reason; the ones marked "being split" are work in flight on other branches and go as it lands.
//!
//! How functions are counted: each file is lexed just enough to blank out comments and string and char
//! literals (newlines kept, so line numbers hold); then every `fn NAME` token that is followed by `{` before
//! any `;` starts a function, and its length runs from the `fn` line to the line of the matching `}` (brace
//! depth). Nested functions count on their own as well as inside their parent; closures are not functions.

use std::path::{Path, PathBuf};

/// The most lines a source file may have.
const MAX_FILE_LINES: usize = 800;
/// The most lines a function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 100;

/// Files allowed past [`MAX_FILE_LINES`] (path under `src/`, reason).
const LONG_FILES: &[(&str, &str)] = &[];

/// Functions allowed past [`MAX_FN_LINES`] (path under `src/`, function name, reason).
const LONG_FNS: &[(&str, &str, &str)] = &[];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `src/` as (path relative to `src/` with `/` separators, text).
fn files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).expect("under src");
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(&path).expect("read source");
            (name, text)
        })
        .collect()
}

/// `text` with comments and string/char literals replaced by spaces, newlines kept.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                    out.push_str("  ");
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    out.push_str("  ");
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r'))) && !prev_ident && {
            let start = i + if c == 'b' { 2 } else { 1 };
            let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
            chars.get(start + hashes) == Some(&'"')
        } {
            // A raw string: r"…", r#"…"#, br"…".
            let start = i + if c == 'b' { 2 } else { 1 };
            let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
            i = start + hashes + 1;
            out.push(' ');
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            out.push(' ');
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            i += 1;
            out.push(' ');
        } else if c == '\'' {
            // A char literal ('x', '\n', '{'), not a lifetime ('a).
            // An escape: the closing quote comes after the escaped character ('\'', '\u{1F600}').
            let end = if next == Some('\\') {
                chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|&q| q == '\''))
                    .map(|e| i + 3 + e)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.push(' ');
                    i = end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every function of `text` with its body: (name, first line (1-based), length in lines).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(text);
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let line_of = |at: usize| code[..at].bytes().filter(|&b| b == b'\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("fn ") {
        let at = from + found;
        from = at + 3;
        if at > 0 && is_ident(bytes[at - 1]) {
            continue;
        }
        let name: String = code[at + 3..]
            .trim_start()
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(` pointer types
        }
        // The body opens at the first `{` unless a `;` (a declaration without body) comes first.
        let Some(open) = code[at..].find(['{', ';']).map(|o| at + o) else {
            continue;
        };
        if bytes[open] == b';' {
            continue;
        }
        let mut depth = 0usize;
        let mut close = None;
        for (k, &b) in bytes[open..].iter().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + k);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let first = line_of(at);
        out.push((name, first, line_of(close) - first + 1));
    }
    out
}

#[test]
fn no_source_file_passes_the_line_limit() {
    let mut over = Vec::new();
    for (name, text) in files() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES && !LONG_FILES.iter().any(|(f, _)| *f == name) {
            over.push(format!("src/{name}: {lines} lines"));
        }
    }
    assert!(
        over.is_empty(),
        "files over {MAX_FILE_LINES} lines (split them, or list a pure data table in LONG_FILES):\n{}",
        over.join("\n")
    );
}

#[test]
fn no_function_passes_the_line_limit() {
    let mut over = Vec::new();
    for (name, text) in files() {
        for (function, line, lines) in functions(&text) {
            let allowed = LONG_FNS
                .iter()
                .any(|(f, n, _)| *f == name && *n == function);
            if lines > MAX_FN_LINES && !allowed {
                over.push(format!("src/{name}:{line}: fn {function}: {lines} lines"));
            }
        }
    }
    assert!(
        over.is_empty(),
        "functions over {MAX_FN_LINES} lines (split them):\n{}",
        over.join("\n")
    );
}

#[test]
fn the_allow_lists_name_only_what_is_still_over() {
    let files = files();
    for (name, _) in LONG_FILES {
        let text = &files
            .iter()
            .find(|(f, _)| f == name)
            .unwrap_or_else(|| panic!("LONG_FILES names src/{name}, which is gone: drop it"))
            .1;
        assert!(
            text.lines().count() > MAX_FILE_LINES,
            "src/{name} is within {MAX_FILE_LINES} lines now: drop it from LONG_FILES"
        );
    }
    for (name, function, _) in LONG_FNS {
        let text = &files
            .iter()
            .find(|(f, _)| f == name)
            .unwrap_or_else(|| panic!("LONG_FNS names src/{name}, which is gone: drop it"))
            .1;
        assert!(
            functions(text)
                .iter()
                .any(|(n, _, lines)| n == function && *lines > MAX_FN_LINES),
            "src/{name}: fn {function} is within {MAX_FN_LINES} lines now (or gone): drop it from LONG_FNS"
        );
    }
}

#[test]
fn the_function_scan_counts_bodies_and_skips_literals() {
    let text = "fn a() {\n    let s = \"}\";\n    let c = '{';\n    let q = '\\'';\n    // }\n}\n\
                trait T { fn b(&self); }\n\
                fn c<'a>(x: &'a str) -> &'a str {\n    let r = r#\"{\"#;\n    x\n}\n";
    assert_eq!(
        functions(text),
        vec![("a".to_string(), 1, 6), ("c".to_string(), 8, 4)]
    );
}
