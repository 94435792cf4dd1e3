//! What the token doctor knows, as data: the audiences the MDE API accepts, well-known wrong ones, permission
//! names (application and delegated, from the MDE docs) and the permission-name traps.
//!
//! MDE facts are copied from `shared/reference/mde-api-facts.json` → `auth`; everything else says where it
//! comes from in `source`.

/// The v1 token endpoint (takes `resource=`).
pub(crate) const V1_TOKEN_ENDPOINT: &str =
    "https://login.microsoftonline.com/{tenantId}/oauth2/token";
/// The v2 token endpoint (takes `scope=…/.default`).
pub(crate) const V2_TOKEN_ENDPOINT: &str =
    "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token";
/// The resource the MDE docs request tokens for (v1 `resource`; v2 `scope` adds `/.default`).
pub(crate) const MDE_RESOURCE: &str = "https://api.securitycenter.microsoft.com";
/// Allowed clock difference between the token issuer, the API and this machine.
pub(crate) const CLOCK_SKEW_SECONDS: i64 = 300;

/// Which Microsoft cloud an audience or API host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cloud {
    Commercial,
    /// US Government GCC (commercial login host).
    Gcc,
    /// US Government GCC High and DoD (login.microsoftonline.us).
    GccHigh,
}

impl Cloud {
    /// The MDE resource to request in this cloud.
    pub(crate) fn resource(self) -> &'static str {
        match self {
            Cloud::Commercial => MDE_RESOURCE,
            Cloud::Gcc => "https://api-gcc.securitycenter.microsoft.us",
            Cloud::GccHigh => "https://api-gov.securitycenter.microsoft.us",
        }
    }

    /// The login host of this cloud.
    pub(crate) fn login(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://login.microsoftonline.com",
            Cloud::GccHigh => "https://login.microsoftonline.us",
        }
    }

    /// A short name for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Cloud::Commercial => "commercial cloud",
            Cloud::Gcc => "US Government GCC",
            Cloud::GccHigh => "US Government GCC High / DoD",
        }
    }

    /// The cloud an MDE API host serves, when the host is one of the documented ones.
    pub(crate) fn of_api_host(host: &str) -> Option<Cloud> {
        let host = host.to_ascii_lowercase();
        // The Defender XDR API hosts of the US Government clouds (the Defender XDR for US Government page's
        // table of endpoints) beside the MDE ones.
        if host == "api-gcc.securitycenter.microsoft.us" || host == "api-gcc.security.microsoft.us"
        {
            Some(Cloud::Gcc)
        } else if host == "api-gov.securitycenter.microsoft.us"
            || host == "api-gov.security.microsoft.us"
        {
            Some(Cloud::GccHigh)
        } else if host.ends_with(".securitycenter.microsoft.com")
            || host.ends_with("security.microsoft.com")
            || host.ends_with(".securitycenter.windows.com")
        {
            Some(Cloud::Commercial)
        } else {
            None
        }
    }
}

/// How the MDE API treats tokens with an audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The MDE API accepts it.
    Accepted,
    /// An older identifier of the MDE API that Microsoft's own samples requested tokens for: accepted.
    Older,
    /// Another API's audience: the MDE API refuses it.
    Wrong,
    /// Neither documented as accepted nor known to fail: worth a warning.
    Doubtful,
}

impl Verdict {
    /// Whether a token for this audience is one the MDE API takes.
    pub(crate) fn accepted(self) -> bool {
        matches!(self, Verdict::Accepted | Verdict::Older)
    }
}

/// One audience value (compared ignoring case and a trailing slash).
#[derive(Debug)]
pub(crate) struct Audience {
    pub(crate) value: &'static str,
    /// The API it belongs to, for messages.
    pub(crate) api: &'static str,
    pub(crate) verdict: Verdict,
    pub(crate) cloud: Cloud,
    /// Why we believe it: one sentence, in our words.
    pub(crate) source: &'static str,
}

const fn aud(
    value: &'static str,
    api: &'static str,
    verdict: Verdict,
    cloud: Cloud,
    source: &'static str,
) -> Audience {
    Audience {
        value,
        api,
        verdict,
        cloud,
        source,
    }
}

use Cloud::{Commercial, Gcc, GccHigh};
use Verdict::{Accepted, Doubtful, Older, Wrong};

const MDE: &str = "Microsoft Defender for Endpoint API (WindowsDefenderATP)";

