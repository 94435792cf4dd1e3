//! The new-user trial's pastes (tests/fixtures/newuser/, README there; the fixed ones moved to diagnose/)
//! that mdediag now reads, and their categories: each case is the fixture and a variant of another shape of
//! the same kind, so a fix that only fits the fixture fails here.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use assert_cmd::Command;
use serde_json::Value;

use crate::support::diagnose_json;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/newuser/");

/// Where fixture `name` is: still in newuser/, or moved to diagnose/ (held by every fixture-wide test).
fn path(name: &str) -> String {
    let here = format!("{DIR}{name}");
    if std::path::Path::new(&here).exists() {
        return here;
    }
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose/").to_string() + name
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mdediag-newuser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Every diagnosis of fixture `name`.
fn fixture(name: &str) -> Vec<Value> {
    let bytes = std::fs::read(path(name)).unwrap();
    diagnose_json(&bytes, &scratch(name))
}

/// Every diagnosis of `text`.
pub(crate) fn text(name: &str, text: &str) -> Vec<Value> {
    diagnose_json(text.as_bytes(), &scratch(name))
}

/// The one diagnosis there must be.
pub(crate) fn one(ds: Vec<Value>, what: &str) -> Value {
    assert_eq!(ds.len(), 1, "{what}: {ds:#?}");
    ds.into_iter().next().unwrap()
}

fn exit_code(name: &str) -> i32 {
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(path(name))
        .output()
        .unwrap();
    out.status.code().unwrap_or(-1)
}

/// `print(r.status_code, r.json())`: the status, then the body as a Python dict repr.
#[test]
fn a_python_dict_repr_after_its_status_is_the_body_with_that_status() {
    let d = one(fixture("py-requests-print-status-json-403.txt"), "403");
    assert_eq!(d["code"], "Forbidden");
    assert_eq!(d["http_status"], 403);
    assert_eq!(
        d["message"],
        "Missing application roles. API required roles: Machine.Read.All, Machine.ReadWrite.All, application roles: Alert.Read.All."
    );
    assert_eq!(d["target"], "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");
    let d = one(fixture("py-requests-print-status-json-400.txt"), "400");
    assert_eq!(
        (&d["code"], &d["http_status"], &d["message"]),
        (
            &Value::from("InvalidRequestBody"),
            &Value::from(400),
            &Value::from("Request body is incorrect")
        )
    );
    let d = one(
        fixture("py-requests-print-status-json-entra-400.txt"),
        "entra",
    );
    assert_eq!(d["http_status"], 400);
    assert_eq!(d["code"], "AADSTS7000215");
    assert_eq!(
        d["correlation"]["id"],
        "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS7000215: Invalid client secret"));
    let d = one(fixture("jupyter-print-then-raise-400.txt"), "jupyter");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("BadRequest"), &Value::from(400))
    );
    assert_eq!(
        d["message"],
        "Query could not be parsed at 'DeviceProcessEvnts' on line [1,0]"
    );
    // The category: any dict repr after a status, with Python's own literals and quotes, after any
    // prefix that names the status.
    let d = one(
        text(
            "repr.txt",
            "Request failed (429): {'error': {'code': 'TooManyRequests', 'message': \"Rate limit is exceeded. Try again in 7 seconds. Don't retry before.\", 'target': None, 'details': [], 'ok': False}}\n",
        ),
        "variant",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("TooManyRequests"), &Value::from(429))
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .ends_with("Don't retry before."));
}

/// node's `console.log(status, statusText, body)`: util.inspect's unquoted keys and single quotes.
#[test]
fn a_node_inspected_object_is_read_like_json() {
    let d = one(fixture("node-console-log-status-json-403.txt"), "403");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("Forbidden"), &Value::from(403))
    );
    assert_eq!(d["target"], "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("application roles: Alert.Read.All."));
    let d = one(fixture("node-console-log-status-json-400.txt"), "400");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("InvalidRequestBody"), &Value::from(400))
    );
    assert_eq!(exit_code("node-console-log-status-json-403.txt"), 1);
    assert_eq!(exit_code("node-console-log-status-json-400.txt"), 1);
    // The category, as node 20 prints it: a string with both quotes in back quotes and continued with `+`,
    // braces inside strings, `undefined`, a `[Object]` past the depth limit, all on one line or several.
    let d = one(
        text(
            "inspect.txt",
            "404 Not Found {\n  error: {\n    code: 'ResourceNotFound',\n    message: `Machine 'x' was \"not\" found {really}\\n` +\n      'second line',\n    target: 't-node',\n    extra: undefined,\n    inner: { deep: [Object] }\n  }\n}\n",
        ),
        "multi-line variant",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("ResourceNotFound"), &Value::from(404))
    );
    assert_eq!(
        d["message"],
        "Machine 'x' was \"not\" found {really}\nsecond line"
    );
    let d = one(
        text("inline.txt", "failed: 409 { error: { code: 'ActiveRequestAlreadyExists', message: 'Action is already in progress' } }\n"),
        "one-line variant",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (
            &Value::from("ActiveRequestAlreadyExists"),
            &Value::from(409)
        )
    );
}

/// An inspected response object (axios's error, fetch's `Response`): status, headers, URL and method are
/// the exchange's, the body (`data`, or the body printed next) names the error.
#[test]
fn an_inspected_response_object_gives_status_headers_and_request() {
    let d = one(fixture("node-axios-error-429.txt"), "axios");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("TooManyRequests"), &Value::from(429))
    );
    assert_eq!(d["retry"]["after_seconds"], 45);
    assert_eq!(d["operation"]["name"], "advanced-hunting-run");
    assert_eq!(d["request"]["method"], "POST");
    assert_eq!(d["target"], "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f");
    let d = one(
        fixture("node-fetch-response-inspect-then-body-429.txt"),
        "fetch",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("TooManyRequests"), &Value::from(429))
    );
    assert_eq!(d["retry"]["after_seconds"], 37);
    assert_eq!(d["operation"]["name"], "advanced-hunting-run");
    // The body past node's depth limit (`data: { error: [Object] }`): a 403 whose body was not shown, with
    // the correlation id of its headers, and exit 1.
    let d = one(fixture("node-error-depth-limited-arm-403.txt"), "depth");
    assert_eq!(
        (&d["http_status"], &d["shape"]),
        (&Value::from(403), &Value::from("body-lost"))
    );
    assert_eq!(
        d["correlation"]["id"],
        "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
    );
    assert_eq!(exit_code("node-error-depth-limited-arm-403.txt"), 1);
    // The category: an axios error of another status, with its stack, `[Symbol(…)]` keys and a circular
    // request, and the body printed as a string.
    let d = one(
        text(
            "axios-variant.txt",
            "AxiosError: Request failed with status code 404\n    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)\n    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:599:11) {\n  code: 'ERR_BAD_REQUEST',\n  config: { method: 'get', url: 'https://api.security.microsoft.com/api/alerts/da123' },\n  request: <ref *1> ClientRequest { _header: 'GET /api/alerts/da123 HTTP/1.1', [Symbol(kOutHeaders)]: [Object: null prototype] { accept: [Array] } },\n  response: {\n    status: 404,\n    headers: AxiosHeaders { 'request-id': 'rid-404' },\n    data: '{\"error\":{\"code\":\"NotFound\",\"message\":\"Alert da123 was not found\"}}'\n  }\n}\n",
        ),
        "axios variant",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&Value::from("NotFound"), &Value::from(404))
    );
    assert_eq!(
        d["request"]["url"],
        "https://api.security.microsoft.com/api/alerts/da123"
    );
    assert_eq!(d["request"]["method"], "GET");
}

