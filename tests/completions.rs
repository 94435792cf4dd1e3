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

/// The man page, generated from the same declaration, committed as `man/mdediag.1` and guarded the same way
/// (`MDEDIAG_UPDATE_COMPLETIONS=1` rewrites it). Read it with `man ./man/mdediag.1`.
#[test]
fn committed_man_page_matches_the_cli() {
    use clap::CommandFactory;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/mdediag.1");
    let mut generated = Vec::new();
    clap_mangen::Man::new(mdediag::cli::Cli::command())
        .render(&mut generated)
        .unwrap();
    if std::env::var_os("MDEDIAG_UPDATE_COMPLETIONS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    assert!(
        std::fs::read(&path).ok().as_deref() == Some(generated.as_slice()),
        "man/mdediag.1 differs from the CLI; run MDEDIAG_UPDATE_COMPLETIONS=1 cargo test --test tests completions::"
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
