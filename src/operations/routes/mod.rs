//! Every documented MDE API operation as a [`Route`], copied from `MicrosoftDocs/defender-docs`
//! `defender-endpoint/api/`: one file per API family, each a table of `Route { … }` blocks in family order,
//! concatenated at compile time into [`all`].
//!
//! Add an operation: copy one block of its family's file and fill it from the page (names, case and path
//! exactly as printed; `request_line` is the page's `HTTP request` line, copied; a `body` with one parameter
//! per line when the call takes one). A page new to Microsoft's folder also gets its line in
//! `docs-folder.txt`. The tests check it against the page line, the token doctor's permission names, every
//! other route and the folder's listing; README's Development section names the two regenerations after.

use super::route::Route;
use super::{path_matches, Method};

/// The docs URL of a page, from its file name in defender-endpoint/api/ (without `.md`).
macro_rules! doc {
    ($page:literal) => {
        concat!(
            "https://learn.microsoft.com/en-us/defender-endpoint/api/",
            $page
        )
    };
}

mod alerts;
mod assessments;
mod evidence;
mod exports;
mod indicators;
#[cfg(test)]
mod left_out;
mod live_response;
mod machine_actions;
mod machines;
mod recommendations;
mod scan_definitions;
mod software;

/// The family tables in family order: their concatenation is the route list.
const FAMILIES: &[&[Route]] = &[
    machines::ROUTES,
    machine_actions::ROUTES,
    live_response::ROUTES,
    indicators::ROUTES,
    alerts::ROUTES,
    evidence::ROUTES,
    software::ROUTES,
    recommendations::ROUTES,
    scan_definitions::ROUTES,
    exports::ROUTES,
    assessments::ROUTES,
];

/// How many routes the family tables hold together.
const fn total(families: &[&[Route]]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < families.len() {
        n += families[i].len();
        i += 1;
    }
    n
}

/// The family tables one after the other, as one array (evaluated by the compiler).
const fn concat<const N: usize>(families: &[&[Route]]) -> [Route; N] {
    let mut out = [families[0][0]; N];
    let (mut i, mut k) = (0, 0);
    while i < families.len() {
        let mut j = 0;
        while j < families[i].len() {
            out[k] = families[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

static ROUTES: [Route; total(FAMILIES)] = concat(FAMILIES);

/// How many routes take a body.
const fn with_body_count(families: &[&[Route]]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < families.len() {
        let mut j = 0;
        while j < families[i].len() {
            if families[i][j].body.is_some() {
                n += 1;
            }
            j += 1;
        }
        i += 1;
    }
    n
}

/// The routes that take a body, in route order (evaluated by the compiler: diagnose looks one up per
/// response, so the routes without a body are not walked at run time).
const fn with_body_refs<const N: usize>(routes: &'static [Route]) -> [&'static Route; N] {
    let mut out = [&routes[0]; N];
    let (mut i, mut k) = (0, 0);
    while i < routes.len() {
        if routes[i].body.is_some() {
            out[k] = &routes[i];
            k += 1;
        }
        i += 1;
    }
    out
}

static WITH_BODY: [&Route; with_body_count(FAMILIES)] = with_body_refs(&ROUTES);

/// Every route, family by family (within a family, operations with a body first).
pub fn all() -> &'static [Route] {
    &ROUTES
}

/// Every route that takes a body, in route order.
pub(crate) fn with_body() -> &'static [&'static Route] {
    &WITH_BODY
}

/// The route with this short name (exact, then ignoring case), or the one route documented on the docs page
/// `name` names (`run-advanced-query`, `run-advanced-query-api.md`, the page's URL): users meet operations by
/// their page first.
pub(crate) fn by_name(name: &str) -> Option<&'static Route> {
    let all = all();
    all.iter()
        .find(|r| r.name == name)
        .or_else(|| all.iter().find(|r| r.name.eq_ignore_ascii_case(name)))
        .or_else(|| match by_page(name).as_slice() {
            [only] => Some(*only),
            _ => None,
        })
}

/// A page name as people write it, reduced to compare: any case, a whole URL or a file name (`.md`), with
/// or without the `-api` many page names end in.
pub(crate) fn page_key(text: &str) -> String {
    let last = text
        .trim()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let last = last.split(['#', '?']).next().unwrap_or_default();
    let lower = last.to_ascii_lowercase();
    let lower = lower.strip_suffix(".md").unwrap_or(&lower);
    lower.strip_suffix("-api").unwrap_or(lower).to_string()
}

/// Every route documented on the page `name` names (several for a page such as `add-a-new-scan-definition`).
pub(crate) fn by_page(name: &str) -> Vec<&'static Route> {
    let key = page_key(name);
    if key.is_empty() {
        return Vec::new();
    }
    all().iter().filter(|r| page_key(r.docs) == key).collect()
}

