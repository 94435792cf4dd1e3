//! The entities the OData collections return: every property in the exact case of its docs page, with its
//! type and allowed values. Other spellings the docs print for the same property (the entity table against
//! the JSON, a filter list against the table) are kept in `also`, so a query copied from the docs is told
//! apart from a slip. One block per entity; the source page is named on the entity.

/// The type of a property, as the entity table writes it (`Nullable Enum` is an enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    String,
    /// `DateTimeOffset` / `DateTime`: an unquoted ISO 8601 literal in a filter.
    DateTime,
    /// `Long`, `Int`: an unquoted whole number.
    Integer,
    /// `Double`, `Numeric`: an unquoted number.
    Number,
    Boolean,
    /// `Guid`: quoted or not.
    Guid,
    /// A string with a fixed list of values (`values`).
    Enum,
    /// `String collection`, `List of strings`: tested with `any`/`all`.
    Collection,
    /// A nested object or list of objects (`evidence`, `ipAddresses`).
    Object,
    /// The page gives no type (only the name in a filter list or an example).
    Unknown,
}

/// One property of an entity.
#[derive(Debug)]
pub struct Property {
    /// The spelling of the JSON responses (the one the service matches).
    pub name: &'static str,
    pub ty: Type,
    /// Allowed values, exactly as documented (enums only).
    pub values: &'static [&'static str],
    /// Other spellings the docs print for this property (accepted with a note).
    pub also: &'static [&'static str],
}

/// An entity: its name, the page its properties come from, and the properties.
#[derive(Debug)]
pub struct Entity {
    pub name: &'static str,
    /// The docs page (`defender-endpoint/api/machine.md`) the table is copied from.
    pub source: &'static str,
    pub properties: &'static [Property],
}

