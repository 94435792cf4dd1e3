//! The lint rules: stable ids, default severity, descriptions and the API error each predicts. Data in one
//! place; SARIF's rule list and `--format json` both come from here.

pub use crate::finding::Severity;

/// What a rule (or one finding of it) rests on. Written beside every rule in [`RULES`]; a finding that rests on
/// weaker evidence than its rule says so in its message and never predicts an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Evidence {
    /// The docs say so, and nothing shows the service doing otherwise: an error at most.
    DocsSay,
    /// The docs print more than one spelling: every documented one is accepted, with a note.
    DocsContradict,
    /// The docs are silent or say otherwise, but the service is seen to accept it: a note at most.
    ServiceAccepts,
    /// Nothing documents it either way: a warning at most.
    Undocumented,
}

impl Evidence {
    /// How messages name the level.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Evidence::DocsSay => "the docs say so",
            Evidence::DocsContradict => "the docs contradict themselves",
            Evidence::ServiceAccepts => "the service is seen to accept it",
            Evidence::Undocumented => "undocumented",
        }
    }

    /// The highest severity a finding on this evidence may have.
    pub(crate) fn ceiling(self) -> Severity {
        match self {
            Evidence::DocsSay => Severity::Error,
            Evidence::DocsContradict | Evidence::ServiceAccepts => Severity::Note,
            Evidence::Undocumented => Severity::Warning,
        }
    }
}

/// A rule; `Rule::info` gives its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    InvalidJson,
    KeyCase,
    KeyTypo,
    UnknownKey,
    DuplicateKey,
    MissingRequired,
    WrongType,
    EmptyValue,
    EnumCase,
    EnumValue,
    InvalidHash,
    InvalidIp,
    InvalidDomain,
    InvalidUrl,
    InvalidDatetime,
    Expired,
    InvalidId,
    BatchTooLarge,
    UnsafeScriptArgs,
    DocSpelling,
    InferredOperation,
    NotLinted,
    UndocumentedKey,
    CrossField,
    NotChecked,
    OdataSyntax,
    OdataUnknownOption,
    OdataMissingDollar,
    OdataUndocumentedOption,
    OdataDuplicateOption,
    OdataPropertyCase,
    OdataUnknownProperty,
    OdataNotFilterable,
    OdataDocSpelling,
    OdataFunction,
    OdataOperator,
    OdataValueType,
    OdataDatetime,
    OdataEnumCase,
    OdataEnumValue,
    OdataTopExceeded,
    OdataEncoding,
    OdataNoFacts,
    UnknownRoute,
    FileNameTypo,
}

/// What a rule is about.
#[derive(Debug)]
pub(crate) struct RuleInfo {
    pub(crate) id: &'static str,
    /// What the rule rests on; it caps the severity (see [`Evidence::ceiling`]).
    pub(crate) evidence: Evidence,
    pub(crate) severity: Severity,
    /// One line.
    pub(crate) summary: &'static str,
    /// Why it matters.
    pub(crate) description: &'static str,
    /// What to do.
    pub(crate) help: &'static str,
    /// The catalog code the service would likely answer with.
    pub(crate) would_cause: Option<&'static str>,
}

const fn r(
    id: &'static str,
    evidence: Evidence,
    severity: Severity,
    would_cause: Option<&'static str>,
    summary: &'static str,
    description: &'static str,
    help: &'static str,
) -> RuleInfo {
    RuleInfo {
        id,
        evidence,
        severity,
        summary,
        description,
        help,
        would_cause,
    }
}

use Evidence::{DocsContradict, DocsSay, ServiceAccepts, Undocumented};
use Severity::{Error, Note, Warning};

