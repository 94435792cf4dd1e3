//! CLI behaviour as data: each `tests/cmd/*.toml` runs the binary with args/stdin and compares stdout,
//! stderr and the exit code (`TRYCMD=overwrite cargo test --test tests cli::` rewrites expected output).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
