//! Lists the catalog from `src/catalog/codes/`: adding an error code is adding its file. The list is
//! sorted by code (byte order) and each entry's text is included at compile time; the catalog's tests then
//! check every file (front matter, sections, examples).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new("src/catalog/codes");
    // A directory here makes cargo rerun this on any file added, removed or changed under it.
    println!("cargo:rerun-if-changed=src/catalog/codes");
    let mut codes: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                name.strip_suffix(".md").map(str::to_string)
            })
            .collect(),
        Err(e) => panic!("reading {}: {e}", dir.display()),
    };
    codes.sort();
    let mut out = String::from("&[\n");
    for code in &codes {
        // The name goes into Rust source as a literal and a path: only the characters codes are made of.
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
            "src/catalog/codes/{code}.md: a code's file name holds only letters, digits, _ and -"
        );
        let _ = writeln!(
            out,
            "    ({code:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/catalog/codes/{code}.md\"))),"
        );
    }
    out.push_str("]\n");
    let target = Path::new(&env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.rs");
    if let Err(e) = fs::write(&target, out) {
        panic!("writing {}: {e}", target.display());
    }
}
