//! Property tests for diagnose: the scanner on arbitrary bytes, the shape readers on arbitrary JSON, the
//! message-template matcher and fact extractors on arbitrary messages. Bounded case counts keep the whole
//! file to a few seconds; proptest shrinks any failure to a minimal input.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use crate::prop_support;

use std::convert::Infallible;
use std::io::Cursor;
use std::sync::Arc;

use mdediag::catalog::{self, template};
use mdediag::diagnose::diagnose;
use mdediag::facts;
use mdediag::input::Lines;
use mdediag::render::diagnose as render;
use mdediag::response::{Context, Location, Response, Shape};
use mdediag::scan::body;
use mdediag::scan::{Event, Fragment, Scanner};

/// What the scanner found: a response, owned, or a fragment it could not read.
type Found = Result<mdediag::response::Response, Fragment>;
use prop_support::{has_dangerous, json_value, text};
use proptest::prelude::*;

/// Scans bytes exactly as `mdediag diagnose` does (encoding sniffing, line capping, then the scanner).
/// Bytes the reader refuses (gzip's magic with no valid stream after it) are the command's input error
/// (exit 2), not the scanner's: nothing to scan, and the events read before a failed read are kept.
fn scan_bytes(bytes: &[u8]) -> Vec<Found> {
    let Ok(mut lines) = Lines::from_reader(Box::new(Cursor::new(bytes.to_vec()))) else {
        return Vec::new();
    };
    let mut scanner = Scanner::new("input.log");
    let mut events = Vec::new();
    let mut push = |e: Event<'_>| -> Result<(), Infallible> {
        events.push(e.into_found());
        Ok(())
    };
    while let Ok(Some(line)) = lines.next_line(&mut || Ok(())) {
        scanner
            .line(line.number, &line.text, line.skipped, &mut push)
            .unwrap();
    }
    scanner.finish(&mut push).unwrap();
    events
}

/// Diagnoses and renders every response: no panic, human text free of raw controls, JSON that parses back.
fn render_all(events: &[Found]) -> Result<(), TestCaseError> {
    for r in events.iter().flatten() {
        let d = diagnose(r);
        let mut human = Vec::new();
        render::human::human(&mut human, &d).unwrap();
        let human = String::from_utf8(human).unwrap();
        prop_assert!(!has_dangerous(&human), "raw control in: {human:?}");
        let mut json = Vec::new();
        render::jsonl::json_line(&mut json, &d).unwrap();
        let back: serde_json::Value = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(back["code"].as_str(), Some(d.code.as_str()));
    }
    Ok(())
}

/// Pieces that drive the scanner through its states (heads, bodies, strings, escapes, arrays).
const PIECES: &[&str] = &[
    "{\"error\":{\"code\":\"InvalidHashValue\",\"message\":\"Hash value x is invalid.\"",
    "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: bad\"}",
    "{\"statusCode\":429,\"message\":\"slow\"}",
    "[{\"id\":\"1\",\"isFailed\":true,\"failureReason\":\"x\"}",
    "{\"id\":\"a\",\"type\":\"Isolate\",\"status\":\"Failed\"}",
    "HTTP/1.1 403 Forbidden\r\n",
    "< HTTP/2 429\n",
    "> POST /api/machines/1/isolate HTTP/2\n",
    "> Authorization: Bearer eyJa.eyJb.c2ln\n",
    "Retry-After: 5\n",
    "* Connection #0 left intact\n",
    "403 Client Error: Forbidden for url: https://api.securitycenter.microsoft.com/api/x\n",
    "Invoke-RestMethod : {\"error\":{\"code\":\"X\",\"message\":\"wrapped",
    "The remote server returned an error: (404) Not Found.\n",
    "curl -X POST https://api.securitycenter.microsoft.com/api/indicators\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    ",",
    ":",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "null",
    "1e400",
    "\u{1b}]0;x\u{7}",
    "\u{202e}",
    "\u{0}",
];

fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..16),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// A complete error response in one of the shapes the scanner finds, with the code it must report.
fn response_text() -> impl Strategy<Value = (String, String)> {
    response_of_kind(prop::sample::select(&[0u8, 1, 2, 3, 4, 5, 6][..]))
}

/// Like [`response_text`], of the kinds `kinds` picks (0 compact, 1 pretty, 2 Graph, 3 `curl -i`, 4 after a
/// log prefix, 5 bare `statusCode`, 6 an array of two).
fn response_of_kind(kinds: impl Strategy<Value = u8>) -> impl Strategy<Value = (String, String)> {
    (kinds, "[A-Z][A-Za-z]{2,15}", text(), text()).prop_map(|(kind, code, message, target)| {
        let body =
            serde_json::json!({"error": {"code": code, "message": message, "target": target}});
        let compact = body.to_string();
        let text = match kind {
            0 => format!("{compact}\n"),
            1 => format!("{}\n", serde_json::to_string_pretty(&body).unwrap()),
            2 => format!(
                "{}\n",
                serde_json::json!({"error": {"code": code, "message": message,
                    "innerError": {"request-id": target, "date": "2026-01-01T00:00:00"}}})
            ),
            3 => format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{compact}\n"
            ),
            4 => format!("2026-01-01T00:00:00Z ERROR call failed: {compact}\n"),
            5 => format!(
                "{}\n",
                serde_json::json!({"statusCode": 404, "code": code, "message": message})
            ),
            _ => format!("[\n  {compact},\n  {compact}\n]\n"),
        };
        // An array holds the response twice.
        let code = if kind == 6 {
            format!("{code}\n{code}")
        } else {
            code
        };
        (text, code)
    })
}

