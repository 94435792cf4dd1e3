//! Facts pulled out of error messages through the catalog's message templates (`Hash value {hash} is
//! invalid.`), each turned into advice for this case: the hash's length and likely type, the batch split,
//! the parameter's exact case, the roles to grant. Pure. The code picks the sentence; its words live in
//! `facts/advice.md`.

use std::sync::OnceLock;

use serde::Serialize;

use crate::catalog::{self, template, Entry};
use crate::operations::{Param, Route, ValueFormat};

pub(crate) mod advice;

use advice::{fill, Key};

/// One fact read from a message, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FactKind {
    /// A hash the API rejected.
    InvalidHash {
        value: String,
        length: usize,
        hex: bool,
        /// The hash type its length suggests (`SHA-1`), if any.
        likely_type: Option<&'static str>,
        /// The hash types the operation accepts, when it is known.
        accepted: Vec<&'static str>,
    },
    /// An IP address the API rejected.
    InvalidIp {
        value: String,
        cidr: bool,
        parses: bool,
    },
    /// A URL the API rejected.
    InvalidUrl { value: String, has_scheme: bool },
    /// A domain name the API rejected.
    InvalidDomain {
        value: String,
        has_scheme_or_path: bool,
    },
    /// Too many items in one request.
    BatchSize {
        received: u64,
        allowed: u64,
        /// How many requests of at most `allowed` items the batch needs.
        requests: u64,
    },
    /// A required parameter the API did not find.
    MissingParameter {
        name: String,
        /// The name as the operation table spells it, when it is known.
        correct_case: Option<&'static str>,
    },
    /// An OS platform the action does not support.
    OsPlatform {
        platform: String,
        supported: Vec<&'static str>,
    },
    /// A minimum client (sensor) version.
    ClientVersion { action: String, version: String },
    /// Roles the API required vs the roles the token holds.
    MissingRoles {
        required: Vec<String>,
        granted: Vec<String>,
        /// Required minus granted.
        missing: Vec<String>,
    },
    /// The app holds none of these permissions.
    AnyOfPermissions { required: Vec<String> },
    /// The audience (`aud`) the refused token was issued for, named when it is a well-known one.
    TokenAudience {
        value: String,
        /// The API the audience belongs to (`Azure AD Graph (retired)`), when known.
        api: Option<&'static str>,
        /// Whether the Defender for Endpoint API accepts tokens for this audience.
        accepted: bool,
    },
    /// The tenant's Defender for Endpoint account is not in a state to answer (`inactive`, `suspended`,
    /// `no-license`): no token or permission change helps.
    AccountState { state: &'static str, reason: String },
    /// Azure management found no role assignment allowing the action on the scope.
    AzureRole {
        principal: String,
        object_id: Option<String>,
        action: String,
        scope: String,
    },
    /// Another named value from the message (`resource`, `input`, `reason`, `detail`, …).
    Value { name: String, value: String },
    // odata: facts of ODataError messages and of the request line's query (src/odata/diagnose.rs).
    /// `$top` above the endpoint's maximum.
    TopLimit { limit: u64, sent: u64 },
    /// A name the OData layer did not find; `correct` is the property it likely stands for.
    OdataProperty {
        name: String,
        correct: Option<String>,
    },
    /// A property the endpoint does not filter on.
    OdataNotFilterable {
        name: String,
        filterable: Vec<&'static str>,
    },
    /// A function, operator or option the OData layer refused (`what`: function, operator, option).
    OdataRefused { what: &'static str, name: String },
    /// What `mdediag lint` finds in the request line's query (`column` within the URL).
    QueryFinding {
        rule: &'static str,
        column: usize,
        message: String,
    },
}

/// A fact read from a message, with what it means (`message`) and what to do about it (`help`, none when
/// the fact needs no action of its own): the shared finding, keyed by the kind of fact and the values read.
pub type Fact = crate::finding::Finding<FactKind>;

impl Fact {
    /// A fact with its sentence and advice (an empty advice is none). Facts inform: their weight is the
    /// diagnosis's, so each is a note.
    pub fn of(kind: FactKind, text: String, advice: String) -> Fact {
        Fact::new(kind, crate::finding::Severity::Note, text).help(advice)
    }
}

/// The JSON of a fact: its kind's fields, `text` and `advice` (empty when none), as documented.
impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            #[serde(flatten)]
            kind: &'a FactKind,
            text: &'a str,
            advice: &'a str,
        }
        View {
            kind: &self.id,
            text: &self.message,
            advice: self.help.as_deref().unwrap_or_default(),
        }
        .serialize(s)
    }
}

/// Every placeholder name a catalog template may use: the names the rows of [`EXTRACTORS`] read (tests hold
/// the catalog and `catalog/FORMAT.md` to this list, and this list to the table).
pub const PLACEHOLDERS: &[&str] = &[
    "hash",
    "ip",
    "url",
    "domain",
    "received",
    "allowed",
    "parameter",
    "platform",
    "action",
    "version",
    "required_roles",
    "granted_roles",
    "audience",
    "principal",
    "object_id",
    "arm_action",
    "scope",
    "resource",
    "input",
    "reason",
    "detail",
];

