//! Every integration test in one binary, one module per area (as ripgrep does): one link instead of sixteen on
//! a two-core machine. `cargo test --test tests <module>::` runs one area, e.g. `cargo test --test tests cli::`.
//! `Cargo.toml` sets `autotests = false`, so a test file that is not declared here would never run: the test
//! below fails on one.

mod prop_support;
mod support;

mod api_family;
mod blocks_agree;
mod catalog_coverage;
mod cli;
mod cli_behaviour;
mod completions;
mod diagnose_secrets;
mod generic_evidence;
mod hostile;
mod input_containers;
mod json_schemas;
mod layering;
mod lint_batch;
mod lint_sarif;
mod lint_schema;
mod lint_table;
mod message_meaning;
mod metamorphic;
mod nested_reasons;
mod newuser_more;
mod newuser_pastes;
mod newuser_sdk;
mod no_response;
mod output;
mod prop_diagnose;
mod prop_lint;
mod prop_token;
mod pty;
mod readme;
mod real_clients;
mod sizes;
mod token_cases;
mod wine;

#[test]
fn every_test_file_is_a_module_here() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let this = std::fs::read_to_string(format!("{dir}/tests.rs")).expect("read tests.rs");
    for entry in std::fs::read_dir(dir).expect("read tests/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "tests") {
            assert!(
                this.contains(&format!("\nmod {module};\n")),
                "tests/{name} is not declared in tests/tests.rs, so it never runs"
            );
        }
    }
}
