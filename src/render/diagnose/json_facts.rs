//! A diagnosis's facts (`details`) as JSON, written by hand: the bytes serde gives [`Fact`]'s `Serialize`
//! (the tests below hold the two together). Serde writes a fact through `#[serde(flatten)]`, a map whose
//! every key is escaped byte by byte: about a fifth of the cost of a JSON diagnosis that has facts. The fast
//! twin of `Fact`'s `Serialize` in `facts.rs`.

use super::json_write::{boolean, key, num, opt_str, serde, string, strings};
use crate::facts::{Fact, FactKind};

/// A kind's tag, then each field (`"name":value`) through its writer, in the order given.
macro_rules! fields {
    ($buf:expr, $tag:literal $(, $name:literal => $write:ident($value:expr))* $(,)?) => {{
        $buf.extend_from_slice(concat!($tag, "\"").as_bytes());
        $(
            key!($buf, $name);
            Written::done($write($buf, $value))?;
        )*
    }};
}

/// What a field's writer returns: nothing (a number, a boolean) or a `Result` (a string's escape).
trait Written {
    fn done(self) -> serde_json::Result<()>;
}

impl Written for () {
    fn done(self) -> serde_json::Result<()> {
        Ok(())
    }
}

impl Written for serde_json::Result<()> {
    fn done(self) -> serde_json::Result<()> {
        self
    }
}

/// A JSON array of facts.
pub(super) fn facts(buf: &mut Vec<u8>, facts: &[Fact]) -> serde_json::Result<()> {
    buf.push(b'[');
    for (i, f) in facts.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        fact(buf, f)?;
    }
    buf.push(b']');
    Ok(())
}

/// One fact: `kind`, its kind's fields in declaration order, `text`, `advice` (empty when none). A kind
/// none of the writers below knows goes through serde whole (same bytes, slower); they name every field of
/// the kinds they know (no `..`), so a field added to one fails to build until it is written here.
fn fact(buf: &mut Vec<u8>, f: &Fact) -> serde_json::Result<()> {
    let start = buf.len();
    buf.extend_from_slice(b"{\"kind\":\"");
    if !(input_kind(buf, &f.id)? || access_kind(buf, &f.id)? || other_kind(buf, &f.id)?) {
        buf.truncate(start);
        return serde(buf, f);
    }
    key!(buf, "text");
    string(buf, &f.message)?;
    key!(buf, "advice");
    string(buf, f.help.as_deref().unwrap_or_default())?;
    buf.push(b'}');
    Ok(())
}

/// The kinds that judge a value the request sent (hash, address, size, parameter, platform, version).
fn input_kind(buf: &mut Vec<u8>, kind: &FactKind) -> serde_json::Result<bool> {
    match kind {
        FactKind::InvalidHash {
            value,
            length,
            hex,
            likely_type,
            accepted,
        } => fields!(
            buf,
            "invalid-hash",
            "value" => string(value),
            "length" => num(*length as u64),
            "hex" => boolean(*hex),
            "likely_type" => opt_str(*likely_type),
            "accepted" => strings(accepted),
        ),
        FactKind::InvalidIp {
            value,
            cidr,
            parses,
        } => fields!(
            buf,
            "invalid-ip",
            "value" => string(value),
            "cidr" => boolean(*cidr),
            "parses" => boolean(*parses),
        ),
        FactKind::InvalidUrl { value, has_scheme } => fields!(
            buf,
            "invalid-url",
            "value" => string(value),
            "has_scheme" => boolean(*has_scheme),
        ),
        FactKind::InvalidDomain {
            value,
            has_scheme_or_path,
        } => fields!(
            buf,
            "invalid-domain",
            "value" => string(value),
            "has_scheme_or_path" => boolean(*has_scheme_or_path),
        ),
        FactKind::BatchSize {
            received,
            allowed,
            requests,
        } => fields!(
            buf,
            "batch-size",
            "received" => num(*received),
            "allowed" => num(*allowed),
            "requests" => num(*requests),
        ),
        FactKind::MissingParameter { name, correct_case } => fields!(
            buf,
            "missing-parameter",
            "name" => string(name),
            "correct_case" => opt_str(*correct_case),
        ),
        FactKind::OsPlatform {
            platform,
            supported,
        } => fields!(
            buf,
            "os-platform",
            "platform" => string(platform),
            "supported" => strings(supported),
        ),
        FactKind::ClientVersion { action, version } => fields!(
            buf,
            "client-version",
            "action" => string(action),
            "version" => string(version),
        ),
        _ => return Ok(false),
    }
    Ok(true)
}

