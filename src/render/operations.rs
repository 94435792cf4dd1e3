//! `operations` output: the list of operations (grouped by family, within a given width), one operation's
//! sheet, and their JSON views.

use std::io::Write;

use serde::Serialize;

use super::style;
use crate::odata::Endpoint;
use crate::operations::odata::Opt;
use crate::operations::{
    Body, BodyKind, Check, CrossRule, Depends, Kind, Param, Required, Route, ValueFormat,
    CROSS_RULES,
};

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "string",
        Kind::Integer => "integer",
        Kind::Boolean => "boolean",
        Kind::Array => "array",
        Kind::Object => "object",
        Kind::StringOrArray => "string|array",
        Kind::BooleanOrString => "boolean|string",
    }
}

fn required_name(r: Required) -> &'static str {
    match r {
        Required::Yes => "yes",
        Required::No => "no",
        Required::Unmarked => "unmarked",
    }
}

fn body_name(b: BodyKind) -> &'static str {
    match b {
        BodyKind::Json => "application/json",
        BodyKind::Multipart => "multipart/form-data",
    }
}

/// Cuts `text` to `width` characters, ending in `…` when it was longer.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The list, one heading per family, then name, method and path aligned. On a terminal (`width` given) no
/// line is wider than `width`: a long path wraps after a `/`, under its column; into a pipe (`None`) every
/// path is whole on its line, for grep.
pub(crate) fn list_text(
    out: &mut dyn Write,
    routes: &[&Route],
    width: Option<usize>,
) -> anyhow::Result<()> {
    let (width, wraps) = match width {
        Some(w) => (w, true),
        None => (usize::MAX / 4, false),
    };
    if routes.is_empty() {
        writeln!(out, "no operation matches these filters")?;
        return Ok(());
    }
    // The name column never takes more than half the line.
    let name_width = routes
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    // 2 indent + name + 2 + method (6) + 1, then the path.
    let path_width = width.saturating_sub(name_width + 11).max(8);
    let mut family = None;
    for r in routes {
        if family != Some(r.family()) {
            family = Some(r.family());
            writeln!(out, "{}", style::heading(&fit(r.family().as_str(), width)))?;
        }
        let name = fit(r.name, name_width);
        let pad = name_width - name.chars().count();
        let path = if wraps {
            wrap_path(r.path, path_width, &" ".repeat(name_width + 11))
        } else {
            r.path.to_string()
        };
        writeln!(
            out,
            "  {}{}  {:<6} {}",
            style::code(&name),
            " ".repeat(pad),
            r.method.as_str(),
            path
        )?;
    }
    Ok(())
}

/// `path` in lines of at most `width` characters, broken after a `/` (a segment longer than a line is cut
/// where it must), the lines after the first indented by `hang`.
fn wrap_path(path: &str, width: usize, hang: &str) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for piece in path.split_inclusive('/') {
        // A whole piece moves to the next line when it does not fit; a piece longer than a line is cut.
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + piece.chars().count() > width {
            lines.push(String::new());
        }
        for c in piece.chars() {
            if lines.last().is_some_and(|l| l.chars().count() >= width) {
                lines.push(String::new());
            }
            if let Some(l) = lines.last_mut() {
                l.push(c);
            }
        }
    }
    lines.join(&format!("\n{hang}"))
}

/// One row of the JSON list.
#[derive(Debug, Serialize)]
struct ListView {
    schema_version: u32,
    name: &'static str,
    title: &'static str,
    method: &'static str,
    path: &'static str,
    /// The body's media type; null for an operation without a body.
    body: Option<&'static str>,
    family: &'static str,
    permissions: PermissionsView,
    docs_url: &'static str,
}

/// The list as a JSON array.
pub(crate) fn list_json(out: &mut dyn Write, routes: &[&Route]) -> anyhow::Result<()> {
    let views: Vec<ListView> = routes
        .iter()
        .map(|r| ListView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            name: r.name,
            title: r.title,
            method: r.method.as_str(),
            path: r.path,
            body: r.body.map(|b| body_name(b.kind)),
            family: r.family().as_str(),
            permissions: PermissionsView {
                application: r.app_permissions,
                delegated: r.delegated_permissions,
            },
            docs_url: r.docs,
        })
        .collect();
    super::write_json(out, &views)
}

