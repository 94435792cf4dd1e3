//! Unit tests of the lint command: operations chosen by flag or file name, folders walked, `--fix`'s
//! refusals and atomic rewrite.

use std::fs;

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

/// Lint arguments as the command line gives them (so new flags need no edit here).
fn args(endpoint: &str, files: &[&str]) -> LintArgs {
    use clap::Parser;
    let mut argv = vec!["mdediag", "lint", "--endpoint", endpoint];
    argv.extend_from_slice(files);
    match crate::cli::Cli::try_parse_from(argv).map(|c| c.command) {
        Ok(Some(crate::cli::Command::Lint(a))) => a,
        other => panic!("not lint arguments: {other:?}"),
    }
}

#[test]
fn a_read_or_delete_without_files_is_a_query_to_check_and_stdin_is_left_alone() {
    assert!(query_only(&args("GET /api/machines?$top=10", &[])).is_some());
    assert!(query_only(&args("DELETE /api/indicators/1", &[])).is_some());
    assert!(query_only(&args("> GET /api/alerts HTTP/1.1", &[])).is_some());
    assert!(query_only(&args("POST /api/machines/x/isolate", &[])).is_none());
    assert!(query_only(&args("POST /api/machines/x/isolat", &[])).is_some());
    assert!(query_only(&args("GET /api/machines", &["body.json"])).is_none());
    assert!(query_only(&args("POST /api/machine/x/isolate", &["body.json"])).is_some());
}

#[test]
fn a_file_name_can_choose_its_operation() {
    let name = |n: &str| operation_from_file_name(Path::new(n)).map(|o| o.name);
    assert_eq!(name("dir/isolate-machine.json"), Some("isolate-machine"));
    assert_eq!(name("case-42.Update-Alert.JSON"), Some("update-alert"));
    assert_eq!(name("body.json"), None);
    assert_eq!(name("isolate-machine.txt"), None);
    // Docs page names choose too, when the page documents one operation with a body.
    assert_eq!(
        name("x.run-advanced-query.json"),
        Some("advanced-hunting-run")
    );
    assert_eq!(
        name("t.add-or-remove-machine-tags.json"),
        Some("add-or-remove-machine-tag")
    );
    assert_eq!(name("get-machine-by-id.json"), None);
    let near = |n: &str| file_name_near_miss(Path::new(n)).map(|(w, o)| (w, o.name));
    assert_eq!(
        near("x.isolat-machine.json"),
        Some(("isolat-machine".to_string(), "isolate-machine"))
    );
    assert_eq!(near("x.isolate-machine.json"), None);
    assert_eq!(near("case-42.json"), None);
    assert_eq!(near("body.json"), None);
}

#[test]
fn folders_are_walked_for_json_files_in_order() {
    let dir = folder("walk");
    fs::create_dir_all(dir.join("b/.hidden")).expect("dirs");
    for f in [
        "z.json",
        "a.txt",
        "b/x.JSON",
        "b/.hidden/y.json",
        ".dot.json",
        // A name whose last five bytes start inside a character.
        "b/xé1234",
    ] {
        fs::write(dir.join(f), "{}").expect("write");
    }
    let found: Vec<String> = expand(std::slice::from_ref(&dir))
        .into_iter()
        .map(|i| match i {
            Input::Path(p) => p.strip_prefix(&dir).expect("inside").display().to_string(),
            Input::Problem(_, why) => why,
        })
        .collect();
    assert_eq!(found, ["b/x.JSON", "z.json"]);
    let _ = fs::remove_dir_all(&dir);
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

#[test]
fn a_curl_url_keeps_only_fixes_its_shell_passes_as_written() {
    let fixes = |src: &str| {
        let report = lint_all("get.sh", src.as_bytes(), None, 0).expect("report");
        report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .map(|x| {
                (
                    src[x.span.start..x.span.end].to_string(),
                    x.replacement.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    // `top=10` misses its `$`: in single quotes the fix writes it; in double quotes a `$` would be expanded.
    assert_eq!(
        fixes("curl 'https://x/api/machines?top=10'"),
        [("top".to_string(), "$top".to_string())]
    );
    assert!(fixes("curl \"https://x/api/machines?top=10\"").is_empty());
    // Through bash's escapes, a fix lands on the bytes it names.
    assert_eq!(
        fixes("curl \"https://x/api/machines?\\$top=20000\""),
        [("20000".to_string(), "10000".to_string())]
    );
}
