//! Checks on the route table: against the docs pages' request lines, the token doctor's permission names,
//! each other and the body-operation table.

use super::left_out::{DOCS_FOLDER, LEFT_OUT};
use super::*;
use crate::operations::route::Family;

/// The base of every docs URL: the page name follows.
const DOCS_BASE: &str = doc!("");
use crate::token::known;

/// The path a page's request line names: no method (`GET`, `GET:`, `URL: GET:`), no scheme or host, a
/// leading `/` (some pages leave it out), `<x>` placeholders written `{x}`.
fn doc_path(line: &str) -> String {
    let mut rest = line.trim();
    rest = rest.strip_prefix("URL:").unwrap_or(rest).trim_start();
    if let Some((word, after)) = rest.split_once([' ', ':']) {
        if Method::parse(word).is_some() {
            rest = after.trim_start_matches(':').trim_start();
        }
    }
    if let Some((_, after)) = rest.split_once("://") {
        rest = after.find('/').map_or("", |i| &after[i..]);
    }
    let mut path = rest.trim().replace('<', "{").replace('>', "}");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    path
}

/// A concrete URL for a template: every placeholder filled with a value of its own.
fn concrete(template: &str) -> String {
    let mut out = String::from("https://api.security.microsoft.com");
    let mut rest = template.split('?').next().unwrap_or(template);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str("x1");
        rest = &rest[close.min(rest.len())..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_route_is_there_once() {
    let mut names: Vec<&str> = all().iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all().len(), "duplicate route name");
    let mut keys: Vec<(&str, &str)> = all().iter().map(|r| (r.method.as_str(), r.path)).collect();
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), before, "duplicate (method, path)");
}

#[test]
fn every_permission_name_is_one_the_token_doctor_knows() {
    let known_name = |n: &str| {
        known::APPLICATION_PERMISSIONS.contains(&n)
            || known::DELEGATED_PERMISSIONS.contains(&n)
            || known::DOC_TYPOS.iter().any(|(typo, _)| *typo == n)
    };
    for r in all() {
        for p in r.app_permissions {
            assert!(
                known::APPLICATION_PERMISSIONS.contains(&known::canonical_permission(p)),
                "{}: application permission {p} unknown",
                r.name
            );
        }
        for p in r.delegated_permissions {
            assert!(
                known::DELEGATED_PERMISSIONS.contains(&known::canonical_permission(p)),
                "{}: delegated permission {p} unknown",
                r.name
            );
        }
        for p in r.permissions() {
            assert!(known_name(p), "{}: {p}", r.name);
        }
    }
}

#[test]
fn every_path_starts_with_api() {
    for r in all() {
        // run-live-response's page writes `/API/`: kept as printed; the service routes it ignoring case.
        assert!(
            r.path
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("/api/")),
            "{}: {}",
            r.name,
            r.path
        );
    }
}

#[test]
fn every_path_is_the_one_its_docs_page_prints() {
    for r in all() {
        let line = r.request_line;
        assert!(!line.is_empty(), "{}: no request line", r.name);
        let method = line
            .trim_start_matches("URL:")
            .split([' ', ':'])
            .find(|w| !w.is_empty())
            .and_then(Method::parse);
        assert_eq!(method, Some(r.method), "{}: method of {line:?}", r.name);
        let path = doc_path(line);
        if r.example.is_empty() {
            assert_eq!(path, r.path, "{}: the page prints {line:?}", r.name);
        } else {
            // The page's line does not give the template: the example must fit it, and the note say why.
            assert!(!r.line_note.is_empty(), "{}", r.name);
            assert_ne!(
                path, r.path,
                "{}: the line is the template: drop `example`",
                r.name
            );
            let example = doc_path(r.example);
            assert!(
                path_matches(r.path_only(), &example),
                "{}: {} does not fit the example {example}",
                r.name,
                r.path
            );
        }
    }
}

#[test]
fn every_route_is_found_by_a_concrete_url() {
    for r in all() {
        let url = concrete(r.path);
        let found = by_request(r.method, &url).map(|f| f.name);
        assert_eq!(found, Some(r.name), "{url}");
    }
    // With a query string and the version segment too.
    let found = by_request(
        Method::Get,
        "https://api.security.microsoft.com/api/v1.0/machines?$top=10",
    );
    assert_eq!(found.map(|r| r.name), Some("list-machines"));
    let found = by_request(
        Method::Get,
        "/api/machines/findbyip(ip='10.248.240.38',timestamp=2019-09-22T08:44:05Z)",
    );
    assert_eq!(found.map(|r| r.name), Some("find-machines-by-ip"));
}

#[test]
fn body_operations_are_found_by_key_and_name_and_others_are_not_body_operations() {
    for op in crate::operations::with_body() {
        assert_eq!(by_key(op.method, op.path).map(|k| k.name), Some(op.name));
        assert_eq!(by_name(op.name).map(|k| k.name), Some(op.name));
    }
    for e in all().iter().filter(|r| r.body.is_none()) {
        assert!(
            crate::operations::by_name(e.name).is_none(),
            "{} is found as a body operation",
            e.name
        );
    }
}

