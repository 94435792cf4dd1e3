//! The Diagnosis record: plain data, everything said about one error.

use crate::facts::Fact;
use crate::operations::Route;
use crate::response::{Context, Location, Request, Shape, Transport};

use super::api::Api;
use super::identify::IdentifiedBy;
use super::retry::RetryAdvice;
use super::token_verdict::TokenVerdict;

use std::borrow::Cow;

/// The id to quote to Microsoft support, verbatim, with the response's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correlation {
    pub id: String,
    /// Where it came from: `target`, `request-id`, `client-request-id`, `correlation_id`, `trace_id`.
    pub field: &'static str,
    pub date: Option<String>,
}

/// Everything said about one error.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub source: Location,
    pub shape: Shape,
    pub context: Context,
    /// The catalog code, or the code as sent when unknown.
    pub code: String,
    /// The code as the response sent it, when it sent one.
    pub code_sent: Option<String>,
    pub known: bool,
    pub identified_by: IdentifiedBy,
    pub http_status: Option<u16>,
    /// The status the catalog says the code comes with.
    pub usual_status: Option<u16>,
    /// The received status differs from `usual_status` (a proxy or another service may have answered).
    pub status_mismatch: bool,
    pub summary: Cow<'static, str>,
    pub message: Option<String>,
    pub target: Option<String>,
    pub details: Vec<Fact>,
    /// Case-specific advice first, then the catalog's steps (borrowed from the catalog unless edited).
    pub fix: Vec<Cow<'static, str>>,
    /// How many of `fix`'s first steps are this case's own (from its facts); the rest are the catalog's
    /// general steps, which the default human output leaves to `mdediag explain CODE` and `-v`.
    pub fix_specific: usize,
    pub retry: RetryAdvice,
    /// The body operation the request called (its parameters explain body errors).
    pub operation: Option<&'static Route>,
    /// The documented operation the request called, any method: its permissions and limits.
    pub route: Option<&'static Route>,
    pub request: Option<Request>,
    pub correlation: Option<Correlation>,
    /// The nearest known code, for an unknown one.
    pub suggestion: Option<&'static str>,
    /// The GET that lists the device's pending machine actions (printed, never run).
    pub pending_actions: Option<String>,
    /// For a 401/403 whose request carried a bearer token: what the token itself says.
    pub token: Option<TokenVerdict>,
    /// The API family that answered (for a call that got no response: the one called): its advice is the
    /// only advice given.
    pub api: Api,
    /// A call that got no HTTP response ([`Shape::Transport`]): how it failed.
    pub transport: Option<Box<Transport>>,
}

impl Diagnosis {
    /// Whether waiting (or polling) is the whole fix.
    pub fn is_transient(&self) -> bool {
        self.retry.kind.is_transient()
    }
}
