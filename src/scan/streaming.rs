//! The scanner's side of reading a container item by item (see `array`): each item is read as a body of its
//! own, with the template (the head it answers) taken once for all of them.

use serde_json::Value;

use super::array::{whole_item, Container, Next, Stream, HAR};
use super::har;
use super::json_text::parse_json;
use super::{
    around, looks_inside_json, may_hold_error, Candidate, Emit, Event, Fragment, Hints, Scanner,
    Streaming, MAX_CANDIDATE,
};
use crate::response::Shape;
use crate::scan::body;

/// Where a scanner stood inside a top-level array, for a scanner resumed there (see
/// [`Scanner::resume_array`]).
#[derive(Debug, Clone, Copy)]
pub struct ArrayAt {
    kind: Container,
    start: u64,
    index: u64,
    found: bool,
}

impl ArrayAt {
    /// The container the scanner stood in.
    pub fn kind(&self) -> Container {
        self.kind
    }
}

impl Scanner {
    /// Whether this scanner is reading a top-level array item by item with nothing else open or waiting:
    /// a block cut inside it may be scanned by a scanner resumed inside the array (see
    /// `commands::diagnose`).
    pub fn in_array(&self) -> Option<Container> {
        let cand = self.cand.as_ref()?;
        let s = cand.stream.as_ref()?;
        let kind = s.stream.resumable()?;
        let alone = (s.template.is_none() || s.plain_template)
            && !s.har
            && cand.status.is_none()
            && !cand.embedded
            && !cand.from_replay
            && cand.context == crate::response::Context::Plain
            && self.head.is_none()
            && self.late.is_empty()
            && self.request.is_empty()
            && self.status_hint.is_none()
            && self.replay.is_empty();
        alone.then_some(kind)
    }

    /// Where this scanner stands when [`Scanner::in_array`] and between two items of the array itself:
    /// exactly the state of [`Scanner::resume_array`] but for the array's start, the index of the next
    /// item and whether an item gave a response (none of which shows in output but in warnings).
    pub fn array_resume_point(&self) -> Option<ArrayAt> {
        let kind = self.in_array()?;
        let cand = self.cand.as_ref()?;
        let s = cand.stream.as_ref()?;
        Some(ArrayAt {
            kind,
            start: cand.start,
            index: s.stream.between_top_items()?,
            found: s.found,
        })
    }

    /// A scanner for the source called `file`, standing inside a top-level array between two items
    /// (as one at [`Scanner::array_resume_point`] does): it scans a block from such a point on while the
    /// block before is still being scanned.
    pub fn resume_array(file: std::sync::Arc<str>, kind: Container) -> Scanner {
        let mut scanner = Scanner::for_file(file);
        let is_array = kind == Container::Array;
        let context = crate::response::Context::Plain;
        let mut cand = scanner.candidate(0, false, context, is_array, None);
        // As an OData page's candidate stands once its items are read one by one.
        cand.probed = !is_array;
        cand.replay_given_up = !is_array;
        cand.stream = Some(Streaming::boxed(Stream::resumed(kind), false));
        scanner.cand = Some(cand);
        scanner
    }

    /// A line that may open an item of a pretty-printed top-level array: an indented lone `{`.
    pub fn may_open_array_item(text: &str) -> bool {
        text.starts_with([' ', '\t']) && text.trim() == "{"
    }

    /// Takes over from `before` (which stood at `at`): this scanner, made by [`Scanner::resume_array`],
    /// scanned on from there. Its state becomes what `before`'s would be had it scanned the same lines.
    pub fn adopt_array_start(&mut self, at: ArrayAt, before: &Scanner) {
        if let Some(cand) = self.cand.as_mut() {
            let same = |s: &&mut Box<Streaming>| s.stream.resumable() == Some(at.kind);
            if let Some(s) = cand.stream.as_mut().filter(same) {
                if cand.start == 0 {
                    cand.start = at.start;
                    s.found |= at.found;
                    s.stream.shift_top_index(at.index);
                }
            }
        }
        if !self.any_reported {
            self.reported = before.reported;
            self.any_reported = before.any_reported;
        }
    }

