//! The catalog's entries: one file per code in `codes/`, listed by `build.rs` sorted by code (byte order),
//! each with its text. `catalog::tests` checks every file, the order and that nothing is left out.

pub(super) static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
