//! The import graph of `src/`: no file imports another that imports it back, directly or through a loop,
//! and data flows down the layers of [`LAYERS`] but for the [`UPWARD`] imports listed with their reason.
//! Imports are the `crate::…`, `super::…` and `self::…` paths of each file (in `use` lines or inline),
//! test-only code left out (`#[cfg(test)]` modules, inline or in their own file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules from the bottom layer up: a module may import those listed before it.
const LAYERS: &[&str] = &[
    "swar",
    "sanitize",
    "base64",
    "pager",
    "suggest",
    "time",
    "http",
    "redact",
    "finding",
    "input",
    "operations",
    "lint",
    "token",
    "catalog",
    "recent",
    "facts",
    "response",
    "odata",
    "scan",
    "diagnose",
    "cli",
    "render",
    "shell",
    "exit",
    "pipeline",
    "parallel",
    "commands",
    "api",
];

/// The imports allowed to run from a lower layer up (file → file, and a one-line reason that the importing
/// module's doc repeats). At most two; none today: the two-core driver calls the pipeline, never the reverse.
const UPWARD: &[(&str, &str, &str)] = &[];

type Module = Vec<String>;

/// Every source file as its module path (`src/scan/mod.rs` → `scan`), without test-only files.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut out = BTreeMap::new();
    for path in files {
        let rel = path.strip_prefix(src).expect("under src");
        let mut parts: Module = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        out.insert(parts, text);
    }
    // Files declared `#[cfg(test)] mod name;` are tests, not part of the program's layering.
    let mut tests = Vec::new();
    for (module, text) in &out {
        let code = without_literals(text);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + 12..];
            let decl = rest.trim_start();
            let decl = decl
                .strip_prefix("pub(crate) ")
                .or_else(|| decl.strip_prefix("pub "))
                .unwrap_or(decl);
            if let Some(tail) = decl.strip_prefix("mod ") {
                let name: String = tail.chars().take_while(|c| is_ident(*c)).collect();
                if tail[name.len()..].trim_start().starts_with(';') {
                    let mut child = module.clone();
                    child.push(name);
                    tests.push(child);
                }
            }
        }
    }
    for t in tests {
        out.remove(&t);
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The source without comments, string or char literals, and inline test modules.
fn code_only(text: &str) -> String {
    without_test_modules(&without_literals(text))
}

/// The source without comments and string or char literals (each replaced by a space).
fn without_literals(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with("r#") || rest.starts_with("r\"") || rest.starts_with("br") {
            let start = usize::from(rest.starts_with('b')) + 1;
            let hashes = rest[start..].bytes().take_while(|&c| c == b'#').count();
            if rest.as_bytes().get(start + hashes) == Some(&b'"')
                && (i == 0 || !is_ident(b[i - 1] as char))
            {
                let close = format!("\"{}", "#".repeat(hashes));
                let body = start + hashes + 1;
                i += rest[body..]
                    .find(&close)
                    .map_or(rest.len(), |e| body + e + close.len());
                out.push(' ');
            } else {
                out.push('r');
                i += 1;
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '"'), not a lifetime ('a).
            let tail = &rest[1..];
            let end = if tail.starts_with('\\') {
                tail[2..].find('\'').map(|e| e + 3)
            } else {
                let mut chars = tail.char_indices();
                match (chars.next(), chars.next()) {
                    (Some(_), Some((k, '\''))) => Some(k + 1),
                    _ => None,
                }
            };
            match end {
                Some(end) => {
                    i += end + 1;
                    out.push(' ');
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The code without inline `#[cfg(test)] mod name { … }` blocks.
fn without_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 12..];
        let open = after.find(['{', ';']).unwrap_or(after.len());
        if after[..open].contains("mod ") && after[open..].starts_with('{') {
            let mut depth = 0;
            let mut end = after.len();
            for (k, c) in after[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &after[end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (spaces removed first).
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.to_string()];
    };
    let (prefix, body) = (&path[..open], &path[open + 1..path.len() - 1]);
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (k, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&body[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    items.push(&body[start..]);
    items
        .into_iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(&format!("{prefix}{i}")))
        .collect()
}

/// The paths a file's code names: `use` trees expanded, and inline `crate::`/`super::`/`self::` paths.
fn paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = code.len() - rest.len() + at;
        rest = &rest[at + 4..];
        if before > 0 && is_ident(code.as_bytes()[before - 1] as char) {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        // `a as b` renames: keep `a`.
        let mut words = rest[..end].split_whitespace();
        let mut tree = String::new();
        while let Some(w) = words.next() {
            if w == "as" {
                words.next();
            } else {
                tree.push_str(w);
            }
        }
        out.extend(expand(&tree));
    }
    for anchor in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(anchor) {
            let start = from + at;
            from = start + anchor.len();
            if start > 0 && {
                let p = code.as_bytes()[start - 1] as char;
                is_ident(p) || p == ':'
            } {
                continue;
            }
            let len = code[start..]
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(code.len() - start);
            out.insert(code[start..start + len].trim_end_matches(':').to_string());
        }
    }
    out.retain(|p| p.contains("::"));
    out
}

/// The file modules `module`'s code imports.
fn imports(module: &Module, code: &str, all: &BTreeMap<Module, String>) -> BTreeSet<Module> {
    let mut out = BTreeSet::new();
    for path in paths(code) {
        let mut segs = path.split("::").filter(|s| !s.is_empty() && *s != "*");
        let mut base: Module = match segs.next() {
            Some("crate") => Vec::new(),
            Some(first @ ("super" | "self")) => {
                // In `a/b.rs` (module a::b) and in `a/b/mod.rs` alike, `self` is a::b and `super` is a.
                let mut base = module.clone();
                if first == "super" {
                    base.pop();
                }
                base
            }
            _ => continue,
        };
        for seg in segs {
            match seg {
                "super" => {
                    base.pop();
                }
                "self" => {}
                s => base.push(s.to_string()),
            }
        }
        while !base.is_empty() && !all.contains_key(&base) {
            base.pop();
        }
        if !base.is_empty() && &base != module {
            out.insert(base);
        }
    }
    out
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let all = modules(src);
    all.iter()
        .filter(|(m, _)| !m.is_empty()) // lib.rs and main.rs declare and wire everything
        .map(|(m, text)| (m.clone(), imports(m, &code_only(text), &all)))
        .collect()
}

fn name(m: &Module) -> String {
    m.join("/")
}

/// One cycle of the graph, as the list of its files, if there is one.
fn find_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    // 0 unseen, 1 on the current path, 2 done.
    let mut state: BTreeMap<&Module, u8> = BTreeMap::new();
    for root in graph.keys() {
        if state.get(root).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&Module, Vec<&Module>)> =
            vec![(root, graph[root].iter().rev().collect())];
        state.insert(root, 1);
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match next.pop() {
                Some(child) => match state.get(child).copied().unwrap_or(0) {
                    0 if graph.contains_key(child) => {
                        state.insert(child, 1);
                        path.push((child, graph[child].iter().rev().collect()));
                    }
                    1 => {
                        let from = path.iter().position(|(m, _)| *m == child).unwrap_or(0);
                        let mut cycle: Vec<Module> =
                            path[from..].iter().map(|(m, _)| (*m).clone()).collect();
                        cycle.push(child.clone());
                        return Some(cycle);
                    }
                    _ => {}
                },
                None => {
                    state.insert(node, 2);
                    path.pop();
                }
            }
        }
    }
    None
}

#[test]
fn no_import_cycles_between_source_files() {
    let graph = graph();
    assert!(graph.len() > 50, "the walk found too few files");
    if let Some(cycle) = find_cycle(&graph) {
        let shown: Vec<String> = cycle.iter().map(name).collect();
        panic!("import cycle: {}", shown.join(" → "));
    }
}

#[test]
fn imports_run_down_the_layers() {
    assert!(UPWARD.len() <= 2, "at most two upward imports");
    let rank = |m: &Module| LAYERS.iter().position(|l| *l == m[0]);
    let mut upward = BTreeSet::new();
    for (from, targets) in graph() {
        let Some(from_rank) = rank(&from) else {
            panic!(
                "src/{} is in no layer: add its top module to LAYERS",
                name(&from)
            );
        };
        for to in targets {
            let to_rank = rank(&to).unwrap_or(usize::MAX);
            if to_rank > from_rank {
                upward.insert((name(&from), name(&to)));
            }
        }
    }
    let allowed: BTreeSet<(String, String)> = UPWARD
        .iter()
        .map(|(f, t, _)| (f.to_string(), t.to_string()))
        .collect();
    let unexpected: Vec<_> = upward.difference(&allowed).collect();
    assert!(
        unexpected.is_empty(),
        "imports from a lower layer up (file → file): {unexpected:?}"
    );
    // Each allowed one is used and its reason is in the importing module's doc.
    for (from, to, why) in UPWARD {
        assert!(
            upward.contains(&(from.to_string(), to.to_string())),
            "UPWARD lists {from} → {to}, which no longer exists: remove it"
        );
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let text = std::fs::read_to_string(format!("{src}/{from}.rs"))
            .or_else(|_| std::fs::read_to_string(format!("{src}/{from}/mod.rs")))
            .expect("read importing module");
        let doc: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.trim_start_matches("//!").trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            doc.contains(why),
            "src/{from}'s module doc should say why it imports {to}: {why}"
        );
    }
}

#[test]
fn the_parser_sees_imports_and_cycles() {
    let code = code_only(
        "use crate::{a::{b, c}, d};\n// use crate::x;\nlet s = \"crate::y\";\nsuper::e::f();\n\
         #[cfg(test)]\nmod tests { use crate::z; }\n",
    );
    let got: Vec<String> = paths(&code).into_iter().collect();
    assert_eq!(
        got,
        ["crate::a::b", "crate::a::c", "crate::d", "super::e::f"]
    );
    let m = |s: &str| vec![s.to_string()];
    let mut g = BTreeMap::new();
    g.insert(m("a"), BTreeSet::from([m("b")]));
    g.insert(m("b"), BTreeSet::from([m("c")]));
    g.insert(m("c"), BTreeSet::from([m("a")]));
    assert_eq!(find_cycle(&g).map(|c| c.len()), Some(4));
    g.insert(m("c"), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}
