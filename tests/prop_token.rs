//! Property tests for the token doctor: the decoder on arbitrary strings and on mutated JWTs in every shape it
//! accepts. Nothing panics, human output holds no raw control characters, and no encoded part of the token
//! (header, payload, signature) ever appears in any output.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed; the panic says where

use crate::prop_support;

use std::time::{Duration, UNIX_EPOCH};

use crate::support::base64url;
use mdediag::operations::routes;
use mdediag::render::token as render;
use mdediag::token::{self, Finding, Options};
use prop_support::{has_dangerous, json_value, mutate, mutations, text};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Inspects `raw` and renders every output; returns all output bytes as text.
fn inspect_and_render(raw: &str, op: Option<usize>) -> Result<String, TestCaseError> {
    let options = Options {
        operation: op.map(|i| &routes::all()[i % routes::all().len()]),
        api_host: None,
        now: UNIX_EPOCH + Duration::from_secs(1_790_000_000),
    };
    let mut human = Vec::new();
    let mut json_out = Vec::new();
    match token::inspect_with(raw, &options) {
        Ok(mut report) => {
            render::human(&mut human, &report, true).unwrap();
            render::json(&mut json_out, &report).unwrap();
            report.redact_ids();
            render::human(&mut human, &report, true).unwrap();
        }
        Err(err) => {
            let finding = Finding::from(&err);
            render::unreadable_human(&mut human, &finding).unwrap();
            render::unreadable_json(&mut json_out, &finding).unwrap();
        }
    }
    let human = String::from_utf8(human).unwrap();
    prop_assert!(!has_dangerous(&human), "raw control in: {human:?}");
    let _: Value = serde_json::from_slice(&json_out).unwrap();
    Ok(human + &String::from_utf8(json_out).unwrap())
}

/// Claims: the ones the checks read, with realistic or hostile values, plus arbitrary extras.
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::sample::select(
            &[
                "https://api.securitycenter.microsoft.com",
                "https://api.security.microsoft.com",
                "https://graph.microsoft.com",
                "fc780465-2017-40d4-a0c5-307022471b92",
                "\u{1b}]0;x\u{7}",
            ][..],
        ),
        prop_oneof![any::<i64>().prop_map(Value::from), json_value()],
        prop_oneof![
            (1_700_000_000i64..1_900_000_000).prop_map(Value::from),
            json_value()
        ],
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(
                    &["Machine.Isolate", "Ti.ReadWrite.All", "Alert.ReadWrite.All"][..]
                )
                .prop_map(str::to_string),
                text(),
            ],
            0..4,
        ),
        prop::sample::select(&["1.0", "2.0", "3"][..]),
        any::<bool>(),
        prop::collection::vec((text(), json_value()), 0..4),
        // Issuers of every class the doctor names, and claims that change the token's kind or binding.
        prop::sample::select(
            &[
                "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
                "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                "https://sts.windows-ppe.net/x/",
                "https://login.microsoftonline.us/x/v2.0",
                "https://accounts.google.example",
                "\u{1b}]0;x\u{7}",
            ][..],
        ),
        prop::sample::select(&["", "nonce", "cnf", "appidacr", "oid=sub", "nbf"][..]),
    )
        .prop_map(
            |(aud, iat, exp, perms, ver, delegated, extra, iss, marker)| {
                let mut m = Map::new();
                for (k, v) in extra {
                    m.insert(k, v);
                }
                m.insert("iss".into(), json!(iss));
                match marker {
                    "" => {}
                    "cnf" => {
                        m.insert("cnf".into(), json!({"kid": "k"}));
                    }
                    "oid=sub" => {
                        m.insert("oid".into(), json!("same-id"));
                        m.insert("sub".into(), json!("same-id"));
                    }
                    // A `nbf` after `exp` half the time, given the ranges.
                    "nbf" => {
                        m.insert("nbf".into(), json!(1_800_000_000i64));
                    }
                    other => {
                        m.insert(other.into(), json!("1"));
                    }
                }
                m.insert("aud".into(), json!(aud));
                m.insert("iat".into(), iat);
                m.insert("exp".into(), exp);
                m.insert("ver".into(), json!(ver));
                m.insert("tid".into(), json!("72f988bf-86f1-41af-91ab-2d7cd011db47"));
                if delegated {
                    m.insert("scp".into(), json!(perms.join(" ")));
                    m.insert("upn".into(), json!("user\u{202e}@example.com"));
                } else {
                    m.insert("roles".into(), json!(perms));
                }
                m
            },
        )
}

/// The shapes a token arrives in.
fn wrap(token: &str, shape: u8) -> String {
    match shape {
        0 => token.to_string(),
        1 => format!("Bearer {token}"),
        2 => format!("Authorization: Bearer {token}\r\n"),
        3 => format!(
            "* Connected\n> POST /api/machines/1/isolate HTTP/2\n> Host: api.securitycenter.microsoft.com\n> authorization: Bearer {token}\n>\n< HTTP/2 403\n"
        ),
        // Without the scheme: its own finding.
        4 => format!("Authorization: {token}\n"),
        _ => format!("{{\"token_type\":\"Bearer\",\"access_token\":\"{token}\"}}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn decoder_takes_any_string(raw in prop_oneof![
        any::<String>(),
        "(eyJ|[A-Za-z0-9_=+/-]{0,12}|\\.|Bearer |Authorization: |\n|\u{1b}|\u{202e}){0,12}",
    ], op in prop::option::of(any::<usize>())) {
        inspect_and_render(&raw, op)?;
    }

    /// JWTs with any claims, mutated or not, in every accepted shape: no panic, no encoded part echoed.
    #[test]
    fn mutated_jwts_never_leak(
        claims in claims(),
        alg in prop::sample::select(&["RS256", "none", "\u{1b}[31m"][..]),
        signature in "[A-Za-z0-9_-]{16,64}",
        edits in prop::option::of(mutations()),
        shape in 0u8..6,
        op in prop::option::of(any::<usize>()),
    ) {
        let header = base64url(json!({"typ": "JWT", "alg": alg}).to_string().as_bytes());
        let payload = base64url(Value::Object(claims).to_string().as_bytes());
        let jwt = format!("{header}.{payload}.{signature}");
        let jwt = match &edits {
            Some(e) => String::from_utf8_lossy(&mutate(jwt.as_bytes(), e)).into_owned(),
            None => jwt,
        };
        let out = inspect_and_render(&wrap(&jwt, shape), op)?;
        prop_assert!(!out.contains(&signature), "signature leaked:\n{out}");
        // Long runs of the encoded header and payload must not appear either (short ones can occur by chance).
        for part in [&header, &payload] {
            for piece in part.as_bytes().chunks(24).filter(|c| c.len() == 24) {
                let piece = std::str::from_utf8(piece).unwrap();
                prop_assert!(!out.contains(piece), "encoded token text {piece} leaked:\n{out}");
            }
        }
    }
}
