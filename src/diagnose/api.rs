//! Which API answered: the family a diagnosis's advice must hold for. Read from the request's host and
//! path first, then the envelope's shape, then the family of the catalog entry the code names. Steps that
//! hold for the Defender for Endpoint API only (its WindowsDefenderATP permissions, its portal) are never
//! given for another family's error.

use crate::catalog::{Entry, Sender};
use crate::response::{Response, Shape};

/// An API family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Microsoft Defender for Endpoint (`api.securitycenter.microsoft.com`, `api.security.microsoft.com`).
    Mde,
    /// Microsoft 365 Defender / Defender XDR on the same hosts (`/api/incidents`, `/api/advancedhunting`).
    M365d,
    /// Microsoft Graph (`graph.microsoft.com`), security and otherwise.
    Graph,
    /// Azure Resource Manager, Microsoft Sentinel's management API among it (`management.azure.com`).
    Arm,
    /// Log Analytics' query API (`api.loganalytics.io`).
    LogAnalytics,
    /// The Entra ID token endpoint (`login.microsoftonline.com`).
    Entra,
    /// The Defender portal's own internal calls (`security.microsoft.com`, `*.securitycenter.windows.com`).
    Portal,
    /// An API this tool does not know.
    Unknown,
}

impl Api {
    /// The keyword used in JSON output and the human header.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Mde => "mde",
            Api::M365d => "m365d",
            Api::Graph => "graph",
            Api::Arm => "arm",
            Api::LogAnalytics => "log-analytics",
            Api::Entra => "entra",
            Api::Portal => "portal",
            Api::Unknown => "unknown",
        }
    }

    /// The family's name as the human header shows it (a Defender for Endpoint diagnosis shows none).
    pub fn label(self) -> Option<&'static str> {
        Some(match self {
            Api::Mde => return None,
            Api::M365d => "Microsoft Defender XDR API",
            Api::Graph => "Microsoft Graph",
            Api::Arm => "Azure Resource Manager",
            Api::LogAnalytics => "Log Analytics API",
            Api::Entra => "Entra ID token endpoint",
            Api::Portal => "Defender portal (internal)",
            Api::Unknown => "unknown API",
        })
    }

    /// Whether the Defender for Endpoint API's own steps (its permissions, routes, portal) hold.
    pub fn takes_mde_steps(self) -> bool {
        matches!(self, Api::Mde | Api::M365d)
    }

    /// The family of the API at `host` (and `path` on it), if the host is one this tool knows.
    pub fn of_host(host: &str, path: &str) -> Option<Api> {
        let h = host.rsplit('@').next().unwrap_or(host);
        let h = h.split(':').next().unwrap_or(h).to_ascii_lowercase();
        let path = path.to_ascii_lowercase();
        // The API's own hosts under securitycenter.windows.com (`api.`, `api-us.`: older docs pages still
        // show them) come before the portal's other hosts there.
        let api_host = h.starts_with("api.") || h.starts_with("api-");
        let api = if h == "security.microsoft.com"
            || (h.ends_with(".securitycenter.windows.com") && !api_host)
        {
            Api::Portal
        } else if crate::token::known::Cloud::of_api_host(&h).is_some() {
            if path.starts_with("/api/incidents") || path.starts_with("/api/advancedhunting") {
                Api::M365d
            } else {
                Api::Mde
            }
        } else if h.starts_with("graph.microsoft.")
            || h.ends_with("-graph.microsoft.us")
            || h == "graph.windows.net"
        {
            Api::Graph
        } else if h.starts_with("management.")
            && (h.ends_with(".azure.com") || h.contains("cloudapi"))
        {
            Api::Arm
        } else if h.contains("loganalytics.") || h.ends_with(".ods.opinsights.azure.com") {
            Api::LogAnalytics
        } else if h.starts_with("login.microsoftonline.")
            || h.starts_with("login.chinacloudapi.")
            || h == "sts.windows.net"
        {
            Api::Entra
        } else {
            return None;
        };
        Some(api)
    }

    /// The family that answered `r` (identified as `entry`, if any).
    pub fn of(r: &Response, entry: Option<&Entry>) -> Api {
        if let Some(q) = &r.request {
            if let Some(host) = host_of(&q.url) {
                return Api::of_host(host, crate::operations::path_of(&q.url))
                    .unwrap_or(Api::Unknown);
            }
        }
        if r.graph_client {
            return Api::Graph;
        }
        match r.shape {
            // Failures hidden in a 200 are the Defender for Endpoint API's own result shapes.
            Shape::IndicatorImport | Shape::MachineAction => return Api::Mde,
            Shape::Graph | Shape::GraphPartial => return Api::Graph,
            Shape::Arm => return Api::Arm,
            Shape::Entra => return Api::Entra,
            _ => {}
        }
        if r.entra.is_some() {
            return Api::Entra;
        }
        // Azure Resource Manager's own id header, and no code of another API's (a generic status code is
        // none): the call went to ARM, whatever the status's generic entry belongs to.
        let arm_header = r
            .head
            .request_id_name
            .is_some_and(|n| n.eq_ignore_ascii_case("x-ms-correlation-request-id"));
        if arm_header
            && entry.is_none_or(|e| e.family == Sender::Arm || super::identify::is_generic(e))
        {
            return Api::Arm;
        }
        match entry.map(|e| e.family) {
            Some(Sender::Mde) => Api::Mde,
            Some(Sender::Graph) => Api::Graph,
            Some(Sender::Arm) => Api::Arm,
            Some(Sender::Entra | Sender::Aadsts) => Api::Entra,
            // An unknown code in the Defender envelope, or a path of its API: its family.
            None if r.shape == Shape::Mde => Api::Mde,
            None => match &r.request {
                Some(q) if q.url.starts_with("/api/") => Api::Mde,
                _ => Api::Unknown,
            },
        }
    }
}

