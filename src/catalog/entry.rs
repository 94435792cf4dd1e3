//! One catalog entry and the parser for its markdown file (front matter + five fixed sections).

use std::fmt;

/// Which API sends the code (its envelope family).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The Defender for Endpoint API itself (`{"error":{"code","message","target"}}`).
    Mde,
    /// A Microsoft Graph style envelope (`innerError` with `request-id`).
    Graph,
    /// An Azure Resource Manager style envelope.
    Arm,
    /// An OAuth error from the Entra ID token endpoint (`error`, `error_description`).
    Entra,
    /// One AADSTS number behind an Entra error.
    Aadsts,
}

/// Whether sending the same request again can succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Retrying never helps.
    Never,
    /// Only a corrected request (or setup) succeeds.
    AfterFix,
    /// The same request succeeds later: wait as long as the server says, or back off.
    AfterDelay,
    /// An earlier action is still running: poll it until it finishes, then retry.
    Poll,
}

/// Where the knowledge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnowledgeSource {
    /// Microsoft's common errors table.
    CommonTable,
    /// An MDE operation page.
    OperationPage,
    /// Seen in real responses; not in the MDE docs.
    Field,
}

macro_rules! keyword_enum {
    ($ty:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The keyword used in catalog files and JSON output.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
            fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(Sender { Mde = "mde", Graph = "graph", Arm = "arm", Entra = "entra", Aadsts = "aadsts" });
keyword_enum!(Retry { Never = "never", AfterFix = "after-fix", AfterDelay = "after-delay", Poll = "poll" });
keyword_enum!(KnowledgeSource { CommonTable = "common-table", OperationPage = "operation-page", Field = "field" });

impl Retry {
    /// Transient errors resolve by themselves: waiting (and polling) is the whole fix.
    pub fn is_transient(self) -> bool {
        matches!(self, Retry::AfterDelay | Retry::Poll)
    }
}

/// One error code and everything we know about it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: &'static str,
    pub status: u16,
    pub family: Sender,
    pub summary: &'static str,
    pub retry: Retry,
    pub evidence: KnowledgeSource,
    pub docs: &'static str,
    /// Messages the server sends, placeholders as `{name}`.
    pub templates: Vec<&'static str>,
    /// Names the Dutch edition of Microsoft's docs prints instead of the code.
    pub aliases_nl: Vec<&'static str>,
    pub related: Vec<&'static str>,
    pub aadsts: Option<u32>,
    pub meaning: String,
    pub causes: Vec<String>,
    pub fix: Vec<String>,
    /// Per fix step: whether it holds only for the Defender for Endpoint API (marked `[MDE] ` in the file),
    /// so a Microsoft Graph call leaves it out.
    pub fix_mde_only: Vec<bool>,
    pub retry_text: String,
    /// The example response, as the raw JSON text.
    pub example: &'static str,
    /// Each template's leading literal (see [`Entry::template_leads`]), worked out on first use.
    leads: std::sync::OnceLock<Vec<&'static str>>,
}

/// What is wrong with a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogFileError(pub String);

impl fmt::Display for CatalogFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogFileError {}

fn err<T>(msg: impl Into<String>) -> Result<T, CatalogFileError> {
    Err(CatalogFileError(msg.into()))
}

/// The mark that starts a fix step true only for the Defender for Endpoint API (not for a Graph call).
pub(super) const MDE_ONLY: &str = "[MDE] ";

/// The section headings, in the order every file has them.
pub(super) const SECTIONS: [&str; 5] = [
    "Meaning",
    "Likely causes",
    "How to fix",
    "Does retrying help?",
    "Example response",
];

impl Entry {
    /// Parses one catalog file.
    pub fn parse(text: &'static str) -> Result<Entry, CatalogFileError> {
        let Some(rest) = text.strip_prefix("---\n") else {
            return err("missing front matter: the file must start with '---'");
        };
        let Some((front, body)) = rest.split_once("\n---\n") else {
            return err("front matter is not closed with '---'");
        };
        let mut fields: Vec<(&'static str, &'static str)> = Vec::new();
        for line in front.lines() {
            let Some((key, value)) = line.split_once(':') else {
                return err(format!("front matter line without ':': {line}"));
            };
            fields.push((key.trim(), value.trim()));
        }
        let one = |key: &str| -> Result<&'static str, CatalogFileError> {
            let mut values = fields.iter().filter(|(k, _)| *k == key).map(|(_, v)| *v);
            match (values.next(), values.next()) {
                (Some(v), None) if !v.is_empty() => Ok(v),
                (Some(_), None) | (None, _) => err(format!("'{key}' is missing or empty")),
                (Some(_), Some(_)) => err(format!("'{key}' is given twice")),
            }
        };
        let many = |key: &str| -> Vec<&'static str> {
            fields
                .iter()
                .filter(|(k, v)| *k == key && !v.is_empty())
                .map(|(_, v)| *v)
                .collect()
        };
        const KNOWN: [&str; 12] = [
            "code", "status", "family", "summary", "retry", "evidence", "docs", "template",
            "alias-nl", "related", "aadsts", "",
        ];
        if let Some((k, _)) = fields.iter().find(|(k, _)| !KNOWN.contains(k)) {
            return err(format!("unknown front matter key '{k}'"));
        }
        let status = one("status")?;
        let status: u16 = match status.parse() {
            Ok(s @ 100..=599) => s,
            _ => return err(format!("status '{status}' is not an HTTP status")),
        };
        let family = one("family")?;
        let family = Sender::parse(family)
            .ok_or_else(|| CatalogFileError(format!("unknown family '{family}'")))?;
        let retry = one("retry")?;
        let retry = Retry::parse(retry)
            .ok_or_else(|| CatalogFileError(format!("unknown retry '{retry}'")))?;
        let evidence = one("evidence")?;
        let evidence = KnowledgeSource::parse(evidence)
            .ok_or_else(|| CatalogFileError(format!("unknown evidence '{evidence}'")))?;
        let aadsts = match many("aadsts").as_slice() {
            [] => None,
            [n] => Some(
                n.parse::<u32>()
                    .map_err(|_| CatalogFileError(format!("aadsts '{n}' is not a number")))?,
            ),
            _ => return err("'aadsts' is given twice"),
        };
        let related = many("related")
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();

        let sections = split_sections(body)?;
        let example = code_block(sections[4])?;
        let (fix, fix_mde_only): (Vec<String>, Vec<bool>) = list_items(sections[2], true)?
            .into_iter()
            .map(|step| match step.strip_prefix(MDE_ONLY) {
                Some(rest) => (rest.to_string(), true),
                None => (step, false),
            })
            .unzip();
        Ok(Entry {
            code: one("code")?,
            status,
            family,
            summary: one("summary")?,
            retry,
            evidence,
            docs: one("docs")?,
            templates: many("template"),
            aliases_nl: many("alias-nl"),
            related,
            aadsts,
            meaning: paragraphs(sections[0]),
            causes: list_items(sections[1], false)?,
            fix,
            fix_mde_only,
            retry_text: paragraphs(sections[3]),
            example,
            leads: std::sync::OnceLock::new(),
        })
    }

    /// Each template's leading literal without trailing blanks, in template order: what a message must start
    /// with to match it. Kept per entry: every message of a known code is tried against its entry's templates,
    /// and working the leads out again each time was a tenth of a log's diagnosis (callgrind, jsonl).
    pub(crate) fn template_leads(&self) -> &[&'static str] {
        self.leads.get_or_init(|| {
            self.templates
                .iter()
                .map(|t| super::template::leading_literal(t).trim_end())
                .collect()
        })
    }

    /// The example response, parsed.
    pub fn example_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.example).ok()
    }
}

