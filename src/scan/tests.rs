//! Scanner behaviour on each input shape.

use super::*;

fn responses(text: &str) -> Vec<Response> {
    scan_str("t", text)
        .into_iter()
        .filter_map(Event::into_response)
        .collect()
}

fn fragments(text: &str) -> Vec<Fragment> {
    scan_str("t", text)
        .into_iter()
        .filter_map(|e| match e {
            Event::Unreadable(f) => Some(f),
            Event::Response(_) | Event::Plain(_) => None,
        })
        .collect()
}

fn codes(rs: &[Response]) -> Vec<(Option<&str>, u64)> {
    rs.iter()
        .map(|r| (r.code.as_deref(), r.source.line))
        .collect()
}

const ENV_A: &str = r#"{"error":{"code":"A","message":"m","target":"t1"}}"#;
const ENV_B: &str = r#"{"error":{"code":"B","message":"m","target":"t2"}}"#;

#[test]
fn compact_envelope_on_one_line() {
    let rs = responses(ENV_A);
    assert_eq!(codes(&rs), [(Some("A"), 1)]);
    assert_eq!(rs[0].target.as_deref(), Some("t1"));
}

#[test]
fn pretty_envelope_spans_lines() {
    let rs = responses("{\n  \"error\": {\n    \"code\": \"A\",\n    \"message\": \"x\"\n  }\n}\n");
    assert_eq!(codes(&rs), [(Some("A"), 1)]);
}

#[test]
fn ndjson_and_concatenated_objects() {
    let text = format!("{ENV_A}\n{{\"id\":\"ok\"}}\n{ENV_A}{ENV_B}\n{ENV_B} {ENV_A}");
    let rs = responses(&text);
    assert_eq!(
        codes(&rs),
        [
            (Some("A"), 1),
            (Some("A"), 3),
            (Some("B"), 3),
            (Some("B"), 4),
            (Some("A"), 4)
        ]
    );
}

#[test]
fn pretty_array_items_cite_their_own_lines() {
    let text = format!("[\n  {ENV_A},\n  {ENV_B}\n]");
    assert_eq!(codes(&responses(&text)), [(Some("A"), 2), (Some("B"), 3)]);
}

#[test]
fn embedded_after_log_prefix() {
    let text = format!(
        "2026-11-01T10:00:00Z ERROR response: {ENV_A}\n2026-11-01 INFO config {{retries}} ok"
    );
    let rs = responses(&text);
    assert_eq!(codes(&rs), [(Some("A"), 1)]);
    assert_eq!(rs[0].context, Context::Log);
    assert!(fragments(&text).is_empty());
}

#[test]
fn powershell_wrapped_json_is_joined() {
    let text = "Invoke-RestMethod : {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application ro\nles. API required\",\"target\":\"t\"}}\nAt line:1 char:1\n    + CategoryInfo          : InvalidOperation: (System.Net.HttpWebRequest:HttpWebRequest) [Invoke-RestMethod], WebException\n    + FullyQualifiedErrorId : WebCmdletWebResponseException";
    let rs = responses(text);
    assert_eq!(codes(&rs), [(Some("Forbidden"), 1)]);
    assert_eq!(
        rs[0].message.as_deref(),
        Some("Missing application roles. API required")
    );
    assert_eq!(rs[0].context, Context::PowerShell);
}

#[test]
fn curl_i_with_continue_and_headers() {
    let text = format!(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\nDate: Sun, 01 Nov 2026 10:00:00 GMT\r\nrequest-id: rid\r\n\r\n{ENV_A}\r\n"
    );
    let rs = responses(&text.replace("\r\n", "\n"));
    assert_eq!(codes(&rs), [(Some("A"), 3)]);
    assert_eq!(rs[0].head.status, Some(403));
    assert_eq!(rs[0].head.request_id.as_deref(), Some("rid"));
    assert_eq!(rs[0].context, Context::CurlI);
}

