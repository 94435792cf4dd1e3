//! Indicators of compromise: submit, import, list, delete and batch-delete.

use crate::operations::body::{
    case, p, Body, BodyKind, Depends, Kind, Param, Required, ValueFormat,
};
use crate::operations::entities as ent;
use crate::operations::odata::OData;
use crate::operations::odata::Opt::{Filter, Skip, Top};
use crate::operations::route::{Family, Route};
use crate::operations::Method;

/// An indicator's fields: the body of submit-indicator and each item of import-indicators' `Indicators`.
#[rustfmt::skip]
static INDICATOR: &[Param] = &[
    p("indicatorValue", Kind::String, Required::Yes).format(ValueFormat::IndicatorValue).depends(&INDICATOR_VALUE).note("What the indicator matches; its shape follows indicatorType. IP ranges (CIDR) are not accepted"),
    p("indicatorType", Kind::String, Required::Yes).values(&["FileSha1", "FileMd5", "CertificateThumbprint", "FileSha256", "IpAddress", "DomainName", "Url"]),
    p("action", Kind::String, Required::Yes).values(&["Alert", "Warn", "Block", "Audit", "BlockAndRemediate", "AlertAndBlock", "Allowed"]).note("Audit needs generateAlert true; Alert and AlertAndBlock are legacy values"),
    p("application", Kind::String, Required::No).note("Only taken when the indicator is created, not on update"),
    p("title", Kind::String, Required::Yes),
    p("description", Kind::String, Required::Yes),
    p("expirationTime", Kind::String, Required::No).format(ValueFormat::FutureDateTime).note("ISO 8601, e.g. 2020-12-12T00:00:00Z"),
    p("severity", Kind::String, Required::No).values(&["Informational", "Low", "Medium", "High"]),
    p("recommendedActions", Kind::String, Required::No),
    p("rbacGroupNames", Kind::StringOrArray, Required::No).note("The table says a comma-separated string; the example sends an array of names"),
    p("educateUrl", Kind::String, Required::No).format(ValueFormat::Url).note("Support link shown to users on Block and Warn of URL indicators"),
    p("generateAlert", Kind::BooleanOrString, Required::Unmarked).also(&["GenerateAlert"]).values(&["True", "False"]).note(GENERATE_ALERT_EVIDENCE),
    p("externalID", Kind::String, Required::No).also(&["externalId"]).undocumented(ENTITY_PAGE_EXTERNAL_ID),
    p("rbacGroupIds", Kind::StringOrArray, Required::No).undocumented(ENTITY_PAGE),
    p("lastUpdateTime", Kind::String, Required::No).format(ValueFormat::DateTime).undocumented(ENTITY_PAGE_READ_ONLY),
    p("creationTimeDateTimeUtc", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
    p("createdBy", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
    p("createdBySource", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
    p("lastUpdatedBy", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
    p("sourceType", Kind::String, Required::No).values(&["User", "AadApp"]).undocumented(ENTITY_PAGE_READ_ONLY),
    p("source", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
    p("id", Kind::String, Required::No).undocumented(ENTITY_PAGE_READ_ONLY),
];

/// Why the indicator's entity properties are taken although the submit table omits them.
/// The docs disagree with themselves and with the service on `generateAlert`: recorded here, with sources.
const GENERATE_ALERT_EVIDENCE: &str = "The docs' tables type it Enum, True/False (post-ti-indicator.md, ti-indicator.md) and their prose writes TRUE, but the service's own JSON carries a boolean (\"generateAlert\": true in API output quoted by rapid7/insightconnect-plugins plugins/microsoft_atp/help.md)";
const ENTITY_PAGE: &str = "a property of the Indicator entity (defender-endpoint/api/ti-indicator.md), which TI connectors send on submit and import";
const ENTITY_PAGE_EXTERNAL_ID: &str = "a property of the Indicator entity (defender-endpoint/api/ti-indicator.md, spelled externalID there: an id the caller may submit for its own correlation); connectors send it as externalId";
const ENTITY_PAGE_READ_ONLY: &str = "a property of the Indicator entity (defender-endpoint/api/ti-indicator.md) that the service sets itself; bodies read back with GET and sent again carry it, and the service accepts them";

/// What `indicatorValue` must look like for each `indicatorType`.
#[rustfmt::skip]
static INDICATOR_VALUE: Depends = Depends {
    on: "indicatorType",
    cases: &[
        case("FileSha1", &[], ValueFormat::Sha1),
        case("FileMd5", &[], ValueFormat::Md5),
        case("CertificateThumbprint", &[], ValueFormat::Thumbprint),
        case("FileSha256", &[], ValueFormat::Sha256),
        case("IpAddress", &[], ValueFormat::Ip),
        case("DomainName", &[], ValueFormat::Domain),
        case("Url", &[], ValueFormat::UrlIndicator),
    ],
};

/// Every route of the family, in the order `operations` lists them (body operations first).
#[rustfmt::skip]
pub(super) const ROUTES: &[Route] = &[
    Route {
        name: "submit-or-update-indicator",
        title: "Submit or update indicator",
        method: Method::Post,
        path: "/api/indicators",
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &["Ti.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[("max_active_indicators_per_tenant", "15000")],
        docs: doc!("post-ti-indicator"),
        family: Family::Indicators,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "Indicator",
        request_line: "POST https://api.securitycenter.microsoft.com/api/indicators",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: INDICATOR,
            platforms: &[],
            notes: &[
                "IP ranges in CIDR notation are not accepted",
                "Current action types: Allowed, Audit, Block, BlockAndRemediate, Warn (Warn only for Defender for Cloud Apps)",
                "AlertAndBlock and Alert were supported only until January 2022",
            ],
            success_status: 200,
            example_body: r##"{
    "indicatorValue": "220e7d15b011d7fac48f2bd61114db1022197f7f",
    "indicatorType": "FileSha1",
    "title": "test",
    "application": "demo-test",
    "expirationTime": "2020-12-12T00:00:00Z",
    "action": "AlertAndBlock",
    "severity": "Informational",
    "description": "test",
    "recommendedActions": "nothing",
    "rbacGroupNames": [
        "group1",
        "group2"
    ]
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "import-indicators",
        title: "Import indicators (batch submit/update)",
        method: Method::Post,
        path: "/api/indicators/import",
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &["Ti.ReadWrite"],
        rate_per_minute: Some(30),
        rate_per_hour: None,
        limits: &[("max_active_indicators_per_tenant", "15000"), ("max_batch_size", "500")],
        docs: doc!("import-ti-indicators"),
        family: Family::Indicators,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ImportIndicatorResult collection",
        request_line: "POST https://api.securitycenter.microsoft.com/api/indicators/import",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("Indicators", Kind::Array, Required::Yes).max_items(500).items(INDICATOR).note("Each item takes the submit-indicator fields (camelCase)"),
            ],
            platforms: &[],
            notes: &[
                "IP ranges in CIDR notation are not accepted",
            ],
            success_status: 200,
            example_body: r##"{
    "Indicators": [
        {
            "indicatorValue": "220e7d15b011d7fac48f2bd61114db1022197f7f",
            "indicatorType": "FileSha1",
            "title": "demo",
            "application": "demo-test",
            "expirationTime": "2021-12-12T00:00:00Z",
            "action": "Alert",
            "severity": "Informational",
            "description": "demo2",
            "recommendedActions": "nothing",
            "rbacGroupNames": [
                "group1",
                "group2"
            ]
        },
        {
            "indicatorValue": "2233223322332233223322332233223322332233223322332233223322332222",
            "indicatorType": "FileSha256",
            "title": "demo2",
            "application": "demo-test2",
            "expirationTime": "2021-12-12T00:00:00Z",
            "action": "Alert",
            "severity": "Medium",
            "description": "demo2",
            "recommendedActions": "nothing",
            "rbacGroupNames": []
        }
    ]
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "batch-delete-indicators",
        title: "Batch delete indicators",
        method: Method::Post,
        path: "/api/indicators/BatchDelete",
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &[],
        rate_per_minute: Some(30),
        rate_per_hour: Some(1500),
        limits: &[("max_batch_size", "500")],
        docs: doc!("batch-delete-ti-indicators"),
        family: Family::Indicators,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "(none)",
        request_line: "POST https://api.securitycenter.microsoft.com/api/indicators/BatchDelete",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("IndicatorIds", Kind::Array, Required::Yes).max_items(500).note("1 to 500 ids per call"),
            ],
            platforms: &[],
            notes: &[
                "The docs list no delegated permission",
                "The docs call the answer '204 OK'; 204 means No Content",
            ],
            success_status: 204,
            example_body: r##"{
    "IndicatorIds": [
        "1",
        "2",
        "5"
    ]
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "list-indicators",
        title: "List Indicators API",
        method: Method::Get,
        path: "/api/indicators",
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &["Ti.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("get-ti-indicators-collection"),
        family: Family::Indicators,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "Indicator collection",
        request_line: "GET https://api.securitycenter.microsoft.com/api/indicators",
        line_note: "",
        example: "",
        body: None,
        odata: Some(OData {
            entity: &ent::INDICATOR,
            options: &[Filter, Top, Skip], top_max: Some(10_000), top_as_written: "$stop",
            filter: &["application", "createdByDisplayName", "expirationTime", "generateAlert", "title", "rbacGroupNames", "rbacGroupIds", "indicatorValue", "indicatorType", "creationTimeDateTimeUtc", "createdBy", "action", "severity"],
            expand: &[],
            functions: &[],
            source: "defender-endpoint/api/get-ti-indicators-collection.md",
        }),
    },
    Route {
        name: "delete-indicator",
        title: "Delete Indicator API",
        method: Method::Delete,
        path: "/api/indicators/{id}",
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &[],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("delete-ti-indicator-by-id"),
        family: Family::Indicators,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "-",
        request_line: "Delete https://api.securitycenter.microsoft.com/api/indicators/{id}",
        line_note: "",
        example: "",
        body: None,
        odata: None,
    },
];
