//! What the OData checks rest on beyond the entity tables: options the service is seen to answer although a
//! collection page does not list them, enum spellings on a docs page that are typos of the real value, and
//! the page each extra property spelling comes from. Every row names its source (a docs page, or a public
//! client as `owner/repo path`), so a message can say which level of evidence it rests on.

use super::endpoints::Opt;

/// An option a collection page does not list, seen answered by the service.
#[derive(Debug)]
pub(crate) struct Accepted {
    pub option: Opt,
    /// The route's path as its table writes it (`/api/machines`).
    pub path: &'static str,
    /// A request line from the source, as it was sent: the evidence kept as data (a test holds it to its
    /// option); no message quotes it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
    /// Where it was seen: a public client (`owner/repo path`) whose output shows the answer.
    pub source: &'static str,
}

/// Options seen accepted: a note at most, never an error or a warning.
#[rustfmt::skip]
pub(crate) static ACCEPTED_OPTIONS: &[Accepted] = &[
    Accepted { option: Opt::Select, path: "/api/machines",
        example: "GET https://api.securitycenter.microsoft.com/api/machines?$select=id,computerDnsName,version,exposureLevel,onboardingStatus,riskScore,isExcluded,lastSeen,healthStatus,isAadJoined,osPlatform",
        source: "ymauray/check_msdefender doc/Feat-MsDefender-ListMachines.md, whose output lists the devices returned" },
    Accepted { option: Opt::OrderBy, path: "/api/alerts",
        example: "GET https://api.securitycenter.microsoft.com/api/alerts?$orderby=alertCreationTime+desc&$top=1",
        source: "rapid7/insightconnect-plugins plugins/microsoft_atp/komand_microsoft_atp/triggers/get_alerts/trigger.py, which reads the newest alert from the answer" },
    Accepted { option: Opt::Select, path: "/api/alerts",
        example: "GET https://api.securitycenter.microsoft.com/api/alerts?$select=id,title&$top=10",
        source: "FriedrichWeinmann/DefenderAPI DefenderAPI/functions/Mde/alerts/Get-MdAlert.ps1, a published module that sends -Select as $select" },
    Accepted { option: Opt::Count, path: "/api/alerts",
        example: "GET https://api.securitycenter.microsoft.com/api/alerts?$count=true&$top=10",
        source: "FriedrichWeinmann/DefenderAPI DefenderAPI/functions/Mde/alerts/Get-MdAlert.ps1, a published module that sends -Count as $count" },
    Accepted { option: Opt::OrderBy, path: "/api/machines",
        example: "GET https://api.securitycenter.microsoft.com/api/machines?$orderby=lastSeen desc&$top=10",
        source: "FriedrichWeinmann/DefenderAPI DefenderAPI/functions/Mde/machines/Get-MdMachine.ps1, a published module that sends -Orderby as $orderby" },
    Accepted { option: Opt::Count, path: "/api/machines",
        example: "GET https://api.securitycenter.microsoft.com/api/machines?$count=true",
        source: "FriedrichWeinmann/DefenderAPI DefenderAPI/functions/Mde/machines/Get-MdMachine.ps1, a published module that sends -Count as $count" },
];

/// The evidence that the service answers `opt` on the endpoint at `path`, if any.
pub(crate) fn accepted(path: &str, opt: Opt) -> Option<&'static Accepted> {
    ACCEPTED_OPTIONS
        .iter()
        .find(|a| a.option == opt && a.path == path)
}

/// An enum value a docs page spells differently from the value the service uses.
#[derive(Debug)]
pub(crate) struct DocTypo {
    pub entity: &'static str,
    pub property: &'static str,
    /// As the page writes it.
    pub written: &'static str,
    /// The value the service answers with (the one kept in the entity's list).
    pub real: &'static str,
    /// The page that writes `written`.
    pub page: &'static str,
    /// What shows `real` is the value: responses, other pages, public clients.
    pub evidence: &'static str,
}

/// Known typos of enum values on the docs pages.
#[rustfmt::skip]
pub(crate) static ENUM_TYPOS: &[DocTypo] = &[
    DocTypo { entity: "Machine", property: "onboardingStatus", written: "onboarded", real: "Onboarded",
        page: "defender-endpoint/api/machine.md",
        evidence: "the page's other values are PascalCase, as CanBeOnboarded, and the service answers Onboarded, as ymauray/check_msdefender doc/Feat-MsDefender-ListMachines.md shows" },
];

/// The typo `written` of a value of `entity.property`, if the docs print it.
pub(crate) fn enum_typo(entity: &str, property: &str, written: &str) -> Option<&'static DocTypo> {
    ENUM_TYPOS
        .iter()
        .find(|t| t.entity == entity && t.property == property && t.written == written)
}

/// Pages that print a property in another case than the JSON, beyond the entity's own table: (entity,
/// spelling, page). Other spellings in `also` come from the entity's page or the endpoint's filter list.
#[rustfmt::skip]
pub(crate) static SPELLING_PAGES: &[(&str, &str, &str)] = &[
    ("Machine", "ComputerDnsName", SAMPLES), ("Machine", "LastSeen", SAMPLES),
    ("Machine", "HealthStatus", SAMPLES), ("Machine", "OsPlatform", SAMPLES),
    ("Machine", "RiskScore", SAMPLES), ("Machine", "RbacGroupId", SAMPLES),
    ("MachineAction", "Status", SAMPLES), ("MachineAction", "MachineId", SAMPLES),
    ("MachineAction", "Type", SAMPLES), ("MachineAction", "Requestor", SAMPLES),
    ("MachineAction", "CreationDateTimeUtc", SAMPLES),
    ("Alert", "InvestigationId", "defender-endpoint/api/get-alerts.md"),
    ("Alert", "asssignedTo", "defender-endpoint/api/get-alerts.md"),
];

/// The OData samples page, whose filter lists print several properties in PascalCase.
pub(crate) const SAMPLES: &str = "defender-endpoint/api/exposed-apis-odata-samples.md";

/// The page that prints `spelling` for a property of `entity` (`fallback`: the entity's or endpoint's page).
pub(crate) fn spelling_page(entity: &str, spelling: &str, fallback: &'static str) -> &'static str {
    SPELLING_PAGES
        .iter()
        .find(|(e, s, _)| *e == entity && *s == spelling)
        .map_or(fallback, |(_, _, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::entities::ENTITIES;

    #[test]
    fn every_typo_and_spelling_names_a_real_property_and_value() {
        for t in ENUM_TYPOS {
            let entity = ENTITIES
                .iter()
                .find(|e| e.name == t.entity)
                .expect(t.entity);
            let p = entity.property(t.property).expect(t.property);
            assert!(p.values.contains(&t.real), "{}", t.real);
            assert!(!p.values.contains(&t.written), "{}", t.written);
            assert!(t.page.starts_with("defender-endpoint/api/"));
        }
        for (e, s, _) in SPELLING_PAGES {
            let entity = ENTITIES.iter().find(|x| x.name == *e).expect(e);
            assert!(
                entity.properties.iter().any(|p| p.also.contains(s)),
                "{e}.{s} is not in `also`"
            );
        }
        for a in ACCEPTED_OPTIONS {
            assert!(super::super::endpoints::endpoints().any(|e| e.path() == a.path));
            assert!(a.example.contains(a.option.name()), "{}", a.example);
            assert!(a.source.contains('/'), "{}", a.source);
        }
    }
}