#[test]
fn curl_i_redirect_then_error_without_body() {
    let text =
        "HTTP/1.1 301 Moved\nLocation: x\n\nHTTP/1.1 429 Too Many Requests\nRetry-After: 30\n\n";
    let rs = responses(text);
    assert_eq!(rs.len(), 1);
    assert_eq!(
        (rs[0].shape, rs[0].head.status),
        (Shape::StatusOnly, Some(429))
    );
    assert_eq!(rs[0].head.retry_after.as_deref(), Some("30"));
}

#[test]
fn curl_v_takes_request_line_host_and_token() {
    let text = format!(
        "* Connected\n> POST /api/machines/abc/isolate HTTP/2\n> Host: api.security.microsoft.com\n> Authorization: Bearer SECRET\n>\n}} [62 bytes data]\n< HTTP/2 403\n< date: D\n< x-ms-request-id: r1\n<\n{{ [196 bytes data]\n{ENV_A}\n* Connection #0 to host x left intact\n"
    );
    let rs = responses(&text);
    assert_eq!(codes(&rs), [(Some("A"), 7)]);
    let r = &rs[0];
    assert_eq!(r.context, Context::CurlV);
    let req = r.request.as_ref().expect("request");
    assert_eq!(
        (req.method.as_deref(), req.url.as_str()),
        (
            Some("POST"),
            "https://api.security.microsoft.com/api/machines/abc/isolate"
        )
    );
    assert_eq!(
        r.bearer.as_ref().map(|b| b.expose().as_str()),
        Some("SECRET")
    );
    assert_eq!(r.head.request_id.as_deref(), Some("r1"));
}

#[test]
fn curl_v_response_without_body_ends_at_connection_note() {
    let text = "< HTTP/1.1 503 Service Unavailable\n< Retry-After: 5\n<\n* Connection #0 to host x left intact\n";
    let rs = responses(text);
    assert_eq!(
        (rs[0].shape, rs[0].head.status),
        (Shape::StatusOnly, Some(503))
    );
}

#[test]
fn pasted_curl_command_names_the_request() {
    let text = format!(
        "$ curl -i -X POST 'https://h/api/machines/m1/isolate' -H 'Authorization: Bearer TOK' -d '{{\"Comment\":\"x\"}}'\nHTTP/1.1 403 Forbidden\n\n{ENV_A}"
    );
    let rs = responses(&text);
    let req = rs[0].request.as_ref().expect("request");
    assert_eq!(
        (req.method.as_deref(), req.url.as_str()),
        (Some("POST"), "https://h/api/machines/m1/isolate")
    );
    assert_eq!(
        rs[0].bearer.as_ref().map(|b| b.expose().as_str()),
        Some("TOK")
    );
}

#[test]
fn html_body_is_diagnosed_from_status() {
    let rs = responses(
        "HTTP/1.1 502 Bad Gateway\nContent-Type: text/html\n\n<html><body>502</body></html>\n",
    );
    assert_eq!(rs.len(), 1);
    assert!(rs[0].body_not_json);
    assert_eq!(rs[0].head.status, Some(502));
}

#[test]
fn error_status_with_unrecognised_json_keeps_status() {
    let rs =
        responses("HTTP/1.1 401 Unauthorized\n\n{\"message\":\"Authorization has been denied\"}\n");
    assert_eq!(rs.len(), 1);
    assert_eq!(
        (rs[0].shape, rs[0].head.status),
        (Shape::StatusOnly, Some(401))
    );
    assert_eq!(
        rs[0].message.as_deref(),
        Some("Authorization has been denied")
    );
}

#[test]
fn success_transcript_reports_nothing() {
    let rs = responses(
        "HTTP/1.1 200 OK\n\n{\"id\":\"x\",\"status\":\"Succeeded\",\"type\":\"Isolate\"}\n",
    );
    assert!(rs.is_empty());
}

#[test]
fn python_and_powershell_status_lines() {
    let rs = responses(
        "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/machines/m/isolate\n\
         Invoke-RestMethod : The remote server returned an error: (429) Too Many Requests.",
    );
    assert_eq!(rs.len(), 2);
    assert_eq!(
        (rs[0].shape, rs[0].head.status),
        (Shape::BodyLost, Some(403))
    );
    assert_eq!(
        rs[0].request.as_ref().map(|r| r.url.as_str()),
        Some("https://h/api/machines/m/isolate")
    );
    assert_eq!(
        (rs[1].context, rs[1].head.status),
        (Context::PowerShell, Some(429))
    );
}