/// Placeholder values captured from a message.
pub type Captures = Vec<(&'static str, String)>;

/// A character no real message ends with, appended so an empty last placeholder still matches.
const SENTINEL: char = '\u{1}';

/// Matches `message` against `entry`'s templates; the captures of the first that fits.
/// Exact matches are tried first, then loose ones ([`template::loose_captures`]: the message cut short,
/// re-wrapped, inside a longer line or going on).
pub fn match_entry(entry: &Entry, message: &str) -> Option<Captures> {
    entry
        .templates
        .iter()
        .find_map(|t| match_template(t, message))
        .or_else(|| {
            best_loose(entry.templates.iter().map(|t| (entry, *t)), message).map(|(_, c)| c)
        })
}

/// Of `templates`, the one that matches `message` loosely over the most template text (the first of equals).
fn best_loose<'e>(
    templates: impl Iterator<Item = (&'e Entry, &'static str)>,
    message: &str,
) -> Option<(&'e Entry, Captures)> {
    let mut best: Option<(&Entry, Captures, (usize, usize))> = None;
    for (e, t) in templates {
        if let Some((caps, score)) = template::loose_scored(t, message) {
            // Equal text matched: the template that took more values read more of the message.
            let score = (score, caps.len());
            if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
                best = Some((e, caps, score));
            }
        }
    }
    best.map(|(e, caps, _)| (e, caps))
}

/// Matches one template. An empty last placeholder ("application roles: .") matches as empty.
pub fn match_template(template: &'static str, message: &str) -> Option<Captures> {
    match_template_led(template, lead_of(template), message)
}

