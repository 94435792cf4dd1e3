//! `operations` output: the list of operations (grouped by family, within a given width) here, one
//! operation's sheet for people in `sheet.rs`, and the JSON views in `json.rs`.

use std::io::Write;

use serde::Serialize;

use super::style;
use crate::operations::{BodyKind, CrossCheck, CrossRule, Kind, Required, Route, CROSS_RULES};

mod json;
mod sheet;

pub(crate) use json::detail_json;
#[cfg(test)]
pub(crate) use json::odata_json;
pub(crate) use sheet::detail_text;
#[cfg(test)]
pub(crate) use sheet::odata_lines;

pub(super) fn kind_name(kind: Kind) -> &'static str {
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

pub(super) fn required_name(r: Required) -> &'static str {
    match r {
        Required::Yes => "yes",
        Required::No => "no",
        Required::Unmarked => "unmarked",
    }
}

pub(super) fn body_name(b: BodyKind) -> &'static str {
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

#[derive(Debug, Serialize)]
pub(super) struct PermissionsView {
    application: &'static [&'static str],
    delegated: &'static [&'static str],
}

/// The cross-field rules that apply to `op`.
pub(super) fn cross_rules(op: &'static Route) -> impl Iterator<Item = &'static CrossRule> {
    CROSS_RULES
        .iter()
        .filter(move |r| r.operations.contains(&op.name))
        // Rules shared by submit and import: keep those whose object this body has.
        .filter(move |r| {
            let key = match &r.check {
                CrossCheck::Implies { key, .. }
                | CrossCheck::Restricts { key, .. }
                | CrossCheck::NonEmpty(key)
                | CrossCheck::ListHolds { key, .. } => key,
                CrossCheck::AnyOf(keys) => keys.first().unwrap_or(&""),
                CrossCheck::InOrder { list, .. } => list,
            };
            let first = r.at.split(['.', '[']).next().unwrap_or_default();
            if r.at.is_empty() {
                op.params().iter().any(|p| p.name == *key)
            } else {
                op.params().iter().any(|p| p.name == first)
            }
        })
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