/// Every rule, in the order of [`Rule`].
#[rustfmt::skip]
pub(crate) static RULES: [RuleInfo; 45] = [
    r("invalid-json", DocsSay, Error, Some("InvalidRequestBody"), "The body is not valid JSON", "The service cannot read a body that is not JSON and rejects the whole request.", "Fix the syntax at the position shown; the likely cause is named."),
    r("key-case", DocsSay, Error, Some("MissingRequiredParameter"), "A key in the wrong letter case", "Body keys are case-sensitive: a key in another case is not recognized, so its value is lost; a required parameter then counts as missing (the error predicted), an optional one is silently not set.", "Spell the key exactly as documented (mdediag lint --fix does it)."),
    r("key-typo", DocsSay, Error, Some("MissingRequiredParameter"), "A key that looks like a misspelled parameter", "A misspelled key is not recognized, so the parameter it meant is missing: refused when required (the error predicted), silently not set when optional.", "Use the suggested parameter name."),
    r("unknown-key", Undocumented, Warning, None, "A key the operation does not take", "The operation documents no such parameter; it is ignored or refused.", "Remove the key, or check that the body is meant for this operation."),
    r("duplicate-key", Undocumented, Warning, None, "The same parameter twice in one object", "Only one of the values takes effect, and which one is up to the service's JSON reader.", "Keep one of them."),
    r("missing-required", DocsSay, Error, Some("MissingRequiredParameter"), "A required parameter is missing", "The docs mark the parameter as required.", "Add the parameter."),
    r("wrong-type", DocsSay, Error, Some("InvalidRequestBody"), "A value of the wrong JSON type", "The service cannot convert the value to the parameter's type.", "Send the documented type (string, number, boolean, array or object)."),
    r("empty-value", DocsSay, Error, Some("MissingRequiredParameter"), "A required value is empty", "An empty string or array counts as no value.", "Fill in the value."),
    r("enum-case", DocsSay, Error, Some("InvalidRequestBody"), "An allowed value in the wrong letter case", "The value matches an allowed value only when case is ignored.", "Spell the value exactly as documented (mdediag lint --fix does it)."),
    r("enum-value", DocsSay, Error, Some("InvalidRequestBody"), "A value the parameter does not allow", "The parameter takes one of a fixed list of values.", "Use one of the allowed values (mdediag operations NAME lists them)."),
    r("invalid-hash", DocsSay, Error, Some("InvalidHashValue"), "A file hash of the wrong length or with non-hex characters", "SHA-1 and certificate thumbprints have 40 hex digits, SHA-256 64, MD5 32; the hash type must match the value.", "Send the hash in hex, or set the indicator type that matches its length."),
    r("invalid-ip", DocsSay, Error, Some("InvalidIpAddress"), "Not an IPv4 or IPv6 address", "IP indicators take one address; ranges in CIDR notation are not accepted.", "Send a single address, one indicator per address."),
    r("invalid-domain", DocsSay, Error, Some("InvalidDomainName"), "Not a domain name", "Domain indicators take a bare host name: no scheme, path or port.", "Send the host name only, e.g. contoso.com."),
    r("invalid-url", DocsSay, Error, Some("InvalidUrl"), "Not a valid URL", "The value must be a URL without spaces; links shown to users must be absolute http(s) URLs.", "Send a complete URL such as https://contoso.com/help."),
    r("invalid-datetime", DocsSay, Error, Some("InvalidRequestBody"), "Not an ISO 8601 date-time", "Date-times are read as ISO 8601, e.g. 2025-12-31T00:00:00Z.", "Write the date-time as YYYY-MM-DDThh:mm:ssZ."),
    r("expired", DocsSay, Warning, None, "An expiration time in the past", "An indicator that has already expired has no effect.", "Set an expiration time in the future, or leave it out."),
    r("invalid-id", DocsSay, Warning, None, "An id that does not have the documented shape", "Device ids are 40 hex characters; another shape cannot name an existing device.", "Copy the id from the device page or the machines API."),
    r("batch-too-large", DocsSay, Error, Some("MaximumBatchSizeExceeded"), "More items than one call takes", "The operation takes a limited number of items per call.", "Split the items over several requests."),
    r("unsafe-script-args", DocsSay, Error, None, "Script arguments with shell metacharacters", "Live response refuses script arguments containing ; & | ! $ ( ).", "Pass plain arguments, or move the logic into the script."),
    r("doc-spelling", DocsContradict, Note, None, "A key the docs spell two ways", "The docs' parameter table and example disagree on the spelling; this one is taken from the docs.", "If the service rejects it, try the table's spelling."),
    r("inferred-operation", DocsSay, Note, None, "The operation was inferred from the keys", "No --operation or --endpoint was given, so the operation whose parameters best match the keys was used.", "Pass --operation NAME to be sure."),
    r("not-linted", DocsSay, Note, None, "The body is not JSON by design", "This operation takes multipart/form-data, which lint does not check.", "Check the form fields against mdediag operations NAME."),
    r("undocumented-key", ServiceAccepts, Note, None, "A key the parameter table omits but the service takes", "The docs' parameter table does not list the key, yet another docs page (the entity's properties) or working integrations show the service accepts it.", "Nothing to do if it does what you mean; the evidence is named in the message."),
    r("cross-field", DocsSay, Error, None, "A combination of fields the docs rule out", "Each field is fine alone, but the operation's docs page requires another field to go with it (or at least one of several).", "Add or change the field the message names; the docs page is cited in the help."),
    r("not-checked", DocsSay, Error, None, "A file that could not be checked", "The file was missing or unreadable, or no operation could be chosen for it; the other files were still checked, and the run ends with exit 2.", "Fix the path or permissions, or name the operation (--operation, or a file name such as isolate-machine.json)."),
    r("odata-syntax", DocsSay, Error, Some("ODataError"), "A $filter the OData parser cannot read", "The service parses $filter before running it; an operator it does not know (==, &&), an unclosed string or parenthesis, or a condition without and/or between them fails the whole request.", "Write the operators as words (eq ne gt ge lt le, and or not), close every ' and (, and join conditions with and / or."),
    r("odata-unknown-option", DocsSay, Error, Some("ODataError"), "A $-option OData does not define, or in the wrong case", "Names starting with $ are reserved for OData system query options; an unknown one ($filters, $stop) or one in another case ($Top) is refused.", "Use $filter, $top, $skip, $expand, $select, $orderby or $count, in lower case."),
    r("odata-missing-dollar", DocsSay, Warning, None, "An OData option written without its $", "top=10 or filter=... is an ordinary parameter to the service, so the option silently does not apply and the full collection comes back.", "Write the $ (mdediag lint --fix does it)."),
    r("odata-undocumented-option", Undocumented, Warning, None, "An OData option the endpoint's docs page does not list", "Each collection page lists the options it supports; others may be refused or ignored.", "Check the endpoint's docs page; drop the option if the service refuses it."),
    r("odata-duplicate-option", DocsSay, Error, Some("ODataError"), "The same OData option twice", "The service refuses a query that repeats an option.", "Keep one of them."),
    r("odata-property-case", DocsSay, Error, Some("ODataError"), "A property name in the wrong letter case", "Property names in OData queries are matched exactly: a name in another case is not found.", "Spell the property as the JSON responses do (mdediag lint --fix does it)."),
    r("odata-unknown-property", DocsSay, Error, Some("ODataError"), "A name that is not a property of the entity", "The service looks the name up on the entity the endpoint returns and refuses the query when it is missing.", "Use a property of the entity; the help names the nearest one or lists those the option takes."),
    r("odata-not-filterable", DocsSay, Error, Some("ODataError"), "A property the endpoint does not filter on", "Each collection filters on a fixed list of properties; a filter on another one is refused.", "Filter on one of the listed properties, or filter the results yourself."),
    r("odata-doc-spelling", DocsContradict, Note, None, "A property spelled as the docs write it, not as the JSON does", "The docs spell some properties two ways (a filter list against the entity table or the responses); this one is taken from the docs.", "If the service refuses it, use the JSON spelling the message names."),
    r("odata-function", DocsSay, Error, Some("ODataError"), "A function OData does not have, or one the docs never show here", "Only OData's functions exist, and the service allows only some of them; the docs show startswith on computerDnsName.", "Use a documented function, or compare with eq/ne/gt/ge/lt/le."),
    r("odata-operator", Undocumented, Warning, None, "An OData operator the docs never use", "has and the arithmetic operators exist in OData but appear nowhere in the Defender for Endpoint docs; the service may refuse them.", "Use eq ne gt ge lt le, and, or, not."),
    r("odata-value-type", DocsSay, Error, Some("ODataError"), "A value of the wrong kind for its property", "Text and enum values take single quotes; numbers, booleans and date-times take none; collections are compared through any().", "Quote or unquote the value as the property's type wants (the help shows how)."),
    r("odata-datetime", DocsSay, Error, Some("ODataError"), "A date-time that is not an unquoted ISO 8601 literal", "Date-time properties compare with literals such as 2024-01-01T00:00:00Z, written without quotes.", "Write the date-time as YYYY-MM-DDThh:mm:ssZ, unquoted."),
    r("odata-enum-case", DocsSay, Error, None, "An enum value in the wrong letter case", "The value matches an allowed value only when case is ignored, so the filter matches nothing or is refused.", "Spell the value exactly as documented (mdediag lint --fix does it)."),
    r("odata-enum-value", DocsSay, Error, None, "A value the property never takes", "The property has a fixed list of values; a filter on another value matches nothing or is refused.", "Use one of the listed values."),
    r("odata-top-exceeded", DocsSay, Error, Some("ODataError"), "$top above the endpoint's maximum", "Each collection caps $top (10,000 on most, 8,000 on /api/vulnerabilities); a larger value fails the whole request.", "Ask for at most the maximum and fetch further pages (mdediag lint --fix lowers it)."),
    r("odata-encoding", DocsSay, Warning, None, "A character the URL carries differently than meant", "In a URL, # starts the fragment (not sent), & ends the option, + is a space, and % starts an escape; spaces must be encoded by clients that send the URL as typed.", "Percent-encode the character (%23, %26, %2B, %25, %20)."),
    r("odata-no-facts", Undocumented, Note, None, "A query on a route without OData facts", "mdediag has no OData facts for this route, so only the query's syntax was checked.", "Check the names against the endpoint's docs page."),
    r("unknown-route", DocsSay, Error, Some("NotFound"), "A method and path no documented operation has", "The service routes by method and path; a path the docs list for no operation, or a method the path does not take, is answered 404 (or 405) whatever the query or body.", "Use the route the help names (mdediag operations lists them all)."),
    r("file-name-typo", DocsSay, Warning, None, "A file name that nearly names an operation", "A body file named NAME.json or anything.NAME.json is checked against operation NAME; a near miss names none, so the operation was inferred from the keys or not chosen at all.", "Rename the file to the operation the help names, or pass --operation NAME."),
];