/// Every audience the doctor can name.
pub(crate) static AUDIENCES: &[Audience] = &[
    aud("https://api.securitycenter.microsoft.com", MDE, Accepted, Commercial,
        "It is the resource the MDE docs request tokens for (api-hello-world, partner and sample pages)."),
    aud("https://securitycenter.onmicrosoft.com/windowsatpservice", MDE, Accepted, Commercial,
        "It is the resource used by the MDE full PowerShell sample and the curl examples."),
    aud("fc780465-2017-40d4-a0c5-307022471b92", MDE, Accepted, Commercial,
        "It is the application id of the WindowsDefenderATP service principal (not stated in the MDE API pages; widely used by scripts that grant its app roles)."),
    aud("https://api-gcc.securitycenter.microsoft.us", MDE, Accepted, Gcc,
        "It is the MDE API URI for US Government GCC (defender-endpoint/gov.md)."),
    aud("https://api-gov.securitycenter.microsoft.us", MDE, Accepted, GccHigh,
        "It is the MDE API URI for US Government GCC High and DoD (defender-endpoint/gov.md)."),
    aud("https://api.securitycenter.windows.com", MDE, Older, Commercial,
        "Older MDE docs samples (Python, C#, PowerShell) requested tokens with this resource; current pages request https://api.securitycenter.microsoft.com."),
    aud("https://api.security.microsoft.com", "Microsoft 365 Defender API (Microsoft Threat Protection)", Doubtful, Commercial,
        "The MDE docs list https://api.security.microsoft.com as a base URI to send requests to, but request tokens for https://api.securitycenter.microsoft.com; they do not say MDE operations accept a token issued for the Microsoft 365 Defender API."),
    aud("8ee8fdad-f234-4243-8f3b-15c294843740", "Microsoft 365 Defender API (Microsoft Threat Protection)", Doubtful, Commercial,
        "It is the application id of Microsoft Threat Protection (the Microsoft 365 Defender API), whose permissions (AdvancedHunting.Read.All, Incident.Read.All) are not MDE's."),
    aud("https://graph.microsoft.com", "Microsoft Graph", Wrong, Commercial,
        "Microsoft Graph's security API is a different API from the MDE API."),
    aud("00000003-0000-0000-c000-000000000000", "Microsoft Graph", Wrong, Commercial,
        "It is Microsoft Graph's application id, the audience of Graph tokens from the v2.0 endpoint (for example after scope=openid or User.Read)."),
    aud("https://graph.microsoft.us", "Microsoft Graph for US Government", Wrong, GccHigh,
        "It is Microsoft Graph in the US Government clouds."),
    aud("https://graph.windows.net", "Azure AD Graph (retired)", Wrong, Commercial,
        "It is the retired Azure AD Graph API."),
    aud("00000002-0000-0000-c000-000000000000", "Azure AD Graph (retired)", Wrong, Commercial,
        "It is the application id of the retired Azure AD Graph API."),
    aud("https://management.azure.com", "Azure Resource Manager", Wrong, Commercial,
        "It is Azure management, the default of many Azure SDK and CLI logins."),
    aud("https://management.core.windows.net", "Azure Resource Manager (classic name)", Wrong, Commercial,
        "It is Azure management under its classic URI, the default of `az account get-access-token`."),
    aud("https://api.loganalytics.io", "Log Analytics API", Wrong, Commercial,
        "It is the Azure Monitor Log Analytics query API."),
    aud("https://vault.azure.net", "Azure Key Vault", Wrong, Commercial,
        "It is Azure Key Vault."),
    aud("https://userrequestsgraphapi-prd.trafficmanager.net", "an internal Defender host, not the public MDE API", Wrong, Commercial,
        "Reported in MicrosoftDocs/microsoft-365-docs issue 9246: a token for this audience was refused with 403 until the scope was https://api.securitycenter.microsoft.com/.default."),
];

/// Normalizes an audience for comparison: lower case, no trailing slash.
pub(crate) fn normalize(aud: &str) -> String {
    aud.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// The known entry for an audience value, if any.
pub(crate) fn audience(value: &str) -> Option<&'static Audience> {
    // Compared without building a normalized copy of every entry on every call (a token's audience is
    // looked up for each diagnosis that carries one).
    let wanted = value.trim().trim_end_matches('/');
    AUDIENCES.iter().find(|a| {
        let known = a.value.trim().trim_end_matches('/');
        known.eq_ignore_ascii_case(wanted)
    })
}

