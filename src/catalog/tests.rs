//! Tidy checks on the catalog data (like rustc's error-code tidy): every file parses, the index is sorted and
//! unique, no orphan files, every related code exists, aliases are unique, examples carry their own code.

use super::*;
use std::collections::HashSet;

#[test]
fn every_entry_parses_and_matches_its_index_line() {
    for (code, text) in index::FILES {
        let entry = Entry::parse(text).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(entry.code, *code, "index line and file disagree");
    }
}

#[test]
fn index_is_sorted_and_unique() {
    let codes: Vec<&str> = index::FILES.iter().map(|(c, _)| *c).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "index must be sorted by code, without duplicates"
    );
}

#[test]
fn no_two_codes_differ_only_in_letter_case() {
    // A checkout on Windows or macOS (case-insensitive file names) would keep only one of the two files.
    let mut lower: Vec<String> = index::FILES.iter().map(|(c, _)| c.to_lowercase()).collect();
    lower.sort();
    let before = lower.len();
    lower.dedup();
    assert_eq!(before, lower.len(), "two codes differ only in letter case");
}

#[test]
fn no_orphan_or_missing_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/catalog/codes");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("codes dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = index::FILES
        .iter()
        .map(|(c, _)| format!("{c}.md"))
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "build.rs lists every file in codes/ once");
}

#[test]
fn related_codes_exist_and_are_not_self() {
    for e in entries() {
        for r in &e.related {
            assert!(
                get(r).is_some(),
                "{}: related code {r} is not in the catalog",
                e.code
            );
            assert_ne!(*r, e.code, "{} relates to itself", e.code);
        }
    }
}

#[test]
fn aliases_are_unique_and_never_a_real_code() {
    let mut seen = HashSet::new();
    for e in entries() {
        for a in &e.aliases_nl {
            assert!(seen.insert(a.to_ascii_lowercase()), "alias {a} used twice");
            assert!(get_ignore_case(a).is_none(), "alias {a} is also a code");
        }
    }
}

#[test]
fn every_example_response_carries_its_own_code() {
    for e in entries() {
        let json = e
            .example_json()
            .unwrap_or_else(|| panic!("{}: example is not valid JSON", e.code));
        let found = match e.family {
            Sender::Mde | Sender::Graph | Sender::Arm => {
                json["error"]["code"].as_str().map(str::to_string)
            }
            Sender::Entra => json["error"].as_str().map(str::to_string),
            Sender::Aadsts => json["error_description"]
                .as_str()
                .and_then(|d| d.split(':').next())
                .map(|sent| match aadsts_number(sent) {
                    // The generic entry's example carries a number no entry has: that is its code.
                    Some(n) if e.aadsts.is_none() && get_aadsts(n).is_none() => {
                        AADSTS_GENERIC.to_string()
                    }
                    _ => sent.to_string(),
                }),
        };
        assert_eq!(
            found.as_deref(),
            Some(e.code),
            "{}: example carries another code",
            e.code
        );
    }
}

#[test]
fn aadsts_entries_are_named_for_their_number() {
    let mut generic = 0;
    for e in entries() {
        match (e.family, e.aadsts) {
            (Sender::Aadsts, Some(n)) => assert_eq!(e.code, format!("AADSTS{n}")),
            // One entry only stands for every number without one of its own.
            (Sender::Aadsts, None) if e.code == AADSTS_GENERIC => generic += 1,
            (Sender::Aadsts, None) => panic!("{} lacks its aadsts number", e.code),
            (_, Some(_)) => panic!("{} has an aadsts number but is not family aadsts", e.code),
            _ => {}
        }
    }
    assert_eq!(generic, 1, "the generic {AADSTS_GENERIC} entry");
}

