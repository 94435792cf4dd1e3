//! OData: the query options of the collection endpoints (`GET /api/machines?$filter=…`), as data (which
//! entity each returns, its properties in exact case, what `$filter` takes, the `$top` maximum) and as
//! checks of a request line's query string, with positions in the text as given. Nothing here prints.

mod check;
pub(crate) mod diagnose;
pub(crate) mod endpoints;
pub(crate) mod evidence;
pub(crate) mod query;

pub(crate) use endpoints::{find, Endpoint};

use crate::lint::{self, Finding, Rule};
use crate::operations::endpoint::split_request_line;
use crate::operations::RequestLine;

/// A request line's query, checked.
#[derive(Debug)]
pub(crate) struct Checked {
    /// The endpoint's OData facts, when the route has some (the tests read it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub endpoint: Option<Endpoint>,
    /// Findings with 1-based line and column in the text as given (line 1 for a one-line request line).
    pub findings: Vec<Finding>,
}

/// Checks the query string of a request line (`GET https://…/api/machines?$filter=…`, a bare URL or path,
/// `curl -v`'s `> GET /api/… HTTP/1.1`). `None` when the text is no request line.
pub(crate) fn check_request_line(text: &str) -> Option<Checked> {
    let (method, target) = split_request_line(text)?;
    let line = RequestLine::parse(text)?;
    // `target` is a slice of `text`: its offset is where the URL starts.
    let offset = (target.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let endpoint = find(method.as_str(), &line.path);
    let mut findings = match target.find('?') {
        Some(q) => check::check(text, offset + q + 1, offset + target.len(), endpoint),
        None => Vec::new(),
    };
    // A route the docs do not list fails whatever its query says. Only for the Defender for Endpoint API:
    // a Graph or other host's line is not judged against these routes.
    let mde_host = line
        .host
        .as_deref()
        .is_none_or(|h| crate::token::known::Cloud::of_api_host(h).is_some());
    if let Some((message, help)) = mde_host
        .then(|| crate::operations::nearest::unknown_route(&line))
        .flatten()
    {
        let path_end = target.find(['?', '#']).unwrap_or(target.len());
        findings.retain(|f| f.id != Rule::OdataNoFacts);
        findings.push(
            Finding::new(
                Rule::UnknownRoute,
                lint::Span::new(offset, offset + path_end),
                message,
            )
            .help(help),
        );
    }
    lint::locate(text, &mut findings);
    Some(Checked { endpoint, findings })
}

/// The request line with every safe fix applied, and how many went in.
pub(crate) fn fixed(text: &str, findings: &[Finding]) -> (String, usize) {
    lint::fix::apply(text, findings)
}

#[cfg(test)]
mod tests;
