//! Diagnoses against the catalog (codes and templates, not prose) and the operation table.

use super::*;
use crate::facts::FactKind;
use crate::scan::{scan_str, Event};

fn diagnoses(text: &str) -> Vec<Diagnosis> {
    scan_str("t", text)
        .into_iter()
        .filter_map(Event::into_response)
        .map(|r| diagnose(&r))
        .collect()
}

#[test]
fn missing_roles_on_isolate_names_operation_and_role() {
    let d = &diagnoses(
        "> POST /api/machines/m1/isolate HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 403 Forbidden\n<\n\
         {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.\",\"target\":\"t-1\"}}",
    )[0];
    assert_eq!(d.code, "Forbidden");
    assert!(d.known);
    assert_eq!(d.operation.map(|o| o.name), Some("isolate-machine"));
    assert!(d.details.iter().any(|f| matches!(&f.id, FactKind::MissingRoles { missing, .. } if missing == &["Machine.Isolate"])));
    assert_eq!(
        d.correlation.as_ref().map(|c| (c.id.as_str(), c.field)),
        Some(("t-1", "target"))
    );
    assert!(!d.status_mismatch);
    assert!(!d.is_transient());
}

#[test]
fn code_less_message_is_found_by_template_and_pending_get_uses_machine_id() {
    let d = &diagnoses(
        "> POST /api/machines/m1/isolate HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 400 Bad Request\n<\n\
         {\"error\":{\"message\":\"Action is already in progress\",\"target\":\"t\"}}",
    )[0];
    assert_eq!(
        (d.code.as_str(), d.identified_by),
        ("ActiveRequestAlreadyExists", IdentifiedBy::Message)
    );
    assert!(d.is_transient());
    let get = d.pending_actions.as_deref().expect("pending GET");
    assert!(
        get.starts_with("GET https://h/api/machineactions?$filter=machineId eq 'm1'"),
        "{get}"
    );
}

#[test]
fn status_mismatch_is_flagged() {
    let d = &diagnoses("HTTP/1.1 500 Internal Server Error\n\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"x\"}}")[0];
    assert!(d.status_mismatch);
    assert_eq!((d.http_status, d.usual_status), (Some(500), Some(403)));
}

#[test]
fn unknown_code_keeps_message_and_suggests() {
    let d =
        &diagnoses("{\"error\":{\"code\":\"Forbiden\",\"message\":\"m\",\"target\":\"x/y\"}}")[0];
    assert!(!d.known);
    assert_eq!(d.code, "Forbiden");
    assert_eq!(d.suggestion, Some("Forbidden"));
    assert_eq!(d.message.as_deref(), Some("m"));
    assert_eq!(d.correlation.as_ref().map(|c| c.id.as_str()), Some("x/y"));
}

/// Whether every command `text` quotes (`mdediag …`, `curl …`, an HTTP request) sits inside a closed `code
/// span`: the human output wraps prose but keeps a span whole, so a command to copy never breaks over lines.
fn commands_are_code_spans(text: &str) -> bool {
    let parts: Vec<&str> = text.split('`').collect();
    parts.iter().enumerate().all(|(i, part)| {
        let in_span = i % 2 == 1 && i + 1 < parts.len();
        in_span
            || !["mdediag ", "curl ", "GET /", "POST /"]
                .iter()
                .any(|c| part.contains(c))
    })
}

#[test]
fn advice_quotes_commands_as_code_spans() {
    assert!(!commands_are_code_spans(
        "did you mean X? (mdediag explain X)"
    ));
    assert!(commands_are_code_spans(
        "did you mean X? (`mdediag explain X`)"
    ));
    let ds = diagnoses(concat!(
        "{\"error\":{\"code\":\"InvalidRequestBdy\",\"message\":\"m\"}}\n",
        "{\"id\":\"a\",\"type\":\"Isolate\",\"status\":\"Failed\",\"machineId\":\"m\"}\n",
        "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/machines/m/isolate\n",
    ));
    assert_eq!(ds.len(), 3);
    assert!(ds[0]
        .fix
        .iter()
        .any(|s| s.contains("`mdediag explain InvalidRequestBody`")));
    assert!(ds[1]
        .fix
        .iter()
        .any(|s| s.contains("`GET /api/machineactions/a`")));
    for d in &ds {
        for step in &d.fix {
            assert!(commands_are_code_spans(step), "{step}");
        }
    }
}

#[test]
fn code_in_other_case_is_known() {
    let d = &diagnoses("{\"error\":{\"code\":\"forbidden\",\"message\":\"m\"}}")[0];
    assert_eq!(
        (d.code.as_str(), d.identified_by),
        ("Forbidden", IdentifiedBy::CodeIgnoringCase)
    );
}