    /// Whether [`Scanner::read_items`] may take over at the next line: reading an array item by item,
    /// between two of its items, with nothing else waiting that a line would act on first.
    pub fn reads_items(&self) -> bool {
        self.cand.as_ref().is_some_and(|c| self.items_ready(c))
    }

    /// [`Scanner::reads_items`] with the open candidate `cand` taken out.
    fn items_ready(&self, cand: &Candidate) -> bool {
        cand.stream
            .as_ref()
            .is_some_and(|s| !s.har && s.stream.between_items())
            && self.late.is_empty()
            && self.replay.is_empty()
    }

    /// Reads whole items of the array being read straight from `text` (whole lines, each ending with `\n`,
    /// the first numbered `first`, none longer than `max_line`), with exactly the events and state that
    /// [`Scanner::line`] would give on them one by one, as long as that is certain (see
    /// `array::whole_item`); gives back the bytes and lines read (whole lines; none when it could not
    /// start). Then lines go on through [`Scanner::line`]. This is what makes a big array as fast as a log:
    /// no line by line dispatch and no copy of an item, only a byte scan to its end.
    pub fn read_items<E>(
        &mut self,
        first: u64,
        text: &str,
        max_line: usize,
        emit: Emit<'_, E>,
    ) -> Result<(usize, u64), E> {
        let mut at = 0usize;
        let mut lines = 0u64;
        // Taken out for the whole run, as `stream_line` takes it for the items of a line.
        let Some(mut cand) = self.cand.take() else {
            return Ok((0, 0));
        };
        while self.items_ready(&cand) {
            let Some(found) = whole_item(&text[at..], max_line) else {
                break;
            };
            let number = first + lines + found.first_line;
            let last = number + found.breaks;
            let read = lines + found.first_line + 1 + found.breaks;
            if let Some(s) = cand.stream.as_mut() {
                s.stream.count_commas(found.commas);
            }
            let item = &text[at + found.start..at + found.end];
            if found.breaks == 0 {
                self.stream_item(&mut cand, number, item, emit)?;
            } else {
                self.failed = false;
                self.stream_item(&mut cand, number, item, emit)?;
                if self.failed {
                    // As `stream_line` does: the array's reading ends; the item's later lines are
                    // scanned again, its last one whole.
                    let held = &text[at + found.start..at + found.next - 1];
                    let mut later = held.split('\n').skip(1);
                    for (k, l) in later.by_ref().take(found.breaks as usize - 1).enumerate() {
                        if !looks_inside_json(l) {
                            self.replay.push((number + 1 + k as u64, l.to_string()));
                        }
                    }
                    self.replay
                        .push((last, later.next().unwrap_or_default().to_string()));
                    self.last_line = last;
                    self.replay_pending(emit)?;
                    return Ok((at + found.next, read));
                }
            }
            if let Some(s) = cand.stream.as_mut() {
                s.stream.count_commas(found.after);
            }
            self.last_line = last;
            at += found.next;
            lines = read;
        }
        self.cand = Some(cand);
        Ok((at, lines))
    }

