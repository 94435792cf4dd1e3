//! The recognizers and the prefilter built from their triggers.

use super::*;

#[test]
fn every_family_has_triggers_and_a_name() {
    for r in all() {
        assert!(!r.triggers.is_empty(), "{}", r.name);
        assert!(!r.name.is_empty());
    }
}

/// Each recognizer reads each of its samples, and is the one that answers for it (the first, in the order
/// asked, whose triggers are there and that accepts it).
#[test]
fn each_recognizer_reads_its_samples_first() {
    for r in all() {
        assert!(!r.samples.is_empty(), "{}: no sample line", r.name);
        for line in r.samples {
            assert!(
                recognize(line).is_some(),
                "{}: not recognized: {line}",
                r.name
            );
            let first = all()
                .filter(|x| x.triggered(line))
                .find(|x| (x.read)(line).is_some())
                .map(|x| x.name);
            assert_eq!(first, Some(r.name), "{line}");
        }
    }
}

#[test]
fn a_known_message_pasted_alone_is_recognized() {
    let line = "Missing application roles. API required roles: Machine.Isolate, application roles: Machine.Read.All.";
    assert!(matches!(recognize(line), Some(Clue::Message(..))), "{line}");
}

#[test]
fn client_statuses_carry_status_and_url() {
    let Some(Clue::ClientStatus(cs)) =
        recognize("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://h/api/machines")
    else {
        panic!("client status");
    };
    assert_eq!((cs.status, cs.url), (403, Some("https://h/api/machines")));
    let Some(Clue::ClientStatus(cs)) = recognize("Invoke-MdeApi: HTTP Status TooManyRequests")
    else {
        panic!("wrapper");
    };
    assert_eq!(cs.status, 429);
}

#[test]
fn ordinary_lines_are_not_clues() {
    for line in [
        "2026-11-01T10:00:00Z INFO started 403 jobs",
        "the status code was fine",
        "ERROR 12: nothing",
        "Traceback (most recent call last):",
        "<Response [200]>",
    ] {
        assert!(
            !matches!(
                recognize(line),
                Some(Clue::ClientStatus(_)) | Some(Clue::Status { .. })
            ),
            "{line}"
        );
    }
}

/// Whatever a recognizer accepts, the prefilter lets through: the prefilter is built from the
/// declarations, and this holds the two together.
#[test]
fn prefilter_lets_through_every_accepted_line() {
    let samples: Vec<&str> = all().flat_map(|r| r.samples.iter().copied()).collect();
    for line in &samples {
        assert!(may_match(line), "{line}");
    }
    for r in all() {
        for line in &samples {
            if (r.read)(line).is_some() {
                let hit = r.triggers.iter().any(|t| match *t {
                    Trigger::Start(s) => line.starts_with(s),
                    Trigger::Anywhere(w) => line.contains(w),
                    Trigger::Gate(gate) => gate(line),
                });
                assert!(hit, "{} accepts {line} without one of its triggers", r.name);
            }
        }
    }
}

/// The DFA a long input switches to answers as the NFA, on every line of the fixtures and on texts made of
/// the words, their pieces and other bytes.
#[test]
fn the_dfa_answers_as_the_nfa() {
    let p = super::prefilter();
    let dfa = super::build_words(&p.list, aho_corasick::AhoCorasickKind::DFA);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");
    let mut lines = 0;
    for f in std::fs::read_dir(dir).expect("fixtures") {
        let text = String::from_utf8_lossy(&std::fs::read(f.expect("entry").path()).expect("read"))
            .into_owned();
        for line in text.lines() {
            assert_eq!(dfa.is_match(line), p.words.is_match(line), "{line}");
            lines += 1;
        }
    }
    assert!(lines > 1000, "{lines}");
    let mut runner = proptest::test_runner::TestRunner::default();
    let pieces: Vec<String> = p
        .list
        .iter()
        .flat_map(|w| {
            [
                w.to_string(),
                w.get(..w.len() / 2).unwrap_or("").to_string(),
            ]
        })
        .chain(["x", " ", "é", "\"", ":"].map(String::from))
        .collect();
    let texts = proptest::collection::vec(proptest::sample::select(pieces), 0..6);
    runner
        .run(&texts, |parts| {
            let text = parts.concat();
            proptest::prop_assert_eq!(dfa.is_match(&text), p.words.is_match(&text), "{}", text);
            Ok(())
        })
        .expect("the DFA and the NFA agree");
}