#[test]
fn truncated_line_is_reported_and_neighbours_survive() {
    let text = format!("{ENV_A}\n{{\"error\":{{\"code\":\"X\",\"message\":\"cut\n{ENV_B}\n");
    let rs = responses(&text);
    // The cut line is salvaged: its code and what is left of its message, marked partial.
    assert_eq!(codes(&rs), [(Some("A"), 1), (Some("X"), 2), (Some("B"), 3)]);
    assert_eq!(rs[1].shape, Shape::Fragment);
    // The message was cut inside its only word: nothing of it is kept.
    assert_eq!(rs[1].message, None);
    assert!(fragments(&text).is_empty());
}

#[test]
fn unclosed_json_at_end_is_reported() {
    // With a code left in it, it is salvaged; without, it is still a cut error body (a partial response
    // with no code); a cut object that opens no error is reported unreadable.
    let rs = responses("{\"error\":{\"code\":\"X\"");
    assert_eq!(codes(&rs), [(Some("X"), 1)]);
    assert_eq!(rs[0].shape, Shape::Fragment);
    let cut = "{\"error\":{\"details\":[";
    let rs = responses(cut);
    assert_eq!(codes(&rs), [(None, 1)]);
    assert_eq!(rs[0].shape, Shape::Fragment);
    assert!(fragments(cut).is_empty());
    assert_eq!(fragments("{\"value\":[{\"id\":\"1\"").len(), 1);
}

#[test]
fn invalid_json_with_error_words_is_reported() {
    let f = fragments("{\"error\": {\"code\": tru}}");
    assert_eq!(f.len(), 1);
    assert!(f[0].reason.starts_with("not valid JSON"), "{}", f[0].reason);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let deep = format!("{}\"error\"{}", "[".repeat(100_000), "]".repeat(100_000));
    let events = scan_str("t", &deep);
    assert!(events.iter().all(|e| matches!(e, Event::Unreadable(_))));
    let unclosed = "{\"error\":".to_string() + &"[".repeat(100_000);
    assert_eq!(fragments(&unclosed).len(), 1);
}

#[test]
fn blank_line_ends_a_broken_pretty_body() {
    // The cut error object before the blank line is a partial response of its own.
    let text = format!("{{\n  \"error\": {{\n\n{ENV_A}");
    assert_eq!(codes(&responses(&text)), [(None, 1), (Some("A"), 4)]);
    assert!(fragments(&text).is_empty());
    let text = format!("{{\n  \"value\": [\n\n{ENV_A}");
    assert_eq!(codes(&responses(&text)), [(Some("A"), 4)]);
    assert_eq!(fragments(&text).len(), 1);
}

#[test]
fn over_long_line_is_reported() {
    let mut s = Scanner::new("t");
    let mut events = Vec::new();
    let mut push = |e: Event<'_>| -> Result<(), ()> {
        events.push(e.into_owned());
        Ok(())
    };
    s.line(1, "{\"error\":", 10, &mut push).expect("infallible");
    s.line(2, ENV_A, 0, &mut push).expect("infallible");
    s.finish(&mut push).expect("infallible");
    assert!(matches!(events[0], Event::Unreadable(_)));
    assert!(matches!(events[1], Event::Response(_)));
}

