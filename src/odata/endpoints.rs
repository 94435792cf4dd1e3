//! The collection endpoints that take OData query options: per (method, path) as the docs page writes them,
//! the entity returned, the options the page names, the `$top` maximum, the properties `$filter` takes (in
//! the page's own spelling: a spelling that differs from the entity is kept and noted, never corrected here)
//! and the functions the docs show on a property. One block per endpoint; the source page is named.

use super::entities::{self as ent, Entity};

/// An OData system query option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    Filter,
    Top,
    Skip,
    Expand,
    Select,
    OrderBy,
    Count,
    SkipToken,
}

impl Opt {
    /// Every option the service's OData layer knows, with its name (`$filter`).
    pub const ALL: &'static [(Opt, &'static str)] = &[
        (Opt::Filter, "$filter"),
        (Opt::Top, "$top"),
        (Opt::Skip, "$skip"),
        (Opt::Expand, "$expand"),
        (Opt::Select, "$select"),
        (Opt::OrderBy, "$orderby"),
        (Opt::Count, "$count"),
        (Opt::SkipToken, "$skiptoken"),
    ];

    /// `$filter`, `$top`, …
    pub fn name(self) -> &'static str {
        Opt::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, n)| n)
    }
}

/// One endpoint's OData support.
#[derive(Debug)]
pub struct Endpoint {
    /// `GET`.
    pub method: &'static str,
    /// The path template exactly as the docs page writes it (`/api/Software`).
    pub path: &'static str,
    pub entity: &'static Entity,
    /// The options the page documents. `$skiptoken` (in `@odata.nextLink`) is always accepted.
    pub options: &'static [Opt],
    /// The `$top` maximum the page gives, if any.
    pub top_max: Option<u32>,
    /// How the page writes the `$top` keyword (`$stop` on some pages: a typo).
    pub top_as_written: &'static str,
    /// The properties `$filter` takes, as the page lists them.
    pub filter: &'static [&'static str],
    /// What `$expand` takes.
    pub expand: &'static [&'static str],
    /// Functions the docs show in a filter on this endpoint: (function, property).
    pub functions: &'static [(&'static str, &'static str)],
    /// The docs page these facts come from.
    pub source: &'static str,
}

use Opt::{Expand, Filter, Skip, Top};

