//! A source cut into blocks of whole lines on a reading thread of its own: the unit of work the scanning
//! threads take in turn (see [`super::threads`]). The reading thread only reads (straight into the
//! block) and cuts after the last line end; splitting lines and checking UTF-8 is the scanning threads'
//! work. A block's lines are exactly those [`Lines`](crate::input::Lines) gives: same numbers, line ends
//! (`\n`, `\r\n`) dropped, invalid UTF-8 replaced, over-long lines in the pieces `input::pieces` cuts (a
//! line still being read past the limit ends a block with a piece, and the next block goes on with it), or
//! cut short with the skipped bytes counted where no piece can be cut.

use std::borrow::Cow;
use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread;

use crate::input::{self, Source, MAX_LINE};

/// A block is handed on once it holds this much, or sooner when a read brings less than asked (the source
/// is a pipe with nothing more for now, such as `tail -f`): big enough that handing over costs nothing,
/// small enough to keep memory flat.
pub(crate) const BLOCK_BYTES: usize = 256 * 1024;

/// Consecutive lines of one source.
#[derive(Debug)]
pub(crate) struct Block {
    /// Number of the first line.
    first: u64,
    /// How many lines.
    count: u64,
    /// The buffer whose first `len` bytes are the lines, each ending with `\n` but perhaps the last (at the
    /// end of input, or when cut). The rest is spare room: buffers go back to the reader to be reused.
    data: Vec<u8>,
    len: usize,
    /// Longest line kept: the rest of a longer one is skipped.
    max_line: usize,
    /// Bytes already skipped from the block's only line (see [`skip_long_line`]).
    skipped: usize,
    /// Its last line is a piece cut from a longer line: the block after goes on with it.
    continues_after: bool,
    /// Its first line goes on with the piece the block before ended with.
    continues_before: bool,
}

impl Block {
    fn new(first: u64, data: Vec<u8>, len: usize, max_line: usize, skipped: usize) -> Block {
        let len = len.min(data.len());
        let lines = &data[..len];
        let count = match lines.last() {
            None => 0,
            Some(b'\n') => memchr::memchr_iter(b'\n', lines).count(),
            Some(_) => memchr::memchr_iter(b'\n', lines).count() + 1,
        };
        Block {
            first,
            count: count as u64,
            data,
            len,
            max_line,
            skipped,
            continues_after: false,
            continues_before: false,
        }
    }

    /// Whether its first line goes on with a piece the block before ended with (a line past the longest
    /// handed out whole): a scanner starting fresh there starts inside a JSON text.
    pub(crate) fn continues_before(&self) -> bool {
        self.continues_before
    }

    /// The block's buffer, to hand back to the reader (see [`spawn_reader`]).
    pub(crate) fn into_buffer(self) -> Vec<u8> {
        self.data
    }

    /// How many lines end in the block (a line cut into pieces over several blocks counts in the last).
    pub(crate) fn len(&self) -> u64 {
        self.count - u64::from(self.continues_after)
    }

    /// Whether it holds no line (tests).
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Number of the first line.
    pub(crate) fn first(&self) -> u64 {
        self.first
    }

    /// Longest line kept whole: longer ones come in pieces.
    pub(crate) fn max_line(&self) -> usize {
        self.max_line
    }

    /// The block's text, when it is valid UTF-8 (one check of the whole block: pass it on to
    /// [`Block::lines_in`] rather than checking again for every stretch of lines).
    pub(crate) fn valid_text(&self) -> Option<&str> {
        simdutf8::basic::from_utf8(&self.data[..self.len]).ok()
    }

    /// Whether the block is all whole lines: no piece of a longer line, nothing skipped (what
    /// `Scanner::read_items` may read straight from).
    pub(crate) fn is_whole(&self) -> bool {
        self.skipped == 0 && !self.continues_before && !self.continues_after
    }

    /// The lines: number, text, skipped bytes. A line longer than the longest kept comes in the pieces
    /// [`input::pieces`] cuts, each with the line's number, as [`input::Lines`] hands them out.
    pub(crate) fn lines(&self) -> impl Iterator<Item = (u64, Cow<'_, str>, usize)> {
        self.lines_from(0, self.first).map(|(n, t, s, _)| (n, t, s))
    }

