//! The token doctor: reads a bearer token offline (no signature check, no network) and explains why the MDE
//! API would answer 401 or 403: audience, time, token kind and version, and the permissions an operation needs.
//!
//! The token itself never leaves this module: [`Token`] prints as `[redacted]` and a [`TokenReport`] holds only
//! decoded claims and findings (plain data), never an encoded segment or the signature.

mod checks;
pub(crate) mod decode;
pub mod known;

use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Map, Value};

pub(crate) use decode::{Token, TokenError};

use crate::operations::{routes, Route};

pub(crate) use crate::finding::Severity;

/// The token doctor's checks: each finding names the one that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    Structure,
    Signature,
    Audience,
    Issuer,
    Time,
    Kind,
    Version,
    Permissions,
    Cnf,
}

impl Check {
    /// The name shown in brackets (`error[time]`) and in JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Check::Structure => "structure",
            Check::Signature => "signature",
            Check::Audience => "audience",
            Check::Issuer => "issuer",
            Check::Time => "time",
            Check::Kind => "kind",
            Check::Version => "version",
            Check::Permissions => "permissions",
            Check::Cnf => "cnf",
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about the token: the shared finding, keyed by the check that made it.
pub type Finding = crate::finding::Finding<Check>;

/// The token doctor's JSON spells the id `check` and the help `fix` (documented; kept as it was).
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 4)?;
        st.serialize_field("check", &self.id)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("fix", &self.help)?;
        st.end()
    }
}

impl From<&TokenError> for Finding {
    fn from(err: &TokenError) -> Finding {
        let fix = match err {
            TokenError::NotFound => "Pass the access token (eyJ…), `Bearer <token>`, an `Authorization:` header line, or a file holding one of them or a `curl -v` transcript",
            TokenError::Opaque { .. } => "MDE API tokens from Microsoft Entra ID are JWTs (three base64url parts, starting eyJ). Check that you copied the access_token (not a refresh token or a client secret) and that it was issued by login.microsoftonline.com for the MDE API",
            TokenError::Encrypted => "Request an access token for the MDE API (resource https://api.securitycenter.microsoft.com); those are signed JWTs, not encrypted ones",
            TokenError::Base64 { .. } | TokenError::Json { .. } => "The token was cut or changed while copying: copy the whole access_token value again (it has exactly two dots)",
        };
        Finding::new(Check::Structure, Severity::Error, err.to_string()).help(fix)
    }
}

/// Whether the token carries application (`roles`) or delegated (`scp`) permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// App-only (client credentials): permissions in `roles`.
    Application,
    /// On behalf of a signed-in user: permissions in `scp`.
    Delegated,
    /// No claim establishes either.
    Unknown,
}

/// What the token is, beyond its permissions: the JSON `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum TokenType {
    /// An Entra ID access token, app-only.
    Application,
    /// An Entra ID access token on behalf of a user.
    Delegated,
    /// An Entra ID access token whose kind no claim establishes.
    Unknown,
    /// An OpenID Connect ID token: proof of a sign-in for the client app, never accepted by an API.
    IdToken,
    /// A JWT whose issuer is not a Microsoft Entra ID sign-in host.
    NotEntra,
}

/// How the MDE API treats the token's audience: the JSON `audience_verdict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AudienceVerdict {
    /// A documented MDE resource.
    Accepted,
    /// An older identifier of the MDE API (`https://api.securitycenter.windows.com`), accepted.
    OlderIdentifier,
    /// MDE's audience in another cloud than the one the request goes to.
    OtherCloud,
    /// Not documented as accepted, not known to fail (the Microsoft 365 Defender API).
    Doubtful,
    /// Another API's audience (Microsoft Graph, Azure management, …).
    OtherApi,
    /// The client application's own id: an ID token or a token for the app's own API.
    OwnApp,
    /// An audience this tool does not know.
    Unknown,
    /// No `aud` claim.
    Missing,
}