/// The kinds about who may call (roles, permissions, audience, account, Azure role).
fn access_kind(buf: &mut Vec<u8>, kind: &FactKind) -> serde_json::Result<bool> {
    match kind {
        FactKind::MissingRoles {
            required,
            granted,
            missing,
        } => fields!(
            buf,
            "missing-roles",
            "required" => strings(required),
            "granted" => strings(granted),
            "missing" => strings(missing),
        ),
        FactKind::AnyOfPermissions { required } => fields!(
            buf,
            "any-of-permissions",
            "required" => strings(required),
        ),
        FactKind::TokenAudience {
            value,
            api,
            accepted,
        } => fields!(
            buf,
            "token-audience",
            "value" => string(value),
            "api" => opt_str(*api),
            "accepted" => boolean(*accepted),
        ),
        FactKind::AccountState { state, reason } => fields!(
            buf,
            "account-state",
            "state" => string(state),
            "reason" => string(reason),
        ),
        FactKind::AzureRole {
            principal,
            object_id,
            action,
            scope,
        } => fields!(
            buf,
            "azure-role",
            "principal" => string(principal),
            "object_id" => opt_str(object_id.as_deref()),
            "action" => string(action),
            "scope" => string(scope),
        ),
        _ => return Ok(false),
    }
    Ok(true)
}

