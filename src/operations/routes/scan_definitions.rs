//! Authenticated scans: scan definitions, scanner agents and scan history.

use crate::operations::body::{
    case, p, Body, BodyKind, Depends, Kind, Param, Required, ValueFormat,
};
use crate::operations::route::{Family, Route};
use crate::operations::Method;

/// `scannerAgent` of a scan definition.
#[rustfmt::skip]
static SCANNER_AGENT: &[Param] = &[
    p("machineId", Kind::String, Required::Unmarked).format(ValueFormat::MachineId),
];

/// `scanAuthenticationParams`: WindowsAuthParams (Windows scans) or SnmpAuthParams (network scans). The table
/// spells the fields PascalCase, the examples camelCase.
#[rustfmt::skip]
static SCAN_AUTH: &[Param] = &[
    p("@odata.type", Kind::String, Required::Unmarked).values(&["#microsoft.windowsDefenderATP.api.SnmpAuthParams", "#microsoft.windowsDefenderATP.api.WindowsAuthParams"]).note("SnmpAuthParams for network scans, WindowsAuthParams for Windows scans"),
    p("type", Kind::String, Required::Unmarked).depends(&SCAN_AUTH_TYPES),
    p("KeyVaultUrl", Kind::String, Required::No).format(ValueFormat::Url),
    p("KeyVaultSecretName", Kind::String, Required::No),
    p("Domain", Kind::String, Required::No).also(&["domain"]),
    p("Username", Kind::String, Required::No).also(&["username"]),
    p("IsGMSAUser", Kind::Boolean, Required::No).also(&["isGmsaUser"]).note("Must be true with WindowsAuthParams"),
    p("CommunityString", Kind::String, Required::No).also(&["communityString"]),
    p("AuthProtocol", Kind::String, Required::No).also(&["authProtocol"]).values(&["MD5", "SHA1"]),
    p("AuthPassword", Kind::String, Required::No).also(&["authPassword"]),
    p("PrivProtocol", Kind::String, Required::No).also(&["privProtocol"]).values(&["DES", "3DES", "AES"]),
    p("PrivPassword", Kind::String, Required::No).also(&["privPassword"]),
];

/// Authentication types per `@odata.type`.
#[rustfmt::skip]
static SCAN_AUTH_TYPES: Depends = Depends {
    on: "@odata.type",
    cases: &[
        case("#microsoft.windowsDefenderATP.api.SnmpAuthParams", &["CommunityString", "NoAuthNoPriv", "AuthNoPriv", "AuthPriv"], ValueFormat::None),
        case("#microsoft.windowsDefenderATP.api.WindowsAuthParams", &["Kerberos", "Negotiate"], ValueFormat::None),
    ],
};

