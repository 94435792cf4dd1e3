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
        let api = if h == "security.microsoft.com" || h.ends_with(".securitycenter.windows.com") {
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
        ];
        for (host, path, want) in cases {
            assert_eq!(Api::of_host(host, path), Some(want), "{host}{path}");
        }
        assert_eq!(Api::of_host("api.crowdstrike.com", "/devices"), None);
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