    /// The lines from byte `from` (the start of line `number`) on, as [`Block::lines`] gives them, each
    /// with where the next line starts (`None` after a piece of a longer line or a cut one).
    pub(crate) fn lines_from(
        &self,
        from: usize,
        number: u64,
    ) -> impl Iterator<Item = (u64, Cow<'_, str>, usize, Option<usize>)> {
        // One check of the whole block: valid text (nearly every log) is then cut without copies.
        self.lines_in(self.valid_text(), from, number)
    }

    /// [`Block::lines_from`] with the block's [`Block::valid_text`] already at hand.
    pub(crate) fn lines_in<'a>(
        &'a self,
        text: Option<&'a str>,
        from: usize,
        number: u64,
    ) -> impl Iterator<Item = (u64, Cow<'a, str>, usize, Option<usize>)> + 'a {
        let data = &self.data[..self.len];
        let body = match data.last() {
            Some(b'\n') => &data[..data.len() - 1],
            _ => data,
        };
        let from = from.min(data.len());
        // Line ends found by the vectorized search (a byte-by-byte split was a fifth of the scanning).
        let base = from.min(body.len());
        let mut ends = memchr::memchr_iter(b'\n', &body[base..]);
        let mut start = from;
        let mut done = from >= data.len();
        let mut number = number;
        // The rest of a line longer than the longest kept, still to hand out in pieces: its number, where it
        // starts in `body`, and its bytes (one loop, no adapter per line: this is every line's path).
        let mut long: Option<(u64, usize, &[u8])> = None;
        // The text of `bytes`, found at `at` in the block: borrowed when the block is valid UTF-8.
        fn text_of<'a>(text: Option<&'a str>, at: usize, bytes: &'a [u8]) -> Cow<'a, str> {
            text.and_then(|t| t.get(at..at + bytes.len()))
                .map_or_else(|| String::from_utf8_lossy(bytes), Cow::Borrowed)
        }
        std::iter::from_fn(move || {
            let (here, from, line) = match long.take() {
                Some(rest) => rest,
                None => {
                    if done {
                        return None;
                    }
                    let from = start;
                    let end = match ends.next() {
                        Some(end) => base + end,
                        None => {
                            done = true;
                            body.len()
                        }
                    };
                    start = end + 1;
                    let here = number;
                    number += 1;
                    (here, from, &body[from..end])
                }
            };
            if self.skipped > 0 {
                // A block of the start of a line that could not be cut has that one line, kept as read.
                return Some((here, text_of(text, from, line), self.skipped, None));
            }
            if line.len() <= self.max_line {
                let next = (from + line.len() + 1).min(data.len());
                let line = match line {
                    [rest @ .., b'\r'] => rest,
                    _ => line,
                };
                return Some((here, text_of(text, from, line), 0, Some(next)));
            }
            // As `input::pieces` cuts it: after the last comma between values within the limit.
            match input::piece_end(&line[..self.max_line]) {
                Some(c) => {
                    long = Some((here, from + c, &line[c..]));
                    Some((here, text_of(text, from, &line[..c]), 0, None))
                }
                None => Some((
                    here,
                    text_of(text, from, &line[..self.max_line]),
                    line.len() - self.max_line,
                    None,
                )),
            }
        })
    }
}

/// What the reading thread hands on, in order.
#[derive(Debug)]
pub(crate) enum Piece {
    Block(Block),
    /// Opening or reading failed; nothing follows.
    Failed(io::Error),
}

/// Reads `source` on a new thread, handing piece `k` to `to[k % to.len()]` (the scanning threads take
/// blocks in turn, and their results are read back in the same turn: order needs no bookkeeping). Buffers
/// of used blocks sent back on the returned channel are reused (no allocation, no clearing per block). The
/// thread ends at the end of input, after a failure, or when a receiver is gone (at its next hand-over: one
/// waiting on a quiet pipe ends with the process).
pub(crate) fn spawn_reader(source: Source, to: Vec<SyncSender<Piece>>) -> Sender<Vec<u8>> {
    let (spare_tx, spares) = mpsc::channel();
    thread::spawn(move || {
        let mut out = Handout {
            to,
            turn: 0,
            spares,
        };
        match input::Lines::raw(&source).and_then(input::decoded) {
            Ok(reader) => read_blocks(reader, MAX_LINE, &mut out),
            Err(e) => {
                out.send(Piece::Failed(e));
            }
        }
    });
    spare_tx
}