/// The five sections' bodies, in order; every heading present, in order, none empty.
fn split_sections(body: &'static str) -> Result<[&'static str; 5], CatalogFileError> {
    let mut found: Vec<(&str, &'static str)> = Vec::new();
    let mut rest = body;
    // Headings start a line with "## "; everything up to the next heading is the section.
    while let Some(pos) = find_heading(rest) {
        let after = &rest[pos + 3..];
        let (title, content) = after.split_once('\n').unwrap_or((after, ""));
        let end = find_heading(content).unwrap_or(content.len());
        found.push((title.trim(), content[..end].trim()));
        rest = &content[end..];
    }
    let titles: Vec<&str> = found.iter().map(|(t, _)| *t).collect();
    if titles != SECTIONS {
        return err(format!(
            "sections must be {SECTIONS:?} in this order, found {titles:?}"
        ));
    }
    if let Some((t, _)) = found.iter().find(|(_, c)| c.is_empty()) {
        return err(format!("section '{t}' is empty"));
    }
    Ok([found[0].1, found[1].1, found[2].1, found[3].1, found[4].1])
}

fn find_heading(text: &str) -> Option<usize> {
    if text.starts_with("## ") {
        return Some(0);
    }
    // memchr's searcher: std's two-way search for this short needle was a fifth of `explain`'s start-up
    // (every entry is parsed then).
    memchr::memmem::find(text.as_bytes(), b"\n## ").map(|p| p + 1)
}

/// Joins wrapped lines into paragraphs separated by a blank line.
fn paragraphs(text: &str) -> String {
    // One pass into one buffer: every entry is parsed at start-up, so this runs for every lookup.
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    let ends = memchr::memmem::find_iter(text.as_bytes(), b"\n\n").chain([text.len()]);
    for end in ends {
        // Blank lines in a row: the text between them is empty, and adds no words.
        let p = text.get(start..end).unwrap_or_default();
        start = end + 2;
        for (i, word) in p.split_whitespace().enumerate() {
            match (i, out.is_empty()) {
                (0, false) => out.push_str("\n\n"),
                (0, true) => {}
                _ => out.push(' '),
            }
            out.push_str(word);
        }
    }
    out
}

/// Items of a `- ` list (or `1. ` list when `numbered`); continuation lines are joined to their item.
fn list_items(text: &str, numbered: bool) -> Result<Vec<String>, CatalogFileError> {
    let mut items: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let marker = if numbered {
            trimmed
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .map(|(_, rest)| rest)
        } else {
            trimmed.strip_prefix("- ")
        };
        match (marker, items.last_mut()) {
            (Some(item), _) => items.push(item.trim().to_string()),
            (None, Some(last)) if line.starts_with(' ') => {
                last.push(' ');
                last.push_str(trimmed);
            }
            (None, _) => {
                let kind = if numbered { "numbered" } else { "'- '" };
                return err(format!("expected a {kind} list item, found: {trimmed}"));
            }
        }
    }
    if items.is_empty() {
        return err("list is empty");
    }
    Ok(items)
}