/// The generic AADSTS entry's example is an Entra error the catalog knows nothing more specific of: a
/// number with no entry, under an OAuth error with no entry (either would be the more specific one).
#[test]
fn the_generic_aadsts_example_has_no_more_specific_entry() {
    let e = get(AADSTS_GENERIC).expect("the generic AADSTS entry");
    let json = e.example_json().expect("example is JSON");
    let number = json["error_description"]
        .as_str()
        .and_then(crate::scan::body::aadsts_of)
        .expect("an AADSTS number");
    assert!(get_aadsts(number).is_none(), "AADSTS{number} has an entry");
    let error = json["error"].as_str().expect("an OAuth error");
    assert!(get_ignore_case(error).is_none(), "{error} has an entry");
    // Its advice is Entra's: no step is the Defender for Endpoint API's own.
    assert!(!e.fix_mde_only.iter().any(|m| *m), "an [MDE] step");
    assert!(e.fix.iter().any(|s| s.contains(AADSTS_NUMBER_MARK)));
}

#[test]
fn aadsts_numbers_are_read_in_any_case_and_nothing_else() {
    assert_eq!(aadsts_number("AADSTS50173"), Some(50173));
    assert_eq!(aadsts_number("aadsts50173"), Some(50173));
    assert_eq!(aadsts_number("AadSts7000112"), Some(7_000_112));
    for no in [
        "AADSTS",
        "AADSTS50173:",
        "AADSTS 50173",
        "XAADSTS50173",
        "50173",
        "AADSTS99999999999",
        "AADSTSé",
        "",
    ] {
        assert_eq!(aadsts_number(no), None, "{no:?}");
    }
}

#[test]
fn an_aadsts_number_without_an_entry_finds_the_generic_one_never_a_near_number() {
    // Looked up (`explain`): a number of its own finds its entry; any other, the generic one.
    let found = |q: &str| find(q).map(|h| (h[0].entry.code, h[0].via.clone()));
    assert_eq!(found("AADSTS7000215"), Ok(("AADSTS7000215", Via::Code)));
    assert_eq!(
        found("7000215"),
        Ok(("AADSTS7000215", Via::Aadsts(7_000_215)))
    );
    assert_eq!(
        found("aadsts7000216"),
        Ok((AADSTS_GENERIC, Via::Aadsts(7_000_216)))
    );
    assert_eq!(
        found("AADSTS90072"),
        Ok((AADSTS_GENERIC, Via::Aadsts(90072)))
    );
    // A bare number no entry has is no AADSTS code.
    assert!(find("90072").is_err());
    // A server's unknown AADSTS code is never taken for a near one (AADSTS90002 for AADSTS90072).
    assert_eq!(suggest_code("AADSTS90072"), None);
    assert_eq!(suggest_code("aadsts7000216"), None);
}

#[test]
fn templates_have_balanced_placeholders() {
    for e in entries() {
        for t in &e.templates {
            assert_eq!(
                t.matches('{').count(),
                t.matches('}').count(),
                "{}: {t}",
                e.code
            );
        }
    }
}

#[test]
fn summaries_are_one_short_line() {
    for e in entries() {
        assert!(
            e.summary.len() <= 100 && !e.summary.ends_with('.'),
            "{}: {}",
            e.code,
            e.summary
        );
    }
}

#[test]
fn get_finds_every_code_exactly_and_nothing_else() {
    for e in entries() {
        assert_eq!(get(e.code).map(|f| f.code), Some(e.code));
        assert!(get(&e.code.to_lowercase()).is_none() || e.code.to_lowercase() == e.code);
        assert!(get(&format!("{}x", e.code)).is_none());
        assert!(get(&e.code[1..]).is_none());
    }
    for other in ["", "x", "Forbidden ", "forbidden", "\u{0}", "é"] {
        assert!(get(other).is_none(), "{other:?}");
    }
}

/// The placeholder names of a template, in order.
fn placeholder_names(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A plausible value for each placeholder, so every template can be filled and read back.
fn sample(name: &str) -> &'static str {
    match name {
        "hash" => "d41d8cd98f00b204e9800998ecf8427e",
        "ip" => "10.0.0.0/8",
        "url" => "example.com/x",
        "domain" => "https://example.com",
        "received" => "501",
        "allowed" => "500",
        "platform" => "macOS",
        "version" => "10.8",
        "required_roles" => "Machine.Isolate",
        "granted_roles" => "Machine.Read.All",
        "audience" => "00000002-0000-0000-c000-000000000000",
        "principal" | "object_id" => "7c1a2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "arm_action" => "Microsoft.SecurityInsights/incidents/read",
        "scope" => "/subscriptions/0/resourceGroups/soc",
        "reason" => "Account mode is inactive",
        _ => "Sample",
    }
}

