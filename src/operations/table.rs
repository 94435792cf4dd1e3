//! The operation table: every MDE operation that takes a request body, facts copied exactly from Microsoft's
//! docs (defender-endpoint/api/*.md, via the shared facts file). One parameter per line; notes in our words.

use super::routes::{Family, RouteInfo};
use super::{
    BodyKind, DependentCase, Depends, Kind, Method, Operation, Param, Required, ValueFormat,
};

const fn p(name: &'static str, kind: Kind, required: Required) -> Param {
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
    const fn also(self, also: &'static [&'static str]) -> Param {
        Param { also, ..self }
    }
    const fn values(self, values: &'static [&'static str]) -> Param {
        Param { values, ..self }
    }
    const fn also_values(self, also_values: &'static [&'static str]) -> Param {
        Param {
            also_values,
            ..self
        }
    }
    const fn format(self, format: ValueFormat) -> Param {
        Param { format, ..self }
    }
    const fn depends(self, depends: &'static Depends) -> Param {
        Param {
            depends: Some(depends),
            ..self
        }
    }
    const fn nullable(self) -> Param {
        Param {
            nullable: true,
            ..self
        }
    }
    const fn max_items(self, max: usize) -> Param {
        Param {
            max_items: Some(max),
            ..self
        }
    }
    const fn items(self, items: &'static [Param]) -> Param {
        Param {
            items: Some(items),
            ..self
        }
    }
    const fn note(self, note: &'static str) -> Param {
        Param { note, ..self }
    }
    const fn undocumented(self, undocumented: &'static str) -> Param {
        Param {
            undocumented,
            ..self
        }
    }
}

