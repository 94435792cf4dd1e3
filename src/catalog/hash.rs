//! One quick hash for the tables whose keys the program chose: the catalog's codes and the escape cache's
//! addresses. Lookups may use input (a code from a response), but only the program's keys are ever
//! inserted, so nothing an input holds can crowd a bucket; SipHash's resistance to chosen keys buys nothing
//! here, and it costs (README, Performance). The catalog and the JSON escape cache use it.

use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hasher state built with [`Fnv`].
pub(crate) type FnvBuildHasher = BuildHasherDefault<Fnv>;

/// FNV-1a, 64-bit.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::FnvBuildHasher;

    #[test]
    fn known_vectors_and_distinct_addresses() {
        // FNV-1a 64 of "a", from the algorithm's reference vectors.
        let mut h = super::Fnv::default();
        std::hash::Hasher::write(&mut h, b"a");
        assert_eq!(std::hash::Hasher::finish(&h), 0xaf63_dc4c_8601_ec8c);
        let q = FnvBuildHasher::default();
        assert_ne!(
            q.hash_one((0x1000usize, 5usize)),
            q.hash_one((0x1008usize, 5usize))
        );
    }
}
