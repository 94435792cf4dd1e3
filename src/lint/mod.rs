//! Lint: a request body + an operation → findings (plain data with line:column, a fix where one is safe, and
//! the API error the body would have caused). Nothing here prints.

mod check;
mod cross;
pub mod fix;
pub mod json;
pub(crate) mod rules;
mod values;

pub(crate) use crate::finding::{Located, Span};
pub(crate) use json::LineIndex;
pub(crate) use rules::{Evidence, RULES};
pub use rules::{Rule, Severity};

use crate::operations::{Kind, Param, Required, Route};

/// One problem found in a body or a query: the shared finding, keyed by the lint rule and located.
pub type Finding = crate::finding::Finding<Rule, Located>;

impl Finding {
    /// A finding with the rule's default severity and predicted error; position filled in by [`locate`].
    pub(crate) fn new(rule: Rule, span: Span, message: String) -> Finding {
        let info = rule.info();
        Finding {
            id: rule,
            severity: info.severity,
            message,
            help: None,
            at: Located::from(span),
            fix: None,
            would_cause: info.would_cause,
            operation: None,
        }
    }
}

impl Finding {
    /// Marks the finding as resting on `evidence` (with `source`, a docs page or a public client): the
    /// message names the level, the severity is capped by it, and only "the docs say so" predicts an error.
    pub(crate) fn rests_on(mut self, evidence: Evidence, source: &str) -> Finding {
        self.severity = self.severity.min(evidence.ceiling());
        if evidence != Evidence::DocsSay {
            self.would_cause = None;
        }
        self.message = if source.is_empty() {
            format!("{} ({})", self.message, evidence.as_str())
        } else {
            format!("{} ({}: {source})", self.message, evidence.as_str())
        };
        self
    }
}

/// Fills in line and column of each finding and sorts them by position.
pub(crate) fn locate(src: &str, findings: &mut [Finding]) {
    let index = LineIndex::new(src);
    for f in findings.iter_mut() {
        // Messages quote values from the body: a bearer token or SAS signature there is never echoed.
        f.message = crate::redact::scrubbed(&f.message);
        f.help = f.help.as_deref().map(crate::redact::scrubbed);
        (f.at.line, f.at.column) = index.position(f.at.span.start);
        (f.at.end_line, f.at.end_column) = index.position(f.at.span.end.max(f.at.span.start));
    }
    findings.sort_by_key(|f| (f.at.span.start, std::cmp::Reverse(f.severity)));
}

/// Most syntax slips mended in one body before giving up (each is a trailing comma or a comment).
const MAX_REPAIRS: usize = 64;

/// A body parsed as far as recovery allows.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The body, when it parsed (possibly after blanking out trailing commas and comments, which keeps every
    /// byte offset, so spans point into the original text).
    pub(crate) body: Option<json::Node>,
    /// One `invalid-json` finding per slip; the mendable ones carry a safe fix.
    pub(crate) syntax: Vec<Finding>,
}

fn syntax_finding(e: &json::ParseError) -> Finding {
    let message = match e.cause {
        Some(cause) => format!("invalid JSON: {}; likely cause: {cause}", e.message),
        None => format!("invalid JSON: {}", e.message),
    };
    Finding::new(Rule::InvalidJson, e.span, message)
}

