//! The sentences `diagnose` writes in its own words (facts, summaries, retry advice, …), read once from
//! `advice.md` (the one place they live) and filled with the values the code computed. The code picks a
//! [`Key`]; the words come from the file.

use std::sync::OnceLock;

/// The file, embedded: its header documents the format.
const SOURCE: &str = include_str!("advice.md");

/// Declares every key with the placeholders its caller supplies, so the tests can hold the file to it.
macro_rules! keys {
    ($($variant:ident = $key:literal [$($ph:literal),*],)*) => {
        /// A sentence of `advice.md`, by its key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Key {
            $(#[doc = $key] $variant,)*
        }

        impl Key {
            /// Every key, in declaration order (the index into the parsed table).
            pub(crate) const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The key as the file spells it.
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $key,)*
                }
            }

            /// The placeholders the caller supplies, which the template must name, no more, no fewer.
            pub(crate) const fn placeholders(self) -> &'static [&'static str] {
                match self {
                    $(Key::$variant => &[$($ph),*],)*
                }
            }
        }
    };
}

keys! {
    AccountStateAdviceInactive = "account-state.advice-inactive" [],
    AccountStateAdviceNoLicense = "account-state.advice-no-license" [],
    AccountStateAdviceSuspended = "account-state.advice-suspended" [],
    AccountStateTextInactive = "account-state.text-inactive" ["reason"],
    AccountStateTextNoLicense = "account-state.text-no-license" ["reason"],
    AccountStateTextSuspended = "account-state.text-suspended" ["reason"],
    AudienceAdviceAccepted = "audience.advice-accepted" [],
    AudienceAdviceWrong = "audience.advice-wrong" ["resource"],
    AudienceTextAccepted = "audience.text-accepted" ["audience"],
    AudienceTextKnown = "audience.text-known" ["audience", "api"],
    AudienceTextUnknown = "audience.text-unknown" ["audience"],
    AzureRoleAdvice = "azure-role.advice" ["principal", "action", "scope"],
    AzureRoleText = "azure-role.text" ["principal", "action", "scope"],
    BatchSizeAdvice = "batch-size.advice" ["requests", "allowed"],
    BatchSizeText = "batch-size.text" ["received", "allowed"],
    BodyAdviceLost = "body.advice-lost" [],
    BodyAdviceLostAiohttp = "body.advice-lost-aiohttp" [],
    BodyAdviceLostAxios = "body.advice-lost-axios" [],
    BodyAdviceLostCurl = "body.advice-lost-curl" [],
    BodyAdviceLostDotnet = "body.advice-lost-dotnet" [],
    BodyAdviceLostHttpx = "body.advice-lost-httpx" [],
    BodyAdviceLostJava = "body.advice-lost-java" [],
    BodyAdviceLostPowershell = "body.advice-lost-powershell" [],
    BodyAdviceLostUrllib = "body.advice-lost-urllib" [],
    BodyAdviceLostWget = "body.advice-lost-wget" [],
    BodyAdviceNotJson = "body.advice-not-json" [],
    BodyAdvicePythonLost = "body.advice-python-lost" [],
    BodyTextLost = "body.text-lost" [],
    BodyTextNone = "body.text-none" [],
    AuthHeaderAdvice = "auth-header.advice" [],
    AuthHeaderAdviceExpired = "auth-header.advice-expired" [],
    AuthHeaderText = "auth-header.text" ["reason"],
    BodyTextNotJson = "body.text-not-json" [],
    BodyTextPythonLost = "body.text-python-lost" [],
    ClientVersionActionDefault = "client-version.action-default" [],
    ClientVersionAdvice = "client-version.advice" ["version"],
    ClientVersionText = "client-version.text" ["action", "version"],
    EntraErrorText = "entra-error.text" ["error"],
    EntraErrorTextAadsts = "entra-error.text-aadsts" ["error", "aadsts"],
    ExplainClassHeading = "explain.class-heading" ["count", "class"],
    ExplainDutchAlias = "explain.dutch-alias" ["alias", "code"],
    ExplainEvidenceCommonTable = "explain.evidence-common-table" [],
    ExplainEvidenceField = "explain.evidence-field" [],
    ExplainEvidenceOperationPage = "explain.evidence-operation-page" [],
    ExplainReadCodeBeforeMessage = "explain.read-code-before-message" ["query", "code"],
    ExplainReadInText = "explain.read-in-text" ["query", "read"],
    ExplainReadMessage = "explain.read-message" ["query", "code"],
    ExplainRetryAfterDelay = "explain.retry-after-delay" [],
    ExplainRetryAfterFix = "explain.retry-after-fix" [],
    ExplainRetryNever = "explain.retry-never" [],
    ExplainRetryPoll = "explain.retry-poll" [],
    ExplainRunExplain = "explain.run-explain" [],
    ExplainSpelled = "explain.spelled" ["query", "code"],
    ExplainStatusGeneric = "explain.status-generic" ["status", "class", "code"],
    ExplainStatusHeading = "explain.status-heading" ["count", "status"],
    ExplainTransportHeading = "explain.transport-heading" ["count"],
    ExplainTransportLabel = "explain.transport-label" [],
    ExplainTransportShown = "explain.transport-shown" [],
    GraphCallAdvice = "graph-call.advice" [],
    OtherApiArm = "other-api.arm" [],
    OtherApiLogAnalytics = "other-api.log-analytics" [],
    OtherApiPortal = "other-api.portal" [],
    OtherApiUnknown = "other-api.unknown" ["host"],
    GraphPartialAdvice = "graph-partial.advice" [],
    GraphPartialText = "graph-partial.text" ["provider", "status"],
    HintBinaryInput = "hint.binary-input" ["file", "kind"],
    HintNoResponse = "hint.no-response" ["file", "line", "text"],
    IndicatorAdvice = "indicator.advice" [],
    IndicatorText = "indicator.text" ["indicator"],
    DomainAdviceHost = "invalid-domain.advice-host" [],
    DomainAdviceSchemeOrPath = "invalid-domain.advice-scheme-or-path" [],
    DomainText = "invalid-domain.text" ["domain"],
    HashAdviceNoHashLength = "invalid-hash.advice-no-hash-length" ["wanted"],
    HashAdviceNotAccepted = "invalid-hash.advice-not-accepted" ["type", "wanted"],
    HashAdviceNotHex = "invalid-hash.advice-not-hex" ["wanted"],
    HashAdviceTyped = "invalid-hash.advice-typed" ["type", "wanted"],
    HashTextNoHashLength = "invalid-hash.text-no-hash-length" ["hash", "length"],
    HashTextNotHex = "invalid-hash.text-not-hex" ["hash", "length"],
    HashTextTyped = "invalid-hash.text-typed" ["hash", "length", "type"],
    HashWantedAny = "invalid-hash.wanted-any" [],
    HashWantedOne = "invalid-hash.wanted-one" ["type", "length"],
    IpAdviceCidr = "invalid-ip.advice-cidr" [],
    IpAdviceUnparsable = "invalid-ip.advice-unparsable" [],
    IpAdviceWellFormed = "invalid-ip.advice-well-formed" [],
    IpText = "invalid-ip.text" ["ip"],
    UrlAdviceNoScheme = "invalid-url.advice-no-scheme" [],
    UrlAdviceWithScheme = "invalid-url.advice-with-scheme" [],
    UrlText = "invalid-url.text" ["url"],
    MachineActionAdviceCancelled = "machine-action.advice-cancelled" [],
    MachineActionAdviceDetails = "machine-action.advice-details" ["id"],
    MachineActionAdviceTimeout = "machine-action.advice-timeout" [],
    MachineActionKindDefault = "machine-action.kind-default" [],
    MachineActionMachineDefault = "machine-action.machine-default" [],
    MachineActionText = "machine-action.text" ["kind", "id", "machine"],
    ParameterAdviceRightCase = "missing-parameter.advice-right-case" ["correct", "swapped"],
    ParameterAdviceUnknown = "missing-parameter.advice-unknown" ["parameter"],
    ParameterAdviceWrongCase = "missing-parameter.advice-wrong-case" ["correct", "parameter"],
    ParameterText = "missing-parameter.text" ["parameter"],
    RolesAdviceAllGranted = "missing-roles.advice-all-granted" [],
    RolesAdviceLacking = "missing-roles.advice-lacking" ["missing"],
    RolesAdviceLackingGraph = "missing-roles.advice-lacking-graph" ["missing"],
    RolesAdviceNoRoles = "missing-roles.advice-no-roles" ["missing"],
    RolesAdviceNoRolesGraph = "missing-roles.advice-no-roles-graph" ["missing"],
    RolesAnyOfAdvice = "missing-roles.any-of-advice" ["required"],
    RolesAnyOfAdviceGraph = "missing-roles.any-of-advice-graph" ["required"],
    RolesAnyOfText = "missing-roles.any-of-text" ["required"],
    RolesOneOf = "missing-roles.one-of" ["roles"],
    RolesTextAllGranted = "missing-roles.text-all-granted" ["granted", "required"],
    RolesTextLacking = "missing-roles.text-lacking" ["required", "granted", "missing"],
    RolesTextNoRoles = "missing-roles.text-no-roles" ["required"],
    OdataAdviceNotFilterable = "odata.advice-not-filterable" ["filterable"],
    OdataAdviceOptionNear = "odata.advice-option-near" ["name", "meant"],
    OdataAdviceProperty = "odata.advice-property" ["correct"],
    OdataAdvicePropertyUnknown = "odata.advice-property-unknown" [],
    OdataAdviceRefusedFunction = "odata.advice-refused-function" [],
    OdataAdviceRefusedOperator = "odata.advice-refused-operator" [],
    OdataAdviceRefusedOption = "odata.advice-refused-option" [],
    OdataAdviceTop = "odata.advice-top" ["limit"],
    OdataTextNotFilterable = "odata.text-not-filterable" ["property"],
    OdataTextOptionNear = "odata.text-option-near" ["name", "meant"],
    OdataTextProperty = "odata.text-property" ["property", "correct"],
    OdataTextPropertyUnknown = "odata.text-property-unknown" ["property"],
    OdataTextQuery = "odata.text-query" ["column", "message"],
    OdataTextQueryHelp = "odata.text-query-help" ["column", "message", "help"],
    OdataTextRefused = "odata.text-refused" ["what", "name"],
    OdataTextTop = "odata.text-top" ["limit", "sent"],
    PlatformAdviceSupported = "os-platform.advice-supported" ["supported"],
    PlatformAdviceUnknown = "os-platform.advice-unknown" ["platform"],
    PlatformText = "os-platform.text" ["platform"],
    RatePerHour = "rate.per-hour" ["operation", "per-hour"],
    RatePerMinute = "rate.per-minute" ["operation", "per-minute"],
    RatePerMinuteAndHour = "rate.per-minute-and-hour" ["operation", "per-minute", "per-hour"],
    RenderMoreStep = "render.more-step" ["count"],
    RenderMoreSteps = "render.more-steps" ["count"],
    RenderNoResponse = "render.no-response" [],
    RenderNothingFound = "render.nothing-found" ["lines", "inputs"],
    RenderPartial = "render.partial" [],
    RenderRatePerHour = "render.rate-per-hour" ["per-hour"],
    RenderRatePerMinute = "render.rate-per-minute" ["per-minute"],
    RenderRatePerMinuteAndHour = "render.rate-per-minute-and-hour" ["per-minute", "per-hour"],
    RenderRepeats = "render.repeats" ["count", "lines"],
    RenderRepeatsOf = "render.repeats-of" ["count", "first", "lines"],
    RenderStatusMismatch = "render.status-mismatch" ["code", "usual", "status"],
    RenderSummary = "render.summary" ["noun", "needs-fix", "transient", "unreadable", "lines", "failed"],
    RenderSummaryNoResponse = "render.summary-no-response" ["count"],
    RenderSummaryNoResponses = "render.summary-no-responses" ["count"],
    RenderSupport = "render.support" [],
    RetryAfterDelay = "retry.after-delay" [],
    RetryAfterFix = "retry.after-fix" [],
    RetryCut = "retry.cut" [],
    RetryUnknownCode = "retry.unknown-code" [],
    RetryAfterRetryAfter = "retry.after-retry-after" ["value"],
    RetryAfterSeconds = "retry.after-seconds" ["seconds"],
    RetryNever = "retry.never" [],
    RetryPace = "retry.pace" ["wait", "rate"],
    RetryPoll = "retry.poll" [],
    RouteAdviceId = "route.advice-id" [],
    RouteAdviceNearest = "route.advice-nearest" ["nearest"],
    RouteTextEmptySegment = "route.text-empty-segment" ["path"],
    RouteTextMachineIdShape = "route.text-machine-id-shape" ["id"],
    RouteTextNearest = "route.text-nearest" ["path", "nearest"],
    RouteTextUnfilled = "route.text-unfilled" ["segment"],
    SuggestionCut = "suggestion.cut" [],
    SuggestionFix = "suggestion.fix" ["code"],
    SuggestionNone = "suggestion.none" [],
    SummaryCut = "summary.cut" [],
    SummaryCutStatus = "summary.cut-status" ["status", "reason"],
    SummaryIndicatorImport = "summary.indicator-import" [],
    SummaryMachineAction = "summary.machine-action" ["status"],
    SummaryNotJson = "summary.not-json" ["status", "reason"],
    SummaryOtherApiStatus = "summary.other-api-status" ["status", "reason", "api"],
    SummaryUnknown = "summary.unknown" [],
    SummaryUnknownStatus = "summary.unknown-status" ["status", "reason"],
    KqlAdvice = "kql.advice" [],
    KqlTextName = "kql.text-name" ["at", "operator"],
    KqlTextParse = "kql.text-parse" ["at", "line"],
    SentBodyAdvice = "sent-body.advice" ["help"],
    SentBodyText = "sent-body.text" ["finding"],
    TokenExpiredAdvice = "token-expired.advice" [],
    TokenExpiredText = "token-expired.text" ["expired-at", "checked-at"],
    TokenAudienceNone = "token-verdict.audience-none" [],
    TokenDecodeFailed = "token-verdict.decode-failed" [],
    TokenDescription = "token-verdict.description" ["version", "kind", "held", "audience"],
    TokenEmptyDescription = "token-verdict.empty-description" [],
    TokenEmptyFix = "token-verdict.empty-fix" [],
    TokenEmptyText = "token-verdict.empty-text" [],
    TokenHeldNone = "token-verdict.held-none" [],
    TokenKindApplication = "token-verdict.kind-application" [],
    TokenKindDelegated = "token-verdict.kind-delegated" [],
    TokenKindUnknown = "token-verdict.kind-unknown" [],
    TokenOtherApi = "token-verdict.other-api" ["their", "api"],
    TokenOtherApiFix = "token-verdict.other-api-fix" ["host"],
    TokenVersionByIssuer = "token-verdict.version-by-issuer" ["version"],
    TokenVersionUnknown = "token-verdict.version-unknown" [],
    ValueText = "value.text" ["name", "value"],
    WithRouteAdviceApplication = "with-route.advice-application" ["permissions"],
    WithRouteAdviceBoth = "with-route.advice-both" ["application", "delegated"],
    WithRouteAdviceDelegated = "with-route.advice-delegated" ["permissions"],
    WithRouteAdviceSame = "with-route.advice-same" ["permissions"],
    WithRouteNeedsApplication = "with-route.needs-application" ["permissions"],
    WithRouteNeedsBoth = "with-route.needs-both" ["application", "delegated"],
    WithRouteNeedsDelegated = "with-route.needs-delegated" ["permissions"],
    WithRouteNeedsSame = "with-route.needs-same" ["permissions"],
    WithRouteText = "with-route.text" ["operation", "method", "path", "needs"],
    WithRouteTextNoMessage = "with-route.text-no-message" ["operation", "method", "path", "needs"],
    WrongHostAdviceGraphPath = "wrong-host.advice-graph-path" ["url"],
    WrongHostAdviceMdePath = "wrong-host.advice-mde-path" ["url"],
    WrongHostTextGraphPath = "wrong-host.text-graph-path" ["host", "path"],
    WrongHostTextMdePath = "wrong-host.text-mde-path" ["host", "path"],
}

