//! One module per subcommand: read input, call the library core, hand plain data to a renderer.

pub(crate) mod codes;
pub mod completions;
pub(crate) mod diagnose;
pub(crate) mod explain;
pub(crate) mod lint;
pub(crate) mod lint_select;
pub(crate) mod operations;
pub(crate) mod token;