#[test]
fn fast_path_skips_success_lines_only() {
    assert!(!may_hold_error(
        br#"{"id":"1","status":"Succeeded","type":"Isolate"}"#
    ));
    assert!(may_hold_error(br#"{"id":"1","status":"Failed"}"#));
    assert!(!may_hold_error(br#"{"isFailed":false}"#));
    assert!(may_hold_error(br#"{"statusCode":500}"#));
}

#[test]
fn status_line_parsing() {
    assert_eq!(status_line("HTTP/1.1 403 Forbidden"), Some(403));
    assert_eq!(status_line("HTTP/2 429"), Some(429));
    assert_eq!(status_line("HTTP/1.1 4033 x"), None);
    assert_eq!(status_line("HTTP/x 200"), None);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic fuzz: every prefix of a transcript, plus byte soup.
    let transcript = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnose/sample-curl-v.txt"
    ))
    .expect("fixture");
    for cut in (0..transcript.len()).filter(|c| transcript.is_char_boundary(*c)) {
        let _ = scan_str("t", &transcript[..cut]);
    }
    let mut x: u32 = 12345;
    let alphabet = b"{}[]\"\\:,< >*HTTP/1 403\nerror\r";
    for _ in 0..200 {
        let s: String = (0..300)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                alphabet[(x >> 16) as usize % alphabet.len()] as char
            })
            .collect();
        let _ = scan_str("t", &s);
    }
}

#[test]
fn many_concatenated_objects_on_one_line_do_not_recurse() {
    let line = ENV_A.repeat(200_000);
    assert_eq!(responses(&line).len(), 200_000);
}

#[test]
fn a_cut_body_does_not_swallow_the_pretty_one_after_it() {
    let text = "{\"error\":{\"code\":\"A\",\"message\":\"cut h\n{\n  \"error\": {\n    \"code\": \"B\"\n  }\n}\n";
    assert_eq!(codes(&responses(text)), [(Some("A"), 1), (Some("B"), 2)]);
    assert!(fragments(text).is_empty());
}

#[test]
fn a_number_beyond_f64_does_not_lose_the_response() {
    let rs = responses("{\"error\":{\"code\":\"A\",\"message\":\"m\"},\"n\":1e400}\n");
    assert_eq!(codes(&rs), [(Some("A"), 1)]);
}

/// The check before parsing may let through texts that hold no error, never hold back one that does: every
/// text the reader would take an error from passes it, whatever the keys' case, blanks and escapes.
#[test]
fn check_before_parsing_lets_every_error_through() {
    let errors = [
        r#"{"error":{"code":"A"}}"#,
        r#"{"Error":{"Code":"A"}}"#,
        r#"{"error":"invalid_client","error_description":"AADSTS7000215: x"}"#,
        r#"{"statusCode":500}"#,
        r#"{"StatusCode":"503"}"#,
        r#"{"id":"1","type":"Isolate","status":"Failed"}"#,
        r#"{"id":"1","type":"Isolate","Status" : "timeout"}"#,
        r#"{"id":"1","machineId":"m","status":	"CANCELLED"}"#,
        r#"{"id":"1","type":"Isolate","status":"Fail\u0065d"}"#,
        r#"{"value":[{"id":"1","isFailed":false},{"id":"2","isFailed": true,"failureReason":"x"}]}"#,
        r#"{"value":[{"id":"2","IsFailed":true}]}"#,
        "{\"id\":\"1\",\"type\":\"Isolate\",\n \"status\"\n : \"Failed\"}",
    ];
    for t in errors {
        let value: serde_json::Value = serde_json::from_str(t).expect(t);
        let template = Response::new(
            Location {
                file: Arc::from("t"),
                line: 1,
            },
            Shape::Mde,
            Context::Plain,
        );
        assert!(
            !body::from_json(&value, &template, &|_| None).is_empty(),
            "not an error: {t}"
        );
        assert!(may_hold_error(t.as_bytes()), "held back: {t}");
    }
    // What a big log is mostly made of must not pass (that is the check's point).
    for t in [
        r#"{"id":"1","type":"Isolate","status":"Succeeded","commands":[]}"#,
        r#"{"id":"1","status":"Pending","title":"Failed to wait"}"#,
        r#"{"value":[{"id":"1","isFailed":false}]}"#,
        r#"{"x":"isFailed","y":true}"#,
        r#"{"status":"FailedOver"}"#,
    ] {
        assert!(!may_hold_error(t.as_bytes()), "let through: {t}");
    }
}

#[test]
fn line_words_find_status_texts_and_curl_commands() {
    for (t, want) in [
        ("403 Client Error: Forbidden for url: https://x", true),
        (
            "Invoke-RestMethod : The remote server returned an error: (404) Not Found.",
            true,
        ),
        (
            "curl -X POST https://api.securitycenter.microsoft.com/api/x",
            true,
        ),
        ("plain text", false),
        ("", false),
    ] {
        assert_eq!(recognize::may_match(t), want, "{t}");
    }
}

#[test]
fn plain_envelope_fast_path_keeps_context_line_and_what_follows() {
    let text = concat!(
        "{\"error\":{\"code\":\"A\",\"target\":\"t1\"}}   \n",
        "2026-11-01 INFO got {\"error\":{\"code\":\"B\"}}\n",
        "Invoke-RestMethod : {\"error\":{\"code\":\"C\"}}\n",
        "{\"error\":{\"code\":\"D\"}}{\"error\":{\"code\":\"E\"}}\n",
        "{\"\\u0065rror\":{\"code\":\"F\"}}\n",
    );
    let rs = responses(text);
    let seen: Vec<_> = rs
        .iter()
        .map(|r| (r.code.as_deref(), r.source.line, r.context, r.shape))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("A"), 1, Context::Plain, Shape::Mde),
            (Some("B"), 2, Context::Log, Shape::Mde),
            (Some("C"), 3, Context::PowerShell, Shape::Mde),
            (Some("D"), 4, Context::Plain, Shape::Mde),
            (Some("E"), 4, Context::Plain, Shape::Mde),
            // An escaped key is not the plain envelope, but the check before parsing lets it through.
            (Some("F"), 5, Context::Plain, Shape::Mde),
        ]
    );
    assert_eq!(rs[0].target.as_deref(), Some("t1"));
    assert!(fragments(text).is_empty());
}