/// The tenant id Microsoft Entra ID uses for personal Microsoft accounts (the consumer tenant).
pub(crate) const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// The longest lifetime (seconds) an Entra ID access token gets: a token-lifetime policy caps access tokens
/// at one day, and clients that take part in continuous access evaluation get up to 28 hours. Anything
/// longer was not issued as it stands.
pub(crate) const MAX_LIFETIME_SECONDS: i64 = 28 * 3600;

/// Which Entra ID instance issued a token, read from the host of its `iss` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Issuer {
    /// The public (commercial) cloud: `sts.windows.net`, `login.microsoftonline.com`.
    Public,
    /// Microsoft Entra ID for US Government (`login.microsoftonline.us`).
    UsGovernment,
    /// Microsoft Entra ID operated by 21Vianet in China (`chinacloudapi.cn`, `microsoftonline.cn`).
    China,
    /// Microsoft's own pre-production and integration instances (`windows-ppe.net`, `windows-int.net`).
    PreProduction,
}

/// Sign-in hosts per instance (exact host names, lower case).
static ISSUER_HOSTS: &[(&str, Issuer)] = &[
    ("sts.windows.net", Issuer::Public),
    ("login.microsoftonline.com", Issuer::Public),
    ("login.windows.net", Issuer::Public),
    ("login.microsoft.com", Issuer::Public),
    ("login.microsoftonline.us", Issuer::UsGovernment),
    ("login.usgovcloudapi.net", Issuer::UsGovernment),
    ("sts.chinacloudapi.cn", Issuer::China),
    ("login.chinacloudapi.cn", Issuer::China),
    ("login.partner.microsoftonline.cn", Issuer::China),
    ("sts.windows-ppe.net", Issuer::PreProduction),
    ("login.windows-ppe.net", Issuer::PreProduction),
    ("sts.windows-int.net", Issuer::PreProduction),
    ("login.windows-int.net", Issuer::PreProduction),
    ("login.microsoftonline-int.com", Issuer::PreProduction),
];

/// The Entra ID instance an `iss` value names; `None` when its host is not an Entra ID sign-in host.
pub(crate) fn issuer(iss: &str) -> Option<Issuer> {
    let rest = iss.trim();
    let rest = rest
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map_or(rest, |_| &rest[8..]);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.to_ascii_lowercase();
    ISSUER_HOSTS
        .iter()
        .find(|(h, _)| *h == host)
        .map(|(_, kind)| *kind)
}

/// Application permission names of the WindowsDefenderATP API (`auth.application_permissions`).
pub static APPLICATION_PERMISSIONS: &[&str] = &[
    "AdvancedQuery.Read.All",
    "Alert.Read.All",
    "Alert.ReadWrite.All",
    "File.Read.All",
    "Ip.Read.All",
    "Library.Manage",
    "Machine.CollectForensics",
    "Machine.Isolate",
    "Machine.LiveResponse",
    "Machine.Offboard",
    "Machine.Read.All",
    "Machine.ReadWrite.All",
    "Machine.RestrictExecution",
    "Machine.Scan",
    "Machine.StopAndQuarantine",
    "RemediationTasks.Read.All",
    "Score.Read.All",
    "SecurityBaselinesAssessment.Read.All",
    "SecurityRecommendation.Read.All",
    "Software.Read.All",
    "Ti.ReadWrite",
    "Ti.ReadWrite.All",
    "URL.Read.All",
    "User.Read.All",
    "Vulnerability.Read.All",
];

/// Delegated permission names of the WindowsDefenderATP API (`auth.delegated_permissions`).
pub(crate) static DELEGATED_PERMISSIONS: &[&str] = &[
    "AdvancedQuery.Read",
    "Alert.Read",
    "Alert.ReadWrite",
    "File.Read.All",
    "Ip.Read.All",
    "Library.Manage",
    "Machine.CollectForensics",
    "Machine.Isolate",
    "Machine.LiveResponse",
    "Machine.Offboard",
    "Machine.Read",
    "Machine.Read.All",
    "Machine.ReadWrite",
    "Machine.RestrictExecution",
    "Machine.Scan",
    "Machine.StopAndQuarantine",
    "RemediationTask.Read",
    "Score.Read",
    "SecurityBaselinesAssessment.Read",
    "SecurityRecommendation.Read",
    "Software.Read",
    "Ti.ReadWrite",
    "URL.Read.All",
    "User.Read.All",
    "Vulnerability.Read",
];

