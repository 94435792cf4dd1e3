//! Live response (run commands on a device, read their results) and its library of scripts and files.

use crate::operations::body::{
    case, p, Body, BodyKind, Depends, Kind, Param, Required, ValueFormat,
};
use crate::operations::route::{Family, Route};
use crate::operations::Method;

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

/// Every route of these families, family by family, in the order `operations` lists them.
#[rustfmt::skip]
pub(super) const ROUTES: &[Route] = &[
    Route {
        name: "run-live-response",
        title: "Run live response commands",
        method: Method::Post,
        path: "/API/machines/{machine_id}/runliveresponse",
        app_permissions: &["Machine.LiveResponse"],
        delegated_permissions: &["Machine.LiveResponse"],
        rate_per_minute: Some(10),
        rate_per_hour: None,
        limits: &[("concurrent_sessions_max", "25")],
        docs: doc!("run-live-response"),
        family: Family::LiveResponse,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "MachineAction",
        request_line: "POST https://api.securitycenter.microsoft.com/API/machines/{machine_id}/runliveresponse",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Json,
            params: &[
                p("Comment", Kind::String, Required::Unmarked),
                p("Commands", Kind::Array, Required::Unmarked).items(LIVE_RESPONSE_COMMAND).note("Command types PutFile, RunScript, GetFile; run one after another, stopping at the first failure"),
            ],
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
        }),
        odata: None,
    },
    Route {
        name: "get-live-response-result",
        title: "Get live response results",
        method: Method::Get,
        path: "/api/machineactions/{machine action id}/GetLiveResponseResultDownloadLink(index={command-index})",
        app_permissions: &["Machine.Read.All", "Machine.ReadWrite.All"],
        delegated_permissions: &["Machine.LiveResponse"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("get-live-response-result"),
        family: Family::LiveResponse,
        hosts: &["api.securitycenter.microsoft.com"],
        entity: "String (download link)",
        request_line: "GET https://api.securitycenter.microsoft.com/api/machineactions/{machine action id}/GetLiveResponseResultDownloadLink(index={command-index})",
        line_note: "the page breaks this line inside {machine action id}; joined here",
        example: "",
        body: None,
        odata: None,
    },
    Route {
        name: "upload-library-file",
        title: "Upload file to live response library",
        method: Method::Post,
        path: "/api/libraryfiles",
        app_permissions: &["Library.Manage"],
        delegated_permissions: &["Library.Manage"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[("max_file_size", "20MB")],
        docs: doc!("upload-library"),
        family: Family::Library,
        hosts: &["api.security.microsoft.com"],
        entity: "LibraryFile",
        request_line: "POST https://api.security.microsoft.com/api/libraryfiles",
        line_note: "",
        example: "",
        body: Some(Body {
            kind: BodyKind::Multipart,
            params: &[
                p("File", Kind::String, Required::Yes).also(&["file"]).note("The file content (multipart form field); the curl example names the field file"),
                p("Description", Kind::String, Required::Unmarked),
                p("ParametersDescription", Kind::String, Required::No).note("Describes the parameters the script takes"),
                p("OverrideIfExists", Kind::Boolean, Required::No).note("The docs give an empty string as default although the type is Boolean"),
            ],
            platforms: &[],
            notes: &[
                "Sent as multipart/form-data, not JSON: lint does not check this body",
                "The curl example also sends HasParameters, which the parameter table does not list",
            ],
            success_status: 200,
            example_body: r##"curl -X POST https://api.security.microsoft.com/api/libraryfiles -H "Authorization: Bearer $token" -F "file=@mdatp1.png" -F "ParametersDescription=test" -F "HasParameters=true" -F "OverrideIfExists=true" -F "Description=test description""##,
            example_is_json: false,
        }),
        odata: None,
    },
    Route {
        name: "list-library-files",
        title: "List library files",
        method: Method::Get,
        path: "/api/libraryfiles",
        app_permissions: &["Library.Manage"],
        delegated_permissions: &["Library.Manage"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("list-library-files"),
        family: Family::Library,
        hosts: &["api.security.microsoft.com"],
        entity: "LibraryFile collection",
        request_line: "GET https://api.security.microsoft.com/api/libraryfiles",
        line_note: "",
        example: "",
        body: None,
        odata: None,
    },
    Route {
        name: "delete-library-file",
        title: "Delete a file from the live response library",
        method: Method::Delete,
        path: "/api/libraryfiles/{fileName}",
        app_permissions: &["Library.Manage"],
        delegated_permissions: &["Library.Manage"],
        rate_per_minute: Some(100),
        rate_per_hour: Some(1500),
        limits: &[],
        docs: doc!("delete-library"),
        family: Family::Library,
        hosts: &["api.security.microsoft.com"],
        entity: "-",
        request_line: "DELETE https://api.security.microsoft.com/api/libraryfiles/{fileName}",
        line_note: "",
        example: "",
        body: None,
        odata: None,
    },
];
