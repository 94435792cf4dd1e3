//! Role (permission) lists in messages and the fact of the roles a token lacks.

use super::advice::{self, fill, Key};
use super::{list, Fact, FactKind};

/// Whether `word` is shaped like a permission name (`Machine.Isolate`, `Ti.ReadWrite.All`): ASCII letters and
/// digits in parts joined by single dots, at least two parts.
fn is_role_name(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The role names a list starts with (`A,B, C`, `A B`, `A, B or C`). The list ends at the first word that is
/// not a role name, or after a name that ends a sentence (`A. The caller must…`): messages may go on after the
/// list, and those words are not roles.
pub(super) fn role_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        // A joining word between two names, not one itself.
        if !out.is_empty() && (word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or"))
        {
            continue;
        }
        let name = word.trim_end_matches('.');
        if !is_role_name(name) {
            break;
        }
        out.push(name.to_string());
        if name.len() < word.len() {
            break;
        }
    }
    out
}

pub(super) fn roles_fact(required: Vec<String>, granted: Vec<String>) -> Fact {
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !granted.iter().any(|g| g.eq_ignore_ascii_case(r)))
        .cloned()
        .collect();
    let (text, advice) = if granted.is_empty() {
        (
            fill(Key::RolesTextNoRoles, &[("required", &list(&required))]),
            fill(Key::RolesAdviceNoRoles, &[("missing", &one_of(&missing))]),
        )
    } else if missing.is_empty() {
        (
            fill(
                Key::RolesTextAllGranted,
                &[("granted", &list(&granted)), ("required", &list(&required))],
            ),
            advice::get(Key::RolesAdviceAllGranted).to_string(),
        )
    } else {
        (
            fill(
                Key::RolesTextLacking,
                &[
                    ("required", &list(&required)),
                    ("granted", &list(&granted)),
                    ("missing", &list(&missing)),
                ],
            ),
            fill(Key::RolesAdviceLacking, &[("missing", &one_of(&missing))]),
        )
    };
    Fact::of(
        FactKind::MissingRoles {
            required,
            granted,
            missing,
        },
        text,
        advice,
    )
}

pub(super) fn one_of(roles: &[String]) -> String {
    match roles {
        [one] => one.clone(),
        more => fill(Key::RolesOneOf, &[("roles", &list(more))]),
    }
}
