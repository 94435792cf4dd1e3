//! The diagnosis of a call that got no HTTP response ([`Shape::Transport`]): the kind's words from
//! `facts/transport.md`, its steps for the API family of the host the call was for (an unknown host gets
//! the network steps alone), and its retry class. No catalog entry, operation or token: the API never saw
//! the request.
//!
//! [`Shape::Transport`]: crate::response::Shape::Transport

use std::borrow::Cow;

use crate::catalog::Retry;
use crate::facts::transport::{text, KindText};
use crate::response::{Response, TransportKind};

use super::api::Api;
use super::diagnosis::Diagnosis;
use super::identify::IdentifiedBy;
use super::request::host_of;
use super::retry::RetryAdvice;

/// What stands for the host in a step when the client named none.
const NO_HOST: &str = "<host>";

/// Diagnoses a transport failure (`r.transport` is set by the scanner for this shape).
pub(super) fn diagnosis(r: &Response) -> Diagnosis {
    let kind = r
        .transport
        .as_ref()
        .map_or(TransportKind::ConnectionFailed, |t| t.kind);
    let words = text(kind.as_str());
    let url_host = r.request.as_ref().and_then(|q| host_of(&q.url));
    let host = r
        .transport
        .as_ref()
        .and_then(|t| t.host.as_deref())
        .or(url_host);
    let path = r
        .request
        .as_ref()
        .and_then(|q| q.url.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .unwrap_or("");
    let api = host
        .and_then(|h| Api::of_host(h, path))
        .unwrap_or(Api::Unknown);
    let fix = steps(words, api, host.unwrap_or(NO_HOST));
    let retry_kind = words.retry.unwrap_or(Retry::AfterFix);
    Diagnosis {
        source: r.source.clone(),
        shape: r.shape,
        context: r.context,
        code: words.code.to_string(),
        code_sent: None,
        known: true,
        identified_by: IdentifiedBy::Transport,
        http_status: None,
        usual_status: None,
        status_mismatch: false,
        summary: Cow::Borrowed(words.summary),
        message: None,
        target: None,
        details: Vec::new(),
        fix_specific: fix.len(),
        fix,
        retry: RetryAdvice {
            kind: retry_kind,
            after_seconds: None,
            retry_after: None,
            text: filled(words.retry_text, host.unwrap_or(NO_HOST)),
        },
        operation: None,
        route: None,
        request: None,
        correlation: None,
        suggestion: None,
        pending_actions: None,
        token: None,
        api,
        transport: r.transport.clone(),
    }
}

/// The steps for the API family first, then those for any host.
fn steps(words: &'static KindText, api: Api, host: &str) -> Vec<Cow<'static, str>> {
    let family = match api {
        Api::Mde | Api::M365d => Some("mde"),
        Api::Graph => Some("graph"),
        Api::Arm => Some("arm"),
        Api::Entra => Some("entra"),
        Api::LogAnalytics => Some("log-analytics"),
        Api::Portal | Api::Unknown => None,
    };
    let own = words
        .steps
        .iter()
        .filter(|(f, _)| Some(*f) == family)
        .map(|(_, s)| *s);
    let any = words
        .steps
        .iter()
        .filter(|(f, _)| *f == "any")
        .map(|(_, s)| *s);
    own.chain(any).map(|s| filled(s, host)).collect()
}

/// `template` with its `{host}` filled (borrowed when it has none).
fn filled(template: &'static str, host: &str) -> Cow<'static, str> {
    if template.contains("{host}") {
        Cow::Owned(template.replace("{host}", host))
    } else {
        Cow::Borrowed(template)
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::transport::KINDS;
    use crate::response::TransportKind;

    #[test]
    fn the_words_file_has_a_section_per_kind_in_order() {
        let names: Vec<&str> = TransportKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, KINDS);
    }
}