/// A plain value and the OData kinds.
fn other_kind(buf: &mut Vec<u8>, kind: &FactKind) -> serde_json::Result<bool> {
    match kind {
        FactKind::Value { name, value } => fields!(
            buf,
            "value",
            "name" => string(name),
            "value" => string(value),
        ),
        FactKind::TopLimit { limit, sent } => fields!(
            buf,
            "top-limit",
            "limit" => num(*limit),
            "sent" => num(*sent),
        ),
        FactKind::OdataProperty { name, correct } => fields!(
            buf,
            "odata-property",
            "name" => string(name),
            "correct" => opt_str(correct.as_deref()),
        ),
        FactKind::OdataNotFilterable { name, filterable } => fields!(
            buf,
            "odata-not-filterable",
            "name" => string(name),
            "filterable" => strings(filterable),
        ),
        FactKind::OdataRefused { what, name } => fields!(
            buf,
            "odata-refused",
            "what" => string(what),
            "name" => string(name),
        ),
        FactKind::QueryFinding {
            rule,
            column,
            message,
        } => fields!(
            buf,
            "query-finding",
            "rule" => string(rule),
            "column" => num(*column as u64),
            "message" => string(message),
        ),
        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::facts::{Fact, FactKind};

    /// Text with everything an escape is needed for, and plain text.
    fn text() -> impl Strategy<Value = String> {
        "\\PC*|[\\x00-\\x1f\"\\\\\\x7f-\\u{a0}\\u{200b}-\\u{200f}\\u{202e}a-z…]*"
    }

    fn words() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(text(), 0..3)
    }

    fn statics() -> impl Strategy<Value = Vec<&'static str>> {
        proptest::collection::vec(
            proptest::sample::select(vec!["SHA-1", "SHA-256", "a\"b", "é\u{202e}", ""]),
            0..3,
        )
    }

    fn one_static() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec!["SHA-1", "inactive", "c\\d", "\u{7f}", ""])
    }

    /// Every kind of fact, with any values.
    fn kind() -> impl Strategy<Value = FactKind> {
        prop_oneof![
            (
                text(),
                any::<usize>(),
                any::<bool>(),
                proptest::option::of(one_static()),
                statics()
            )
                .prop_map(|(value, length, hex, likely_type, accepted)| {
                    FactKind::InvalidHash {
                        value,
                        length,
                        hex,
                        likely_type,
                        accepted,
                    }
                }),
            (text(), any::<bool>(), any::<bool>()).prop_map(|(value, cidr, parses)| {
                FactKind::InvalidIp {
                    value,
                    cidr,
                    parses,
                }
            }),
            (text(), any::<bool>())
                .prop_map(|(value, has_scheme)| FactKind::InvalidUrl { value, has_scheme }),
            (text(), any::<bool>()).prop_map(|(value, has_scheme_or_path)| {
                FactKind::InvalidDomain {
                    value,
                    has_scheme_or_path,
                }
            }),
            (any::<u64>(), any::<u64>(), any::<u64>()).prop_map(|(received, allowed, requests)| {
                FactKind::BatchSize {
                    received,
                    allowed,
                    requests,
                }
            }),
            (text(), proptest::option::of(one_static()))
                .prop_map(|(name, correct_case)| FactKind::MissingParameter { name, correct_case }),
            (text(), statics()).prop_map(|(platform, supported)| FactKind::OsPlatform {
                platform,
                supported
            }),
            (text(), text())
                .prop_map(|(action, version)| FactKind::ClientVersion { action, version }),
            (words(), words(), words()).prop_map(|(required, granted, missing)| {
                FactKind::MissingRoles {
                    required,
                    granted,
                    missing,
                }
            }),
            words().prop_map(|required| FactKind::AnyOfPermissions { required }),
            (text(), proptest::option::of(one_static()), any::<bool>()).prop_map(
                |(value, api, accepted)| FactKind::TokenAudience {
                    value,
                    api,
                    accepted,
                }
            ),
            (one_static(), text())
                .prop_map(|(state, reason)| FactKind::AccountState { state, reason }),
            (text(), proptest::option::of(text()), text(), text()).prop_map(
                |(principal, object_id, action, scope)| FactKind::AzureRole {
                    principal,
                    object_id,
                    action,
                    scope,
                }
            ),
            (text(), text()).prop_map(|(name, value)| FactKind::Value { name, value }),
            (any::<u64>(), any::<u64>())
                .prop_map(|(limit, sent)| FactKind::TopLimit { limit, sent }),
            (text(), proptest::option::of(text()))
                .prop_map(|(name, correct)| FactKind::OdataProperty { name, correct }),
            (text(), statics())
                .prop_map(|(name, filterable)| FactKind::OdataNotFilterable { name, filterable }),
            (one_static(), text()).prop_map(|(what, name)| FactKind::OdataRefused { what, name }),
            (one_static(), any::<usize>(), text()).prop_map(|(rule, column, message)| {
                FactKind::QueryFinding {
                    rule,
                    column,
                    message,
                }
            }),
        ]
    }

    proptest! {
        /// Any list of facts of any kinds: the bytes of serde's `Serialize` plus the dangerous-character pass.
        #[test]
        fn hand_encoder_writes_what_serde_writes_for_any_fact(
            facts in proptest::collection::vec((kind(), text(), text()), 0..3),
        ) {
            let facts: Vec<Fact> = facts
                .into_iter()
                .map(|(kind, message, advice)| Fact::of(kind, message, advice))
                .collect();
            let mut hand = Vec::new();
            super::facts(&mut hand, &facts).expect("encode");
            let serde = crate::render::json::to_string(&facts).expect("serde");
            prop_assert_eq!(String::from_utf8(hand).expect("utf-8"), serde);
        }
    }
}
