//! The JSON view of a diagnosis, shared by `--format json` and `jsonl`: the stable, documented shape
//! (README). Plain view structs. The program writes a diagnosis with `json_fast.rs`, straight from the
//! diagnosis; serde's derive of [`DiagnosisView`] is the reference its tests hold it to, byte for byte.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use crate::diagnose::{Diagnosis, TokenVerdict};
use crate::facts::Fact;
use crate::operations::Route;
use crate::response::Shape;

/// `{file, line}`.
#[derive(Debug, Serialize)]
pub(crate) struct SourceView<'a> {
    pub(crate) file: &'a str,
    pub(crate) line: u64,
}

/// The operation a transcript's request called (any documented one, any method).
#[derive(Debug, Serialize)]
pub(crate) struct OperationView<'a> {
    pub(crate) name: &'a str,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) family: &'a str,
    pub(crate) app_permissions: &'a [&'static str],
    pub(crate) delegated_permissions: &'a [&'static str],
    pub(crate) rate_per_minute: Option<u32>,
    pub(crate) rate_per_hour: Option<u32>,
    pub(crate) platforms: &'a [&'static str],
    pub(crate) docs_url: &'a str,
}

/// Retry advice.
#[derive(Debug, Serialize)]
pub(crate) struct RetryView<'a> {
    /// `never`, `after-fix`, `after-delay`, `poll`.
    pub(crate) kind: &'static str,
    pub(crate) transient: bool,
    pub(crate) after_seconds: Option<u64>,
    pub(crate) retry_after: Option<&'a str>,
    pub(crate) text: Text<'a>,
}

/// The request line a transcript showed.
// Only the tests build it (the reference the hand encoder is held to); the program writes the same bytes
// straight from the diagnosis.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize)]
pub(crate) struct RequestView<'a> {
    pub(crate) method: Option<&'a str>,
    pub(crate) url: &'a str,
}

/// The correlation id to quote to support.
// Only the tests build it (the reference the hand encoder is held to); the program writes the same bytes
// straight from the diagnosis.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize)]
pub(crate) struct CorrelationView<'a> {
    pub(crate) id: &'a str,
    pub(crate) field: &'static str,
    pub(crate) date: Option<&'a str>,
}

/// How a call failed before any response came back (shape `transport`).
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize)]
pub(crate) struct TransportView<'a> {
    /// `name-resolution`, `tls-certificate`, `tls-handshake`, `connection-refused`, `timeout`,
    /// `connection-reset`, `proxy`, `connection-failed`.
    pub(crate) kind: &'static str,
    pub(crate) host: Option<&'a str>,
    /// The client's line that names the failure (scrubbed, cut short).
    pub(crate) said: &'a str,
}

/// What the token doctor found in the request's bearer token.
#[derive(Debug, Serialize)]
pub(crate) struct TokenView<'a> {
    pub(crate) summary: &'a str,
    pub(crate) fits: bool,
    pub(crate) findings: &'a [crate::token::Finding],
}

/// A string of a view. Catalog text (borrowed for the whole run) is most of each JSON diagnosis and never
/// changes, so it is escaped once and the escaped bytes reused; other text is escaped as usual. The output
/// is the same bytes either way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<'a>(pub(crate) &'a Cow<'static, str>);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Cow::Borrowed(text) => match super::escape_cache::escaped(text, escape) {
                Some(raw) => raw.serialize(s),
                None => s.serialize_str(text),
            },
            Cow::Owned(text) => s.serialize_str(text),
        }
    }
}

/// The renderer's JSON string encoding, for the escape cache.
pub(crate) fn escape(text: &str) -> Option<String> {
    crate::render::json::to_string(text).ok()
}

/// Fix steps: a JSON array of [`Text`].
// Only the tests build it (the reference the hand encoder is held to); the program writes the same bytes
// straight from the diagnosis.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Steps<'a>(pub(crate) &'a [Cow<'static, str>]);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Text))
    }
}

