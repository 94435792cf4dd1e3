//! Eight bytes tested at a time in a `u64` ("SIMD within a register"): for the short texts the scanner looks
//! through a byte at a time (a JSON string, a message), where a `memchr` call's setup is not repaid.

/// `byte` in every byte of a word.
pub(crate) const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each byte of `v` that is zero, and no other bit (exact: no borrow between bytes): the
/// reference [`zero_bytes_rough`] is held to.
#[cfg(test)]
const fn zero_bytes(v: u64) -> u64 {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((v & LOWS).wrapping_add(LOWS)) | v | LOWS)
}

/// The high bit of each zero byte of `v`, and maybe of bytes above a zero byte (a borrow carries up): exact
/// for the lowest one, so right for `trailing_zeros` and for `!= 0`, in three operations where an exact
/// mask takes five (a scan that tests a word for seven bytes feels the difference).
pub(crate) const fn zero_bytes_rough(v: u64) -> u64 {
    v.wrapping_sub(splat(1)) & !v & splat(0x80)
}

/// The eight bytes of `b` at `at`, the ones past its end as zeros; byte `i` of the slice is byte `i` of the
/// word counted from the low end, so `trailing_zeros() / 8` of a mask is an offset.
pub(crate) fn word(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    match b.get(at..at + 8) {
        Some(full) => w.copy_from_slice(full),
        None => {
            for (slot, &c) in w.iter_mut().zip(b.get(at..).unwrap_or_default()) {
                *slot = c;
            }
        }
    }
    u64::from_le_bytes(w)
}

/// The starts of the words that cover `len` bytes: every eighth byte, and the last word ends at `len` (it
/// overlaps the one before it when `len` is no multiple of eight), so only a text under eight bytes pads a
/// word with zeros (byte by byte: the cost of a short text's last word).
pub(crate) fn word_starts(len: usize) -> impl Iterator<Item = usize> {
    let last = len.saturating_sub(8);
    (0..last).step_by(8).chain((len > 0).then_some(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_marks_exactly_the_zero_bytes() {
        for bytes in [
            [0u8; 8],
            [1; 8],
            [0, 1, 0, 0x80, 0xff, 0, 0x7f, 0],
            [0x80, 0, 0x81, 1, 0, 0, 0, 0xff],
        ] {
            let expected = bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == 0)
                .fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
            assert_eq!(zero_bytes(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
        }
    }

    proptest::proptest! {
        /// The rough mask holds every zero byte, and its lowest bit is the lowest zero byte's.
        #[test]
        fn zero_bytes_rough_is_exact_at_the_first_zero(v: u64, zeros: u8) {
            // Zero some bytes on purpose: random words seldom hold one.
            let v = (0..8).filter(|i| zeros >> i & 1 == 1).fold(v, |v, i| v & !(0xff << (8 * i)));
            let (rough, exact) = (zero_bytes_rough(v), zero_bytes(v));
            proptest::prop_assert_eq!(rough & exact, exact);
            proptest::prop_assert_eq!(rough.trailing_zeros(), exact.trailing_zeros());
        }
    }

    #[test]
    fn word_starts_cover_every_byte_once_or_twice() {
        for len in 0..40 {
            let starts: Vec<usize> = word_starts(len).collect();
            let mut seen = vec![0; len];
            for &s in &starts {
                assert!(s + 8 <= len.max(8), "{len}: {starts:?}");
                for slot in seen.iter_mut().skip(s).take(8) {
                    *slot += 1;
                }
            }
            assert!(seen.iter().all(|&n| n == 1 || n == 2), "{len}: {starts:?}");
            assert_eq!(starts.is_empty(), len == 0);
        }
    }

    #[test]
    fn word_pads_the_end_with_zeros() {
        assert_eq!(word(b"abc", 0), u64::from_le_bytes(*b"abc\0\0\0\0\0"));
        assert_eq!(
            word(b"0123456789", 8),
            u64::from_le_bytes(*b"89\0\0\0\0\0\0")
        );
        assert_eq!(word(b"01234567", 0), u64::from_le_bytes(*b"01234567"));
        assert_eq!(word(b"ab", 5), 0);
        assert_eq!(splat(b'"') & 0xff, u64::from(b'"'));
    }
}