/// The leading literal [`match_template_led`] checks first: its trailing blanks may be the padding's.
fn lead_of(template: &'static str) -> &'static str {
    template::leading_literal(template).trim_end()
}

/// [`match_template`] with the template's [`lead_of`] given (computed once for the identifying templates).
fn match_template_led(template: &'static str, lead: &str, message: &str) -> Option<Captures> {
    // Cheap rejection first (most templates tried on a message are not its own): both attempts below need
    // the message to start with the template's leading literal.
    template::strip_literal(message.trim_start(), lead)?;
    if let Some(caps) = template::captures(template, message) {
        return Some(
            caps.into_iter()
                .map(|c| (c.name, c.value.to_string()))
                .collect(),
        );
    }
    if !template.trim_end().trim_end_matches('.').ends_with('}') {
        return None;
    }
    let trimmed = message.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    let padded = format!("{trimmed} {SENTINEL}");
    let caps = template::captures(template, &padded)?;
    Some(
        caps.into_iter()
            .map(|c| {
                let v = c.value.trim_end_matches(SENTINEL).trim();
                (c.name, v.to_string())
            })
            .collect(),
    )
}

/// Shortest literal text a template must have to identify a message without a code: `{reason}.` says
/// nothing, `Action is already in progress` says which error it is.
const MIN_LITERAL: usize = 12;

fn literal_len(template: &str) -> usize {
    let mut n = 0;
    let mut in_hole = false;
    for c in template.chars() {
        match c {
            '{' => in_hole = true,
            '}' => in_hole = false,
            _ if !in_hole && c.is_alphanumeric() => n += 1,
            _ => {}
        }
    }
    n
}

/// A template long enough to identify a message: its entry, the template, its leading literal.
type Identifying = (&'static Entry, &'static str, &'static str);

/// Every identifying template, in catalog order (computed once).
fn identifying_templates() -> &'static [Identifying] {
    static LIST: OnceLock<Vec<Identifying>> = OnceLock::new();
    LIST.get_or_init(|| {
        catalog::entries()
            .iter()
            .flat_map(|e| e.templates.iter().map(move |t| (e, *t, lead_of(t))))
            .filter(|(_, t, _)| literal_len(t) >= MIN_LITERAL)
            .collect()
    })
}

/// The catalog entry whose template a code-less message matches, with the captures.
/// Exact matches of every template are tried before any loose one, so a loose match of an earlier entry
/// never hides the exact match of a later one.
pub fn find_by_template(message: &str) -> Option<(&'static Entry, Captures)> {
    let templates = identifying_templates();
    templates
        .iter()
        .find_map(|(e, t, lead)| match_template_led(t, lead, message).map(|caps| (*e, caps)))
        .or_else(|| best_loose(templates.iter().map(|(e, t, _)| (*e, *t)), message))
}

/// Whether `word` is shaped like a permission name (`Machine.Isolate`, `Ti.ReadWrite.All`): ASCII letters and
/// digits in parts joined by single dots, at least two parts.
fn is_role_name(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The role names a list starts with (`A,B, C`, `A B`, `A, B or C`). The list ends at the first word that is
/// not a role name, or after a name that ends a sentence (`A. The caller must…`): messages may go on after the
/// list, and those words are not roles.
fn role_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        // A joining word between two names, not one itself.
        if !out.is_empty() && (word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or"))
        {
            continue;
        }
        let name = word.trim_end_matches('.');
        if !is_role_name(name) {
            break;
        }
        out.push(name.to_string());
        if name.len() < word.len() {
            break;
        }
    }
    out
}

/// Every parameter of an operation, nested items included.
fn all_params(op: &'static Route) -> Vec<&'static Param> {
    fn walk(params: &'static [Param], out: &mut Vec<&'static Param>) {
        for p in params {
            out.push(p);
            if let Some(items) = p.items {
                walk(items, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(op.params(), &mut out);
    out
}

/// The hash type a hex string of this length usually is.
pub fn hash_type_for_length(length: usize) -> Option<&'static str> {
    match length {
        32 => Some("MD5"),
        40 => Some("SHA-1"),
        64 => Some("SHA-256"),
        _ => None,
    }
}

fn hash_length(kind: &str) -> usize {
    match kind {
        "MD5" => 32,
        "SHA-1" => 40,
        _ => 64,
    }
}

/// The hash types an operation accepts, read from its parameter table.
fn accepted_hashes(op: Option<&'static Route>) -> Vec<&'static str> {
    let Some(op) = op else {
        return Vec::new();
    };
    let params = all_params(op);
    let mut out = Vec::new();
    if params.iter().any(|p| p.format == ValueFormat::Sha1) {
        out.push("SHA-1");
    }
    if params
        .iter()
        .any(|p| p.format == ValueFormat::IndicatorValue)
    {
        for p in params
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("indicatorType"))
        {
            for v in p.values {
                let kind = match *v {
                    "FileSha1" => "SHA-1",
                    "FileSha256" => "SHA-256",
                    "FileMd5" => "MD5",
                    _ => continue,
                };
                if !out.contains(&kind) {
                    out.push(kind);
                }
            }
        }
    }
    out
}

/// The parameter of `op` named like `name` ignoring case.
fn param_named(op: Option<&'static Route>, name: &str) -> Option<&'static str> {
    all_params(op?)
        .into_iter()
        .find(|p| {
            p.name.eq_ignore_ascii_case(name) || p.also.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map(|p| p.name)
}

fn list(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Facts from the captured placeholders; `op` is the operation the request called, when known. One fact
/// at most per row of [`EXTRACTORS`], in the table's order.
pub fn from_captures(caps: &Captures, op: Option<&'static Route>) -> Vec<Fact> {
    let caps = Placeholders(caps);
    let mut out = Vec::new();
    for row in EXTRACTORS {
        if row.needs.iter().all(|name| caps.get(name).is_some()) {
            if let Some(fact) = (row.extract)(&caps, op, &out) {
                out.push(fact);
            }
        }
    }
    out
}

/// The placeholder values captured from one message, looked up by name.
struct Placeholders<'c>(&'c Captures);

impl Placeholders<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What one row reads and the fact it makes: called when every placeholder of `needs` was captured, with
/// the facts earlier rows made.
type Extract = fn(&Placeholders<'_>, Option<&'static Route>, &[Fact]) -> Option<Fact>;

/// One row per placeholder set: the placeholders that must all be present, those read when present, and
/// the extractor. [`PLACEHOLDERS`] and `catalog/FORMAT.md` are held to this table by a test.
struct Extractor {
    needs: &'static [&'static str],
    // Read by the extractor itself; listed so the test can hold PLACEHOLDERS to the table.
    #[cfg_attr(not(test), allow(dead_code))]
    optional: &'static [&'static str],
    extract: Extract,
}

const EXTRACTORS: &[Extractor] = &[
    row(&["hash"], &[], hash_from),
    row(&["ip"], &[], ip_from),
    row(&["url"], &[], url_from),
    row(&["domain"], &[], domain_from),
    row(&["received", "allowed"], &[], batch_size_from),
    row(&["parameter"], &[], parameter_from),
    row(&["platform"], &[], platform_from),
    row(&["version"], &["action"], client_version_from),
    row(&["required_roles"], &["granted_roles"], roles_from),
    row(&["audience"], &[], audience_from),
    row(
        &["principal", "arm_action", "scope"],
        &["object_id"],
        azure_role_from,
    ),
    row(&["reason"], &[], reason_from),
    row(&["resource"], &[], |c, _, _| value_fact(c, "resource")),
    row(&["input"], &[], |c, _, _| value_fact(c, "input")),
    // A reason already read as an account state or an audience needs no plain value line of its own.
    row(&["reason"], &[], |c, _, made| {
        if made.iter().any(Fact::kind_is_reasoned) {
            None
        } else {
            value_fact(c, "reason")
        }
    }),
    row(&["detail"], &[], |c, _, _| value_fact(c, "detail")),
];

const fn row(
    needs: &'static [&'static str],
    // Read by the extractor itself; listed so the test can hold PLACEHOLDERS to the table.
    #[cfg_attr(not(test), allow(dead_code))] optional: &'static [&'static str],
    extract: Extract,
) -> Extractor {
    Extractor {
        needs,
        optional,
        extract,
    }
}

fn hash_from(c: &Placeholders<'_>, op: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    Some(hash_fact(c.get("hash")?, op))
}

fn ip_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let ip = c.get("ip")?;
    let cidr = ip.contains('/');
    let parses = ip.parse::<std::net::IpAddr>().is_ok();
    let text = fill(Key::IpText, &[("ip", ip)]);
    let advice = advice::get(if cidr {
        Key::IpAdviceCidr
    } else if !parses {
        Key::IpAdviceUnparsable
    } else {
        Key::IpAdviceWellFormed
    })
    .to_string();
    Some(Fact::of(
        FactKind::InvalidIp {
            value: ip.to_string(),
            cidr,
            parses,
        },
        text,
        advice,
    ))
}

fn url_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let url = c.get("url")?;
    let has_scheme = url.contains("://");
    Some(Fact::of(
        FactKind::InvalidUrl {
            value: url.to_string(),
            has_scheme,
        },
        fill(Key::UrlText, &[("url", url)]),
        advice::get(if has_scheme {
            Key::UrlAdviceWithScheme
        } else {
            Key::UrlAdviceNoScheme
        })
        .to_string(),
    ))
}

fn domain_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let domain = c.get("domain")?;
    let has_scheme_or_path = domain.contains("://") || domain.contains('/');
    Some(Fact::of(
        FactKind::InvalidDomain {
            value: domain.to_string(),
            has_scheme_or_path,
        },
        fill(Key::DomainText, &[("domain", domain)]),
        advice::get(if has_scheme_or_path {
            Key::DomainAdviceSchemeOrPath
        } else {
            Key::DomainAdviceHost
        })
        .to_string(),
    ))
}

fn batch_size_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let received = c.get("received")?.parse::<u64>().ok()?;
    let allowed = c.get("allowed")?.parse::<u64>().ok()?;
    let requests = if allowed == 0 {
        0
    } else {
        received.div_ceil(allowed)
    };
    // The numbers as parsed ("0500" reads 500), not as the message spelled them.
    Some(Fact::of(
        FactKind::BatchSize {
            received,
            allowed,
            requests,
        },
        fill(
            Key::BatchSizeText,
            &[
                ("received", &received.to_string()),
                ("allowed", &allowed.to_string()),
            ],
        ),
        fill(
            Key::BatchSizeAdvice,
            &[
                ("requests", &requests.to_string()),
                ("allowed", &allowed.to_string()),
            ],
        ),
    ))
}

fn parameter_from(c: &Placeholders<'_>, op: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let name = c.get("parameter")?;
    let correct = param_named(op, name);
    let advice = match correct {
        Some(c) if c != name => fill(
            Key::ParameterAdviceWrongCase,
            &[("correct", c), ("parameter", name)],
        ),
        Some(c) => fill(
            Key::ParameterAdviceRightCase,
            &[("correct", c), ("swapped", &swap_first_case(c))],
        ),
        None => fill(Key::ParameterAdviceUnknown, &[("parameter", name)]),
    };
    Some(Fact::of(
        FactKind::MissingParameter {
            name: name.to_string(),
            correct_case: correct,
        },
        fill(Key::ParameterText, &[("parameter", name)]),
        advice,
    ))
}

fn platform_from(c: &Placeholders<'_>, op: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let platform = c.get("platform")?;
    let supported: Vec<&'static str> = op
        .and_then(|o| o.body)
        .map(|b| b.platforms.to_vec())
        .unwrap_or_default();
    let advice = if supported.is_empty() {
        fill(Key::PlatformAdviceUnknown, &[("platform", platform)])
    } else {
        fill(
            Key::PlatformAdviceSupported,
            &[("supported", &supported.join("; "))],
        )
    };
    Some(Fact::of(
        FactKind::OsPlatform {
            platform: platform.to_string(),
            supported,
        },
        fill(Key::PlatformText, &[("platform", platform)]),
        advice,
    ))
}

fn client_version_from(
    c: &Placeholders<'_>,
    _: Option<&'static Route>,
    _: &[Fact],
) -> Option<Fact> {
    let version = c.get("version")?;
    let action = c
        .get("action")
        .unwrap_or(advice::get(Key::ClientVersionActionDefault));
    Some(Fact::of(
        FactKind::ClientVersion {
            action: action.to_string(),
            version: version.to_string(),
        },
        fill(
            Key::ClientVersionText,
            &[("action", action), ("version", version)],
        ),
        fill(Key::ClientVersionAdvice, &[("version", version)]),
    ))
}

fn roles_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    // A list without a single role name (garbled or hostile text) says nothing about permissions.
    let required = role_list(c.get("required_roles")?);
    if required.is_empty() {
        return None;
    }
    Some(match c.get("granted_roles") {
        Some(granted) => roles_fact(required, role_list(granted)),
        None => {
            let names = list(&required);
            Fact::of(
                FactKind::AnyOfPermissions { required },
                fill(Key::RolesAnyOfText, &[("required", &names)]),
                fill(Key::RolesAnyOfAdvice, &[("required", &names)]),
            )
        }
    })
}