/// The content of the one ```json fenced block.
fn code_block(text: &'static str) -> Result<&'static str, CatalogFileError> {
    let Some(start) = text.find("```json\n") else {
        return err("example response needs a ```json block");
    };
    let inner = &text[start + 8..];
    let Some(end) = inner.find("\n```") else {
        return err("example response block is not closed");
    };
    Ok(inner[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ncode: Forbidden\nstatus: 403\nfamily: mde\nsummary: No permission\nretry: after-fix\n\
evidence: common-table\ndocs: https://example.test\ntemplate: A {x}.\ntemplate: B {y}.\nalias-nl: Verboden\n\
related: Unauthorized, DisabledFeature\naadsts:\n---\n\n## Meaning\nLine one\nline two.\n\n## Likely causes\n\
- a\n  continued\n- b\n\n## How to fix\n1. first\n2. second\n\n## Does retrying help?\nNo.\n\n\
## Example response\n```json\n{\"error\":{\"code\":\"Forbidden\"}}\n```\n";

    #[test]
    fn parses_every_field() {
        let e = Entry::parse(GOOD).expect("valid entry");
        assert_eq!(
            (e.code, e.status, e.family),
            ("Forbidden", 403, Sender::Mde)
        );
        assert_eq!(e.templates, ["A {x}.", "B {y}."]);
        assert_eq!(e.related, ["Unauthorized", "DisabledFeature"]);
        assert_eq!(e.aliases_nl, ["Verboden"]);
        assert_eq!(e.meaning, "Line one line two.");
        assert_eq!(e.causes, ["a continued", "b"]);
        assert_eq!(e.fix, ["first", "second"]);
        assert_eq!(e.fix_mde_only, [false, false]);
        assert_eq!(e.aadsts, None);
        assert_eq!(e.example, "{\"error\":{\"code\":\"Forbidden\"}}");
    }

    #[test]
    fn mde_only_steps_are_marked_and_the_mark_removed() {
        let marked: &'static str = Box::leak(
            GOOD.replace("2. second", "2. [MDE] second")
                .into_boxed_str(),
        );
        let e = Entry::parse(marked).expect("valid entry");
        assert_eq!(e.fix, ["first", "second"]);
        assert_eq!(e.fix_mde_only, [false, true]);
    }

    #[test]
    fn rejects_missing_section() {
        let broken: &'static str =
            Box::leak(GOOD.replace("## Meaning", "## Meanings").into_boxed_str());
        assert!(Entry::parse(broken)
            .unwrap_err()
            .0
            .contains("sections must be"));
    }

    #[test]
    fn rejects_unknown_retry_and_key() {
        let bad_retry: &'static str =
            Box::leak(GOOD.replace("after-fix", "sometimes").into_boxed_str());
        assert!(Entry::parse(bad_retry).is_err());
        let bad_key: &'static str =
            Box::leak(GOOD.replace("aadsts:", "colour: red").into_boxed_str());
        assert!(Entry::parse(bad_key)
            .unwrap_err()
            .0
            .contains("unknown front matter key"));
    }
}
