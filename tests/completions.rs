//! The committed completion scripts in `completions/` must equal what the clap declaration generates.
//! After changing a flag, regenerate them with `MDEDIAG_UPDATE_COMPLETIONS=1 cargo test --test tests completions::`.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use clap_complete::Shell;

const SCRIPTS: [(Shell, &str); 5] = [
    (Shell::Bash, "mdediag.bash"),
    (Shell::Zsh, "_mdediag"),
    (Shell::Fish, "mdediag.fish"),
    (Shell::PowerShell, "_mdediag.ps1"),
    (Shell::Elvish, "mdediag.elv"),
];

#[test]
fn committed_completions_match_the_cli() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("MDEDIAG_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let mut generated = Vec::new();
        mdediag::commands::completions::generate(shell, &mut generated);
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(generated.as_slice()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{stale:?} differ from the CLI; run MDEDIAG_UPDATE_COMPLETIONS=1 cargo test --test tests completions::"
    );
}

#[test]
fn subcommand_prints_the_same_script() {
    let out = assert_cmd::Command::cargo_bin("mdediag")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut generated = Vec::new();
    mdediag::commands::completions::generate(Shell::Bash, &mut generated);
    assert_eq!(out.stdout, generated);
}

/// The man pages, generated from the same declaration: `man/mdediag.1` and one `man/mdediag-SUB.1` per
/// subcommand (the top page's SEE ALSO names them), committed and guarded the same way
/// (`MDEDIAG_UPDATE_COMPLETIONS=1` rewrites them). Read one with `man ./man/mdediag-lint.1`.
#[test]
fn committed_man_pages_match_the_cli() {
    use clap::CommandFactory;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let fresh = std::env::temp_dir().join(format!("mdediag-man-{}", std::process::id()));
    std::fs::create_dir_all(&fresh).unwrap();
    clap_mangen::generate_to(mdediag::cli::Cli::command(), &fresh).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&fresh)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.contains(&"mdediag.1".to_string()) && names.contains(&"mdediag-lint.1".to_string()),
        "{names:?}"
    );
    let update = std::env::var_os("MDEDIAG_UPDATE_COMPLETIONS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for name in &names {
        let generated = std::fs::read(fresh.join(name)).unwrap();
        if update {
            std::fs::write(dir.join(name), &generated).unwrap();
        }
        assert!(
            std::fs::read(dir.join(name)).ok().as_deref() == Some(generated.as_slice()),
            "man/{name} differs from the CLI; run MDEDIAG_UPDATE_COMPLETIONS=1 cargo test --test tests completions::"
        );
    }
    let committed = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        committed,
        names.len(),
        "a man page in man/ the CLI no longer has"
    );
}

/// Operation names (`--operation`, `operations NAME`) and codes (`explain QUERY`) are offered where
/// clap_complete's static scripts complete values: bash and zsh both, fish the option values only.
/// Its PowerShell and Elvish scripts complete flags and subcommands, never values.
#[test]
fn completion_offers_operation_names_and_codes() {
    for (shell, codes) in [
        (Shell::Bash, true),
        (Shell::Zsh, true),
        (Shell::Fish, false),
    ] {
        let mut script = Vec::new();
        mdediag::commands::completions::generate(shell, &mut script);
        let script = String::from_utf8(script).unwrap();
        assert!(
            script.contains("isolate-machine"),
            "{shell:?}: no operation names"
        );
        assert_eq!(
            script.contains("InvalidRequestBody"),
            codes,
            "{shell:?}: codes"
        );
    }
}