fn audience_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    Some(audience_fact(first_word(c.get("audience")?)?))
}

fn azure_role_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let (principal, action, scope) = (c.get("principal")?, c.get("arm_action")?, c.get("scope")?);
    Some(Fact::of(
        FactKind::AzureRole {
            principal: principal.to_string(),
            object_id: c.get("object_id").map(str::to_string),
            action: action.to_string(),
            scope: scope.to_string(),
        },
        fill(
            Key::AzureRoleText,
            &[
                ("principal", principal),
                ("action", action),
                ("scope", scope),
            ],
        ),
        fill(
            Key::AzureRoleAdvice,
            &[
                ("principal", principal),
                ("action", action),
                ("scope", scope),
            ],
        ),
    ))
}

/// A free-text reason may name the account's state or the token's audience: say what that means.
fn reason_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let reason = c.get("reason")?;
    account_state_fact(reason).or_else(|| audience_in(reason).map(audience_fact))
}

/// A captured value shown as it is, with no advice of its own.
fn value_fact(c: &Placeholders<'_>, name: &'static str) -> Option<Fact> {
    let value = c.get(name)?;
    Some(Fact::of(
        FactKind::Value {
            name: name.to_string(),
            value: value.to_string(),
        },
        fill(Key::ValueText, &[("name", name), ("value", value)]),
        String::new(),
    ))
}

impl Fact {
    /// A fact read out of a free-text `reason` (which then needs no plain value line of its own).
    fn kind_is_reasoned(&self) -> bool {
        matches!(
            self.id,
            FactKind::AccountState { .. } | FactKind::TokenAudience { .. }
        )
    }
}

/// The first word of a value (`00000002-…, Issuer: …` → the id), without quotes or a final period.
fn first_word(text: &str) -> Option<&str> {
    let word = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .find(|w| !w.is_empty())?;
    let word = word.strip_suffix('.').unwrap_or(word);
    let word = word.trim_matches(|c| c == '\'' || c == '"');
    let word = word.strip_suffix('.').unwrap_or(word);
    (!word.is_empty()).then_some(word)
}

/// The value after `Audience:` in a message, if it names one.
fn audience_in(text: &str) -> Option<&str> {
    let at = crate::redact::find_ignore_case(text.as_bytes(), b"audience:", 0)?;
    first_word(text.get(at + "audience:".len()..)?)
}

/// What a token's audience means for a call to the Defender for Endpoint API (commercial cloud).
fn audience_fact(aud: &str) -> Fact {
    audience_fact_for(aud, crate::token::known::MDE_RESOURCE)
}

/// Rewrites the audience advice for the MDE resource of the cloud the call went to (`api-gov…` wants
/// `https://api-gov.securitycenter.microsoft.us`, not the commercial resource).
pub fn for_cloud_resource(facts: &mut [Fact], resource: &str) {
    for f in facts {
        if let FactKind::TokenAudience { value, .. } = &f.id {
            *f = audience_fact_for(&value.clone(), resource);
        }
    }
}

