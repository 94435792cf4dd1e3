//! Errors as SDKs and less common clients print them (helper "sdk", fixtures in tests/fixtures/sdk/, each
//! string's source in its README): each category holds under every layer of `layered()`, with variants.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use serde_json::{json, Value};

use crate::newuser_pastes::{layered, one, text};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sdk/");

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

/// reqwest's `Debug` (`Error: reqwest::Error { kind: Status(429), url: "…" }`, what `main` returning
/// `Result` prints): its `{ kind: …` opens like a node literal, and was dropped as a body without error
/// words. The status and the URL are the call's, whatever the layer.
#[test]
fn a_rust_debug_error_gives_its_status_and_url() {
    let paste = fixture_text("rust-reqwest-debug-status-429.txt");
    for (layer, t) in layered(&paste) {
        let d = one(text("reqwest.txt", &t), layer);
        assert_eq!(
            (
                &d["code"],
                &d["http_status"],
                &d["api"],
                &d["retry"]["transient"]
            ),
            (
                &Value::from("TooManyRequests"),
                &Value::from(429),
                &Value::from("mde"),
                &Value::from(true)
            ),
            "{layer}"
        );
        // The URL is the request: list-machines' own pacing is named.
        let retry = d["retry"]["text"].as_str().unwrap();
        assert!(retry.contains("list-machines"), "{layer}: {retry}");
    }
    // The category: a later reqwest's reason-phrase slot, another API's URL, inside `Err(…)`.
    for (line, status, api) in [
        (
            "thread 'main' panicked at src/main.rs:9:5:\ncalled `Result::unwrap()` on an `Err` value: reqwest::Error { kind: Status(403, None), url: \"https://graph.microsoft.com/v1.0/security/alerts_v2\" }\n",
            403,
            "graph",
        ),
        (
            "Err(reqwest::Error { kind: Status(503), url: \"https://management.azure.com/subscriptions\" })\n",
            503,
            "arm",
        ),
    ] {
        for (layer, t) in layered(line) {
            let d = one(text("reqwest-more.txt", &t), layer);
            assert_eq!(
                (&d["http_status"], &d["api"]),
                (&Value::from(status), &Value::from(api)),
                "{layer}: {line}"
            );
        }
    }
    // Another kind is no status: a decode error names none, and a success-looking debug struct is silent.
    let quiet = "Error: reqwest::Error { kind: Decode, source: Error(\"expected value\", line: 1, column: 1) }\nConfig { retries: 3, url: \"https://api.security.microsoft.com\" }\n";
    for (layer, t) in layered(quiet) {
        assert!(
            text("reqwest-quiet.txt", &t)
                .iter()
                .all(|d| d["http_status"] != 429 && d["http_status"] != 403),
            "{layer}"
        );
    }
}

/// msgraph-sdk-python's `ODataError`, printed by kiota's `APIError.__str__` (the older form: `Code: 403`,
/// `message: None`, then `error: MainError(…)`; the newer: `<message> (status 404)` then `error: …`): the
/// Graph error's code and message from `MainError`, the status, the service's `request_id` (not the
/// client's) and the `InnerError` date; the API is Graph.
#[test]
fn a_graph_python_odata_error_gives_code_status_ids_and_date() {
    for (name, code, status, message, id, date) in [
        (
            "msgraph-python-odataerror-403.txt",
            "Forbidden",
            403,
            "Missing role permissions on the request. API requires one of SecurityAlert.Read.All, SecurityAlert.ReadWrite.All.",
            "5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01",
            "2026-12-07T07:00:00",
        ),
        (
            "msgraph-python-odataerror-newer-404.txt",
            "BadRequest",
            404,
            "Resource not found for the segment 'alerts_v3'.",
            "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
            "2026-12-07T07:05:09",
        ),
    ] {
        let paste = fixture_text(name);
        for (layer, t) in layered(&paste) {
            let d = one(text(name, &t), layer);
            assert_eq!(
                (&d["code"], &d["http_status"], &d["api"]),
                (&Value::from(code), &Value::from(status), &Value::from("graph")),
                "{name} {layer}"
            );
            // A hard wrap may cut the message: what is read is its start, never another field.
            let read = d["message"].as_str().unwrap();
            assert!(
                message.starts_with(read) && read.len() >= 30,
                "{name} {layer}: {read}"
            );
            if layer == "wrapped" {
                // The same for the ids: the server's when whole on its piece, else the client's.
                assert_eq!(d["correlation"]["date"], date, "{name} {layer}");
                continue;
            }
            assert_eq!(read, message, "{name} {layer}");
            assert_eq!(
                d["correlation"],
                json!({"id": id, "field": "request-id", "date": date}),
                "{name} {layer}"
            );
        }
    }
    // `None` is an empty field, never the message; with no `MainError`, no Graph either.
    let bare = "APIError\nCode: 401\nmessage: None\n";
    for (layer, t) in layered(bare) {
        let d = one(text("apierror-bare.txt", &t), layer);
        assert_eq!(
            (&d["http_status"], &d["message"]),
            (&Value::from(401), &Value::Null),
            "{layer}"
        );
    }
}