/// wget prints its next line (`Connecting to …`, `Resolving …`) under the `--date--  URL` line: a line
/// that ends in a URL, then a sentence, is two lines, however long the URL line is.
#[test]
fn a_url_line_is_not_glued_to_the_sentence_under_it() {
    for (name, url) in [
        (
            "wget-S-proxy-403.txt",
            "https://api.security.microsoft.com/api/machines",
        ),
        (
            "wget-S-proxy-get-machine-404.txt",
            "https://api.security.microsoft.com/api/machines/deadbeef",
        ),
    ] {
        let d = fixture(name);
        assert!(!d.is_empty(), "{name}");
        for d in d {
            assert_eq!(d["request"]["url"], url, "{name}");
        }
    }
    let real = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real-clients/wget-S-content-on-error-403.txt"
    ))
    .unwrap();
    for d in diagnose_json(&real, &scratch("wget-real.txt")) {
        assert!(
            d["request"]["url"].as_str().unwrap().ends_with("/isolate"),
            "{d:#?}"
        );
    }
    // The category: any client line that starts a sentence under a long URL line.
    let d = one(
        text(
            "url-then-sentence.txt",
            "--2026-12-07 06:54:25--  https://api.security.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/offboard\nResolving api.security.microsoft.com (api.security.microsoft.com)... 20.1.2.3\nHTTP request sent, awaiting response... 403 Forbidden\n2026-12-07 06:54:25 ERROR 403: Forbidden.\n",
        ),
        "resolving",
    );
    assert!(d["request"]["url"].as_str().unwrap().ends_with("/offboard"));
}

/// PowerShell 7's ConciseView word-wraps a message at blanks and trims them; a console cuts at its width
/// inside a word. The blank goes back where the piece broke before the width.
#[test]
fn a_concise_view_word_wrap_gets_its_blank_back() {
    let d = one(fixture("ps7-concise-80col-403.txt"), "403");
    assert_eq!(
        d["message"],
        "Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All."
    );
    let found = serde_json::to_string(&d["details"]).unwrap();
    assert!(found.contains("Machine.Isolate"), "{found}");
    let d = one(fixture("ps7-concise-80col-404.txt"), "404");
    assert_eq!(
        d["message"],
        "Machine 1e5bc9d7e413ddd7902c2932e418702b84d0cc07 was not found"
    );
    // A cut at the window's width (the piece as wide as the widest line) is joined without a blank.
    let cut = "Invoke-RestMethod:\nLine |\n   4 |  Invoke-RestMethod -Method Post -Uri $uri\n     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n     | {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, applicat\n     | ion roles: Machine.Read.All.\",\"target\":\"t-ps7\"}}\n";
    let d = one(text("cut.txt", cut), "cut");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("application roles: Machine.Read.All."));
    // A word wrap at another width (100 columns).
    let wrapped = "Invoke-RestMethod: C:\\s\\x.ps1:3\nLine |\n   3 |  Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body $body -ContentType 'applicati …\n     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n     | {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles:\n     | Machine.Isolate, application roles: Machine.Read.All.\",\"target\":\"t-100\"}}\n";
    let d = one(text("wrap100.txt", wrapped), "100 columns");
    assert_eq!(
        d["message"],
        "Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All."
    );
}

/// A request line pasted above its status line and body (`POST URL` / `400 Bad Request` / body): both are
/// the body's.
#[test]
fn a_pasted_request_and_status_line_go_with_the_body_under_them() {
    for name in [
        "request-line-status-line-body-400.txt",
        "teams-request-status-body-crlf.txt",
    ] {
        let d = one(fixture(name), name);
        assert_eq!(
            (&d["code"], &d["http_status"]),
            (&Value::from("InvalidRequestBody"), &Value::from(400)),
            "{name}"
        );
        assert_eq!(d["operation"]["name"], "isolate-machine", "{name}");
        assert_eq!(d["request"]["method"], "POST", "{name}");
    }
    // The category: a path with the protocol, another status, a pretty body.
    let d = one(
        text(
            "req-variant.txt",
            "GET /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07 HTTP/1.1\n404 Not Found\n{\n  \"error\": {\"code\": \"ResourceNotFound\", \"message\": \"Machine was not found\"}\n}\n",
        ),
        "variant",
    );
    assert_eq!(
        (&d["http_status"], &d["operation"]["name"]),
        (&Value::from(404), &Value::from("get-machine"))
    );
    // A line of prose that starts with a method is no request line.
    let d = one(
        text(
            "prose.txt",
            "POST requests to the API fail for us since today\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Forbidden\"}}\n",
        ),
        "prose",
    );
    assert_eq!(d["request"], Value::Null);
}

