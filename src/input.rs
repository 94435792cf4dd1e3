//! Input sources (files in order, `-` or none for stdin) read as a stream of text lines: gzip (found by its
//! magic bytes, any number of members) inflated on the fly, BOM sniffing with streaming UTF-16 → UTF-8
//! transcoding, CRLF stripped, invalid UTF-8 replaced, lines capped in length so memory stays flat whatever
//! the input holds. A line longer than the cap (a compact JSON export on one line) is handed out in pieces
//! cut after a comma between JSON values (see [`piece_end`]); only one with no such comma is cut short.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Read buffer size: large, so a multi-GB log costs few system calls.
pub(crate) const BUF_SIZE: usize = 256 * 1024;

/// Longest line (or piece of a line, see [`piece_end`]) handed out; the rest of a longer line that cannot be
/// cut into pieces is skipped (and reported by the caller).
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// Where the first piece of an over-long line ends: just after its last `,` outside a JSON string, where
/// JSON allows a line break (`bytes` starts outside any string: at the line's start or just after a cut).
/// The scanner then reads the pieces as consecutive lines with the same number, so a compact array or
/// OData page on one line is read item by item like a pretty-printed one. `None`: no such comma (one
/// giant string, or no JSON), and the rest of the line is skipped as before.
pub(crate) fn piece_end(bytes: &[u8]) -> Option<usize> {
    let mut in_string = false;
    let mut last = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = memchr::memchr3(b'"', b'\\', b',', &bytes[i..]) else {
            break;
        };
        let at = i + off;
        i = at + 1;
        match bytes[at] {
            b'"' => in_string = !in_string,
            // An escape inside a string: the byte after it (a quote, perhaps) is not structural.
            b'\\' if in_string => i = at + 2,
            b',' if !in_string => last = Some(at + 1),
            _ => {}
        }
    }
    last
}

/// A complete line (without its `\n`) in the pieces [`Lines`] hands out: each with the bytes skipped after
/// it (non-zero only for the last, when the rest could not be cut). A line within `max` is one piece, its
/// `\r` dropped. The reference the unit tests hold [`Lines`]' cutting to.
#[cfg(test)]
pub(crate) fn pieces(line: &[u8], max: usize) -> impl Iterator<Item = (&[u8], usize)> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest.take()?;
        if r.len() <= max {
            return Some((r.strip_suffix(b"\r").unwrap_or(r), 0));
        }
        match piece_end(&r[..max]) {
            Some(c) => {
                rest = Some(&r[c..]);
                Some((&r[..c], 0))
            }
            None => Some((&r[..max], r.len() - max)),
        }
    })
}

/// Where input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// Standard input (`-` or no file).
    Stdin,
    /// A file path.
    Path(PathBuf),
}

impl Source {
    /// The sources named on the command line, in order; none means stdin.
    pub(crate) fn from_args(files: &[PathBuf]) -> Vec<Source> {
        if files.is_empty() {
            return vec![Source::Stdin];
        }
        files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::Path(f.clone())
                }
            })
            .collect()
    }

    /// The name findings cite: the path as given, or `<stdin>`.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::Path(p) => p.display().to_string(),
        }
    }
}

/// The text encoding found at the start of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8, with or without BOM (invalid bytes are replaced).
    Utf8,
    /// UTF-16 little-endian (with BOM, or sniffed from NUL bytes).
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
}

/// Decides the encoding from the first bytes; returns it and how many BOM bytes to skip.
pub(crate) fn sniff(head: &[u8]) -> (Encoding, usize) {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        // No BOM: ASCII text in UTF-16 has a NUL in every other byte.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (Encoding::Utf16Le, 0),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (Encoding::Utf16Be, 0),
        _ => (Encoding::Utf8, 0),
    }
}

/// A `Read` adapter turning UTF-16 bytes into UTF-8, streaming (unpaired surrogates become U+FFFD).
pub(crate) struct Utf16ToUtf8<R> {
    inner: R,
    little_endian: bool,
    raw: Vec<u8>,
    /// Decoded UTF-8 not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    /// A high surrogate waiting for its pair from the next chunk.
    high: Option<u16>,
    eof: bool,
}

impl<R: Read> Utf16ToUtf8<R> {
    /// Wraps `inner`, whose bytes are UTF-16 in the given byte order.
    pub(crate) fn new(inner: R, little_endian: bool) -> Self {
        Utf16ToUtf8 {
            inner,
            little_endian,
            raw: Vec::with_capacity(BUF_SIZE),
            out: Vec::with_capacity(BUF_SIZE * 2),
            out_pos: 0,
            high: None,
            eof: false,
        }
    }

