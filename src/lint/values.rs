//! Value shapes: hashes, IP addresses, domain names, URLs, ISO 8601 date-times, ids. Pure functions that say
//! what is wrong in a few words, or nothing.

use std::net::IpAddr;

/// What a run of `len` hex digits most likely is.
pub(super) fn hash_kind_for_len(len: usize) -> Option<&'static str> {
    match len {
        32 => Some("an MD5"),
        40 => Some("a SHA-1 (or certificate thumbprint)"),
        64 => Some("a SHA-256"),
        _ => None,
    }
}

/// Checks a hex hash of `len` digits; the problem in words, or `None`.
pub(super) fn check_hex(value: &str, len: usize) -> Option<String> {
    if let Some((i, c)) = value.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Some(format!(
            "has '{c}' at character {}; a hash is hex digits only (0-9, a-f)",
            value[..i].chars().count() + 1
        ));
    }
    if value.len() != len {
        let hint = hash_kind_for_len(value.len())
            .map(|k| format!(": {} digits look like {k}", value.len()))
            .unwrap_or_default();
        return Some(format!(
            "has {} hex digits, {len} expected{hint}",
            value.len()
        ));
    }
    None
}

/// Checks a single IP address (no range, no port).
pub(super) fn check_ip(value: &str) -> Option<String> {
    if value.contains('/') {
        return Some("is a CIDR range; only single addresses are accepted".to_string());
    }
    if value.parse::<IpAddr>().is_ok() {
        return None;
    }
    if value.rsplit_once(':').is_some_and(|(ip, port)| {
        ip.parse::<IpAddr>().is_ok() && port.bytes().all(|b| b.is_ascii_digit())
    }) {
        return Some("has a port; send the address alone".to_string());
    }
    Some("is not an IPv4 or IPv6 address".to_string())
}

/// Checks a bare domain name (labels of letters, digits and hyphens).
pub(super) fn check_domain(value: &str) -> Option<String> {
    if value.contains("://") {
        return Some("is a URL; a domain indicator takes the host name only".to_string());
    }
    if value.contains(['/', ':', '?', '#', '@', ' ']) {
        return Some("has characters a host name cannot have (/ : ? # @ or a space)".to_string());
    }
    let name = value.strip_suffix('.').unwrap_or(value);
    if name.is_empty() || name.len() > 253 {
        return Some("is not a domain name (1 to 253 characters)".to_string());
    }
    for label in name.split('.') {
        if label.is_empty() || label.chars().count() > 63 {
            return Some("has an empty or over-long label (between dots)".to_string());
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("has a label starting or ending with '-': {label}"));
        }
        if !label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Some(format!(
                "has a label with characters other than letters, digits and '-': {label}"
            ));
        }
    }
    if name.parse::<IpAddr>().is_ok() {
        return Some("is an IP address; use indicatorType IpAddress".to_string());
    }
    None
}

/// Checks an absolute http(s) URL.
pub(super) fn check_absolute_url(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("is not an absolute http(s) URL".to_string());
    };
    check_url_rest(rest)
}

/// Checks a URL indicator: a scheme is optional, but when present it is http(s).
pub(super) fn check_url_indicator(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let rest = match lower.split_once("://") {
        Some(("http" | "https", rest)) => rest,
        Some((scheme, _)) => {
            return Some(format!(
                "has the scheme '{scheme}'; only http and https are taken"
            ))
        }
        None => lower.as_str(),
    };
    check_url_rest(rest)
}

fn check_url_rest(rest: &str) -> Option<String> {
    if rest.chars().any(char::is_whitespace) {
        return Some("has a space; encode it as %20".to_string());
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        return Some("has no host".to_string());
    }
    None
}

/// Checks a GUID (8-4-4-4-12 hex, braces allowed).
pub(super) fn check_guid(value: &str) -> Option<String> {
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .unwrap_or(value);
    let groups: Vec<&str> = inner.split('-').collect();
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    (!ok).then(|| "is not a GUID (8-4-4-4-12 hex digits)".to_string())
}

/// Checks a device id: 40 hex digits.
pub(super) fn check_machine_id(value: &str) -> Option<String> {
    (value.len() != 40 || !value.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| "is not a device id (40 hex digits)".to_string())
}

/// The characters live response refuses in script arguments.
pub(super) const UNSAFE_ARG_CHARS: [char; 7] = [';', '&', '|', '!', '$', '(', ')'];

