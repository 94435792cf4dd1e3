//! Eight bytes tested at a time in a `u64` ("SIMD within a register"): for the short texts the scanner looks
//! through a byte at a time (a JSON string, a message), where a `memchr` call's setup is not repaid.

/// `byte` in every byte of a word.
pub(crate) const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each byte of `v` that is zero, and no other bit (exact: no borrow between bytes).
pub(crate) const fn zero_bytes(v: u64) -> u64 {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((v & LOWS).wrapping_add(LOWS)) | v | LOWS)
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
