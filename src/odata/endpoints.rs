//! The collection routes that take OData query options, as the checks read them: a route and its
//! [`OData`] facts together, found by method and path in every form a request line writes them.

use std::ops::Deref;

use crate::operations::entities::{self as ent, Entity};
pub(crate) use crate::operations::odata::{OData, Opt};
use crate::operations::{routes, Route};

/// A route with OData support: the record and its facts (the facts are reached through `Deref`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Endpoint {
    pub route: &'static Route,
    facts: &'static OData,
}

impl Deref for Endpoint {
    type Target = OData;
    fn deref(&self) -> &OData {
        self.facts
    }
}

/// The OData support of a route, if it takes query options.
pub(crate) fn of_route(route: &'static Route) -> Option<Endpoint> {
    route.odata.as_ref().map(|facts| Endpoint { route, facts })
}

/// Every route with OData facts, in route order.
pub(crate) fn endpoints() -> impl Iterator<Item = Endpoint> {
    routes::all().iter().filter_map(of_route)
}

/// How a name written in a query relates to the entity's properties.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PropertyMatch {
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
pub(crate) struct PropertyRow {
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
    pub(crate) fn rows(&self) -> Vec<PropertyRow> {
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

    /// `GET`.
    pub(crate) fn method(&self) -> &'static str {
        self.route.method.as_str()
    }

    /// The path template exactly as the docs page writes it (`/api/Software`).
    pub(crate) fn path(&self) -> &'static str {
        self.route.path
    }

    /// `GET /api/machines`.
    pub(crate) fn key(&self) -> String {
        format!("{} {}", self.method(), self.path())
    }

    /// Whether the page documents `opt` (`$skiptoken` always counts: the service puts it in nextLink).
    pub(crate) fn supports(&self, opt: Opt) -> bool {
        opt == Opt::SkipToken || self.options.contains(&opt)
    }

    /// The property a filter-list name stands for.
    pub(crate) fn filter_property(
        name: &str,
        entity: &'static Entity,
    ) -> Option<&'static ent::Property> {
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
    pub(crate) fn filterable(&self) -> Vec<&'static ent::Property> {
        self.filter
            .iter()
            .filter_map(|n| Endpoint::filter_property(n, self.entity))
            .collect()
    }

    /// Whether `$filter` takes the property.
    pub(crate) fn is_filterable(&self, prop: &ent::Property) -> bool {
        self.filterable().iter().any(|p| p.name == prop.name)
    }

    /// How `name` relates to the entity's properties.
    pub(crate) fn resolve(&self, name: &str) -> PropertyMatch {
        resolve(self.entity, self.filter, name)
    }
}

/// How `name` relates to `entity`'s properties, `listed` being the spellings a filter list prints.
pub(crate) fn resolve(entity: &'static Entity, listed: &[&str], name: &str) -> PropertyMatch {
    if let Some(p) = entity.property(name) {
        return PropertyMatch::Exact(p);
    }
    if let Some(p) = entity.properties.iter().find(|p| p.also.contains(&name)) {
        return PropertyMatch::DocSpelling(p);
    }
    if listed.contains(&name) {
        if let Some(p) = Endpoint::filter_property(name, entity) {
            return PropertyMatch::DocSpelling(p);
        }
    }
    let names = entity.properties.iter().map(|p| p.name);
    match crate::suggest::closest(name, names) {
        Some(crate::suggest::Match::Case(c)) => entity
            .property(c)
            .map_or(PropertyMatch::Unknown, PropertyMatch::Case),
        Some(crate::suggest::Match::Typo(c)) => entity
            .property(c)
            .map_or(PropertyMatch::Unknown, PropertyMatch::Typo),
        None => PropertyMatch::Unknown,
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
pub(crate) fn find(method: &str, path: &str) -> Option<Endpoint> {
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
    endpoints().find(|e| {
        e.method().eq_ignore_ascii_case(method) && candidates.iter().any(|c| matches(e.path(), c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_list_name_stands_for_a_property_of_its_entity() {
        for e in endpoints() {
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
        let mut keys: Vec<String> = endpoints().map(|e| e.key()).collect();
        let count = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), count);
        for e in endpoints() {
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
        let key = |m: &str, p: &str| find(m, p).map(|e| e.key());
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
            matches!(alerts.resolve("InvestigationId"), PropertyMatch::DocSpelling(p) if p.name == "investigationId")
        );
        assert!(
            matches!(alerts.resolve("asssignedTo"), PropertyMatch::DocSpelling(p) if p.name == "assignedTo")
        );
        let machines = find("GET", "/api/machines").expect("machines");
        assert!(
            matches!(machines.resolve("healthstatus"), PropertyMatch::Case(p) if p.name == "healthStatus")
        );
        assert!(
            matches!(machines.resolve("healthStatu"), PropertyMatch::Typo(p) if p.name == "healthStatus")
        );
        assert!(matches!(
            machines.resolve("onboardingstatus"),
            PropertyMatch::DocSpelling(_)
        ));
        assert!(matches!(machines.resolve("zzz"), PropertyMatch::Unknown));
    }
}