#[test]
fn docs_urls_name_their_page_and_every_page_is_covered_or_left_out() {
    let mut pages: Vec<&str> = Vec::new();
    for r in all() {
        assert!(r.docs.starts_with(DOCS_BASE), "{}", r.name);
        let page = r.docs.strip_prefix(DOCS_BASE).unwrap_or(r.docs);
        assert!(!page.is_empty() && !page.ends_with(".md"), "{}", r.name);
        pages.push(page);
    }
    pages.sort_unstable();
    pages.dedup();
    for (page, why) in LEFT_OUT {
        assert!(!why.is_empty());
        assert!(
            !pages.contains(page),
            "{page} is left out and a route's page"
        );
    }
    // Together the routes' pages and the pages left out are the folder's listing, page for page.
    let mut covered: Vec<&str> = pages
        .into_iter()
        .chain(LEFT_OUT.iter().map(|(p, _)| *p))
        .collect();
    covered.sort_unstable();
    let listing: Vec<&str> = DOCS_FOLDER.lines().collect();
    assert_eq!(covered, listing);
}

#[test]
fn readme_lists_every_page_left_out() {
    let readme = include_str!("../../../README.md");
    let section = readme
        .split("### Operations covered")
        .nth(1)
        .expect("README has an `Operations covered` section");
    for (page, _) in LEFT_OUT {
        assert!(
            section.contains(&format!("`{page}`")),
            "README lacks {page}"
        );
    }
}

#[test]
fn every_family_has_routes_and_names_parse_back() {
    for f in Family::ALL {
        assert!(all().iter().any(|r| r.family() == *f), "{}", f.as_str());
        assert_eq!(Family::parse(f.as_str()), Some(*f));
    }
}

#[test]
fn placeholders_inside_a_segment_match() {
    assert!(path_matches(
        "/api/machines/findbyip(ip='{IP}',timestamp={TimeStamp})",
        "/api/machines/findbyip(ip='1.2.3.4',timestamp=2024-01-01T00:00:00Z)"
    ));
    assert!(!path_matches(
        "/api/machines/findbyip(ip='{IP}',timestamp={TimeStamp})",
        "/api/machines/findbyip(ip='',timestamp=x)"
    ));
    assert!(path_matches(
        "/api/machineactions/{machine action id}/GetLiveResponseResultDownloadLink(index={command-index})",
        "/api/machineactions/988cc94e/GetLiveResponseResultDownloadLink(index=0)"
    ));
    assert!(!path_matches("/api/machines/{id}", "/api/machines/"));
}

#[test]
fn a_route_is_found_by_its_key() {
    let r = by_key(Method::Get, "/api/machines").expect("list-machines");
    assert_eq!(r.name, "list-machines");
    assert!(by_key(Method::Get, "/api/Machines").is_none());
}

#[test]
fn routes_come_family_by_family_body_operations_first() {
    // The family files are concatenated in FAMILIES' order: `operations` lists them as they stand.
    let order: Vec<(Family, bool)> = all().iter().map(|r| (r.family, r.body.is_none())).collect();
    for pair in order.windows(2) {
        assert!(
            pair[0] <= pair[1],
            "out of order: {:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
}

/// The segment-count prefilter of [`by_request`] passes over no route the segment match would take: for
/// every route's path (placeholders filled, with and without `/v1.0`, a trailing `/`, a query), the lookup
/// gives what matching every route of the method gives.
#[test]
fn by_request_equals_matching_every_route() {
    let naive = |method: Method, url: &str| {
        let path = super::super::path_of(url);
        all()
            .iter()
            .filter(|r| r.method == method && path_matches(r.path_only(), path))
            .max_by_key(|r| super::fit(r.path_only(), path))
            .map(|r| r.path)
    };
    for r in all() {
        let filled = r.path_only().replace(['{', '}'], "");
        for url in [
            format!("https://api.security.microsoft.com{filled}"),
            format!(
                "https://api.security.microsoft.com{}",
                filled.replacen("/api/", "/api/v1.0/", 1)
            ),
            format!("{filled}/"),
            format!("{filled}?$top=1"),
            "/api/machines/a/b/c/d/e".to_string(),
        ] {
            for m in [
                Method::Get,
                Method::Post,
                Method::Patch,
                Method::Delete,
                Method::Put,
            ] {
                assert_eq!(
                    by_request(m, &url).map(|r| r.path),
                    naive(m, &url),
                    "{m:?} {url}"
                );
            }
        }
    }
}

#[test]
fn every_operation_is_found_by_its_docs_page_name_when_the_page_has_one_operation() {
    for route in all() {
        let page = route.docs.rsplit('/').next().unwrap_or_default();
        let on_page = by_page(page);
        assert!(on_page.iter().any(|r| r.name == route.name), "{page}");
        let short = page.strip_suffix("-api").unwrap_or(page);
        for q in [
            page.to_string(),
            format!("{short}.md"),
            route.docs.to_string(),
            short.to_uppercase(),
        ] {
            let found = by_name(&q).map(|r| r.name);
            if all().iter().any(|r| r.name.eq_ignore_ascii_case(&q)) {
                continue; // an operation's own name comes first (`get-software` is a page and a name)
            }
            if on_page.len() == 1 {
                assert_eq!(found, Some(route.name), "{q}");
            } else {
                assert_eq!(
                    found, None,
                    "{q}: a page of several operations names none of them"
                );
            }
        }
    }
    assert_eq!(
        by_name("run-advanced-query").map(|r| r.name),
        Some("advanced-hunting-run")
    );
}
