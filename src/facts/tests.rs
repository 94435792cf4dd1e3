//! Unit tests of the facts: the extractor table, role lists, hashes, every sentence filled.

use super::matching::{literal_len, MIN_LITERAL};
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
    let format = include_str!("../catalog/FORMAT.md");
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

/// The check without captures answers as the match with them, for every entry, on every template filled
/// in, cut short, with its last value left out, and on the fixtures' messages.
#[test]
fn entry_matches_exact_answers_as_match_entry_exact() {
    let mut messages: Vec<String> = Vec::new();
    for e in crate::catalog::entries() {
        for t in &e.templates {
            let filled = t.replace('{', "<").replace('}', ">");
            messages.push(filled.clone());
            messages.push(format!("{filled}."));
            messages.push(filled.get(..filled.len() / 2).unwrap_or("").to_string());
            // The last placeholder empty: "…roles: ." matches through the padded second try.
            if let Some(at) = t.rfind('{') {
                messages.push(format!("{} .", t[..at].trim_end()));
            }
        }
    }
    messages.push(String::new());
    messages.push("Hash value abc is invalid.".into());
    let mut matched = 0;
    for e in crate::catalog::entries() {
        for m in &messages {
            let with = super::matching::match_entry_exact(e, m).is_some();
            assert_eq!(super::entry_matches_exact(e, m), with, "{} {m:?}", e.code);
            matched += usize::from(with);
        }
    }
    assert!(matched > 100, "{matched}");
}

/// Recent answers are the facts read anew: every entry's example message, its captures with and without
/// an operation, and the same captures with another value, asked in turn and again.
#[test]
fn recent_facts_are_the_facts_read_anew() {
    let ops = [None, by_name("isolate-machine"), by_name("get-machine")];
    let mut asked: Vec<(Captures, Option<&'static crate::operations::Route>)> = Vec::new();
    for e in crate::catalog::entries() {
        let example = e.example_json();
        let Some(message) = example
            .as_ref()
            .and_then(|j| j["error"]["message"].as_str())
        else {
            continue;
        };
        let Some(c) = match_entry(e, message) else {
            continue;
        };
        let mut other = c.clone();
        if let Some((_, v)) = other.first_mut() {
            v.push('x');
        }
        for op in ops {
            asked.push((c.clone(), op));
            asked.push((other.clone(), op));
        }
    }
    assert!(asked.len() > 40, "{}", asked.len());
    for _ in 0..2 {
        for (c, op) in &asked {
            assert_eq!(from_captures(c, *op), from_captures_anew(c, *op), "{c:?}");
        }
    }
}
