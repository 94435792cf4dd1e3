//! Rules across fields, each from an operation's docs page: a field that needs another one, or one of several
//! fields that must be there. Data, read by the lint checker; the messages are ours, the facts the docs'.

/// Where a rule applies and what it checks.
#[derive(Debug)]
pub(crate) struct CrossRule {
    /// Operations (short names) whose bodies it applies to.
    pub operations: &'static [&'static str],
    /// The object it applies to: `""` for the body, `Indicators[]` for each item of `Indicators`,
    /// `scanAuthenticationParams` for that nested object.
    pub at: &'static str,
    pub check: CrossCheck,
    /// Whether a breach is an error (the service refuses or does nothing useful) rather than a warning (the
    /// call works but part of it has no effect).
    pub error: bool,
    /// What is wrong, in our words.
    pub message: &'static str,
    /// The docs page it comes from (file name in defender-endpoint/api/), and any field report.
    pub source: &'static str,
    /// The catalog code the service answers with, only where the docs or a field report say so.
    pub would_cause: Option<&'static str>,
}

/// One check. Keys are matched exactly, then ignoring case (a case slip is reported by its own rule);
/// values compare ignoring case, booleans and numbers as their JSON text (`true`).
#[derive(Debug)]
pub(crate) enum CrossCheck {
    /// When `key` holds one of `is` (when `is` is empty: any value but null), `then` must hold one of `must`.
    /// `then` may be a path into a nested object (`scanAuthenticationParams/@odata.type`).
    Implies {
        key: &'static str,
        is: &'static [&'static str],
        then: &'static str,
        must: &'static [&'static str],
    },
    /// When `key` holds one of `is` and `then` is sent, `then` must hold one of `must` (leaving it out is fine).
    Restricts {
        key: &'static str,
        is: &'static [&'static str],
        then: &'static str,
        must: &'static [&'static str],
    },
    /// At least one of the keys holds a value: not null, not an empty string or array.
    AnyOf(&'static [&'static str]),
    /// The key holds a non-empty array.
    NonEmpty(&'static str),
    /// When `key` holds `is`, the array `list` holds an object whose `item_key` is `needs`.
    ListHolds {
        key: &'static str,
        is: &'static str,
        list: &'static str,
        item_key: &'static str,
        needs: &'static str,
    },
    /// The objects of the array `list` come in the order of `order` by their `item_key` (repeats allowed;
    /// a value not in `order` is left to the value checks).
    InOrder {
        list: &'static str,
        item_key: &'static str,
        order: &'static [&'static str],
    },
}

/// The docs page of a rule, as a link.
macro_rules! page {
    ($page:literal) => {
        concat!(
            "https://learn.microsoft.com/en-us/defender-endpoint/api/",
            $page
        )
    };
}

const INDICATOR_OPS: &[&str] = &["submit-or-update-indicator", "import-indicators"];
const SCAN_OPS: &[&str] = &["add-scan-definition", "update-scan-definition"];
const ALERT_OPS: &[&str] = &["update-alert", "batch-update-alerts"];
/// Determinations per classification; both pages' spellings (ConfirmedActivity/ConfirmedUserActivity,
/// NotMalicious/Clean) since the two alert pages disagree.
#[rustfmt::skip]
const TRUE_POSITIVE: &[&str] = &["MultiStagedAttack", "MaliciousUserActivity", "CompromisedUser", "Malware", "Phishing", "UnwantedSoftware", "Other"];
#[rustfmt::skip]
const EXPECTED: &[&str] = &["SecurityTesting", "LineOfBusinessApplication", "ConfirmedActivity", "ConfirmedUserActivity", "Other"];
const FALSE_POSITIVE: &[&str] = &["NotMalicious", "Clean", "InsufficientData", "Other"];

