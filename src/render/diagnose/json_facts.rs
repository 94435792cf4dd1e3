//! A diagnosis's facts (`details`) as JSON, written by hand: the bytes serde gives [`Fact`]'s `Serialize`
//! (the tests below hold the two together). Serde writes a fact through `#[serde(flatten)]`, a map whose
//! every key is escaped byte by byte: about a fifth of the cost of a JSON diagnosis that has facts. The fast
//! twin of `Fact`'s `Serialize` in `facts.rs`.

use super::json_write::{boolean, key, num, opt_str, serde, string, strings};
use crate::facts::{Fact, FactKind};

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
        } => {
            buf.extend_from_slice(b"invalid-hash\"");
            key!(buf, "value");
            string(buf, value)?;
            key!(buf, "length");
            num(buf, *length as u64);
            key!(buf, "hex");
            boolean(buf, *hex);
            key!(buf, "likely_type");
            opt_str(buf, *likely_type)?;
            key!(buf, "accepted");
            strings(buf, accepted)?;
        }
        FactKind::InvalidIp {
            value,
            cidr,
            parses,
        } => {
            buf.extend_from_slice(b"invalid-ip\"");
            key!(buf, "value");
            string(buf, value)?;
            key!(buf, "cidr");
            boolean(buf, *cidr);
            key!(buf, "parses");
            boolean(buf, *parses);
        }
        FactKind::InvalidUrl { value, has_scheme } => {
            buf.extend_from_slice(b"invalid-url\"");
            key!(buf, "value");
            string(buf, value)?;
            key!(buf, "has_scheme");
            boolean(buf, *has_scheme);
        }
        FactKind::InvalidDomain {
            value,
            has_scheme_or_path,
        } => {
            buf.extend_from_slice(b"invalid-domain\"");
            key!(buf, "value");
            string(buf, value)?;
            key!(buf, "has_scheme_or_path");
            boolean(buf, *has_scheme_or_path);
        }
        FactKind::BatchSize {
            received,
            allowed,
            requests,
        } => {
            buf.extend_from_slice(b"batch-size\"");
            key!(buf, "received");
            num(buf, *received);
            key!(buf, "allowed");
            num(buf, *allowed);
            key!(buf, "requests");
            num(buf, *requests);
        }
        FactKind::MissingParameter { name, correct_case } => {
            buf.extend_from_slice(b"missing-parameter\"");
            key!(buf, "name");
            string(buf, name)?;
            key!(buf, "correct_case");
            opt_str(buf, *correct_case)?;
        }
        FactKind::OsPlatform {
            platform,
            supported,
        } => {
            buf.extend_from_slice(b"os-platform\"");
            key!(buf, "platform");
            string(buf, platform)?;
            key!(buf, "supported");
            strings(buf, supported)?;
        }
        FactKind::ClientVersion { action, version } => {
            buf.extend_from_slice(b"client-version\"");
            key!(buf, "action");
            string(buf, action)?;
            key!(buf, "version");
            string(buf, version)?;
        }
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
        } => {
            buf.extend_from_slice(b"missing-roles\"");
            key!(buf, "required");
            strings(buf, required)?;
            key!(buf, "granted");
            strings(buf, granted)?;
            key!(buf, "missing");
            strings(buf, missing)?;
        }
        FactKind::AnyOfPermissions { required } => {
            buf.extend_from_slice(b"any-of-permissions\"");
            key!(buf, "required");
            strings(buf, required)?;
        }
        FactKind::TokenAudience {
            value,
            api,
            accepted,
        } => {
            buf.extend_from_slice(b"token-audience\"");
            key!(buf, "value");
            string(buf, value)?;
            key!(buf, "api");
            opt_str(buf, *api)?;
            key!(buf, "accepted");
            boolean(buf, *accepted);
        }
        FactKind::AccountState { state, reason } => {
            buf.extend_from_slice(b"account-state\"");
            key!(buf, "state");
            string(buf, state)?;
            key!(buf, "reason");
            string(buf, reason)?;
        }
        FactKind::AzureRole {
            principal,
            object_id,
            action,
            scope,
        } => {
            buf.extend_from_slice(b"azure-role\"");
            key!(buf, "principal");
            string(buf, principal)?;
            key!(buf, "object_id");
            opt_str(buf, object_id.as_deref())?;
            key!(buf, "action");
            string(buf, action)?;
            key!(buf, "scope");
            string(buf, scope)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A plain value and the OData kinds.
fn other_kind(buf: &mut Vec<u8>, kind: &FactKind) -> serde_json::Result<bool> {
    match kind {
        FactKind::Value { name, value } => {
            buf.extend_from_slice(b"value\"");
            key!(buf, "name");
            string(buf, name)?;
            key!(buf, "value");
            string(buf, value)?;
        }
        FactKind::TopLimit { limit, sent } => {
            buf.extend_from_slice(b"top-limit\"");
            key!(buf, "limit");
            num(buf, *limit);
            key!(buf, "sent");
            num(buf, *sent);
        }
        FactKind::OdataProperty { name, correct } => {
            buf.extend_from_slice(b"odata-property\"");
            key!(buf, "name");
            string(buf, name)?;
            key!(buf, "correct");
            opt_str(buf, correct.as_deref())?;
        }
        FactKind::OdataNotFilterable { name, filterable } => {
            buf.extend_from_slice(b"odata-not-filterable\"");
            key!(buf, "name");
            string(buf, name)?;
            key!(buf, "filterable");
            strings(buf, filterable)?;
        }
        FactKind::OdataRefused { what, name } => {
            buf.extend_from_slice(b"odata-refused\"");
            key!(buf, "what");
            string(buf, what)?;
            key!(buf, "name");
            string(buf, name)?;
        }
        FactKind::QueryFinding {
            rule,
            column,
            message,
        } => {
            buf.extend_from_slice(b"query-finding\"");
            key!(buf, "rule");
            string(buf, rule)?;
            key!(buf, "column");
            num(buf, *column as u64);
            key!(buf, "message");
            string(buf, message)?;
        }
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