/// Application name ↔ delegated name where they differ (the `.All` suffix and the plural of remediation tasks).
pub(crate) static APP_DELEGATED_PAIRS: &[(&str, &str)] = &[
    ("AdvancedQuery.Read.All", "AdvancedQuery.Read"),
    ("Alert.Read.All", "Alert.Read"),
    ("Alert.ReadWrite.All", "Alert.ReadWrite"),
    ("Machine.Read.All", "Machine.Read"),
    ("Machine.ReadWrite.All", "Machine.ReadWrite"),
    ("RemediationTasks.Read.All", "RemediationTask.Read"),
    ("Score.Read.All", "Score.Read"),
    (
        "SecurityBaselinesAssessment.Read.All",
        "SecurityBaselinesAssessment.Read",
    ),
    (
        "SecurityRecommendation.Read.All",
        "SecurityRecommendation.Read",
    ),
    ("Software.Read.All", "Software.Read"),
    ("Ti.ReadWrite.All", "Ti.ReadWrite"),
    ("Vulnerability.Read.All", "Vulnerability.Read"),
];

/// Permission names the MDE docs misspell (`auth.permission_names_with_doc_typos`): as written → meant.
pub(crate) static DOC_TYPOS: &[(&str, &str)] = &[
    ("Alerts.ReadWrite.All", "Alert.ReadWrite.All"),
    ("Machine.Read.Write", "Machine.ReadWrite"),
    ("RemediationTask.Read.Read", "RemediationTask.Read"),
];

/// The name the API really grants for a documented permission (undoing the docs' typos).
pub(crate) fn canonical_permission(name: &str) -> &str {
    DOC_TYPOS
        .iter()
        .find(|(typo, _)| *typo == name)
        .map_or(name, |(_, meant)| meant)
}

/// A permission name that looks right but is not the MDE one.
#[derive(Debug)]
pub(crate) struct Trap {
    /// The name found in a token (exact).
    pub(crate) name: &'static str,
    /// The MDE permission meant, if there is one.
    pub(crate) mde: Option<&'static str>,
    /// What the name really is, in our words.
    pub(crate) explanation: &'static str,
}

const fn trap(name: &'static str, mde: Option<&'static str>, explanation: &'static str) -> Trap {
    Trap {
        name,
        mde,
        explanation,
    }
}

/// Names that are not MDE permissions but are often mistaken for them.
pub(crate) static TRAPS: &[Trap] = &[
    trap("Machine.CollectForensic", Some("Machine.CollectForensics"),
        "MDE's permission ends in `Forensics`, with an s"),
    trap("Alerts.ReadWrite.All", Some("Alert.ReadWrite.All"),
        "MDE names alert permissions `Alert.…` (singular); the update-alert page misspells it with an s"),
    trap("Alerts.Read.All", Some("Alert.Read.All"),
        "MDE names alert permissions `Alert.…` (singular)"),
    trap("AdvancedHunting.Read.All", Some("AdvancedQuery.Read.All"),
        "`AdvancedHunting.Read.All` belongs to the Microsoft 365 Defender API (Microsoft Threat Protection); MDE's advanced hunting permission is `AdvancedQuery.Read.All`"),
    trap("AdvancedHunting.Read", Some("AdvancedQuery.Read"),
        "`AdvancedHunting.Read` belongs to the Microsoft 365 Defender API; MDE's delegated name is `AdvancedQuery.Read`"),
    trap("ThreatHunting.Read.All", Some("AdvancedQuery.Read.All"),
        "`ThreatHunting.Read.All` is a Microsoft Graph security API permission; it does nothing for the MDE API"),
    trap("SecurityAlert.ReadWrite.All", Some("Alert.ReadWrite.All"),
        "`SecurityAlert.ReadWrite.All` is a Microsoft Graph security API permission; the MDE API wants `Alert.ReadWrite.All` from WindowsDefenderATP"),
    trap("SecurityAlert.Read.All", Some("Alert.Read.All"),
        "`SecurityAlert.Read.All` is a Microsoft Graph security API permission; the MDE API wants `Alert.Read.All` from WindowsDefenderATP"),
    trap("SecurityIncident.Read.All", None,
        "`SecurityIncident.Read.All` is a Microsoft Graph permission; the MDE API has no incident permission"),
    trap("SecurityEvents.Read.All", Some("Alert.Read.All"),
        "`SecurityEvents.Read.All` is a Microsoft Graph permission; it does nothing for the MDE API"),
    trap("Machine.Read.Write", Some("Machine.ReadWrite"),
        "the scan-definition pages write `Machine.Read.Write`; the permission is `Machine.ReadWrite`"),
    trap("RemediationTask.Read.All", Some("RemediationTasks.Read.All"),
        "the application permission is plural (`RemediationTasks.Read.All`), the delegated one singular (`RemediationTask.Read`)"),
];