/// Every route of the family, in the order `operations` lists them (body operations first).
#[rustfmt::skip]
pub(super) const ROUTES: &[Route] = &[
    Route {
        name: "add-scan-definition",
        title: "Add authenticated scan definition",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions",
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("add-a-new-scan-definition"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ScanDefinition",
        request_line: "POST https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("scanType", Kind::String, Required::Yes).values(&["Windows", "Network"]),
                p("scanName", Kind::String, Required::Yes),
                p("isActive", Kind::Boolean, Required::Yes),
                p("target", Kind::String, Required::Yes).note("Comma-separated IP addresses or host names"),
                p("intervalInHours", Kind::Integer, Required::Yes),
                p("targetType", Kind::String, Required::Yes).values(&["IP Address", "Hostname"]).also_values(&["Ip"]).note("The examples send Ip instead of the table values"),
                p("scannerAgent", Kind::Object, Required::Yes).items(SCANNER_AGENT).note("The device that runs the scan"),
                p("scanAuthenticationParams", Kind::Object, Required::Yes).items(SCAN_AUTH).note("Required when creating"),
            ],
            platforms: &[],
            notes: &[
                "Only devices seen within the retention period",
                "A prerelease API",
                "The delegated permission is written Machine.Read.Write (as listed), probably meaning Machine.ReadWrite",
            ],
            success_status: 200,
            example_body: r##" {
"scanType": "Windows", 
"scanName": "Test Windows scan", 
"isActive": true, 
"target": "127.0.0.1", 
"intervalInHours": 1, 
"targetType": "Ip",
"scannerAgent": {
    "machineId": "eb663a27ae9d032f61bc268a79eedf14c4b90f77",
},
"scanAuthenticationParams": { 
    "@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams", 
    "type": "Kerberos", 
    "username": "username", 
    "domain": "password",
    "isGmsaUser": true
    }
}"##,
            example_is_json: false,
        }),
        odata: None,
    },
    Route {
        name: "update-scan-definition",
        title: "Update authenticated scan definition",
        method: Method::Patch,
        path: "/api/DeviceAuthenticatedScanDefinitions/{id}",
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("add-a-new-scan-definition"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ScanDefinition",
        request_line: "PATCH  https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/289224fb-1686-472c-9751-5555960854ca",
        line_note: "the page shows only an example line with a concrete id, no template",
        example: "PATCH  https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/289224fb-1686-472c-9751-5555960854ca",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("scanName", Kind::String, Required::Unmarked),
                p("isActive", Kind::Boolean, Required::Unmarked),
                p("target", Kind::String, Required::Unmarked).note("Comma-separated IP addresses or host names"),
                p("intervalInHours", Kind::Integer, Required::Unmarked),
                p("targetType", Kind::String, Required::Unmarked),
                p("scanAuthenticationParams", Kind::Object, Required::No).items(SCAN_AUTH).note("Optional when updating"),
            ],
            platforms: &[],
            notes: &[
                "The delegated permission is written Machine.Read.Write (as listed), probably meaning Machine.ReadWrite",
            ],
            success_status: 200,
            example_body: r##"{
    "scanName": "Test Update Windows scan",
    "isActive": false,
    "target": "127.0.0.2,127.0.0.3",
    "intervalInHours": 1,
    "targetType": "Ip",
    "scanAuthenticationParams": {
        "@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams",
        "type": "Kerberos",
        "username": "username",
        "domain": "password",
        "isGmsaUser": true
    }
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "delete-scan-definitions",
        title: "Delete authenticated scan definitions (batch)",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("add-a-new-scan-definition"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "(none)",
        request_line: "POST https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("ScanDefinitionIds", Kind::Array, Required::Unmarked).note("Only in the example; no parameter table"),
            ],
            platforms: &[],
            notes: &[
                "The delegated permission is written Machine.Read.Write (as listed), probably meaning Machine.ReadWrite",
            ],
            success_status: 0,
            example_body: r##"{
  "ScanDefinitionIds": ["td32f17af-5cc2-4e4e-964a-4c4ef7d216e2", "ab32g20af-5dd2-4a5e-954a-4c4ef7d216e2"],
}"##,
            example_is_json: false,
        }),
        odata: None,
    },
    Route {
        name: "get-scan-history-by-definition",
        title: "Get scan history by definition",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId",
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("Get-scan-history-by-definition"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ScanHistory collection",
        request_line: "POST api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("ScanDefinitionIds", Kind::StringOrArray, Required::Yes).note("The table says String; the example sends an array of ids"),
            ],
            platforms: &[],
            notes: &[],
            success_status: 200,
            example_body: r##"{
    "ScanDefinitionIds": [
        "4ad8d463-6b3a-4894-b42a-a2de9ea0a8ae",
        "60c4aa57-c573-4488-8d18-230914792a92",
        "c6220f67-2cad-4ba3-a2fa-7ded6384da56"
    ]
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "get-scan-history-by-session",
        title: "Get scan history by session",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId",
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("Get-scan-history-by-session"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ScanHistory collection",
        request_line: "POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("SessionIds", Kind::StringOrArray, Required::Yes).note("The table says String; the example sends an array of ids"),
            ],
            platforms: &[],
            notes: &[],
            success_status: 200,
            example_body: r##"{
    "SessionIds": [
        "01decc497f4b4ec49a5fc4e12597f8c8"
    ]
}"##,
            example_is_json: true,
        }),
        odata: None,
    },
    Route {
        name: "list-scan-definitions",
        title: "Get scan definitions",
        method: Method::Get,
        path: "/api/DeviceAuthenticatedScanDefinitions",
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("get-all-scan-definitions"),
        family: Family::ScanDefinitions,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "ScanDefinition collection",
        request_line: "GET /api/DeviceAuthenticatedScanDefinitions",
        line_note: "",
        example: "",
        body: None,
        odata: None,
    },
    Route {
        name: "list-scan-agents",
        title: "Get all scan agents",
        method: Method::Get,
        path: "/api/DeviceAuthenticatedScanAgents",
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("get-all-scan-agents"),
        family: Family::ScanDefinitions,
        hosts: &["api-us.securitycenter.microsoft.com"],
        entity: "ScanAgent collection",
        request_line: "GET /api/DeviceAuthenticatedScanAgents",
        line_note: "",
        example: "",
        body: None,
        odata: None,
    },
    Route {
        name: "get-scan-agent",
        title: "Get scan agent ID",
        method: Method::Get,
        path: "/api/DeviceAuthenticatedScanAgents/{id}",
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("Get-agent-details"),
        family: Family::ScanDefinitions,
        hosts: &["api.security.microsoft.com"],
        entity: "ScanAgent",
        request_line: "GET /api/DeviceAuthenticatedScanAgents",
        line_note: "the page's request line leaves out {id}; its example has one",
        example: "GET https://api.security.microsoft.com/api/DeviceAuthenticatedScanAgents/7f3d76a6976818553e996875dc91f55df6b26625",
        body: None,
        odata: None,
    },
];