/// Every endpoint with OData facts.
#[rustfmt::skip]
pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET", path: "/api/machines", entity: &ent::MACHINE,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["computerDnsName", "id", "version", "deviceValue", "aadDeviceId", "machineTags", "lastSeen", "exposureLevel", "onboardingStatus", "lastIpAddress", "healthStatus", "osPlatform", "riskScore", "rbacGroupId"],
        expand: &[],
        // exposed-apis-odata-samples.md, example 8.
        functions: &[("startswith", "computerDnsName")],
        source: "defender-endpoint/api/get-machines.md",
    },
    Endpoint {
        method: "GET", path: "/api/alerts", entity: &ent::ALERT,
        options: &[Filter, Top, Skip, Expand], top_max: Some(10_000), top_as_written: "$top",
        filter: &["alertCreationTime", "lastUpdateTime", "incidentId", "InvestigationId", "id", "asssignedTo", "detectionSource", "lastEventTime", "status", "severity", "category"],
        expand: &["evidence"],
        functions: &[],
        source: "defender-endpoint/api/get-alerts.md",
    },
    Endpoint {
        // Only the OData samples page shows a query here (example 7, with /$count); the filter list is the
        // samples page's Alert list.
        method: "GET", path: "/api/machines/{id}/alerts", entity: &ent::ALERT,
        options: &[Filter], top_max: None, top_as_written: "",
        filter: &["alertCreationTime", "lastUpdateTime", "incidentId", "InvestigationId", "status", "severity", "category"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/exposed-apis-odata-samples.md",
    },
    Endpoint {
        method: "GET", path: "/api/machineactions", entity: &ent::MACHINE_ACTION,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$stop",
        filter: &["id", "status", "machineId", "type", "requestor", "creationDateTimeUtc"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-machineactions-collection.md",
    },
    Endpoint {
        method: "GET", path: "/api/indicators", entity: &ent::INDICATOR,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$stop",
        filter: &["application", "createdByDisplayName", "expirationTime", "generateAlert", "title", "rbacGroupNames", "rbacGroupIds", "indicatorValue", "indicatorType", "creationTimeDateTimeUtc", "createdBy", "action", "severity"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-ti-indicators-collection.md",
    },
    Endpoint {
        method: "GET", path: "/api/investigations", entity: &ent::INVESTIGATION,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$stop",
        filter: &["startTime", "id", "state", "machineId", "triggeringAlertId"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-investigation-collection.md",
    },
    Endpoint {
        method: "GET", path: "/api/Software", entity: &ent::SOFTWARE,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["id", "name", "vendor"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-software.md",
    },
    Endpoint {
        method: "GET", path: "/api/vulnerabilities", entity: &ent::VULNERABILITY,
        options: &[Filter, Top, Skip], top_max: Some(8_000), top_as_written: "$top",
        filter: &["id", "name", "description", "cvssV3", "publishedOn", "severity", "updatedOn"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-all-vulnerabilities.md",
    },
    Endpoint {
        method: "GET", path: "/api/vulnerabilities/machinesVulnerabilities", entity: &ent::MACHINE_VULNERABILITY,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$stop",
        filter: &["id", "cveId", "machineId", "fixingKbId", "productName", "productVersion", "severity", "productVendor"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-all-vulnerabilities-by-machines.md",
    },
    Endpoint {
        method: "GET", path: "/api/recommendations", entity: &ent::RECOMMENDATION,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["id", "productName", "vendor", "recommendedVersion", "recommendationCategory", "subCategory", "severityScore", "remediationType", "recommendedProgram", "recommendedVendor", "status"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-all-recommendations.md",
    },
    Endpoint {
        method: "GET", path: "/api/remediationTasks", entity: &ent::REMEDIATION_TASK,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["createdon", "status"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-remediation-all-activities.md",
    },
    Endpoint {
        method: "GET", path: "/api/deviceavinfo", entity: &ent::DEVICE_AV_INFO,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["machineId", "computerDnsName", "osKind", "osPlatform", "osVersion", "avMode", "avSignatureVersion", "avEngineVersion", "avPlatformVersion", "quickScanResult", "quickScanError", "fullScanResult", "fullScanError", "avIsSignatureUpToDate", "avIsEngineUpToDate", "avIsPlatformUpToDate", "rbacGroupId"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/device-health-export-antivirus-health-report-api.md",
    },
    Endpoint {
        method: "GET", path: "/api/baselineProfiles", entity: &ent::BASELINE_PROFILE,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["id", "name", "operatingSystem", "operatingSystemVersion", "status", "settingsNumber", "passedDevices", "totalDevices"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-security-baselines-assessment-profiles.md",
    },
    Endpoint {
        method: "GET", path: "/api/baselineConfigurations", entity: &ent::BASELINE_CONFIGURATION,
        options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$top",
        filter: &["id", "category", "name", "CCE"],
        expand: &[],
        functions: &[],
        source: "defender-endpoint/api/get-security-baselines-assessment-configurations.md",
    },
];

/// How a name written in a query relates to the entity's properties.
#[derive(Debug, Clone, Copy)]
pub enum Resolved {
    /// The entity's own spelling.
    Exact(&'static ent::Property),
    /// A spelling the docs print (entity table or filter list), not the JSON's.
    DocSpelling(&'static ent::Property),
    /// Same letters, other case.
    Case(&'static ent::Property),
    /// A near miss.
    Typo(&'static ent::Property),
    Unknown,
}

/// One property of an endpoint's entity as `operations NAME` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyRow {
    pub name: &'static str,
    /// `String`, `DateTime`, `Enum`, … (`?` when the page gives no type).
    pub ty: &'static str,
    /// Allowed values (enums).
    pub values: &'static [&'static str],
    /// Whether `$filter` takes it.
    pub filterable: bool,
    /// Other spellings the docs print.
    pub also: &'static [&'static str],
}

impl Endpoint {
    /// Every property of the entity, filterable ones first, each with its type and values.
    pub fn rows(&self) -> Vec<PropertyRow> {
        let filterable = self.filterable();
        let mut rows: Vec<PropertyRow> = self
            .entity
            .properties
            .iter()
            .map(|p| PropertyRow {
                name: p.name,
                ty: p.ty.as_str(),
                values: p.values,
                filterable: filterable.iter().any(|f| f.name == p.name),
                also: p.also,
            })
            .collect();
        rows.sort_by_key(|r| !r.filterable);
        rows
    }

    /// `GET /api/machines`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Whether the page documents `opt` (`$skiptoken` always counts: the service puts it in nextLink).
    pub fn supports(&self, opt: Opt) -> bool {
        opt == Opt::SkipToken || self.options.contains(&opt)
    }

    /// The property a filter-list name stands for.
    pub fn filter_property(name: &str, entity: &'static Entity) -> Option<&'static ent::Property> {
        entity
            .property(name)
            .or_else(|| entity.properties.iter().find(|p| p.also.contains(&name)))
            .or_else(|| {
                entity
                    .properties
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name))
            })
    }

    /// The properties `$filter` takes, in the entity's spelling.
    pub fn filterable(&self) -> Vec<&'static ent::Property> {
        self.filter
            .iter()
            .filter_map(|n| Endpoint::filter_property(n, self.entity))
            .collect()
    }

    /// Whether `$filter` takes the property.
    pub fn is_filterable(&self, prop: &ent::Property) -> bool {
        self.filterable().iter().any(|p| p.name == prop.name)
    }

    /// How `name` relates to the entity's properties.
    pub fn resolve(&self, name: &str) -> Resolved {
        resolve(self.entity, self.filter, name)
    }
}

/// How `name` relates to `entity`'s properties, `listed` being the spellings a filter list prints.
pub fn resolve(entity: &'static Entity, listed: &[&str], name: &str) -> Resolved {
    if let Some(p) = entity.property(name) {
        return Resolved::Exact(p);
    }
    if let Some(p) = entity.properties.iter().find(|p| p.also.contains(&name)) {
        return Resolved::DocSpelling(p);
    }
    if listed.contains(&name) {
        if let Some(p) = Endpoint::filter_property(name, entity) {
            return Resolved::DocSpelling(p);
        }
    }
    let names = entity.properties.iter().map(|p| p.name);
    match crate::suggest::closest(name, names) {
        Some(crate::suggest::Match::Case(c)) => {
            entity.property(c).map_or(Resolved::Unknown, Resolved::Case)
        }
        Some(crate::suggest::Match::Typo(c)) => {
            entity.property(c).map_or(Resolved::Unknown, Resolved::Typo)
        }
        None => Resolved::Unknown,
    }
}

/// Whether template `t` matches `path` (segments ignoring case; `{x}` takes any non-empty segment).
fn matches(t: &str, path: &str) -> bool {
    let a: Vec<&str> = t.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}')) || t.eq_ignore_ascii_case(p))
}

/// The endpoint for `method` and `path` (a path, not a URL; a path relative to the API root gets its
/// `/api`; a trailing `/$count` is the count of the collection).
pub fn find(method: &str, path: &str) -> Option<&'static Endpoint> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = path.trim_end_matches('/');
    let path = path
        .strip_suffix("/$count")
        .or_else(|| path.strip_suffix("/%24count"))
        .unwrap_or(path);
    // `/api/v1.0/machines` is the documented versioned form of `/api/machines` (as `path_matches` reads it).
    let unversioned;
    let path = match path.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("/api/v1.0/") => {
            unversioned = format!("/api/{}", &path[10..]);
            unversioned.as_str()
        }
        _ => path,
    };
    let with_api;
    let candidates: [&str; 2] = if path
        .trim_start_matches('/')
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case("api/"))
    {
        [path, path]
    } else {
        with_api = format!("/api/{}", path.trim_start_matches('/'));
        [path, with_api.as_str()]
    };
    ENDPOINTS.iter().find(|e| {
        e.method.eq_ignore_ascii_case(method) && candidates.iter().any(|c| matches(e.path, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_list_name_stands_for_a_property_of_its_entity() {
        for e in ENDPOINTS {
            for name in e.filter {
                assert!(
                    Endpoint::filter_property(name, e.entity).is_some(),
                    "{}: {name}",
                    e.key()
                );
            }
            for name in e.expand {
                assert!(e.entity.property(name).is_some(), "{}: {name}", e.key());
            }
            for (_, prop) in e.functions {
                assert!(e.entity.property(prop).is_some(), "{}: {prop}", e.key());
            }
        }
    }

    #[test]
    fn entities_have_unique_names_and_enums_have_values() {
        for entity in ent::ENTITIES {
            let mut names: Vec<&str> = entity.properties.iter().map(|p| p.name).collect();
            names.extend(
                entity
                    .properties
                    .iter()
                    .flat_map(|p| p.also.iter().copied()),
            );
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{}", entity.name);
            for p in entity.properties {
                assert_eq!(
                    p.ty == ent::Type::Enum,
                    !p.values.is_empty(),
                    "{}.{}",
                    entity.name,
                    p.name
                );
            }
        }
    }

    #[test]
    fn endpoints_are_unique_and_sources_are_api_pages() {
        let mut keys: Vec<String> = ENDPOINTS.iter().map(Endpoint::key).collect();
        let count = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), count);
        for e in ENDPOINTS {
            assert!(
                e.source.starts_with("defender-endpoint/api/"),
                "{}",
                e.source
            );
            assert!(e.entity.source.starts_with("defender-endpoint/api/"));
            assert_eq!(e.top_max.is_some(), e.supports(Opt::Top), "{}", e.key());
        }
    }

    #[test]
    fn paths_are_found_in_every_form() {
        let key = |m: &str, p: &str| find(m, p).map(Endpoint::key);
        assert_eq!(
            key("GET", "/api/machines"),
            Some("GET /api/machines".into())
        );
        assert_eq!(key("get", "/machines/"), Some("GET /api/machines".into()));
        assert_eq!(
            key("GET", "/api/software"),
            Some("GET /api/Software".into())
        );
        assert_eq!(
            key("GET", "/api/machines/abc/alerts/$count"),
            Some("GET /api/machines/{id}/alerts".into())
        );
        assert_eq!(
            key("GET", "/api/v1.0/machines"),
            Some("GET /api/machines".into())
        );
        assert_eq!(
            key("GET", "/API/V1.0/alerts"),
            Some("GET /api/alerts".into())
        );
        assert_eq!(key("POST", "/api/machines"), None);
        assert_eq!(key("GET", "/api/nothing"), None);
    }

    #[test]
    fn doc_spellings_are_told_from_slips() {
        let alerts = find("GET", "/api/alerts").expect("alerts");
        assert!(
            matches!(alerts.resolve("InvestigationId"), Resolved::DocSpelling(p) if p.name == "investigationId")
        );
        assert!(
            matches!(alerts.resolve("asssignedTo"), Resolved::DocSpelling(p) if p.name == "assignedTo")
        );
        let machines = find("GET", "/api/machines").expect("machines");
        assert!(
            matches!(machines.resolve("healthstatus"), Resolved::Case(p) if p.name == "healthStatus")
        );
        assert!(
            matches!(machines.resolve("healthStatu"), Resolved::Typo(p) if p.name == "healthStatus")
        );
        assert!(matches!(
            machines.resolve("onboardingstatus"),
            Resolved::DocSpelling(_)
        ));
        assert!(matches!(machines.resolve("zzz"), Resolved::Unknown));
    }
}
