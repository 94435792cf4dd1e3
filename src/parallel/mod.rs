//! The two-core driver of `diagnose`: input cut into blocks of whole lines by a reading thread ([`blocks`]),
//! scanned two blocks at a time and written in input order ([`threads`]). Called from one place,
//! `commands::diagnose`. It decides no byte of output: the `blocks_agree` tests hold it to the one-core
//! path (`pipeline::scan_source`) byte for byte; what it buys is in the README's Performance section.

pub(crate) mod blocks;
mod scan;
pub(crate) mod threads;