#[test]
fn every_template_placeholder_is_one_the_fact_extractors_read() {
    for e in entries() {
        for t in &e.templates {
            let names = placeholder_names(t);
            for name in &names {
                assert!(
                    crate::facts::PLACEHOLDERS.contains(name),
                    "{}: template {t:?} uses {{{name}}}, which no fact extractor reads \
                     (src/facts.rs PLACEHOLDERS and from_captures)",
                    e.code
                );
            }
            if names.is_empty() {
                continue;
            }
            // Filled with sample values, the template reads back and yields at least one fact.
            let mut message = t.to_string();
            for name in &names {
                message = message.replacen(&format!("{{{name}}}"), sample(name), 1);
            }
            let caps = crate::facts::match_template(t, &message)
                .unwrap_or_else(|| panic!("{}: {t:?} does not match {message:?}", e.code));
            assert!(
                !crate::facts::from_captures(&caps, None).is_empty(),
                "{}: {t:?} gives no fact",
                e.code
            );
        }
    }
}

#[test]
fn every_extractor_name_is_used_by_some_template() {
    for name in crate::facts::PLACEHOLDERS {
        assert!(
            entries()
                .iter()
                .flat_map(|e| e.templates.iter())
                .any(|t| placeholder_names(t).contains(name)),
            "{name} is read by the fact extractors but no template uses it"
        );
    }
}

#[test]
fn advice_never_points_up_or_down_the_output_nor_looks_unfilled() {
    // Output order differs by format (text, JSON, summary), so "above"/"below" point nowhere; a portal label
    // with a `{tenant}` in it reads like a template nobody filled in.
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("above") || w.eq_ignore_ascii_case("below"))
    };
    for e in entries() {
        for step in &e.fix {
            assert!(
                !words(step),
                "{}: fix step says above/below: {step}",
                e.code
            );
            assert!(
                !step.contains("for {tenant}"),
                "{}: fix step looks unfilled: {step}",
                e.code
            );
        }
        assert!(!words(&e.retry_text), "{}: {}", e.code, e.retry_text);
    }
}

#[test]
fn english_reason_phrases_name_their_status() {
    assert_eq!(super::status_of_reason("Too Many Requests"), Some(429));
    assert_eq!(super::status_of_reason("bad   gateway"), Some(502));
    assert_eq!(super::status_of_reason("Forbidden"), Some(403));
    assert_eq!(super::status_of_reason("Too Many"), None);
    assert_eq!(super::status_of_reason(""), None);
}

#[test]
fn every_example_response_is_diagnosed_as_its_own_entry() {
    // The test each new code file brings: its example, read the way a pasted response is, names it.
    let mut bad = Vec::new();
    for e in entries() {
        let found: Vec<(String, bool)> = crate::scan::scan_str("example", e.example)
            .into_iter()
            .filter_map(crate::scan::Event::into_response)
            .map(|r| {
                let d = crate::diagnose::diagnose(&r);
                (d.code, d.known)
            })
            .collect();
        // An Entra error whose description starts with an AADSTS number that has its own entry is explained
        // by that entry, the more specific one (the example then names both).
        let aadsts = e.example_json().and_then(|j| {
            let number = crate::scan::body::aadsts_of(j["error_description"].as_str()?)?;
            get(&format!("AADSTS{number}")).map(|a| a.code)
        });
        let expected = match (e.family, aadsts) {
            (Sender::Entra, Some(specific)) => specific,
            _ => e.code,
        };
        if found != vec![(expected.to_string(), true)] {
            bad.push(format!("{}: {found:?}", e.code));
        }
    }
    assert!(
        bad.is_empty(),
        "examples not diagnosed as themselves: {bad:#?}"
    );
}

