//! `mdediag operations [NAME]`: the operation list, or one operation's parameters, permissions and limits.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{OperationsArgs, OperationsFormat};
use crate::exit::ExitStatus;
use crate::operations::{self, schema, BodyKind, Operation, OPERATIONS};
use crate::render::operations as render;
use crate::suggest;

/// The error for an operation name that is not in the table, with a suggestion when one is close.
pub fn unknown_operation(name: &str) -> anyhow::Error {
    match suggest::closest(name, OPERATIONS.iter().map(|o| o.name)) {
        Some(m) => anyhow::anyhow!(
            "unknown operation '{name}'; did you mean '{}'? (mdediag operations lists them)",
            m.candidate()
        ),
        None => anyhow::anyhow!("unknown operation '{name}' (mdediag operations lists them)"),
    }
}

/// Lists the operations or shows one; `--format json-schema` prints a body schema or writes them to `--out`.
pub fn run(args: &OperationsArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let named = match &args.name {
        Some(name) => Some(operations::by_name(name).ok_or_else(|| unknown_operation(name))?),
        None => None,
    };
    if args.out.is_some() && args.format != OperationsFormat::JsonSchema {
        anyhow::bail!("--out writes JSON Schema files: use it with --format json-schema");
    }
    match (args.format, named) {
        (OperationsFormat::JsonSchema, _) => schemas(args, named, out)?,
        (OperationsFormat::Human, None) => render::list_text(out, OPERATIONS)?,
        (OperationsFormat::Json, None) => render::list_json(out, OPERATIONS)?,
        (OperationsFormat::Human, Some(op)) => render::detail_text(out, op)?,
        (OperationsFormat::Json, Some(op)) => render::detail_json(out, op)?,
    }
    Ok(ExitStatus::Clean)
}

/// Prints one body schema, or writes NAME.schema.json files into `--out` (one, or every JSON body).
fn schemas(
    args: &OperationsArgs,
    named: Option<&'static Operation>,
    out: &mut dyn Write,
) -> Result<()> {
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
    let chosen: Vec<&'static Operation> = match named {
        Some(op) => vec![op],
        None => OPERATIONS
            .iter()
            .filter(|o| o.body == BodyKind::Json)
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

fn not_json(op: &Operation) -> anyhow::Error {
    anyhow::anyhow!(
        "{} takes multipart/form-data, not JSON: it has no JSON Schema",
        op.name
    )
}
