//! The sorted index of catalog entries: one line per code, its explanation pulled in from `codes/`.
//! Keep it sorted by code (byte order); `catalog::tests` checks order, uniqueness and orphans.

pub(super) static FILES: &[(&str, &str)] = &[];
