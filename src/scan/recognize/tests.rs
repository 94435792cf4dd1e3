//! The recognizers and the prefilter built from their triggers.

use super::*;

#[test]
fn every_family_has_triggers_and_a_name() {
    for r in all() {
        assert!(!r.triggers.is_empty(), "{}", r.name);
        assert!(!r.name.is_empty());
    }
}

/// Lines each recognizer must accept (made up from each client's own strings).
const ACCEPTED: &[(&str, &str)] = &[
    ("> POST /api/machines/x/isolate HTTP/1.1", "request"),
    ("> Host: api.securitycenter.microsoft.com", "request header"),
    ("< HTTP/2 403", "status"),
    ("< content-type: application/json", "header"),
    ("* Connection #0 to host 127.0.0.1 left intact", "exchange end"),
    ("{ [197 bytes data]", "chatter"),
    ("HTTP/1.1 429 Too Many Requests", "status"),
    ("curl: (22) The requested URL returned error: 403", "client"),
    ("--2026-12-03 05:02:44--  http://127.0.0.1:1/api/alerts", "request"),
    ("  HTTP/1.1 500 Internal Server Error", "status"),
    ("HTTP request sent, awaiting response... 403 Forbidden", "status"),
    ("2026-12-03 05:02:44 ERROR 403: Forbidden.", "client"),
    ("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://a/api/x", "client"),
    ("<Response [400]>", "client"),
    ("urllib.error.HTTPError: HTTP Error 401: Unauthorized", "client"),
    ("httpx.HTTPStatusError: Client error '403 Forbidden' for url 'https://a/b'", "client"),
    ("aiohttp.client_exceptions.ClientResponseError: 403, message='Forbidden', url=URL('https://a')", "client"),
    ("System.Net.Http.HttpRequestException: Response status code does not indicate success: 403 (Forbidden).", "client"),
    ("StatusCode: 404, ReasonPhrase: 'Not Found', Version: 1.1, Content: x", "client"),
    ("Invoke-RestMethod : The remote server returned an error: (429) Too Many Requests.", "client"),
    ("AxiosError: Request failed with status code 403", "client"),
    ("java.io.IOException: Server returned HTTP response code: 403 for URL: https://a/b", "client"),
    ("error: unexpected status 500", "client"),
    ("get machines: unexpected status code: 503", "client"),
    ("Invoke-MdeApi: HTTP Status BadRequest", "client"),
    ("WARNING: 199 - \"Microsoft/IPC/500/0\"", "graph"),
    ("Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.", "message"),
];

fn kind(c: &Clue<'_>) -> &'static str {
    match c {
        Clue::Request { .. } | Clue::Command(_) => "request",
        Clue::RequestHeader { .. } => "request header",
        Clue::RequestEnd | Clue::HeadEnd | Clue::Chatter => "chatter",
        Clue::Status { .. } => "status",
        Clue::Header { .. } => "header",
        Clue::ExchangeEnd => "exchange end",
        Clue::ClientStatus(_) => "client",
        Clue::GraphWarning(_) => "graph",
        Clue::Message(_) => "message",
    }
}

#[test]
fn each_shape_is_recognized() {
    for (line, want) in ACCEPTED {
        let clue = recognize(line).unwrap_or_else(|| panic!("not recognized: {line}"));
        assert_eq!(kind(&clue), *want, "{line}");
    }
}

#[test]
fn client_statuses_carry_status_and_url() {
    let Some(Clue::ClientStatus(cs)) =
        recognize("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/machines")
    else {
        panic!("client status");
    };
    assert_eq!((cs.status, cs.url), (403, Some("https://h/api/machines")));
    let Some(Clue::ClientStatus(cs)) = recognize("Invoke-MdeApi: HTTP Status TooManyRequests")
    else {
        panic!("wrapper");
    };
    assert_eq!(cs.status, 429);
}

#[test]
fn ordinary_lines_are_not_clues() {
    for line in [
        "2026-11-01T10:00:00Z INFO started 403 jobs",
        "the status code was fine",
        "ERROR 12: nothing",
        "Traceback (most recent call last):",
        "<Response [200]>",
    ] {
        assert!(
            !matches!(
                recognize(line),
                Some(Clue::ClientStatus(_)) | Some(Clue::Status { .. })
            ),
            "{line}"
        );
    }
}

/// Whatever a recognizer accepts, the prefilter lets through: the prefilter is built from the
/// declarations, and this holds the two together.
#[test]
fn prefilter_lets_through_every_accepted_line() {
    for (line, _) in ACCEPTED {
        assert!(may_match(line), "{line}");
    }
    for r in all() {
        for (line, _) in ACCEPTED {
            if (r.read)(line).is_some() {
                let hit = r.triggers.iter().any(|t| match *t {
                    Trigger::Start(s) => line.starts_with(s),
                    Trigger::Anywhere(w) => line.contains(w),
                });
                assert!(hit, "{} accepts {line} without one of its triggers", r.name);
            }
        }
    }
}