    fn push_char(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() && !self.eof {
            let keep = self.raw.len();
            self.raw.resize(keep + BUF_SIZE, 0);
            let n = loop {
                match self.inner.read(&mut self.raw[keep..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.raw.truncate(keep);
                        return Err(e);
                    }
                }
            };
            self.raw.truncate(keep + n);
            if n == 0 {
                self.eof = true;
            }
            let whole = self.raw.len() / 2 * 2;
            for i in (0..whole).step_by(2) {
                let pair = [self.raw[i], self.raw[i + 1]];
                let unit = if self.little_endian {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                };
                match (self.high.take(), unit) {
                    (None, 0xD800..=0xDBFF) => self.high = Some(unit),
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c =
                            0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                        self.push_char(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    (Some(_), 0xD800..=0xDBFF) => {
                        self.push_char('\u{FFFD}');
                        self.high = Some(unit);
                    }
                    (Some(_), u) => {
                        self.push_char('\u{FFFD}');
                        self.push_char(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'));
                    }
                    (None, u) => self.push_char(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')),
                }
            }
            self.raw.drain(..whole);
            if self.eof && (self.high.take().is_some() || !self.raw.is_empty()) {
                self.raw.clear();
                self.push_char('\u{FFFD}');
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() {
            self.refill()?;
        }
        let avail = &self.out[self.out_pos..];
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// A `Read` that first replays some already-read bytes (the sniffed head), then reads the rest.
struct Replay<R> {
    head: Vec<u8>,
    pos: usize,
    inner: R,
    /// `inner` said end of input once: it is not asked again. A terminal's end of input (Ctrl-D) is not
    /// sticky, so asking again would wait for a second Ctrl-D.
    ended: bool,
}

impl<R: Read> Read for Replay<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = (self.head.len() - self.pos).min(buf.len());
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.ended = n == 0;
        Ok(n)
    }
}

/// gzip's magic bytes (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// What binary input looks like from its first bytes (`a zip archive`), or `None` for text. One test for
/// `diagnose` (which reads gzip inflated, so never sees its magic) and `lint` (which takes bodies only).
pub(crate) fn binary_kind(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some("a zip archive")
    } else if head.get(257..262) == Some(b"ustar") {
        Some("a tar archive")
    } else if head.starts_with(&GZIP_MAGIC) {
        Some("gzip-compressed data")
    } else if head.starts_with(b"%PDF-") {
        Some("a PDF document")
    } else if memchr::memchr(0, head).is_some() {
        Some("NUL bytes")
    } else {
        None
    }
}

/// A gzip stream's inflated bytes, its errors named as gzip's (a corrupt or cut `.gz` says so).
struct Gunzip<R: Read> {
    inner: flate2::read::MultiGzDecoder<R>,
}

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                e
            } else {
                io::Error::new(e.kind(), format!("gzip-compressed input: {e}"))
            }
        })
    }
}

/// `inner`'s text as UTF-8: gzip inflated (every member, as `zcat` does: logrotate's `.gz`, concatenated
/// archives), the encoding sniffed from the first bytes, a BOM dropped, UTF-16 transcoded.
pub(crate) fn decoded(inner: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
    decoded_from(inner, true)
}

