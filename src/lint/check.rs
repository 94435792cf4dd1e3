//! The checks: walk the parsed body alongside the operation's parameter schema, nested items included.

use super::json::{is_integer, Member, Node, Span, Value};
use super::{cross, kind_text, values, Finding, Rule, Severity};
use crate::operations::{
    DependentCase, Depends, Kind, Param, Required, Route, ValueFormat, CROSS_RULES,
};
use crate::suggest::{self, Match};

/// Walks one body.
pub(super) struct BodyChecker<'s> {
    src: &'s str,
    op: &'static Route,
    now: i64,
    findings: Vec<Finding>,
    /// Where the walk is, in the body's own spelling (`Indicators[2]`), for messages inside items.
    path: Vec<String>,
    /// Where the walk is in the schema (`Indicators[]`), to find the cross-field rules of an object.
    at: Vec<String>,
}

/// How a key was matched to a parameter.
enum ParamMatch<'p> {
    Exact(&'p Param),
    /// A spelling the docs use besides the table's.
    Also(&'p Param),
    Case(&'p Param),
    Typo(&'p Param),
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// What to do about a body that is no object: a string holding an object was encoded twice.
fn double_encoded_help(value: &Value, op: &str) -> String {
    match value {
        Value::String(s) if s.trim_start().starts_with('{') => "this string holds the JSON object: the body was encoded twice (json.dumps of a JSON string, requests' json= given a string, ConvertTo-Json of JSON text); send the object itself".to_string(),
        _ => format!("send {{...}} with the parameters of {op}"),
    }
}

/// The one allowed value that holds `s` as a part, ignoring case: `Domain` → `DomainName`, `Sha256` →
/// `FileSha256`, `Allow` → `Allowed` (too far apart for an edit distance, yet plainly meant).
fn part_of_one(s: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let lower = s.to_ascii_lowercase();
    if lower.len() < 2 || !lower.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut holding = allowed
        .iter()
        .filter(|v| v.to_ascii_lowercase().contains(&lower));
    match (holding.next(), holding.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// A value quoted in a message, cut after 60 characters.
fn clip(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn list(values: &[&str]) -> String {
    values.join(", ")
}

impl BodyChecker<'_> {
    pub(super) fn run(src: &str, body: &Node, op: &'static Route, now: i64) -> Vec<Finding> {
        let mut c = BodyChecker {
            src,
            op,
            now,
            findings: Vec::new(),
            path: Vec::new(),
            at: Vec::new(),
        };
        match &body.value {
            Value::Object(_) => c.object(body, op.params(), &mut Vec::new()),
            other => c.push(
                Finding::new(
                    Rule::WrongType,
                    body.span,
                    format!("the body must be a JSON object, not {}", other.type_name()),
                )
                .help(double_encoded_help(&body.value, op.name)),
            ),
        }
        c.findings
    }

    /// The 1-based `line:column` of a byte offset, for messages that point at a second place.
    fn position_of(&self, offset: usize) -> String {
        let (line, column) = crate::lint::json::LineIndex::new(self.src).position(offset);
        format!("{line}:{column}")
    }

    fn push(&mut self, mut f: Finding) {
        if !self.path.is_empty() {
            f.message = format!("{}: {}", self.path.join("."), f.message);
        }
        // An import answers 200 whatever its items hold: a bad item fails alone, in the per-item results.
        if self.op.name == "import-indicators"
            && self.path.len() == 1
            && (f.would_cause.is_some() || f.severity == Severity::Error)
        {
            f.would_cause = None;
            let item = "the import still answers 200; this item fails alone, with isFailed true and a failureReason in the response's per-item results";
            f.help = Some(match f.help.take() {
                Some(h) => format!("{h}; {item}"),
                None => item.to_string(),
            });
        }
        self.findings.push(f);
    }

    /// Checks one object against `schema`; `ancestors` are the enclosing objects, nearest last.
    fn object<'a>(
        &mut self,
        node: &'a Node,
        schema: &'static [Param],
        ancestors: &mut Vec<&'a [Member]>,
    ) {
        let Value::Object(members) = &node.value else {
            return;
        };
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for m in members {
            let Some(resolved) = self.resolve(m, schema) else {
                continue;
            };
            let p = match resolved {
                ParamMatch::Exact(p)
                | ParamMatch::Also(p)
                | ParamMatch::Case(p)
                | ParamMatch::Typo(p) => p,
            };
            if let Some((_, first)) = seen.iter().find(|(name, _)| *name == p.name) {
                let first = *first;
                self.push(
                    Finding::new(
                        Rule::DuplicateKey,
                        m.key_span,
                        format!("`{}` is given twice in this object", m.key),
                    )
                    .help(format!(
                        "keep one: the first is at {}, and which one the service takes is not defined",
                        self.position_of(first.start)
                    )),
                );
            } else {
                seen.push((p.name, m.key_span));
            }
            self.value(&m.value, p, &m.key, members, ancestors);
        }
        for p in schema.iter().filter(|p| p.required == Required::Yes) {
            if !seen.iter().any(|(name, _)| *name == p.name) {
                self.push(
                    Finding::new(
                        Rule::MissingRequired,
                        Span::new(node.span.start, node.span.start + 1),
                        format!("missing required parameter `{}`", p.name),
                    )
                    .help(format!("add \"{}\": {}", p.name, kind_text(p.kind))),
                );
            }
        }
        self.cross(node, members);
    }

    /// The cross-field rules of this object (from `operations::CROSS_RULES`).
    fn cross(&mut self, node: &Node, members: &[Member]) {
        let at = self.at.join(".");
        let head = Span::new(node.span.start, node.span.start + 1);
        for rule in CROSS_RULES
            .iter()
            .filter(|r| r.at == at && r.operations.contains(&self.op.name))
        {
            let Some(span) = cross::breach(&rule.check, members, head) else {
                continue;
            };
            // A value already reported as wrong (a misspelled action) is one problem, not two.
            if self.findings.iter().any(|f| {
                f.severity == Severity::Error
                    && f.at.span.start < span.end.max(span.start + 1)
                    && span.start < f.at.span.end
            }) {
                continue;
            }
            let mut f = Finding::new(Rule::CrossField, span, rule.message.to_string())
                .help(format!("from the docs: {}", rule.source));
            f.would_cause = rule.would_cause;
            if !rule.error {
                f.severity = Severity::Warning;
            }
            self.push(f);
        }
    }

    /// Matches a key to a parameter, reporting case slips, typos, other documented spellings and unknown keys.
    fn resolve(&mut self, m: &Member, schema: &'static [Param]) -> Option<ParamMatch<'static>> {
        let key = m.key.as_str();
        if let Some(p) = schema
            .iter()
            .find(|p| !p.undocumented.is_empty() && (p.name == key || p.also.contains(&key)))
        {
            self.push(
                Finding::new(
                    Rule::UndocumentedKey,
                    m.key_span,
                    format!(
                        "`{key}` is not in the parameter table of {}, but the service takes it",
                        self.op.name
                    ),
                )
                .help(format!("evidence: {}", p.undocumented)),
            );
            return Some(ParamMatch::Exact(p));
        }
        if let Some(p) = schema.iter().find(|p| p.name == key) {
            return Some(ParamMatch::Exact(p));
        }
        if let Some(p) = schema.iter().find(|p| p.also.contains(&key)) {
            self.push(
                Finding::new(
                    Rule::DocSpelling,
                    m.key_span,
                    format!(
                        "`{key}` is how the docs' example spells it; their parameter table says `{}`",
                        p.name
                    ),
                )
                .help("both spellings come from the docs; if the service ignores this one, use the table's"),
            );
            return Some(ParamMatch::Also(p));
        }
        let spellings = schema
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.also.iter().copied()));
        let owner = |s: &str| schema.iter().find(|p| p.name == s || p.also.contains(&s));
        // A key the service does not know is dropped: only a required one then gets an error response.
        let would_cause =
            |p: &Param| (p.required == Required::Yes).then_some("MissingRequiredParameter");
        match suggest::closest(key, spellings) {
            Some(Match::Case(s)) => {
                let p = owner(s)?;
                let mut f = Finding::new(
                    Rule::KeyCase,
                    m.key_span,
                    format!(
                        "`{key}` should be `{}`: body keys are case-sensitive",
                        p.name
                    ),
                )
                .help(format!("write `{}`", p.name))
                .fix(m.key_span, quoted(p.name), true);
                f.would_cause = would_cause(p);
                self.push(f);
                Some(ParamMatch::Case(p))
            }
            Some(Match::Typo(s)) => {
                let p = owner(s)?;
                let mut f = Finding::new(
                    Rule::KeyTypo,
                    m.key_span,
                    format!("unknown key `{key}`; did you mean `{}`?", p.name),
                )
                .help(format!("write `{}`", p.name))
                .fix(m.key_span, quoted(p.name), false);
                f.would_cause = would_cause(p);
                self.push(f);
                Some(ParamMatch::Typo(p))
            }
            None => {
                let names: Vec<&str> = schema
                    .iter()
                    .filter(|p| p.undocumented.is_empty())
                    .map(|p| p.name)
                    .collect();
                self.push(
                    Finding::new(
                        Rule::UnknownKey,
                        m.key_span,
                        format!("`{key}` is not a parameter {}", self.where_text(schema)),
                    )
                    .help(format!("known keys: {}", list(&names))),
                );
                None
            }
        }
    }

    fn where_text(&self, schema: &'static [Param]) -> String {
        if std::ptr::eq(schema, self.op.params()) {
            format!("of {}", self.op.name)
        } else {
            "of this item".to_string()
        }
    }

    /// Checks one value against its parameter; `label` is the key as the body spells it.
    fn value<'a>(
        &mut self,
        node: &'a Node,
        p: &'static Param,
        label: &str,
        siblings: &'a [Member],
        ancestors: &mut Vec<&'a [Member]>,
    ) {
        let wrong = |got: &Value| {
            format!(
                "`{label}` takes {}, not {}",
                kind_text(p.kind),
                got.type_name()
            )
        };
        match (p.kind, &node.value) {
            // null on an optional field means "not set": integrations send it and the service takes it.
            (_, Value::Null) if p.nullable || p.required != Required::Yes => {}
            (_, Value::Null) => self.push(
                Finding::new(
                    Rule::MissingRequired,
                    node.span,
                    format!("`{label}` is required; null counts as not set"),
                )
                .help(format!("send {}", kind_text(p.kind))),
            ),
            // A flag the docs type as the strings True/False while the service's own JSON carries a boolean
            // (the route's note holds the evidence): another spelling of the string is mended to the
            // boolean, not to the other string.
            (Kind::BooleanOrString, Value::String(s))
                if !p.values.contains(&s.as_str())
                    && (s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")) =>
            {
                let literal = s.to_ascii_lowercase();
                // The docs' own prose writes TRUE, so the service may take the string: a warning that
                // predicts no error code.
                let mut finding = Finding::new(
                        Rule::EnumCase,
                        node.span,
                        format!(
                            "`{label}` is the string \"{s}\": the docs list only {}; send the JSON boolean {literal}",
                            list(p.values)
                        ),
                    )
                    .help(format!(
                        "write {literal} without quotes: the service's own JSON carries a boolean (evidence: mdediag operations {})",
                        self.op.name
                    ))
                    .fix(node.span, literal, false);
                finding.severity = Severity::Warning;
                finding.would_cause = None;
                self.push(finding);
            }
            // PowerShell cut the object here: name the cause, whatever the parameter's type.
            (_, Value::String(s)) if values::is_powershell_depth_cut(s) => {
                self.depth_cut(s, node.span, p, label);
            }
            (Kind::String | Kind::StringOrArray | Kind::BooleanOrString, Value::String(s)) => {
                self.string(s, node.span, p, label, siblings, ancestors);
            }
            (Kind::Integer, Value::Number(n)) if is_integer(n) => {}
            (Kind::Boolean | Kind::BooleanOrString, Value::Bool(_)) => {}
            (Kind::Boolean, Value::String(s))
                if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
            {
                let literal = s.to_ascii_lowercase();
                self.push(
                    Finding::new(Rule::WrongType, node.span, wrong(&node.value))
                        .help(format!("send {literal} without quotes"))
                        .fix(node.span, literal, false),
                );
            }
            (Kind::Array | Kind::StringOrArray, Value::Array(items)) => {
                self.array(node, items, p, label, siblings, ancestors);
            }
            (Kind::Object, Value::Object(_)) => {
                if let Some(schema) = p.items {
                    ancestors.push(siblings);
                    self.path.push(label.to_string());
                    self.at.push(p.name.to_string());
                    self.object(node, schema, ancestors);
                    self.at.pop();
                    self.path.pop();
                    ancestors.pop();
                }
            }
            (_, got) => self.push(Finding::new(Rule::WrongType, node.span, wrong(got))),
        }
    }

    /// A type name where `ConvertTo-Json` stopped at its depth.
    fn depth_cut(&mut self, s: &str, span: Span, p: &'static Param, label: &str) {
        let mut f = Finding::new(
            Rule::WrongType,
            span,
            format!(
                "`{label}` holds \"{}\": PowerShell's ConvertTo-Json wrote a type name where {} should be, as it stops at -Depth 2 by default",
                clip(s),
                kind_text(p.kind)
            ),
        )
        .help("convert with ConvertTo-Json -Depth 10 (any depth beyond the body's nesting)");
        // A string parameter takes the text as it is: the call goes through with the wrong value.
        if matches!(
            p.kind,
            Kind::String | Kind::StringOrArray | Kind::BooleanOrString
        ) {
            f.would_cause = None;
        }
        self.push(f);
    }

    fn array<'a>(
        &mut self,
        node: &'a Node,
        items: &'a [Node],
        p: &'static Param,
        label: &str,
        siblings: &'a [Member],
        ancestors: &mut Vec<&'a [Member]>,
    ) {
        if let Some(max) = p.max_items {
            if items.len() > max {
                let requests = items.len().div_ceil(max);
                self.push(
                    Finding::new(
                        Rule::BatchTooLarge,
                        node.span,
                        format!(
                            "`{label}` holds {} items; one call takes at most {max}",
                            items.len()
                        ),
                    )
                    .help(format!(
                        "split into {requests} requests of at most {max} items each"
                    )),
                );
            }
        }
        if items.is_empty() && p.required == Required::Yes {
            self.push(Finding::new(
                Rule::EmptyValue,
                node.span,
                format!("`{label}` is required but empty"),
            ));
        }
        let scalar_checks =
            !p.values.is_empty() || p.format != ValueFormat::None || p.kind == Kind::StringOrArray;
        for (i, item) in items.iter().enumerate() {
            let item_label = format!("{label}[{i}]");
            match (&item.value, p.items) {
                (Value::Object(_), Some(schema)) => {
                    ancestors.push(siblings);
                    self.path.push(item_label);
                    self.at.push(format!("{}[]", p.name));
                    self.object(item, schema, ancestors);
                    self.at.pop();
                    self.path.pop();
                    ancestors.pop();
                }
                (other, Some(_)) => self.push(Finding::new(
                    Rule::WrongType,
                    item.span,
                    format!(
                        "`{item_label}` must be an object, not {}",
                        other.type_name()
                    ),
                )),
                (Value::String(s), None) if scalar_checks || s.trim().is_empty() => {
                    self.string(s, item.span, p, &item_label, siblings, ancestors)
                }
                (other, None) if scalar_checks => self.push(Finding::new(
                    Rule::WrongType,
                    item.span,
                    format!("`{item_label}` must be a string, not {}", other.type_name()),
                )),
                _ => {}
            }
        }
    }

    /// The case of `dep` that applies: the deciding key's value in this object or the nearest enclosing one.
    fn case_of(
        dep: &'static Depends,
        siblings: &[Member],
        ancestors: &[&[Member]],
    ) -> Option<&'static DependentCase> {
        let objects = std::iter::once(siblings).chain(ancestors.iter().rev().copied());
        for members in objects {
            let member = members
                .iter()
                .find(|m| m.key == dep.on)
                .or_else(|| members.iter().find(|m| m.key.eq_ignore_ascii_case(dep.on)));
            if let Some(m) = member {
                let Value::String(v) = &m.value.value else {
                    return None;
                };
                return dep
                    .cases
                    .iter()
                    .find(|c| c.when == v)
                    .or_else(|| dep.cases.iter().find(|c| c.when.eq_ignore_ascii_case(v)));
            }
        }
        None
    }

    fn string(
        &mut self,
        s: &str,
        span: Span,
        p: &'static Param,
        label: &str,
        siblings: &[Member],
        ancestors: &[&[Member]],
    ) {
        if s.trim().is_empty() {
            // Empty is no value: an error where one is required, or where only certain values (an enum, an
            // id, a hash) can mean anything. An optional free-text field may be empty.
            let item = label.ends_with(']');
            let shaped =
                !p.values.is_empty() || p.format != ValueFormat::None || p.depends.is_some();
            if p.required == Required::Yes || shaped || item {
                let mut f = Finding::new(
                    Rule::EmptyValue,
                    span,
                    if item {
                        format!("`{label}` is an empty string")
                    } else if p.required == Required::Yes {
                        format!("`{label}` is required but empty")
                    } else {
                        format!("`{label}` is empty; it takes {}", Self::expects(p))
                    },
                );
                if p.required != Required::Yes {
                    f.would_cause = None;
                }
                if item {
                    f = f.help("remove the empty item, or fill it in");
                }
                self.push(f);
            }
            return;
        }
        let case = p
            .depends
            .and_then(|d| Self::case_of(d, siblings, ancestors));
        let allowed: &[&str] = match case {
            Some(c) if !c.values.is_empty() => c.values,
            _ => p.values,
        };
        if !allowed.is_empty() {
            let context = match (case, p.depends) {
                (Some(c), Some(d)) if !c.values.is_empty() => {
                    format!(" when `{}` is {}", d.on, c.when)
                }
                _ => String::new(),
            };
            self.enumerated(s, span, p, label, allowed, &context);
        }
        let format = match (p.format, case) {
            (_, Some(c)) if c.format != ValueFormat::None => c.format,
            (ValueFormat::IndicatorValue, _) => ValueFormat::None,
            (f, _) => f,
        };
        self.format(s, span, p, label, format, case);
    }

    /// What a shaped parameter takes, for the empty-string message.
    fn expects(p: &Param) -> String {
        if !p.values.is_empty() {
            format!("one of {}", list(p.values))
        } else if p.format != ValueFormat::None {
            format!("a {}", p.format.describe())
        } else {
            "a value".to_string()
        }
    }

    fn enumerated(
        &mut self,
        s: &str,
        span: Span,
        p: &'static Param,
        label: &str,
        allowed: &'static [&'static str],
        context: &str,
    ) {
        if allowed.contains(&s) {
            return;
        }
        if p.also_values.contains(&s) {
            let mut finding = Finding::new(
                Rule::DocSpelling,
                span,
                format!(
                    "`{s}` is another spelling the docs give for `{label}`; its table lists {}",
                    list(allowed)
                ),
            );
            // Where the docs disagree with themselves, the table says why.
            if !p.note.is_empty() {
                finding = finding.help(p.note);
            }
            self.push(finding);
            return;
        }
        let near = suggest::closest(s, allowed.iter().chain(p.also_values).copied())
            .or_else(|| part_of_one(s, allowed).map(Match::Typo));
        match near {
            Some(Match::Case(v)) => self.push(
                Finding::new(
                    Rule::EnumCase,
                    span,
                    format!("`{s}` should be `{v}`: values are case-sensitive"),
                )
                .help(format!("write \"{v}\""))
                .fix(span, quoted(v), true),
            ),
            Some(Match::Typo(v)) => self.push(
                Finding::new(
                    Rule::EnumValue,
                    span,
                    format!(
                        "`{s}` is not an allowed value of `{label}`{context}; did you mean `{v}`?"
                    ),
                )
                .help(format!("allowed: {}", list(allowed)))
                .fix(span, quoted(v), false),
            ),
            None => self.push(
                Finding::new(
                    Rule::EnumValue,
                    span,
                    format!("`{s}` is not an allowed value of `{label}`{context}"),
                )
                .help(format!("allowed: {}", list(allowed))),
            ),
        }
    }

    fn format(
        &mut self,
        s: &str,
        span: Span,
        p: &'static Param,
        label: &str,
        format: ValueFormat,
        case: Option<&'static DependentCase>,
    ) {
        let name = label;
        let (rule, problem) = match format {
            ValueFormat::None | ValueFormat::IndicatorValue => return,
            ValueFormat::Sha1 | ValueFormat::Thumbprint => {
                (Rule::InvalidHash, values::check_hex(s, 40))
            }
            ValueFormat::Sha256 => (Rule::InvalidHash, values::check_hex(s, 64)),
            ValueFormat::Md5 => (Rule::InvalidHash, values::check_hex(s, 32)),
            ValueFormat::Ip => (Rule::InvalidIp, values::check_ip(s)),
            ValueFormat::Domain => (Rule::InvalidDomain, values::check_domain(s)),
            ValueFormat::Url => (Rule::InvalidUrl, values::check_absolute_url(s)),
            ValueFormat::UrlIndicator => (Rule::InvalidUrl, values::check_url_indicator(s)),
            ValueFormat::Guid => (Rule::InvalidId, values::check_guid(s)),
            ValueFormat::MachineId => (Rule::InvalidId, values::check_machine_id(s)),
            ValueFormat::DateTime | ValueFormat::FutureDateTime => {
                match crate::time::parse_iso8601(s) {
                    // A right shape with an impossible value names the value (month 13), as OData does.
                    None => (
                        Rule::InvalidDatetime,
                        Some(match crate::time::calendar_problem(s) {
                            Some(problem) => format!("is no real date-time: {problem}"),
                            None => "is not an ISO 8601 date-time (e.g. 2025-12-31T00:00:00Z)"
                                .to_string(),
                        }),
                    ),
                    Some(t) if format == ValueFormat::FutureDateTime && t <= self.now => {
                        self.push(
                            Finding::new(
                                Rule::Expired,
                                span,
                                format!("`{name}` {s} lies in the past"),
                            )
                            .help("set a time in the future, or leave the key out for no expiry"),
                        );
                        return;
                    }
                    Some(_) => return,
                }
            }
            ValueFormat::ScriptArgs => {
                let found = values::unsafe_arg_chars(s);
                if found.is_empty() {
                    return;
                }
                let shown: Vec<String> = found.iter().map(|c| format!("`{c}`")).collect();
                self.push(
                    Finding::new(
                        Rule::UnsafeScriptArgs,
                        span,
                        format!(
                            "script arguments contain {}, which live response refuses",
                            shown.join(" ")
                        ),
                    )
                    .help("pass plain arguments and do the rest inside the script"),
                );
                return;
            }
        };
        let Some(problem) = problem else { return };
        let subject = match case {
            Some(c) => format!("`{name}` (for {})", c.when),
            None => format!("`{name}`"),
        };
        let mut f = Finding::new(rule, span, format!("{subject} {problem}"));
        if rule == Rule::InvalidHash {
            // Name the indicator type whose hash length the value has, when the deciding data offers one.
            let better = p.depends.and_then(|d| {
                d.cases.iter().find(|c| {
                    let len = match c.format {
                        ValueFormat::Md5 => 32,
                        ValueFormat::Sha1 => 40,
                        ValueFormat::Sha256 => 64,
                        _ => 0,
                    };
                    len == s.len() && s.bytes().all(|b| b.is_ascii_hexdigit())
                })
            });
            f = match (better, p.depends) {
                (Some(c), Some(d)) => f.help(format!(
                    "set `{}` to {}, or send the matching hash",
                    d.on, c.when
                )),
                _ => f.help(format!("send {}", format.describe())),
            };
        }
        self.push(f);
    }
}