impl Api {
    /// The audiences (`aud`) a token for this API carries, lower case without a trailing slash: the resource
    /// URIs Microsoft's docs request tokens with, and the API's application id. Empty for the Defender
    /// families (the token doctor judges those) and for APIs this tool does not know.
    pub(crate) fn audiences(self) -> &'static [&'static str] {
        match self {
            Api::Graph => &[
                "https://graph.microsoft.com",
                "https://graph.microsoft.us",
                "https://dod-graph.microsoft.us",
                "https://microsoftgraph.chinacloudapi.cn",
                "00000003-0000-0000-c000-000000000000",
            ],
            Api::Arm => &[
                "https://management.azure.com",
                "https://management.core.windows.net",
                "https://management.usgovcloudapi.net",
                "https://management.core.usgovcloudapi.net",
                "https://management.chinacloudapi.cn",
                "797f4846-ba00-4fd7-ba43-dac1f8f63013",
            ],
            Api::LogAnalytics => &[
                "https://api.loganalytics.io",
                "https://api.loganalytics.azure.com",
                "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5",
            ],
            _ => &[],
        }
    }
}

/// Permissions of Microsoft Graph's security API (application and delegated names), as Graph's permissions
/// reference spells them: a server that says it requires one of these is Graph, whatever the paste shows.
const GRAPH_SECURITY_PERMISSIONS: &[&str] = &[
    "SecurityAlert.Read.All",
    "SecurityAlert.ReadWrite.All",
    "SecurityIncident.Read.All",
    "SecurityIncident.ReadWrite.All",
    "ThreatHunting.Read.All",
    "SecurityEvents.Read.All",
    "SecurityEvents.ReadWrite.All",
    "SecurityActions.Read.All",
    "SecurityActions.ReadWrite.All",
    "ThreatIndicators.ReadWrite.OwnedBy",
    "ThreatIntelligence.Read.All",
    "CustomDetection.Read.All",
    "CustomDetection.ReadWrite.All",
];