/// [`decoded`]; `gzip`: whether gzip is looked for (once: a `.gz` inside a `.gz` is not inflated twice).
fn decoded_from(mut inner: Box<dyn Read + Send>, gzip: bool) -> io::Result<Box<dyn Read + Send>> {
    let mut head = vec![0u8; 4];
    let mut got = 0;
    let mut ended = false;
    while got < head.len() {
        match inner.read(&mut head[got..]) {
            Ok(0) => {
                ended = true;
                break;
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(got);
    if gzip && head.starts_with(&GZIP_MAGIC) {
        let raw = Replay {
            head,
            pos: 0,
            inner,
            ended,
        };
        let inflated = Gunzip {
            inner: flate2::read::MultiGzDecoder::new(raw),
        };
        return decoded_from(Box::new(inflated), false);
    }
    let (encoding, bom) = sniff(&head);
    let replay = Replay {
        head: head[bom..].to_vec(),
        pos: 0,
        inner,
        ended,
    };
    Ok(match encoding {
        Encoding::Utf8 => Box::new(replay),
        Encoding::Utf16Le => Box::new(Utf16ToUtf8::new(replay, true)),
        Encoding::Utf16Be => Box::new(Utf16ToUtf8::new(replay, false)),
    })
}

/// One line handed to the scanner.
#[derive(Debug)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u64,
    /// The text, without the line ending; invalid UTF-8 replaced.
    pub text: Cow<'a, str>,
    /// The line was longer than [`MAX_LINE`]: `text` holds only its start, this many bytes were skipped.
    pub skipped: usize,
}

/// A stream of lines from one source.
pub struct Lines {
    reader: BufReader<Box<dyn Read + Send>>,
    buf: Vec<u8>,
    number: u64,
    max_line: usize,
    /// Bytes of the read buffer lent out as the last line, consumed on the next call.
    pending: usize,
    /// The last line handed out was a piece cut from a longer line: the next one goes on with it (same
    /// number), starting with these bytes, read past the cut.
    inside: Option<Vec<u8>>,
    /// A read failed after the start of a line: that line was handed out first, the failure comes next
    /// (as the two-core reader hands on what it read before a failure).
    failed: Option<io::Error>,
}

impl Lines {
    /// Opens a source for reading, sniffing its encoding.
    pub(crate) fn open(source: &Source) -> io::Result<Lines> {
        Lines::from_reader(Self::raw(source)?)
    }

    /// The source's bytes, raw (see [`decoded`]).
    pub(crate) fn raw(source: &Source) -> io::Result<Box<dyn Read + Send>> {
        Ok(match source {
            Source::Stdin => Box::new(io::stdin()),
            Source::Path(p) => open_file(p)?,
        })
    }

    /// Reads lines from any reader (tests, benches).
    pub fn from_reader(inner: Box<dyn Read + Send>) -> io::Result<Lines> {
        Ok(Lines {
            reader: BufReader::with_capacity(BUF_SIZE, decoded(inner)?),
            buf: Vec::new(),
            number: 0,
            max_line: MAX_LINE,
            pending: 0,
            inside: None,
            failed: None,
        })
    }

    /// Caps lines at `max` bytes instead of [`MAX_LINE`] (tests).
    #[cfg(test)]
    pub(crate) fn with_max_line(mut self, max: usize) -> Lines {
        self.max_line = max;
        self
    }

    /// Whole lines read ahead and not handed out yet, within the next `most` bytes, as text: for a reader
    /// that takes several lines at once (`Scanner::read_items`), then says how many with [`Lines::skip`].
    /// `None` when there are none at hand, they are not valid UTF-8, or a long line is being cut in pieces.
    pub fn read_ahead(&mut self, most: usize) -> Option<&str> {
        if self.inside.is_some() || self.failed.is_some() {
            return None;
        }
        self.reader.consume(std::mem::take(&mut self.pending));
        let buf = self.reader.buffer();
        let window = &buf[..buf.len().min(most)];
        let end = memchr::memrchr(b'\n', window)? + 1;
        std::str::from_utf8(&window[..end]).ok()
    }

    /// Takes the first `bytes` of what [`Lines::read_ahead`] gave, `lines` whole lines, as read.
    pub fn skip(&mut self, bytes: usize, lines: u64) {
        self.reader.consume(bytes);
        self.number += lines;
    }

    /// The next line, or `None` at the end. `before_block` runs whenever the next read may wait for the
    /// source (the buffer is empty), so the caller can flush what it has written: `tail -f log | mdediag`.
    pub fn next_line(
        &mut self,
        before_block: &mut dyn FnMut() -> io::Result<()>,
    ) -> io::Result<Option<Line<'_>>> {
        // The line handed out last time was borrowed from the read buffer: release it now.
        self.reader.consume(std::mem::take(&mut self.pending));
        self.buf.clear();
        self.failed.take().map_or(Ok(()), Err)?;
        // Going on with a line cut into pieces: its next piece starts with what was read past the cut.
        let going_on = self.inside.take();
        let mut any = going_on.is_some();
        if let Some(carry) = going_on.as_deref() {
            self.buf.extend_from_slice(carry);
        }
        let mut skipped = 0usize;
        let mut borrowed: Option<usize> = None;
        let mut cut = false;
        loop {
            if self.reader.buffer().is_empty() {
                before_block()?;
            }
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if any => {
                    self.failed = Some(e);
                    break;
                }
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            let newline = memchr::memchr(b'\n', avail);
            if let (Some(i), false) = (newline, any) {
                if i <= self.max_line {
                    // The usual case: the whole line is in the buffer; hand it out without copying.
                    borrowed = Some(i);
                    any = true;
                    break;
                }
            }
            any = true;
            let (chunk, used, done) = match newline {
                Some(i) => (&avail[..i], i + 1, true),
                None => (avail, avail.len(), false),
            };
            let room = self.max_line.saturating_sub(self.buf.len());
            if skipped > 0 || chunk.len() > room {
                if skipped == 0 {
                    // Past the longest piece: cut after the last comma between values, if there is one.
                    self.buf.extend_from_slice(&chunk[..room]);
                    if let Some(c) = piece_end(&self.buf) {
                        self.reader.consume(room);
                        self.inside = Some(self.buf[c..].to_vec());
                        self.buf.truncate(c);
                        cut = true;
                        break;
                    }
                    skipped = chunk.len() - room;
                } else {
                    skipped += chunk.len();
                }
            } else {
                self.buf.extend_from_slice(chunk);
            }
            self.reader.consume(used);
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        // A piece after the first has its line's number.
        if going_on.is_none() {
            self.number += 1;
        }
        let bytes: &[u8] = match borrowed {
            Some(i) => {
                self.pending = i + 1;
                &self.reader.buffer()[..i]
            }
            None => &self.buf,
        };
        let bytes = match bytes {
            [rest @ .., b'\r'] if skipped == 0 && !cut => rest,
            _ => bytes,
        };
        // Valid UTF-8 (nearly every log) is borrowed after one fast check; only bad bytes cost a copy.
        let text = match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        Ok(Some(Line {
            number: self.number,
            text,
            skipped,
        }))
    }
}

fn open_file(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a directory",
        ));
    }
    Ok(Box::new(File::open(path)?))
}

#[cfg(test)]
mod tests;