/// The refused characters found in `value`, in the order of [`UNSAFE_ARG_CHARS`].
pub(super) fn unsafe_arg_chars(value: &str) -> Vec<char> {
    UNSAFE_ARG_CHARS
        .into_iter()
        .filter(|c| value.contains(*c))
        .collect()
}

/// Whether a string is what Windows PowerShell's `ConvertTo-Json` writes for an object nested deeper than its
/// `-Depth` (2 by default): the type name (`System.Collections.Hashtable`, `System.Object[]`), one per
/// element of an array joined with spaces, or a custom object's `@{key=ScriptName; value=x}` text.
pub(super) fn is_powershell_depth_cut(value: &str) -> bool {
    // Every string of a body passes here: a first look at the start keeps the common case to a few steps.
    if !(value.starts_with("System.") || value.starts_with("@{")) {
        return false;
    }
    let v = value.trim_end();
    if v.starts_with("@{") && v.ends_with('}') && v.contains('=') {
        return true;
    }
    let type_name = |w: &str| {
        w.strip_prefix("System.").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._`[],".contains(&b))
        })
    };
    !v.is_empty() && v.split(' ').all(type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powershell_depth_cuts_are_told_from_text() {
        for cut in [
            "System.Collections.Hashtable",
            "System.Collections.Hashtable System.Collections.Hashtable",
            "System.Object[]",
            "System.Collections.Specialized.OrderedDictionary",
            "System.Collections.Generic.List`1[System.String]",
            "@{key=ScriptName; value=minidump.ps1}",
        ] {
            assert!(is_powershell_depth_cut(cut), "{cut}");
        }
        for text in [
            "",
            "System",
            "System.",
            "Isolate System.Object[]",
            "System is down",
            "Tier0,Servers",
            "@{not a hashtable}",
            "user@{contoso}=x",
        ] {
            assert!(!is_powershell_depth_cut(text), "{text}");
        }
    }

    #[test]
    fn hashes_name_the_type_their_length_suggests() {
        assert_eq!(check_hex(&"a".repeat(40), 40), None);
        let msg = check_hex(&"a".repeat(64), 40).expect("wrong length");
        assert!(msg.contains("SHA-256"), "{msg}");
        assert!(check_hex("xyz", 3).expect("not hex").contains("'x'"));
    }

    #[test]
    fn ip_addresses_refuse_ranges_and_ports() {
        assert_eq!(check_ip("10.0.0.1"), None);
        assert_eq!(check_ip("2001:db8::1"), None);
        assert!(check_ip("10.0.0.0/24").expect("cidr").contains("CIDR"));
        assert!(check_ip("10.0.0.1:443").expect("port").contains("port"));
        assert!(check_ip("10.0.0.256").is_some());
    }

    #[test]
    fn domains_take_host_names_only() {
        assert_eq!(check_domain("contoso.com"), None);
        assert_eq!(check_domain("sub-1.contoso.co.uk."), None);
        assert!(check_domain("https://contoso.com").is_some());
        assert!(check_domain("-bad.com").is_some());
        assert!(check_domain("a..b").is_some());
        assert!(check_domain("1.2.3.4").is_some());
    }

    #[test]
    fn urls_need_a_host_and_no_spaces() {
        assert_eq!(check_absolute_url("https://contoso.com/help"), None);
        assert!(check_absolute_url("contoso.com/help").is_some());
        assert!(check_absolute_url("https://").is_some());
        assert_eq!(check_url_indicator("contoso.com/bad"), None);
        assert!(check_url_indicator("ftp://contoso.com").is_some());
        assert!(check_url_indicator("http://a b").is_some());
    }

    #[test]
    fn script_args_with_metacharacters_are_caught() {
        assert_eq!(unsafe_arg_chars("-Name x; rm"), vec![';']);
        assert!(unsafe_arg_chars("OfficeClickToRun").is_empty());
        assert_eq!(unsafe_arg_chars("$(a)"), vec!['$', '(', ')']);
    }

    #[test]
    fn ids_have_their_documented_shape() {
        assert_eq!(check_machine_id(&"0a".repeat(20)), None);
        assert!(check_machine_id("abc").is_some());
        assert_eq!(check_guid("4ad8d463-6b3a-4894-b42a-a2de9ea0a8ae"), None);
        assert!(check_guid("td32f17af-5cc2-4e4e-964a-4c4ef7d216e2").is_some());
    }
}
