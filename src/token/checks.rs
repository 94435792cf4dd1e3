//! The checks, each turning decoded claims into findings: what the token is (access token of which kind, ID
//! token, not from Entra ID), signature, audience, time, issuer, binding, version, permissions; plus what the
//! token can call per operation family. Messages never quote identifying claims.
//!
//! Verdicts are exclusive where one fix settles everything: an ID token or a token from another issuer gets
//! one error and nothing else to fix; a token for another API gets one audience error and no permission
//! checks, since nothing about MDE permissions can be read from it.

use serde_json::{Map, Value};

use super::decode::{Decoded, SchemeProblem};
use super::known::{self, Cloud, Issuer};
use super::{
    Check, FamilyCoverage, Finding, Header, Options, Severity, TokenKind, TokenReport, TokenType,
};
use crate::operations::Route;
use crate::time::unix_seconds;

mod audience;
mod lifetime;
mod permissions;

use audience::{check_audience, lowercase_first};
use lifetime::check_time;
use permissions::{check_kind, check_operation, check_traps, families};

fn string_claim(claims: &Map<String, Value>, key: &str) -> Option<String> {
    claims.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A NumericDate claim; `Err` when present but not a number.
fn time_claim(claims: &Map<String, Value>, key: &str) -> Result<Option<i64>, ()> {
    match claims.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            // Float seconds: whole seconds are enough for minute-level messages.
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .map(Some)
            .ok_or(()),
        Some(Value::String(s)) => s.trim().parse::<i64>().map(Some).map_err(|_| ()),
        Some(_) => Err(()),
    }
}

/// A GUID in its usual 8-4-4-4-12 form: the shape of a client id used as an audience.
fn is_guid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Claims only access tokens carry (the client app and how it authenticated, the token type).
const ACCESS_TOKEN_CLAIMS: &[&str] = &["scp", "appid", "azp", "appidacr", "azpacr", "idtyp"];
/// Claims only OpenID Connect ID tokens carry.
const ID_TOKEN_CLAIMS: &[&str] = &["nonce", "at_hash", "c_hash", "auth_time"];
/// Claims naming a signed-in user.
const USER_CLAIMS: &[&str] = &["upn", "unique_name", "preferred_username", "email", "name"];

/// An ID token: none of the access-token claims, an audience no known API has, and either an OpenID Connect
/// claim (`nonce`, `at_hash`, …) or a user signed in to a client id (a GUID audience).
fn is_id_token(claims: &Map<String, Value>, audience: Option<&str>) -> bool {
    if audience.is_none_or(|a| known::audience(a).is_some()) {
        return false;
    }
    // `nonce`, `at_hash` or `c_hash` with no permissions: an ID token whatever else it carries (OpenID
    // Connect allows `azp` in one) and however it is signed.
    let permissions = ["scp", "roles"].iter().any(|k| claims.contains_key(*k));
    if !permissions
        && ["nonce", "at_hash", "c_hash"]
            .iter()
            .any(|k| claims.contains_key(*k))
    {
        return true;
    }
    if ACCESS_TOKEN_CLAIMS.iter().any(|k| claims.contains_key(*k)) {
        return false;
    }
    let user = USER_CLAIMS.iter().any(|k| claims.contains_key(*k));
    ID_TOKEN_CLAIMS.iter().any(|k| claims.contains_key(*k))
        || (user && audience.is_some_and(is_guid))
}

/// The claims that show an access token without `scp` is app-only; empty when none does.
fn app_only_evidence(claims: &Map<String, Value>) -> Vec<&'static str> {
    let has = |k: &str| claims.contains_key(k);
    let user = ["upn", "unique_name", "preferred_username"]
        .iter()
        .any(|k| has(k));
    let mut evidence = Vec::new();
    if string_claim(claims, "idtyp").as_deref() == Some("app") {
        // The claim that says so outright; the others only matter for tokens without it.
        return vec!["`idtyp` = app"];
    }
    if has("roles") {
        evidence.push("`roles` and no `scp`");
    }
    if !user {
        if has("appidacr") {
            evidence.push("`appidacr` and no `scp` or `upn`");
        } else if has("azpacr") {
            evidence.push("`azpacr` and no `scp` or `upn`");
        }
    }
    let oid = string_claim(claims, "oid");
    if oid.is_some_and(|o| !o.is_empty() && Some(o) == string_claim(claims, "sub")) {
        evidence.push("`oid` = `sub`");
    }
    if !user && (has("appid") || has("azp")) && evidence.is_empty() {
        evidence.push("a client id and no `scp` or user claim");
    }
    evidence
}