/// Parses the body, reporting every syntax slip recovery allows: a trailing comma or a comment is noted
/// (with a safe fix), blanked out, and parsing goes on; any other error ends it.
pub(crate) fn parse_recovering(src: &str) -> Parsed {
    let mut text = src.to_string();
    let mut syntax = Vec::new();
    for _ in 0..MAX_REPAIRS {
        match json::parse(&text) {
            Ok(node) => {
                locate(src, &mut syntax);
                return Parsed {
                    body: Some(node),
                    syntax,
                };
            }
            Err(e) => {
                let mut f = syntax_finding(&e);
                let repair = json::repair(&text, &e);
                if let Some(r) = repair {
                    let what = if !r.insert.is_empty() {
                        "add a comma after the previous item (or the value that is missing)"
                    } else if src.as_bytes().get(r.blank.start) == Some(&b',') {
                        "remove the comma"
                    } else {
                        "remove the comment"
                    };
                    f = f.help(what).fix(r.remove, r.insert.to_string(), r.safe);
                }
                syntax.push(f);
                let Some(r) = repair else { break };
                // Same-length ASCII replacements keep every byte offset and every char boundary.
                let mut bytes = std::mem::take(&mut text).into_bytes();
                for b in &mut bytes[r.blank.start..r.blank.end] {
                    if *b != b'\n' || r.fill != b' ' {
                        *b = r.fill;
                    }
                }
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
    }
    locate(src, &mut syntax);
    Parsed { body: None, syntax }
}

/// Parses the body; the first syntax error becomes an `invalid-json` finding.
pub fn parse_body(src: &str) -> Result<json::Node, Box<Finding>> {
    json::parse(src).map_err(|e| {
        let mut f = syntax_finding(&e);
        locate(src, std::slice::from_mut(&mut f));
        Box::new(f)
    })
}

/// A finding for bytes that are not UTF-8, at the first bad byte.
pub fn not_utf8(bytes: &[u8], err: std::str::Utf8Error) -> Finding {
    let good = &bytes[..err.valid_up_to()];
    let text = String::from_utf8_lossy(good);
    let mut f = Finding::new(
        Rule::InvalidJson,
        Span::new(err.valid_up_to(), err.valid_up_to() + 1),
        "invalid JSON: the body is not UTF-8 text".to_string(),
    )
    .help("save the body as UTF-8");
    let index = LineIndex::new(&text);
    (f.at.line, f.at.column) = index.position(text.len());
    (f.at.end_line, f.at.end_column) = (f.at.line, f.at.column + 1);
    f
}

/// Checks a parsed body against `op`. `now` (Unix seconds) judges expiry times.
pub(crate) fn check(src: &str, body: &json::Node, op: &'static Route, now: i64) -> Vec<Finding> {
    let mut findings = check::BodyChecker::run(src, body, op, now);
    for f in &mut findings {
        f.operation = Some(op.name);
    }
    locate(src, &mut findings);
    findings
}

/// Parses (recovering from trailing commas and comments) and checks `src` against `op`.
pub fn lint(src: &str, op: &'static Route, now: i64) -> Vec<Finding> {
    let parsed = parse_recovering(src);
    let mut findings = match &parsed.body {
        Some(body) => check(src, body, op, now),
        None => Vec::new(),
    };
    for mut f in parsed.syntax {
        f.operation = Some(op.name);
        findings.push(f);
    }
    findings.sort_by_key(|f| (f.at.span.start, std::cmp::Reverse(f.severity)));
    findings
}

/// The result of guessing the operation from a body's keys.
#[derive(Debug)]
pub enum Inference {
    Found(&'static Route),
    /// Several operations fit equally well.
    Tie(Vec<&'static Route>),
    /// No operation takes any of the keys (or the body is no object).
    NoMatch,
}

/// Guesses the operation: most top-level keys matching its parameters ignoring case, then fewest
/// required parameters missing.
pub fn infer(body: &json::Node) -> Inference {
    let json::Value::Object(members) = &body.value else {
        return Inference::NoMatch;
    };
    // Keys beyond the table (`id`, `createdBy`) are too generic to tell operations apart.
    let spelled = |p: &Param, key: &str| {
        p.undocumented.is_empty()
            && (p.name.eq_ignore_ascii_case(key)
                || p.also.iter().any(|a| a.eq_ignore_ascii_case(key)))
    };
    let mut scored: Vec<((usize, usize), &'static Route)> = crate::operations::with_body()
        .filter(|op| op.body_kind() == Some(crate::operations::BodyKind::Json))
        .map(|op| {
            let matched = op
                .params()
                .iter()
                .filter(|p| members.iter().any(|m| spelled(p, &m.key)))
                .count();
            let missing = op
                .params()
                .iter()
                .filter(|p| {
                    p.required == Required::Yes && !members.iter().any(|m| spelled(p, &m.key))
                })
                .count();
            ((matched, missing), op)
        })
        .filter(|((matched, _), _)| *matched > 0)
        .collect();
    scored.sort_by_key(|((matched, missing), _)| (std::cmp::Reverse(*matched), *missing));
    let Some(&(best, first)) = scored.first() else {
        return Inference::NoMatch;
    };
    let tied: Vec<&'static Route> = scored
        .iter()
        .filter(|(score, _)| *score == best)
        .map(|(_, op)| *op)
        .collect();
    if tied.len() > 1 {
        Inference::Tie(tied)
    } else {
        Inference::Found(first)
    }
}

/// A note saying which operation was inferred, placed at the body's start.
pub(crate) fn inferred_note(src: &str, op: &'static Route) -> Finding {
    let mut f = Finding::new(
        Rule::InferredOperation,
        Span::new(0, 0),
        format!(
            "checked against {} ({} {}), inferred from the keys",
            op.name,
            op.method.as_str(),
            op.path
        ),
    )
    .help(format!("pass --operation {} to make it explicit", op.name));
    f.operation = Some(op.name);
    let start = src.len() - src.trim_start().len();
    f.at.span = Span::new(start, start);
    locate(src, std::slice::from_mut(&mut f));
    f
}

/// A note for an operation whose body is not JSON (library upload: multipart form).
pub(crate) fn not_linted_note(op: &'static Route) -> Finding {
    let mut f = Finding::new(
        Rule::NotLinted,
        Span::new(0, 0),
        format!(
            "{} takes multipart/form-data, not JSON: the body was not checked",
            op.name
        ),
    )
    .help(format!(
        "see mdediag operations {} for its form fields",
        op.name
    ));
    f.operation = Some(op.name);
    (f.at.line, f.at.column, f.at.end_line, f.at.end_column) = (1, 1, 1, 1);
    f
}

/// How a parameter's JSON type is described in messages.
pub(crate) fn kind_text(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "a string",
        Kind::Integer => "a whole number",
        Kind::Boolean => "a boolean (true or false)",
        Kind::Array => "an array",
        Kind::Object => "an object",
        Kind::StringOrArray => "a string or an array of strings",
        Kind::BooleanOrString => "a boolean or the string \"True\"/\"False\"",
    }
}

/// The current time in Unix seconds (0 if the clock is before 1970).
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod value_tests;