#[test]
fn status_only_429_waits_retry_after() {
    let d = &diagnoses("HTTP/1.1 429 Too Many Requests\nRetry-After: 30\n\n")[0];
    assert_eq!(d.code, "TooManyRequests");
    assert_eq!(d.retry.after_seconds, Some(30));
    assert!(d.is_transient());
}

#[test]
fn unmapped_status_is_unknown_but_reported() {
    let d = &diagnoses("HTTP/1.1 409 Conflict\n\n")[0];
    assert_eq!((d.code.as_str(), d.known), ("HTTP409", false));
    assert_eq!(d.retry.kind, Retry::AfterFix);
}

#[test]
fn python_body_lost_finds_operation_without_method() {
    let d = &diagnoses("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/machines/m/isolate")[0];
    assert_eq!(d.operation.map(|o| o.name), Some("isolate-machine"));
    assert!(d
        .details
        .iter()
        .any(|f| f.help.as_deref().unwrap_or_default().contains("r.text")));
}

#[test]
fn hidden_failures_are_not_transient_except_timeout() {
    let ds = diagnoses(
        "{\"id\":\"a\",\"type\":\"Isolate\",\"status\":\"Failed\",\"machineId\":\"m\"}\n\
         {\"id\":\"b\",\"type\":\"Isolate\",\"status\":\"TimeOut\",\"machineId\":\"m\"}",
    );
    assert_eq!(ds.len(), 2);
    assert!(!ds[0].is_transient());
    assert!(ds[1].is_transient());
    assert!(!ds[0].known);
}

#[test]
fn specific_code_is_kept_even_if_message_matches_another() {
    let d = &diagnoses("{\"error\":{\"code\":\"InvalidRequestBody\",\"message\":\"Parameter Comment is missing.\"}}")[0];
    assert_eq!(
        (d.code.as_str(), d.identified_by),
        ("InvalidRequestBody", IdentifiedBy::Code)
    );
}

#[test]
fn fixed_sentences_stay_borrowed_from_the_advice_table() {
    use crate::facts::advice::{get, Key};
    // The JSON writer caches the escaping of borrowed text by address: a fixed sentence must be the table's.
    let same = |text: &Cow<'static, str>, key: Key| matches!(text, Cow::Borrowed(s) if std::ptr::eq(*s, get(key)));
    let retry = |input: &str| diagnoses(input).remove(0).retry.text;
    assert!(same(
        &retry("HTTP/1.1 409 Conflict\n\n"),
        Key::RetryAfterFix
    ));
    assert!(same(&retry("{\"statusCode\":503}"), Key::RetryAfterDelay));
    assert!(same(
        &retry("{\"error\":{\"code\":\"ActiveRequestAlreadyExists\",\"message\":\"x\"}}"),
        Key::RetryPoll
    ));
    let summary = |input: &str| diagnoses(input).remove(0).summary;
    assert!(same(
        &summary("{\"error\":{\"code\":\"NoSuchCode\",\"message\":\"x\"}}"),
        Key::SummaryUnknown
    ));
    let import = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnose/indicator-import-200.txt"
    ))
    .expect("fixture");
    assert!(same(&summary(&import), Key::SummaryIndicatorImport));
}

#[test]
fn sentences_with_values_are_filled_in() {
    let d = &diagnoses("HTTP/1.1 409 Conflict\n\n")[0];
    assert_eq!(d.summary, "Unknown error code; HTTP 409 Conflict");
    // A status without a reason phrase: no blank at the end.
    let d = &diagnoses("HTTP/1.1 418 I'm a teapot\n\n")[0];
    assert_eq!(d.summary, "Unknown error code; HTTP 418");
    let d = &diagnoses("{\"error\":{\"code\":\"Forbiden\",\"message\":\"m\"}}")[0];
    assert_eq!(
        d.fix.first().map(|f| f.as_ref()),
        Some(
            "The code is not in the catalog; did you mean Forbidden? (`mdediag explain Forbidden`)"
        )
    );
}

#[test]
fn token_verdict_line_names_what_the_token_lacks() {
    let verdict = |bearer: &str| {
        let text = format!(
            "> GET /api/machines HTTP/2\n> Host: api.securitycenter.microsoft.com\n\
             > Authorization: Bearer {bearer}\n>\n< HTTP/2 401\n<\n\
             {{\"error\":{{\"code\":\"Unauthorized\",\"message\":\"Unauthorized\"}}}}\n"
        );
        diagnoses(&text)
            .first()
            .and_then(|d| d.token.clone())
            .map(|t| t.description)
    };
    // `{"alg":"none"}.{}`: no version, kind, permissions or audience.
    assert_eq!(
        verdict("eyJhbGciOiJub25lIn0.e30.c2ln").as_deref(),
        Some("version not stated (no `ver` claim) token without roles or scopes: none; audience (none)")
    );
    assert_eq!(
        verdict("eyJhbGciOiJub25lIn0.e30x.c2ln").as_deref(),
        Some("the bearer token could not be decoded")
    );
}

