//! `exp`, `nbf` and `iat`: expired, not yet valid, within the skew allowance, impossible lifetimes.

use super::*;

#[test]
fn expired_token_says_how_long_ago() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - (2 * 3600 + 5 * 60 + 10));
    let r = check(&c, None);
    assert_eq!(
        errors(&r),
        [(
            "time",
            "expired 2 h 5 min ago (at 2025-01-02T00:54:50Z)".to_string()
        )]
    );
}

#[test]
fn expiry_within_clock_skew_is_only_a_warning() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - 120);
    let r = check(&c, None);
    assert!(r.fits());
    assert!(r
        .findings
        .iter()
        .any(|f| f.id == Check::Time && f.severity == Severity::Warning));
}

#[test]
fn not_yet_valid_token_is_an_error() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    let r = check(&c, None);
    assert_eq!(errors(&r).len(), 1);
    assert!(
        errors(&r)[0].1.starts_with("not valid yet"),
        "{:?}",
        errors(&r)
    );
}

#[test]
fn a_future_nbf_says_only_not_valid_yet() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    c["exp"] = json!(NOW + 7200);
    let r = check(&c, None);
    let time: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.id == Check::Time)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        time,
        ["not valid yet: valid from 2025-01-02T04:00:00Z until 2025-01-02T05:00:00Z (1 h from now)"]
    );
}

#[test]
fn nbf_after_exp_is_remarked() {
    let mut c = app_claims(&["Machine.Isolate"]);
    c["nbf"] = json!(NOW + 3600);
    c["exp"] = json!(NOW + 600);
    let r = check(&c, None);
    let time: Vec<(Severity, &str)> = r
        .findings
        .iter()
        .filter(|f| f.id == Check::Time)
        .map(|f| (f.severity, f.message.as_str()))
        .collect();
    assert_eq!(time.len(), 2, "{time:?}");
    assert!(
        time[0]
            .1
            .starts_with("not valid yet: valid from 2025-01-02T04:00:00Z ("),
        "{time:?}"
    );
    assert_eq!(time[1].0, Severity::Warning);
    assert!(
        time[1]
            .1
            .starts_with("`nbf` (2025-01-02T04:00:00Z) is later than `exp` (2025-01-02T03:10:00Z)"),
        "{time:?}"
    );
    // Past both: the expiry is the verdict, the remark stays.
    let r = check(&c, None);
    assert!(!r.fits());
    let mut c2 = c.clone();
    c2["nbf"] = json!(NOW - 600);
    c2["exp"] = json!(NOW - 3600);
    let r = check(&c2, None);
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].1.starts_with("expired 1 h ago"), "{e:?}");
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("is later than `exp`")));
}

#[test]
fn an_absurd_lifetime_is_remarked_and_an_ordinary_one_is_not() {
    let lifetime = |c: &Value| {
        check(c, None)
            .findings
            .into_iter()
            .find(|f| f.message.contains("longer than Entra ID issues"))
    };
    let mut c = app_claims(&["Machine.Isolate"]);
    c["exp"] = json!(NOW - 600 + 75 * 365 * 86_400);
    let f = lifetime(&c).expect("remark");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.starts_with(
            "the token's lifetime (`nbf` to `exp`) is 27375 d (about 75 years): longer"
        ),
        "{}",
        f.message
    );
    // 28 h is the longest Entra ID issues (continuous access evaluation): not remarked.
    c["exp"] = json!(NOW - 600 + 28 * 3600);
    assert!(lifetime(&c).is_none());
    c["exp"] = json!(NOW - 600 + 28 * 3600 + 1);
    assert!(lifetime(&c).is_some());
}