/// Builds the report: summary fields from the claims, then every check.
pub(super) fn run(decoded: Decoded, options: &Options<'_>) -> TokenReport {
    let Decoded {
        header,
        claims,
        signature_empty,
    } = decoded;
    let now = unix_seconds(options.now);
    let mut findings = Vec::new();

    let audience = audience_claim(&claims);
    let app_id = string_claim(&claims, "appid").or_else(|| string_claim(&claims, "azp"));
    let version = string_claim(&claims, "ver");
    let issuer = string_claim(&claims, "iss");
    let tenant = string_claim(&claims, "tid");

    let evidence = app_only_evidence(&claims);
    let (kind, permissions) = kind_and_permissions(&claims, &evidence);
    let issuer_kind = issuer.as_deref().map(known::issuer);
    let token_type = token_type(issuer_kind, &claims, audience.as_deref(), kind);

    let [issued_at, not_before, expires] = time_claims(&claims, &mut findings);

    let cloud = request_cloud(options.api_host, audience.as_deref(), issuer.as_deref());
    let (audience_verdict, audience_findings) = check_audience(
        audience.as_deref(),
        app_id.as_deref(),
        version.as_deref(),
        options.api_host,
        cloud,
        token_type,
    );
    let mut coverage = Vec::new();
    match token_type {
        // One fix settles these: nothing else about the token matters until it is the right kind.
        TokenType::IdToken => {
            findings = vec![id_token_finding(version.as_deref(), cloud)];
            findings.extend(audience_findings);
        }
        TokenType::NotEntra => findings = vec![not_entra_finding(version.as_deref(), cloud)],
        TokenType::Application | TokenType::Delegated | TokenType::Unknown => {
            findings.extend(check_signature(&header, signature_empty));
            findings.extend(audience_findings);
            // An `exp` that is present but unreadable was reported above; "no `exp` claim" would contradict it.
            let exp_present = claims.contains_key("exp");
            findings.extend(check_time(now, issued_at, not_before, expires, exp_present));
            let judge = audience_verdict.is_mde();
            findings.extend(check_kind(
                kind,
                &permissions,
                &evidence,
                judge,
                options.operation,
            ));
            findings.extend(check_issuer(
                issuer_kind.flatten(),
                tenant.as_deref(),
                issuer.as_deref(),
            ));
            findings.extend(check_binding(claims.get("cnf")));
            findings.extend(check_version(version.as_deref(), issuer.as_deref()));
            if judge {
                coverage = check_permissions(kind, &permissions, options.operation, &mut findings);
            } else {
                // Another API's token: its permissions say nothing about MDE's, except where a name is
                // mistaken for an MDE one.
                findings.extend(check_traps(&permissions, Severity::Note));
            }
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity)); // most severe first

    TokenReport {
        header: header_fields(&header),
        kind: if token_type == TokenType::IdToken {
            TokenKind::Unknown
        } else {
            kind
        },
        token_type,
        audience_verdict,
        version,
        audience_api: audience.as_deref().and_then(known::audience).map(|a| a.api),
        audience,
        tenant,
        app_id,
        object_id: string_claim(&claims, "oid"),
        user: user_claim(&claims),
        issuer,
        issued_at,
        not_before,
        expires,
        permissions,
        now,
        operation: options.operation.map(|o| o.name),
        findings,
        coverage,
        redacted: false,
        claims,
    }
}

/// What the token is: not from Entra ID (an unknown issuer), an ID token, or an access token of `kind`.
fn token_type(
    issuer_kind: Option<Option<Issuer>>,
    claims: &Map<String, Value>,
    audience: Option<&str>,
    kind: TokenKind,
) -> TokenType {
    if issuer_kind == Some(None) {
        TokenType::NotEntra
    } else if is_id_token(claims, audience) {
        TokenType::IdToken
    } else {
        match kind {
            TokenKind::Application => TokenType::Application,
            TokenKind::Delegated => TokenType::Delegated,
            TokenKind::Unknown => TokenType::Unknown,
        }
    }
}

