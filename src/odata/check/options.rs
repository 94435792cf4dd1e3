//! The query options one by one (`$filter`, `$top`, `$skip`, `$count`, `$expand`, `$select`, `$orderby`), and
//! the encoding slips that break a filter.

use super::{PropertyIn, QueryChecker};
use crate::lint::{Finding, Rule, Severity, Span};
use crate::odata::endpoints::Opt;
use crate::odata::query::{self, DChar, LitKind};
use crate::suggest;

impl QueryChecker<'_> {
    pub(super) fn option(&mut self, opt: Opt, p: &query::QueryParam) {
        match opt {
            Opt::Filter => self.filter_option(p),
            Opt::Top | Opt::Skip => self.number_option(opt, p),
            Opt::Count => {
                let value = query::text(&p.value);
                if !matches!(value.as_str(), "true" | "false") {
                    let vspan = query::span_of(&p.value, p.value_span.start);
                    self.push(Finding::new(
                        Rule::OdataValueType,
                        vspan,
                        format!("$count takes true or false, not `{value}`"),
                    ));
                }
            }
            Opt::Expand => self.expand_option(p),
            Opt::Select | Opt::OrderBy => self.list_option(opt, p),
            Opt::SkipToken => {}
        }
    }

    /// `$filter`: parsed and checked, or its syntax error (an encoding slip that breaks it is the cause).
    fn filter_option(&mut self, p: &query::QueryParam) {
        let chars = self.zone_offsets(&p.value);
        match query::parse_filter(&chars, p.value_span.start) {
            Ok(e) => self.expr(&e),
            Err(err) => {
                // A filter that fails only because a layer encoded it wrongly: the encoding is the
                // cause to report, and the filter as meant is still checked.
                if let Some((mended, causes)) = self.encoding_cause(&chars) {
                    if let Ok(e) = query::parse_filter(&mended, p.value_span.start) {
                        for f in causes {
                            self.push(f);
                        }
                        self.expr(&e);
                        return;
                    }
                }
                let mut f = Finding::new(
                    Rule::OdataSyntax,
                    err.span,
                    format!("$filter: {}", err.message),
                )
                .help(err.help);
                if let Some(fix) = err.fix {
                    // An inserted space is written as the query writes its other spaces.
                    let fix = if fix == " " {
                        self.space().to_string()
                    } else {
                        fix
                    };
                    f = f.fix(err.span, fix, true);
                }
                self.push(f);
            }
        }
    }

    /// `$top` and `$skip`: a whole number, `$top` at most the page's maximum.
    fn number_option(&mut self, opt: Opt, p: &query::QueryParam) {
        let value = query::text(&p.value);
        let vspan = query::span_of(&p.value, p.value_span.start);
        let trimmed = value.trim();
        let Ok(n) = trimmed.parse::<u64>() else {
            self.push(
                Finding::new(
                    Rule::OdataValueType,
                    vspan,
                    format!("{} takes a whole number, not `{value}`", opt.name()),
                )
                .help(format!("write e.g. {}=100", opt.name())),
            );
            return;
        };
        if opt == Opt::Top {
            if let Some(max) = self.ep.and_then(|e| e.top_max) {
                if n > u64::from(max) {
                    let ep = self.ep.map(|e| e.key()).unwrap_or_default();
                    self.push(
                        Finding::new(Rule::OdataTopExceeded, vspan, format!("$top={n} is above the maximum of {max} for {ep}"))
                            .help(format!("ask for at most {max} per request and fetch the rest page by page: follow @odata.nextLink when the response has one, else raise $skip by {max}"))
                            .fix(vspan, max.to_string(), true),
                    );
                }
            }
        }
    }

    /// `$expand`: each item one of the endpoint's expandable names.
    fn expand_option(&mut self, p: &query::QueryParam) {
        let Some(ep) = self.ep.filter(|e| !e.expand.is_empty()) else {
            return;
        };
        for (item, span) in items(&p.value) {
            let name = item.trim();
            if ep.expand.contains(&name) {
                continue;
            }
            match suggest::closest(name, ep.expand.iter().copied()) {
                Some(suggest::Match::Case(v)) => self.push(
                    Finding::new(
                        Rule::OdataPropertyCase,
                        span,
                        format!("`{name}` should be `{v}`: names are case-sensitive"),
                    )
                    .help(format!("write `{v}`"))
                    .fix(span, v.to_string(), true),
                ),
                _ => self.push(
                    Finding::new(
                        Rule::OdataUnknownProperty,
                        span,
                        format!("$expand takes {}, not `{name}`", ep.expand.join(", ")),
                    )
                    .help(format!("write $expand={}", ep.expand.join(","))),
                ),
            }
        }
    }

    /// `$select` and `$orderby`: each item a property, `$orderby`'s with asc or desc.
    fn list_option(&mut self, opt: Opt, p: &query::QueryParam) {
        let place = if opt == Opt::Select {
            PropertyIn::Select
        } else {
            PropertyIn::OrderBy
        };
        for (item, span) in items(&p.value) {
            let mut words = item.split_whitespace();
            let Some(name) = words.next() else { continue };
            let name_span = Span::new(span.start, span.start + name.len());
            // A name spelled with escapes keeps the item's span.
            let name_span = if self.raw(name_span) == name {
                name_span
            } else {
                span
            };
            self.property(name, name_span, place);
            if opt == Opt::OrderBy {
                if let Some(dir) = words.next().filter(|d| *d != "asc" && *d != "desc") {
                    self.push(Finding::new(
                        Rule::OdataSyntax,
                        span,
                        format!("$orderby: `{dir}` is not asc or desc"),
                    ));
                }
            }
        }
    }

    /// How this query writes a space: `+`, `%20`, or as a space.
    fn space(&self) -> &'static str {
        if self.plus_is_space {
            "+"
        } else if self.src.contains("%20") {
            "%20"
        } else {
            " "
        }
    }

    /// The filter as meant when a layer encoded it wrongly, with one `odata-encoding` finding per slip:
    /// `%2B` where a space belongs (a URL builder encoded the + that stood for a space), or `%25XX` (a
    /// query encoded twice, so `%20` arrives as text). `None` when neither is there.
    fn encoding_cause(&self, chars: &[DChar]) -> Option<(Vec<DChar>, Vec<Finding>)> {
        let mut out = Vec::with_capacity(chars.len());
        let mut found = Vec::new();
        let mut quoted = false;
        let mut i = 0;
        while i < chars.len() {
            let d = chars[i];
            let raw = self.raw(Span::new(d.start, d.end));
            if d.c == '\'' {
                quoted = !quoted;
            }
            if d.c == '+' && !quoted && raw.eq_ignore_ascii_case("%2B") {
                let at = Span::new(d.start, d.end);
                found.push(
                    Finding::new(
                        Rule::OdataEncoding,
                        at,
                        "%2B is a plus sign, but the filter needs a space here: a URL builder encoded the + that stood for a space".to_string(),
                    )
                    .help("write the filter with spaces and let the builder encode them (Uri.EscapeDataString, urllib.parse.quote and encodeURIComponent turn a space into %20), or write %20")
                    .fix(at, "%20".into(), true),
                );
                out.push(DChar { c: ' ', ..d });
                i += 1;
                continue;
            }
            let hex = |k: usize| {
                chars
                    .get(k)
                    .filter(|x| x.c.is_ascii_hexdigit())
                    .map(|x| x.c)
            };
            if d.c == '%' && raw.eq_ignore_ascii_case("%25") {
                if let (Some(a), Some(b), Some(last)) = (hex(i + 1), hex(i + 2), chars.get(i + 2)) {
                    let byte = u8::from_str_radix(&format!("{a}{b}"), 16).unwrap_or(b'?');
                    if byte.is_ascii() {
                        let at = Span::new(d.start, last.end);
                        let once = format!("%{a}{b}");
                        found.push(
                            Finding::new(
                                Rule::OdataEncoding,
                                at,
                                format!("{} is {once} encoded twice: the service reads the text {once}, not {}", self.raw(at), match byte { b' ' | b'+' => "a space".to_string(), b => format!("`{}`", char::from(b)) }),
                            )
                            .help(format!("a layer encoded a query that was already encoded (an encoded URL passed to a URL builder, or a filter encoded before it was added to the query); encode once: write {once}"))
                            .fix(at, once, true),
                        );
                        let c = if byte == b'+' { ' ' } else { char::from(byte) };
                        if c == '\'' {
                            quoted = !quoted;
                        }
                        out.push(DChar {
                            c,
                            start: d.start,
                            end: last.end,
                        });
                        i += 3;
                        continue;
                    }
                }
            }
            out.push(d);
            i += 1;
        }
        for f in &mut found {
            f.severity = Severity::Error;
        }
        (!found.is_empty()).then_some((out, found))
    }

    /// A date-time's zone offset written with a raw + (`2024-01-01T10:00:00+01:00`, as PowerShell's
    /// `Get-Date -Format o` gives it) reaches the service as a space: reported, and read as the + meant so
    /// the rest of the filter is still checked.
    fn zone_offsets(&mut self, value: &[DChar]) -> Vec<DChar> {
        let mut out = value.to_vec();
        for i in 1..out.len() {
            if out[i].c != ' ' || self.raw(Span::new(out[i].start, out[i].end)) != "+" {
                continue;
            }
            let word_start = out[..i]
                .iter()
                .rposition(|d| d.c.is_whitespace() || matches!(d.c, '(' | ','))
                .map_or(0, |j| j + 1);
            let before = query::text(&out[word_start..i]);
            let after = query::text(&out[i + 1..out.len().min(i + 6)]);
            let zone = after.len() == 5
                && after.as_bytes()[2] == b':'
                && after
                    .bytes()
                    .enumerate()
                    .all(|(k, b)| k == 2 || b.is_ascii_digit());
            if zone && query::classify(&before) == LitKind::DateTimeNoZone {
                let at = Span::new(out[i].start, out[i].end);
                let mut f = Finding::new(
                    Rule::OdataEncoding,
                    at,
                    format!(
                        "the + of the time zone in {before}+{after} reaches the service as a space"
                    ),
                )
                .help("write %2B for the +, or give the time in UTC with Z")
                .fix(at, "%2B".into(), true);
                f.severity = Severity::Error;
                self.push(f);
                out[i].c = '+';
            }
        }
        out
    }
}

/// Comma-separated items of a value, with the raw span of each.
fn items(value: &[DChar]) -> Vec<(String, Span)> {
    value
        .split(|d| d.c == ',')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let text = query::text(part);
            let trimmed: Vec<DChar> = part
                .iter()
                .copied()
                .skip_while(|d| d.c.is_whitespace())
                .collect();
            let end = trimmed
                .iter()
                .rposition(|d| !d.c.is_whitespace())
                .map_or(0, |i| i + 1);
            let span = query::span_of(&trimmed[..end], part[0].start);
            (text, span)
        })
        .collect()
}