/// The Microsoft Graph PowerShell module's error record: the cmdlet's message line, then (after blank
/// lines) `Status:`, `ErrorCode:`, `Date:` and a padded `Headers:` list whose `x-ms-ags-diagnostic` holds
/// JSON. One Graph error with its status, code, message, request-id and date; with or without the blank
/// lines and headers (Windows PowerShell 5.1), with a message the catalog does not know.
#[test]
fn a_graph_powershell_error_record_is_one_graph_error() {
    for (name, code, status, message, id, date) in [
        (
            "msgraph-powershell-get-mgsecurityalert-403.txt",
            "Authorization_RequestDenied",
            403,
            "Insufficient privileges to complete the operation.",
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            "2026-12-07T07:00:00",
        ),
        (
            "msgraph-powershell51-get-mguser-403-bonguides.txt",
            "Authorization_RequestDenied",
            403,
            "Insufficient privileges to complete the operation.",
            Value::Null,
            "2023-08-28T13:13:28",
        ),
        (
            "msgraph-powershell-get-mgsecurityincident-404.txt",
            "NotFound",
            404,
            "The incident with id 999 could not be found in this tenant.",
            Value::from("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"),
            "2026-12-07T07:02:00",
        ),
    ] {
        let paste = fixture_text(name);
        for (layer, t) in layered(&paste) {
            let d = one(text(name, &t), layer);
            assert_eq!(
                (&d["code"], &d["http_status"], &d["api"], &d["message"]),
                (
                    &Value::from(code),
                    &Value::from(status),
                    &Value::from("graph"),
                    &Value::from(message)
                ),
                "{name} {layer}"
            );
            if id.is_null() {
                assert_eq!(d["correlation"], Value::Null, "{name} {layer}");
            } else {
                assert_eq!(
                    d["correlation"],
                    json!({"id": id, "field": "request-id", "date": date}),
                    "{name} {layer}"
                );
            }
            // Graph's steps, never the Defender for Endpoint API's.
            let fix = d["fix"].to_string();
            assert!(!fix.contains("WindowsDefenderATP"), "{name} {layer}: {fix}");
        }
    }
    // Two records in a row stay two; a prompt that names a Graph cmdlet is none.
    let two = fixture_text("msgraph-powershell-get-mgsecurityalert-403.txt")
        + "\n"
        + &fixture_text("msgraph-powershell-get-mgsecurityincident-404.txt");
    for (layer, t) in layered(&two) {
        let ds = text("two-records.txt", &t);
        let statuses: Vec<&Value> = ds.iter().map(|d| &d["http_status"]).collect();
        assert_eq!(statuses, [&Value::from(403), &Value::from(404)], "{layer}");
    }
    for (layer, t) in layered("PS C:\\> Connect-MgGraph -Scopes SecurityAlert.Read.All\nWelcome to Microsoft Graph!\nPS C:\\> Get-MgSecurityAlert -Top 1\n") {
        assert_eq!(text("prompt.txt", &t), Vec::<Value>::new(), "{layer}");
    }
}

/// The other Graph SDKs: JavaScript's `GraphError` (node's inspection, its `body` the Graph error out of
/// its envelope), .NET v4's `ServiceException` (`Status Code:`, `Code:`, `Message:`, the inner error's ids
/// tab-indented under headings) and v5's `ODataError` (the message alone). One Graph error each.
#[test]
fn graph_sdk_errors_of_other_languages_are_one_graph_error() {
    let message = "Insufficient privileges to complete the operation.";
    for (name, code, status, msg, id, date) in [
        (
            "msgraph-js-grapherror-403.txt",
            "Forbidden",
            Value::from(403),
            "Missing role permissions on the request. API requires one of SecurityAlert.Read.All, SecurityAlert.ReadWrite.All.",
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            Value::from("Mon, 07 Dec 2026 07:00:00 GMT"),
        ),
        (
            "msgraph-dotnet4-serviceexception-403.txt",
            "Authorization_RequestDenied",
            Value::from(403),
            message,
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            Value::from("2026-12-07T07:00:00"),
        ),
        (
            "msgraph-dotnet5-odataerror-403.txt",
            "Authorization_RequestDenied",
            Value::Null,
            message,
            Value::Null,
            Value::Null,
        ),
    ] {
        let paste = fixture_text(name);
        for (layer, t) in layered(&paste) {
            let d = one(text(name, &t), layer);
            assert_eq!(
                (&d["code"], &d["http_status"], &d["api"]),
                (&Value::from(code), &status, &Value::from("graph")),
                "{name} {layer}"
            );
            let read = d["message"].as_str().unwrap_or_default();
            if layer == "wrapped" {
                // A hard wrap may cut a long message: its start is read.
                assert!(msg.starts_with(read) && read.len() >= 30, "{name} {layer}: {read}");
            } else {
                assert_eq!(read, msg, "{name} {layer}");
            }
            assert_eq!(d["correlation"]["id"], id, "{name} {layer}");
            assert_eq!(d["correlation"]["date"], date, "{name} {layer}");
        }
    }
}