    /// Starts reading the open candidate, an object held so far as text (an OData page, a HAR file),
    /// item by item: the items of the array the keys `path` lead to. Then reads the current line
    /// (`number`, `text`) into it.
    pub(super) fn start_object_stream<E>(
        &mut self,
        path: &'static [&'static str],
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(cand) = self.cand.as_mut() else {
            return Ok(());
        };
        let held = std::mem::take(&mut cand.text);
        cand.lines = Vec::new();
        cand.replay_given_up = true;
        cand.stream = Some(Streaming::boxed(Stream::new(path), path == HAR));
        let first = cand.start;
        for (k, piece) in held.split('\n').enumerate() {
            let n = first + k as u64;
            if k > 0 {
                self.stream_break(n, piece);
            }
            self.stream_line(n, piece, 0, emit)?;
            if self.cand.is_none() {
                return Ok(());
            }
        }
        self.stream_break(number, text);
        self.stream_line(number, text, 0, emit)
    }

    /// A line break in the open stream, before line `number`.
    fn stream_break(&mut self, number: u64, text: &str) {
        if let Some(s) = self.cand.as_mut().and_then(|c| c.stream.as_mut()) {
            s.stream.line_break(number, text);
        }
    }

    /// Reads `text[from..]` into the open stream: reports each item that closes, and what follows the
    /// container when it closes.
    pub(super) fn stream_line<E>(
        &mut self,
        number: u64,
        text: &str,
        from: usize,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(mut cand) = self.cand.take() else {
            return Ok(());
        };
        let mut at = from;
        while let Some(s) = cand.stream.as_mut() {
            match s.stream.next(number, text, at) {
                Next::More => break,
                Next::Item { end, start, line } => {
                    match start {
                        Some(start) => {
                            let item = text.get(start..end).unwrap_or("");
                            self.stream_item(&mut cand, line, item, emit)?;
                        }
                        None => {
                            // Lent out and given back, so one buffer serves every item.
                            let mut held = std::mem::take(&mut s.stream.buf);
                            self.failed = false;
                            self.stream_item(&mut cand, line, &held, emit)?;
                            if self.failed {
                                // Lines taken for an item that is no JSON (a cut one swallowed what
                                // followed): the array's reading is off. It ends here; the item's later
                                // lines and this one are scanned again, as a failed text's are.
                                if let Some(s) = cand.stream.as_ref() {
                                    for &(n, from, to) in &s.stream.lines {
                                        // This line is scanned again whole, below.
                                        if n == number {
                                            continue;
                                        }
                                        if let Some(l) =
                                            held.get(from..to).filter(|l| !looks_inside_json(l))
                                        {
                                            self.replay.push((n, l.to_string()));
                                        }
                                    }
                                }
                                self.replay.push((number, text.to_string()));
                                return self.replay_pending(emit);
                            }
                            held.clear();
                            if let Some(s) = cand.stream.as_mut() {
                                s.stream.buf = held;
                            }
                        }
                    }
                    at = end;
                }
                Next::Oversized { line, end } => {
                    let path = s.stream.path();
                    emit(Event::Unreadable(Fragment {
                        source: self.loc(line),
                        reason: format!(
                            "{} {path} is longer than {} MiB; skipped (the items after it are read)",
                            if s.har { "HAR entry" } else { "array item" },
                            MAX_CANDIDATE >> 20
                        ),
                    }))?;
                    at = end;
                }
                Next::Broken => {
                    // Cut before this line (whose text is no part of the array): reported as a cut
                    // text is, and the line is scanned again on its own (unless the array started on
                    // it: then it is the array's own text).
                    let started_here = cand.start == number;
                    if let Some(s) = cand.stream.take() {
                        self.abandon_stream(
                            cand.start,
                            cand.embedded,
                            *s,
                            emit,
                            "incomplete JSON",
                        )?;
                    }
                    if !started_here {
                        self.replay.push((number, text.to_string()));
                    }
                    return self.replay_pending(emit);
                }
                Next::End { end } => {
                    self.failed = false;
                    let after = around::suffix_status(&text[end..]);
                    self.end_stream(cand, after, emit)?;
                    if after.is_some() {
                        return Ok(());
                    }
                    return self.scan_from(number, text, end, emit);
                }
            }
        }
        self.cand = Some(cand);
        Ok(())
    }

    /// One item of a stream, read as a body of its own.
    fn stream_item<E>(
        &mut self,
        cand: &mut Candidate,
        line: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(s) = cand.stream.as_mut() else {
            return Ok(());
        };
        if s.har {
            let entry = match parse_json(text) {
                Ok(v) => v,
                Err(reason) => {
                    return emit(Event::Unreadable(Fragment {
                        source: self.loc(line),
                        reason: format!("HAR entry {}: {reason}", s.stream.path()),
                    }));
                }
            };
            s.found = true;
            return self.har_entry(line, &entry, emit);
        }
        let in_body = s.template.is_some()
            || self.head.as_ref().is_some_and(|h| !h.in_headers)
            || !self.late.is_empty();
        if !in_body && cand.status.is_none() && !may_hold_error(text.as_bytes()) {
            return Ok(());
        }
        let (plain, value) = match super::read_body(text) {
            Ok(read) => read,
            Err(reason) => {
                self.failed = true;
                if !cand.embedded || may_hold_error(text.as_bytes()) {
                    emit(Event::Unreadable(Fragment {
                        source: self.loc(line),
                        reason: format!("array item {}: {reason}", s.stream.path()),
                    }))?;
                }
                return Ok(());
            }
        };
        let mut template = match &s.template {
            Some(t) => t.clone(),
            None => {
                let hints = Hints {
                    status: cand.status,
                };
                s.plain_template = !in_body && cand.status.is_none();
                let t = self.template_at(cand.start, cand.context, hints);
                s.template = Some(t.clone());
                t
            }
        };
        template.source.line = line;
        if let Some(plain) = plain {
            s.found = true;
            return self.report(plain.response(template), emit);
        }
        let found = body::from_json(&value, &template, &|_| None);
        s.found |= !found.is_empty();
        for r in found {
            self.report(r, emit)?;
        }
        Ok(())
    }

    /// One HAR entry (at `line`): its body read with its exchange's facts, as a body after a `curl -i`
    /// head is; an error status, or a failure hidden in a 2xx body, is one diagnosis.
    pub(super) fn har_entry<E>(
        &mut self,
        line: u64,
        entry: &Value,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(exchange) = har::exchange(entry, self.loc(line)) else {
            return Ok(());
        };
        let template = exchange.template;
        let body = exchange.body.as_deref().map(str::trim).unwrap_or("");
        let status = template.head.status.unwrap_or(0);
        if body.is_empty() {
            return self.emit_bodiless(template, false, emit);
        }
        // A 2xx body is read only when it may hide a failure; an error body always.
        if status < 400
            && template.head.provider_failures.is_empty()
            && !may_hold_error(body.as_bytes())
        {
            return Ok(());
        }
        let value = match parse_json(body).or_else(|r| super::literal::read(body).ok_or(r)) {
            Ok(v) => v,
            // An HTML error page, plain text: diagnosed from the status.
            Err(_) => return self.emit_bodiless(template, true, emit),
        };
        let found = body::from_json(&value, &template, &|_| None);
        if found.is_empty() {
            let mut r = template;
            if let Value::Object(o) = &value {
                r.message = o
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("message"))
                    .and_then(|(_, v)| v.as_str())
                    .map(crate::redact::scrubbed);
            }
            return self.emit_bodiless(r, false, emit);
        }
        for r in found {
            self.report(r, emit)?;
        }
        Ok(())
    }

    /// The container closed (`after`: a status printed after it): when no item gave a response, the head
    /// it answers is reported from its status, as a body with no known envelope is.
    fn end_stream<E>(
        &mut self,
        cand: Candidate,
        after: Option<u16>,
        emit: Emit<'_, E>,
    ) -> Result<(), E> {
        let Some(s) = cand.stream else {
            return Ok(());
        };
        if s.found {
            return Ok(());
        }
        let status = cand.status.or(after);
        let in_body = s.template.is_some()
            || self.head.as_ref().is_some_and(|h| !h.in_headers)
            || !self.late.is_empty();
        if !in_body && status.is_none() {
            return Ok(());
        }
        let mut template = match s.template {
            Some(t) => t,
            None => self.template_at(cand.start, cand.context, Hints { status }),
        };
        template.head.status = template.head.status.or(status);
        if !template.head.provider_failures.is_empty() {
            return self.report_partial(template, emit);
        }
        if template.head.status.is_some_and(|s| s >= 400) {
            template.shape = Shape::StatusOnly;
            return self.report(template, emit);
        }
        Ok(())
    }

    /// Drops an open stream: the open item's later lines are scanned again (a response a cut item
    /// swallowed), and the cut is reported where the open item (or the container) starts.
    pub(super) fn abandon_stream<E>(
        &mut self,
        start: u64,
        embedded: bool,
        s: Streaming,
        emit: Emit<'_, E>,
        reason: &str,
    ) -> Result<(), E> {
        let item = s.stream.item_line();
        if item.is_some() {
            for &(number, from, to) in &s.stream.lines {
                if let Some(line) = s.stream.buf.get(from..to).filter(|l| !looks_inside_json(l)) {
                    self.replay.push((number, line.to_string()));
                }
            }
        }
        let reportable =
            !embedded || s.found || may_hold_error(s.stream.buf.as_bytes()) || self.head.is_some();
        match s.template {
            Some(t) if !s.found => self.emit_bodiless(t, false, emit)?,
            Some(_) => {}
            None => self.resolve_head(emit)?,
        }
        if reportable {
            let (line, reason) = match item {
                Some(line) => {
                    let what = if s.har { "HAR entry" } else { "array item" };
                    (line, format!("{reason} ({what} {})", s.stream.path()))
                }
                None => (start, reason.to_string()),
            };
            emit(Event::Unreadable(Fragment {
                source: self.loc(line),
                reason,
            }))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::response::{Response, Shape};
    use crate::scan::{scan_str, Event, Fragment, Scanner};

    /// What a scanner gives on `text` taking whole array items with `read_items` wherever it comes to
    /// stand between two items after reading one line by line (as the block and buffer readers do).
    fn scan_with_items(text: &str) -> Vec<Event<'static>> {
        let mut scanner = Scanner::new("t");
        let mut events = Vec::new();
        let mut push = |e: Event<'_>| -> Result<(), std::convert::Infallible> {
            events.push(e.into_owned());
            Ok(())
        };
        let (mut at, mut number, mut was_between) = (0usize, 1u64, false);
        while at < text.len() {
            let between = scanner.reads_items();
            if between && !was_between {
                let (bytes, lines) = scanner
                    .read_items(number, &text[at..], 80, &mut push)
                    .unwrap_or_default();
                at += bytes;
                number += lines;
            }
            was_between = between;
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = &text[at..end];
            let _ = scanner.line(
                number,
                line.strip_suffix('\r').unwrap_or(line),
                0,
                &mut push,
            );
            (at, number) = (end + 1, number + 1);
        }
        let _ = scanner.finish(&mut push);
        events
    }

    /// Items read whole by `read_items` and line by line give the same events, whatever item the line
    /// path must read in between (a mutation of the comma count after an item fails case 2).
    #[test]
    fn items_read_whole_give_what_lines_give() {
        let item = |i: usize| {
            format!("  {{\n    \"error\": {{\n      \"code\": \"Forbidden\",\n      \"message\": \"m {i} \\\" ]}}\"\n    }}\n  }},\n")
        };
        let odd = [
            "  {\r\n    \"error\": {\"code\": \"NotFound\"}\r\n  },\r\n",
            "  {\n    \"error\": {\"code\": \"NotFound\", \"message\": \"wra\npped\"}\n  },\n",
            "  {\n    \"error\": {\"code\": \"NotFound\", \"message\": nope}\n  },\n",
            "  {\n    \"error\": {\"code\": \"NotFound\"}\n\n  },\n",
            "  7, \"x\", [{\"error\": {\"code\": \"NotFound\"}}],\n",
            "  {\"error\": {\"code\": \"TooManyRequests\"}}, {\"error\": {\"code\": \"NotFound\"}},\n",
            "  {\n  | \"error\": {\"code\": \"NotFound\"}\n  },\n",
            "  {\"error\": {\"code\": \"NotFound\", \"message\": \"longer than the 80 bytes of a line here, so read line by line\"}},\n",
        ];
        for (k, odd) in odd.iter().enumerate() {
            for (open, close) in [
                ("[\n", "  {}\n]\n"),
                ("{\n \"value\": [\n", "  {}\n ]\n}\n"),
            ] {
                let mut text = open.to_string();
                for i in 0..6 {
                    text.push_str(&item(i));
                }
                text.push_str(odd);
                for i in 6..12 {
                    text.push_str(&item(i));
                }
                text.push_str(close);
                let want = format!("{:?}", scan_str("t", &text));
                assert_eq!(
                    format!("{:?}", scan_with_items(&text)),
                    want,
                    "case {k}: {text}"
                );
            }
        }
    }

    fn split(text: &str) -> (Vec<Response>, Vec<Fragment>) {
        let mut rs = Vec::new();
        let mut fs = Vec::new();
        for e in scan_str("t", text) {
            match e {
                Event::Unreadable(f) => fs.push(f),
                e => rs.extend(e.into_response()),
            }
        }
        (rs, fs)
    }

    fn envelope(code: &str) -> String {
        format!("{{\"error\":{{\"code\":\"{code}\",\"message\":\"m\"}}}}")
    }

    #[test]
    fn a_blank_line_ends_an_array_as_it_ends_any_open_text() {
        let text = format!(
            "[\n  {},\n\n{}\n]",
            envelope("Forbidden"),
            envelope("NotFound")
        );
        let (rs, fs) = split(&text);
        let got: Vec<_> = rs
            .iter()
            .map(|r| (r.code.as_deref(), r.source.line))
            .collect();
        assert_eq!(got, [(Some("Forbidden"), 2), (Some("NotFound"), 4)]);
        assert_eq!(fs.len(), 1);
        assert_eq!(
            (fs[0].source.line, fs[0].reason.as_str()),
            (1, "incomplete JSON")
        );
    }

    #[test]
    fn a_big_odata_page_after_a_log_prefix_is_read_item_by_item() {
        let mut text = String::from("2026-11-30T08:00:00Z INFO page: {\n  \"value\": [\n");
        let n = 12_000;
        for i in 0..n {
            text.push_str(&format!(
                "    {{\"id\":\"{i:060}\",\"error\":{{\"code\":\"NotFound\",\"message\":\"m\"}}}},\n"
            ));
        }
        text.push_str("    {}\n  ],\n  \"@odata.nextLink\": \"n\"\n}\n");
        assert!(text.len() > super::super::STREAM_AT);
        let (rs, fs) = split(&text);
        assert_eq!(rs.len(), n);
        assert_eq!(rs[n - 1].source.line, n as u64 + 2);
        assert!(fs.is_empty(), "{fs:?}");
    }

    #[test]
    fn an_array_body_under_an_error_head_without_envelopes_is_one_status_only() {
        let text = "HTTP/1.1 400 Bad Request\ncontent-type: application/json\n\n[\n  {\"a\":1},\n  {\"b\":2}\n]";
        let (rs, fs) = split(text);
        assert_eq!(rs.len(), 1);
        assert_eq!(
            (rs[0].shape, rs[0].head.status),
            (Shape::StatusOnly, Some(400))
        );
        assert!(fs.is_empty());
    }

    #[test]
    fn a_cut_item_is_reported_by_path_and_what_it_swallowed_is_read() {
        let text = format!(
            "[\n  {},\n  {{\n    \"error\": {{\"code\": \"Forb\nHTTP/1.1 404 Not Found\n\n{}",
            envelope("Forbidden"),
            envelope("ResourceNotFound")
        );
        let (rs, fs) = split(&text);
        let got: Vec<_> = rs.iter().map(|r| r.code.as_deref()).collect();
        assert_eq!(got, [Some("Forbidden"), Some("ResourceNotFound")]);
        assert_eq!(rs[1].head.status, Some(404));
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].source.line, 3);
        assert!(fs[0].reason.contains("array item .[1]"), "{}", fs[0].reason);
    }
}