#[test]
fn a_log_line_after_a_cut_body_is_scanned_again() {
    // The cut body leaves a string open, so the log line first reads as its continuation.
    let text = "{\"error\":{\"code\":\"A\",\"message\":\"cut h\n\
2026-11-01T10:00:00Z ERROR response: {\"error\":{\"code\":\"B\",\"message\":\"m\",\"target\":\"t\"}}\n\
{\"error\":{\"code\":\"C\"}}\n";
    let rs = responses(text);
    assert_eq!(codes(&rs), [(Some("A"), 1), (Some("B"), 2), (Some("C"), 3)]);
    // Salvaged from its own line only: the swallowed log line's target is not taken.
    assert_eq!(rs[0].target, None);
    assert!(fragments(text).is_empty());
}

#[test]
fn a_cut_body_that_closes_by_accident_replays_its_lines() {
    // The cut body's brackets happen to balance on the third line, so it closes and fails to parse.
    let text = "{\"error\":{\"code\":\"A\",\"message\":\"cut\n\
log: {\"error\":{\"code\":\"B\",\"message\":\"m\"}}\n\
\"}}\n";
    let rs = responses(text);
    assert!(codes(&rs).contains(&(Some("B"), 2)), "{:?}", codes(&rs));
}

#[test]
fn replay_of_chained_cut_bodies_terminates() {
    // Each line opens a string inside an embedded body that the next line's text closes and reopens: a
    // chain of failing candidates, each replaying the lines after its first (capped per candidate).
    let text = "log {\"error\":\"x\n".repeat(2_000);
    let _ = responses(&text);
    let frags = fragments(&text);
    assert!(
        !frags.is_empty() && frags.len() <= 2_000 * 2,
        "{}",
        frags.len()
    );
}

#[test]
fn a_message_holding_a_curl_marker_does_not_make_the_line_a_curl_header() {
    // Found by the property tests: `"< "` inside a log line's body was read as curl's glued `< Header:`.
    let text = "2026-01-01T00:00:00Z ERROR call failed: {\"error\":{\"code\":\"A\",\"message\":\"< \",\"target\":\"t\"}}\n";
    assert_eq!(codes(&responses(text)), [(Some("A"), 1)]);
}