/// A sign-in cmdlet's failure (`Connect-AzAccount`, `Connect-MgGraph`; Azure.Identity's `… authentication
/// failed: AADSTS…`) is Entra's error, with Entra's correlation id and time, whatever cmdlet printed it:
/// never a Graph error because a Graph cmdlet did, and the troubleshooting line under it is no part of
/// the time.
#[test]
fn a_sign_in_cmdlets_aadsts_error_is_entras() {
    for (name, code, usual) in [
        (
            "az-connect-azaccount-aadsts7000215-ps7.txt",
            "AADSTS7000215",
            401,
        ),
        (
            "az-connect-azaccount-aadsts7000215-ps51.txt",
            "AADSTS7000215",
            401,
        ),
        ("mg-connect-mggraph-aadsts700016.txt", "AADSTS700016", 400),
    ] {
        let paste = fixture_text(name);
        for (layer, t) in layered(&paste) {
            let d = one(text(name, &t), layer);
            assert_eq!(
                (&d["code"], &d["usual_status"], &d["api"]),
                (
                    &Value::from(code),
                    &Value::from(usual),
                    &Value::from("entra")
                ),
                "{name} {layer}"
            );
            assert_eq!(
                d["correlation"],
                json!({"id": "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", "field": "correlation_id", "date": "2026-12-07 07:00:00Z"}),
                "{name} {layer}"
            );
            let message = d["message"].as_str().unwrap();
            assert!(
                message.starts_with(code) && !message.contains("Trace ID"),
                "{name} {layer}: {message}"
            );
        }
    }
}

/// Clients nobody listed, as a new user pastes them: Newman (a real run, plain and `--verbose` with its
/// body in a box), HTTPie, aiohttp, PowerShell 7's `-SkipHttpErrorCheck` object shown as a hashtable, a
/// Logic Apps action's outputs, an Azure Functions invocation log. One MDE error each, with what the paste
/// shows of status, operation and ids.
#[test]
fn other_clients_errors_are_read() {
    let machines = Value::from("list-machines");
    for (name, status, operation, id, layers) in [
        (
            "newman-6-list-machines-403.txt",
            Value::from(403),
            &machines,
            Value::Null,
            true,
        ),
        (
            "newman-6-list-machines-403-verbose.txt",
            Value::from(403),
            &machines,
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            false,
        ),
        (
            "httpie-403.txt",
            Value::from(403),
            &Value::Null,
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            true,
        ),
        (
            "aiohttp-clientresponseerror-403.txt",
            Value::from(403),
            &machines,
            Value::Null,
            true,
        ),
        (
            "ps7-irm-skiphttperrorcheck-hashtable.txt",
            Value::Null,
            &machines,
            Value::Null,
            true,
        ),
        (
            "logicapps-http-action-outputs-403.json",
            Value::from(403),
            &Value::Null,
            Value::from("5ff1cc43-1c2b-4d3e-8f4a-5b6c7d8e9f01"),
            true,
        ),
        (
            "azure-functions-ensuresuccess-403.txt",
            Value::from(403),
            &Value::Null,
            Value::Null,
            true,
        ),
    ] {
        let paste = fixture_text(name);
        let all = if layers {
            layered(&paste)
        } else {
            vec![("plain", paste.clone())]
        };
        for (layer, t) in all {
            let d = one(text(name, &t), layer);
            assert_eq!(
                (&d["code"], &d["http_status"], &d["api"]),
                (&Value::from("Forbidden"), &status, &Value::from("mde")),
                "{name} {layer}"
            );
            assert_eq!(&d["operation"]["name"], operation, "{name} {layer}");
            assert_eq!(d["correlation"]["id"], id, "{name} {layer}");
            // No console decoration ever lands in a message.
            let message = d["message"].as_str().unwrap_or_default();
            assert!(
                !message.contains('\u{2502}') && !message.contains("; target="),
                "{name} {layer}: {message}"
            );
        }
    }
}
