//! `mdediag operations [NAME]`: the list of every documented operation (filtered by method, family or
//! permission), or one operation's method, path, permissions, limits and, for a body, its parameters.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{OperationsArgs, OperationsFormat};
use crate::exit::ExitStatus;
use crate::operations::{routes, schema, BodyKind, Family, Method, Route};
use crate::render::operations as render;
use crate::suggest;
use crate::token::known;

/// The error for an operation name that is not in the table, with a suggestion when one is close: an
/// operation name, or the operation behind a docs page name.
pub(crate) fn unknown_operation(name: &str) -> anyhow::Error {
    let on_page = routes::by_page(name);
    if on_page.len() > 1 {
        let names: Vec<&str> = on_page.iter().map(|r| r.name).collect();
        return anyhow::anyhow!(
            "'{name}' is the docs page of {} operations: {}; name one of them",
            names.len(),
            names.join(", ")
        );
    }
    let names = || routes::all().iter().map(|o| o.name);
    // A name's start names it too (`isolate` → `isolate-machine`) when one operation alone starts so.
    let lower = name.to_ascii_lowercase();
    let mut by_prefix = names().filter(|n| n.starts_with(&lower));
    let prefix = match (by_prefix.next(), by_prefix.next()) {
        (Some(only), None) if !lower.is_empty() => Some(only),
        _ => None,
    };
    let near = prefix
        .or_else(|| suggest::closest(name, names()).map(|m| m.candidate()))
        .or_else(|| near_page(name));
    match near {
        Some(near) => anyhow::anyhow!(
            "unknown operation '{name}'; did you mean '{near}'? (mdediag operations lists them)"
        ),
        None => anyhow::anyhow!("unknown operation '{name}' (mdediag operations lists them)"),
    }
}

/// The operation whose docs page name is a near miss of `name` (`run-advanced-qurey`), when that page
/// documents one operation only.
fn near_page(name: &str) -> Option<&'static str> {
    let key = routes::page_key(name);
    let pages: Vec<(String, &'static str)> = routes::all()
        .iter()
        .map(|r| (routes::page_key(r.docs), r.name))
        .collect();
    let page = suggest::closest(&key, pages.iter().map(|(p, _)| p.as_str()))?.candidate();
    let mut on_page = pages.iter().filter(|(p, _)| p == page);
    match (on_page.next(), on_page.next()) {
        (Some((_, only)), None) => Some(only),
        _ => None,
    }
}

/// Which routes the list shows: every filter given must hold (AND).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Filter<'a> {
    pub(crate) method: Option<Method>,
    pub(crate) family: Option<Family>,
    /// A permission name: the route takes it, as application or delegated permission.
    pub(crate) permission: Option<&'a str>,
}

impl Filter<'_> {
    /// Whether `route` passes every filter.
    pub(crate) fn keeps(&self, route: &Route) -> bool {
        self.method.is_none_or(|m| route.method == m)
            && self.family.is_none_or(|f| route.family() == f)
            && self.permission.is_none_or(|p| {
                route
                    .permissions()
                    .any(|n| n == p || known::canonical_permission(n) == p)
            })
    }
}

/// The filters of the arguments; an unknown permission name is an error naming the nearest real one.
fn filter(args: &OperationsArgs) -> Result<Filter<'_>> {
    let method = match args.method.as_deref() {
        Some(m) => Some(
            Method::parse(m).ok_or_else(|| anyhow::anyhow!("--method: unknown method '{m}'"))?,
        ),
        None => None,
    };
    let family = match args.family.as_deref() {
        Some(f) => Some(
            Family::parse(f).ok_or_else(|| anyhow::anyhow!("--family: unknown family '{f}'"))?,
        ),
        None => None,
    };
    let permission = args.permission.as_deref();
    if let Some(p) = permission {
        let names = || {
            known::APPLICATION_PERMISSIONS
                .iter()
                .chain(known::DELEGATED_PERMISSIONS)
                .copied()
        };
        if !names().any(|n| n == p) {
            match suggest::closest(p, names()) {
                Some(m) => anyhow::bail!(
                    "--permission: '{p}' is no MDE permission; did you mean '{}'? (names are case-sensitive)",
                    m.candidate()
                ),
                None => anyhow::bail!("--permission: '{p}' is no MDE permission"),
            }
        }
    }
    Ok(Filter {
        method,
        family,
        permission,
    })
}

/// Lists the operations or shows one; `--format json-schema` prints a body schema or writes them to `--out`.
pub(crate) fn run(args: &OperationsArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let named = match &args.name {
        Some(name) => Some(routes::by_name(name).ok_or_else(|| unknown_operation(name))?),
        None => None,
    };
    if args.out.is_some() && args.format != OperationsFormat::JsonSchema {
        anyhow::bail!("--out writes JSON Schema files: use it with --format json-schema");
    }
    let filter = filter(args)?;
    let filtered =
        filter.method.is_some() || filter.family.is_some() || filter.permission.is_some();
    if named.is_some() && filtered {
        anyhow::bail!(
            "--method, --family and --permission filter the list: give them without NAME"
        );
    }
    let list =
        || -> Vec<&'static Route> { routes::all().iter().filter(|r| filter.keeps(r)).collect() };
    match (args.format, named) {
        (OperationsFormat::JsonSchema, _) => schemas(args, named, out)?,
        (OperationsFormat::Human, None) => {
            // Wrapped to a terminal; whole paths into a pipe (grep sees them all).
            let width = std::io::IsTerminal::is_terminal(&std::io::stdout())
                .then(crate::render::width::columns);
            render::list_text(out, &list(), width)?
        }
        (OperationsFormat::Json, None) => render::list_json(out, &list())?,
        (OperationsFormat::Human, Some(route)) => render::detail_text(out, route)?,
        (OperationsFormat::Json, Some(route)) => render::detail_json(out, route)?,
    }
    Ok(ExitStatus::Clean)
}

/// The body operation of a route, or why there is none.
fn body_of(route: &'static Route) -> Result<&'static Route> {
    route.body.map(|_| route).ok_or_else(|| {
        anyhow::anyhow!(
            "{} ({} {}) takes no request body: it has no JSON Schema",
            route.name,
            route.method.as_str(),
            route.path
        )
    })
}

/// Prints one body schema, or writes NAME.schema.json files into `--out` (one, or every JSON body).
fn schemas(
    args: &OperationsArgs,
    route: Option<&'static Route>,
    out: &mut dyn Write,
) -> Result<()> {
    let named = route.map(body_of).transpose()?;
    let Some(dir) = &args.out else {
        let Some(op) = named else {
            anyhow::bail!(
                "--format json-schema prints one operation's schema: name it, or pass --out DIR to write them all"
            );
        };
        let schema = schema::body_schema(op).ok_or_else(|| not_json(op))?;
        return crate::render::write_json(out, &schema);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let chosen: Vec<&'static Route> = match named {
        Some(op) => vec![op],
        None => crate::operations::with_body()
            .filter(|o| o.body_kind() == Some(BodyKind::Json))
            .collect(),
    };
    for op in chosen {
        let schema = schema::body_schema(op).ok_or_else(|| not_json(op))?;
        let path = dir.join(format!("{}.schema.json", op.name));
        let mut text = serde_json::to_string_pretty(&schema)?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        writeln!(
            out,
            "wrote {}",
            crate::sanitize::for_terminal(&path.display().to_string())
        )?;
    }
    Ok(())
}

fn not_json(op: &Route) -> anyhow::Error {
    anyhow::anyhow!(
        "{} takes multipart/form-data, not JSON: it has no JSON Schema",
        op.name
    )
}
