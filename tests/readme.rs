//! Every `console` block of README.md is run: each `$ mdediag …` line, from the repository folder, with the
//! built binary first on PATH, stdout and stderr together, no color; its output must be the text below it up to
//! the next `$ ` line or the block's end. A line `...` (any indent) stands for any number of lines, so a long
//! output may be shortened in the README, never changed.

use std::process::Command;

/// (line number of the command, command, expected output lines).
fn console_commands(readme: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<(usize, String, Vec<String>)> = None;
    for (i, line) in readme.lines().enumerate() {
        if !in_block {
            in_block = line == "```console";
            continue;
        }
        if line == "```" {
            in_block = false;
            out.extend(current.take());
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some((i + 1, cmd.to_string(), Vec::new()));
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(line.to_string());
        }
    }
    out
}

/// Whether `got` matches `want`, where a `...` line in `want` stands for any number of lines.
fn matches(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "..." => (0..=got.len()).any(|k| matches(rest, &got[k..])),
        Some((w, rest)) => got
            .split_first()
            .is_some_and(|(g, more)| g.trim_end() == w.trim_end() && matches(rest, more)),
    }
}

#[test]
fn readme_console_blocks_show_what_the_commands_print() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("read README.md");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_mdediag"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commands = console_commands(&readme);
    assert!(commands.len() >= 5, "README has its console examples");
    let mut problems = Vec::new();
    for (line, cmd, mut want) in commands {
        // A blank line ends an example's output in the README; trailing blanks are not the command's.
        while want.last().is_some_and(|l| l.trim().is_empty()) {
            want.pop();
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{cmd} 2>&1"))
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("PAGER", "")
            .env_remove("MDE_TOKEN")
            .output()
            .expect("run sh");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut got: Vec<&str> = text.lines().collect();
        while got.last().is_some_and(|l| l.trim().is_empty()) {
            got.pop();
        }
        if !matches(&want, &got) {
            problems.push(format!(
                "README.md:{line}: `{cmd}` printed:\n{}\n--- the README shows:\n{}",
                got.join("\n"),
                want.join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// GitHub's anchor of a heading: lower case, punctuation dropped (`-` and `_` kept), spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn readme_links_to_its_own_sections_name_real_headings() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("read README.md");
    let mut in_code = false;
    let mut anchors = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            anchors.push(anchor(line.trim_start_matches('#').trim()));
        }
    }
    let links: Vec<&str> = readme
        .split("](#")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .collect();
    assert!(links.len() >= 5, "README links to its sections");
    let broken: Vec<&&str> = links
        .iter()
        .filter(|l| !anchors.iter().any(|a| a == *l))
        .collect();
    assert!(broken.is_empty(), "README links to no heading: {broken:?}");
}