/// One entry of the file.
#[derive(Debug)]
struct Sentence {
    key: &'static str,
    template: &'static str,
}

/// Reads the entries of `source`, with a message per line that breaks the format (see the file's header).
fn parse(source: &'static str) -> (Vec<Sentence>, Vec<String>) {
    let mut entries: Vec<Sentence> = Vec::new();
    let mut errors = Vec::new();
    let mut group = None;
    for (i, line) in source.lines().enumerate() {
        let line_no = i + 1;
        if let Some(heading) = line.strip_prefix("## ") {
            group = Some(heading.trim());
            continue;
        }
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((key, template)) = rest.split_once("`: ") else {
            errors.push(format!("line {line_no}: an entry is - `key`: template"));
            continue;
        };
        match group {
            Some(g) if key.strip_prefix(g).is_some_and(|k| k.starts_with('.')) => {}
            _ => errors.push(format!(
                "line {line_no}: `{key}` is not under its own `## group` heading"
            )),
        }
        if let Some(prev) = entries.last() {
            if prev.key >= key {
                errors.push(format!(
                    "line {line_no}: `{key}` comes after `{}` (keys are unique and sorted)",
                    prev.key
                ));
            }
        }
        if let Err(e) = placeholders(template) {
            errors.push(format!("line {line_no}: {e}"));
        }
        if template.is_empty() || template != template.trim() {
            errors.push(format!(
                "line {line_no}: the template is empty or has blanks at an end"
            ));
        }
        entries.push(Sentence { key, template });
    }
    (entries, errors)
}