/// An image pasted instead of text: the binary note and exit 2, though its first line holds no NUL.
#[test]
fn an_image_gets_the_binary_note() {
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(format!("{DIR}screenshot-of-error.png"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("NUL bytes") || err.contains("binary"), "{err}");
}

/// A structured log record with the body nested in a string field: the status, method, URL and response
/// headers in its sibling fields (dotted or nested, under ECS's or other loggers' names) are the body's.
#[test]
fn a_log_records_sibling_fields_are_the_bodys_exchange() {
    for name in [
        "ecs-log-status-url-in-sibling-fields.ndjson",
        "json-log-status-url-in-sibling-fields.log",
    ] {
        let ds = fixture(name);
        assert_eq!(ds.len(), 2, "{name}: {ds:#?}");
        assert_eq!(
            (&ds[0]["http_status"], &ds[0]["operation"]["name"]),
            (&Value::from(403), &Value::from("isolate-machine")),
            "{name}"
        );
        assert_eq!(
            (&ds[1]["http_status"], &ds[1]["operation"]["name"]),
            (&Value::from(429), &Value::from("list-alerts")),
            "{name}"
        );
        assert_eq!(ds[1]["retry"]["after_seconds"], 12, "{name}");
    }
    // The category: OpenTelemetry's older names (`http.status_code`, `http.url`, `http.method`), dotted.
    let d = one(
        text(
            "otel.ndjson",
            "{\"severity\":\"ERROR\",\"http.method\":\"PATCH\",\"http.url\":\"https://api.security.microsoft.com/api/alerts/da637\",\"http.status_code\":404,\"exception.message\":\"{\\\"error\\\":{\\\"code\\\":\\\"NotFound\\\",\\\"message\\\":\\\"Alert da637 was not found\\\"}}\"}\n",
        ),
        "otel",
    );
    assert_eq!(
        (&d["http_status"], &d["request"]["method"]),
        (&Value::from(404), &Value::from("PATCH"))
    );
}

/// An Entra error printed as text (Azure CLI's `ERROR: AADSTS…: …`): found by its code even when the
/// catalog does not know the message, with the correlation id as the support id.
#[test]
fn an_entra_error_in_text_is_found_with_its_correlation_id() {
    let d = one(fixture("az-cli-aadsts700082.txt"), "700082");
    assert_eq!(d["code"], "AADSTS700082");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS700082: The refresh token has expired"));
    assert_eq!(
        d["correlation"]["id"],
        "8c9d0e1f-2a3b-4c4d-5e6f-7a8b9c0d1e2f"
    );
    assert_eq!(exit_code("az-cli-aadsts700082.txt"), 1);
    let d = one(fixture("az-cli-aadsts7000215-known-code.txt"), "7000215");
    assert_eq!(d["code"], "AADSTS7000215");
    assert_eq!(
        d["correlation"]["id"],
        "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"
    );
    // The category: another code and client (MSAL's exception text), a short message.
    let d = one(
        text(
            "msal.txt",
            "MsalUiRequiredException: AADSTS50076: Due to a configuration change you must use multi-factor authentication. Trace ID: 1b2c Correlation ID: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d Timestamp: 2026-12-07 07:00:00Z\n",
        ),
        "msal",
    );
    assert_eq!(d["code"], "AADSTS50076");
    assert_eq!(
        d["correlation"]["id"],
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    );
}

/// wget hides a 401's body and prints its own "Username/Password Authentication Failed." instead: the
/// bearer challenge's reason (expired) is the cause, not a proxy's page, and for another API the summary
/// names that API (real wget 1.21 through a proxy, MDE and ARM).
#[test]
fn a_hidden_401_body_is_explained_by_its_challenge_for_the_api_called() {
    for (name, api) in [
        ("wget-S-401-body-hidden.txt", "mde"),
        ("wget-S-arm-401-body-hidden.txt", "arm"),
    ] {
        let d = one(fixture(name), name);
        assert_eq!(d["api"], api, "{name}");
        assert_eq!(d["details"][0]["name"], "www-authenticate", "{name}: {d:#}");
        assert!(
            d["fix"][0]
                .as_str()
                .unwrap()
                .starts_with("Request a new token"),
            "{name}"
        );
        assert!(
            !d["request"]["url"].as_str().unwrap().contains("Connecting"),
            "{name}"
        );
        if api != "mde" {
            assert!(!d["summary"].as_str().unwrap().contains("MDE"), "{name}");
        }
    }
}

/// One failed call that a client report prints in parts a few lines apart (the status with the headers,
/// the body under another field, the request under a third) is one diagnosis, with what each part adds:
/// PowerShell 7's `Get-Error`, Windows PowerShell's `Format-List`, a `Write-Host` catch block, MSAL.NET's
/// exception text, urllib's `print(e)` / `print(e.headers)` / body, and a GitHub issue with the body above
/// the quoted status.
#[test]
fn one_exchange_printed_in_parts_is_one_diagnosis() {
    let d = one(fixture("ps7-get-error-403.txt"), "Get-Error");
    assert_eq!(
        (&d["code"], &d["http_status"], &d["operation"]["name"]),
        (&"Forbidden".into(), &403.into(), &"isolate-machine".into())
    );
    assert!(
        d["token"].is_object(),
        "the request's bearer is judged: {d:#}"
    );
    let d = one(fixture("ps51-error-format-list-429.txt"), "Format-List");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"TooManyRequests".into(), &429.into())
    );
    let d = one(
        fixture("ps-write-host-statuscode-body-404.txt"),
        "Write-Host",
    );
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"ResourceNotFound".into(), &404.into())
    );
    let d = one(fixture("msal-net-exception-500011.txt"), "MSAL.NET");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"AADSTS500011".into(), &400.into())
    );
    let d = one(fixture("github-issue-graph-403.md"), "issue");
    assert_eq!(d["api"], "graph");
    let d = one(
        fixture("py-urllib-print-headers-body-traceback-arm-403.txt"),
        "urllib",
    );
    assert_eq!(
        (&d["code"], &d["http_status"], &d["api"]),
        (&"AuthorizationFailed".into(), &403.into(), &"arm".into())
    );
    assert_eq!(
        d["correlation"]["id"],
        "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
    );
}

/// The same, in other clients' words and under the layers copying adds.
#[test]
fn one_exchange_printed_in_parts_is_one_diagnosis_in_other_words() {
    let body = r#"{"error":{"code":"ResourceNotFound","message":"Machine m was not found","target":"t1"}}"#;
    // A log prefix on every line; .NET's `ReasonPhrase` for PowerShell's `StatusDescription`.
    let logged = format!(
        "2026-12-07 07:00:00,001 ERROR mde - StatusCode: 404\n\
         2026-12-07 07:00:00,002 ERROR mde - ReasonPhrase: Not Found\n\
         2026-12-07 07:00:00,003 ERROR mde - {body}\n"
    );
    let d = one(text("logged.txt", &logged), "logged");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"ResourceNotFound".into(), &404.into())
    );
    // A markdown quote around a Windows PowerShell record: the status under `Exception`, fields, the
    // body under `ErrorDetails`.
    let quoted = "> Exception             : System.Net.WebException: The remote server returned an error: (404) Not Found.\n\
         >                            at Microsoft.PowerShell.Commands.WebRequestPSCmdlet.GetResponse(WebRequest request)\n\
         > TargetObject          : System.Net.HttpWebRequest\n\
         > CategoryInfo          : InvalidOperation: (System.Net.HttpWebRequest:HttpWebRequest) [Invoke-RestMethod], WebException\n\
         > FullyQualifiedErrorId : WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand\n"
        .to_string()
        + "> ErrorDetails          : "
        + body
        + "\n";
    let d = one(text("quoted.txt", &quoted), "quoted");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"ResourceNotFound".into(), &404.into())
    );
    // Java's line, then the headers, then the body: the headers' id goes with it.
    let java = format!(
        "java.io.IOException: Server returned HTTP response code: 404 for URL: https://api.security.microsoft.com/api/machines/m\n\
         request-id: 11111111-2222-4333-8444-555555555555\n\
         Content-Type: application/json\n\n{body}\n"
    );
    let d = one(text("java.txt", &java), "java");
    assert_eq!(
        (&d["code"], &d["http_status"]),
        (&"ResourceNotFound".into(), &404.into())
    );
    assert_eq!(
        d["request"]["url"], "https://api.security.microsoft.com/api/machines/m",
        "the header under the URL is not its rest"
    );
    assert_eq!(
        d["correlation"]["id"], "t1",
        "the body's target, with the header's id beside it"
    );
}

