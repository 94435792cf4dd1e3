//! More new-user pastes (helper "recog", fixtures in tests/fixtures/recog/, sources in its README): an Entra
//! error printed as text with its ids on the lines under it, a `Format-List` record in any property order, a
//! connector's envelope on one line. Each holds under every layer of `layered()`, with variants of its
//! category.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use serde_json::Value;

use crate::newuser_pastes::{layered, one, text};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/recog/");

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

/// Azure CLI's `ERROR: AADSTS…: …` with Entra's `Trace ID:`, `Correlation ID:` and `Timestamp:` on the
/// lines under it: one Entra error, its status the catalog's, the correlation id and the time its support
/// asks for.
#[test]
fn an_entra_error_line_takes_the_ids_printed_under_it() {
    let paste = fixture_text("az-cli-aadsts7000215-trailer-lines.txt");
    for (layer, t) in layered(&paste) {
        let d = one(text("aadsts-trailer.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["http_status"], &d["usual_status"], &d["api"]),
            (
                &Value::from("AADSTS7000215"),
                &Value::Null,
                &Value::from(401),
                &Value::from("entra")
            ),
            "{layer}"
        );
        assert_eq!(
            d["correlation"],
            serde_json::json!({"id": "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", "field": "correlation_id", "date": "2026-12-07 07:00:00Z"}),
            "{layer}"
        );
        let message = d["message"].as_str().unwrap();
        assert!(
            message.starts_with("AADSTS7000215: Invalid client secret provided.")
                && !message.contains("Trace ID"),
            "{layer}: {message}"
        );
    }
    // The category: another code alone on its line, no ids (the trace id alone, when that is all there is).
    let bare = "ERROR: AADSTS700016: Application with identifier 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' was not found in the directory 'contoso.onmicrosoft.com'.\n";
    let trace_only =
        "AADSTS7000215: Invalid client secret provided.\nTrace ID: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d\n";
    for (layer, t) in layered(bare) {
        let d = one(text("aadsts-bare.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["usual_status"], &d["correlation"]),
            (
                &Value::from("AADSTS700016"),
                &Value::from(400),
                &Value::Null
            ),
            "{layer}"
        );
    }
    for (layer, t) in layered(trace_only) {
        let d = one(text("aadsts-trace.txt", &t), layer);
        assert_eq!(d["code"], "AADSTS7000215", "{layer}");
        assert_eq!(
            d["correlation"]["id"], "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
            "{layer}"
        );
    }
}

/// A number named in passing is no error; the same error as its JSON body and as text is one error.
#[test]
fn an_entra_error_is_told_once_and_prose_not_at_all() {
    let prose = "We saw AADSTS7000215 again after the rotation.\nThe docs explain AADSTS50076: it means MFA is required.\n";
    for (layer, t) in layered(prose) {
        assert_eq!(text("prose.txt", &t), Vec::<Value>::new(), "{layer}");
    }
    let body = r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d\r\nCorrelation ID: 7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e\r\nTimestamp: 2026-12-07 07:00:00Z","error_codes":[7000215],"timestamp":"2026-12-07 07:00:00Z","trace_id":"6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d","correlation_id":"7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"}"#;
    let text_line = "ERROR: AADSTS7000215: Invalid client secret provided.";
    for (what, paste) in [
        ("body then text", format!("{body}\n{text_line}\n")),
        (
            "text then body",
            format!("MsalServiceException: {text_line}\nResponseBody: {body}\n"),
        ),
    ] {
        for (layer, t) in layered(&paste) {
            let d = one(text("twice.txt", &t), &format!("{what} {layer}"));
            assert_eq!(d["code"], "AADSTS7000215", "{what} {layer}");
            assert_eq!(
                d["correlation"]["id"], "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e",
                "{what} {layer}"
            );
        }
    }
}

/// A `Format-List` response object printed in another property order (`Select-Object` picks it): the
/// status after the `Content` is still the body's.
#[test]
fn a_format_list_records_status_is_its_bodys_in_any_order() {
    let check = |d: &Value, what: &str| {
        assert_eq!(
            (&d["code"], &d["http_status"]),
            (&Value::from("Forbidden"), &Value::from(403)),
            "{what}: {d:#}"
        );
    };
    let paste = fixture_text("ps7-iwr-select-content-first-403.txt");
    for (layer, t) in layered(&paste) {
        let d = one(text("fl-content-first.txt", &t), layer);
        check(&d, layer);
        assert_eq!(
            d["request"]["url"], "https://api.security.microsoft.com/api/machines",
            "{layer}"
        );
    }
    // The category: Invoke-AzRestMethod's record with its status last, the body pretty under its name; and
    // `RawContent` (the same response again) between the body and the status.
    let body = r#"{"error":{"code":"Forbidden","message":"Missing application roles. API required roles: Machine.Read.All, application roles: Alert.Read.All."}}"#;
    let pretty = "Content    : {\n               \"error\": {\n                 \"code\": \"Forbidden\",\n                 \"message\": \"Missing application roles. API required roles: Machine.Read.All, application roles: Alert.Read.All.\"\n               }\n             }\nHeaders    : {[Cache-Control, System.String[]]}\nVersion    : 1.1\nStatusCode : 403\nMethod     : GET\n";
    let raw = format!(
        "Content           : {body}\nRawContent        : HTTP/1.1 403 Forbidden\n                    Content-Type: application/json\n\n                    {body}\nHeaders           : {{[Content-Type, System.String[]]}}\nStatusCode        : 403\nStatusDescription : Forbidden\n"
    );
    // Two records: each keeps its own status.
    let two = format!(
        "Content    : {body}\nStatusCode : 403\n\nContent    : {}\nStatusCode : 404\n",
        r#"{"error":{"code":"ResourceNotFound","message":"Machine abc was not found."}}"#
    );
    for (what, paste) in [("pretty", pretty.to_string()), ("raw", raw)] {
        for (layer, t) in layered(&paste) {
            check(
                &one(text("fl.txt", &t), &format!("{what} {layer}")),
                &format!("{what} {layer}"),
            );
        }
    }
    for (layer, t) in layered(&two) {
        let ds = text("fl-two.txt", &t);
        let got: Vec<(&Value, &Value)> =
            ds.iter().map(|d| (&d["code"], &d["http_status"])).collect();
        assert_eq!(
            got,
            [
                (&Value::from("Forbidden"), &Value::from(403)),
                (&Value::from("ResourceNotFound"), &Value::from(404))
            ],
            "{layer}"
        );
    }
}

/// A connector's or workflow action's envelope on one line carries its status (`statusCode`, `StatusCode`,
/// `status`, or .NET's status name) to the error inside it, as the pretty form does.
#[test]
fn a_one_line_envelope_carries_its_status() {
    let paste = fixture_text("logicapps-connector-error-403-compact.json");
    for (layer, t) in layered(&paste) {
        let d = one(text("connector-compact.json", &t), layer);
        assert_eq!(d["http_status"], 403, "{layer}");
        assert_eq!(
            d["correlation"]["id"], "d10ba19e-d33f-4058-a78a-63e34c38a0e7",
            "{layer}"
        );
    }
    let error = r#"{"error":{"code":"Forbidden","message":"Missing application roles. API required roles: Machine.Isolate."}}"#;
    for key in ["statusCode", "StatusCode", "status"] {
        for (status, value) in [(409, "409"), (409, "\"409\""), (404, "\"NotFound\"")] {
            let compact = format!(
                r#"{{"{key}":{value},"headers":{{"x-ms-request-id":"11112222-3333-4444-5555-666677778888"}},"body":{error}}}"#
            );
            let parsed: Value = serde_json::from_str(&compact).unwrap();
            let pretty = serde_json::to_string_pretty(&parsed).unwrap();
            for (form, paste) in [("compact", compact), ("pretty", pretty)] {
                for (layer, t) in layered(&format!("{paste}\n")) {
                    let what = format!("{key}={value} {form} {layer}");
                    if key == "status" && value.starts_with('"') {
                        // A `status` string is a state (`Failed`), not a status.
                        continue;
                    }
                    let d = one(text("envelope.json", &t), &what);
                    assert_eq!(d["http_status"], status, "{what}");
                    assert_eq!(d["code"], "Forbidden", "{what}");
                }
            }
        }
    }
}

/// The closing line counts calls that got no response as calls, not as errors diagnosed: alone, mixed with
/// error responses, and not at all when there are none.
#[test]
fn the_closing_line_counts_calls_without_a_response_apart() {
    let transport = "curl: (6) Could not resolve host: api.securitycenter.microsoft.cm\n";
    let timeout = "curl: (28) Failed to connect to api.security.microsoft.com port 443 after 21003 ms: Timed out\n";
    let error = "ERROR: AADSTS700016: Application with identifier 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' was not found in the directory 'contoso.onmicrosoft.com'.\n";
    for (paste, last) in [
        (transport.to_string(), "1 call got no response"),
        (
            format!("{transport}{timeout}"),
            "2 calls got no response (1 transient)",
        ),
        (
            format!("{error}\n{transport}"),
            "1 error diagnosed, 1 call got no response",
        ),
        (error.to_string(), "1 error diagnosed"),
    ] {
        for format in ["human", "short"] {
            let out = assert_cmd::Command::cargo_bin("mdediag")
                .unwrap()
                .args(["--color", "never", "--format", format, "-"])
                .write_stdin(paste.clone())
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert_eq!(stdout.lines().last(), Some(last), "{format}: {stdout}");
        }
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every code `diagnose` gives a call that got no response is a code like any other: `explain` shows it
/// (any case or separators, or its kind keyword), `codes` lists it, a slip gets a did-you-mean, and JSON
/// has it too.
#[test]
fn a_no_response_code_is_explained_like_any_code() {
    let (_, json, _) = run(&["codes", "--format", "json"]);
    let listed: Vec<Value> = serde_json::from_str::<Vec<Value>>(&json)
        .unwrap()
        .into_iter()
        .filter(|v| v["family"] == "no-response")
        .collect();
    assert_eq!(listed.len(), 8, "{listed:#?}");
    let (_, table, _) = run(&["codes"]);
    for item in &listed {
        let code = item["code"].as_str().unwrap();
        assert!(code.starts_with("NoResponse."), "{code}");
        assert!(table.contains(code), "codes lists {code}");
        for query in [code.to_string(), code.to_lowercase().replace('.', "-")] {
            let (status, out, err) = run(&["explain", &query]);
            assert_eq!(status, 0, "{query}: {err}");
            assert!(out.starts_with(code), "{query}: {out}");
            assert!(
                out.contains("How to fix") && out.contains("Retry:"),
                "{out}"
            );
            let (_, json, _) = run(&["explain", "--format", "json", &query]);
            let items: Vec<Value> = serde_json::from_str(&json).unwrap();
            assert_eq!(items.len(), 1, "{query}");
            assert_eq!(
                (
                    &items[0]["code"],
                    &items[0]["http_status"],
                    &items[0]["kind"]
                ),
                (&Value::from(code), &Value::Null, &item["kind"]),
                "{query}"
            );
        }
    }
    // The kind keyword JSON's `transport.kind` prints, and the family.
    let (_, out, _) = run(&["explain", "tls-certificate"]);
    assert!(out.starts_with("NoResponse.TlsCertificate"), "{out}");
    let (_, out, _) = run(&["explain", "NoResponse"]);
    assert_eq!(out.matches("NoResponse.").count(), 8, "{out}");
    // A slip gets the code it misses; a status filter leaves them out.
    for (slip, meant) in [
        ("NoResponse.Timout", "NoResponse.Timeout"),
        ("NoRespons.Proxy", "NoResponse.Proxy"),
    ] {
        let (status, _, err) = run(&["explain", slip]);
        assert_eq!(status, 2, "{slip}");
        assert!(
            err.contains(&format!("did you mean '{meant}'")),
            "{slip}: {err}"
        );
    }
    let (_, out, _) = run(&["codes", "--status", "4xx"]);
    assert!(!out.contains("NoResponse."), "{out}");
}

/// Java's `HttpClient` (real captures, JDK 17): a failure told as an exception and its `Caused by:` chain,
/// stack frames between, is one call that got no response, of the kind its deepest cause names.
#[test]
fn a_java_exception_chain_is_one_call_without_a_response() {
    for (name, kind) in [
        (
            "java17-httpclient-unresolved-host.txt",
            "NoResponse.NameResolution",
        ),
        (
            "java17-httpclient-connect-closed.txt",
            "NoResponse.ConnectionFailed",
        ),
        (
            "java17-httpclient-tls-no-san.txt",
            "NoResponse.TlsCertificate",
        ),
    ] {
        let paste = fixture_text(name);
        for (layer, t) in layered(&paste) {
            let d = one(text("java.txt", &t), &format!("{name} {layer}"));
            assert_eq!(d["code"], kind, "{name} {layer}");
            assert_eq!(d["http_status"], Value::Null, "{name} {layer}");
        }
        // Two runs, one under the other: two calls.
        let twice = text("java-twice.txt", &format!("{paste}{paste}"));
        assert_eq!(twice.len(), 2, "{name}: {twice:#?}");
    }
    // The category: the other Java clients' exception lines.
    for (line, kind) in [
        ("Caused by: java.net.UnknownHostException: api.securitycenter.microsoft.cm", "NoResponse.NameResolution"),
        ("Exception in thread \"main\" java.net.http.HttpConnectTimeoutException: HTTP connect timed out", "NoResponse.Timeout"),
        ("java.net.SocketTimeoutException: Read timed out", "NoResponse.Timeout"),
        ("javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "NoResponse.TlsCertificate"),
    ] {
        for (layer, t) in layered(&format!("{line}\n")) {
            let d = one(text("java-line.txt", &t), &format!("{line} {layer}"));
            assert_eq!(d["code"], kind, "{line} {layer}");
        }
    }
}

/// `az rest` names the status by its reason phrase around the body (`ERROR: Forbidden({…})`): that is the
/// status, as `403 {…}` would be.
#[test]
fn a_reason_phrase_called_around_the_body_is_its_status() {
    let paste = fixture_text("az-rest-forbidden.txt");
    for (layer, t) in layered(&paste) {
        let d = one(text("az-rest.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["http_status"]),
            (&Value::from("Forbidden"), &Value::from(403)),
            "{layer}"
        );
    }
    for (reason, status) in [
        ("Bad Request", 400),
        ("Too Many Requests", 429),
        ("Not Found", 404),
    ] {
        let line = format!(
            "ERROR: {reason}({{\"error\":{{\"code\":\"X\",\"message\":\"Something went wrong here.\"}}}})\n"
        );
        let d = one(text("az-rest-reason.txt", &line), reason);
        assert_eq!(d["http_status"], status, "{reason}");
    }
}