/// Hands pieces to the scanning threads in turn; takes back their buffers.
struct Handout {
    to: Vec<SyncSender<Piece>>,
    turn: usize,
    spares: Receiver<Vec<u8>>,
}

impl Handout {
    /// `false` when the receiver is gone.
    fn send(&mut self, piece: Piece) -> bool {
        let Some(tx) = self.to.get(self.turn % self.to.len().max(1)) else {
            return false;
        };
        self.turn += 1;
        tx.send(piece).is_ok()
    }

    /// A buffer for the next block: one handed back, or a new one.
    fn buffer(&self) -> Vec<u8> {
        let mut buf = self.spares.try_recv().unwrap_or_default();
        if buf.len() < BUFFER_BYTES {
            buf.resize(BUFFER_BYTES, 0);
        }
        buf
    }
}

/// Size of a block's buffer: room for a block and the start of the line after it.
const BUFFER_BYTES: usize = BLOCK_BYTES * 2;

/// Reads `reader` to the end, handing on blocks of whole lines (lines capped at `max_line` bytes).
fn read_blocks(mut reader: Box<dyn Read + Send>, max_line: usize, out: &mut Handout) {
    let mut at = Cursor {
        buf: out.buffer(),
        filled: 0,
        line_start: 0,
        next_line: 1,
        max_line,
        inside: false,
    };
    loop {
        if at.filled == at.buf.len() {
            // A line longer than the buffer: make room, up to the longest line kept and one read more (past
            // that the line is cut, below), so a hostile line costs at most that.
            let grown = (at.buf.len() * 2).min(max_line.saturating_add(BUFFER_BYTES));
            let grown = grown.max(at.buf.len() + BLOCK_BYTES);
            // Exactly: a Vec left to grow by itself doubles, and a 16 MiB buffer became a 33 MiB one.
            at.buf.reserve_exact(grown - at.buf.len());
            at.buf.resize(grown, 0);
        }
        let asked = at.buf.len() - at.filled;
        let n = match reader.read(&mut at.buf[at.filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // What was read before the failure is handed on first, then the failure.
                if at.hand_on(true, out) {
                    out.send(Piece::Failed(e));
                }
                return;
            }
        };
        if n == 0 {
            at.hand_on(true, out);
            return;
        }
        let had = at.filled;
        at.filled += n;
        // Only the new bytes are searched: a slow pipe's many small reads cost no rescans.
        if let Some(i) = memchr::memrchr(b'\n', &at.buf[had..at.filled]) {
            at.line_start = had + i + 1;
        }
        if at.line_start == 0 && at.filled > max_line {
            // The line being read is longer than any kept: hand on a piece of it cut after a comma between
            // values (the next block goes on with the rest), as `input::Lines` does.
            if let Some(c) = input::piece_end(&at.buf[..max_line]) {
                if !at.hand_on_piece(c, out) {
                    return;
                }
                continue;
            }
            // No such comma: keep its start, skip the rest up to its end.
            let mut line = std::mem::replace(&mut at.buf, out.buffer());
            line.truncate(at.filled);
            let before = std::mem::take(&mut at.inside);
            let Some(rest) = skip_long_line(&mut reader, line, max_line, at.next_line, before, out)
            else {
                return;
            };
            if at.buf.len() < rest.len() {
                at.buf.resize(rest.len(), 0);
            }
            at.buf[..rest.len()].copy_from_slice(&rest);
            at.filled = rest.len();
            at.line_start = memchr::memrchr(b'\n', &rest).map_or(0, |i| i + 1);
            at.next_line += 1;
            continue;
        }
        if (at.filled >= BLOCK_BYTES || n < asked) && !at.hand_on(false, out) {
            return;
        }
    }
}

/// Where reading stands.
struct Cursor {
    /// `buf[..filled]`: bytes read and not yet handed on.
    buf: Vec<u8>,
    filled: usize,
    /// Just past the last line end in `buf[..filled]` (0: none).
    line_start: usize,
    next_line: u64,
    max_line: usize,
    /// The last block handed on ended with a piece of the line at the front of `buf`.
    inside: bool,
}