/// The OData facts of an operation, with the route they sit on.
fn odata_of(route: &'static Route) -> Option<Endpoint> {
    crate::odata::endpoints::of_route(route)
}

/// The names of the query options an endpoint documents, `$top` with its maximum.
fn option_names(e: &Endpoint) -> Vec<String> {
    Opt::ALL
        .iter()
        .filter(|(opt, _)| e.options.contains(opt))
        .map(|(opt, name)| match (opt, e.top_max) {
            (Opt::Top, Some(max)) => format!("{name} (at most {max})"),
            (Opt::Expand, _) if !e.expand.is_empty() => {
                format!("{name} ({})", e.expand.join(", "))
            }
            _ => (*name).to_string(),
        })
        .collect()
}

/// The lines `operations NAME` prints about an operation's query options: the options, then one line per
/// property of the entity (filterable ones first) with its type and values.
pub(crate) fn odata_lines(route: &'static Route) -> Vec<String> {
    let Some(e) = odata_of(route) else {
        return Vec::new();
    };
    let rows = e.rows();
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut lines = vec![format!("options: {}", option_names(&e).join(", "))];
    for (f, p) in e.functions {
        lines.push(format!("function: {f}({p}, …)"));
    }
    for r in rows {
        let mut line = format!(
            "{:<width$}  {:<14}{}",
            r.name,
            r.ty,
            if r.filterable { "$filter" } else { "" }
        );
        // Values after the columns, wrapped under themselves so a line stays within 98 columns.
        let indent = width + 2 + 14 + 9;
        let mut first = true;
        for v in r.values {
            let sep = if first { "  " } else { " | " };
            if !first && line.chars().count() + sep.len() + v.len() > 96 {
                lines.push(format!("{} |", line.trim_end()));
                line = " ".repeat(indent);
                line.push_str(v);
            } else {
                line.push_str(sep);
                line.push_str(v);
            }
            first = false;
        }
        lines.push(line.trim_end().to_string());
    }
    lines.push(format!("source: {}", e.source));
    lines
}

/// The JSON counterpart (`odata` in `operations NAME --format json`): null for an operation without OData
/// facts.
pub(crate) fn odata_json(route: &'static Route) -> Option<serde_json::Value> {
    let e = odata_of(route)?;
    let properties: Vec<serde_json::Value> = e
        .rows()
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "type": r.ty,
                "filterable": r.filterable,
                "values": r.values,
                "also": r.also,
            })
        })
        .collect();
    Some(serde_json::json!({
        "options": Opt::ALL
            .iter()
            .filter(|(opt, _)| e.options.contains(opt))
            .map(|(_, name)| *name)
            .collect::<Vec<_>>(),
        "top_max": e.top_max,
        "filter": e.filter,
        "expand": e.expand,
        "functions": e.functions.iter().map(|(f, p)| serde_json::json!({"function": f, "property": p})).collect::<Vec<_>>(),
        "entity": e.entity.name,
        "properties": properties,
        "source": e.source,
    }))
}

/// The permissions and limits every sheet shows.
fn route_text(out: &mut dyn Write, route: &Route) -> anyhow::Result<()> {
    writeln!(out, "\n{}", style::heading("Permissions"))?;
    let none = |v: &[&str]| {
        if v.is_empty() {
            "(none listed)".to_string()
        } else {
            v.join(", ")
        }
    };
    let hang = " ".repeat(15);
    let app = super::wrap(&none(route.app_permissions), "  application: ", &hang);
    let delegated = super::wrap(&none(route.delegated_permissions), "  delegated:   ", &hang);
    writeln!(out, "{}", app.trim_end())?;
    writeln!(out, "{}", delegated.trim_end())?;
    writeln!(out, "\n{}", style::heading("Limits"))?;
    let mut rate = Vec::new();
    if let Some(m) = route.rate_per_minute {
        rate.push(format!("{m} calls per minute"));
    }
    if let Some(h) = route.rate_per_hour {
        rate.push(format!("{h} calls per hour"));
    }
    writeln!(
        out,
        "  rate: {}",
        if rate.is_empty() {
            "not documented".to_string()
        } else {
            rate.join(", ")
        }
    )?;
    for (name, value) in route.limits {
        let lead = format!("  {}: ", name.replace('_', " "));
        writeln!(out, "{}", super::wrap(value, &lead, "    ").trim_end())?;
    }
    Ok(())
}