/// The signed-in user's name, from the first of the claims that carry one.
fn user_claim(claims: &Map<String, Value>) -> Option<String> {
    string_claim(claims, "upn")
        .or_else(|| string_claim(claims, "unique_name"))
        .or_else(|| string_claim(claims, "preferred_username"))
}

/// The header fields the report shows.
fn header_fields(header: &Map<String, Value>) -> Header {
    let header_field = |key: &str| header.get(key).and_then(Value::as_str).map(str::to_owned);
    Header {
        alg: header_field("alg"),
        typ: header_field("typ"),
        kid: header_field("kid"),
    }
}

/// The `aud` claim; of a list, the first audience the MDE API accepts, else the first.
fn audience_claim(claims: &Map<String, Value>) -> Option<String> {
    match claims.get("aud") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .find(|a| known::audience(a).is_some_and(|k| k.verdict.accepted()))
            .or_else(|| items.iter().find_map(Value::as_str))
            .map(str::to_owned),
        _ => None,
    }
}

/// The kind of access token and its permissions: `scp` for a delegated token, else `roles`.
fn kind_and_permissions(
    claims: &Map<String, Value>,
    evidence: &[&str],
) -> (TokenKind, Vec<String>) {
    let roles: Vec<String> = match claims.get("roles") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let scopes: Option<Vec<String>> =
        string_claim(claims, "scp").map(|s| s.split_whitespace().map(str::to_owned).collect());
    match scopes {
        Some(scp) => (TokenKind::Delegated, scp),
        None if !evidence.is_empty() => (TokenKind::Application, roles),
        None => (TokenKind::Unknown, roles),
    }
}

/// `iat`, `nbf` and `exp`; a warning in `findings` for each that is present but not a number.
fn time_claims(claims: &Map<String, Value>, findings: &mut Vec<Finding>) -> [Option<i64>; 3] {
    let mut times = [None; 3];
    for (slot, key) in times.iter_mut().zip(["iat", "nbf", "exp"]) {
        match time_claim(claims, key) {
            Ok(t) => *slot = t,
            Err(()) => findings.push(Finding::new(
                Check::Time,
                Severity::Warning,
                format!("the `{key}` claim is not a number of seconds, so it was not checked"),
            )),
        }
    }
    times
}

/// The permission findings of a token for the MDE API: traps, then the operation's permissions or, with
/// no operation given, what the token can call per family (returned).
fn check_permissions(
    kind: TokenKind,
    permissions: &[String],
    operation: Option<&Route>,
    findings: &mut Vec<Finding>,
) -> Vec<FamilyCoverage> {
    // An app token without any role has its one error from `check_kind`, naming what to grant.
    let roleless_app = kind == TokenKind::Application && permissions.is_empty();
    findings.extend(check_traps(permissions, Severity::Warning));
    match operation {
        Some(op) if roleless_app && !op.app_permissions.is_empty() => {}
        // Neither kind: `check_kind` has the one error and names what the operation takes.
        Some(_) if kind == TokenKind::Unknown => {}
        Some(op) => findings.extend(check_operation(op, kind, permissions)),
        None => {
            let coverage = families(kind, permissions);
            if kind != TokenKind::Unknown && coverage.iter().all(|f| f.can.is_empty()) {
                findings.push(
                    Finding::new(
                        Check::Permissions,
                        Severity::Warning,
                        "the token holds none of the permissions the known MDE operations take",
                    )
                    .help(
                        "Grant the WindowsDefenderATP permissions your calls need (see `mdediag operations NAME`), grant admin consent, then request a new token",
                    ),
                );
            }
            return coverage;
        }
    }
    Vec::new()
}