/// The trap entry for a name found in a token.
pub(crate) fn trap_for(name: &str) -> Option<&'static Trap> {
    TRAPS.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_are_unique_after_normalizing() {
        let mut seen: Vec<String> = AUDIENCES.iter().map(|a| normalize(a.value)).collect();
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n);
    }

    #[test]
    fn documented_mde_resources_are_accepted() {
        for value in [
            "https://api.securitycenter.microsoft.com",
            "https://api.securitycenter.microsoft.com/",
            "https://securitycenter.onmicrosoft.com/windowsatpservice",
            "https://api-gcc.securitycenter.microsoft.us",
            "https://api-gov.securitycenter.microsoft.us",
        ] {
            assert_eq!(
                audience(value).map(|a| a.verdict),
                Some(Verdict::Accepted),
                "{value}"
            );
        }
        assert_eq!(
            audience("https://graph.microsoft.com/").map(|a| a.verdict),
            Some(Verdict::Wrong)
        );
    }

    #[test]
    fn older_mde_resource_is_accepted_as_the_same_api() {
        let entry = audience("https://api.securitycenter.windows.com/").expect("known");
        assert_eq!(entry.verdict, Verdict::Older);
        assert!(entry.verdict.accepted());
        assert_eq!(entry.api, MDE);
    }

    #[test]
    fn issuers_name_their_entra_instance() {
        for (iss, want) in [
            ("https://sts.windows.net/x/", Some(Issuer::Public)),
            (
                "https://login.microsoftonline.com/x/v2.0",
                Some(Issuer::Public),
            ),
            (
                "HTTPS://Login.MicrosoftOnline.US/x/v2.0",
                Some(Issuer::UsGovernment),
            ),
            ("https://sts.chinacloudapi.cn/x/", Some(Issuer::China)),
            (
                "https://login.windows-ppe.net/x/v2.0",
                Some(Issuer::PreProduction),
            ),
            (
                "https://sts.windows-ppe.net/x/",
                Some(Issuer::PreProduction),
            ),
            ("https://accounts.google.com", None),
            ("https://sts.windows.net.evil.example/", None),
            ("é", None),
            ("", None),
        ] {
            assert_eq!(issuer(iss), want, "{iss}");
        }
    }

    #[test]
    fn permission_tables_agree() {
        for (app, delegated) in APP_DELEGATED_PAIRS {
            assert!(APPLICATION_PERMISSIONS.contains(app), "{app}");
            assert!(DELEGATED_PERMISSIONS.contains(delegated), "{delegated}");
        }
        for t in TRAPS {
            assert!(
                !APPLICATION_PERMISSIONS.contains(&t.name),
                "{} is real",
                t.name
            );
            assert!(
                !DELEGATED_PERMISSIONS.contains(&t.name),
                "{} is real",
                t.name
            );
            if let Some(mde) = t.mde {
                assert!(
                    APPLICATION_PERMISSIONS.contains(&mde) || DELEGATED_PERMISSIONS.contains(&mde),
                    "{mde}"
                );
            }
        }
        for (_, meant) in DOC_TYPOS {
            assert!(
                APPLICATION_PERMISSIONS.contains(meant) || DELEGATED_PERMISSIONS.contains(meant),
                "{meant}"
            );
        }
    }

    #[test]
    fn api_hosts_map_to_their_cloud() {
        assert_eq!(
            Cloud::of_api_host("api.securitycenter.microsoft.com"),
            Some(Commercial)
        );
        assert_eq!(
            Cloud::of_api_host("eu.api.security.microsoft.com"),
            Some(Commercial)
        );
        assert_eq!(
            Cloud::of_api_host("API-GOV.securitycenter.microsoft.us"),
            Some(GccHigh)
        );
        assert_eq!(
            Cloud::of_api_host("api-gcc.securitycenter.microsoft.us"),
            Some(Gcc)
        );
        assert_eq!(
            Cloud::of_api_host("api-gov.security.microsoft.us"),
            Some(GccHigh)
        );
        assert_eq!(
            Cloud::of_api_host("api-gcc.security.microsoft.us"),
            Some(Gcc)
        );
        assert_eq!(Cloud::of_api_host("example.com"), None);
    }
}