/// The family, response entity and hosts line under a sheet's title.
fn info_line(route: &Route) -> String {
    let line = format!(
        "family {}; returns {}",
        route.family().as_str(),
        route.entity
    );
    if route.hosts.is_empty() {
        return line;
    }
    let hosts = format!("the page shows {}", route.hosts.join(", "));
    // One line when it fits in 100 columns, else the hosts on a line of their own.
    if line.len() + 2 + hosts.len() <= 100 {
        format!("{line}; {hosts}")
    } else {
        format!("{line}\n{hosts}")
    }
}

/// One operation's sheet for people: a body operation's full sheet, or a route's.
pub(crate) fn detail_text(out: &mut dyn Write, route: &'static Route) -> anyhow::Result<()> {
    if let Some(body) = &route.body {
        return body_text(out, route, body);
    }
    writeln!(
        out,
        "{} — {}",
        style::code(route.name),
        style::heading(route.title)
    )?;
    writeln!(out, "{} {}  (no body)", route.method.as_str(), route.path)?;
    writeln!(out, "{}", style::dim(route.docs))?;
    writeln!(out, "{}", info_line(route))?;
    route_text(out, route)?;
    let odata = odata_lines(route);
    if !odata.is_empty() {
        writeln!(out, "\n{}", style::heading("Query options (OData)"))?;
        for line in odata {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out, "\n{}", style::heading("Request line (from the docs)"))?;
    writeln!(out, "  {}", route.request_line)?;
    if !route.line_note.is_empty() {
        writeln!(out, "  {}", style::dim(route.line_note))?;
    }
    if !route.example.is_empty() {
        writeln!(out, "  example: {}", route.example)?;
    }
    Ok(())
}

/// One parameter row of the text sheet: the dotted path, type, required, values and notes.
fn rows(prefix: &str, params: &'static [Param], out: &mut Vec<[String; 4]>) {
    for p in params {
        let name = format!("{prefix}{}", p.name);
        let mut values = p.values.join(", ");
        let mut notes: Vec<String> = Vec::new();
        if !p.also.is_empty() {
            notes.push(format!("docs also spell it {}", p.also.join(", ")));
        }
        if !p.also_values.is_empty() {
            notes.push(format!("examples also send {}", p.also_values.join(", ")));
        }
        if let Some(dep) = p.depends {
            let by = depends_text(dep);
            if values.is_empty() {
                values = by;
            } else {
                notes.push(by);
            }
        }
        if p.format != ValueFormat::None && p.format != ValueFormat::IndicatorValue {
            notes.push(p.format.describe().to_string());
        }
        if let Some(max) = p.max_items {
            notes.push(format!("at most {max} items"));
        }
        if p.nullable {
            notes.push("null allowed".to_string());
        }
        if !p.note.is_empty() {
            notes.push(p.note.to_string());
        }
        if !p.undocumented.is_empty() {
            notes.push(format!(
                "not in the parameter table; taken: {}",
                p.undocumented
            ));
        }
        let notes = if values.is_empty() {
            notes.join("; ")
        } else if notes.is_empty() {
            values
        } else {
            format!("{values}; {}", notes.join("; "))
        };
        out.push([
            name.clone(),
            kind_name(p.kind).to_string(),
            required_name(p.required).to_string(),
            notes,
        ]);
        if let Some(items) = p.items {
            let sep = if p.kind == Kind::Array { "[]." } else { "." };
            rows(&format!("{name}{sep}"), items, out);
        }
    }
}

fn depends_text(dep: &Depends) -> String {
    let cases: Vec<String> = dep
        .cases
        .iter()
        .map(|c| {
            let what = if c.values.is_empty() {
                c.format.describe().to_string()
            } else {
                c.values.join(", ")
            };
            format!("{} → {what}", c.when)
        })
        .collect();
    format!("by {}: {}", dep.on, cases.join("; "))
}

/// A body operation's sheet: the route's facts, then its parameters, platforms, notes and example.
fn body_text(out: &mut dyn Write, op: &'static Route, body: &Body) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} — {}",
        style::code(op.name),
        style::heading(op.title)
    )?;
    let status = match body.success_status {
        0 => "success status not documented".to_string(),
        s => format!("success {s}"),
    };
    writeln!(
        out,
        "{} {}  ({}, {status})",
        op.method.as_str(),
        op.path,
        body_name(body.kind)
    )?;
    writeln!(out, "{}", style::dim(op.docs))?;
    writeln!(out, "{}", info_line(op))?;
    writeln!(out, "\n{}", style::heading("Parameters (case-sensitive)"))?;
    let mut table = vec![[
        "NAME".to_string(),
        "TYPE".to_string(),
        "REQUIRED".to_string(),
        "VALUES / NOTES".to_string(),
    ]];
    rows("", body.params, &mut table);
    let w0 = table
        .iter()
        .map(|r| r[0].chars().count())
        .max()
        .unwrap_or(0);
    let w1 = table.iter().map(|r| r[1].len()).max().unwrap_or(0);
    let w2 = table.iter().map(|r| r[2].len()).max().unwrap_or(0);
    // The last column wraps under itself, so a row fits the output width (a parameter name never breaks).
    let hang = " ".repeat(2 + w0 + 2 + w1 + 2 + w2 + 2);
    for row in &table {
        let lead = format!(
            "  {}{}  {:<w1$}  {:<w2$}  ",
            row[0],
            " ".repeat(w0 - row[0].chars().count()),
            row[1],
            row[2],
        );
        let text = if row[3].is_empty() {
            lead.trim_end().to_string()
        } else if lead.len() + 40 > super::width::columns() {
            // Too narrow to hang the notes under their column: they go on the next lines.
            format!(
                "{}\n{}",
                lead.trim_end(),
                super::wrap(&row[3], "      ", "      ")
            )
        } else {
            super::wrap(&row[3], &lead, &hang)
        };
        writeln!(out, "{}", text.trim_end())?;
    }
    route_text(out, op)?;
    if !body.platforms.is_empty() {
        writeln!(out, "\n{}", style::heading("Platforms"))?;
        for p in body.platforms {
            writeln!(out, "{}", super::wrap(p, "  - ", "    ").trim_end())?;
        }
    }
    if !body.notes.is_empty() {
        writeln!(out, "\n{}", style::heading("Notes"))?;
        for n in body.notes {
            writeln!(out, "{}", super::wrap(n, "  - ", "    ").trim_end())?;
        }
    }
    let cross: Vec<&CrossRule> = cross_rules(op).collect();
    if !cross.is_empty() {
        writeln!(
            out,
            "\n{}",
            style::heading("Rules across fields (checked by lint)")
        )?;
        for r in cross {
            let at = if r.at.is_empty() {
                String::new()
            } else {
                format!("{}: ", r.at)
            };
            let text = format!("{at}{} ({})", r.message, r.source);
            writeln!(out, "{}", super::wrap(&text, "  - ", "    ").trim_end())?;
        }
    }
    let label = if body.example_is_json {
        "Example body (from the docs)"
    } else if body.kind == BodyKind::Multipart {
        "Example request (from the docs)"
    } else {
        "Example body (from the docs; not valid JSON as published)"
    };
    writeln!(out, "\n{}", style::heading(label))?;
    for line in body.example_body.lines() {
        writeln!(out, "  {}", line.trim_end())?;
    }
    Ok(())
}

