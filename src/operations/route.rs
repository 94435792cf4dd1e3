//! The one record of an MDE API operation: method, path template, permissions, rate limits, family, the hosts
//! its page shows, the response entity, the docs page and its `HTTP request` line; with a [`Body`] when the
//! operation takes one and [`OData`] facts when it takes query options. The records themselves are data, one
//! file per API family under `routes/`.

use super::body::{Body, BodyKind, Param};
use super::odata::OData;
use super::Method;

/// Which part of the API an operation belongs to (what `operations --family` filters on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Machines,
    MachineActions,
    LiveResponse,
    Library,
    Indicators,
    Alerts,
    Investigations,
    Hunting,
    Files,
    Domains,
    Ips,
    Users,
    Software,
    Vulnerabilities,
    Recommendations,
    Remediation,
    Scores,
    ScanDefinitions,
    DeviceHealth,
    TvmExports,
    Baselines,
    BrowserExtensions,
    Certificates,
}

impl Family {
    /// Every family, in the order lists show them.
    pub(crate) const ALL: &'static [Family] = &[
        Family::Machines,
        Family::MachineActions,
        Family::LiveResponse,
        Family::Library,
        Family::Indicators,
        Family::Alerts,
        Family::Investigations,
        Family::Hunting,
        Family::Files,
        Family::Domains,
        Family::Ips,
        Family::Users,
        Family::Software,
        Family::Vulnerabilities,
        Family::Recommendations,
        Family::Remediation,
        Family::Scores,
        Family::ScanDefinitions,
        Family::DeviceHealth,
        Family::TvmExports,
        Family::Baselines,
        Family::BrowserExtensions,
        Family::Certificates,
    ];

    /// The kebab-case name used on the command line and in JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Family::Machines => "machines",
            Family::MachineActions => "machine-actions",
            Family::LiveResponse => "live-response",
            Family::Library => "library",
            Family::Indicators => "indicators",
            Family::Alerts => "alerts",
            Family::Investigations => "investigations",
            Family::Hunting => "hunting",
            Family::Files => "files",
            Family::Domains => "domains",
            Family::Ips => "ips",
            Family::Users => "users",
            Family::Software => "software",
            Family::Vulnerabilities => "vulnerabilities",
            Family::Recommendations => "recommendations",
            Family::Remediation => "remediation",
            Family::Scores => "scores",
            Family::ScanDefinitions => "scan-definitions",
            Family::DeviceHealth => "device-health",
            Family::TvmExports => "tvm-exports",
            Family::Baselines => "baselines",
            Family::BrowserExtensions => "browser-extensions",
            Family::Certificates => "certificates",
        }
    }

    /// The family with this name, any case.
    pub(crate) fn parse(name: &str) -> Option<Family> {
        Family::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// One operation of the API: what its docs page says about the call.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// Short name used on the command line (`isolate-machine`), as in the facts file.
    pub name: &'static str,
    /// The page's title.
    pub title: &'static str,
    pub method: Method,
    /// Path template as documented (a query part the page writes into it stays).
    pub path: &'static str,
    pub app_permissions: &'static [&'static str],
    pub delegated_permissions: &'static [&'static str],
    pub rate_per_minute: Option<u32>,
    pub rate_per_hour: Option<u32>,
    /// Other limits as (name, value): `max_batch_size`, `max_file_size`, ...
    pub limits: &'static [(&'static str, &'static str)],
    /// The docs URL (`doc!("page")`).
    pub docs: &'static str,
    pub family: Family,
    /// The API hosts the page's request line and examples use.
    pub hosts: &'static [&'static str],
    /// What a successful call returns, as the page names it.
    pub entity: &'static str,
    /// The page's `HTTP request` (or `URL`) line, copied as printed (a line the page breaks is joined).
    pub request_line: &'static str,
    /// Where the line stands on the page or how it departs from the template, in our words; empty when the
    /// line is the template as is.
    pub line_note: &'static str,
    /// The page's example request line, for a page whose request line does not give this template (missing
    /// placeholder, concrete id): the template must match it instead. Empty otherwise.
    pub example: &'static str,
    /// The request body, for an operation that takes one.
    pub body: Option<Body>,
    /// The OData query options, for a collection that takes them.
    pub odata: Option<OData>,
}

impl Route {
    pub(crate) fn family(&self) -> Family {
        self.family
    }

    /// The path template without the query part some pages write into it (`findbytag?tag={tag}…`).
    pub(crate) fn path_only(&self) -> &'static str {
        self.path.split('?').next().unwrap_or(self.path)
    }

    /// Every permission the route names, application first.
    pub(crate) fn permissions(&self) -> impl Iterator<Item = &'static str> {
        self.app_permissions
            .iter()
            .chain(self.delegated_permissions)
            .copied()
    }

    /// The body's parameters (none without a body).
    pub fn params(&self) -> &'static [Param] {
        self.body.map_or(&[], |b| b.params)
    }

    /// How the body is sent, for an operation that takes one.
    pub fn body_kind(&self) -> Option<BodyKind> {
        self.body.map(|b| b.kind)
    }
}