impl Cursor {
    /// Hands on the whole lines read (everything when `at_end`), moving the start of the next line to the
    /// front of a new buffer. `false` when the receiver is gone.
    fn hand_on(&mut self, at_end: bool, out: &mut Handout) -> bool {
        let cut = if at_end { self.filled } else { self.line_start };
        if cut == 0 {
            return true;
        }
        let mut next = out.buffer();
        let rest = self.filled - cut;
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&self.buf[cut..self.filled]);
        let data = std::mem::replace(&mut self.buf, next);
        let mut block = Block::new(self.next_line, data, cut, self.max_line, 0);
        block.continues_before = std::mem::take(&mut self.inside);
        self.filled = rest;
        self.line_start = 0;
        self.next_line += block.len();
        out.send(Piece::Block(block))
    }

    /// Hands on the first `cut` bytes of the line at the front of `buf` (no line end in `buf`) as a block
    /// whose only line is a piece; the rest of the line stays, for the next block to go on with. `false`
    /// when the receiver is gone.
    fn hand_on_piece(&mut self, cut: usize, out: &mut Handout) -> bool {
        // The piece is copied out and the rest moved to the front: the big buffer stays here, so a piece
        // costs no second buffer of the longest line's size.
        let mut data = out.buffer();
        if data.len() < cut {
            data.reserve_exact(cut - data.len());
            data.resize(cut, 0);
        }
        data[..cut].copy_from_slice(&self.buf[..cut]);
        self.buf.copy_within(cut..self.filled, 0);
        self.filled -= cut;
        self.line_start = 0;
        // Its line goes on in the next block: the line number does not advance.
        let mut block = Block::new(self.next_line, data, cut, self.max_line, 0);
        block.continues_after = true;
        block.continues_before = std::mem::replace(&mut self.inside, true);
        out.send(Piece::Block(block))
    }
}