/// A parameter in JSON.
#[derive(Debug, Serialize)]
struct ParamView {
    name: &'static str,
    also: &'static [&'static str],
    #[serde(rename = "type")]
    kind: &'static str,
    required: &'static str,
    values: &'static [&'static str],
    also_values: &'static [&'static str],
    format: Option<&'static str>,
    depends: Option<DependsView>,
    nullable: bool,
    max_items: Option<usize>,
    items: Option<Vec<ParamView>>,
    note: &'static str,
    /// Evidence that the service takes a key its parameter table omits; null for documented ones.
    undocumented: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct DependsView {
    on: &'static str,
    cases: Vec<CaseView>,
}

#[derive(Debug, Serialize)]
struct CaseView {
    when: &'static str,
    values: &'static [&'static str],
    format: Option<&'static str>,
}

fn format_name(f: ValueFormat) -> Option<&'static str> {
    (f != ValueFormat::None).then(|| f.describe())
}

impl From<&'static Param> for ParamView {
    fn from(p: &'static Param) -> Self {
        ParamView {
            name: p.name,
            also: p.also,
            kind: kind_name(p.kind),
            required: required_name(p.required),
            values: p.values,
            also_values: p.also_values,
            format: format_name(p.format),
            depends: p.depends.map(|d| DependsView {
                on: d.on,
                cases: d
                    .cases
                    .iter()
                    .map(|c| CaseView {
                        when: c.when,
                        values: c.values,
                        format: format_name(c.format),
                    })
                    .collect(),
            }),
            nullable: p.nullable,
            max_items: p.max_items,
            items: p
                .items
                .map(|items| items.iter().map(ParamView::from).collect()),
            note: p.note,
            undocumented: (!p.undocumented.is_empty()).then_some(p.undocumented),
        }
    }
}