fn codes(events: &[Found]) -> Vec<Option<String>> {
    events
        .iter()
        .map(|e| match e {
            Ok(r) => Some(r.code.clone().unwrap_or_default()),
            Err(_) => None,
        })
        .collect()
}

fn expected(responses: &[(String, String)]) -> Vec<Option<String>> {
    responses
        .iter()
        .flat_map(|(_, c)| {
            c.split('\n')
                .map(|c| Some(c.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn template_response(shape: Shape) -> Response {
    Response::new(
        Location {
            file: Arc::from("t.json"),
            line: 1,
        },
        shape,
        Context::Plain,
    )
}

/// Every message template of the catalog.
fn templates() -> Vec<&'static str> {
    catalog::entries()
        .iter()
        .flat_map(|e| e.templates.iter().copied())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn scanner_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let events = scan_bytes(&bytes);
        render_all(&events)?;
    }

    #[test]
    fn scanner_survives_transcript_soup(bytes in soup()) {
        let events = scan_bytes(&bytes);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        for e in &events {
            let line = match e {
                Ok(r) => r.source.line,
                Err(f) => f.source.line,
            };
            prop_assert!((1..=lines).contains(&line), "line {line} of {lines}");
        }
        render_all(&events)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Nothing is silently dropped: every complete response before and after a garbage region is reported.
    #[test]
    fn responses_around_garbage_are_all_reported(
        before in prop::collection::vec(response_text(), 1..4),
        garbage in prop_oneof![prop::collection::vec(any::<u8>(), 0..300), soup()],
        after in prop::collection::vec(response_text(), 1..4),
    ) {
        let mut input = b"# log start\n".to_vec();
        for (t, _) in &before {
            input.extend_from_slice(t.as_bytes());
        }
        input.extend_from_slice(&garbage);
        // A blank line ends whatever the garbage left open (a JSON text, a header block).
        input.extend_from_slice(b"\n\n");
        for (t, _) in &after {
            input.extend_from_slice(t.as_bytes());
        }
        let events = scan_bytes(&input);
        let got = codes(&events);
        let (want_before, want_after) = (expected(&before), expected(&after));
        prop_assert!(got.len() >= want_before.len() + want_after.len(), "{got:?}");
        prop_assert_eq!(&got[..want_before.len()], &want_before[..], "{:?}", input);
        prop_assert_eq!(&got[got.len() - want_after.len()..], &want_after[..], "{:?}", input);
        render_all(&events)?;
    }

    /// A response cut at any byte, followed at once (no blank line) by complete ones, loses none of them,
    /// log-prefixed ones included (a failed multi-line text has its later lines scanned again).
    /// Known gap, left out here: a cut text after a log prefix with an open string takes a following `{`
    /// line as a console wrap (PowerShell wraps long JSON exactly so).
    #[test]
    fn responses_after_a_cut_one_are_all_reported(
        cut in response_of_kind(prop::sample::select(&[0u8, 1, 2, 3, 5, 6][..])),
        at in any::<prop::sample::Index>(),
        after in prop::collection::vec(
            response_of_kind(prop::sample::select(&[0u8, 1, 2, 3, 4, 5, 6][..])),
            1..4,
        ),
    ) {
        let text = cut.0.trim_end();
        let mut end = at.index(text.len().max(1));
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut input = format!("{}\n", &text[..end]);
        for (t, _) in &after {
            input.push_str(t);
        }
        let events = scan_bytes(input.as_bytes());
        let got = codes(&events);
        let want = expected(&after);
        prop_assert!(got.len() >= want.len(), "{got:?}");
        prop_assert_eq!(&got[got.len() - want.len()..], &want[..], "{:?}", input);
    }

    /// The same responses without garbage are reported exactly, nothing more.
    #[test]
    fn clean_input_reports_exactly_its_responses(
        responses in prop::collection::vec(response_text(), 0..6),
    ) {
        let input: String = responses.iter().map(|(t, _)| t.as_str()).collect();
        let events = scan_bytes(input.as_bytes());
        prop_assert_eq!(codes(&events), expected(&responses));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every shape reader takes any JSON value without panicking, and what it finds diagnoses and renders.
    #[test]
    fn shape_readers_take_any_json(value in json_value()) {
        let t = template_response(Shape::Mde);
        let found = body::from_json(&value, &t, &|i| Some(i as u64 + 1));
        let events: Vec<Found> = found.into_iter().map(Ok).collect();
        render_all(&events)?;
        // Wrapped in each envelope the readers know.
        for wrapped in [
            serde_json::json!({"error": value}),
            serde_json::json!({"error": {"code": "X", "message": value, "innerError": value, "details": [value]}}),
            serde_json::json!({"statusCode": value, "message": value}),
            serde_json::json!({"value": [value]}),
            serde_json::json!([value, {"isFailed": true, "failureReason": value}]),
        ] {
            let found = body::from_json(&wrapped, &t, &|_| None);
            let events: Vec<Found> = found.into_iter().map(Ok).collect();
            render_all(&events)?;
        }
    }

    /// The template matcher and the fact extractors take any message against every template.
    #[test]
    fn fact_extractors_take_any_message(message in text(), op in 0..mdediag::operations::with_body().count()) {
        for t in templates() {
            let _ = template::captures(t, &message);
            if let Some(caps) = facts::match_template(t, &message) {
                let _ = facts::from_captures(&caps, mdediag::operations::with_body().nth(op));
                let _ = facts::from_captures(&caps, None);
            }
        }
        if let Some((_, caps)) = facts::find_by_template(&message) {
            let _ = facts::from_captures(&caps, mdediag::operations::with_body().nth(op));
        }
    }

    /// A message made from a template by filling its holes gives back exactly the fills.
    #[test]
    fn filled_templates_capture_their_fills(
        which in any::<prop::sample::Index>(),
        fills in prop::collection::vec("[A-Za-z0-9][A-Za-z0-9_-]{0,11}", 8),
        shout in any::<bool>(),
    ) {
        let all = templates();
        let t = all[which.index(all.len())];
        let mut message = String::new();
        let mut want = Vec::new();
        let mut rest = t;
        let mut i = 0;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            message.push_str(&rest[..open]);
            message.push_str(&fills[i % fills.len()]);
            want.push(fills[i % fills.len()].clone());
            i += 1;
            rest = &rest[close + 1..];
        }
        message.push_str(rest);
        // A fill that holds the literal after it would be ambiguous; those cases say nothing.
        let literals: Vec<String> = t.split(['{', '}']).step_by(2).map(str::to_ascii_lowercase).collect();
        prop_assume!(!want.iter().any(|w| literals.iter().any(|l| {
            let l = l.trim();
            !l.is_empty() && w.to_ascii_lowercase().contains(l)
        })));
        let message = if shout { message.to_ascii_uppercase() } else { message };
        let want: Vec<String> = if shout { want.iter().map(|w| w.to_ascii_uppercase()).collect() } else { want };
        let caps = template::captures(t, &message);
        prop_assert!(caps.is_some(), "{t:?} did not match {message:?}");
        let got: Vec<&str> = caps.unwrap().iter().map(|c| c.value).collect();
        prop_assert_eq!(got, want.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A top-level array is read item by item however it is laid out (pretty at any indentation, compact
    /// items on indented lines, nested arrays of arrays, CRLF): every error item is one response, in order,
    /// citing the line its item starts on, and nothing is unreadable. (Items at column 0 or a blank line
    /// end the array, as they end any open JSON text; those items are then read on their own.)
    #[test]
    fn array_items_are_read_one_by_one_in_any_layout(
        items in prop::collection::vec((0usize..4, any::<bool>()), 1..30),
        indent in 1usize..6,
        nested in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let names = ["Forbidden", "NotFound", "BadRequest", "TooManyRequests"];
        let pad = " ".repeat(indent);
        let mut lines: Vec<String> = vec!["[".to_string()];
        if nested {
            lines.push(format!("{pad}["));
        }
        let mut want = Vec::new();
        for (k, (code, pretty)) in items.iter().enumerate() {
            let start = lines.len() as u64 + 1;
            let last = k + 1 == items.len();
            let comma = if last { "" } else { "," };
            if *pretty {
                lines.push(format!("{pad}{{"));
                lines.push(format!("{pad}{pad}\"error\": {{"));
                lines.push(format!("{pad}{pad}{pad}\"code\": \"{}\",", names[*code]));
                lines.push(format!("{pad}{pad}{pad}\"message\": \"item {k}\""));
                lines.push(format!("{pad}{pad}}}"));
                lines.push(format!("{pad}}}{comma}"));
            } else {
                lines.push(format!("{pad}{{\"error\":{{\"code\":\"{}\",\"message\":\"item {k}\"}}}}{comma}", names[*code]));
            }
            want.push((Some(names[*code].to_string()), start));
        }
        if nested {
            lines.push(format!("{pad}]"));
        }
        lines.push("]".to_string());
        let input = lines.join(if crlf { "\r\n" } else { "\n" });
        let events = scan_bytes(input.as_bytes());
        let got: Vec<_> = events
            .iter()
            .map(|e| match e {
                Ok(r) => (r.code.clone(), r.source.line),
                Err(f) => (None, f.source.line),
            })
            .collect();
        prop_assert_eq!(got, want, "{}", input);
    }
}
