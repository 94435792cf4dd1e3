//! Facts from the response's shape and surroundings rather than its message: nested reasons, a lost or
//! missing body, the challenge header, an indicator import's item, a machine action, an Entra error.

use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::response::{Context, EntraFacts, Response, Shape};

/// Facts from the response's shape and surroundings rather than its message.
pub(super) fn context_facts(r: &Response, out: &mut Vec<Fact>) {
    // The reasons nested in the error, whatever its envelope: often the real cause behind a generic code.
    for d in &r.details {
        let line = d.line();
        let text = fill(Key::ValueText, &[("name", "detail"), ("value", &line)]);
        out.push(value("detail", line, text, ""));
    }
    let fact = match r.shape {
        Shape::GraphPartial => Some(graph_partial(r)),
        Shape::BodyLost => Some(body_lost(r)),
        Shape::StatusOnly => Some(status_only(r)),
        Shape::IndicatorImport => r.item_id.as_deref().map(indicator),
        Shape::MachineAction => Some(machine_action(r)),
        Shape::Entra => r.entra.as_ref().map(entra_error),
        _ => None,
    };
    out.extend(fact);
}

/// A fact that names one value.
fn value(name: &str, value: String, text: String, advice: &str) -> Fact {
    Fact::of(
        FactKind::Value {
            name: name.to_string(),
            value,
        },
        text,
        advice.to_string(),
    )
}

/// A Graph response that is partly an error: the provider that failed.
fn graph_partial(r: &Response) -> Fact {
    let provider = r.item_kind.clone().unwrap_or_default();
    let status = r.head.status.map(|s| s.to_string()).unwrap_or_default();
    value(
        "provider",
        provider.clone(),
        fill(
            Key::GraphPartialText,
            &[("provider", provider.as_str()), ("status", status.as_str())],
        ),
        get(Key::GraphPartialAdvice),
    )
}

/// A status line whose body the client did not print, and how to see it in that client.
fn body_lost(r: &Response) -> Fact {
    if r.context == Context::Python {
        return value(
            "body",
            "lost".into(),
            get(Key::BodyTextPythonLost).into(),
            get(Key::BodyAdvicePythonLost),
        );
    }
    value(
        "body",
        "lost".into(),
        get(Key::BodyTextLost).into(),
        // How to see the body in the client that printed the status line.
        get(match r.context {
            Context::Curl => Key::BodyAdviceLostCurl,
            Context::Wget => Key::BodyAdviceLostWget,
            Context::PowerShell => Key::BodyAdviceLostPowershell,
            Context::PythonUrllib => Key::BodyAdviceLostUrllib,
            Context::PythonHttpx => Key::BodyAdviceLostHttpx,
            Context::PythonAiohttp => Key::BodyAdviceLostAiohttp,
            Context::DotNet => Key::BodyAdviceLostDotnet,
            Context::Axios => Key::BodyAdviceLostAxios,
            Context::Java => Key::BodyAdviceLostJava,
            _ => Key::BodyAdviceLost,
        }),
    )
}

/// A status without an error body: a body that is not JSON, the challenge header's reason, or no body.
fn status_only(r: &Response) -> Fact {
    // No JSON body, but the challenge header says why (RFC 6750): that reason, and its fix first. A bearer
    // challenge with an error comes from the API itself, so a text beside it is no proxy's page.
    if let Some(reason) = r.head.auth_error.clone() {
        let expired = reason.to_ascii_lowercase().contains("expired");
        let advice = if expired {
            get(Key::AuthHeaderAdviceExpired)
        } else {
            get(Key::AuthHeaderAdvice)
        };
        // The template ends the sentence: a reason that ends one already would print two stops.
        let said = reason.trim_end().trim_end_matches('.');
        let text = fill(Key::AuthHeaderText, &[("reason", said)]);
        return value("www-authenticate", reason, text, advice);
    }
    if r.body_not_json {
        return value(
            "body",
            "not-json".into(),
            get(Key::BodyTextNotJson).into(),
            get(Key::BodyAdviceNotJson),
        );
    }
    value("body", "none".into(), get(Key::BodyTextNone).into(), "")
}

/// The indicator an import item failed on.
fn indicator(ind: &str) -> Fact {
    value(
        "indicator",
        ind.to_string(),
        fill(Key::IndicatorText, &[("indicator", ind)]),
        get(Key::IndicatorAdvice),
    )
}

/// A machine action that failed, timed out or was cancelled: its kind, id and machine.
fn machine_action(r: &Response) -> Fact {
    let id = r.item_id.clone().unwrap_or_default();
    let kind = r
        .item_kind
        .as_deref()
        .unwrap_or(get(Key::MachineActionKindDefault));
    let machine = r
        .machine_id
        .as_deref()
        .unwrap_or(get(Key::MachineActionMachineDefault));
    // The action's own id: a GET to copy as it is.
    let details = fill(
        Key::MachineActionAdviceDetails,
        &[("id", if id.is_empty() { "{id}" } else { id.as_str() })],
    );
    value(
        "machine-action",
        id.clone(),
        fill(
            Key::MachineActionText,
            &[("kind", kind), ("id", &id), ("machine", machine)],
        ),
        if r.code.as_deref() == Some("MachineActionTimeOut") {
            get(Key::MachineActionAdviceTimeout)
        } else if r.code.as_deref() == Some("MachineActionCancelled") {
            get(Key::MachineActionAdviceCancelled)
        } else {
            &details
        },
    )
}

/// The token endpoint's error name, with its AADSTS number when it sent one.
fn entra_error(e: &EntraFacts) -> Fact {
    let text = match e.aadsts {
        Some(n) => fill(
            Key::EntraErrorTextAadsts,
            &[("error", &e.error), ("aadsts", &n.to_string())],
        ),
        None => fill(Key::EntraErrorText, &[("error", &e.error)]),
    };
    value("entra-error", e.error.clone(), text, "")
}