/// The cloud the request goes to: the API host when known, else the token's own audience or issuer.
fn request_cloud(api_host: Option<&str>, audience: Option<&str>, issuer: Option<&str>) -> Cloud {
    if let Some(cloud) = api_host.and_then(Cloud::of_api_host) {
        return cloud;
    }
    if let Some(a) = audience.and_then(known::audience) {
        if a.verdict.accepted() {
            return a.cloud;
        }
    }
    if issuer.and_then(known::issuer) == Some(Issuer::UsGovernment) {
        return Cloud::GccHigh;
    }
    Cloud::Commercial
}

/// The exact token request to make instead, led by the endpoint the token came from.
fn request_fix(version: Option<&str>, cloud: Cloud) -> String {
    let resource = cloud.resource();
    let login = cloud.login();
    if version == Some("2.0") {
        format!(
            "Request the token from the v2.0 endpoint {login}/{{tenantId}}/oauth2/v2.0/token with scope={resource}/.default (that endpoint takes `scope`, not `resource`), or from the v1 endpoint {login}/{{tenantId}}/oauth2/token with resource={resource}"
        )
    } else {
        format!(
            "Request the token from {login}/{{tenantId}}/oauth2/token with resource={resource}, or from the v2.0 endpoint {login}/{{tenantId}}/oauth2/v2.0/token with scope={resource}/.default"
        )
    }
}

fn id_token_finding(version: Option<&str>, cloud: Cloud) -> Finding {
    Finding::new(
        Check::Kind,
        Severity::Error,
        "this is an ID token, not an access token: it tells your own app who signed in (its audience is the app's client id), and no API accepts it as a bearer token",
    )
    .help(format!(
        "Send the `access_token` of the token response, not its `id_token`. To get one for the MDE API: {}",
        lowercase_first(&request_fix(version, cloud))
    ))
}

fn not_entra_finding(version: Option<&str>, cloud: Cloud) -> Finding {
    Finding::new(
        Check::Kind,
        Severity::Error,
        "not a Microsoft Entra ID token: its issuer (`iss`) is not an Entra ID sign-in host, and the MDE API accepts only access tokens Entra ID issued for it",
    )
    .help(request_fix(version, cloud))
}

/// The finding for an `Authorization:` header that does not say `Bearer `.
pub(super) fn scheme_finding(problem: &SchemeProblem) -> Finding {
    let message = match problem {
        SchemeProblem::Missing => "the `Authorization:` header holds the token without the `Bearer ` scheme in front; the API answers 401 to it".to_string(),
        SchemeProblem::Other(word) => format!(
            "the `Authorization:` header uses the `{word}` scheme; the MDE API takes only `Bearer` and answers 401"
        ),
    };
    Finding::new(Check::Structure, Severity::Error, message).help(
        "Send `Authorization: Bearer <access_token>`: the word Bearer, one space, then the token (PowerShell: @{ Authorization = \"Bearer $token\" })",
    )
}

fn check_signature(header: &Map<String, Value>, signature_empty: bool) -> Vec<Finding> {
    let alg = header.get("alg").and_then(Value::as_str);
    if alg.is_some_and(|a| a.eq_ignore_ascii_case("none")) {
        let shape = if signature_empty {
            "`alg: none` and an empty signature"
        } else {
            "`alg: none`"
        };
        return vec![Finding::new(
            Check::Signature,
            Severity::Error,
            format!("unsigned token ({shape}): the MDE API accepts only tokens signed by Entra ID"),
        )
        .help("Send the access token exactly as Entra ID returned it; a token built or edited by hand (or by a test library) carries no valid signature")];
    }
    if signature_empty {
        return vec![Finding::new(
            Check::Signature,
            Severity::Error,
            "the signature part is empty: the token was cut after its second dot or built by hand, and the API refuses it",
        )
        .help("Copy the whole access_token value again: three parts, the third being the signature")];
    }
    Vec::new()
}

