//! The one base64 reader (RFC 4648), in two strictnesses: lenient for a HAR body's `content.text` (lines
//! wrapped, padding anywhere), strict for a token segment (the first bad character is named). Both read the
//! standard and the url-safe alphabet alike (`+`/`-` are 62, `/`/`_` are 63): tools re-encode either way, and
//! the two alphabets never give one text two meanings.

/// How much the reader forgives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Whitespace and `=` skipped wherever they are; trailing bits that make no byte dropped.
    Lenient,
    /// Only trailing `=` skipped; whitespace, inner `=` and a lone trailing character are errors.
    Strict,
}

/// Decodes `text`. On failure, the 1-based position of the first bad character (for a lone trailing
/// character in strict mode, the position of the last character before the padding).
pub(crate) fn decode(text: &str, strictness: Strictness) -> Result<Vec<u8>, usize> {
    let lenient = strictness == Strictness::Lenient;
    let text = if lenient {
        text
    } else {
        text.trim_end_matches('=')
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' if lenient => continue,
            _ => return Err(i + 1),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // One leftover character (6 bits) cannot encode a byte: a cut token.
    if !lenient && bits >= 6 {
        return Err(text.len());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Strictness::{Lenient, Strict};
    use super::*;

    fn lenient(text: &str) -> Option<Vec<u8>> {
        decode(text, Lenient).ok()
    }

    #[test]
    fn lenient_decodes_with_padding_and_breaks() {
        assert_eq!(lenient("eyJhIjoxfQ==").as_deref(), Some(&b"{\"a\":1}"[..]));
        assert_eq!(lenient("eyJh\nIjox fQ").as_deref(), Some(&b"{\"a\":1}"[..]));
        assert!(lenient("ey*").is_none());
    }

    #[test]
    fn strict_decodes_with_and_without_padding() {
        assert_eq!(decode("aGk", Strict).unwrap(), b"hi");
        assert_eq!(decode("aGk=", Strict).unwrap(), b"hi");
        assert_eq!(decode("-_8", Strict).unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode("", Strict).unwrap(), b"");
        assert_eq!(decode("aG!k", Strict), Err(3));
        assert!(decode("a", Strict).is_err(), "a single char holds no byte");
    }

    #[test]
    fn both_read_both_alphabets() {
        for mode in [Lenient, Strict] {
            assert_eq!(decode("-_8", mode), decode("+/8", mode), "{mode:?}");
            assert_eq!(decode("+/8", mode), Ok(vec![0xfb, 0xff]), "{mode:?}");
        }
    }

    #[test]
    fn lenient_skips_what_strict_names() {
        // Padding inside, whitespace and a lone trailing character: forgiven, or named at their position.
        assert_eq!(decode("aG=k", Lenient), Ok(b"hi".to_vec()));
        assert_eq!(decode("aG=k", Strict), Err(3));
        assert_eq!(decode("aG\r\n\tk", Lenient), Ok(b"hi".to_vec()));
        assert_eq!(decode("aG k", Strict), Err(3));
        assert_eq!(decode("aGkx=y", Lenient), Ok(b"hi1".to_vec()));
        assert_eq!(decode("aGkxy==", Strict), Err(5));
    }

    #[test]
    fn both_name_the_first_bad_byte() {
        for mode in [Lenient, Strict] {
            assert_eq!(decode("aGk*x!", mode), Err(4), "{mode:?}");
            assert_eq!(decode("é", mode), Err(1), "{mode:?}");
        }
    }
}