/// Two failures in a row stay two: a status line whose body's code names another status, a second status
/// line, a new request between them.
#[test]
fn two_exchanges_printed_close_together_stay_two() {
    let other =
        r#"{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded.","target":"t2"}}"#;
    let far = format!(
        "urllib.error.HTTPError: HTTP Error 404: Not Found\n\
         TargetObject : x\nCategoryInfo : y\nFullyQualifiedErrorId : z\nInvocationInfo : w\n{other}\n"
    );
    assert_eq!(text("far.txt", &far).len(), 2, "a 429 body is no 404's");
    let two = "urllib.error.HTTPError: HTTP Error 404: Not Found\n\
               urllib.error.HTTPError: HTTP Error 403: Forbidden\n"
        .to_string()
        + other
        + "\n";
    let ds = text("two.txt", &two);
    assert_eq!(ds.len(), 2, "another status is another call: {ds:#?}");
    assert_eq!(
        (&ds[0]["http_status"], &ds[0]["code_sent"]),
        (&404.into(), &Value::Null)
    );
    let body = r#"{"error":{"code":"ResourceNotFound","message":"m","target":"t3"}}"#;
    let request = format!(
        "urllib.error.HTTPError: HTTP Error 404: Not Found\nHTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{body}\n"
    );
    assert_eq!(
        text("req.txt", &request).len(),
        2,
        "a new head is a new exchange"
    );
}

/// A workflow's `result('Try')` array (Logic Apps, Power Automate): the failed action's outputs are the
/// response, its inputs name the call; the action skipped because of it made no call. And a managed
/// connector's envelope: the status and the ids its message ends with.
#[test]
fn a_workflow_action_result_is_read_from_its_outputs_and_inputs() {
    let d = one(
        fixture("logicapps-catch-result-scope-400.json"),
        "result('Try')",
    );
    assert_eq!(
        (&d["code"], &d["http_status"], &d["operation"]["name"]),
        (
            &"ActiveRequestAlreadyExists".into(),
            &400.into(),
            &"isolate-machine".into()
        )
    );
    // Another action, another client's spelling (`url`), compact, after a log prefix.
    let variant = r#"2026-12-07T07:00:02Z WARN flow - [{"name":"Get_machine","inputs":{"method":"GET","url":"https://api.security.microsoft.com/api/machines/abc"},"outputs":{"statusCode":404,"headers":{"request-id":"aa-bb"},"body":{"error":{"code":"ResourceNotFound","message":"Machine abc was not found","target":"t9"}}},"status":"Failed","code":"NotFound"},{"name":"Next","status":"Skipped","startTime":"2026-12-07T07:00:02Z","error":{"code":"ActionConditionFailed","message":"skipped"}}]"#;
    let d = one(text("flow.log", variant), "variant");
    assert_eq!(
        (&d["code"], &d["http_status"], &d["request"]["method"]),
        (&"ResourceNotFound".into(), &404.into(), &"GET".into())
    );
    let d = one(
        fixture("logicapps-defender-connector-error-403.json"),
        "connector",
    );
    assert_eq!(d["http_status"], 403);
    assert_eq!(
        d["correlation"]["id"],
        "d10ba19e-d33f-4058-a78a-63e34c38a0e7"
    );
    // The connector's envelope as the body of an action's outputs, compact.
    let nested = r#"{"statusCode":429,"body":{"status":429,"message":"Rate limit is exceeded.\r\nclientRequestId: 1a2b\r\nserviceRequestId: 3c4d-5e6f","error":{"message":"Rate limit is exceeded."},"source":"x"}}"#;
    let d = one(text("nested.json", nested), "nested");
    assert_eq!(d["http_status"], 429);
    assert_eq!(d["correlation"]["id"], "3c4d-5e6f");
}

/// A client's status line with the body after it on the same line (`logging` of requests' error and the
/// body): the URL it names is the call, up to its end, not the rest of the line.
#[test]
fn the_url_of_a_status_line_with_its_body_is_the_request() {
    let d = one(
        fixture("python-logging-for-url-and-response-403.txt"),
        "logging",
    );
    assert_eq!(d["operation"]["name"], "isolate-machine");
    // Another wording after the URL, quoted in a reply.
    let quoted = r#"> WARNING root: 404 Client Error: Not Found for url: https://api.security.microsoft.com/api/machines/abc response={"error":{"code":"ResourceNotFound","message":"Machine abc was not found","target":"t"}}"#;
    let d = one(text("quoted.txt", quoted), "quoted");
    assert_eq!(
        d["request"]["url"],
        "https://api.security.microsoft.com/api/machines/abc"
    );
    assert_eq!(d["http_status"], 404);
}

/// A `Retry-After` told inside a log message is the delay to wait, under any logger's prefix.
#[test]
fn a_retry_after_told_in_a_log_message_is_the_delay() {
    let ds = fixture("sentinel-playbook-retry-after-inline.log");
    let d = ds.iter().find(|d| d["http_status"] == 429).unwrap();
    assert_eq!(d["retry"]["after_seconds"], 30);
    let line = "Dec 07 07:00:03 host playbook[12]: WARN call failed status=429 retry-after=45 request-id=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\n";
    let d = one(text("syslog.txt", line), "syslog");
    assert_eq!(d["retry"]["after_seconds"], 45, "{d:#}");
}

/// A transcript indented as a whole (a code block, a list item, a reply) reads as it does flush left: the
/// paragraph's margin is a layer (wget's own two-blank indentation of its response lines stays its own).
/// A `GET`-or-`PATCH` route read without its method asserts neither operation.
#[test]
fn an_indented_transcript_reads_as_one_exchange() {
    for name in ["wget-S-proxy-403.txt", "wget-S-proxy-get-machine-404.txt"] {
        let flush = one(fixture(name), name);
        let bytes = std::fs::read_to_string(path(name)).unwrap();
        for margin in ["  ", "    ", "      "] {
            let indented: String = bytes.lines().map(|l| format!("{margin}{l}\n")).collect();
            let d = one(text(name, &indented), name);
            for key in ["code", "http_status", "operation", "correlation"] {
                assert_eq!(
                    d[key],
                    flush[key],
                    "{name} indented by {}: {key}",
                    margin.len()
                );
            }
        }
    }
    let d = one(fixture("wget-S-proxy-get-machine-404.txt"), "get-machine");
    assert_eq!(d["operation"], Value::Null, "no method shown: {d:#}");
}