/// [`audience_fact`] advising `resource` as the one to request.
fn audience_fact_for(aud: &str, resource: &str) -> Fact {
    use crate::token::known::{self, Verdict};
    let found = known::audience(aud);
    let accepted = found.is_some_and(|a| a.verdict == Verdict::Accepted);
    let resource = ("resource", resource);
    let (text, advice) = match found {
        Some(_) if accepted => (
            fill(Key::AudienceTextAccepted, &[("audience", aud)]),
            advice::get(Key::AudienceAdviceAccepted).to_string(),
        ),
        Some(a) => (
            fill(Key::AudienceTextKnown, &[("audience", aud), ("api", a.api)]),
            fill(Key::AudienceAdviceWrong, &[resource]),
        ),
        None => (
            fill(Key::AudienceTextUnknown, &[("audience", aud)]),
            fill(Key::AudienceAdviceWrong, &[resource]),
        ),
    };
    Fact::of(
        FactKind::TokenAudience {
            value: aud.to_string(),
            api: found.map(|a| a.api),
            accepted,
        },
        text,
        advice,
    )
}

/// Words in a `reason of failure` that name the state of the tenant's account, and their sentences.
const ACCOUNT_STATES: &[(&str, &str, Key, Key)] = &[
    (
        "account mode is inactive",
        "inactive",
        Key::AccountStateTextInactive,
        Key::AccountStateAdviceInactive,
    ),
    (
        "suspended account mode",
        "suspended",
        Key::AccountStateTextSuspended,
        Key::AccountStateAdviceSuspended,
    ),
    (
        "no tvm license",
        "no-license",
        Key::AccountStateTextNoLicense,
        Key::AccountStateAdviceNoLicense,
    ),
];

/// The account-state fact a failure reason names, if any.
fn account_state_fact(reason: &str) -> Option<Fact> {
    let (_, state, text, advice) = ACCOUNT_STATES.iter().find(|(words, ..)| {
        crate::redact::find_ignore_case(reason.as_bytes(), words.as_bytes(), 0).is_some()
    })?;
    Some(Fact::of(
        FactKind::AccountState {
            state,
            reason: reason.to_string(),
        },
        fill(*text, &[("reason", reason)]),
        advice::get(*advice).to_string(),
    ))
}

/// Rewrites advice that names the Defender for Endpoint API's permissions for a call to Microsoft Graph,
/// whose permissions are granted under Microsoft Graph instead.
pub fn for_graph_call(facts: &mut [Fact]) {
    for f in facts {
        f.help = Some(match &f.id {
            FactKind::MissingRoles {
                granted, missing, ..
            } if !missing.is_empty() => {
                let key = if granted.is_empty() {
                    Key::RolesAdviceNoRolesGraph
                } else {
                    Key::RolesAdviceLackingGraph
                };
                fill(key, &[("missing", &one_of(missing))])
            }
            FactKind::AnyOfPermissions { required } => {
                fill(Key::RolesAnyOfAdviceGraph, &[("required", &list(required))])
            }
            _ => continue,
        });
    }
}

fn swap_first_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn hash_fact(hash: &str, op: Option<&'static Route>) -> Fact {
    let length = hash.chars().count();
    let hex = !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let likely_type = if hex {
        hash_type_for_length(length)
    } else {
        None
    };
    let accepted = accepted_hashes(op);
    let len = length.to_string();
    let text = match (hex, likely_type) {
        (true, Some(t)) => fill(
            Key::HashTextTyped,
            &[("hash", hash), ("length", &len), ("type", t)],
        ),
        (true, None) => fill(
            Key::HashTextNoHashLength,
            &[("hash", hash), ("length", &len)],
        ),
        (false, _) => fill(Key::HashTextNotHex, &[("hash", hash), ("length", &len)]),
    };
    let wanted = if accepted.is_empty() {
        advice::get(Key::HashWantedAny).to_string()
    } else {
        accepted
            .iter()
            .map(|t| {
                fill(
                    Key::HashWantedOne,
                    &[("type", t), ("length", &hash_length(t).to_string())],
                )
            })
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let advice = match (hex, likely_type) {
        (true, Some(t)) if !accepted.is_empty() && !accepted.contains(&t) => fill(
            Key::HashAdviceNotAccepted,
            &[("type", t), ("wanted", &wanted)],
        ),
        (true, Some(t)) => fill(Key::HashAdviceTyped, &[("type", t), ("wanted", &wanted)]),
        (false, _) => fill(Key::HashAdviceNotHex, &[("wanted", &wanted)]),
        (true, None) => fill(Key::HashAdviceNoHashLength, &[("wanted", &wanted)]),
    };
    Fact::of(
        FactKind::InvalidHash {
            value: hash.to_string(),
            length,
            hex,
            likely_type,
            accepted,
        },
        text,
        advice,
    )
}

fn roles_fact(required: Vec<String>, granted: Vec<String>) -> Fact {
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !granted.iter().any(|g| g.eq_ignore_ascii_case(r)))
        .cloned()
        .collect();
    let (text, advice) = if granted.is_empty() {
        (
            fill(Key::RolesTextNoRoles, &[("required", &list(&required))]),
            fill(Key::RolesAdviceNoRoles, &[("missing", &one_of(&missing))]),
        )
    } else if missing.is_empty() {
        (
            fill(
                Key::RolesTextAllGranted,
                &[("granted", &list(&granted)), ("required", &list(&required))],
            ),
            advice::get(Key::RolesAdviceAllGranted).to_string(),
        )
    } else {
        (
            fill(
                Key::RolesTextLacking,
                &[
                    ("required", &list(&required)),
                    ("granted", &list(&granted)),
                    ("missing", &list(&missing)),
                ],
            ),
            fill(Key::RolesAdviceLacking, &[("missing", &one_of(&missing))]),
        )
    };
    Fact::of(
        FactKind::MissingRoles {
            required,
            granted,
            missing,
        },
        text,
        advice,
    )
}

