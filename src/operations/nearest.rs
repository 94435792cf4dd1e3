//! The documented route nearest to a path that matches none, shared by `diagnose` (a 404's "the nearest is")
//! and `lint` (an unknown route's "did you mean"), so both name the same route.

/// The most path segments after `/api` [`nearest_route`] compares (documented routes have at most three).
const MAX_ROUTE_SEGMENTS: usize = 8;
/// The longest segment compared with route words (the longest word has 34 characters).
const MAX_ROUTE_WORD: usize = 40;

/// The documented route nearest to a path that matches none: the path with its misspelled segments replaced
/// (`/api/machine/123/isolate` → `/api/machines/123/isolate`). `None` when no segment is a near miss, or when
/// the path already fits a route (another method, or a GET the operation table does not list).
pub fn nearest_route(path: &str) -> Option<String> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    // Keep `/api` and a version segment as the caller wrote them.
    let mut skip = 0;
    if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("api")) {
        skip = 1;
        if segs.get(1).is_some_and(|s| s.eq_ignore_ascii_case("v1.0")) {
            skip = 2;
        }
    }
    let (prefix, rest) = segs.split_at(skip);
    // Routes are short: a longer path (or hostile input) is not a near miss of one, and is not compared.
    if rest.is_empty() || rest.len() > MAX_ROUTE_SEGMENTS {
        return None;
    }
    let literal = |t: &str| !(t.starts_with('{') && t.ends_with('}'));
    let templates = || {
        super::routes::all().iter().map(|o| {
            o.path_only()
                .trim_matches('/')
                .split('/')
                .skip(1)
                .collect::<Vec<&'static str>>()
        })
    };
    let distance = |a: &str, b: &str| {
        // Words of very different lengths are no near miss (and a long one would cost a long comparison).
        if a.len().abs_diff(b.len()) > 3 {
            return None;
        }
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let d = strsim::damerau_levenshtein(&a, &b);
        let limit = match a.chars().count().min(b.chars().count()) {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        (d <= limit).then_some(d)
    };
    // A template of the same length, each literal segment equal or a near miss.
    let mut best: Option<(usize, Vec<&str>)> = None;
    for t in templates().filter(|t| t.len() == rest.len()) {
        let mut cost = 0;
        let mut fixed = Vec::with_capacity(rest.len());
        let fits = t.iter().zip(rest).all(|(ts, rs)| {
            if !literal(ts) {
                fixed.push(*rs);
                return !rs.is_empty();
            }
            fixed.push(*ts);
            match distance(ts, rs) {
                Some(0) => true,
                Some(d) => {
                    cost += d;
                    true
                }
                None => false,
            }
        });
        if fits && best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, fixed));
        }
    }
    let fixed = match best {
        Some((0, _)) => return None,
        Some((_, fixed)) => fixed,
        None => {
            // No route of this length: fix each word that is no route word but nearly one.
            let words: Vec<&'static str> = templates().flatten().filter(|w| literal(w)).collect();
            let mut changed = false;
            let fixed: Vec<&str> = rest
                .iter()
                .map(|s| {
                    if s.len() > MAX_ROUTE_WORD || words.iter().any(|w| w.eq_ignore_ascii_case(s)) {
                        return *s;
                    }
                    match crate::suggest::closest(s, words.iter().copied()) {
                        Some(crate::suggest::Match::Typo(w)) => {
                            changed = true;
                            w
                        }
                        _ => *s,
                    }
                })
                .collect();
            if !changed {
                return None;
            }
            fixed
        }
    };
    let mut out = String::new();
    for s in prefix.iter().chain(&fixed) {
        out.push('/');
        out.push_str(s);
    }
    Some(out)
}

/// Why a request line names no documented route, and the route it likely meant: `None` when it names one
/// (directly, relative to the API root, under `/api/v1.0`, or as a route alias). The message is
/// `no documented route GET /api/machine`; the help names the nearest route with its operation name.
pub(crate) fn unknown_route(line: &super::RequestLine) -> Option<(String, String)> {
    let path = line
        .path
        .strip_suffix("/$count")
        .or_else(|| line.path.strip_suffix("/%24count"))
        .unwrap_or(&line.path);
    let line = super::RequestLine {
        method: line.method,
        host: line.host.clone(),
        path: if path.is_empty() {
            "/".into()
        } else {
            path.to_string()
        },
    };
    if line.route().is_some() || line.operation().is_some() {
        return None;
    }
    let method = line.method.as_str();
    let message = format!("no documented route {method} {}", line.path);
    let with_api = if line
        .path
        .trim_start_matches('/')
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case("api/"))
    {
        line.path.clone()
    } else {
        format!("/api{}", line.path)
    };
    let name = |r: &super::Route| format!("{} {} ({})", r.method.as_str(), r.path_only(), r.name);
    // The path is right but the method is not.
    let here = super::routes::at_path(&with_api);
    if !here.is_empty() {
        let list: Vec<String> = here.iter().map(|r| name(r)).collect();
        return Some((
            message,
            format!(
                "this path takes {}; did you mean {}?",
                methods(&here),
                list.join(" or ")
            ),
        ));
    }
    let help = match nearest_route(&with_api) {
        Some(near) => {
            let routes = super::routes::at_path(&near);
            let same: Vec<String> = routes
                .iter()
                .filter(|r| r.method == line.method)
                .map(|r| name(r))
                .collect();
            let any: Vec<String> = routes.iter().map(|r| name(r)).collect();
            match (same.is_empty(), any.is_empty()) {
                (false, _) => format!("did you mean {}?", same.join(" or ")),
                (true, false) => format!("did you mean {}?", any.join(" or ")),
                (true, true) => format!("did you mean {method} {near}?"),
            }
        }
        None => "mdediag operations lists the documented routes".to_string(),
    };
    Some((message, help))
}

/// `GET` or `GET and POST`: the methods of routes at one path.
fn methods(routes: &[&super::Route]) -> String {
    let mut m: Vec<&str> = routes.iter().map(|r| r.method.as_str()).collect();
    m.sort_unstable();
    m.dedup();
    m.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(line: &str) -> Option<String> {
        super::super::RequestLine::parse(line)
            .and_then(|l| unknown_route(&l))
            .map(|(m, h)| format!("{m} | {h}"))
    }

    #[test]
    fn documented_routes_in_every_form_are_known() {
        for line in [
            "GET /api/machines",
            "GET https://api.securitycenter.microsoft.com/api/v1.0/machines",
            "GET /machines",
            "POST /api/machines/abc/isolate",
            "GET /api/machines/123321d0c675eaa415b8e5f383c6388bff446c62/alerts/$count",
            "POST https://graph.microsoft.com/v1.0/security/runHuntingQuery",
        ] {
            assert_eq!(help(line), None, "{line}");
        }
    }

    #[test]
    fn unknown_routes_name_the_nearest_for_every_method() {
        let got = help("GET /api/machine?$top=5").unwrap_or_default();
        assert_eq!(
            got,
            "no documented route GET /api/machine | did you mean GET /api/machines (list-machines)?"
        );
        let got = help("GET /api/machines/abc/isolate").unwrap_or_default();
        assert!(got.contains("this path takes POST"), "{got}");
        assert!(got.contains("isolate-machine"), "{got}");
        let got = help("POST /api/machines/abc/isolat").unwrap_or_default();
        assert!(
            got.contains("did you mean POST /api/machines/{id}/isolate"),
            "{got}"
        );
        let got = help("DELETE /api/nosuch").unwrap_or_default();
        assert!(
            got.starts_with("no documented route DELETE /api/nosuch"),
            "{got}"
        );
    }
}