const fn case(
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

/// The docs page of an operation, from its file name in defender-endpoint/api/.
macro_rules! doc {
    ($page:literal) => {
        concat!(
            "https://learn.microsoft.com/en-us/defender-endpoint/api/",
            $page
        )
    };
}

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
    p("generateAlert", Kind::BooleanOrString, Required::Unmarked).also(&["GenerateAlert"]).values(&["True", "False"]).note("The docs list True/False; the prose spells the key GenerateAlert"),
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

/// One live response command: `{"type": "RunScript", "params": [{"key": "ScriptName", "value": "x.ps1"}]}`.
/// Nested keys are lowercase although the top-level keys are PascalCase.
#[rustfmt::skip]
static LIVE_RESPONSE_COMMAND: &[Param] = &[
    p("type", Kind::String, Required::Unmarked).values(&["PutFile", "RunScript", "GetFile"]),
    p("params", Kind::Array, Required::Unmarked).items(LIVE_RESPONSE_PARAM),
];

/// One `{key, value}` pair of a live response command.
#[rustfmt::skip]
static LIVE_RESPONSE_PARAM: &[Param] = &[
    p("key", Kind::String, Required::Unmarked).depends(&LIVE_RESPONSE_KEYS),
    p("value", Kind::String, Required::Unmarked).depends(&LIVE_RESPONSE_VALUES).note("GetFile paths need their backslashes escaped in JSON"),
];

/// The parameter keys each command type takes.
#[rustfmt::skip]
static LIVE_RESPONSE_KEYS: Depends = Depends {
    on: "type",
    cases: &[
        case("PutFile", &["FileName"], ValueFormat::None),
        case("RunScript", &["ScriptName", "Args"], ValueFormat::None),
        case("GetFile", &["Path"], ValueFormat::None),
    ],
};

/// Values checked by the parameter key they belong to.
#[rustfmt::skip]
static LIVE_RESPONSE_VALUES: Depends = Depends {
    on: "key",
    cases: &[
        case("Args", &[], ValueFormat::ScriptArgs),
    ],
};

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

/// Every operation that takes a body, in the order of the facts file.
#[rustfmt::skip]
pub static OPERATIONS: &[Operation] = &[
    Operation {
        name: "isolate-machine",
        title: "Isolate machine",
        method: Method::Post,
        path: "/api/machines/{id}/isolate",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
            p("IsolationType", Kind::String, Required::Unmarked).values(&["Full", "Selective", "UnManagedDevice"]).note("UnManagedDevice contains a device that is not onboarded"),
        ],
        app_permissions: &["Machine.Isolate"],
        delegated_permissions: &["Machine.Isolate"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Full isolation: Windows 10 version 1703 and Windows 11", "Full isolation: all supported Linux devices", "Selective isolation: Windows 10 version 1709 or later and Windows 11"],
        notes: &[
            "On a device that is not onboarded the call contains it instead; send IsolationType UnManagedDevice",
            "A device that reaches the cloud only through a full VPN tunnel loses that connection once isolated",
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Isolate machine due to alert 1234",
    "IsolationType": "Full"
}"##,
        example_is_json: true,
        docs: doc!("isolate-machine"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/isolate",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "release-machine-from-isolation",
        title: "Release device from isolation (unisolate)",
        method: Method::Post,
        path: "/api/machines/{id}/unisolate",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Machine.Isolate"],
        delegated_permissions: &["Machine.Isolate"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Full isolation: Windows 10 version 1703", "Full isolation: Linux (public preview)", "Selective isolation: Windows 10 version 1709 or later"],
        notes: &[
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Unisolate machine since it was clean and validated"
}"##,
        example_is_json: true,
        docs: doc!("unisolate-machine"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.security.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.security.microsoft.com/api/machines/{id}/unisolate",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "restrict-app-execution",
        title: "Restrict app execution",
        method: Method::Post,
        path: "/api/machines/{id}/restrictCodeExecution",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Machine.RestrictExecution"],
        delegated_permissions: &["Machine.RestrictExecution"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Windows 10 version 1709 or later", "Windows 11"],
        notes: &[
            "Needs Microsoft Defender Antivirus on the device",
            "The code integrity (WDAC) policy format and signing rules apply",
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Restrict code execution due to alert 1234"
}"##,
        example_is_json: true,
        docs: doc!("restrict-code-execution"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/restrictCodeExecution",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "remove-app-restriction",
        title: "Remove app restriction (unrestrict)",
        method: Method::Post,
        path: "/api/machines/{id}/unrestrictCodeExecution",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Machine.RestrictExecution"],
        delegated_permissions: &["Machine.RestrictExecution"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "The page's OS requirements repeat the isolation text (full: Windows 10 1703, selective: 1709), apparently copied; restrict-app-execution names Windows 10 1709 or later and Windows 11",
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Unrestrict code execution since machine was cleaned and validated"
}"##,
        example_is_json: true,
        docs: doc!("unrestrict-code-execution"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/unrestrictCodeExecution",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "run-antivirus-scan",
        title: "Run antivirus scan",
        method: Method::Post,
        path: "/api/machines/{id}/runAntiVirusScan",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
            p("ScanType", Kind::String, Required::Yes).values(&["Quick", "Full"]),
        ],
        app_permissions: &["Machine.Scan"],
        delegated_permissions: &["Machine.Scan"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Windows 10 version 1709 or later", "Windows 11"],
        notes: &[
            "Works with Defender Antivirus in passive mode too",
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Check machine for viruses due to alert 3212",
    "ScanType": "Full"
}"##,
        example_is_json: true,
        docs: doc!("run-av-scan"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.security.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.security.microsoft.com/api/machines/{id}/runAntiVirusScan",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "collect-investigation-package",
        title: "Collect investigation package",
        method: Method::Post,
        path: "/api/machines/{id}/collectInvestigationPackage",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Machine.CollectForensics"],
        delegated_permissions: &["Machine.CollectForensics"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Collect forensics due to alert 1234"
}"##,
        example_is_json: true,
        docs: doc!("collect-investigation-package"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/collectInvestigationPackage",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "offboard-machine",
        title: "Offboard machine",
        method: Method::Post,
        path: "/api/machines/{id}/offboard",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Machine.Offboard"],
        delegated_permissions: &["Machine.Offboard"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Windows 11", "Windows 10 version 1703 and later", "Windows Server 2019 and later", "Windows Server 2012 R2 and 2016 with the new unified agent", "Not supported: macOS", "Not supported: Linux"],
        notes: &[
            "Stops the sensor service only; the onboarding registry entries stay",
            "The device id is the 40-character id shown in the device page URL",
            "The docs answer '200 - Created': the number and the reason disagree (other device actions answer 201)",
        ],
        success_status: 200,
        example_body: r##"{
    "Comment": "Offboard machine by automation"
}"##,
        example_is_json: true,
        docs: doc!("offboard-machine-api"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.security.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.security.microsoft.com/api/machines/{id}/offboard",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "stop-and-quarantine-file",
        title: "Stop and quarantine file",
        method: Method::Post,
        path: "/api/machines/{id}/StopAndQuarantineFile",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
            p("Sha1", Kind::String, Required::Yes).format(ValueFormat::Sha1),
        ],
        app_permissions: &["Machine.StopAndQuarantine", "Machine.Read.All", "Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.StopAndQuarantine"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &["Windows 10 version 1703 or later", "Windows 11"],
        notes: &[
            "Files signed by Microsoft or by a trusted third-party publisher cannot be quarantined",
            "Defender Antivirus must run, passive mode at least",
            "The permissions table also lists Machine.Read.All and Machine.ReadWrite.All for applications",
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Stop and quarantine file on machine due to alert 441688558380765161_2136280442",
    "Sha1": "87662bc3d60e4200ceaf7aae249d1c343f4b83c9"
}"##,
        example_is_json: true,
        docs: doc!("stop-and-quarantine-file"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/StopAndQuarantineFile",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "run-live-response",
        title: "Run live response commands",
        method: Method::Post,
        path: "/API/machines/{machine_id}/runliveresponse",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Unmarked),
            p("Commands", Kind::Array, Required::Unmarked).items(LIVE_RESPONSE_COMMAND).note("Command types PutFile, RunScript, GetFile; run one after another, stopping at the first failure"),
        ],
        app_permissions: &["Machine.LiveResponse"],
        delegated_permissions: &["Machine.LiveResponse"],
        rate_per_minute: Some(10),
        rate_per_hour: None,
        limits: &[("concurrent_sessions_max", "25")],
        platforms: &["Windows 11", "Windows 10 version 1909 or later", "Windows 10 1903 with KB4515384", "Windows 10 1809 (RS 5) with KB4537818", "Windows 10 1803 (RS 4) with KB4537795", "Windows 10 1709 (RS 3) with KB4537816", "Windows Server 2019 (public preview only): 1903 with KB4515384, 1809 with KB4537818", "Windows Server 2022", "Windows Server 2025", "macOS 13 (Ventura), 12 (Monterey), 11 (Big Sur)", "Linux: supported distributions"],
        notes: &[
            "Past 10 calls a minute or 25 sessions at once the service answers 429",
            "If the device is offline the session waits in a queue for up to 3 days",
            "RunScript stops after 10 minutes",
            "Commands run one after another; they cannot be queued",
            "The device group needs an automated remediation level set (at least the minimum)",
            "When a command fails, the commands after it do not run",
            "One live response session per device at a time; a second one gets 400 ActiveRequestAlreadyExists",
            "Backslashes in GetFile paths must be escaped in JSON (C:\\\\Windows)",
            "PutFile returns no result",
            "Sessions started from the device page do not show up in the machineactions API",
            "Needs Defender for Endpoint Plan 2",
            "The docs say 201 Created but their example response shows 200 Ok",
        ],
        success_status: 201,
        example_body: r##"{
    "Commands": [
        {
            "type": "RunScript",
            "params": [
                {
                    "key": "ScriptName",
                    "value": "minidump.ps1"
                },
                {
                    "key": "Args",
                    "value": "OfficeClickToRun"
                }
            ]
        },
        {
            "type": "GetFile",
            "params": [
                {
                    "key": "Path",
                    "value": "C:\\windows\\TEMP\\OfficeClickToRun.dmp.zip"
                }
            ]
        }
    ],
    "Comment": "Testing Live Response API"
}"##,
        example_is_json: true,
        docs: doc!("run-live-response"),
        route: RouteInfo {
            family: Family::LiveResponse,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/API/machines/{machine_id}/runliveresponse",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "upload-library-file",
        title: "Upload file to live response library",
        method: Method::Post,
        path: "/api/libraryfiles",
        body: BodyKind::Multipart,
        params: &[
            p("File", Kind::String, Required::Yes).also(&["file"]).note("The file content (multipart form field); the curl example names the field file"),
            p("Description", Kind::String, Required::Unmarked),
            p("ParametersDescription", Kind::String, Required::No).note("Describes the parameters the script takes"),
            p("OverrideIfExists", Kind::Boolean, Required::No).note("The docs give an empty string as default although the type is Boolean"),
        ],
        app_permissions: &["Library.Manage"],
        delegated_permissions: &["Library.Manage"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[("max_file_size", "20MB")],
        platforms: &[],
        notes: &[
            "Sent as multipart/form-data, not JSON: lint does not check this body",
            "The curl example also sends HasParameters, which the parameter table does not list",
        ],
        success_status: 200,
        example_body: r##"curl -X POST https://api.security.microsoft.com/api/libraryfiles -H "Authorization: Bearer $token" -F "file=@mdatp1.png" -F "ParametersDescription=test" -F "HasParameters=true" -F "OverrideIfExists=true" -F "Description=test description""##,
        example_is_json: false,
        docs: doc!("upload-library"),
        route: RouteInfo {
            family: Family::Library,
            hosts: &["api.security.microsoft.com"],
            entity: "LibraryFile",
            request_line: "POST https://api.security.microsoft.com/api/libraryfiles",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "submit-or-update-indicator",
        title: "Submit or update indicator",
        method: Method::Post,
        path: "/api/indicators",
        body: BodyKind::Json,
        params: INDICATOR,
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &["Ti.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[("max_active_indicators_per_tenant", "15000")],
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
        docs: doc!("post-ti-indicator"),
        route: RouteInfo {
            family: Family::Indicators,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Indicator",
            request_line: "POST https://api.securitycenter.microsoft.com/api/indicators",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "import-indicators",
        title: "Import indicators (batch submit/update)",
        method: Method::Post,
        path: "/api/indicators/import",
        body: BodyKind::Json,
        params: &[
            p("Indicators", Kind::Array, Required::Yes).max_items(500).items(INDICATOR).note("Each item takes the submit-indicator fields (camelCase)"),
        ],
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &["Ti.ReadWrite"],
        rate_per_minute: Some(30),
        rate_per_hour: None,
        limits: &[("max_active_indicators_per_tenant", "15000"), ("max_batch_size", "500")],
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
        docs: doc!("import-ti-indicators"),
        route: RouteInfo {
            family: Family::Indicators,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "ImportIndicatorResult collection",
            request_line: "POST https://api.securitycenter.microsoft.com/api/indicators/import",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "batch-delete-indicators",
        title: "Batch delete indicators",
        method: Method::Post,
        path: "/api/indicators/BatchDelete",
        body: BodyKind::Json,
        params: &[
            p("IndicatorIds", Kind::Array, Required::Yes).max_items(500).note("1 to 500 ids per call"),
        ],
        app_permissions: &["Ti.ReadWrite", "Ti.ReadWrite.All"],
        delegated_permissions: &[],
        rate_per_minute: Some(30),
        rate_per_hour: Some(1500),
        limits: &[("max_batch_size", "500")],
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
        docs: doc!("batch-delete-ti-indicators"),
        route: RouteInfo {
            family: Family::Indicators,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "(none)",
            request_line: "POST https://api.securitycenter.microsoft.com/api/indicators/BatchDelete",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "update-alert",
        title: "Update alert",
        method: Method::Patch,
        path: "/api/alerts/{id}",
        body: BodyKind::Json,
        params: &[
            p("Status", Kind::String, Required::No).also(&["status"]).values(&["New", "InProgress", "Resolved"]),
            p("assignedTo", Kind::String, Required::No),
            p("Classification", Kind::String, Required::No).also(&["classification"]).values(&["TruePositive", "InformationalExpectedActivity", "FalsePositive"]),
            p("Determination", Kind::String, Required::No).also(&["determination"]).values(&["MultiStagedAttack", "MaliciousUserActivity", "CompromisedUser", "Malware", "Phishing", "UnwantedSoftware", "Other", "SecurityTesting", "LineOfBusinessApplication", "ConfirmedActivity", "NotMalicious", "InsufficientData"]).note("Apt and SecurityPersonnel were retired in 2022"),
            p("Comment", Kind::String, Required::No).also(&["comment"]).note("May be sent alone or with other changes"),
        ],
        app_permissions: &["Alerts.ReadWrite.All"],
        delegated_permissions: &["Alert.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only alerts the List Alerts API returns can be updated",
            "The application permission is spelled Alerts.ReadWrite.All on this page (as listed); everywhere else it is Alert.ReadWrite.All",
        ],
        success_status: 200,
        example_body: r##"{
    "status": "Resolved",
    "assignedTo": "secop2@contoso.com",
    "classification": "FalsePositive",
    "determination": "Malware",
    "comment": "Resolve my alert and assign to secop2"
}"##,
        example_is_json: true,
        docs: doc!("update-alert"),
        route: RouteInfo {
            family: Family::Alerts,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Alert",
            request_line: "PATCH /api/alerts/{id}",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "batch-update-alerts",
        title: "Batch update alerts",
        method: Method::Post,
        path: "/api/alerts/batchUpdate",
        body: BodyKind::Json,
        params: &[
            p("alertIds", Kind::Array, Required::Yes),
            p("status", Kind::String, Required::No).values(&["New", "InProgress", "Resolved"]),
            p("assignedTo", Kind::String, Required::No),
            p("classification", Kind::String, Required::No).values(&["TruePositive", "Informational, expected activity", "FalsePositive"]).also_values(&["InformationalExpectedActivity"]).note("The middle value is written as display text; update-alert uses InformationalExpectedActivity"),
            p("determination", Kind::String, Required::No).values(&["MultiStagedAttack", "MaliciousUserActivity", "CompromisedUser", "Malware", "Phishing", "UnwantedSoftware", "Other", "SecurityTesting", "LineOfBusinessApplication", "ConfirmedUserActivity", "Clean", "InsufficientData"]).also_values(&["ConfirmedActivity", "NotMalicious"]).note("Apt and SecurityPersonnel were retired in 2022; update-alert lists ConfirmedActivity and NotMalicious instead of ConfirmedUserActivity and Clean"),
            p("comment", Kind::String, Required::No),
        ],
        app_permissions: &["Alert.ReadWrite.All"],
        delegated_permissions: &["Alert.ReadWrite"],
        rate_per_minute: Some(10),
        rate_per_hour: Some(500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only alerts the List Alerts API returns can be updated",
        ],
        success_status: 200,
        example_body: r##"{
    "alertIds": [
        "da637399794050273582_760707377",
        "da637399989469816469_51697947354"
    ],
    "status": "Resolved",
    "assignedTo": "secop2@contoso.com",
    "classification": "FalsePositive",
    "determination": "Malware",
    "comment": "Resolve my alert and assign to secop2"
}"##,
        example_is_json: true,
        docs: doc!("batch-update-alerts"),
        route: RouteInfo {
            family: Family::Alerts,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "(none)",
            request_line: "POST /api/alerts/batchUpdate",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "create-alert-by-reference",
        title: "Create alert from event",
        method: Method::Post,
        path: "/api/alerts/CreateAlertByReference",
        body: BodyKind::Json,
        params: &[
            p("eventTime", Kind::String, Required::Yes).format(ValueFormat::DateTime).note("The exact event time from advanced hunting, e.g. 2018-08-03T16:45:21.7115183Z"),
            p("reportId", Kind::String, Required::Yes),
            p("machineId", Kind::String, Required::Yes).format(ValueFormat::MachineId),
            p("severity", Kind::String, Required::Yes).values(&["Low", "Medium", "High"]),
            p("title", Kind::String, Required::Yes),
            p("description", Kind::String, Required::Yes),
            p("recommendedAction", Kind::String, Required::Yes).note("Singular here; indicators use recommendedActions"),
            p("category", Kind::String, Required::Yes).values(&["General", "CommandAndControl", "Collection", "CredentialAccess", "DefenseEvasion", "Discovery", "Exfiltration", "Exploit", "Execution", "InitialAccess", "LateralMovement", "Malware", "Persistence", "PrivilegeEscalation", "Ransomware", "SuspiciousActivity"]),
        ],
        app_permissions: &["Alert.ReadWrite.All"],
        delegated_permissions: &["Alert.ReadWrite"],
        rate_per_minute: Some(15),
        rate_per_hour: None,
        limits: &[],
        platforms: &[],
        notes: &[
            "eventTime, machineId and reportId must name an existing event (take them from advanced hunting)",
            "Joins an open alert with the same title on the same device",
            "An automated investigation starts on the new alert",
        ],
        success_status: 200,
        example_body: r##"{
    "machineId": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
    "severity": "Low",
    "title": "example",
    "description": "example alert",
    "recommendedAction": "nothing",
    "eventTime": "2018-08-03T16:45:21.7115183Z",
    "reportId": "20776",
    "category": "Exploit"
}"##,
        example_is_json: true,
        docs: doc!("create-alert-by-reference"),
        route: RouteInfo {
            family: Family::Alerts,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Alert",
            request_line: "POST https://api.securitycenter.microsoft.com/api/alerts/CreateAlertByReference",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "advanced-hunting-run",
        title: "Advanced hunting query (legacy MDE API)",
        method: Method::Post,
        path: "/api/advancedqueries/run",
        body: BodyKind::Json,
        params: &[
            p("Query", Kind::String, Required::Yes).note("KQL query text"),
            p("Timespan", Kind::String, Required::No).undocumented("Microsoft Graph security runHuntingQuery, which takes the same body, documents Timespan (ISO 8601 duration or interval); the MDE page lists Query only"),
        ],
        app_permissions: &["AdvancedQuery.Read.All"],
        delegated_permissions: &["AdvancedQuery.Read"],
        rate_per_minute: Some(45),
        rate_per_hour: Some(1500),
        limits: &[("data_window_days", "30"), ("max_result_rows", "100000"), ("cpu_running_time_per_hour_minutes", "10"), ("cpu_running_time_per_day_hours", "3"), ("max_execution_time_seconds", "200"), ("max_result_size_mb", "124"), ("rate_scope", "per tenant")],
        platforms: &[],
        notes: &[
            "A 429 means either the request count or the CPU quota ran out; the body says which",
            "The rate limit was raised from 15 to 45 per minute in January 2021",
            "An older API: advanced hunting in the Microsoft Graph security API does more",
            "Not part of Defender for Business",
        ],
        success_status: 200,
        example_body: r##"{
    "Query": "DeviceProcessEvents |where InitiatingProcessFileName =~ 'powershell.exe' |where ProcessCommandLine contains 'appdata'|project Timestamp, FileName, InitiatingProcessFileName, DeviceId|limit 2"
}"##,
        example_is_json: true,
        docs: doc!("run-advanced-query-api"),
        route: RouteInfo {
            family: Family::Hunting,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "QueryResponse",
            request_line: "POST https://api.securitycenter.microsoft.com/api/advancedqueries/run",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "add-or-remove-machine-tag",
        title: "Add or remove a tag for a machine",
        method: Method::Post,
        path: "/api/machines/{id}/tags",
        body: BodyKind::Json,
        params: &[
            p("Value", Kind::String, Required::Yes).note("The tag"),
            p("Action", Kind::String, Required::Yes).values(&["Add", "Remove"]),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only devices seen within the retention period",
        ],
        success_status: 200,
        example_body: r##"{
    "Value": "test Tag 2",
    "Action": "Add"
}"##,
        example_is_json: true,
        docs: doc!("add-or-remove-machine-tags"),
        route: RouteInfo {
            family: Family::Machines,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Machine",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/{id}/tags",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "add-or-remove-tag-multiple-machines",
        title: "Add or remove a tag for multiple machines",
        method: Method::Post,
        path: "/api/machines/AddOrRemoveTagForMultipleMachines",
        body: BodyKind::Json,
        params: &[
            p("Value", Kind::String, Required::Yes).note("The tag"),
            p("Action", Kind::String, Required::Yes).values(&["Add", "Remove"]),
            p("MachineIds", Kind::Array, Required::Yes).format(ValueFormat::MachineId).max_items(500).note("Up to 500 devices per call"),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[("max_batch_size", "500")],
        platforms: &[],
        notes: &[
            "Only devices seen within the retention period",
        ],
        success_status: 200,
        example_body: r##"{
    "Value": "Tag",
    "Action": "Add",
    "MachineIds": [
        "34e83ca3feea4dae2353006ba389262c033a025e",
        "2a398439b4975924e87a65943972bc702469b329",
        "a610c00c65fdf79960cc0077d9d8c569d23f09a5"
    ]
}"##,
        example_is_json: true,
        docs: doc!("add-or-remove-multiple-machine-tags"),
        route: RouteInfo {
            family: Family::Machines,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Machine collection",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machines/AddOrRemoveTagForMultipleMachines",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "update-machine",
        title: "Update machine (tags / device value)",
        method: Method::Patch,
        path: "/api/machines/{machineId}",
        body: BodyKind::Json,
        params: &[
            p("machineTags", Kind::Array, Required::No).note("Send the existing tags too: the docs disagree on whether tags are appended or replaced"),
            p("deviceValue", Kind::String, Required::No).values(&["Normal", "Low", "High"]).nullable().note("camelCase here; set-device-value uses DeviceValue"),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only devices the API returns",
            "The docs say tags are appended, yet also that existing tags must be sent again",
            "Per the response section, tags left out of the body are removed",
        ],
        success_status: 200,
        example_body: r##"{
    "deviceValue": "Normal",
    "machineTags": [
                     "Demo Device",
                     "Generic User Machine - Attack Source",
                     "Windows 10" "Windows11",
                     "Windows Insider - Fast"
    ]
}"##,
        example_is_json: false,
        docs: doc!("update-machine-method"),
        route: RouteInfo {
            family: Family::Machines,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "Machine",
            request_line: "PATCH /api/machines/{machineId}",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "set-device-value",
        title: "Set device value",
        method: Method::Post,
        path: "/api/machines/{machineId}/setDeviceValue",
        body: BodyKind::Json,
        params: &[
            p("DeviceValue", Kind::String, Required::Yes).values(&["Normal", "Low", "High"]).note("PascalCase here; update-machine uses deviceValue"),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.ReadWrite"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only devices seen within the retention period",
        ],
        success_status: 200,
        example_body: r##"{
    "DeviceValue": "High"
}"##,
        example_is_json: true,
        docs: doc!("set-device-value"),
        route: RouteInfo {
            family: Family::Machines,
            hosts: &["api.security.microsoft.com"],
            entity: "Machine",
            request_line: "POST https://api.security.microsoft.com/api/machines/{machineId}/setDeviceValue",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "cancel-machine-action",
        title: "Cancel machine action",
        method: Method::Post,
        path: "/api/machineactions/{machineactionid}/cancel",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Unmarked),
        ],
        app_permissions: &["Machine.CollectForensics", "Machine.Isolate", "Machine.RestrictExecution", "Machine.Scan", "Machine.Offboard", "Machine.StopAndQuarantine", "Machine.LiveResponse"],
        delegated_permissions: &["Machine.CollectForensics", "Machine.Isolate", "Machine.RestrictExecution", "Machine.Scan", "Machine.Offboard", "Machine.StopAndQuarantine", "Machine.LiveResponse"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "Only actions not yet completed, canceled or failed",
            "The docs' delegated cell runs Machine.StopAndQuarantine and Machine.LiveResponse together (a missing line break)",
        ],
        success_status: 200,
        example_body: r##"{
    "Comment": "Machine action was canceled by automation"
}"##,
        example_is_json: true,
        docs: doc!("cancel-machine-action"),
        route: RouteInfo {
            family: Family::MachineActions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "MachineAction",
            request_line: "POST https://api.securitycenter.microsoft.com/api/machineactions/<machineactionid>/cancel",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "start-automated-investigation",
        title: "Start automated investigation",
        method: Method::Post,
        path: "/api/machines/{id}/startInvestigation",
        body: BodyKind::Json,
        params: &[
            p("Comment", Kind::String, Required::Yes),
        ],
        app_permissions: &["Alert.ReadWrite.All"],
        delegated_permissions: &["Alert.ReadWrite"],
        rate_per_minute: None,
        rate_per_hour: Some(50),
        limits: &[],
        platforms: &["Windows 11", "Windows 10 version 1803 or later", "Windows 10 1803 (OS Build 17134.704 with KB4493464) or later", "Windows 10 1709 (OS Build 16299.1085 with KB4493441) or later", "Windows Server 2019 and later", "Azure Stack HCI OS version 23H2 and later"],
        notes: &[
        ],
        success_status: 201,
        example_body: r##"{
    "Comment": "Test investigation"
}"##,
        example_is_json: true,
        docs: doc!("initiate-autoir-investigation"),
        route: RouteInfo {
            family: Family::Investigations,
            hosts: &["api.security.microsoft.com"],
            entity: "Investigation",
            request_line: "POST https://api.security.microsoft.com/api/machines/{id}/startInvestigation",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "add-scan-definition",
        title: "Add authenticated scan definition",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions",
        body: BodyKind::Json,
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
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
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
        docs: doc!("add-a-new-scan-definition"),
        route: RouteInfo {
            family: Family::ScanDefinitions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "ScanDefinition",
            request_line: "POST https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "update-scan-definition",
        title: "Update authenticated scan definition",
        method: Method::Patch,
        path: "/api/DeviceAuthenticatedScanDefinitions/{id}",
        body: BodyKind::Json,
        params: &[
            p("scanName", Kind::String, Required::Unmarked),
            p("isActive", Kind::Boolean, Required::Unmarked),
            p("target", Kind::String, Required::Unmarked).note("Comma-separated IP addresses or host names"),
            p("intervalInHours", Kind::Integer, Required::Unmarked),
            p("targetType", Kind::String, Required::Unmarked),
            p("scanAuthenticationParams", Kind::Object, Required::No).items(SCAN_AUTH).note("Optional when updating"),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
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
        docs: doc!("add-a-new-scan-definition"),
        route: RouteInfo {
            family: Family::ScanDefinitions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "ScanDefinition",
            request_line: "PATCH  https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/289224fb-1686-472c-9751-5555960854ca",
            line_note: "the page shows only an example line with a concrete id, no template",
            example: "PATCH  https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/289224fb-1686-472c-9751-5555960854ca",
        },
    },
    Operation {
        name: "delete-scan-definitions",
        title: "Delete authenticated scan definitions (batch)",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        body: BodyKind::Json,
        params: &[
            p("ScanDefinitionIds", Kind::Array, Required::Unmarked).note("Only in the example; no parameter table"),
        ],
        app_permissions: &["Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.Read.Write"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
            "The delegated permission is written Machine.Read.Write (as listed), probably meaning Machine.ReadWrite",
        ],
        success_status: 0,
        example_body: r##"{
  "ScanDefinitionIds": ["td32f17af-5cc2-4e4e-964a-4c4ef7d216e2", "ab32g20af-5dd2-4a5e-954a-4c4ef7d216e2"],
}"##,
        example_is_json: false,
        docs: doc!("add-a-new-scan-definition"),
        route: RouteInfo {
            family: Family::ScanDefinitions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "(none)",
            request_line: "POST https://api.securitycenter.microsoft.com/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "get-scan-history-by-definition",
        title: "Get scan history by definition",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId",
        body: BodyKind::Json,
        params: &[
            p("ScanDefinitionIds", Kind::StringOrArray, Required::Yes).note("The table says String; the example sends an array of ids"),
        ],
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
        ],
        success_status: 200,
        example_body: r##"{
    "ScanDefinitionIds": [
        "4ad8d463-6b3a-4894-b42a-a2de9ea0a8ae",
        "60c4aa57-c573-4488-8d18-230914792a92",
        "c6220f67-2cad-4ba3-a2fa-7ded6384da56"
    ]
}"##,
        example_is_json: true,
        docs: doc!("Get-scan-history-by-definition"),
        route: RouteInfo {
            family: Family::ScanDefinitions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "ScanHistory collection",
            request_line: "POST api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId",
            line_note: "",
            example: "",
        },
    },
    Operation {
        name: "get-scan-history-by-session",
        title: "Get scan history by session",
        method: Method::Post,
        path: "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId",
        body: BodyKind::Json,
        params: &[
            p("SessionIds", Kind::StringOrArray, Required::Yes).note("The table says String; the example sends an array of ids"),
        ],
        app_permissions: &["Machine.Read.All"],
        delegated_permissions: &["Machine.Read.All"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        platforms: &[],
        notes: &[
        ],
        success_status: 200,
        example_body: r##"{
    "SessionIds": [
        "01decc497f4b4ec49a5fc4e12597f8c8"
    ]
}"##,
        example_is_json: true,
        docs: doc!("Get-scan-history-by-session"),
        route: RouteInfo {
            family: Family::ScanDefinitions,
            hosts: &["api.securitycenter.microsoft.com"],
            entity: "ScanHistory collection",
            request_line: "POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId",
            line_note: "",
            example: "",
        },
    },
];
