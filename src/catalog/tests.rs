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
    assert_eq!(
        on_disk, listed,
        "every file in codes/ is listed once in index.rs"
    );
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
            Family::Mde | Family::Graph | Family::Arm => {
                json["error"]["code"].as_str().map(str::to_string)
            }
            Family::Entra => json["error"].as_str().map(str::to_string),
            Family::Aadsts => json["error_description"]
                .as_str()
                .and_then(|d| d.split(':').next())
                .map(str::to_string),
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
    for e in entries() {
        match (e.family, e.aadsts) {
            (Family::Aadsts, Some(n)) => assert_eq!(e.code, format!("AADSTS{n}")),
            (Family::Aadsts, None) => panic!("{} lacks its aadsts number", e.code),
            (_, Some(_)) => panic!("{} has an aadsts number but is not family aadsts", e.code),
            _ => {}
        }
    }
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
    assert!(
        entries().len() < 255,
        "the code table holds at most 254 codes"
    );
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
