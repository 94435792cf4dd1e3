//! Evidence in any syntax (issue 23, point 2): pastes in shapes no recognizer knows, each written from the
//! exact format its client or service documents (named beside each case), must give a diagnosis with the
//! right code, status, operation and correlation id, and never quote a redacted id.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use crate::support::{diagnose_keys, Key};

fn key(code: &str, status: Option<u64>, op: Option<&str>, id: Option<&str>) -> Key {
    (
        code.to_string(),
        status,
        op.map(str::to_string),
        id.map(str::to_string),
    )
}

fn check(name: &str, text: &str, want: &[Key]) {
    let dir = std::env::temp_dir().join(format!("mdediag-evidence-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let got = diagnose_keys(text.as_bytes(), &dir.join(name));
    assert_eq!(got, want, "{name}");
}

/// azure-core's `HttpResponseError` (azure-sdk-for-python, `azure/core/exceptions.py`,
/// `ODataV4Format.message_details`): `({code}) {message}`, then `Code: {code}` and `Message: {message}`;
/// the Azure CLI prints it as is.
#[test]
fn azure_sdk_error_code_in_parentheses() {
    let text = "(AuthorizationFailed) The client 'a1b2' with object id 'c3d4' does not have authorization to \
perform action 'Microsoft.SecurityInsights/incidents/read' over scope '/subscriptions/s/resourceGroups/rg'.
Code: AuthorizationFailed
Message: The client 'a1b2' with object id 'c3d4' does not have authorization to perform action.
";
    check(
        "azure-sdk.txt",
        text,
        &[key("AuthorizationFailed", None, None, None)],
    );
}

/// logfmt, as Go's logrus `TextFormatter` and go-kit write it (`key=value`, quoted when a value holds
/// blanks): status, request and a request id as fields.
#[test]
fn logfmt_fields() {
    let text = "time=\"2026-11-01T10:00:00Z\" level=error msg=\"MDE call failed\" method=GET \
url=/api/machines status=429 request_id=5d6e7f80-91a2-4b3c-8d4e-5f60718293a4\n";
    check(
        "logfmt.txt",
        text,
        &[key(
            "TooManyRequests",
            Some(429),
            Some("list-machines"),
            Some("5d6e7f80-91a2-4b3c-8d4e-5f60718293a4"),
        )],
    );
}

/// Windows PowerShell `$_.Exception.Response | Format-List`: an `HttpWebResponse`'s `StatusCode` (an
/// enum name) and `StatusDescription` properties, one per line; a redacted id is never quoted.
#[test]
fn powershell_format_list_with_a_reason_name() {
    let text = "StatusCode        : Forbidden\nStatusDescription : Forbidden\n\
x-ms-request-id   : xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\n";
    check(
        "ps-format-list.txt",
        text,
        &[key("Forbidden", Some(403), None, None)],
    );
}

/// urllib3's debug log (`connectionpool.py`: `'%s://%s:%s "%s %s %s" %s %s'`): the request line in quotes,
/// then status and length; what `logging.basicConfig(level=DEBUG)` prints for every `requests` call.
#[test]
fn urllib3_debug_log() {
    let text = "DEBUG:urllib3.connectionpool:Starting new HTTPS connection (1): api.security.microsoft.com:443\n\
DEBUG:urllib3.connectionpool:https://api.security.microsoft.com:443 \"POST /api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate HTTP/1.1\" 403 174\n";
    check(
        "urllib3.txt",
        text,
        &[key("Forbidden", Some(403), Some("isolate-machine"), None)],
    );
}

/// Spring's `WebClientResponseException` message (`{status} {reason} from {method} {uri}`) and got's
/// `HTTPError` (`Response code {status} ({reason})`): a status next to its reason, in two punctuations.
#[test]
fn status_next_to_reason_from_java_and_node_clients() {
    let spring = "org.springframework.web.reactive.function.client.WebClientResponseException$Forbidden: 403 \
Forbidden from POST https://api.securitycenter.microsoft.com/api/indicators\n";
    check(
        "spring.txt",
        spring,
        &[key(
            "Forbidden",
            Some(403),
            Some("submit-or-update-indicator"),
            None,
        )],
    );
    let got = "HTTPError: Response code 404 (Not Found)\n";
    check("got.txt", got, &[key("NotFound", Some(404), None, None)]);
}

/// An XML error body (Azure Storage's REST error format, `<Error><Code>…</Code><Message>…</Message>`).
#[test]
fn xml_error_elements() {
    let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>\
<Message>Server failed to authenticate the request.</Message></Error>\n";
    let got = diagnose_keys(
        text.as_bytes(),
        &std::env::temp_dir().join("mdediag-xml-evidence.txt"),
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "AuthenticationFailed");
}

/// Words of a status inside prose about something else are no status: nothing is diagnosed.
#[test]
fn numbers_without_their_reason_are_no_evidence() {
    check(
        "noise.txt",
        "fetched 403 machines; forbidden list empty; took 500 ms\n",
        &[],
    );
}
