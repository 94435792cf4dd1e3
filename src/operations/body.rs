//! A request body as the docs describe it: how it is sent, its parameters (names, case, JSON types, enums,
//! formats, limits), the platforms and notes of the page, the success status and the page's example. A
//! [`Body`] sits on the [`Route`](super::Route) of every operation that takes one.

/// How the body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `multipart/form-data` (library upload): not lintable as JSON.
    Multipart,
}

/// The JSON type a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    Array,
    Object,
    /// The docs give a type that several JSON types satisfy (e.g. a comma-separated string or an array).
    StringOrArray,
    /// A boolean the docs also show as the strings "True"/"False".
    BooleanOrString,
}

/// Whether the docs mark a parameter as required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// The parameter table gives no marker.
    Unmarked,
}

/// A value check beyond the JSON type. On an array of strings it applies to each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    None,
    /// A SHA-1 (40 hex).
    Sha1,
    /// A SHA-256 (64 hex).
    Sha256,
    /// An MD5 (32 hex).
    Md5,
    /// A certificate thumbprint (40 hex, as a SHA-1).
    Thumbprint,
    /// Depends on the sibling `indicatorType` (hash length, IP, domain, URL): see `Param::depends`.
    IndicatorValue,
    /// An IPv4 or IPv6 address, no CIDR suffix.
    Ip,
    /// A domain name.
    Domain,
    /// ISO 8601 date-time.
    DateTime,
    /// ISO 8601 date-time that should lie in the future (an expiry).
    FutureDateTime,
    /// An absolute http(s) URL (indicator values may omit the scheme: see [`ValueFormat::UrlIndicator`]).
    Url,
    /// A URL indicator: a URL with or without scheme.
    UrlIndicator,
    /// A GUID.
    Guid,
    /// A device id (40 hex).
    MachineId,
    /// Live response script arguments: shell metacharacters are refused by the service.
    ScriptArgs,
}

impl ValueFormat {
    /// A few words naming what the format expects, for messages and the `operations` table.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            ValueFormat::None => "",
            ValueFormat::Sha1 => "SHA-1 (40 hex)",
            ValueFormat::Sha256 => "SHA-256 (64 hex)",
            ValueFormat::Md5 => "MD5 (32 hex)",
            ValueFormat::Thumbprint => "certificate thumbprint (40 hex)",
            ValueFormat::IndicatorValue => "depends on indicatorType",
            ValueFormat::Ip => "IPv4 or IPv6 address, no CIDR",
            ValueFormat::Domain => "domain name",
            ValueFormat::DateTime => "ISO 8601 date-time",
            ValueFormat::FutureDateTime => "ISO 8601 date-time in the future",
            ValueFormat::Url => "absolute http(s) URL",
            ValueFormat::UrlIndicator => "URL",
            ValueFormat::Guid => "GUID",
            ValueFormat::MachineId => "device id (40 hex)",
            ValueFormat::ScriptArgs => "script arguments without ; & | ! $ ( )",
        }
    }
}

/// Allowed values or a format that depend on another key's value (`indicatorValue` on `indicatorType`,
/// a live-response param `key` on its command's `type`).
#[derive(Debug)]
pub struct Depends {
    /// The key whose value decides; looked up in the same object first, then in the enclosing objects.
    pub on: &'static str,
    pub cases: &'static [DependentCase],
}

/// One case of a [`Depends`].
#[derive(Debug)]
pub struct DependentCase {
    /// The deciding key's value (exact case).
    pub when: &'static str,
    /// Allowed values in this case; empty when any value goes.
    pub values: &'static [&'static str],
    pub format: ValueFormat,
}

/// One body parameter.
#[derive(Debug)]
pub struct Param {
    /// The name as the docs' parameter table spells it (case-sensitive on the wire).
    pub name: &'static str,
    /// Other spellings the docs themselves use (e.g. in the example): accepted, with a note.
    pub also: &'static [&'static str],
    pub kind: Kind,
    pub required: Required,
    /// Allowed values, exact case; empty when any value goes. On an array of strings, per item.
    pub values: &'static [&'static str],
    /// Values the docs' own examples send although the table does not list them: accepted, with a note.
    pub also_values: &'static [&'static str],
    pub format: ValueFormat,
    /// Values or format decided by another key.
    pub depends: Option<&'static Depends>,
    /// `null` is a documented value.
    pub nullable: bool,
    /// Most items an array may hold.
    pub max_items: Option<usize>,
    /// Schema of each array item or of the object value.
    pub items: Option<&'static [Param]>,
    /// A short remark from the docs, in our words.
    pub note: &'static str,
    /// Not in the operation's parameter table, yet taken by the service: the evidence (a docs page, a field
    /// report). Empty for documented parameters. Such a key gets an `undocumented-key` note, never a warning.
    pub undocumented: &'static str,
}

/// The request body of an operation that takes one.
#[derive(Debug, Clone, Copy)]
pub struct Body {
    pub kind: BodyKind,
    pub params: &'static [Param],
    /// The OS versions the page requires, in its words.
    pub platforms: &'static [&'static str],
    /// Remarks from the page, in our words.
    pub notes: &'static [&'static str],
    /// The documented success status; 0 where the docs give none.
    pub success_status: u16,
    /// The docs' example body (may be invalid JSON where the docs' own example is).
    pub example_body: &'static str,
    /// Whether the docs' example body is valid JSON (false where the docs' own example is broken).
    pub example_is_json: bool,
}

/// A parameter: name, JSON type and whether the docs mark it required; the builders below add the rest.
pub(crate) const fn p(name: &'static str, kind: Kind, required: Required) -> Param {
    Param {
        name,
        also: &[],
        kind,
        required,
        values: &[],
        also_values: &[],
        format: ValueFormat::None,
        depends: None,
        nullable: false,
        max_items: None,
        items: None,
        note: "",
        undocumented: "",
    }
}

/// Builders, so each parameter stays on one line.
impl Param {
    pub(crate) const fn also(self, also: &'static [&'static str]) -> Param {
        Param { also, ..self }
    }
    pub(crate) const fn values(self, values: &'static [&'static str]) -> Param {
        Param { values, ..self }
    }
    pub(crate) const fn also_values(self, also_values: &'static [&'static str]) -> Param {
        Param {
            also_values,
            ..self
        }
    }
    pub(crate) const fn format(self, format: ValueFormat) -> Param {
        Param { format, ..self }
    }
    pub(crate) const fn depends(self, depends: &'static Depends) -> Param {
        Param {
            depends: Some(depends),
            ..self
        }
    }
    pub(crate) const fn nullable(self) -> Param {
        Param {
            nullable: true,
            ..self
        }
    }
    pub(crate) const fn max_items(self, max: usize) -> Param {
        Param {
            max_items: Some(max),
            ..self
        }
    }
    pub(crate) const fn items(self, items: &'static [Param]) -> Param {
        Param {
            items: Some(items),
            ..self
        }
    }
    pub(crate) const fn note(self, note: &'static str) -> Param {
        Param { note, ..self }
    }
    pub(crate) const fn undocumented(self, undocumented: &'static str) -> Param {
        Param {
            undocumented,
            ..self
        }
    }
}

pub(crate) const fn case(
    when: &'static str,
    values: &'static [&'static str],
    format: ValueFormat,
) -> DependentCase {
    DependentCase {
        when,
        values,
        format,
    }
}