fn one(text: &str) -> Diagnosis {
    diagnoses(text).into_iter().next().expect("one diagnosis")
}

#[test]
fn a_status_written_as_the_code_is_that_status_generic_entry() {
    let d = one(r#"{"error":{"code":"429","message":"Too many requests"}}"#);
    assert_eq!(
        (d.code.as_str(), d.identified_by),
        ("TooManyRequests", IdentifiedBy::StatusCodeString)
    );
    assert!(d.is_transient());
    assert_eq!(d.code_sent.as_deref(), Some("429"));
    let d = one(r#"{"error":{"code":"503","message":"x"}}"#);
    assert_eq!(d.code, "InternalServerError");
    // Not a status: stays unknown.
    for code in ["4290", "42", "999", "099", "409"] {
        let d = one(&format!(r#"{{"error":{{"code":"{code}","message":"x"}}}}"#));
        assert!(!d.known, "{code}");
        assert_eq!(d.identified_by, IdentifiedBy::Unknown, "{code}");
    }
    // The generic entry gives way to the specific one its message names.
    let d = one(r#"{"error":{"code":"400","message":"Hash value abc is invalid."}}"#);
    assert_eq!(
        (d.code.as_str(), d.identified_by),
        ("InvalidHashValue", IdentifiedBy::Message)
    );
}

#[test]
fn a_code_spelled_with_other_separators_is_found() {
    for sent in [
        "too_many_requests",
        "TOO-MANY-REQUESTS",
        "too many requests",
    ] {
        let d = one(&format!(r#"{{"error":{{"code":"{sent}","message":"x"}}}}"#));
        assert_eq!(d.code, "TooManyRequests", "{sent}");
        assert_eq!(d.identified_by, IdentifiedBy::CodeIgnoringSeparators);
    }
    // Separators alone name nothing, and a different word is still unknown.
    for sent in ["__", "-", "too_many_request"] {
        let d = one(&format!(r#"{{"error":{{"code":"{sent}","message":"x"}}}}"#));
        assert!(!d.known, "{sent}");
    }
}

#[test]
fn nearest_route_fixes_near_misses_only() {
    assert_eq!(
        nearest_route("/api/machine/abc/isolate").as_deref(),
        Some("/api/machines/abc/isolate")
    );
    assert_eq!(
        nearest_route("/api/machine").as_deref(),
        Some("/api/machines")
    );
    assert_eq!(
        nearest_route("/api/v1.0/indicator").as_deref(),
        Some("/api/v1.0/indicators")
    );
    assert_eq!(
        nearest_route("/api/machines/abc/isolat").as_deref(),
        Some("/api/machines/abc/isolate")
    );
    // Documented paths (even for another method, or a GET the table lacks) and unrelated words: nothing.
    for path in [
        "/api/machines/abc/isolate",
        "/api/machines",
        "/api/machines/abc",
        "/api/alerts/abc/files",
        "/api/vulnerabilities",
        "/api",
        "",
        "/api/machines/findbyip(ipAddress='10.0.0.1',timestamp=2026-11-01T00:00:00Z)",
    ] {
        assert_eq!(nearest_route(path), None, "{path}");
    }
}

#[test]
fn nearest_route_answers_on_hostile_paths() {
    let long = format!("/api/{}", "machinex".repeat(200_000));
    let many = format!("/api{}", "/machine".repeat(100_000));
    assert_eq!(nearest_route(&long), None);
    assert_eq!(nearest_route(&many), None);
    assert_eq!(
        nearest_route(&format!("/api/machine/{}/isolate", "a".repeat(100_000))).as_deref(),
        Some(format!("/api/machines/{}/isolate", "a".repeat(100_000)).as_str())
    );
}

#[test]
fn a_graph_call_gets_no_defender_only_step() {
    let graph = one(
        "> GET /v1.0/security/alerts_v2 HTTP/1.1\n> Host: graph.microsoft.com\n>\n< HTTP/1.1 403 Forbidden\n<\n\
         {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: SecurityAlert.Read.All, application roles: .\"}}",
    );
    let mde = one(
        "> POST /api/machines/m1/isolate HTTP/1.1\n> Host: api.securitycenter.microsoft.com\n>\n< HTTP/1.1 403 Forbidden\n<\n\
         {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, application roles: .\"}}",
    );
    let says_mde = |d: &Diagnosis| d.fix.iter().any(|s| s.contains("> WindowsDefenderATP"));
    assert!(says_mde(&mde));
    assert!(!says_mde(&graph));
    assert!(graph.fix.iter().any(|s| s.contains("Microsoft Graph")));
    assert!(graph.fix.len() < mde.fix.len());
}

#[test]
fn account_state_replaces_the_token_steps() {
    let d = one(
        r#"{"error":{"code":"Unauthorized","message":"Unauthorized request - reason of failure: Account mode is inactive"}}"#,
    );
    assert!(matches!(
        d.details[0].id,
        FactKind::AccountState {
            state: "inactive",
            ..
        }
    ));
    assert_eq!(d.fix.len(), 1, "{:?}", d.fix);
}

/// The value of a `value` fact named `name`.
fn value_fact<'d>(d: &'d Diagnosis, name: &str) -> Option<&'d Fact> {
    d.details
        .iter()
        .find(|f| matches!(&f.id, FactKind::Value { name: n, .. } if n == name))
}

#[test]
fn any_method_names_its_operation_and_permissions() {
    let d = one(
        "> GET /api/machines?$filter=healthStatus%20eq%20'Active' HTTP/2\n> Host: api.security.microsoft.com\n>\n\
         < HTTP/2 403\n<\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Forbidden\",\"target\":\"t\"}}",
    );
    assert_eq!(d.route.map(|r| r.name), Some("list-machines"));
    assert!(d.operation.is_none(), "no body operation for a GET");
    let needs = value_fact(&d, "needs-permission").expect("needs fact");
    assert!(
        needs.message.contains("list-machines (GET /api/machines)"),
        "{}",
        needs.message
    );
    assert!(needs
        .message
        .contains("Machine.Read.All or Machine.ReadWrite.All (application)"));
    assert!(needs
        .message
        .contains("Machine.Read or Machine.ReadWrite (delegated)"));
    assert!(d
        .fix
        .iter()
        .any(|s| s.contains("Machine.Read.All or Machine.ReadWrite.All")));

    let d = one(
        "> DELETE /api/indicators/995 HTTP/1.1\n> Host: api.securitycenter.microsoft.com\n>\n\
         < HTTP/1.1 403 Forbidden\n<\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Forbidden\",\"target\":\"t\"}}",
    );
    assert_eq!(d.route.map(|r| r.name), Some("delete-indicator"));
    let needs = value_fact(&d, "needs-permission").expect("needs fact");
    assert!(
        needs.message.contains("Ti.ReadWrite or Ti.ReadWrite.All"),
        "{}",
        needs.message
    );
}

#[test]
fn a_403_that_names_its_roles_gets_no_second_permission_fact() {
    let d = one(
        "> POST /api/machines/m1/isolate HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 403 Forbidden\n<\n\
         {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.\",\"target\":\"t-1\"}}",
    );
    assert_eq!(d.route.map(|r| r.name), Some("isolate-machine"));
    assert!(value_fact(&d, "needs-permission").is_none());
}

#[test]
fn a_graph_path_on_the_mde_host_and_an_mde_path_on_graph_are_the_wrong_host() {
    let d = one(
        "> GET /v1.0/security/alerts_v2 HTTP/2\n> Host: api.security.microsoft.com\n>\n< HTTP/2 404\n<\n\
         {\"error\":{\"code\":\"NotFound\",\"message\":\"General Not Found error message.\",\"target\":\"t\"}}",
    );
    let f = value_fact(&d, "wrong-host").expect("wrong host");
    assert!(
        f.help
            .as_deref()
            .unwrap_or_default()
            .contains("https://graph.microsoft.com/v1.0/security/alerts_v2"),
        "{}",
        f.help.as_deref().unwrap_or_default()
    );
    assert!(value_fact(&d, "nearest-route").is_none());
    let d = one(
        "> GET /api/machines HTTP/2\n> Host: graph.microsoft.com\n>\n< HTTP/2 400\n<\n\
         {\"error\":{\"code\":\"BadRequest\",\"message\":\"Resource not found for the segment 'api'.\"}}",
    );
    let f = value_fact(&d, "wrong-host").expect("wrong host");
    assert!(
        f.help
            .as_deref()
            .unwrap_or_default()
            .contains("https://api.securitycenter.microsoft.com/api/machines"),
        "{}",
        f.help.as_deref().unwrap_or_default()
    );
}

#[test]
fn a_404_on_a_misspelled_read_names_the_nearest_route() {
    let d = one(
        "> GET /api/Softwares/microsoft-_-edge HTTP/2\n> Host: api.security.microsoft.com\n>\n< HTTP/2 404\n<\n\
         {\"error\":{\"code\":\"NotFound\",\"message\":\"General Not Found error message.\",\"target\":\"t\"}}",
    );
    assert!(d.route.is_none());
    let f = value_fact(&d, "nearest-route").expect("nearest");
    assert!(
        f.message.contains("/api/Software/microsoft-_-edge"),
        "{}",
        f.message
    );
}
