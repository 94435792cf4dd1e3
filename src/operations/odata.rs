//! The OData support of a collection route: the entity it returns, the query options its page names, the
//! `$top` maximum, the properties `$filter` takes (in the page's own spelling: a spelling that differs from
//! the entity is kept and noted, never corrected here) and the functions the docs show on a property.

use super::entities::Entity;

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
    pub(crate) const ALL: &'static [(Opt, &'static str)] = &[
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
    pub(crate) fn name(self) -> &'static str {
        Opt::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, n)| n)
    }
}

/// A route's OData support, as its docs page gives it.
#[derive(Debug, Clone, Copy)]
pub struct OData {
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
