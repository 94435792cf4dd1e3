//! `operations` output: the list of operations, one operation's full sheet, and their JSON views.

use std::io::Write;

use serde::Serialize;

use super::style;
use crate::operations::{
    BodyKind, Check, CrossRule, Depends, Format, Kind, Operation, Param, Required, CROSS_RULES,
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

/// The list: name, method, path, aligned.
pub fn list_text(out: &mut dyn Write, ops: &[Operation]) -> anyhow::Result<()> {
    let width = ops.iter().map(|o| o.name.len()).max().unwrap_or(0);
    for op in ops {
        writeln!(
            out,
            "{}{}  {:<6} {}",
            style::code(op.name),
            " ".repeat(width - op.name.len()),
            op.method.as_str(),
            op.path
        )?;
    }
    Ok(())
}

/// One row of the JSON list.
#[derive(Debug, Serialize)]
struct ListView {
    name: &'static str,
    title: &'static str,
    method: &'static str,
    path: &'static str,
    body: &'static str,
}

/// The list as a JSON array.
pub fn list_json(out: &mut dyn Write, ops: &[Operation]) -> anyhow::Result<()> {
    let views: Vec<ListView> = ops
        .iter()
        .map(|o| ListView {
            name: o.name,
            title: o.title,
            method: o.method.as_str(),
            path: o.path,
            body: body_name(o.body),
        })
        .collect();
    super::write_json(out, &views)
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
        if p.format != Format::None && p.format != Format::IndicatorValue {
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

/// One operation's sheet for people.
pub fn detail_text(out: &mut dyn Write, op: &'static Operation) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} — {}",
        style::code(op.name),
        style::heading(op.title)
    )?;
    let status = match op.success_status {
        0 => "success status not documented".to_string(),
        s => format!("success {s}"),
    };
    writeln!(
        out,
        "{} {}  ({}, {status})",
        op.method.as_str(),
        op.path,
        body_name(op.body)
    )?;
    writeln!(out, "{}", style::dim(op.docs))?;
    writeln!(out, "\n{}", style::heading("Parameters (case-sensitive)"))?;
    let mut table = vec![[
        "NAME".to_string(),
        "TYPE".to_string(),
        "REQUIRED".to_string(),
        "VALUES / NOTES".to_string(),
    ]];
    rows("", op.params, &mut table);
    let w0 = table
        .iter()
        .map(|r| r[0].chars().count())
        .max()
        .unwrap_or(0);
    let w1 = table.iter().map(|r| r[1].len()).max().unwrap_or(0);
    let w2 = table.iter().map(|r| r[2].len()).max().unwrap_or(0);
    for row in &table {
        let line = format!(
            "  {}{}  {:<w1$}  {:<w2$}  {}",
            row[0],
            " ".repeat(w0 - row[0].chars().count()),
            row[1],
            row[2],
            row[3]
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "\n{}", style::heading("Permissions"))?;
    let none = |v: &[&str]| {
        if v.is_empty() {
            "(none listed)".to_string()
        } else {
            v.join(", ")
        }
    };
    writeln!(out, "  application: {}", none(op.app_permissions))?;
    writeln!(out, "  delegated:   {}", none(op.delegated_permissions))?;
    writeln!(out, "\n{}", style::heading("Limits"))?;
    let mut rate = Vec::new();
    if let Some(m) = op.rate_per_minute {
        rate.push(format!("{m} calls per minute"));
    }
    if let Some(h) = op.rate_per_hour {
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
    for (name, value) in op.limits {
        writeln!(out, "  {}: {value}", name.replace('_', " "))?;
    }
    if !op.platforms.is_empty() {
        writeln!(out, "\n{}", style::heading("Platforms"))?;
        for p in op.platforms {
            writeln!(out, "  - {p}")?;
        }
    }
    if !op.notes.is_empty() {
        writeln!(out, "\n{}", style::heading("Notes"))?;
        for n in op.notes {
            writeln!(out, "  - {n}")?;
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
            writeln!(out, "  - {at}{} ({})", r.message, r.source)?;
        }
    }
    let label = if op.example_is_json {
        "Example body (from the docs)"
    } else if op.body == BodyKind::Multipart {
        "Example request (from the docs)"
    } else {
        "Example body (from the docs; not valid JSON as published)"
    };
    writeln!(out, "\n{}", style::heading(label))?;
    for line in op.example_body.lines() {
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
    /// Evidence that the service takes a key its parameter table omits; absent for documented ones.
    #[serde(skip_serializing_if = "str::is_empty")]
    undocumented: &'static str,
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

fn format_name(f: Format) -> Option<&'static str> {
    (f != Format::None).then(|| f.describe())
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
            undocumented: p.undocumented,
        }
    }
}

/// One operation in JSON (documented in README).
#[derive(Debug, Serialize)]
struct DetailView {
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
fn cross_rules(op: &'static Operation) -> impl Iterator<Item = &'static CrossRule> {
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
                op.params.iter().any(|p| p.name == *key)
            } else {
                op.params.iter().any(|p| p.name == first)
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
pub fn detail_json(out: &mut dyn Write, op: &'static Operation) -> anyhow::Result<()> {
    let view = DetailView {
        name: op.name,
        title: op.title,
        method: op.method.as_str(),
        path: op.path,
        body: body_name(op.body),
        parameters: op.params.iter().map(ParamView::from).collect(),
        permissions: PermissionsView {
            application: op.app_permissions,
            delegated: op.delegated_permissions,
        },
        rate_limits: RateView {
            per_minute: op.rate_per_minute,
            per_hour: op.rate_per_hour,
        },
        limits: op
            .limits
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_string(),
                    serde_json::Value::String((*v).to_string()),
                )
            })
            .collect(),
        platforms: op.platforms,
        notes: op.notes,
        success_status: (op.success_status != 0).then_some(op.success_status),
        example_body: op.example_body,
        example_is_json: op.example_is_json,
        docs_url: op.docs,
        cross_field_rules: cross_rules(op)
            .map(|r| CrossView {
                at: r.at,
                message: r.message,
                severity: if r.error { "error" } else { "warning" },
                source: r.source,
                would_cause: r.would_cause,
            })
            .collect(),
    };
    super::write_json(out, &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::by_name;

    #[test]
    fn sheet_lists_nested_parameters_with_their_path() {
        colored::control::set_override(false);
        let mut out = Vec::new();
        detail_text(&mut out, by_name("run-live-response").expect("op")).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("  Commands[].params[].key"), "{text}");
        assert!(
            text.contains(
                "by type: PutFile → FileName; RunScript → ScriptName, Args; GetFile → Path"
            ),
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
}
