//! One quick hash for the tables whose keys the program chose: the catalog's codes and the escape cache's
//! addresses. Lookups may use input (a code from a response), but only the program's keys are ever
//! inserted, so nothing an input holds can crowd a bucket; SipHash's resistance to chosen keys buys nothing
//! here, and it costs (README, Performance). A table whose keys come from input keeps std's SipHash.

use std::hash::{BuildHasherDefault, Hasher};

use crate::swar::word;

/// A `HashMap` hasher state built with [`Quick`].
pub(crate) type QuickBuildHasher = BuildHasherDefault<Quick>;

/// Eight bytes at a time: a rotate, an xor and a multiply per word (the scheme of rustc's FxHash). A code
/// is hashed on every lookup, and FNV-1a's multiply per byte was most of a lookup's cost (callgrind,
/// summary-ndjson).
#[derive(Default)]
pub(crate) struct Quick(u64);

impl Quick {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(word(chunk, 0));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last eight bytes (overlapping the word before) when there are as many, else the rest
            // padded with zeros: a copy of a variable length was a call to memcpy. The length: "a" and
            // "a\0" differ.
            self.add(word(bytes, bytes.len().saturating_sub(8)) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::QuickBuildHasher;

    #[test]
    fn near_keys_hash_apart() {
        let q = QuickBuildHasher::default();
        assert_ne!(
            q.hash_one((0x1000usize, 5usize)),
            q.hash_one((0x1008usize, 5usize))
        );
        for (a, b) in [
            ("a", "a\0"),
            ("Forbidden", "forbidden"),
            ("", "\0"),
            ("InvalidRequestBody", "InvalidRequestBodz"),
            ("12345678", "123456780"),
            ("123456789", "123456788"),
            ("ab", "ba"),
        ] {
            assert_ne!(q.hash_one(a), q.hash_one(b), "{a:?} {b:?}");
        }
    }

    /// The catalog's codes spread over the buckets of their table: no two share a hash.
    #[test]
    fn catalog_codes_hash_apart() {
        let q = QuickBuildHasher::default();
        let mut hashes: Vec<u64> = crate::catalog::entries()
            .iter()
            .map(|e| q.hash_one(e.code))
            .collect();
        hashes.sort_unstable();
        let before = hashes.len();
        hashes.dedup();
        assert_eq!(hashes.len(), before);
    }
}
