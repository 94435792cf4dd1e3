//! Unit tests of the input sources: encodings, gzip, long lines cut into pieces between values.

use super::*;

#[test]
fn a_long_line_is_cut_after_a_comma_between_values_only() {
    assert_eq!(piece_end(br#"[{"a":1},{"b":"x,y"}"#), Some(9));
    assert_eq!(
        piece_end(br#"{"m":"a \"b, c\" d"}"#),
        None,
        "commas in a string"
    );
    assert_eq!(
        piece_end(br#""\\",1"#),
        Some(5),
        "an escaped backslash ends no string"
    );
    assert_eq!(piece_end(b"no json at all"), None);
    assert_eq!(piece_end(b"trailing \\"), None, "an escape at the very end");
    let line = br#"[1,22,333,"a,b",4444]"#;
    let got: Vec<(&[u8], usize)> = pieces(line, 6).collect();
    assert_eq!(
        got,
        [
            (&b"[1,22,"[..], 0),
            (b"333,", 0),
            (b"\"a,b\",", 0),
            (b"4444]", 0)
        ]
    );
    assert_eq!(got.iter().map(|(p, _)| p.len()).sum::<usize>(), line.len());
    // No comma in reach: cut short, the rest skipped, as any over-long line.
    let got: Vec<(&[u8], usize)> = pieces(br#"[1,"abcdefgh"]"#, 6).collect();
    assert_eq!(got, [(&b"[1,"[..], 0), (b"\"abcde", 5)]);
}

/// A terminal: each read gives what was typed since the last one; Ctrl-D gives one empty read, and
/// typing goes on after it.
struct Terminal(Vec<&'static [u8]>);

impl Read for Terminal {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Ok(0);
        }
        let chunk = self.0[0];
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        if n == chunk.len() {
            self.0.remove(0);
        } else {
            self.0[0] = &chunk[n..];
        }
        Ok(n)
    }
}

#[test]
fn one_ctrl_d_ends_terminal_input() {
    for typed in [
        vec![&b""[..], b"never read"],
        vec![b"ab\n", b"", b"never read"],
        vec![b"{\"error\":1}\n", b"", b"never read"],
    ] {
        let mut text = String::new();
        decoded(Box::new(Terminal(typed.clone())))
            .and_then(|mut r| r.read_to_string(&mut text))
            .expect("read");
        assert!(!text.contains("never"), "{typed:?}: {text:?}");
    }
}

fn lines_of(bytes: &[u8]) -> Vec<String> {
    let mut lines = Lines::from_reader(Box::new(io::Cursor::new(bytes.to_vec()))).expect("open");
    let mut out = Vec::new();
    while let Some(l) = lines.next_line(&mut || Ok(())).expect("read") {
        out.push(l.text.into_owned());
    }
    out
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn utf8_bom_and_crlf_are_stripped() {
    assert_eq!(lines_of(b"\xEF\xBB\xBFa\r\nb\n"), ["a", "b"]);
}

#[test]
fn utf16_with_and_without_bom_is_transcoded() {
    let text = "{\"error\":\"\u{1F600} é\"}\r\nnext";
    assert_eq!(
        lines_of(&utf16(text, true, true)),
        ["{\"error\":\"\u{1F600} é\"}", "next"]
    );
    assert_eq!(
        lines_of(&utf16(text, false, true)),
        ["{\"error\":\"\u{1F600} é\"}", "next"]
    );
    assert_eq!(
        lines_of(&utf16(text, true, false)),
        ["{\"error\":\"\u{1F600} é\"}", "next"]
    );
}

#[test]
fn odd_utf16_tail_and_lone_surrogate_become_replacement() {
    let mut bytes = utf16("a", true, true);
    bytes.extend_from_slice(&[0x00, 0xD8, 0x41]);
    assert_eq!(lines_of(&bytes), ["a\u{FFFD}"]);
}

#[test]
fn invalid_utf8_and_nul_do_not_fail() {
    assert_eq!(lines_of(b"a\xFF\x00b\nc"), ["a\u{FFFD}\u{0}b", "c"]);
}

#[test]
fn long_lines_are_capped_and_counted() {
    let mut lines = Lines::from_reader(Box::new(io::Cursor::new(b"abcdefgh\nxy".to_vec())))
        .expect("open")
        .with_max_line(3);
    let l = lines
        .next_line(&mut || Ok(()))
        .expect("read")
        .expect("line");
    assert_eq!((l.text.as_ref(), l.skipped), ("abc", 5));
    let l = lines
        .next_line(&mut || Ok(()))
        .expect("read")
        .expect("line");
    assert_eq!((l.text.as_ref(), l.skipped, l.number), ("xy", 0, 2));
}

#[test]
fn flush_hook_runs_before_reads() {
    let mut lines =
        Lines::from_reader(Box::new(io::Cursor::new(b"a\nb\n".to_vec()))).expect("open");
    let mut calls = 0;
    while lines
        .next_line(&mut || {
            calls += 1;
            Ok(())
        })
        .expect("read")
        .is_some()
    {}
    assert!(calls >= 2, "{calls}");
}

#[test]
fn empty_input_has_no_lines() {
    assert!(lines_of(b"").is_empty());
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("compress");
    e.finish().expect("compress")
}

#[test]
fn gzip_is_inflated_every_member_and_then_sniffed() {
    let mut bytes = gzip(b"a\r\nb");
    bytes.extend_from_slice(&gzip(b"\nc\n"));
    assert_eq!(lines_of(&bytes), ["a", "b", "c"]);
    assert_eq!(lines_of(&gzip(&utf16("x\ny", true, true))), ["x", "y"]);
    // A gzip inside a gzip is inflated once: its bytes are then read as (binary) text.
    assert_eq!(lines_of(&gzip(&gzip(b"z"))).len(), 1);
    assert!(lines_of(&gzip(b"")).is_empty());
}

#[test]
fn a_cut_gzip_fails_and_says_gzip() {
    let bytes = gzip(&b"line\n".repeat(10_000));
    let mut lines =
        Lines::from_reader(Box::new(io::Cursor::new(bytes[..bytes.len() / 2].to_vec())))
            .expect("open");
    let err = loop {
        match lines.next_line(&mut || Ok(())) {
            Ok(Some(_)) => {}
            Ok(None) => panic!("a cut gzip read to its end"),
            Err(e) => break e,
        }
    };
    assert!(err.to_string().contains("gzip"), "{err}");
}

#[test]
fn lines_read_ahead_and_skipped_count_as_read() {
    let text = b"one\ntwo\nthree\nfour\nfive".to_vec();
    let mut lines = Lines::from_reader(Box::new(io::Cursor::new(text))).expect("open");
    for want in ["one", "two"] {
        let line = lines
            .next_line(&mut || Ok(()))
            .expect("read")
            .expect("a line");
        assert_eq!(line.text, want);
    }
    // Whole lines only, within the bytes asked for, of what the buffer holds.
    assert_eq!(lines.read_ahead(100), Some("three\nfour\n"));
    assert_eq!(lines.read_ahead(8), Some("three\n"));
    lines.skip(6, 1);
    let next = lines
        .next_line(&mut || Ok(()))
        .expect("read")
        .expect("a line");
    assert_eq!((next.number, next.text.as_ref()), (4, "four"));
}

#[test]
fn the_line_read_before_a_failure_comes_before_it() {
    // As the two-core reader hands it on (`parallel::blocks`): same lines, then the failure.
    let reader = FailsAfter(io::Cursor::new(b"a\nb\nhalf a li".to_vec()));
    let mut lines = Lines::from_reader(Box::new(reader)).expect("open");
    let mut got = Vec::new();
    let err = loop {
        match lines.next_line(&mut || Ok(())) {
            Ok(Some(l)) => got.push((l.number, l.text.into_owned())),
            Ok(None) => panic!("a failing reader read to its end"),
            Err(e) => break e,
        }
    };
    assert_eq!(
        got,
        [(1, "a".into()), (2, "b".into()), (3, "half a li".into())]
    );
    assert_eq!(err.to_string(), "disk on fire");
}

/// A reader handing out its bytes, then failing.
struct FailsAfter(io::Cursor<Vec<u8>>);

impl Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.read(buf)? {
            0 => Err(io::Error::other("disk on fire")),
            n => Ok(n),
        }
    }
}