/// One operation in JSON (documented in README).
#[derive(Debug, Serialize)]
struct DetailView {
    schema_version: u32,
    name: &'static str,
    title: &'static str,
    method: &'static str,
    path: &'static str,
    body: &'static str,
    parameters: Vec<ParamView>,
    permissions: PermissionsView,
    rate_limits: RateView,
    limits: serde_json::Map<String, serde_json::Value>,
    platforms: &'static [&'static str],
    notes: &'static [&'static str],
    success_status: Option<u16>,
    example_body: &'static str,
    example_is_json: bool,
    docs_url: &'static str,
    /// The cross-field rules lint checks for this operation.
    cross_field_rules: Vec<CrossView>,
    family: &'static str,
    hosts: &'static [&'static str],
    returns: &'static str,
    request_line: &'static str,
}

/// An operation without a body in JSON (documented in README).
#[derive(Debug, Serialize)]
struct RouteView {
    schema_version: u32,
    name: &'static str,
    title: &'static str,
    method: &'static str,
    path: &'static str,
    /// Always null: the operation takes no body.
    body: Option<&'static str>,
    family: &'static str,
    hosts: &'static [&'static str],
    returns: &'static str,
    permissions: PermissionsView,
    rate_limits: RateView,
    limits: serde_json::Map<String, serde_json::Value>,
    docs_url: &'static str,
    request_line: &'static str,
    /// Null when the docs page's line is the template.
    request_line_note: Option<&'static str>,
    request_line_example: Option<&'static str>,
    /// OData query options (filled by the OData table; null until then).
    odata: Option<serde_json::Value>,
}

fn limits_map(limits: &[(&str, &str)]) -> serde_json::Map<String, serde_json::Value> {
    limits
        .iter()
        .map(|(k, v)| {
            (
                (*k).to_string(),
                serde_json::Value::String((*v).to_string()),
            )
        })
        .collect()
}

/// A cross-field rule in JSON.
#[derive(Debug, Serialize)]
struct CrossView {
    at: &'static str,
    message: &'static str,
    severity: &'static str,
    source: &'static str,
    would_cause: Option<&'static str>,
}

/// The cross-field rules that apply to `op`.
fn cross_rules(op: &'static Route) -> impl Iterator<Item = &'static CrossRule> {
    CROSS_RULES
        .iter()
        .filter(move |r| r.operations.contains(&op.name))
        // Rules shared by submit and import: keep those whose object this body has.
        .filter(move |r| {
            let key = match &r.check {
                Check::Implies { key, .. }
                | Check::Restricts { key, .. }
                | Check::NonEmpty(key)
                | Check::ListHolds { key, .. } => key,
                Check::AnyOf(keys) => keys.first().unwrap_or(&""),
            };
            let first = r.at.split(['.', '[']).next().unwrap_or_default();
            if r.at.is_empty() {
                op.params().iter().any(|p| p.name == *key)
            } else {
                op.params().iter().any(|p| p.name == first)
            }
        })
}

#[derive(Debug, Serialize)]
struct PermissionsView {
    application: &'static [&'static str],
    delegated: &'static [&'static str],
}

#[derive(Debug, Serialize)]
struct RateView {
    per_minute: Option<u32>,
    per_hour: Option<u32>,
}