#[test]
fn the_request_url_keeps_the_scheme_curl_used() {
    let body = "{\"error\":{\"code\":\"A\"}}";
    let plain = format!("* Connected to h (1.2.3.4) port 80 (#0)\n> GET /api/x HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 404 Not Found\n<\n{body}\n");
    let tls = format!("* Connected to h (1.2.3.4) port 443 (#0)\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n> GET /api/x HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 404 Not Found\n<\n{body}\n");
    // Without connection lines (a pasted head), MDE's https is assumed.
    let bare =
        format!("> GET /api/x HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 404 Not Found\n<\n{body}\n");
    // Port 443 is https even when the paste left the handshake out (curl 8 ends the line at the port).
    let trimmed = format!("* Connected to h (1.2.3.4) port 443\n> GET /api/x HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 404 Not Found\n<\n{body}\n");
    for (text, url) in [
        (plain, "http://h/api/x"),
        (tls, "https://h/api/x"),
        (bare, "https://h/api/x"),
        (trimmed, "https://h/api/x"),
    ] {
        let rs = responses(&text);
        assert_eq!(
            rs[0].request.as_ref().map(|r| r.url.as_str()),
            Some(url),
            "{text}"
        );
    }
}

#[test]
fn windows_powershell_echo_of_the_command_names_the_call() {
    let body = "{\"error\":{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"t\"}}";
    let text = format!(
        "Invoke-RestMethod : {body}\nAt line:1 char:1\n+ Invoke-RestMethod -Method Post -Uri \"https://h/api/machines/m/isolate\" -Headers $h -Body $b\n+ ~~~~~\n{body}\n"
    );
    let rs = responses(&text);
    assert_eq!(codes(&rs), [(Some("Forbidden"), 1), (Some("Forbidden"), 5)]);
    let req = rs[0].request.as_ref().expect("request from the echo");
    assert_eq!(
        (req.method.as_deref(), req.url.as_str()),
        (Some("POST"), "https://h/api/machines/m/isolate")
    );
    // A variable names no URL; a response whose echo never comes goes out as it is.
    let vars = format!("Invoke-RestMethod : {body}\n+ Invoke-RestMethod -Uri $url -Method Post\n");
    assert_eq!(responses(&vars)[0].request, None);
    let alone = format!("Invoke-RestMethod : {body}\n\n\n\nother text\n");
    assert_eq!(responses(&alone).len(), 1);
}

/// A compact array on one line longer than the longest line handed out comes in pieces (`input::pieces`):
/// every item is still read, each at the line's number.
#[test]
fn a_compact_array_longer_than_a_line_is_read_item_by_item_from_its_pieces() {
    let mut line = String::from("[");
    for i in 0..500 {
        line.push_str(&format!(
            r#"{{"error":{{"code":"InvalidHashValue","message":"Hash value x{i}, \"y\" is invalid.","target":"t-{i}"}}}},"#
        ));
    }
    line.push_str(r#"{"error":{"code":"Forbidden","message":"m","target":"last"}}]"#);
    let text = format!("first\n{line}\nafter\n");
    for max in [200, 4096, usize::MAX] {
        let mut lines = crate::input::Lines::from_reader(Box::new(std::io::Cursor::new(
            text.clone().into_bytes(),
        )))
        .expect("open")
        .with_max_line(max);
        let mut scanner = Scanner::new("t");
        let mut found = Vec::new();
        let mut push = |e: Event<'_>| -> Result<(), std::convert::Infallible> {
            found.push(e.into_owned());
            Ok(())
        };
        let mut pieces = 0;
        while let Some(l) = lines.next_line(&mut || Ok(())).expect("read") {
            assert_eq!(l.skipped, 0);
            pieces += usize::from(l.number == 2);
            let _ = scanner.line(l.number, &l.text, l.skipped, &mut push);
        }
        let _ = scanner.finish(&mut push);
        let responses: Vec<_> = found
            .iter()
            .filter_map(|e| match e {
                Event::Response(r) => Some(r),
                Event::Plain(_) | Event::Unreadable(_) => None,
            })
            .collect();
        let unreadable: Vec<_> = found
            .iter()
            .filter_map(|e| match e {
                Event::Unreadable(f) => Some(f.reason.clone()),
                Event::Response(_) | Event::Plain(_) => None,
            })
            .collect();
        assert_eq!(unreadable, Vec::<String>::new(), "max {max}");
        assert_eq!(responses.len(), 501, "max {max}: {pieces} pieces");
        assert!(responses.iter().all(|r| r.source.line == 2));
        assert_eq!(responses[500].target.as_deref(), Some("last"));
        assert!(max == usize::MAX || pieces > 10, "{pieces}");
    }
}