/// A response whose body was lost to node's depth limit, with only ARM's `x-ms-correlation-request-id`
/// left: the API is ARM, not the Defender API the status's generic entry belongs to.
#[test]
fn arm_correlation_header_names_the_api() {
    let d = one(fixture("node-error-depth-limited-arm-403.txt"), "depth");
    assert_eq!(d["api"], "arm", "{d}");
    let head = |name: &str| {
        format!("HTTP/1.1 403 Forbidden\n{name}: 6f1c2b7a-0d2e-4a57-9d7e-1f2a3b4c5d6e\n\n")
    };
    let d = one(
        text("arm-head.txt", &head("x-ms-correlation-request-id")),
        "arm",
    );
    assert_eq!(d["api"], "arm", "{d}");
    // Graph's and the Defender API's request-id is no sign of ARM.
    let d = one(text("graph-head.txt", &head("request-id")), "request-id");
    assert_ne!(d["api"], "arm", "{d}");
}

/// `text` under each layer copying adds, with the layer's name: as it is, a log prefix on every line, a
/// markdown quote, an indented block, CRLF line ends, the whole paste as one JSON string of a structured
/// log record, and long lines hard-wrapped at 120 columns (a mail client, a terminal).
pub(crate) fn layered(text: &str) -> Vec<(&'static str, String)> {
    let each = |f: &dyn Fn(&str) -> String| text.lines().map(f).collect::<String>();
    let record = format!(
        "{{\"time\":\"2026-12-07T07:00:00.123Z\",\"level\":\"error\",\"msg\":{}}}\n",
        Value::from(text)
    );
    let wrapped = each(&|l| {
        let chars: Vec<char> = l.chars().collect();
        let mut out = String::new();
        for piece in chars.chunks(120) {
            out.extend(piece);
            out.push('\n');
        }
        if chars.is_empty() {
            out.push('\n');
        }
        out
    });
    vec![
        ("plain", text.to_string()),
        (
            "log prefix",
            each(&|l| format!("2026-12-07T07:00:00.123Z INFO  {l}\n")),
        ),
        ("markdown quote", each(&|l| format!("> {l}\n"))),
        ("indented", each(&|l| format!("    {l}\n"))),
        ("crlf", each(&|l| format!("{l}\r\n"))),
        ("json string", record),
        ("wrapped", wrapped),
    ]
}