/// One operation's sheet as JSON.
pub(crate) fn detail_json(out: &mut dyn Write, route: &'static Route) -> anyhow::Result<()> {
    let Some(body) = route.body else {
        let view = RouteView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            name: route.name,
            title: route.title,
            method: route.method.as_str(),
            path: route.path,
            body: None,
            family: route.family().as_str(),
            hosts: route.hosts,
            returns: route.entity,
            permissions: PermissionsView {
                application: route.app_permissions,
                delegated: route.delegated_permissions,
            },
            rate_limits: RateView {
                per_minute: route.rate_per_minute,
                per_hour: route.rate_per_hour,
            },
            limits: limits_map(route.limits),
            docs_url: route.docs,
            request_line: route.request_line,
            request_line_note: (!route.line_note.is_empty()).then_some(route.line_note),
            request_line_example: (!route.example.is_empty()).then_some(route.example),
            odata: odata_json(route),
        };
        return super::write_json(out, &view);
    };
    let view = DetailView {
        schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
        name: route.name,
        title: route.title,
        method: route.method.as_str(),
        path: route.path,
        body: body_name(body.kind),
        parameters: body.params.iter().map(ParamView::from).collect(),
        permissions: PermissionsView {
            application: route.app_permissions,
            delegated: route.delegated_permissions,
        },
        rate_limits: RateView {
            per_minute: route.rate_per_minute,
            per_hour: route.rate_per_hour,
        },
        limits: limits_map(route.limits),
        platforms: body.platforms,
        notes: body.notes,
        success_status: (body.success_status != 0).then_some(body.success_status),
        example_body: body.example_body,
        example_is_json: body.example_is_json,
        docs_url: route.docs,
        cross_field_rules: cross_rules(route)
            .map(|r| CrossView {
                at: r.at,
                message: r.message,
                severity: if r.error { "error" } else { "warning" },
                source: r.source,
                would_cause: r.would_cause,
            })
            .collect(),
        family: route.family().as_str(),
        hosts: route.hosts,
        returns: route.entity,
        request_line: route.request_line,
    };
    super::write_json(out, &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::routes::by_name;

    #[test]
    fn sheet_lists_nested_parameters_with_their_path() {
        colored::control::set_override(false);
        let mut out = Vec::new();
        detail_text(&mut out, by_name("run-live-response").expect("op")).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("  Commands[].params[].key"), "{text}");
        // The notes column wraps: compare its words, not its line breaks.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(
                "by type: PutFile → FileName; RunScript → ScriptName, Args; GetFile → Path"
            ),
            "{text}"
        );
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 100 || l.contains("https://")),
            "{text}"
        );
        assert!(text.contains("application: Machine.LiveResponse"), "{text}");
    }

    #[test]
    fn json_sheet_nests_items() {
        let mut out = Vec::new();
        detail_json(&mut out, by_name("import-indicators").expect("op")).expect("render");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["parameters"][0]["name"], "Indicators");
        assert_eq!(v["parameters"][0]["max_items"], 500);
        assert_eq!(v["parameters"][0]["items"][0]["name"], "indicatorValue");
    }

    #[test]
    fn the_list_fits_the_width_it_is_given() {
        colored::control::set_override(false);
        let all: Vec<&Route> = crate::operations::routes::all().iter().collect();
        for width in [60, 80, 100] {
            let mut out = Vec::new();
            list_text(&mut out, &all, Some(width)).expect("render");
            let text = String::from_utf8(out).expect("utf8");
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: {line}");
            }
            assert!(text.contains("list-machines"), "{text}");
            // Paths (the last column) wrap, never cut; a long name may be.
            assert!(!text.lines().any(|l| l.ends_with('…')), "{text}");
        }
        // Into a pipe every path is whole on its line.
        let mut out = Vec::new();
        list_text(&mut out, &all, None).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        for r in &all {
            assert!(
                text.lines().any(|l| l.ends_with(&format!(" {}", r.path))),
                "{}",
                r.path
            );
        }
    }

    #[test]
    fn a_route_without_body_shows_permissions_limits_and_its_docs_line() {
        colored::control::set_override(false);
        let mut out = Vec::new();
        detail_text(&mut out, by_name("list-machines").expect("route")).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("GET /api/machines  (no body)"), "{text}");
        assert!(
            text.contains("application: Machine.Read.All, Machine.ReadWrite.All"),
            "{text}"
        );
        assert!(
            text.contains("rate: 100 calls per minute, 1500 calls per hour"),
            "{text}"
        );
        assert!(
            text.contains("learn.microsoft.com/en-us/defender-endpoint/api/get-machines"),
            "{text}"
        );
        let mut out = Vec::new();
        detail_json(&mut out, by_name("list-machines").expect("route")).expect("render");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["family"], "machines");
        assert!(v["body"].is_null());
        assert_eq!(v["odata"]["top_max"], 10_000);
        assert!(text.contains("Query options (OData)"), "{text}");
    }
}