/// The version of every JSON output's shape (`schema_version` in each), checked against the JSON Schemas in
/// `docs/schema/`: bumped when a field is renamed or removed; added fields keep it.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// The stable JSON shape of one diagnosis (documented in README).
// Only the tests build it (the reference the hand encoder is held to); the program writes the same bytes
// straight from the diagnosis.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize)]
pub(crate) struct DiagnosisView<'a> {
    /// [`SCHEMA_VERSION`]: bumped when a field is renamed or removed (added fields keep it).
    pub(crate) schema_version: u32,
    pub(crate) code: &'a str,
    pub(crate) known: bool,
    pub(crate) identified_by: &'static str,
    pub(crate) code_sent: Option<&'a str>,
    pub(crate) http_status: Option<u16>,
    /// The status the catalog says the code comes with.
    pub(crate) usual_status: Option<u16>,
    /// `http_status` differs from `usual_status`.
    pub(crate) status_mismatch: bool,
    pub(crate) summary: Text<'a>,
    pub(crate) message: Option<&'a str>,
    pub(crate) target: Option<&'a str>,
    pub(crate) details: &'a [Fact],
    pub(crate) fix: Steps<'a>,
    pub(crate) retry: RetryView<'a>,
    pub(crate) operation: Option<OperationView<'a>>,
    pub(crate) request: Option<RequestView<'a>>,
    pub(crate) correlation: Option<CorrelationView<'a>>,
    pub(crate) suggestion: Option<&'static str>,
    pub(crate) pending_actions: Option<&'a str>,
    /// The token doctor's verdict on the request's bearer token (401/403 transcripts only).
    pub(crate) token: Option<TokenView<'a>>,
    pub(crate) shape: &'static str,
    /// Shape `transport` only (`null` otherwise): how the call failed before any response came back.
    pub(crate) transport: Option<TransportView<'a>>,
    /// The API family that answered (`mde`, `m365d`, `graph`, `arm`, `log-analytics`, `entra`, `portal`,
    /// `unknown`): the advice holds for it.
    pub(crate) api: &'static str,
    /// The body was cut or redacted: code, message and target are what was left of it.
    pub(crate) partial: bool,
    pub(crate) context: &'static str,
    pub(crate) source: SourceView<'a>,
}

impl RetryView<'_> {
    pub(crate) fn of(d: &Diagnosis) -> RetryView<'_> {
        RetryView {
            kind: d.retry.kind.as_str(),
            transient: d.is_transient(),
            after_seconds: d.retry.after_seconds,
            retry_after: d.retry.retry_after.as_deref(),
            text: Text(&d.retry.text),
        }
    }
}

impl OperationView<'static> {
    pub(crate) fn of(o: &'static Route) -> OperationView<'static> {
        OperationView {
            name: o.name,
            method: o.method.as_str(),
            path: o.path,
            family: o.family().as_str(),
            app_permissions: o.app_permissions,
            delegated_permissions: o.delegated_permissions,
            rate_per_minute: o.rate_per_minute,
            rate_per_hour: o.rate_per_hour,
            platforms: o.body.map_or(&[], |b| b.platforms),
            docs_url: o.docs,
        }
    }
}

impl TokenView<'_> {
    pub(crate) fn of(t: &TokenVerdict) -> TokenView<'_> {
        TokenView {
            summary: &t.description,
            fits: t.fits,
            findings: &t.findings,
        }
    }
}

/// `partial`: the body was cut or redacted.
pub(crate) fn is_partial(d: &Diagnosis) -> bool {
    d.shape == Shape::Fragment
}

impl<'a> From<&'a Diagnosis> for DiagnosisView<'a> {
    fn from(d: &'a Diagnosis) -> Self {
        DiagnosisView {
            schema_version: SCHEMA_VERSION,
            code: &d.code,
            known: d.known,
            identified_by: d.identified_by.as_str(),
            code_sent: d.code_sent.as_deref(),
            http_status: d.http_status,
            usual_status: d.usual_status,
            status_mismatch: d.status_mismatch,
            summary: Text(&d.summary),
            message: d.message.as_deref(),
            target: d.target.as_deref(),
            details: &d.details,
            fix: Steps(&d.fix),
            retry: RetryView::of(d),
            operation: d.route.map(OperationView::of),
            request: d.request.as_ref().map(|r| RequestView {
                method: r.method.as_deref(),
                url: &r.url,
            }),
            correlation: d.correlation.as_ref().map(|c| CorrelationView {
                id: &c.id,
                field: c.field,
                date: c.date.as_deref(),
            }),
            suggestion: d.suggestion,
            pending_actions: d.pending_actions.as_deref(),
            token: d.token.as_ref().map(TokenView::of),
            shape: d.shape.as_str(),
            transport: d.transport.as_ref().map(|t| TransportView {
                kind: t.kind.as_str(),
                host: t.host.as_deref(),
                said: &t.said,
            }),
            api: d.api.as_str(),
            partial: is_partial(d),
            context: d.context.as_str(),
            source: SourceView {
                file: &d.source.file,
                line: d.source.line,
            },
        }
    }
}
