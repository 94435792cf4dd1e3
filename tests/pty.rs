//! Behaviour on a terminal, run under a pseudo-terminal with util-linux `script`: wrapping follows the
//! terminal's width (capped at 100), color is on by default and off with `--color never`, long output goes
//! through `$PAGER`, a terminal stdin gets a hint. Without `script` the tests say they were skipped.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where
#![allow(clippy::print_stderr)] // the skip note goes to the test log

use std::process::Command;

/// Runs `mdediag ARGS` on a `cols`-wide pseudo-terminal; returns what the terminal showed (CR dropped).
fn on_terminal(cols: u16, args: &str, env: &[(&str, &str)]) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` not found");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_mdediag");
    // `timeout`: a command left reading the terminal is ended (script itself never sends it an EOF).
    let inner = format!("stty cols {cols} rows 50; timeout 5 {bin} {args}");
    let mut cmd = Command::new("script");
    // `cat` as the pager unless a test names another: what the terminal shows stays plain text.
    cmd.args(["-qec", &inner, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("PAGER", "cat");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).replace('\r', ""))
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(char::is_ascii_alphabetic);
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines of the `Meaning` paragraph (prose, always wrapped; URLs elsewhere are kept whole).
fn meaning(shown: &str) -> Vec<&str> {
    shown
        .lines()
        .skip_while(|l| *l != "Meaning")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn prose_wraps_to_a_narrow_terminal() {
    let Some(shown) = on_terminal(60, "--color never explain Forbidden", &[]) else {
        return;
    };
    let lines = meaning(&shown);
    assert!(lines.len() > 2, "{shown}");
    assert!(lines.iter().all(|l| l.chars().count() <= 60), "{shown}");
}

#[test]
fn a_wide_terminal_still_wraps_at_100() {
    let Some(shown) = on_terminal(200, "--color never explain Forbidden", &[]) else {
        return;
    };
    let longest = meaning(&shown)
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(longest <= 100 && longest > 60, "{longest}");
}

#[test]
fn color_on_a_terminal_unless_told_never() {
    let Some(colored) = on_terminal(100, "explain Forbidden", &[]) else {
        return;
    };
    assert!(colored.contains('\u{1b}'), "no color on a terminal");
    assert!(strip_ansi(&colored).starts_with("Forbidden  403 Forbidden"));
    let plain = on_terminal(100, "--color never explain Forbidden", &[]).unwrap();
    assert!(!plain.contains('\u{1b}'), "--color never still colored");
    let no_color = on_terminal(100, "explain Forbidden", &[("NO_COLOR", "1")]).unwrap();
    assert!(!no_color.contains('\u{1b}'), "NO_COLOR ignored");
}

#[test]
fn reading_a_terminal_says_how_to_end_input() {
    // Nothing is typed, so the command waits: `timeout` ends it once the note is out.
    for (args, what) in [("token -", "the token"), ("lint", "the body")] {
        let Some(shown) = on_terminal(100, args, &[]) else {
            return;
        };
        // The label is colored on a terminal, like every stderr line.
        assert!(
            strip_ansi(&shown).contains(&format!("note: reading {what} from the terminal")),
            "{args}: {shown}"
        );
    }
}

/// A pager that says it ran, then shows its input.
fn recording_pager() -> String {
    let path = std::env::temp_dir().join(format!("mdediag-pager-{}.sh", std::process::id()));
    std::fs::write(&path, "#!/bin/sh\necho PAGER-RAN\ncat\n").unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&path, perms).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn long_output_is_paged_unless_no_pager() {
    let pager = recording_pager();
    // Three full entries are about 100 lines; the terminal has 50 rows.
    let long = "explain Forbidden Unauthorized BadRequest";
    let Some(paged) = on_terminal(100, &format!("--color never {long}"), &[("PAGER", &pager)])
    else {
        return;
    };
    assert!(paged.starts_with("PAGER-RAN\n"), "{}", &paged[..80]);
    assert!(paged.contains("Unauthorized"));
    let direct = on_terminal(100, &format!("--no-pager {long}"), &[("PAGER", &pager)]).unwrap();
    assert!(!direct.contains("PAGER-RAN"));
    assert!(direct.contains("Unauthorized"));
    // What fits the screen is not paged.
    let short = on_terminal(100, "codes --status 429", &[("PAGER", &pager)]).unwrap();
    assert!(!short.contains("PAGER-RAN"), "{short}");
}

#[test]
fn the_codes_table_fits_an_80_column_terminal() {
    let Some(shown) = on_terminal(80, "--color never --no-pager codes", &[]) else {
        return;
    };
    assert!(shown.lines().count() > 20, "{shown}");
    assert!(shown.lines().all(|l| l.chars().count() <= 80), "{shown}");
}

#[test]
fn less_gets_frx_and_colors_other_pagers_plain_text() {
    let dir = std::env::temp_dir().join(format!("mdediag-less-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let less = dir.join("less");
    std::fs::write(&less, "#!/bin/sh\necho \"LESS=$LESS\"\ncat\n").unwrap();
    let mut perms = std::fs::metadata(&less).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&less, perms).unwrap();
    let long = "--color always explain Forbidden Unauthorized BadRequest";
    let less = less.to_string_lossy().into_owned();
    let Some(shown) = on_terminal(100, long, &[("PAGER", &less)]) else {
        return;
    };
    assert!(shown.starts_with("LESS=FRX\n"), "{}", &shown[..40]);
    assert!(shown.contains('\u{1b}'), "less shows colors");
    let mine = on_terminal(100, long, &[("PAGER", &less), ("LESS", "-S")]).unwrap();
    assert!(mine.starts_with("LESS=-S\n"), "a LESS of one's own is kept");
    let other = on_terminal(100, long, &[("PAGER", &recording_pager())]).unwrap();
    assert!(
        other.starts_with("PAGER-RAN\n") && !other.contains('\u{1b}'),
        "{}",
        &other[..80]
    );
}

#[test]
fn dumb_terminals_get_no_color() {
    let Some(shown) = on_terminal(100, "explain Forbidden", &[("TERM", "dumb")]) else {
        return;
    };
    assert!(!shown.contains('\u{1b}'), "{shown}");
    let forced = Command::new(env!("CARGO_BIN_EXE_mdediag"))
        .args(["explain", "Forbidden"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        forced.stdout.contains(&0x1b),
        "CLICOLOR_FORCE colors a pipe"
    );
}

#[test]
fn nothing_found_is_said_on_a_terminal_and_silent_in_a_pipe() {
    let Some(shown) = on_terminal(
        100,
        "--color never tests/fixtures/lint/trailing-comma.json",
        &[],
    ) else {
        return;
    };
    assert!(
        shown.contains("no error response found in ") && shown.contains(" read from 1 input"),
        "{shown}"
    );
    let piped = Command::new(env!("CARGO_BIN_EXE_mdediag"))
        .arg("tests/fixtures/lint/trailing-comma.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!((piped.status.code(), piped.stdout.len()), (Some(0), 0));
}
