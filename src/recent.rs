//! The answers a pure function gave lately, keyed by the text it read: a log repeats a few dozen
//! responses, and some answers (a message matched against the catalog's templates) cost far more than
//! looking them up. One slot per hash of the key, the newest answer kept: keys that share a slot (input
//! can choose them) cost a computation, never a wrong answer or memory. Bounded: [`Recent::SLOTS`]
//! answers, keys up to [`Recent::LONGEST`] bytes (longer ones are computed each time).

use std::hash::{BuildHasher, Hasher};

use crate::catalog::hash::QuickBuildHasher;

/// Recent answers of one function (see the module docs); each thread keeps its own.
pub(crate) struct Recent<V> {
    slots: Vec<Option<(Box<[u8]>, V)>>,
}

impl<V> Default for Recent<V> {
    fn default() -> Recent<V> {
        Recent { slots: Vec::new() }
    }
}

impl<V: Clone> Recent<V> {
    pub(crate) const SLOTS: usize = 256;
    pub(crate) const LONGEST: usize = 1024;

    /// The answer for the key made of `parts` (compared whole, each with its length), computed by
    /// `compute` when it is not held.
    pub(crate) fn get_or(&mut self, parts: &[&[u8]], compute: impl FnOnce() -> V) -> V {
        let mut h = QuickBuildHasher::default().build_hasher();
        for p in parts {
            h.write_usize(p.len());
            h.write(p);
        }
        let slot = h.finish() as usize % Self::SLOTS;
        if let Some(Some((key, answer))) = self.slots.get(slot) {
            if same_key(key, parts) {
                return answer.clone();
            }
        }
        let answer = compute();
        let len: usize = parts.iter().map(|p| p.len() + 8).sum();
        if len <= Self::LONGEST {
            let mut key = Vec::with_capacity(len);
            for p in parts {
                key.extend_from_slice(&(p.len() as u64).to_le_bytes());
                key.extend_from_slice(p);
            }
            if self.slots.is_empty() {
                self.slots.resize_with(Self::SLOTS, || None);
            }
            self.slots[slot] = Some((key.into_boxed_slice(), answer.clone()));
        }
        answer
    }
}

/// Whether `key` (as [`Recent::get_or`] stores one: each part after its length) is made of `parts`.
fn same_key(mut key: &[u8], parts: &[&[u8]]) -> bool {
    for p in parts {
        let Some((len, rest)) = key.split_first_chunk::<8>() else {
            return false;
        };
        if u64::from_le_bytes(*len) != p.len() as u64 || !rest.starts_with(p) {
            return false;
        }
        key = &rest[p.len()..];
    }
    key.is_empty()
}

#[cfg(test)]
mod tests {
    use super::Recent;

    /// Held answers are the function's, through more keys than slots, keys whose parts join alike
    /// ("ab" + "c", "a" + "bc") and keys too long to hold.
    #[test]
    fn recent_answers_are_the_functions() {
        let f = |a: &str, b: &str| format!("{}|{}", a.len(), b);
        let mut recent = Recent::default();
        let long = "x".repeat(Recent::<String>::LONGEST);
        let mut keys: Vec<(String, String)> = (0..600)
            .map(|i| (format!("k{i}"), format!("{}", i % 7)))
            .collect();
        keys.extend(
            [("ab", "c"), ("a", "bc"), ("", "abc"), ("abc", "")].map(|(a, b)| (a.into(), b.into())),
        );
        keys.push((long.clone(), "y".into()));
        for round in 0..3 {
            for i in 0..keys.len() {
                let (a, b) = match round {
                    1 => &keys[keys.len() - 1 - i],
                    _ => &keys[i],
                };
                let got = recent.get_or(&[a.as_bytes(), b.as_bytes()], || f(a, b));
                assert_eq!(got, f(a, b), "{a:?} {b:?}");
                // Asked twice in a row: held the second time, unless too long to hold.
                let mut again = false;
                recent.get_or(&[a.as_bytes(), b.as_bytes()], || {
                    again = true;
                    f(a, b)
                });
                assert_eq!(
                    again,
                    a.len() + b.len() + 16 > Recent::<String>::LONGEST,
                    "{a:?}"
                );
            }
        }
    }
}