impl Rule {
    /// The rule's data.
    pub(crate) fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The rule with this id (`key-case`), ignoring case.
    pub(crate) fn by_id(id: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id().eq_ignore_ascii_case(id.trim()))
    }

    /// The stable id (`key-case`).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Every rule, in table order.
    pub const ALL: [Rule; 45] = [
        Rule::InvalidJson,
        Rule::KeyCase,
        Rule::KeyTypo,
        Rule::UnknownKey,
        Rule::DuplicateKey,
        Rule::MissingRequired,
        Rule::WrongType,
        Rule::EmptyValue,
        Rule::EnumCase,
        Rule::EnumValue,
        Rule::InvalidHash,
        Rule::InvalidIp,
        Rule::InvalidDomain,
        Rule::InvalidUrl,
        Rule::InvalidDatetime,
        Rule::Expired,
        Rule::InvalidId,
        Rule::BatchTooLarge,
        Rule::UnsafeScriptArgs,
        Rule::DocSpelling,
        Rule::InferredOperation,
        Rule::NotLinted,
        Rule::UndocumentedKey,
        Rule::CrossField,
        Rule::NotChecked,
        Rule::OdataSyntax,
        Rule::OdataUnknownOption,
        Rule::OdataMissingDollar,
        Rule::OdataUndocumentedOption,
        Rule::OdataDuplicateOption,
        Rule::OdataPropertyCase,
        Rule::OdataUnknownProperty,
        Rule::OdataNotFilterable,
        Rule::OdataDocSpelling,
        Rule::OdataFunction,
        Rule::OdataOperator,
        Rule::OdataValueType,
        Rule::OdataDatetime,
        Rule::OdataEnumCase,
        Rule::OdataEnumValue,
        Rule::OdataTopExceeded,
        Rule::OdataEncoding,
        Rule::OdataNoFacts,
        Rule::UnknownRoute,
        Rule::FileNameTypo,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_rests_on_evidence_that_allows_its_severity() {
        for rule in Rule::ALL {
            let info = rule.info();
            assert!(info.severity <= info.evidence.ceiling(), "{}", info.id);
            if info.would_cause.is_some() {
                assert_eq!(info.evidence, Evidence::DocsSay, "{}", info.id);
            }
        }
    }

    #[test]
    fn rule_ids_are_unique_kebab_case_and_in_enum_order() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert!(ids
            .iter()
            .all(|id| id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(*rule as usize, i);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn predicted_errors_are_catalog_codes() {
        // Checked against the explanation files, which exist before the catalog index lists them.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/catalog/codes");
        for rule in &RULES {
            if let Some(code) = rule.would_cause {
                assert!(
                    dir.join(format!("{code}.md")).is_file(),
                    "{}: {code}",
                    rule.id
                );
            }
        }
    }
}
