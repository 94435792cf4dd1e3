//! Checks on the operation table and on request-line matching.

use super::*;

#[test]
fn names_are_unique_and_params_unique_per_operation() {
    let mut names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate operation name");
    for op in OPERATIONS {
        let mut params: Vec<&str> = op.params.iter().map(|p| p.name).collect();
        params.sort_unstable();
        let n = params.len();
        params.dedup();
        assert_eq!(n, params.len(), "{}: duplicate parameter", op.name);
    }
}

#[test]
fn request_lines_find_their_operation() {
    let op = by_request(
        Method::Post,
        "https://api.security.microsoft.com/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate",
    )
    .expect("isolate");
    assert_eq!(op.name, "isolate-machine");
    assert!(by_request(Method::Get, "/api/machines/abc/isolate").is_none());
}

#[test]
fn paths_match_templates() {
    assert!(path_matches(
        "/api/machines/{id}/isolate",
        "/api/machines/abc/isolate/"
    ));
    assert!(path_matches(
        "/api/machines/{id}/isolate",
        "/API/v1.0/machines/abc/Isolate"
    ));
    assert!(!path_matches(
        "/api/machines/{id}/isolate",
        "/api/machines//isolate"
    ));
    assert_eq!(path_of("https://h/api/x?$top=1"), "/api/x");
}