impl AudienceVerdict {
    /// Whether the audience is MDE's (in some cloud, or doubtfully so): only then do permission checks mean
    /// anything.
    pub(crate) fn is_mde(self) -> bool {
        matches!(
            self,
            AudienceVerdict::Accepted
                | AudienceVerdict::OlderIdentifier
                | AudienceVerdict::OtherCloud
                | AudienceVerdict::Doubtful
        )
    }
}

/// The JOSE header fields worth showing; the signature is never decoded or kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Header {
    /// Signing algorithm (`RS256`; `none` for an unsigned token).
    pub(crate) alg: Option<String>,
    /// Token type (`JWT`; `at+jwt` for some access tokens).
    pub(crate) typ: Option<String>,
    /// Id of the signing key (public, names a key in the issuer's key set).
    pub(crate) kid: Option<String>,
}

/// Operations of one family of the API (`operations --family`), split by whether the token can call them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FamilyCoverage {
    pub(crate) family: String,
    pub(crate) can: Vec<&'static str>,
    pub(crate) cannot: Vec<&'static str>,
}

/// What the doctor found: plain data, with no part of the encoded token in it.
#[derive(Debug, Clone)]
pub struct TokenReport {
    /// The decoded payload claims.
    pub(crate) claims: Map<String, Value>,
    /// `alg`, `typ` and `kid` from the header.
    pub(crate) header: Header,
    /// Which permissions claim the token carries (kept for callers that only branch on that).
    pub(crate) kind: TokenKind,
    /// What the token is: access token (application, delegated, unknown), ID token or not from Entra ID.
    pub(crate) token_type: TokenType,
    /// How the MDE API treats the audience.
    pub(crate) audience_verdict: AudienceVerdict,
    /// The `ver` claim.
    pub(crate) version: Option<String>,
    /// The `aud` claim (the first, when it is an array).
    pub(crate) audience: Option<String>,
    /// The API the audience belongs to, when known.
    pub(crate) audience_api: Option<&'static str>,
    pub(crate) tenant: Option<String>,
    /// `appid` (v1) or `azp` (v2): the client application.
    pub(crate) app_id: Option<String>,
    pub(crate) object_id: Option<String>,
    /// `upn`, `unique_name` or `preferred_username`.
    pub(crate) user: Option<String>,
    pub(crate) issuer: Option<String>,
    pub(crate) issued_at: Option<i64>,
    pub(crate) not_before: Option<i64>,
    pub(crate) expires: Option<i64>,
    /// The `roles` (application) or `scp` (delegated) values.
    pub(crate) permissions: Vec<String>,
    /// The time the token was judged against (Unix seconds).
    pub(crate) now: i64,
    /// The operation checked against, if any.
    pub(crate) operation: Option<&'static str>,
    pub(crate) findings: Vec<Finding>,
    /// Without an operation: what the token can and cannot call, per family.
    pub(crate) coverage: Vec<FamilyCoverage>,
    /// Whether identifying claims were hidden.
    pub(crate) redacted: bool,
}

/// Options beyond the token: what it is for and when it is judged.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub operation: Option<&'static Route>,
    /// Host of the request (from `--endpoint` or a transcript), to check the cloud matches.
    pub api_host: Option<&'a str>,
    pub now: SystemTime,
}

/// The placeholder for hidden values.
pub(crate) const REDACTED: &str = "[redacted]";

/// Claims that identify a tenant, app or person; `--redact-ids` hides them (and their values wherever else
/// they appear, e.g. the tenant inside `iss`).
const IDENTIFYING: &[&str] = &[
    "tid",
    "appid",
    "azp",
    "oid",
    "upn",
    "sub",
    "unique_name",
    "preferred_username",
    "email",
    "name",
    "given_name",
    "family_name",
    "ipaddr",
    "onprem_sid",
    "puid",
    "sid",
    "iss",
    "idp",
    "xms_mirid",
    "altsecid",
    "home_oid",
];

