//! One operation's sheet for people: its route facts, its body's parameters, platforms, notes and example,
//! or its OData query options.

use std::io::Write;

use super::{body_name, cross_rules, kind_name, required_name};
use crate::odata::Endpoint;
use crate::operations::odata::Opt;
use crate::operations::{
    Body, BodyKind, CrossRule, Depends, Kind, Param, Required, Route, ValueFormat,
};
use crate::render::style;

/// The OData facts of an operation, with the route they sit on.
pub(super) fn odata_of(route: &'static Route) -> Option<Endpoint> {
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
    let app = crate::render::wrap(&none(route.app_permissions), "  application: ", &hang);
    let delegated =
        crate::render::wrap(&none(route.delegated_permissions), "  delegated:   ", &hang);
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
        writeln!(
            out,
            "{}",
            crate::render::wrap(value, &lead, "    ").trim_end()
        )?;
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
        let notes = cell_text(std::iter::once(values).chain(notes));
        out.push([
            name.clone(),
            kind_name(p.kind).to_string(),
            // JSON keeps the enum's name; people read what "unmarked" means: the page does not say.
            match p.required {
                Required::Unmarked => "docs silent".to_string(),
                r => required_name(r).to_string(),
            },
            notes,
        ]);
        if let Some(items) = p.items {
            let sep = if p.kind == Kind::Array { "[]." } else { "." };
            rows(&format!("{name}{sep}"), items, out);
        }
    }
}

/// The pieces of a values/notes cell in one text: a piece that is a sentence of its own (a capital first)
/// follows a full stop, the others a semicolon, so "…URL; What the indicator matches" cannot happen.
fn cell_text(pieces: impl Iterator<Item = String>) -> String {
    let mut cell = String::new();
    for piece in pieces.filter(|p| !p.is_empty()) {
        if !cell.is_empty() {
            let sentence = piece.starts_with(|c: char| c.is_uppercase());
            cell.push_str(if sentence { ". " } else { "; " });
        }
        cell.push_str(&piece);
    }
    cell
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
    params_table(out, body.params)?;
    route_text(out, op)?;
    if !body.platforms.is_empty() {
        writeln!(out, "\n{}", style::heading("Platforms"))?;
        for p in body.platforms {
            writeln!(out, "{}", crate::render::wrap(p, "  - ", "    ").trim_end())?;
        }
    }
    if !body.notes.is_empty() {
        writeln!(out, "\n{}", style::heading("Notes"))?;
        for n in body.notes {
            writeln!(out, "{}", crate::render::wrap(n, "  - ", "    ").trim_end())?;
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
            writeln!(
                out,
                "{}",
                crate::render::wrap(&text, "  - ", "    ").trim_end()
            )?;
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

/// The parameter table: name, type, required, then values and notes wrapped under their column.
fn params_table(out: &mut dyn Write, params: &'static [Param]) -> anyhow::Result<()> {
    let mut table = vec![[
        "NAME".to_string(),
        "TYPE".to_string(),
        "REQUIRED".to_string(),
        "VALUES / NOTES".to_string(),
    ]];
    rows("", params, &mut table);
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
        } else if lead.len() + 40 > crate::render::width::columns() {
            // Too narrow to hang the notes under their column: they go on the next lines.
            format!(
                "{}\n{}",
                lead.trim_end(),
                crate::render::wrap(&row[3], "      ", "      ")
            )
        } else {
            crate::render::wrap(&row[3], &lead, &hang)
        };
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn a_note_that_is_a_sentence_follows_a_full_stop_a_phrase_a_semicolon() {
        let pieces = ["Url → URL", "", "What it matches", "null allowed"].map(String::from);
        assert_eq!(
            cell_text(pieces.into_iter()),
            "Url → URL. What it matches; null allowed"
        );
    }
}