#[test]
fn any_error_status_finds_an_entry_in_any_spelling() {
    let via = |q: &str| find(q).map(|hits| hits[0].via.clone());
    // A status some entry is sent with lists them; one none is sent with gets its class's generic entry.
    assert_eq!(via("HTTP/1.1 403 Forbidden"), Ok(Via::Status(403)));
    assert_eq!(via("403 Forbidden"), Ok(Via::Status(403)));
    assert_eq!(via("HTTP 403"), Ok(Via::Status(403)));
    for (q, status, code) in [
        ("503", 503, "InternalServerError"),
        ("502", 502, "InternalServerError"),
        ("HTTP/2 504", 504, "InternalServerError"),
        ("Bad Gateway", 502, "InternalServerError"),
        ("409", 409, "BadRequest"),
        ("415 Unsupported Media Type", 415, "BadRequest"),
    ] {
        let hits = find(q).unwrap_or_default();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].via, Via::StatusGeneric(status), "{q}");
        assert_eq!(hits[0].entry.code, code, "{q}");
    }
    // A success or redirect status is no error: no entry, and the miss says why.
    let miss = find("HTTP/1.1 200 OK").unwrap_err();
    assert_eq!(miss.status, Some(200));
    assert!(miss.to_string().contains("not an error status"), "{miss}");
    assert_eq!(find("302").unwrap_err().status, Some(302));
}

#[test]
fn a_piece_of_a_code_suggests_that_code_before_anything_else() {
    let suggestion = |q: &str| find(q).unwrap_err().suggestion;
    assert_eq!(suggestion("InvalidHash"), Some("InvalidHashValue"));
    assert_eq!(suggestion("invalid-hash"), Some("InvalidHashValue"));
    assert_eq!(suggestion("HashValue"), Some("InvalidHashValue"));
    assert_eq!(suggestion("RequestBody"), Some("InvalidRequestBody"));
    // Too short to be a piece of one code; and a server's code is only matched by edit distance.
    assert_eq!(suggestion("Hsh"), None);
    assert_eq!(super::suggest_code("InvalidHash"), None);
}

#[test]
fn dutch_names_resolve_whatever_the_spacing() {
    for q in [
        "NietGevonden",
        "niet-gevonden",
        "niet_gevonden",
        "TeVeelAanvragen",
    ] {
        let hits = find(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert!(matches!(hits[0].via, Via::DutchAlias(_)), "{q}");
    }
}

#[test]
fn template_leads_are_each_templates_leading_literal() {
    for e in entries() {
        assert_eq!(e.template_leads().len(), e.templates.len(), "{}", e.code);
        for (t, lead) in e.templates.iter().zip(e.template_leads()) {
            assert_eq!(
                *lead,
                super::template::leading_literal(t).trim_end(),
                "{}",
                e.code
            );
            assert!(t.starts_with(lead), "{}: {t}", e.code);
        }
    }
}

#[test]
fn index_of_is_the_position_in_entries() {
    for (i, e) in entries().iter().enumerate() {
        assert_eq!(super::index_of(e), i, "{}", e.code);
    }
}

/// The folded table answers as a walk of the index would, in any letter case, for codes and non-codes.
#[test]
fn get_ignore_case_finds_what_a_walk_finds() {
    let walk = |code: &str| entries().iter().find(|e| e.code.eq_ignore_ascii_case(code));
    let mut asked: Vec<String> = Vec::new();
    for e in entries() {
        asked.push(e.code.to_ascii_uppercase());
        asked.push(e.code.to_ascii_lowercase());
        asked.push(format!("{}x", e.code.to_ascii_lowercase()));
    }
    asked.extend(
        [
            "",
            "ForBidDen",
            "İnvalidInput",
            "a".repeat(64).as_str(),
            &"b".repeat(65),
        ]
        .map(String::from),
    );
    for code in &asked {
        assert_eq!(
            get_ignore_case(code).map(|e| e.code),
            walk(code).map(|e| e.code),
            "{code}"
        );
    }
}
