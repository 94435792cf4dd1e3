//! The Microsoft Graph PowerShell module's error: a cmdlet's line, `Get-MgSecurityAlert_List: <message>`
//! (PowerShell 7) or `Get-MgUser : <message>` (Windows PowerShell), then `Status: 403 (Forbidden)`,
//! `ErrorCode: …`, `Date: …` and a `Headers:` list (`request-id   : …`), blank lines between. The cmdlets'
//! nouns all start with `Mg`; the generated ones add their variant after `_`.

use super::{message_text, Clue, Recognizer, Trigger};

pub(crate) static RECOGNIZERS: &[Recognizer] = &[Recognizer {
    name: "Microsoft Graph PowerShell cmdlet error",
    samples: &[
        "Get-MgSecurityAlert_List: Insufficient privileges to complete the operation.",
        "Get-MgUser : Insufficient privileges to complete the operation.",
        "Update-MgSecurityIncident_UpdateExpanded: The incident could not be found.",
    ],
    triggers: &[Trigger::Anywhere("-Mg")],
    read,
}];

fn read(line: &str) -> Option<Clue<'_>> {
    let t = line.trim_start();
    let (name, message) = t.split_once(':')?;
    let (verb, noun) = name.trim_end().split_once("-Mg")?;
    let cmdlet = verb.len() >= 2
        && verb.starts_with(|c: char| c.is_ascii_uppercase())
        && verb.bytes().all(|c| c.is_ascii_alphabetic())
        && noun.starts_with(|c: char| c.is_ascii_uppercase())
        && noun.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    let message = message.trim();
    // A sentence, not a prompt's echo or a parameter list; an Entra sign-in error (`Connect-MgGraph:
    // ClientSecretCredential authentication failed: AADSTS…`) is Entra's, read as such.
    if !cmdlet || message.len() < 8 || !message.contains(' ') || message.contains("AADSTS") {
        return None;
    }
    let code = match message_text::read(message) {
        Some(Clue::Message(_, code)) => Some(code),
        _ => None,
    };
    Some(Clue::GraphCmdlet { message, code })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_graph_cmdlet_with_a_message_is_read() {
        assert!(matches!(
            read("Get-MgUser : Insufficient privileges to complete the operation."),
            Some(Clue::GraphCmdlet { code: Some(_), .. })
        ));
        assert!(matches!(
            read("Get-MgSecurityIncident_Get: The incident could not be found."),
            Some(Clue::GraphCmdlet { code: None, .. })
        ));
        for line in [
            "PS C:\\> Connect-MgGraph -Scopes User.Read.All",
            "Get-MgContext",
            "Get-MgUser: x",
            "Invoke-RestMethod: Insufficient privileges to complete the operation.",
            "get-mgUser: Insufficient privileges to complete the operation.",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }
}