/// The placeholder names a template holds, in order; an error for a stray or unclosed brace.
fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let after = &rest[open + 1..];
        let close = after.find('}').filter(|_| rest[open..].starts_with('{'));
        let Some(close) = close else {
            return Err(format!("a stray brace in {template:?}"));
        };
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return Err(format!(
                "a placeholder is named {{a-z and -}}: {template:?}"
            ));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// The template of every key, indexed like [`Key::ALL`]; parsed once. A key the file lacks reads as empty
/// (the tests make that impossible).
fn table() -> &'static [&'static str] {
    static TABLE: OnceLock<Vec<&'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![""; Key::ALL.len()];
        for entry in parse(SOURCE).0 {
            if let Some(i) = Key::ALL.iter().position(|k| k.name() == entry.key) {
                table[i] = entry.template;
            }
        }
        table
    })
}

/// The sentence of a key without placeholders.
pub(crate) fn get(key: Key) -> &'static str {
    table().get(key as usize).copied().unwrap_or_default()
}

/// The sentence of `key` with each `{name}` replaced by its value, in one pass (values are not re-read, so a
/// value holding braces stays as it is). A placeholder without a value is left as written.
pub(crate) fn fill(key: Key, values: &[(&str, &str)]) -> String {
    debug_assert!(
        values.len() == key.placeholders().len()
            && values.iter().all(|(n, _)| key.placeholders().contains(n)),
        "{} takes {:?}",
        key.name(),
        key.placeholders()
    );
    let template = get(key);
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let hole = &rest[open..];
        let Some(close) = memchr::memchr(b'}', hole.as_bytes()) else {
            rest = hole;
            break;
        };
        let name = &hole[1..close];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&hole[..=close]),
        }
        rest = &hole[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_parses_with_sorted_unique_grouped_keys() {
        let (entries, errors) = parse(SOURCE);
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(entries.len(), Key::ALL.len());
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_file_and_every_entry_is_used() {
        let (entries, _) = parse(SOURCE);
        for key in Key::ALL {
            assert!(
                entries.iter().any(|e| e.key == key.name()),
                "{} is missing from advice.md",
                key.name()
            );
        }
        for e in &entries {
            assert!(
                Key::ALL.iter().any(|k| k.name() == e.key),
                "`{}` is used by no code (declare it in advice.rs or remove it)",
                e.key
            );
        }
    }

    #[test]
    fn each_template_names_exactly_the_placeholders_its_caller_supplies() {
        for key in Key::ALL {
            let mut named = placeholders(get(*key)).unwrap_or_default();
            named.sort_unstable();
            named.dedup();
            let mut supplied = key.placeholders().to_vec();
            supplied.sort_unstable();
            assert_eq!(named, supplied, "{}", key.name());
        }
    }

    #[test]
    fn every_template_renders_with_no_placeholder_left() {
        for key in Key::ALL {
            let values: Vec<(&str, &str)> =
                key.placeholders().iter().map(|n| (*n, "VALUE")).collect();
            let out = fill(*key, &values);
            assert!(!out.is_empty(), "{}", key.name());
            assert!(!out.contains(['{', '}']), "{}: {out}", key.name());
            assert_eq!(
                out.matches("VALUE").count(),
                placeholders(get(*key)).unwrap_or_default().len(),
                "{}",
                key.name()
            );
        }
    }

    #[test]
    fn fill_inserts_values_verbatim_in_one_pass() {
        assert_eq!(
            fill(Key::ValueText, &[("name", "{value}"), ("value", "{name}")]),
            "{value}: {name}"
        );
        assert_eq!(
            fill(Key::IpText, &[("ip", "")]),
            "The IP address '' was rejected."
        );
    }

    #[test]
    fn the_format_checks_reject_broken_files() {
        let bad = |source: &'static str| parse(source).1;
        assert!(bad("## a\n- `a.x`: one\n- `a.y`: two {v}\n").is_empty());
        assert_eq!(
            bad("## a\n- `a.y`: one\n- `a.x`: two\n").len(),
            1,
            "unsorted"
        );
        assert_eq!(
            bad("## a\n- `a.x`: one\n- `a.x`: two\n").len(),
            1,
            "duplicate"
        );
        assert_eq!(bad("## a\n- `b.x`: one\n").len(), 1, "wrong group");
        assert_eq!(bad("- `a.x`: one\n").len(), 1, "no group");
        assert_eq!(bad("## a\n- `a.x` one\n").len(), 1, "no colon");
        assert_eq!(bad("## a\n- `a.x`: a {b\n").len(), 1, "unclosed");
        assert_eq!(bad("## a\n- `a.x`: a } b\n").len(), 1, "stray");
        assert_eq!(bad("## a\n- `a.x`: a {} b\n").len(), 1, "unnamed");
        assert_eq!(bad("## a\n- `a.x`: one \n").len(), 1, "trailing blank");
    }
}

/// The string literals on one line of Rust source (enough for this crate's code: `"…"` with escapes).
#[cfg(test)]
fn literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3; // a char literal such as '"'
            continue;
        }
        if b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push(line.get(start..j.min(b.len())).unwrap_or(""));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Where diagnose's and explain's words live, enforced: the code that decides picks a key; the sentence is in