/// A client's line after the last of several bodies on one line is about that one: only the text before
/// the next body is read for an earlier body's status (the whole rest was read before, for each body,
/// which also made a line of many bodies quadratic).
#[test]
fn a_client_line_after_the_last_body_is_not_taken_for_an_earlier_one() {
    let line = r#"{"error":{"code":"Forbidden","message":"m","target":"a"}}, {"error":{"code":"NotFound","message":"m","target":"b"}} requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://h/api/x"#;
    let statuses: Vec<(Option<String>, Option<u16>)> = scan_str("t", line)
        .into_iter()
        .filter_map(Event::into_response)
        .map(|r| (r.target.clone(), r.head.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (Some("a".to_string()), None),
            (Some("b".to_string()), Some(404))
        ]
    );
}

#[test]
fn every_sign_word_is_an_evidence_word() {
    // `no_json` asks the sign words only when the evidence words matched.
    for w in super::SIGN_WORDS {
        assert!(super::EVIDENCE_WORDS.contains(&w), "{w}");
    }
}

#[test]
fn code_keys_ignore_letter_case_and_tell_codes_apart() {
    use super::code_key;
    assert_eq!(
        code_key("AuthorizationFailed"),
        code_key("authorizationfailed")
    );
    assert_ne!(code_key("InvalidRequest"), code_key("InvalidRequestBody"));
    assert_ne!(code_key("Forbidden"), code_key("NotFound"));
    assert_ne!(code_key(""), code_key("A"));
}

/// A success body after a log prefix is skipped unread (no error words), but what the line says around
/// it is still read: a quoted message before it, a failed action's status, PowerShell's error line.
#[test]
fn a_logged_success_body_is_skipped_but_its_line_is_read() {
    let text = concat!(
        "2026-12-07T07:00:00Z ERROR client msg=\"HTTP Error 403: Forbidden\" body={\"value\":[]}\n",
        "2026-12-07T07:00:01Z INFO client response: {\"value\":[{\"id\":\"1\",\"status\":\"Succeeded\"}]}\n",
        "2026-12-07T07:00:02Z INFO client response: {\"id\":\"x\",\"status\":\"Failed\",\"type\":\"Isolate\"}\n",
        "2026-12-07T07:00:03Z INFO Invoke-RestMethod : {\"error\":{\"code\":\"Forbidden\",\"message\":\"m\",\"target\":\"t\"}}\n",
    );
    let rs = responses(text);
    let got: Vec<(u64, Option<u16>, Context)> = rs
        .iter()
        .map(|r| (r.source.line, r.head.status, r.context))
        .collect();
    assert_eq!(
        got,
        [
            (1, Some(403), got[0].2),
            (3, None, got[1].2),
            (4, None, Context::PowerShell)
        ],
        "{rs:#?}"
    );
}

/// The lines a client prints under an error it waits with: .NET frames without a file, a header list
/// padded to a column (not a `Format-List` property), a custom header holding JSON.
#[test]
fn lines_under_a_client_error_are_told_apart() {
    use super::exchange::{is_listed_header, is_stack_frame, json_valued_header};
    assert!(is_stack_frame(
        "   at Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter.ThrowIfFailedResponse(HttpResponseMessage response)"
    ));
    assert!(!is_stack_frame("at least (see above)"));
    assert!(!is_stack_frame("at the end of it all (twice)"));
    assert!(is_listed_header("request-id                    : 5ff1cc43"));
    assert!(is_listed_header(
        "Date                          : Mon, 07 Dec 2026"
    ));
    assert!(!is_listed_header("TargetObject : x"));
    assert!(json_valued_header(
        "x-ms-ags-diagnostic           : {\"ServerInfo\":{}}"
    ));
    assert!(!json_valued_header("Content : {\"error\":{}}"));
}