impl Api {
    /// The family a server's list of required permissions names, when the paste shows no host: every one a
    /// Graph security permission is Graph; every one a Defender for Endpoint permission is that API.
    pub(crate) fn of_required_permissions(required: &[String]) -> Option<Api> {
        use crate::token::known::{APPLICATION_PERMISSIONS, DELEGATED_PERMISSIONS};
        let all_in = |lists: &[&[&str]]| {
            !required.is_empty()
                && required
                    .iter()
                    .all(|r| lists.iter().any(|names| names.contains(&r.as_str())))
        };
        if all_in(&[GRAPH_SECURITY_PERMISSIONS]) {
            Some(Api::Graph)
        } else if all_in(&[APPLICATION_PERMISSIONS, DELEGATED_PERMISSIONS]) {
            Some(Api::Mde)
        } else {
            None
        }
    }
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split('/').next().filter(|h| !h.is_empty())
}

#[cfg(test)]
mod tests {
    use super::Api;

    #[test]
    fn hosts_name_their_family() {
        let cases = [
            (
                "api.securitycenter.microsoft.com",
                "/api/machines",
                Api::Mde,
            ),
            (
                "api.security.microsoft.com",
                "/api/machines/x/isolate",
                Api::Mde,
            ),
            (
                "api-gcc.securitycenter.microsoft.us",
                "/api/alerts",
                Api::Mde,
            ),
            ("api.security.microsoft.com", "/api/incidents", Api::M365d),
            (
                "graph.microsoft.com",
                "/v1.0/security/alerts_v2",
                Api::Graph,
            ),
            (
                "management.azure.com",
                "/subscriptions/s/providers/Microsoft.SecurityInsights",
                Api::Arm,
            ),
            (
                "api.loganalytics.io",
                "/v1/workspaces/w/query",
                Api::LogAnalytics,
            ),
            (
                "login.microsoftonline.com",
                "/tenant/oauth2/v2.0/token",
                Api::Entra,
            ),
            ("security.microsoft.com", "/apiproxy/mtp/x", Api::Portal),
            ("api.securitycenter.windows.com", "/api/alerts", Api::Mde),
            (
                "api-us.securitycenter.windows.com",
                "/api/machines",
                Api::Mde,
            ),
            (
                "userrequests-us.securitycenter.windows.com",
                "/x",
                Api::Portal,
            ),
            ("api-gcc.security.microsoft.us", "/api/machines", Api::Mde),
            (
                "api-gov.security.microsoft.us",
                "/api/incidents",
                Api::M365d,
            ),
        ];
        for (host, path, want) in cases {
            assert_eq!(Api::of_host(host, path), Some(want), "{host}{path}");
        }
        assert_eq!(Api::of_host("api.crowdstrike.com", "/devices"), None);
    }

    #[test]
    fn audiences_are_normalized_and_only_for_other_apis() {
        for api in [Api::Graph, Api::Arm, Api::LogAnalytics] {
            for aud in api.audiences() {
                assert_eq!(*aud, crate::token::known::normalize(aud), "{api:?}");
            }
        }
        assert!(Api::Mde.audiences().is_empty() && Api::Unknown.audiences().is_empty());
    }

    #[test]
    fn required_permissions_name_their_family() {
        let of = |names: &[&str]| {
            Api::of_required_permissions(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            of(&[
                "SecurityIncident.Read.All",
                "SecurityIncident.ReadWrite.All"
            ]),
            Some(Api::Graph)
        );
        assert_eq!(
            of(&["Machine.Read.All", "Machine.ReadWrite.All"]),
            Some(Api::Mde)
        );
        assert_eq!(of(&["Machine.Read.All", "SecurityAlert.Read.All"]), None);
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn only_defender_families_take_defender_steps() {
        assert!(Api::Mde.takes_mde_steps() && Api::M365d.takes_mde_steps());
        for api in [
            Api::Graph,
            Api::Arm,
            Api::LogAnalytics,
            Api::Entra,
            Api::Portal,
            Api::Unknown,
        ] {
            assert!(!api.takes_mde_steps(), "{api:?}");
        }
    }
}