/// advice.md (or the catalog). A literal of five words or more in these files is a sentence in the wrong home.
/// Request lines shown for copying (`GET https://…`) are not prose.
#[test]
fn diagnose_and_explain_code_holds_no_sentences() {
    let files = [
        ("src/diagnose.rs", include_str!("../diagnose.rs")),
        // diagnose.rs's parts, held like it.
        ("src/diagnose/api.rs", include_str!("../diagnose/api.rs")),
        (
            "src/diagnose/context_facts.rs",
            include_str!("../diagnose/context_facts.rs"),
        ),
        (
            "src/diagnose/diagnosis.rs",
            include_str!("../diagnose/diagnosis.rs"),
        ),
        ("src/diagnose/fix.rs", include_str!("../diagnose/fix.rs")),
        (
            "src/diagnose/identify.rs",
            include_str!("../diagnose/identify.rs"),
        ),
        (
            "src/diagnose/request.rs",
            include_str!("../diagnose/request.rs"),
        ),
        (
            "src/diagnose/request_facts.rs",
            include_str!("../diagnose/request_facts.rs"),
        ),
        (
            "src/diagnose/retry.rs",
            include_str!("../diagnose/retry.rs"),
        ),
        (
            "src/diagnose/summary.rs",
            include_str!("../diagnose/summary.rs"),
        ),
        (
            "src/diagnose/token_verdict.rs",
            include_str!("../diagnose/token_verdict.rs"),
        ),
        ("src/facts.rs", include_str!("../facts.rs")),
        // facts.rs's parts: they were one file, so the rule holds them all.
        ("src/facts/audience.rs", include_str!("audience.rs")),
        ("src/facts/hash.rs", include_str!("hash.rs")),
        ("src/facts/matching.rs", include_str!("matching.rs")),
        ("src/facts/roles.rs", include_str!("roles.rs")),
        (
            "src/render/diagnose/human.rs",
            include_str!("../render/diagnose/human.rs"),
        ),
        (
            "src/render/diagnose/group.rs",
            include_str!("../render/diagnose/group.rs"),
        ),
        (
            "src/render/diagnose/short.rs",
            include_str!("../render/diagnose/short.rs"),
        ),
        (
            "src/render/diagnose/summary.rs",
            include_str!("../render/diagnose/summary.rs"),
        ),
        (
            "src/render/explain.rs",
            include_str!("../render/explain.rs"),
        ),
    ];
    let mut found = Vec::new();
    for (file, text) in files {
        let code = text.split("#[cfg(test)]").next().unwrap_or(text);
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for lit in literals(line) {
                let words = lit
                    .split_whitespace()
                    .filter(|w| {
                        !w.starts_with('{') && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    })
                    .count();
                if words >= 5 && !lit.starts_with("GET ") {
                    found.push(format!("{file}:{}: \"{lit}\"", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "sentences outside src/facts/advice.md:\n{}",
        found.join("\n")
    );
}
