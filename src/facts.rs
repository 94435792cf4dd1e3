//! Facts pulled out of error messages through the catalog's message templates (`Hash value {hash} is
//! invalid.`), each turned into advice for this case: the hash's length and likely type, the batch split,
//! the parameter's exact case, the roles to grant. Pure. The code picks the sentence; its words live in
//! `facts/advice.md`.

use serde::Serialize;

use crate::operations::{Param, Route};

pub(crate) mod advice;
mod audience;
mod hash;
mod matching;
mod roles;
#[cfg(test)]
mod tests;
pub(crate) mod transport;

use advice::{fill, Key};
pub(crate) use audience::for_cloud_resource;
use audience::{account_state_fact, audience_fact, audience_in, first_word};
use hash::hash_fact;
pub(crate) use matching::{entry_matches_exact, match_entry};
pub use matching::{find_by_template, match_template};
use roles::{one_of, role_list, roles_fact};

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
pub(crate) type Fact = crate::finding::Finding<FactKind>;

impl Fact {
    /// A fact with its sentence and advice (an empty advice is none). Facts inform: their weight is the
    /// diagnosis's, so each is a note.
    pub(crate) fn of(kind: FactKind, text: String, advice: String) -> Fact {
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
// Only tests read it (the program reads the table itself).
#[cfg(test)]
pub(crate) const PLACEHOLDERS: &[&str] = &[
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
    "expired_at",
    "checked_at",
    "query_at",
    "query_line",
    "query_operator",
];

/// Placeholder values captured from a message.
pub(crate) type Captures = Vec<(&'static str, String)>;

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
    thread_local! {
        /// Reading the facts of a message's captures was a tenth of diagnosing a response in a log of
        /// repeated errors (callgrind, jsonl-ndjson): the facts read lately, by operation (its address:
        /// routes live as long as the program) and captures.
        static READ: std::cell::RefCell<crate::recent::Recent<Vec<Fact>>> = Default::default();
    }
    /// Captures of more placeholders than this are read each time (no message has as many).
    const MOST: usize = 8;
    if caps.len() > MOST {
        return from_captures_anew(caps, op);
    }
    let op_key = op.map_or(0, |r| r as *const Route as usize).to_le_bytes();
    let mut parts: [&[u8]; 1 + 2 * MOST] = [&[]; 1 + 2 * MOST];
    parts[0] = &op_key;
    for (i, (name, value)) in caps.iter().enumerate() {
        parts[1 + 2 * i] = name.as_bytes();
        parts[2 + 2 * i] = value.as_bytes();
    }
    let parts = &parts[..1 + 2 * caps.len()];
    READ.with_borrow_mut(|recent| recent.get_or(parts, || from_captures_anew(caps, op)))
}

/// [`from_captures`], computed.
fn from_captures_anew(caps: &Captures, op: Option<&'static Route>) -> Vec<Fact> {
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
    // A detail that is a bare id (the app's in `… for a secret added to app '{detail}'`) repeats the
    // message and names nothing to act on: no line of its own.
    row(&["detail"], &[], |c, _, _| {
        value_fact(c, "detail").filter(|_| !c.get("detail").is_some_and(is_guid))
    }),
    row(&["expired_at"], &["checked_at"], expired_from),
    row(&["query_at"], &["query_line", "query_operator"], query_from),
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
/// The token's lifetime ended before the call (the message gives its expiry and the server's time): a new
/// token is the fix, whatever else a 401 may mean.
fn expired_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let expired_at = c.get("expired_at")?;
    let checked_at = c.get("checked_at").unwrap_or("?");
    Some(Fact::of(
        FactKind::Value {
            name: "expired_at".to_string(),
            value: expired_at.to_string(),
        },
        fill(
            Key::TokenExpiredText,
            &[("expired-at", expired_at), ("checked-at", checked_at)],
        ),
        advice::get(Key::TokenExpiredAdvice).to_string(),
    ))
}

/// A GUID (`aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`): 8-4-4-4-12 hex digits.
fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What `mdediag lint` finds wrong in the body the request sent (`body`, checked against `op`): each error
/// (a key's case, a type, a missing field) as a fact whose advice is the fix, first among the steps. None
/// when the message already named the parameter at fault (`made`): the server's word says it.
pub(crate) fn sent_body(body: &str, op: &'static Route, made: &[Fact]) -> Vec<Fact> {
    if made
        .iter()
        .any(|f| matches!(f.id, FactKind::MissingParameter { .. }))
    {
        return Vec::new();
    }
    crate::lint::lint(body, op, crate::lint::now())
        .into_iter()
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .map(|f| {
            let text = fill(Key::SentBodyText, &[("finding", &f.message)]);
            let advice = match &f.help {
                Some(help) => fill(Key::SentBodyAdvice, &[("help", help)]),
                None => String::new(),
            };
            Fact::of(
                FactKind::Value {
                    name: "sent-body".to_string(),
                    value: f.id.id().to_string(),
                },
                text,
                advice,
            )
        })
        .collect()
}

/// Where an advanced hunting query's KQL failed: the parser stopped at a token (a syntax error), or an
/// operator found no column, table or function of that name (a semantic one). The query is the fault, not
/// the call: its fix comes first.
fn query_from(c: &Placeholders<'_>, _: Option<&'static Route>, _: &[Fact]) -> Option<Fact> {
    let at = c.get("query_at")?;
    let text = match (c.get("query_operator"), c.get("query_line")) {
        (Some(operator), _) => fill(Key::KqlTextName, &[("at", at), ("operator", operator)]),
        (None, line) => fill(
            Key::KqlTextParse,
            &[("at", at), ("line", line.unwrap_or("?"))],
        ),
    };
    Some(Fact::of(
        FactKind::Value {
            name: "query_at".to_string(),
            value: at.to_string(),
        },
        text,
        advice::get(Key::KqlAdvice).to_string(),
    ))
}

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

/// Rewrites advice that names the Defender for Endpoint API's permissions for a call to Microsoft Graph,
/// whose permissions are granted under Microsoft Graph instead.
pub(crate) fn for_graph_call(facts: &mut [Fact]) {
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
