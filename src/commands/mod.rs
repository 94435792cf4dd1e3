//! One module per subcommand: read input, call the library core, hand plain data to a renderer.

pub mod codes;
pub mod completions;
pub mod diagnose;
pub mod explain;
pub mod lint;
pub mod lint_select;
pub mod operations;
pub mod token;