impl TokenReport {
    /// The token version its issuer implies, for a token without a `ver` claim: Entra ID's v2.0 issuers end
    /// in `/v2.0`, its v1.0 ones are the `sts.` hosts. None for an issuer that is not Entra ID's.
    pub(crate) fn version_from_issuer(&self) -> Option<&'static str> {
        let iss = self.issuer.as_deref()?;
        known::issuer(iss)?;
        if iss.trim_end_matches('/').ends_with("/v2.0") {
            Some("2.0")
        } else {
            let host = iss.strip_prefix("https://")?.split('/').next()?;
            host.starts_with("sts.").then_some("1.0")
        }
    }

    /// Whether the token fits: no finding is an error.
    pub(crate) fn fits(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Hides identifying claims (tid, appid/azp, oid, upn, …) everywhere in the report.
    pub fn redact_ids(&mut self) {
        let mut values: Vec<String> = Vec::new();
        for key in IDENTIFYING {
            if let Some(v) = self.claims.get_mut(*key) {
                if let Value::String(s) = v {
                    values.push(std::mem::take(s));
                }
                *v = Value::String(REDACTED.into());
            }
        }
        // Ids hide inside other values (`iss` holds the tenant); blank them there too. Short values are
        // skipped so a one-letter name does not blank half the report.
        values.retain(|v| v.len() >= 8);
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let scrub = |text: &mut String| {
            for v in &values {
                if text.contains(v.as_str()) {
                    *text = text.replace(v.as_str(), REDACTED);
                }
            }
        };
        for v in self.claims.values_mut() {
            scrub_value(v, &scrub);
        }
        for field in [
            &mut self.tenant,
            &mut self.app_id,
            &mut self.object_id,
            &mut self.user,
            &mut self.issuer,
        ] {
            if field.is_some() {
                *field = Some(REDACTED.into());
            }
        }
        if let Some(aud) = &mut self.audience {
            scrub(aud);
        }
        for f in &mut self.findings {
            scrub(&mut f.message);
            if let Some(fix) = &mut f.help {
                scrub(fix);
            }
        }
        self.redacted = true;
    }
}

fn scrub_value(v: &mut Value, scrub: &dyn Fn(&mut String)) {
    match v {
        Value::String(s) => scrub(s),
        Value::Array(items) => items.iter_mut().for_each(|i| scrub_value(i, scrub)),
        Value::Object(map) => map.values_mut().for_each(|i| scrub_value(i, scrub)),
        _ => {}
    }
}

/// Reads the token in `raw` (a JWT, `Bearer …`, an `Authorization:` line, or a transcript holding one) and
/// checks it, against `options.operation` when given. `Err` means the token could not be read at all.
pub fn inspect_with(raw: &str, options: &Options<'_>) -> Result<TokenReport, TokenError> {
    let token = decode::extract(raw)?;
    let mut report = inspect_token(&token, options)?;
    if let Some(problem) = decode::scheme_problem(raw) {
        report.findings.push(checks::scheme_finding(&problem));
        report
            .findings
            .sort_by_key(|f| std::cmp::Reverse(f.severity));
    }
    Ok(report)
}

/// Checks an already extracted token.
pub(crate) fn inspect_token(
    token: &Token,
    options: &Options<'_>,
) -> Result<TokenReport, TokenError> {
    let decoded = decode::decode(token)?;
    Ok(checks::run(decoded, options))
}

/// The operation a `curl -v` transcript called, from its request line (`> POST /api/… HTTP/2`), with the
/// `Host` header when present: lets `mdediag token transcript.txt` check the permissions of that call.
pub(crate) fn request_target(raw: &str) -> Option<(&'static Route, Option<String>)> {
    let mut found: Option<&'static Route> = None;
    let mut host = None;
    for line in raw.lines() {
        let Some(line) = line.strip_prefix("> ") else {
            continue;
        };
        let line = line.trim_end();
        if found.is_none() {
            let mut words = line.split(' ');
            if let (Some(method), Some(target), Some(proto)) =
                (words.next(), words.next(), words.next())
            {
                if proto.starts_with("HTTP/") {
                    if let Some(method) = crate::operations::Method::parse(method) {
                        found = routes::by_request(method, target);
                    }
                }
            }
        } else if host.is_none() {
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("host") {
                    host = Some(value.trim().to_string());
                }
            }
        }
    }
    found.map(|op| (op, host))
}

#[cfg(test)]
mod tests;
