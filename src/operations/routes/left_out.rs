//! The pages of `defender-endpoint/api/` that are no operation's page, and the folder's listing: together with
//! the routes' pages they cover the folder exactly (a test holds the three together).

/// Pages of `defender-endpoint/api/` that document no operation of their own, with why (README, "Operations
/// covered", lists the same pages; a test holds the two together).
pub(crate) static LEFT_OUT: &[(&str, &str)] = &[
    (
        "alerts",
        "entity page: the Alert resource's properties; its methods are pages of their own",
    ),
    (
        "api-explorer",
        "the portal's API explorer tool, not an API call",
    ),
    (
        "api-hello-world",
        "tutorial: a first script calling list-alerts",
    ),
    ("api-power-bi", "guide: reading the API from Power BI"),
    ("api-release-notes", "release notes"),
    (
        "apis-intro",
        "introduction: access, tokens and permissions in general",
    ),
    (
        "common-errors",
        "the error code table (the error catalog covers it)",
    ),
    (
        "device-health-api-methods-properties",
        "property reference of the device health export",
    ),
    (
        "exposed-apis-create-app-nativeapp",
        "guide: registering an app for delegated access",
    ),
    (
        "exposed-apis-create-app-partners",
        "guide: registering a partner (multi-tenant) app",
    ),
    (
        "exposed-apis-create-app-webapp",
        "guide: registering an app for app-only access",
    ),
    ("exposed-apis-full-sample-powershell", "sample script"),
    (
        "exposed-apis-list",
        "index of the supported APIs (each page it links is in the table)",
    ),
    (
        "exposed-apis-odata-samples",
        "OData query examples (query syntax, not routes)",
    ),
    (
        "fetch-alerts-mssp",
        "guide: fetching alerts into a SIEM as a managed security provider",
    ),
    ("files", "entity page: the File resource's properties"),
    (
        "get-assessment-methods-properties",
        "property reference of the TVM assessment exports",
    ),
    (
        "get-authenticated-scan-properties",
        "property reference of authenticated scan definitions",
    ),
    (
        "get-remediation-methods-properties",
        "property reference of remediation activities",
    ),
    (
        "investigation",
        "entity page: the Investigation resource's properties",
    ),
    ("machine", "entity page: the Machine resource's properties"),
    (
        "machineaction",
        "entity page: the MachineAction resource's properties",
    ),
    ("management-apis", "overview of the management APIs"),
    (
        "raw-data-export",
        "streaming API: event export set up in the portal, not a call to this API",
    ),
    (
        "raw-data-export-event-hub",
        "streaming API to Azure Event Hubs: portal and Azure setup",
    ),
    (
        "raw-data-export-storage",
        "streaming API to Azure Storage: portal and Azure setup",
    ),
    (
        "recommendation",
        "entity page: the Recommendation resource's properties",
    ),
    (
        "run-advanced-query-sample-powershell",
        "sample script calling advanced-hunting-run",
    ),
    (
        "run-advanced-query-sample-python",
        "sample script calling advanced-hunting-run",
    ),
    ("score", "entity page: the Score resource's properties"),
    (
        "software",
        "entity page: the Software resource's properties",
    ),
    (
        "ti-indicator",
        "entity page: the Indicator resource's properties",
    ),
    ("user", "entity page: the User resource's properties"),
    (
        "vulnerability",
        "entity page: the Vulnerability resource's properties",
    ),
];

/// The listing of `defender-endpoint/api/` in MicrosoftDocs/defender-docs, one page per line (file name
/// without `.md`), as read for the route table: every page is a route's page or in [`LEFT_OUT`].
pub(crate) const DOCS_FOLDER: &str = include_str!("docs-folder.txt");
