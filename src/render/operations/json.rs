//! One operation as JSON (documented in README): a body operation's full view or a route's, with its OData
//! query options.

use std::io::Write;

use serde::Serialize;

use super::sheet::odata_of;
use super::{body_name, cross_rules, kind_name, required_name, PermissionsView};
use crate::operations::odata::Opt;
use crate::operations::{Param, Route, ValueFormat};

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
        return crate::render::write_json(out, &view);
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
    crate::render::write_json(out, &view)
}