impl Entity {
    /// The property spelled exactly `name`.
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

const fn p(name: &'static str, ty: Type) -> Property {
    Property {
        name,
        ty,
        values: &[],
        also: &[],
    }
}

const fn e(name: &'static str, values: &'static [&'static str]) -> Property {
    Property {
        name,
        ty: Type::Enum,
        values,
        also: &[],
    }
}

const fn aka(mut prop: Property, also: &'static [&'static str]) -> Property {
    prop.also = also;
    prop
}

use Type::String as Str;
use Type::{Boolean, Collection, DateTime, Guid, Integer, Number, Object, Unknown};

/// Machine (source: machine.md, as recorded from isolate-machine.md's entity table in the facts file).
pub(crate) static MACHINE: Entity = Entity {
    name: "Machine",
    source: "defender-endpoint/api/machine.md",
    properties: &[
        // exposed-apis-odata-samples.md's filter list prints ComputerDnsName, LastSeen, HealthStatus,
        // OsPlatform, RiskScore and RbacGroupId (`evidence::SPELLING_PAGES`).
        p("id", Str),
        aka(p("computerDnsName", Str), &["ComputerDnsName"]),
        p("firstSeen", DateTime),
        aka(p("lastSeen", DateTime), &["LastSeen"]),
        aka(p("osPlatform", Str), &["OsPlatform"]),
        // The table writes `onboardingstatus`; the filter lists write `onboardingStatus`. The table's value
        // `onboarded` is a typo of `Onboarded` (`evidence::ENUM_TYPOS`).
        aka(
            e(
                "onboardingStatus",
                &[
                    "Onboarded",
                    "CanBeOnboarded",
                    "Unsupported",
                    "InsufficientInfo",
                ],
            ),
            &["onboardingstatus"],
        ),
        p("osProcessor", Str),
        p("version", Str),
        p("osBuild", Integer),
        p("lastIpAddress", Str),
        p("lastExternalIpAddress", Str),
        aka(
            e(
                "healthStatus",
                &[
                    "Active",
                    "Inactive",
                    "ImpairedCommunication",
                    "NoSensorData",
                    "NoSensorDataImpairedCommunication",
                    "Unknown",
                ],
            ),
            &["HealthStatus"],
        ),
        p("rbacGroupName", Str),
        // Typed String; the examples show a number (140).
        aka(p("rbacGroupId", Unknown), &["RbacGroupId"]),
        aka(
            e(
                "riskScore",
                &["None", "Informational", "Low", "Medium", "High"],
            ),
            &["RiskScore"],
        ),
        p("aadDeviceId", Guid),
        p("machineTags", Collection),
        e("exposureLevel", &["None", "Low", "Medium", "High"]),
        e("deviceValue", &["Normal", "Low", "High"]),
        p("ipAddresses", Object),
        e("osArchitecture", &["32-bit", "64-bit"]),
        p("isAadJoined", Boolean),
        // Not on machine.md; the service answers it to a $select (ymauray/check_msdefender
        // doc/Feat-MsDefender-ListMachines.md).
        p("isExcluded", Boolean),
    ],
};

/// Alert (source: alerts.md; the table writes `ID` and `Evidence`, the JSON `id` and `evidence`).
pub(crate) static ALERT: Entity = Entity {
    name: "Alert",
    source: "defender-endpoint/api/alerts.md",
    properties: &[
        aka(p("id", Str), &["ID"]),
        p("title", Str),
        p("description", Str),
        p("alertCreationTime", DateTime),
        p("lastEventTime", DateTime),
        p("firstEventTime", DateTime),
        p("lastUpdateTime", DateTime),
        p("resolvedTime", DateTime),
        p("incidentId", Integer),
        // get-alerts.md's filter list writes `InvestigationId`.
        aka(p("investigationId", Integer), &["InvestigationId"]),
        e(
            "investigationState",
            &[
                "Unknown",
                "Terminated",
                "SuccessfullyRemediated",
                "Benign",
                "Failed",
                "PartiallyRemediated",
                "Running",
                "PendingApproval",
                "PendingResource",
                "PartiallyInvestigated",
                "TerminatedByUser",
                "TerminatedBySystem",
                "Queued",
                "InnerFailure",
                "PreexistingAlert",
                "UnsupportedOs",
                "UnsupportedAlertType",
                "SuppressedAlert",
            ],
        ),
        // get-alerts.md's filter list writes `asssignedTo` (three s).
        aka(p("assignedTo", Str), &["asssignedTo"]),
        p("rbacGroupName", Str),
        p("mitreTechniques", Collection),
        p("relatedUser", Object),
        e(
            "severity",
            &["UnSpecified", "Informational", "Low", "Medium", "High"],
        ),
        e("status", &["Unknown", "New", "InProgress", "Resolved"]),
        e(
            "classification",
            &[
                "TruePositive",
                "Informational, expected activity",
                "FalsePositive",
            ],
        ),
        e(
            "determination",
            &[
                "MultiStagedAttack",
                "MaliciousUserActivity",
                "CompromisedUser",
                "Malware",
                "Phishing",
                "UnwantedSoftware",
                "Other",
                "SecurityTesting",
                "LineOfBusinessApplication",
                "ConfirmedUserActivity",
                "Clean",
                "InsufficientData",
            ],
        ),
        p("category", Str),
        p("detectionSource", Str),
        p("threatFamilyName", Str),
        p("threatName", Str),
        p("machineId", Str),
        p("computerDnsName", Str),
        p("aadTenantId", Str),
        p("detectorId", Str),
        p("comments", Object),
        aka(p("evidence", Object), &["Evidence"]),
    ],
};

/// MachineAction (source: machineaction.md; the table writes `ID`).
pub(crate) static MACHINE_ACTION: Entity = Entity {
    name: "MachineAction",
    source: "defender-endpoint/api/machineaction.md",
    properties: &[
        // exposed-apis-odata-samples.md's filter list prints Status, MachineId, Type, Requestor and
        // CreationDateTimeUtc (`evidence::SPELLING_PAGES`).
        aka(p("id", Guid), &["ID"]),
        aka(
            e(
                "type",
                &[
                    "RunAntiVirusScan",
                    "Offboard",
                    "LiveResponse",
                    "CollectInvestigationPackage",
                    "Isolate",
                    "Unisolate",
                    "StopAndQuarantineFile",
                    "RestrictCodeExecution",
                    "UnrestrictCodeExecution",
                ],
            ),
            &["Type"],
        ),
        p("scope", Str),
        aka(p("requestor", Str), &["Requestor"]),
        p("externalID", Str),
        p("requestSource", Str),
        p("commands", Collection),
        p("cancellationRequestor", Str),
        p("requestorComment", Str),
        p("cancellationComment", Str),
        aka(
            e(
                "status",
                &[
                    "Pending",
                    "InProgress",
                    "Succeeded",
                    "Failed",
                    "TimeOut",
                    "Cancelled",
                ],
            ),
            &["Status"],
        ),
        aka(p("machineId", Str), &["MachineId"]),
        p("computerDnsName", Str),
        aka(p("creationDateTimeUtc", DateTime), &["CreationDateTimeUtc"]),
        p("cancellationDateTimeUtc", DateTime),
        // The list examples show `lastUpdateTimeUtc`.
        aka(p("lastUpdateDateTimeUtc", DateTime), &["lastUpdateTimeUtc"]),
        p("title", Str),
        p("relatedFileInfo", Object),
    ],
};

/// Indicator (source: ti-indicator.md; `createdByDisplayName` is only in get-ti-indicators-collection.md's
/// filter list).
pub(crate) static INDICATOR: Entity = Entity {
    name: "Indicator",
    source: "defender-endpoint/api/ti-indicator.md",
    properties: &[
        p("id", Str),
        p("indicatorValue", Str),
        e(
            "indicatorType",
            &[
                "FileSha1",
                "FileSha256",
                "FileMd5",
                "CertificateThumbprint",
                "IpAddress",
                "DomainName",
                "Url",
            ],
        ),
        p("application", Str),
        e(
            "action",
            &[
                "Warn",
                "Block",
                "Audit",
                "Alert",
                "AlertAndBlock",
                "BlockAndRemediate",
                "Allowed",
            ],
        ),
        p("externalID", Str),
        e("sourceType", &["User", "AadApp"]),
        p("createdBySource", Str),
        p("createdBy", Str),
        p("createdByDisplayName", Str),
        p("lastUpdatedBy", Str),
        p("creationTimeDateTimeUtc", DateTime),
        p("expirationTime", DateTime),
        p("lastUpdateTime", DateTime),
        e("severity", &["Informational", "Low", "Medium", "High"]),
        p("title", Str),
        p("description", Str),
        p("recommendedActions", Str),
        p("rbacGroupNames", Collection),
        p("rbacGroupIds", Collection),
        e("generateAlert", &["True", "False"]),
    ],
};

/// Investigation (source: investigation.md; the table writes `ID` and `State`).
pub(crate) static INVESTIGATION: Entity = Entity {
    name: "Investigation",
    source: "defender-endpoint/api/investigation.md",
    properties: &[
        aka(p("id", Str), &["ID"]),
        p("startTime", DateTime),
        p("endTime", DateTime),
        p("cancelledBy", Str),
        aka(
            e(
                "state",
                &[
                    "Unknown",
                    "Terminated",
                    "SuccessfullyRemediated",
                    "Benign",
                    "Failed",
                    "PartiallyRemediated",
                    "Running",
                    "PendingApproval",
                    "PendingResource",
                    "PartiallyInvestigated",
                    "TerminatedByUser",
                    "TerminatedBySystem",
                    "Queued",
                    "InnerFailure",
                    "PreexistingAlert",
                    "UnsupportedOs",
                    "UnsupportedAlertType",
                    "SuppressedAlert",
                ],
            ),
            &["State"],
        ),
        p("statusDetails", Str),
        p("machineId", Str),
        p("computerDnsName", Str),
        p("triggeringAlertId", Str),
    ],
};

/// Software (source: software.md; the table writes `Name`, `Vendor`, `Weaknesses`).
pub(crate) static SOFTWARE: Entity = Entity {
    name: "Software",
    source: "defender-endpoint/api/software.md",
    properties: &[
        p("id", Str),
        aka(p("name", Str), &["Name"]),
        aka(p("vendor", Str), &["Vendor"]),
        aka(p("weaknesses", Integer), &["Weaknesses"]),
        p("publicExploit", Boolean),
        p("activeAlert", Boolean),
        p("exposedMachines", Integer),
        p("impactScore", Number),
    ],
};

/// Vulnerability (source: vulnerability.md; the table writes `Id`, `Name`, `Description`, `Severity`).
pub(crate) static VULNERABILITY: Entity = Entity {
    name: "Vulnerability",
    source: "defender-endpoint/api/vulnerability.md",
    properties: &[
        aka(p("id", Str), &["Id"]),
        aka(p("name", Str), &["Name"]),
        aka(p("description", Str), &["Description"]),
        aka(
            e("severity", &["Low", "Medium", "High", "Critical"]),
            &["Severity"],
        ),
        p("cvssV3", Number),
        p("cvssVector", Str),
        p("exposedMachines", Integer),
        p("publishedOn", DateTime),
        p("updatedOn", DateTime),
        p("publicExploit", Boolean),
        p("exploitVerified", Boolean),
        p("exploitInKit", Boolean),
        p("exploitTypes", Collection),
        p("exploitUris", Collection),
        p("CveSupportability", Collection),
        p("EPSS", Number),
    ],
};

/// One vulnerability on one device (no entity table: names from get-all-vulnerabilities-by-machines.md's
/// filter list and response example, whose values are all strings).
pub(crate) static MACHINE_VULNERABILITY: Entity = Entity {
    name: "MachineVulnerability",
    source: "defender-endpoint/api/get-all-vulnerabilities-by-machines.md",
    properties: &[
        p("id", Str),
        p("cveId", Str),
        p("machineId", Str),
        p("fixingKbId", Str),
        p("productName", Str),
        p("productVendor", Str),
        p("productVersion", Str),
        p("severity", Str),
    ],
};

/// Recommendation (source: recommendation.md; the table writes `Weaknesses`, `Vendor`, `Status`).
pub(crate) static RECOMMENDATION: Entity = Entity {
    name: "Recommendation",
    source: "defender-endpoint/api/recommendation.md",
    properties: &[
        p("id", Str),
        p("productName", Str),
        p("recommendationName", Str),
        aka(p("weaknesses", Integer), &["Weaknesses"]),
        aka(p("vendor", Str), &["Vendor"]),
        p("recommendedVersion", Str),
        p("recommendedProgram", Str),
        p("recommendedVendor", Str),
        e(
            "recommendationCategory",
            &[
                "Accounts",
                "Application",
                "Network",
                "OS",
                "SecurityControls",
            ],
        ),
        p("subCategory", Str),
        p("severityScore", Number),
        p("publicExploit", Boolean),
        p("activeAlert", Boolean),
        p("associatedThreats", Collection),
        e(
            "remediationType",
            &["ConfigurationChange", "Update", "Upgrade", "Uninstall"],
        ),
        aka(e("status", &["Active", "Exception"]), &["Status"]),
        p("configScoreImpact", Number),
        p("exposureImpact", Number),
        p("totalMachineCount", Integer),
        p("exposedMachinesCount", Integer),
        p("nonProductivityImpactedAssets", Integer),
        p("relatedComponent", Str),
        p("exposedCriticalDevices", Number),
        p("tags", Collection),
    ],
};

/// Remediation activity (source: get-remediation-all-activities.md's property table, which mixes
/// PascalCase with the camelCase of the JSON; its filter list writes `createdon`).
pub(crate) static REMEDIATION_TASK: Entity = Entity {
    name: "RemediationTask",
    source: "defender-endpoint/api/get-remediation-all-activities.md",
    properties: &[
        aka(p("category", Str), &["Category"]),
        p("completerEmail", Str),
        p("completerId", Str),
        p("completionMethod", Str),
        aka(p("createdOn", DateTime), &["createdon"]),
        aka(p("description", Str), &["Description"]),
        p("dueOn", DateTime),
        p("fixedDevices", Unknown),
        aka(p("id", Str), &["ID"]),
        p("nameId", Str),
        aka(p("priority", Str), &["Priority"]),
        p("productId", Str),
        p("productivityImpactRemediationType", Str),
        p("rbacGroupNames", Collection),
        p("recommendedProgram", Str),
        p("recommendedVendor", Str),
        p("recommendedVersion", Str),
        p("relatedComponent", Str),
        p("requesterEmail", Str),
        p("requesterId", Str),
        p("requesterNotes", Str),
        aka(p("scid", Str), &["Scid"]),
        aka(p("status", Str), &["Status"]),
        p("statusLastModifiedOn", DateTime),
        p("targetDevices", Integer),
        aka(p("title", Str), &["Title"]),
        aka(p("type", Str), &["Type"]),
        p("vendorId", Str),
    ],
};

/// Antivirus health per device (no property table on the page: names from its filter list and response
/// example; `avIsSignatureUpToDate` and the like are strings there, "True").
pub(crate) static DEVICE_AV_INFO: Entity = Entity {
    name: "DeviceAvInfo",
    source: "defender-endpoint/api/device-health-export-antivirus-health-report-api.md",
    properties: &[
        p("id", Str),
        p("machineId", Str),
        p("computerDnsName", Str),
        p("osKind", Str),
        p("osPlatform", Str),
        p("osVersion", Str),
        p("avMode", Str),
        p("avSignatureVersion", Str),
        p("avEngineVersion", Str),
        p("avPlatformVersion", Str),
        p("lastSeenTime", DateTime),
        p("quickScanResult", Str),
        p("quickScanError", Str),
        p("quickScanTime", DateTime),
        p("fullScanResult", Str),
        p("fullScanError", Str),
        p("fullScanTime", DateTime),
        p("dataRefreshTimestamp", DateTime),
        p("avEngineUpdateTime", DateTime),
        p("avSignatureUpdateTime", DateTime),
        p("avPlatformUpdateTime", DateTime),
        p("avIsSignatureUpToDate", Unknown),
        p("avIsEngineUpToDate", Unknown),
        p("avIsPlatformUpToDate", Unknown),
        p("avSignaturePublishTime", DateTime),
        p("rbacGroupName", Str),
        p("rbacGroupId", Unknown),
    ],
};

/// Security baseline profile (source: get-security-baselines-assessment-profiles.md's property table; the
/// table writes `Id`, `createdOnTimeOffset` and `lastUpdateTimeOffset` where the example JSON has `id`,
/// `createdOnTimestampUTC` and `lastUpdateTimestampUTC`).
pub(crate) static BASELINE_PROFILE: Entity = Entity {
    name: "BaselineProfile",
    source: "defender-endpoint/api/get-security-baselines-assessment-profiles.md",
    properties: &[
        aka(p("id", Str), &["Id"]),
        p("name", Str),
        p("description", Str),
        p("benchmark", Str),
        p("version", Str),
        p("operatingSystem", Str),
        p("operatingSystemVersion", Str),
        p("status", Boolean),
        p("complianceLevel", Str),
        p("settingsNumber", Integer),
        p("createdBy", Str),
        // Typed DateTime, described as a user; the example holds null.
        p("lastUpdatedBy", Unknown),
        aka(
            p("createdOnTimestampUTC", DateTime),
            &["createdOnTimeOffset"],
        ),
        aka(
            p("lastUpdateTimestampUTC", DateTime),
            &["lastUpdateTimeOffset"],
        ),
        p("passedDevices", Integer),
        p("totalDevices", Integer),
    ],
};

/// Security baseline configuration (source: get-security-baselines-assessment-configurations.md's property
/// table; its filter list writes `CCE`, the table `cce` typed Int while the example holds "CCE-35116-3", and
/// the table's `Id` is `id` in the JSON).
pub(crate) static BASELINE_CONFIGURATION: Entity = Entity {
    name: "BaselineConfiguration",
    source: "defender-endpoint/api/get-security-baselines-assessment-configurations.md",
    properties: &[
        p("uniqueId", Str),
        aka(p("id", Str), &["Id"]),
        p("benchmarkName", Str),
        p("benchmarkVersion", Str),
        p("name", Str),
        p("description", Str),
        p("category", Str),
        // Typed String; the example holds an array.
        p("complianceLevels", Unknown),
        aka(p("cce", Unknown), &["CCE"]),
        p("rationale", Str),
        p("source", Collection),
        p("recommendedValue", Collection),
        p("remediation", Str),
        p("isCustom", Boolean),
    ],
};

/// Every entity, for did-you-mean across the API when the route is unknown.
pub(crate) static ENTITIES: &[&Entity] = &[
    &MACHINE,
    &ALERT,
    &MACHINE_ACTION,
    &INDICATOR,
    &INVESTIGATION,
    &SOFTWARE,
    &VULNERABILITY,
    &MACHINE_VULNERABILITY,
    &RECOMMENDATION,
    &REMEDIATION_TASK,
    &DEVICE_AV_INFO,
    &BASELINE_PROFILE,
    &BASELINE_CONFIGURATION,
];

impl Type {
    /// How the type is shown (`DateTime`, `Enum`).
    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "String",
            Type::DateTime => "DateTime",
            Type::Integer => "Integer",
            Type::Number => "Number",
            Type::Boolean => "Boolean",
            Type::Guid => "Guid",
            Type::Enum => "Enum",
            Type::Collection => "Collection",
            Type::Object => "Object",
            Type::Unknown => "?",
        }
    }
}
