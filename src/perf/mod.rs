//! The performance layer: what makes `diagnose` fast on big inputs, apart from what it computes. Nothing
//! here decides a byte of output: taking any piece away changes the speed, never the result (the
//! `blocks_agree` tests hold the two-core path to the one-core path byte for byte; the JSON tests hold the
//! cache to plain escaping). What each piece pays is measured in the README's Performance section.
//!
//! - [`blocks`]: input cut into blocks of whole lines by a reading thread, buffers reused.
//! - [`threads`]: the scanning threads, two blocks at a time, results written in input order.
//! - [`escape_cache`]: the program's own text escaped for JSON once per run, not once per diagnosis.
//! - [`hash`]: one quick hash for tables keyed by what the program chose (codes, addresses).
//! - [`plain_envelope`]: the most common error body read in place, without a `Value` tree.

pub mod blocks;
pub mod escape_cache;
pub mod hash;
pub mod plain_envelope;
pub mod threads;
