//! Which lint rules a run reports, like ruff's `--select`/`--ignore`: by rule id, from the command line or
//! from a config file found from the current folder up (`mdediag.toml` with a `[lint]` table, or a
//! `pyproject.toml` with `[tool.mdediag.lint]`), the flags winning over the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::lint::Rule;

/// The rules a run keeps.
#[derive(Debug, Default, Clone)]
pub(crate) struct Selection {
    /// Only these (every rule when empty).
    select: Vec<Rule>,
    ignore: Vec<Rule>,
    /// Where the settings came from (a test checks which file was found).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) source: Option<PathBuf>,
}

impl Selection {
    /// From `--select`/`--ignore` (comma-separated ids), else from the config file found from `dir` up.
    pub(crate) fn resolve(select: &[String], ignore: &[String], dir: &Path) -> Result<Selection> {
        let mut sel = match find_config(dir) {
            Some((path, table)) => from_config(&path, table)?,
            None => Selection::default(),
        };
        if !select.is_empty() {
            sel.select = ids(select, "--select")?;
        }
        if !ignore.is_empty() {
            sel.ignore = ids(ignore, "--ignore")?;
        }
        Ok(sel)
    }

    /// Whether findings of rule `id` are kept. Findings that say a file was not checked always are.
    pub(crate) fn keeps(&self, id: &str) -> bool {
        if id == "not-checked" {
            return true;
        }
        let listed = |rules: &[Rule]| rules.iter().any(|r| r.id() == id);
        (self.select.is_empty() || listed(&self.select)) && !listed(&self.ignore)
    }
}

/// Rule ids from flag values (each may hold several, comma-separated); an unknown id is refused with the
/// nearest one (by prefix first: `key` → `key-case`).
fn ids(values: &[String], flag: &str) -> Result<Vec<Rule>> {
    let mut rules = Vec::new();
    for id in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
        if id.is_empty() {
            continue;
        }
        match Rule::by_id(id) {
            Some(r) => rules.push(r),
            None => {
                let all = Rule::ALL.iter().map(|r| r.id());
                let near = all
                    .clone()
                    .find(|r| r.starts_with(&id.to_ascii_lowercase()))
                    .or_else(|| crate::suggest::closest(id, all).map(|m| m.candidate()));
                return Err(crate::cli::UsageError {
                    message: format!("{flag}: unknown rule id `{id}`"),
                    help: Some(match near {
                        Some(n) => {
                            format!("did you mean `{n}`? (`mdediag explain RULE` lists a rule)")
                        }
                        None => "the rule ids are in `mdediag lint --help` and the README".into(),
                    }),
                }
                .into());
            }
        }
    }
    Ok(rules)
}

/// Which table of a config file holds the settings.
#[derive(Debug, Clone, Copy)]
enum Table {
    /// `mdediag.toml`: `[lint]`.
    Own,
    /// `pyproject.toml`: `[tool.mdediag.lint]`.
    Pyproject,
}

/// The nearest `mdediag.toml`, or `pyproject.toml` with a `[tool.mdediag` table, from `dir` up.
fn find_config(dir: &Path) -> Option<(PathBuf, Table)> {
    for d in dir.ancestors() {
        let own = d.join("mdediag.toml");
        if own.is_file() {
            return Some((own, Table::Own));
        }
        let py = d.join("pyproject.toml");
        if std::fs::read_to_string(&py).is_ok_and(|t| t.contains("[tool.mdediag")) {
            return Some((py, Table::Pyproject));
        }
    }
    None
}

fn from_config(path: &Path, table: Table) -> Result<Selection> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{}: not valid TOML", path.display()))?;
    let lint = match table {
        Table::Own => doc.get("lint"),
        Table::Pyproject => doc
            .get("tool")
            .and_then(|t| t.get("mdediag"))
            .and_then(|t| t.get("lint")),
    };
    let list = |key: &str| -> Result<Vec<String>> {
        let Some(item) = lint.and_then(|l| l.get(key)) else {
            return Ok(Vec::new());
        };
        let array = item
            .as_array()
            .with_context(|| format!("{}: `{key}` must be a list of rule ids", path.display()))?;
        Ok(array
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect())
    };
    let shown = path.display().to_string();
    Ok(Selection {
        select: ids(&list("select")?, &format!("{shown}: select"))?,
        ignore: ids(&list("ignore")?, &format!("{shown}: ignore"))?,
        source: Some(path.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mdediag-select-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn flags_select_and_ignore_by_rule_id() {
        let dir = temp("flags");
        let sel = Selection::resolve(&["key-case,key-typo".into()], &["key-typo".into()], &dir)
            .expect("ids");
        assert!(sel.keeps("key-case") && !sel.keeps("key-typo") && !sel.keeps("trailing-comma"));
        assert!(sel.keeps("not-checked"));
        let err = Selection::resolve(&["keycase".into()], &[], &dir).expect_err("unknown");
        let usage = err.downcast_ref::<crate::cli::UsageError>().expect("usage");
        assert_eq!(
            usage.help.as_deref(),
            Some("did you mean `key-case`? (`mdediag explain RULE` lists a rule)")
        );
    }

    #[test]
    fn a_config_file_is_read_from_the_folder_up_and_flags_win() {
        let dir = temp("config");
        let below = dir.join("bodies");
        std::fs::create_dir_all(&below).expect("dir");
        std::fs::write(
            dir.join("pyproject.toml"),
            "[project]\nname = \"x\"\n\n[tool.mdediag.lint]\nignore = [\"inferred-operation\"]\n",
        )
        .expect("write");
        let sel = Selection::resolve(&[], &[], &below).expect("config");
        assert!(!sel.keeps("inferred-operation") && sel.keeps("key-case"));
        assert_eq!(sel.source, Some(dir.join("pyproject.toml")));
        std::fs::write(
            dir.join("mdediag.toml"),
            "[lint]\nselect = [\"key-case\"]\n",
        )
        .expect("write");
        let sel = Selection::resolve(&[], &[], &below).expect("config");
        assert!(sel.keeps("key-case") && !sel.keeps("key-typo"));
        let sel = Selection::resolve(&["key-typo".into()], &[], &below).expect("flag");
        assert!(sel.keeps("key-typo") && !sel.keeps("key-case"));
        std::fs::write(dir.join("mdediag.toml"), "[lint]\nselect = \"key-case\"\n").expect("write");
        assert!(
            Selection::resolve(&[], &[], &below).is_err(),
            "a string is no list"
        );
    }
}