/// Every cross-field rule. Add one here (with its page) rather than in the checker.
#[rustfmt::skip]
pub(crate) static CROSS_RULES: &[CrossRule] = &[
    CrossRule { operations: INDICATOR_OPS, at: "", check: CrossCheck::Implies { key: "action", is: &["Audit"], then: "generateAlert", must: &["true"] }, error: true,
        message: "an Audit indicator needs `generateAlert` set to true", source: page!("post-ti-indicator"), would_cause: None },
    CrossRule { operations: INDICATOR_OPS, at: "Indicators[]", check: CrossCheck::Implies { key: "action", is: &["Audit"], then: "generateAlert", must: &["true"] }, error: true,
        message: "an Audit indicator needs `generateAlert` set to true", source: page!("post-ti-indicator"), would_cause: None },
    CrossRule { operations: INDICATOR_OPS, at: "", check: CrossCheck::Implies { key: "educateUrl", is: &[], then: "indicatorType", must: &["Url", "DomainName"] }, error: false,
        message: "`educateUrl` is shown only for URL and domain indicators; here it has no effect", source: concat!(page!("post-ti-indicator"), " (\"URL indicators\": the product's URL/domain indicators, one feature for Url and DomainName)"), would_cause: None },
    CrossRule { operations: INDICATOR_OPS, at: "", check: CrossCheck::Implies { key: "educateUrl", is: &[], then: "action", must: &["Block", "Warn"] }, error: false,
        message: "`educateUrl` is shown only with the Block and Warn actions; here it has no effect", source: page!("post-ti-indicator"), would_cause: None },
    CrossRule { operations: INDICATOR_OPS, at: "Indicators[]", check: CrossCheck::Implies { key: "educateUrl", is: &[], then: "indicatorType", must: &["Url", "DomainName"] }, error: false,
        message: "`educateUrl` is shown only for URL and domain indicators; here it has no effect", source: concat!(page!("post-ti-indicator"), " (\"URL indicators\": the product's URL/domain indicators, one feature for Url and DomainName)"), would_cause: None },
    CrossRule { operations: INDICATOR_OPS, at: "Indicators[]", check: CrossCheck::Implies { key: "educateUrl", is: &[], then: "action", must: &["Block", "Warn"] }, error: false,
        message: "`educateUrl` is shown only with the Block and Warn actions; here it has no effect", source: page!("post-ti-indicator"), would_cause: None },
    CrossRule { operations: &["update-machine"], at: "", check: CrossCheck::AnyOf(&["machineTags", "deviceValue"]), error: true,
        message: "nothing to update: send a non-empty `machineTags` or a `deviceValue`", source: concat!(page!("update-machine-method"), " (updatable: machineTags, deviceValue); an empty machineTags was answered InvalidRequestBody in the field (issue 12)"), would_cause: Some("InvalidRequestBody") },
    CrossRule { operations: &["run-live-response"], at: "", check: CrossCheck::NonEmpty("Commands"), error: true,
        message: "`Commands` must hold at least one command to run", source: page!("run-live-response"), would_cause: None },
    CrossRule { operations: &["run-live-response"], at: "Commands[]", check: CrossCheck::ListHolds { key: "type", is: "RunScript", list: "params", item_key: "key", needs: "ScriptName" }, error: true,
        message: "RunScript needs a `ScriptName` parameter: the library script to run", source: page!("run-live-response"), would_cause: None },
    CrossRule { operations: &["run-live-response"], at: "Commands[]", check: CrossCheck::ListHolds { key: "type", is: "GetFile", list: "params", item_key: "key", needs: "Path" }, error: true,
        message: "GetFile needs a `Path` parameter: the file to collect", source: page!("run-live-response"), would_cause: None },
    CrossRule { operations: &["run-live-response"], at: "Commands[]", check: CrossCheck::ListHolds { key: "type", is: "PutFile", list: "params", item_key: "key", needs: "FileName" }, error: true,
        message: "PutFile needs a `FileName` parameter: the library file to put on the device", source: page!("run-live-response"), would_cause: None },
    CrossRule { operations: &["run-live-response"], at: "", check: CrossCheck::InOrder { list: "Commands", item_key: "type", order: &["PutFile", "RunScript", "GetFile"] }, error: true,
        message: "`Commands` run in the order PutFile, RunScript, GetFile: this command comes after one that must follow it", source: concat!(page!("run-live-response"), " (Commands: \"must be in this order with no limit on repetitions\")"), would_cause: None },
    CrossRule { operations: SCAN_OPS, at: "scanAuthenticationParams", check: CrossCheck::Implies { key: "@odata.type", is: &["#microsoft.windowsDefenderATP.api.WindowsAuthParams"], then: "IsGMSAUser", must: &["true"] }, error: true,
        message: "WindowsAuthParams needs `IsGMSAUser` set to true", source: page!("add-a-new-scan-definition"), would_cause: None },
    CrossRule { operations: SCAN_OPS, at: "", check: CrossCheck::Implies { key: "scanType", is: &["Windows"], then: "scanAuthenticationParams/@odata.type", must: &["#microsoft.windowsDefenderATP.api.WindowsAuthParams"] }, error: true,
        message: "a Windows scan authenticates with WindowsAuthParams", source: page!("add-a-new-scan-definition"), would_cause: None },
    CrossRule { operations: SCAN_OPS, at: "", check: CrossCheck::Implies { key: "scanType", is: &["Network"], then: "scanAuthenticationParams/@odata.type", must: &["#microsoft.windowsDefenderATP.api.SnmpAuthParams"] }, error: true,
        message: "a Network scan authenticates with SnmpAuthParams", source: page!("add-a-new-scan-definition"), would_cause: None },
    CrossRule { operations: ALERT_OPS, at: "", check: CrossCheck::Restricts { key: "classification", is: &["TruePositive"], then: "determination", must: TRUE_POSITIVE }, error: false,
        message: "this determination does not belong to the TruePositive classification", source: page!("update-alert"), would_cause: None },
    CrossRule { operations: ALERT_OPS, at: "", check: CrossCheck::Restricts { key: "classification", is: &["InformationalExpectedActivity", "Informational, expected activity"], then: "determination", must: EXPECTED }, error: false,
        message: "this determination does not belong to the informational (expected activity) classification", source: page!("update-alert"), would_cause: None },
    CrossRule { operations: ALERT_OPS, at: "", check: CrossCheck::Restricts { key: "classification", is: &["FalsePositive"], then: "determination", must: FALSE_POSITIVE }, error: false,
        message: "this determination does not belong to the FalsePositive classification", source: page!("update-alert"), would_cause: None },
];