/// `line` holds only the start of a line longer than `max_line`: hands on its first `max_line` bytes as a
/// block of its own (with the count of the bytes skipped), reading and dropping the rest of it. Returns
/// what was read after the line's end, or `None` when reading is over (end, failure or receiver gone).
fn skip_long_line(
    reader: &mut Box<dyn Read + Send>,
    mut line: Vec<u8>,
    max_line: usize,
    number: u64,
    continues_before: bool,
    out: &mut Handout,
) -> Option<Vec<u8>> {
    let mut skipped = line.len() - max_line;
    line.truncate(max_line);
    let mut buf = vec![0u8; BLOCK_BYTES];
    let (rest, failure) = loop {
        match reader.read(&mut buf) {
            Ok(0) => break (None, None),
            Ok(n) => match memchr::memchr(b'\n', &buf[..n]) {
                Some(i) => {
                    skipped += i;
                    break (Some(buf[i + 1..n].to_vec()), None);
                }
                None => skipped += n,
            },
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break (None, Some(e)),
        }
    };
    let len = line.len();
    let mut block = Block::new(number, line, len, max_line, skipped);
    block.continues_before = continues_before;
    if !out.send(Piece::Block(block)) {
        return None;
    }
    if let Some(e) = failure {
        out.send(Piece::Failed(e));
        return None;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Lines;

    /// A reader handing out its bytes in pieces of the given sizes (in turn), then perhaps failing.
    struct Pieces {
        data: Vec<u8>,
        pos: usize,
        sizes: Vec<usize>,
        turn: usize,
        fail_at_end: bool,
    }

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.pos >= self.data.len() {
                if self.fail_at_end {
                    return Err(io::Error::other("disk on fire"));
                }
                return Ok(0);
            }
            let size = self.sizes[self.turn % self.sizes.len()].max(1);
            self.turn += 1;
            let n = size.min(buf.len()).min(self.data.len() - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    type Got = (Vec<(u64, String, usize)>, Vec<String>);

    fn via_blocks(data: &[u8], sizes: &[usize], max_line: usize, fail: bool, turns: usize) -> Got {
        let (txs, rxs): (Vec<_>, Vec<_>) = (0..turns).map(|_| mpsc::sync_channel(2)).unzip();
        let reader = Pieces {
            data: data.to_vec(),
            pos: 0,
            sizes: sizes.to_vec(),
            turn: 0,
            fail_at_end: fail,
        };
        let (give_back, spares) = mpsc::channel();
        thread::spawn(move || {
            let mut out = Handout {
                to: txs,
                turn: 0,
                spares,
            };
            read_blocks(Box::new(reader), max_line, &mut out);
        });
        let mut ended_with_piece = false;
        let mut lines = Vec::new();
        let mut failures = Vec::new();
        for k in 0.. {
            match rxs[k % turns].recv() {
                Ok(Piece::Block(b)) => {
                    assert!(!b.is_empty());
                    // A block goes on with a piece exactly when the one before ended with one.
                    assert_eq!(b.continues_before, ended_with_piece);
                    ended_with_piece = b.continues_after;
                    let before = lines.len();
                    lines.extend(b.lines().map(|(n, t, s)| (n, t.into_owned(), s)));
                    // Pieces of a line share its number and it counts once, in the block it ends in.
                    assert!((lines.len() - before) as u64 >= b.len());
                    let _ = give_back.send(b.into_buffer());
                }
                Ok(Piece::Failed(e)) => {
                    failures.push(e.to_string());
                    break;
                }
                Err(_) => break,
            }
        }
        (lines, failures)
    }

    fn via_lines(data: &[u8], max_line: usize) -> Vec<(u64, String, usize)> {
        let mut lines = Lines::from_reader(Box::new(io::Cursor::new(data.to_vec())))
            .expect("open")
            .with_max_line(max_line);
        let mut out = Vec::new();
        while let Some(l) = lines.next_line(&mut || Ok(())).expect("read") {
            out.push((l.number, l.text.into_owned(), l.skipped));
        }
        out
    }

    #[test]
    fn blocks_give_the_lines_that_lines_gives() {
        let mut big = Vec::new();
        for i in 0..30_000u64 {
            big.extend_from_slice(format!("line {i} {}", "x".repeat((i % 50) as usize)).as_bytes());
            big.extend_from_slice(match i % 7 {
                0 => b"\xff\r\n".as_slice(),
                1 => b"\r\n",
                2 => "é\n".as_bytes(),
                _ => b"\n",
            });
        }
        // A compact JSON export on one line, with commas and escaped quotes inside strings.
        let mut compact = b"[".to_vec();
        for i in 0..3000u64 {
            let item = format!(
                r#"{{"error":{{"code":"C{i}","message":"a, \"quoted, text\", b","target":"t-{i}"}}}},"#
            );
            compact.extend_from_slice(item.as_bytes());
        }
        compact.extend_from_slice(b"{}]\r\nafter\n");
        let cases: [(&[u8], usize); 14] = [
            (b"", 100),
            (b"a", 100),
            (b"a\n", 100),
            (b"a\n\n", 100),
            (b"\r\n\r", 100),
            (b"abcdefgh\nxy\r\n", 3),
            (b"abcdefgh\r\nxy", 3),
            (b"abc\xc3\xa9def\nabc", 4),
            (&big, 1 << 20),
            (b"[1,2,3,4,5,6,7,8]\nab,\"x,y\",cd\r\n", 5),
            (b"abcdefgh,\r\n", 8),
            (b"\"a,b,c,d,e,f\",g\nxyz", 4),
            (&compact, 100),
            (&compact, 1000),
        ];
        for (data, max) in cases {
            let want = via_lines(data, max);
            for sizes in [&[1usize][..], &[3, 1, 7], &[4096], &[usize::MAX]] {
                for turns in [1, 2] {
                    let (got, failures) = via_blocks(data, sizes, max, false, turns);
                    assert!(failures.is_empty());
                    assert!(
                        got == want,
                        "{:?} {sizes:?}",
                        String::from_utf8_lossy(&data[..data.len().min(40)])
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_line_is_cut_and_counted_across_many_reads() {
        let mut data = vec![b'a'; BLOCK_BYTES * 3];
        data.extend_from_slice(b"\nnext\n");
        let (got, _) = via_blocks(&data, &[usize::MAX], 10, false, 2);
        assert_eq!(
            got,
            [
                (1, "a".repeat(10), BLOCK_BYTES * 3 - 10),
                (2, "next".to_string(), 0)
            ]
        );
    }

    #[test]
    fn lines_read_before_a_failure_come_first() {
        let (got, failures) = via_blocks(b"a\nb\nc", &[2], 100, true, 2);
        assert_eq!(got.len(), 3);
        assert_eq!(failures, ["disk on fire"]);
    }

    #[test]
    fn a_missing_file_is_one_failure() {
        let (tx, rx) = mpsc::sync_channel(2);
        let _spares = spawn_reader(Source::Path("/nonexistent/mdediag/x".into()), vec![tx]);
        assert!(matches!(rx.recv(), Ok(Piece::Failed(_))));
        assert!(rx.recv().is_err());
    }
}