fn check_issuer(issuer: Option<Issuer>, tenant: Option<&str>, iss: Option<&str>) -> Vec<Finding> {
    let consumer = tenant.is_some_and(|t| t.eq_ignore_ascii_case(known::CONSUMER_TENANT))
        || iss.is_some_and(|i| i.to_ascii_lowercase().contains(known::CONSUMER_TENANT));
    let mut found = Vec::new();
    if consumer {
        found.push(
            Finding::new(
                Check::Issuer,
                Severity::Warning,
                "issued in the consumer tenant of personal Microsoft accounts: Defender for Endpoint belongs to an organization's tenant, whose users and apps the MDE API serves",
            )
            .help("Sign in with a work account (or use an app) of the tenant that has Defender for Endpoint, and request the token from login.microsoftonline.com/{tenantId} rather than /common or /consumers"),
        );
    }
    match issuer {
        Some(Issuer::PreProduction) => found.push(
            Finding::new(
                Check::Issuer,
                Severity::Warning,
                "issued by a Microsoft pre-production Entra ID instance (a test sign-in service, not the production one): the production MDE API does not trust its signing keys",
            )
            .help("Request the token from the production sign-in host of your cloud (login.microsoftonline.com, or login.microsoftonline.us for US Government)"),
        ),
        Some(Issuer::UsGovernment) => found.push(Finding::new(
            Check::Issuer,
            Severity::Note,
            format!(
                "issued by Microsoft Entra ID for US Government (login.microsoftonline.us): such tokens serve the GCC High and DoD MDE API at {}",
                Cloud::GccHigh.resource()
            ),
        )),
        Some(Issuer::China) => found.push(Finding::new(
            Check::Issuer,
            Severity::Warning,
            "issued by Microsoft Entra ID operated by 21Vianet (China): the MDE docs name no MDE API host for that cloud, and the public and US Government hosts do not trust its tokens",
        )),
        Some(Issuer::Public) | None => {}
    }
    found
}

/// `cnf` (confirmation) binds a token to a key or certificate the client holds.
fn check_binding(cnf: Option<&Value>) -> Vec<Finding> {
    let Some(cnf) = cnf else {
        return Vec::new();
    };
    let certificate = cnf.get("x5t#S256").is_some();
    let message = if certificate {
        "certificate-bound token (`cnf` holds `x5t#S256`): it is valid only over a TLS connection made with the client certificate it names, while the MDE API takes plain bearer tokens"
    } else {
        "proof-of-possession token (`cnf` claim): it is bound to a key the client holds and must travel inside a request signed with that key (`Authorization: PoP …`), while the MDE API takes plain bearer tokens"
    };
    vec![Finding::new(Check::Cnf, Severity::Warning, message).help(
        "Request an ordinary bearer token: leave out the proof-of-possession or certificate-binding options of the token request (for example MSAL's PoP / token_type=pop)",
    )]
}

fn check_version(version: Option<&str>, issuer: Option<&str>) -> Vec<Finding> {
    let issuer_v2 = issuer.map(|i| i.trim_end_matches('/').ends_with("/v2.0"));
    match version {
        Some("1.0") => {
            let mut f = vec![Finding::new(
                Check::Version,
                Severity::Note,
                format!("v1.0 token; the version follows the API the token is for, not the endpoint used: the v1 endpoint {} takes resource=…, the v2.0 endpoint {} takes scope=…/.default", known::V1_TOKEN_ENDPOINT, known::V2_TOKEN_ENDPOINT),
            )];
            if issuer_v2 == Some(true) {
                f.push(Finding::new(
                    Check::Version,
                    Severity::Warning,
                    "`ver` says 1.0 but the issuer is a v2.0 one: the token may have been edited",
                ));
            }
            f
        }
        Some("2.0") => {
            let mut f = vec![Finding::new(
                Check::Version,
                Severity::Note,
                format!("v2.0 token; the v2.0 endpoint {} takes scope=…/.default and refuses resource=, the v1 endpoint {} takes resource=…", known::V2_TOKEN_ENDPOINT, known::V1_TOKEN_ENDPOINT),
            )];
            if issuer_v2 == Some(false) {
                f.push(Finding::new(
                    Check::Version,
                    Severity::Warning,
                    "`ver` says 2.0 but the issuer is a v1.0 one: the token may have been edited",
                ));
            }
            f
        }
        Some(_) => vec![Finding::new(
            Check::Version,
            Severity::Warning,
            "unknown `ver` value: Entra ID access tokens say 1.0 or 2.0",
        )],
        None => vec![Finding::new(
            Check::Version,
            Severity::Warning,
            "no `ver` claim: this may not be a Microsoft Entra ID access token",
        )],
    }
}