fn one_of(roles: &[String]) -> String {
    match roles {
        [one] => one.clone(),
        more => fill(Key::RolesOneOf, &[("roles", &list(more))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_the_format_doc_are_the_extractor_table() {
        use std::collections::BTreeSet;
        let table: BTreeSet<&str> = EXTRACTORS
            .iter()
            .flat_map(|r| r.needs.iter().chain(r.optional))
            .copied()
            .collect();
        let listed: BTreeSet<&str> = PLACEHOLDERS.iter().copied().collect();
        assert_eq!(
            listed, table,
            "PLACEHOLDERS is not the union of EXTRACTORS' rows"
        );
        assert_eq!(
            listed.len(),
            PLACEHOLDERS.len(),
            "PLACEHOLDERS repeats a name"
        );
        let format = include_str!("catalog/FORMAT.md");
        let line = format
            .lines()
            .find(|l| l.contains("facts::PLACEHOLDERS"))
            .expect("FORMAT.md lists the placeholders");
        let list = line.split("):").nth(1).expect("the list after the note");
        let documented: BTreeSet<&str> = list.split('`').skip(1).step_by(2).collect();
        assert_eq!(
            documented, table,
            "catalog/FORMAT.md's placeholder list is not the table's"
        );
    }

    #[test]
    fn a_fact_serializes_its_kind_text_and_an_empty_advice_when_none() {
        let f = Fact::of(
            FactKind::Value {
                name: "n".into(),
                value: "v".into(),
            },
            "told".into(),
            String::new(),
        );
        assert_eq!(f.help, None);
        let json = serde_json::to_value(&f).unwrap_or_default();
        assert_eq!(json["text"], "told");
        assert_eq!(json["advice"], "");
        assert_eq!(json["value"], "v");
    }
    use crate::operations::by_name;

    fn caps(pairs: &[(&'static str, &str)]) -> Captures {
        pairs.iter().map(|(n, v)| (*n, v.to_string())).collect()
    }

    #[test]
    fn empty_granted_roles_still_match_and_mean_no_roles() {
        let t = "Missing application roles. API required roles: {required_roles}, application roles: {granted_roles}.";
        let c = match_template(
            t,
            "Missing application roles. API required roles: Machine.Isolate, application roles: .",
        )
        .expect("matches");
        assert_eq!(
            c,
            caps(&[("required_roles", "Machine.Isolate"), ("granted_roles", "")])
        );
        let f = from_captures(&c, None);
        match &f[0].id {
            FactKind::MissingRoles {
                granted, missing, ..
            } => {
                assert!(granted.is_empty());
                assert_eq!(missing, &["Machine.Isolate"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            f[0].message.contains("no application roles at all"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn missing_roles_are_required_minus_granted() {
        let f = from_captures(
            &caps(&[
                ("required_roles", "Machine.Isolate,Machine.Read.All"),
                ("granted_roles", "machine.read.all,Alert.Read.All"),
            ]),
            None,
        );
        assert_eq!(
            f[0].id,
            FactKind::MissingRoles {
                required: vec!["Machine.Isolate".into(), "Machine.Read.All".into()],
                granted: vec!["machine.read.all".into(), "Alert.Read.All".into()],
                missing: vec!["Machine.Isolate".into()],
            }
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .starts_with("Grant Machine.Isolate "),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
    }

    #[test]
    fn any_of_permissions_variant() {
        let f = from_captures(
            &caps(&[("required_roles", "Ti.ReadWrite, Ti.ReadWrite.All")]),
            None,
        );
        assert_eq!(
            f[0].id,
            FactKind::AnyOfPermissions {
                required: vec!["Ti.ReadWrite".into(), "Ti.ReadWrite.All".into()]
            }
        );
    }

    const MISSING_ROLES: &str =
        "Missing application roles. API required roles: {required_roles}, application roles: {granted_roles}.";

    #[test]
    fn a_sentence_after_the_role_list_is_not_read_as_roles() {
        let c = match_template(
            MISSING_ROLES,
            "Missing application roles. API required roles: Machine.Isolate, application roles: \
             Machine.Read.All. The caller must hold one of them to call this API.",
        )
        .expect("matches");
        let f = from_captures(&c, None);
        assert_eq!(
            f[0].id,
            FactKind::MissingRoles {
                required: vec!["Machine.Isolate".into()],
                granted: vec!["Machine.Read.All".into()],
                missing: vec!["Machine.Isolate".into()],
            }
        );
        assert_eq!(
            f[0].message,
            "The API needs Machine.Isolate; the token holds Machine.Read.All and lacks Machine.Isolate."
        );
    }

    #[test]
    fn role_list_ends_at_the_first_word_that_is_no_role_name() {
        assert_eq!(
            role_list("Machine.Isolate, Alert.Read.All. Ti.ReadWrite.All is needed"),
            ["Machine.Isolate", "Alert.Read.All"]
        );
        assert_eq!(
            role_list("Machine.Isolate, none of them"),
            ["Machine.Isolate"]
        );
        assert_eq!(
            role_list("Machine.Isolate Machine..Scan Machine.Offboard"),
            ["Machine.Isolate"]
        );
        assert_eq!(role_list("Machine, Machine.Isolate"), Vec::<String>::new());
        assert_eq!(role_list(".Machine.Isolate"), Vec::<String>::new());
        assert_eq!(role_list("'Machine.Isolate'"), Vec::<String>::new());
    }

    #[test]
    fn role_list_skips_and_or_between_names() {
        assert_eq!(
            role_list("Machine.Isolate, Machine.Scan and Machine.Offboard"),
            ["Machine.Isolate", "Machine.Scan", "Machine.Offboard"]
        );
        assert_eq!(
            role_list("Ti.ReadWrite OR Ti.ReadWrite.All."),
            ["Ti.ReadWrite", "Ti.ReadWrite.All"]
        );
        // A joining word needs a name before it.
        assert_eq!(role_list("and Machine.Isolate"), Vec::<String>::new());
        assert_eq!(
            role_list("Machine.Isolate and the rest"),
            ["Machine.Isolate"]
        );
    }

    #[test]
    fn plain_role_lists_read_as_before() {
        assert_eq!(
            role_list("Machine.Read.All,Alert.Read.All"),
            ["Machine.Read.All", "Alert.Read.All"]
        );
        assert_eq!(
            role_list("SecurityRecommendation.Read.All; Ti.ReadWrite.All"),
            ["SecurityRecommendation.Read.All", "Ti.ReadWrite.All"]
        );
        assert_eq!(
            role_list("Machine.Isolate\tMachine.Scan."),
            ["Machine.Isolate", "Machine.Scan"]
        );
        assert_eq!(role_list(""), Vec::<String>::new());
        let c = match_template(
            MISSING_ROLES,
            "Missing application roles. API required roles: Machine.Isolate, application roles: \
             Machine.Read.All,Alert.Read.All.",
        )
        .expect("matches");
        assert_eq!(
            c,
            caps(&[
                ("required_roles", "Machine.Isolate"),
                ("granted_roles", "Machine.Read.All,Alert.Read.All")
            ])
        );
        assert!(matches!(
            &from_captures(&c, None)[0].id,
            FactKind::MissingRoles { granted, .. } if granted == &["Machine.Read.All", "Alert.Read.All"]
        ));
    }

    #[test]
    fn hostile_role_text_does_not_panic_or_become_roles() {
        // Control characters, escapes and non-ASCII inside or around names: none of it is a role name.
        for hostile in [
            "\u{1b}[31mMachine.Isolate",
            "Machine.Isolate\u{0}",
            "Machine.Is\u{202e}olate",
            "Machine.Isolaté",
            "\u{1}",
            ".",
            "...,;, ,",
        ] {
            assert!(role_list(hostile).is_empty(), "{hostile:?}");
            assert!(
                from_captures(&caps(&[("required_roles", hostile)]), None).is_empty(),
                "{hostile:?}"
            );
        }
        // Long input: every name is read, and one bad word still ends the list.
        let long = "Machine.Isolate, ".repeat(50_000);
        assert_eq!(role_list(&long).len(), 50_000);
        let long = format!("{long}\u{7f}{}", "x.".repeat(100_000));
        assert_eq!(role_list(&long).len(), 50_000);
        let dots = ".".repeat(200_000);
        assert!(role_list(&dots).is_empty());
        let message = format!(
            "Missing application roles. API required roles: {dots}, application roles: \u{0}{long}."
        );
        let c = match_template(MISSING_ROLES, &message).expect("matches");
        assert!(from_captures(&c, None).is_empty());
        let message = format!(
            "Missing application roles. API required roles: Machine.Isolate, application roles: {long}."
        );
        let c = match_template(MISSING_ROLES, &message).expect("matches");
        assert!(matches!(
            &from_captures(&c, None)[0].id,
            FactKind::MissingRoles { granted, missing, .. } if granted.len() == 50_000 && missing.is_empty()
        ));
    }

    #[test]
    fn hash_length_and_hex_are_judged() {
        let f = from_captures(&caps(&[("hash", "d41d8cd98f00b204e9800998ecf8427e")]), None);
        assert!(matches!(
            f[0].id,
            FactKind::InvalidHash {
                length: 32,
                hex: true,
                likely_type: Some("MD5"),
                ..
            }
        ));
        let f = from_captures(&caps(&[("hash", "0xZZ12")]), None);
        assert!(matches!(
            f[0].id,
            FactKind::InvalidHash {
                hex: false,
                likely_type: None,
                ..
            }
        ));
        let f = from_captures(&caps(&[("hash", "abc")]), None);
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("truncated"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
    }

    #[test]
    fn batch_split_rounds_up() {
        let f = from_captures(&caps(&[("received", "1001"), ("allowed", "500")]), None);
        assert_eq!(
            f[0].id,
            FactKind::BatchSize {
                received: 1001,
                allowed: 500,
                requests: 3
            }
        );
        let f = from_captures(&caps(&[("received", "1000"), ("allowed", "500")]), None);
        assert!(matches!(f[0].id, FactKind::BatchSize { requests: 2, .. }));
        let f = from_captures(&caps(&[("received", "5"), ("allowed", "0")]), None);
        assert!(matches!(f[0].id, FactKind::BatchSize { requests: 0, .. }));
    }

    #[test]
    fn missing_parameter_gets_table_case() {
        let op = by_name("isolate-machine");
        let f = from_captures(&caps(&[("parameter", "comment")]), op);
        assert_eq!(
            f[0].id,
            FactKind::MissingParameter {
                name: "comment".into(),
                correct_case: op.map(|_| "Comment")
            }
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("'Comment'"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
        let f = from_captures(&caps(&[("parameter", "Comment")]), op);
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("'comment' does not count"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
    }

    #[test]
    fn ip_cidr_and_garbage() {
        let f = from_captures(&caps(&[("ip", "10.0.0.0/8")]), None);
        assert!(matches!(f[0].id, FactKind::InvalidIp { cidr: true, .. }));
        let f = from_captures(&caps(&[("ip", "999.1.1.1")]), None);
        assert!(matches!(f[0].id, FactKind::InvalidIp { parses: false, .. }));
    }

    #[test]
    fn domain_with_scheme_is_flagged() {
        let f = from_captures(&caps(&[("domain", "https://example.com/x")]), None);
        assert!(matches!(
            f[0].id,
            FactKind::InvalidDomain {
                has_scheme_or_path: true,
                ..
            }
        ));
    }

    #[test]
    fn every_fact_branch_renders_its_sentences_filled() {
        // One capture set per branch of from_captures, hash_fact and roles_fact; the fill's debug check also
        // holds each caller to the placeholders its key declares.
        let cases: &[&[(&'static str, &str)]] = &[
            &[("hash", "d41d8cd98f00b204e9800998ecf8427e")],
            &[("hash", "da39a3ee5e6b4b0d3255bfef95601890afd80709")],
            &[("hash", "abc")],
            &[("hash", "0xZZ")],
            &[("ip", "10.0.0.0/8")],
            &[("ip", "999.1.1.1")],
            &[("ip", "8.8.8.8")],
            &[("url", "https://a b")],
            &[("url", "example.com")],
            &[("domain", "https://example.com/x")],
            &[("domain", "example.com.")],
            &[("received", "1001"), ("allowed", "500")],
            &[("parameter", "comment")],
            &[("parameter", "Comment")],
            &[("parameter", "Nothing")],
            &[("platform", "macOS")],
            &[("action", "Live response"), ("version", "10.8")],
            &[("version", "10.8")],
            &[("required_roles", "Machine.Isolate"), ("granted_roles", "")],
            &[("required_roles", "A.B,C.D"), ("granted_roles", "")],
            &[("required_roles", "A.B"), ("granted_roles", "a.b")],
            &[("required_roles", "A.B,C.D"), ("granted_roles", "E.F")],
            &[("required_roles", "A.B, C.D")],
            &[("resource", "1234")],
            &[("audience", "00000003-0000-0000-c000-000000000000")],
            &[("audience", "api://other")],
            &[("audience", "fc780465-2017-40d4-a0c5-307022471b92")],
            &[("reason", "Account mode is inactive")],
            &[("reason", "Suspended account mode")],
            &[("reason", "No Tvm license")],
            &[
                ("principal", "p"),
                ("object_id", "o"),
                ("arm_action", "a/b/read"),
                ("scope", "/s"),
            ],
        ];
        for op in [
            None,
            by_name("isolate-machine"),
            by_name("stop-and-quarantine-file"),
            by_name("submit-or-update-indicator"),
        ] {
            for c in cases {
                let facts = from_captures(&caps(c), op);
                assert_eq!(facts.len(), 1, "{c:?}");
                let f = &facts[0];
                assert!(!f.message.is_empty(), "{c:?}");
                for s in [f.message.as_str(), f.help.as_deref().unwrap_or_default()] {
                    assert!(!s.contains('{') && !s.contains('}'), "{c:?}: {s}");
                }
            }
        }
    }

    #[test]
    fn audiences_are_named_and_the_mde_resource_advised() {
        let f = from_captures(
            &caps(&[("audience", "00000002-0000-0000-c000-000000000000")]),
            None,
        );
        assert_eq!(
            f[0].id,
            FactKind::TokenAudience {
                value: "00000002-0000-0000-c000-000000000000".into(),
                api: Some("Azure AD Graph (retired)"),
                accepted: false
            }
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("scope https://api.securitycenter.microsoft.com/.default"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
        // The first word only, without quotes or a final period; a trailing slash still names ARM.
        let f = from_captures(
            &caps(&[("audience", "'https://management.azure.com/'. Issuer: x")]),
            None,
        );
        assert!(matches!(
            &f[0].id,
            FactKind::TokenAudience { value, api: Some("Azure Resource Manager"), .. }
                if value == "https://management.azure.com/"
        ));
        let f = from_captures(
            &caps(&[("audience", "https://api.securitycenter.microsoft.com")]),
            None,
        );
        assert!(matches!(
            f[0].id,
            FactKind::TokenAudience { accepted: true, .. }
        ));
        // Inside a free-text reason.
        let f = from_captures(
            &caps(&[("reason", "Invalid Authorization payload. AUDIENCE: api://x")]),
            None,
        );
        assert!(
            matches!(&f[0].id, FactKind::TokenAudience { value, api: None, .. } if value == "api://x")
        );
        assert_eq!(f.len(), 1, "the reason is not repeated as a plain value");
        assert!(from_captures(&caps(&[("audience", " . ")]), None).is_empty());
    }

    #[test]
    fn account_states_are_read_from_the_reason() {
        for (reason, state) in [
            ("Account mode is inactive", "inactive"),
            ("reason: SUSPENDED ACCOUNT MODE", "suspended"),
            ("No Tvm license", "no-license"),
        ] {
            let f = from_captures(&caps(&[("reason", reason)]), None);
            assert!(
                matches!(f[0].id, FactKind::AccountState { state: s, .. } if s == state),
                "{reason}"
            );
        }
        let f = from_captures(&caps(&[("reason", "Something else")]), None);
        assert!(matches!(&f[0].id, FactKind::Value { name, .. } if name == "reason"));
    }

    #[test]
    fn graph_calls_get_graph_permission_advice() {
        let mut f = from_captures(
            &caps(&[
                ("required_roles", "SecurityAlert.Read.All"),
                ("granted_roles", ""),
            ]),
            None,
        );
        assert!(f[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("WindowsDefenderATP"));
        for_graph_call(&mut f);
        assert!(
            !f[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("WindowsDefenderATP"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("Microsoft Graph"),
            "{}",
            f[0].help.as_deref().unwrap_or_default()
        );
    }

    #[test]
    fn short_literal_templates_do_not_identify_messages() {
        assert!(literal_len("{reason}.") < MIN_LITERAL);
        assert!(literal_len("Action is already in progress") >= MIN_LITERAL);
    }
}