/// PowerShell's `Format-List` view of a response object (Az.Accounts' `PSHttpResponse` from
/// `Invoke-AzRestMethod`, PowerShell 7's `BasicHtmlWebResponseObject` from `Invoke-WebRequest
/// -SkipHttpErrorCheck`): `Name : value` lines, a long value wrapped under itself. The status, the body
/// under `Content` and the request of one object are one response; `RawContent` (the same response again)
/// is no second one. The property names, their order and the wrapped `Headers` and `Content` are those of
/// the examples on Microsoft's Invoke-AzRestMethod page (Az.Accounts) and of PowerShell 7's
/// WebResponseObject (`StatusCode`, `StatusDescription`, `Content`, `RawContent`, `Headers`, ...).
#[test]
fn a_format_list_response_object_is_one_response() {
    let arm = |d: &Value, what: &str| {
        assert_eq!(
            (&d["code"], &d["http_status"], &d["api"]),
            (
                &Value::from("AuthorizationFailed"),
                &Value::from(403),
                &Value::from("arm")
            ),
            "{what}: {d:#}"
        );
        let fix = d["fix"].to_string();
        assert!(!fix.contains("WindowsDefenderATP"), "{what}: {fix}");
    };
    let d = one(
        fixture("az-powershell-invoke-azrestmethod-arm-403.txt"),
        "az",
    );
    arm(&d, "fixture");
    assert_eq!(d["request"]["method"], "GET");
    assert_eq!(
        d["request"]["url"],
        "https://management.azure.com/subscriptions/ssss/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/incidents?api-version=2024-03-01"
    );
    let message = "The client 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' with object id 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' does not have authorization to perform action 'Microsoft.SecurityInsights/incidents/write' over scope '/subscriptions/ssss/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/incidents/i1' or the scope is invalid. If access was recently granted, please refresh your credentials.";
    // The Headers value wrapped, the Content pretty-printed under its name (the docs' first example).
    let pretty = format!(
        "PS C:\\> Invoke-AzRestMethod -Path \"/subscriptions/ssss/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/incidents/i1?api-version=2024-03-01\" -Method PUT -Payload $body\n\n\
Headers    : {{[Cache-Control, System.String[]], [Pragma, System.String[]], [x-ms-failure-cause, System.String[]], [x-ms-request-id,\n             System.String[]]…}}\n\
Version    : 1.1\nStatusCode : 403\nMethod     : PUT\n\
Content    : {{\n               \"error\": {{\n                 \"code\": \"AuthorizationFailed\",\n                 \"message\": \"{message}\"\n               }}\n             }}\n"
    );
    // The Content cut at the console's width and wrapped under itself (the docs' SQL example).
    let compact = format!(r#"{{"error":{{"code":"AuthorizationFailed","message":"{message}"}}}}"#);
    let mut wrapped = String::from("Headers    : {[Cache-Control, System.String[]], [Pragma, System.String[]]…}\nVersion    : 1.1\nStatusCode : 403\nMethod     : PUT\n");
    let chars: Vec<char> = compact.chars().collect();
    for (i, piece) in chars.chunks(120).enumerate() {
        let piece: String = piece.iter().collect();
        let name = if i == 0 {
            "Content    : "
        } else {
            "             "
        };
        wrapped.push_str(&format!("{name}{piece}\n"));
    }
    for (what, paste) in [("pretty", &pretty), ("wrapped", &wrapped)] {
        for (layer, t) in layered(paste) {
            if what == "wrapped" && layer == "wrapped" {
                // A console's wrap wrapped again at another width: no paste is made so.
                continue;
            }
            let d = one(text("azrest.txt", &t), &format!("{what} {layer}"));
            arm(&d, &format!("{what} {layer}"));
            assert_eq!(d["message"], message, "{what} {layer}");
            if what == "pretty" {
                assert_eq!(d["request"]["method"], "PUT", "{what} {layer}");
            }
        }
    }
    // Invoke-WebRequest's response object: status, description, Content, then RawContent repeating it.
    let body = r#"{"error":{"code":"Forbidden","message":"Missing application roles. API required roles: Machine.Read.All, Machine.ReadWrite.All, application roles: Alert.Read.All.","target":"9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"}}"#;
    let iwr = format!(
        "PS /home/dev> Invoke-WebRequest -Uri https://api.security.microsoft.com/api/machines -Headers $h -SkipHttpErrorCheck | Format-List\n\n\
StatusCode        : 403\nStatusDescription : Forbidden\nContent           : {body}\n\
RawContent        : HTTP/1.1 403 Forbidden\n                    Transfer-Encoding: chunked\n                    request-id: 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b\n                    Content-Type: application/json; charset=utf-8\n\n                    {body}\n\
Headers           : {{[Transfer-Encoding, System.String[]], [request-id, System.String[]], [Content-Type, System.String[]]}}\n\
Images            : {{}}\nInputFields       : {{}}\nLinks             : {{}}\nRawContentLength  : 207\nRelationLink      : {{}}\n"
    );
    for (layer, t) in layered(&iwr) {
        let d = one(text("iwr.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["http_status"], &d["api"]),
            (
                &Value::from("Forbidden"),
                &Value::from(403),
                &Value::from("mde")
            ),
            "{layer}"
        );
        assert_eq!(
            d["request"]["url"], "https://api.security.microsoft.com/api/machines",
            "{layer}"
        );
    }
}

/// A 401 whose message says the token's lifetime is over ("The access token expiry UTC time '…' is earlier
/// than current UTC time '…'.", the wording of Azure's token validation, as the Defender connector and ARM
/// pass it on): the first fix is a new token, read from the message whatever wraps it.
#[test]
fn an_expired_token_message_puts_a_new_token_first() {
    let first_fix = |d: &Value| d["fix"][0].as_str().unwrap().to_string();
    let d = one(
        fixture("logicapps-defender-connector-outputs-401-expired.json"),
        "connector",
    );
    assert_eq!(d["http_status"], 401);
    assert!(first_fix(&d).starts_with("Fetch a new token"), "{d:#}");
    let message = "The access token expiry UTC time '12/7/2026 6:00:00 AM' is earlier than current UTC time '12/7/2026 7:00:00 AM'.";
    let pastes = [
        format!("HTTP/1.1 401 Unauthorized\nrequest-id: 5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e\n\n{{\"error\":{{\"code\":\"Unauthorized\",\"message\":\"{message}\",\"target\":\"5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e\"}}}}\n"),
        format!("{{\"status\":401,\"message\":\"{message}\\r\\nclientRequestId: 5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e\",\"error\":{{\"message\":\"{message}\"}},\"source\":\"wdatp-weu.azconn-weu-001.p.azurewebsites.net\"}}\n"),
        format!("401 {{'error': {{'code': 'Unauthorized', 'message': \"{message}\"}}}}\n"),
    ];
    for (i, paste) in pastes.iter().enumerate() {
        for (layer, t) in layered(paste) {
            let d = one(text("expired.txt", &t), &format!("{i} {layer}"));
            assert_eq!(d["code"], "Unauthorized", "{i} {layer}");
            assert!(
                first_fix(&d).starts_with("Fetch a new token"),
                "{i} {layer}: {d:#}"
            );
        }
    }
    // ARM's own code for it keeps ARM's steps (a token for Azure management).
    let arm = format!(
        "{{\"error\":{{\"code\":\"ExpiredAuthenticationToken\",\"message\":\"{message}\"}}}}\n"
    );
    let d = one(text("arm.txt", &arm), "arm");
    assert_eq!(d["api"], "arm");
    assert!(first_fix(&d).contains("management.azure.com"), "{d:#}");
}

/// AADSTS700082 (ExpiredOrRevokedGrantInactiveToken, Microsoft Entra's error reference): a refresh token
/// unused too long. Found in any client's words: the Azure CLI's `ERROR:` line, the token endpoint's body,
/// a log line, under the layers.
#[test]
fn an_inactive_refresh_token_is_an_entra_error_to_sign_in_again() {
    let check = |d: &Value, what: &str| {
        assert_eq!(
            (&d["code"], &d["known"], &d["api"]),
            (
                &Value::from("AADSTS700082"),
                &Value::from(true),
                &Value::from("entra")
            ),
            "{what}: {d:#}"
        );
        assert!(
            d["fix"][0].as_str().unwrap().starts_with("Sign in again"),
            "{what}: {d:#}"
        );
        assert_eq!(d["suggestion"], Value::Null, "{what}: no did-you-mean");
    };
    check(&one(fixture("az-cli-aadsts700082.txt"), "az"), "az");
    let description = "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-09-01T07:00:00.0000000Z and was inactive for 90.00:00:00. Trace ID: 7b8c9d0e-1f2a-4b3c-8d5e-6f7a8b9c0d1e Correlation ID: 8c9d0e1f-2a3b-4c4d-9e6f-7a8b9c0d1e2f Timestamp: 2026-12-07 07:00:00Z";
    let pastes = [
        format!("{{\"error\":\"invalid_grant\",\"error_description\":\"{description}\",\"error_codes\":[700082]}}\n"),
        format!("Connect-AzAccount : {description}\n"),
        format!("msal.exceptions: invalid_grant: {description}\n"),
    ];
    for (i, paste) in pastes.iter().enumerate() {
        for (layer, t) in layered(paste) {
            check(
                &one(text("aadsts.txt", &t), &format!("{i} {layer}")),
                &format!("{i} {layer}"),
            );
        }
    }
}

/// A value read from a message that is only an id the message shows anyway (the app id of AADSTS7000215
/// and AADSTS7000222) is no finding of its own; a secret echoed in the command stays hidden.
#[test]
fn an_id_read_from_the_message_is_no_finding_of_its_own() {
    let name = "ps51-entra-secret-in-command-echo.txt";
    let d = one(fixture(name), name);
    assert!(!d.to_string().contains("Qx8Q~"), "the secret leaked: {d:#}");
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(path(name))
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(!human.contains("detail:"), "{human}");
    assert!(!human.contains("Qx8Q~"), "{human}");
    let expired = r#"{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app '6ca19159-7e22-47e9-a91b-f96dc96897a0' are expired. Visit the Azure portal to create new keys for your app.","error_codes":[7000222]}"#;
    for (layer, t) in layered(&format!("{expired}\n")) {
        let d = one(text("secret-expired.txt", &t), layer);
        assert_eq!(d["code"], "AADSTS7000222", "{layer}");
        let details = d["details"].to_string();
        assert!(!details.contains("\"detail\""), "{layer}: {details}");
    }
    // A detail that is not a bare id is still told: the scope AADSTS70011 names.
    let scope = r#"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://api.securitycenter.microsoft.com/Machine.Read is not valid.","error_codes":[70011]}"#;
    let d = one(text("scope.txt", scope), "scope");
    assert!(d["details"].to_string().contains("Machine.Read"), "{d:#}");
}

/// A body a script printed (`print(r.status_code, r.json())`, a dict repr) and the traceback
/// `raise_for_status()` raised under it are one failure: the traceback's `… for url: URL` names its
/// request, so its operation. The message of a KQL error (the parser's `Query could not be parsed at '…'
/// on line […]`, the semantic `'…' operator: Failed to resolve scalar expression named '…'` of Microsoft's
/// advanced hunting errors page) makes the query's syntax the first fix.
#[test]
fn a_printed_body_takes_the_request_of_the_traceback_under_it() {
    let check = |d: &Value, what: &str| {
        assert_eq!(
            (&d["code"], &d["http_status"], &d["operation"]["name"]),
            (
                &Value::from("BadRequest"),
                &Value::from(400),
                &Value::from("advanced-hunting-run")
            ),
            "{what}: {d:#}"
        );
        assert!(
            d["fix"][0]
                .as_str()
                .unwrap()
                .starts_with("Fix the query itself"),
            "{what}: {d:#}"
        );
    };
    check(
        &one(fixture("jupyter-print-then-raise-400.txt"), "jupyter"),
        "jupyter",
    );
    let url = "https://api.security.microsoft.com/api/advancedqueries/run";
    // A script run in a terminal: `print(r.json())` (no status printed), then Python's own traceback.
    let script = format!(
        "{{'error': {{'code': 'BadRequest', 'message': \"'project' operator: Failed to resolve scalar expression named 'DeviceNam'\", 'target': '66ff7788-9900-4aab-8bcc-ddeeff001122'}}}}\n\
Traceback (most recent call last):\n  File \"/home/dev/mde/hunt.py\", line 14, in <module>\n    r.raise_for_status()\n  File \"/usr/lib/python3/dist-packages/requests/models.py\", line 1021, in raise_for_status\n    raise HTTPError(http_error_msg, response=self)\n\
requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: {url}\n"
    );
    for (layer, t) in layered(&script) {
        let d = one(text("traceback.txt", &t), layer);
        check(&d, layer);
        assert_eq!(d["request"]["url"], url, "{layer}");
    }
    // Another call's traceback (another status) is not this body's.
    let other = "400 {'error': {'code': 'BadRequest', 'message': \"Query could not be parsed at 'x' on line [1,0]\"}}\nrequests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.security.microsoft.com/api/machines/x\n";
    let ds = text("other.txt", other);
    assert_eq!(ds.len(), 2, "{ds:#?}");
    assert_eq!(ds[0]["request"], Value::Null, "{ds:#?}");
}

/// A request whose body the paste shows (Postman's console entry: request line, status, time, then its
/// `Request Headers`, `Request Body`, `Response Headers` and `Response Body` sections; a pasted `curl -d`
/// command above its answer): the answer is the request's, and what `mdediag lint` finds in the body sent
/// (`comment` for `Comment`) is the case's cause and first fix.
#[test]
fn a_request_body_shown_with_the_call_gives_the_cause() {
    let check = |d: &Value, what: &str| {
        assert_eq!(
            (&d["code"], &d["http_status"], &d["operation"]["name"]),
            (
                &Value::from("InvalidRequestBody"),
                &Value::from(400),
                &Value::from("isolate-machine")
            ),
            "{what}: {d:#}"
        );
        assert!(
            d["fix"][0].as_str().unwrap().contains("`Comment`"),
            "{what}: {d:#}"
        );
        assert!(
            !d.to_string().contains("eyJ0eXAi"),
            "{what}: a token printed"
        );
    };
    let d = one(
        fixture("postman-console-400-request-body-visible.txt"),
        "postman",
    );
    check(&d, "postman");
    assert_eq!(
        d["request"]["url"],
        "https://api.security.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate"
    );
    let body = r#"{"error":{"code":"InvalidRequestBody","message":"Request body is incorrect","target":"5f2c1a7e-1d2b-4c3e-9a8b-2f1e0d9c8b7a"}}"#;
    // Postman with both bodies pretty-printed and the size shown.
    let pretty = "POST https://api.securitycenter.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate\n400\n212 ms\n1.1 KB\nNetwork\nRequest Headers\nContent-Type: application/json\nAuthorization: Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln\nHost: api.securitycenter.microsoft.com\nRequest Body\n{\n    \"comment\": \"isolate for triage\",\n    \"IsolationType\": \"Selective\"\n}\nResponse Headers\nContent-Type: application/json; charset=utf-8\nrequest-id: 8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a\nResponse Body\n{\n    \"error\": {\n        \"code\": \"InvalidRequestBody\",\n        \"message\": \"Request body is incorrect\",\n        \"target\": \"5f2c1a7e-1d2b-4c3e-9a8b-2f1e0d9c8b7a\"\n    }\n}\n".to_string();
    // A pasted curl command with its inline body, then curl -i's answer.
    let curl = format!("$ curl -s -i -X POST \"https://api.securitycenter.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate\" -H \"Content-Type: application/json\" -d '{{\"comment\":\"x\",\"IsolationType\":\"Full\"}}'\nHTTP/1.1 400 Bad Request\nContent-Type: application/json; charset=utf-8\nrequest-id: 8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a\n\n{body}\n");
    for (what, paste) in [("postman pretty", &pretty), ("curl -d", &curl)] {
        for (layer, t) in layered(paste) {
            check(
                &one(text("sent-body.txt", &t), &format!("{what} {layer}")),
                &format!("{what} {layer}"),
            );
        }
    }
    // A body that lint finds right adds no cause of its own.
    let right = curl.replace("\"comment\"", "\"Comment\"");
    let d = one(text("sent-right.txt", &right), "right");
    assert!(
        !d["fix"][0]
            .as_str()
            .unwrap()
            .contains("In the body you send"),
        "{d:#}"
    );
}

/// An AADSTS number the catalog has no entry for (Entra adds them all the time) is still an Entra sign-in
/// error: the generic `AADSTS` entry, the token endpoint as the API, the number sent kept (as the code sent,
/// or in the message under an OAuth error the catalog does not know either), its lookup link in the first
/// step, and no did-you-mean to a near number (another error). In the Azure CLI's, MSAL.NET's, PowerShell's
/// and a log's words, the token endpoint's body, each under the layers copying adds.
#[test]
fn an_aadsts_number_without_an_entry_is_an_entra_sign_in_error() {
    let ids = "Trace ID: 5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f Correlation ID: 6e7f8091-a2b3-4c4d-9e5f-6a7b8c9d0e1f Timestamp: 2026-12-07 07:00:00Z";
    let revoked = "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.";
    let disabled = "AADSTS7000112: Application '4a662388-26fc-40f8-9bad-547c063b3fb1'(mde-export) is disabled.";
    let no_user = "AADSTS90072: User account 'analyst@fabrikam.com' from identity provider 'https://sts.windows.net/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/' does not exist in tenant 'Contoso' and cannot access the application.";
    let challenge = "AADSTS50158: External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges.";
    // (what, paste, the code sent, the number)
    let pastes = [
        (
            "az cli",
            format!("ERROR: {revoked} {ids}\nInteractive authentication is needed. Please run:\naz login --scope https://api.securitycenter.microsoft.com/.default\n"),
            "AADSTS50173",
            50173,
        ),
        (
            "msal.net",
            format!("Microsoft.Identity.Client.MsalServiceException: {disabled} {ids}\n   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshErrorAsync(MsalServiceException e)\n"),
            "AADSTS7000112",
            7_000_112,
        ),
        (
            "log line",
            format!("2026-12-07 07:00:00,123 ERROR mde.auth token request failed: error_description={no_user}\n"),
            "AADSTS90072",
            90072,
        ),
        (
            "connect-azaccount",
            format!("Connect-AzAccount : ClientSecretCredential authentication failed: {no_user} {ids}\nAt line:1 char:1\n+ Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $tenant\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : CloseError: (:) [Connect-AzAccount], AuthenticationFailedException\n    + FullyQualifiedErrorId : Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand\n"),
            "AADSTS90072",
            90072,
        ),
        (
            "envelope",
            format!("{{\"error\":\"interaction_required\",\"error_description\":\"{challenge} {ids}\",\"error_codes\":[50158]}}\n"),
            "interaction_required",
            50158,
        ),
    ];
    for (what, paste, sent, number) in &pastes {
        for (layer, t) in layered(paste) {
            let what = format!("{what} {layer}");
            let d = one(text("aadsts-generic.txt", &t), &what);
            assert_eq!(
                (&d["code"], &d["known"], &d["identified_by"], &d["api"]),
                (
                    &Value::from("AADSTS"),
                    &Value::from(true),
                    &Value::from("aadsts-generic"),
                    &Value::from("entra")
                ),
                "{what}: {d:#}"
            );
            assert_eq!(d["code_sent"], *sent, "{what}");
            assert!(
                d["message"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("AADSTS{number}: ")),
                "{what}: {d:#}"
            );
            assert_eq!(d["suggestion"], Value::Null, "{what}: no did-you-mean");
            assert!(
                d["fix"][0]
                    .as_str()
                    .unwrap()
                    .contains(&format!("login.microsoftonline.com/error?code={number}`")),
                "{what}: {d:#}"
            );
            assert_eq!(d["retry"]["kind"], "after-fix", "{what}");
            // Entra's advice only: no Defender permission or portal step.
            let fix = d["fix"].to_string();
            assert!(
                !fix.contains("WindowsDefenderATP") && !fix.contains("security.microsoft.com"),
                "{what}: {fix}"
            );
        }
    }
    // The human block names the token endpoint and the number sent, with no "unknown" anywhere.
    let file = scratch("aadsts-generic-human.txt");
    std::fs::write(&file, &pastes[0].1).unwrap();
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .args(["--color", "never"])
        .arg(&file)
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{human}");
    assert!(human.contains("[Entra ID token endpoint]"), "{human}");
    assert!(human.contains("sent code  AADSTS50173"), "{human}");
    assert!(!human.to_lowercase().contains("unknown"), "{human}");
    assert!(!human.contains("did you mean"), "{human}");
}

/// An Entra error whose number has no entry but whose OAuth error has one is explained by the OAuth error's
/// entry, the more specific one: the generic AADSTS entry is the last resort.
#[test]
fn an_unknown_number_under_a_known_oauth_error_is_that_errors() {
    let body = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000112: Application '4a662388-26fc-40f8-9bad-547c063b3fb1'(mde-export) is disabled.\",\"error_codes\":[7000112]}\n";
    for (layer, t) in layered(body) {
        let d = one(text("aadsts-known-error.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["identified_by"], &d["api"]),
            (
                &Value::from("invalid_client"),
                &Value::from("code"),
                &Value::from("entra")
            ),
            "{layer}: {d:#}"
        );
    }
}

/// The generic AADSTS entry's retry class bends to what Entra says: `temporarily_unavailable` (Entra's
/// error reference: retry the request) passes with time, and a log of only that exits 75.
#[test]
fn an_aadsts_number_without_an_entry_from_a_busy_server_is_transient() {
    let busy = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90033: A transient error has occurred. Please try again.\",\"error_codes\":[90033]}\n";
    for (layer, t) in layered(busy) {
        let d = one(text("aadsts-busy.txt", &t), layer);
        assert_eq!(
            (&d["code"], &d["retry"]["kind"], &d["retry"]["transient"]),
            (
                &Value::from("AADSTS"),
                &Value::from("after-delay"),
                &Value::from(true)
            ),
            "{layer}: {d:#}"
        );
    }
    let file = scratch("aadsts-busy-exit.txt");
    std::fs::write(&file, busy).unwrap();
    let out = Command::cargo_bin("mdediag")
        .unwrap()
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75));
}

/// Adjacent lines of evidence that name different codes are different errors, not one error told over
/// two lines: two sign-in failures one under the other (Azure CLI, a log), and `key=value` lines of two
/// API errors. The same code again on the next line stays one error (Azure CLI's `ERROR: (X) …` then
/// `Code: X`).
#[test]
fn adjacent_lines_naming_different_codes_are_different_errors() {
    let entra = "ERROR: AADSTS50173: The provided grant has expired due to it being revoked. Trace ID: 0b8a3c2e-1111-4c3b-9f51-8b2a8e6b1a00 Correlation ID: 5a7c9d1e-2222-4e7f-8a3b-1c2d3e4f5a6b Timestamp: 2026-12-07 08:00:00Z\nERROR: AADSTS7000215: Invalid client secret provided. Trace ID: 0b8a3c2e-3333-4c3b-9f51-8b2a8e6b1a00 Correlation ID: 5a7c9d1e-4444-4e7f-8a3b-1c2d3e4f5a6b Timestamp: 2026-12-07 08:00:01Z\n";
    let api = "status=403 code=Forbidden message=\"Missing application roles\" request-id=11111111-2222-3333-4444-555555555555\nstatus=404 code=ResourceNotFound message=\"Machine was not found\" request-id=66666666-7777-8888-9999-000000000000\n";
    for (what, paste, codes) in [
        ("entra", entra, ["AADSTS", "AADSTS7000215"]),
        ("api", api, ["Forbidden", "ResourceNotFound"]),
    ] {
        for (layer, input) in layered(paste) {
            let ds = text(&format!("adjacent-{what}.txt"), &input);
            let got: Vec<&str> = ds
                .iter()
                .map(|d| d["code"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(got, codes, "{what} under {layer}: {input}");
        }
    }
    let same = "ERROR: (AuthorizationFailed) The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Security/x/read' over scope '/subscriptions/z'.\nCode: AuthorizationFailed\nMessage: The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Security/x/read' over scope '/subscriptions/z'.\n";
    let ds = text("same-code.txt", same);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0]["code"], "AuthorizationFailed");
}