/// The route with this method and path template, exactly as the table writes it.
#[cfg(test)]
pub(crate) fn by_key(method: Method, path: &str) -> Option<&'static Route> {
    all().iter().find(|r| r.method == method && r.path == path)
}

/// How well a path fits a template: literal characters matched, then literal segments equal in case
/// (`/api/machines/InfoGatheringExport` and `/api/Machines/InfoGatheringExport` are two documented routes).
fn fit(template: &str, path: &str) -> (usize, usize) {
    let literal: usize = template
        .split('/')
        .map(|s| s.len() - placeholders_len(s))
        .sum();
    let exact = template
        .split('/')
        .zip(path.split('/'))
        .filter(|(t, p)| !t.contains('{') && t == p)
        .count();
    (literal, exact)
}

/// Characters of a segment inside `{…}` placeholders, braces included.
fn placeholders_len(segment: &str) -> usize {
    let mut n = 0;
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        n += close + 1;
        rest = &rest[open + close + 1..];
    }
    n
}

/// Every route whose template fits the path of `url` (any method), best fit first.
pub(crate) fn at_path(url: &str) -> Vec<&'static Route> {
    let path = super::path_of(url);
    let mut found: Vec<&'static Route> = all()
        .iter()
        .filter(|r| path_matches(r.path_only(), path))
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(fit(r.path_only(), path)));
    found
}

/// The route a request calls, from its method and URL (or path): the best fitting template, so a literal
/// segment beats a placeholder (`/api/machines/SoftwareInventoryByMachine` is not `/api/machines/{id}`).
pub(crate) fn by_request(method: Method, url: &str) -> Option<&'static Route> {
    let path = super::path_of(url);
    let (raw, versioned) = path_segments(path);
    // Called once per diagnosed response: no list is built, the best fit is kept as the routes go by. A
    // template matches only a path of as many segments, so the others are passed over before the segment
    // by segment match (which was a fifth of a `curl -v` batch's run).
    all()
        .iter()
        .zip(template_segments())
        .filter(|(r, n)| {
            r.method == method
                && (**n == raw || (**n + 1 == raw && versioned))
                && path_matches(r.path_only(), path)
        })
        .map(|(r, _)| r)
        .max_by_key(|r| fit(r.path_only(), path))
}

/// The number of segments of each route's path template, in [`all`]'s order (computed once).
fn template_segments() -> &'static [usize] {
    static COUNTS: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    COUNTS.get_or_init(|| {
        all()
            .iter()
            .map(|r| r.path_only().split('/').count())
            .collect()
    })
}

/// The segments of a request path ([`path_matches`] drops a trailing `/`), and whether one is a `v1.0` right
/// after an `api` (which [`path_matches`] may skip).
fn path_segments(path: &str) -> (usize, bool) {
    let mut n = 0;
    let mut versioned = false;
    let mut last = "";
    for s in path.trim_end_matches('/').split('/') {
        versioned |= last.eq_ignore_ascii_case("api") && s.eq_ignore_ascii_case("v1.0");
        last = s;
        n += 1;
    }
    (n, versioned)
}

#[cfg(test)]
mod tests;
