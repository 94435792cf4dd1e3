//! Facts from the response's shape and surroundings rather than its message: nested reasons, a lost or
//! missing body, the challenge header, an indicator import's item, a machine action, an Entra error.

use crate::facts::advice::{fill, get, Key};
use crate::facts::{Fact, FactKind};
use crate::response::{Context, Response, Shape};

/// Facts from the response's shape and surroundings rather than its message.
pub(super) fn context_facts(r: &Response, out: &mut Vec<Fact>) {
    let value = |name: &str, value: String, text: String, advice: &str| {
        Fact::of(
            FactKind::Value {
                name: name.to_string(),
                value,
            },
            text,
            advice.to_string(),
        )
    };
    // The reasons nested in the error, whatever its envelope: often the real cause behind a generic code.
    for d in &r.details {
        let line = d.line();
        let text = fill(Key::ValueText, &[("name", "detail"), ("value", &line)]);
        out.push(value("detail", line, text, ""));
    }
    match r.shape {
        Shape::GraphPartial => {
            let provider = r.item_kind.clone().unwrap_or_default();
            let status = r.head.status.map(|s| s.to_string()).unwrap_or_default();
            out.push(value(
                "provider",
                provider.clone(),
                fill(
                    Key::GraphPartialText,
                    &[("provider", provider.as_str()), ("status", status.as_str())],
                ),
                get(Key::GraphPartialAdvice),
            ));
        }
        Shape::BodyLost if r.context == Context::Python => out.push(value(
            "body",
            "lost".into(),
            get(Key::BodyTextPythonLost).into(),
            get(Key::BodyAdvicePythonLost),
        )),
        Shape::BodyLost => out.push(value(
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
        )),
        Shape::StatusOnly if r.body_not_json => out.push(value(
            "body",
            "not-json".into(),
            get(Key::BodyTextNotJson).into(),
            get(Key::BodyAdviceNotJson),
        )),
        // No body, but the challenge header says why (RFC 6750): that reason, and its fix first.
        Shape::StatusOnly if r.head.auth_error.is_some() => {
            let reason = r.head.auth_error.clone().unwrap_or_default();
            let expired = reason.to_ascii_lowercase().contains("expired");
            let advice = if expired {
                get(Key::AuthHeaderAdviceExpired)
            } else {
                get(Key::AuthHeaderAdvice)
            };
            let text = fill(Key::AuthHeaderText, &[("reason", reason.as_str())]);
            out.push(value("www-authenticate", reason, text, advice));
        }
        Shape::StatusOnly => out.push(value(
            "body",
            "none".into(),
            get(Key::BodyTextNone).into(),
            "",
        )),
        Shape::IndicatorImport => {
            if let Some(ind) = &r.item_id {
                out.push(value(
                    "indicator",
                    ind.clone(),
                    fill(Key::IndicatorText, &[("indicator", ind)]),
                    get(Key::IndicatorAdvice),
                ));
            }
        }
        Shape::MachineAction => {
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
            out.push(value(
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
            ));
        }

        Shape::Entra => {
            if let Some(e) = &r.entra {
                let text = match e.aadsts {
                    Some(n) => fill(
                        Key::EntraErrorTextAadsts,
                        &[("error", &e.error), ("aadsts", &n.to_string())],
                    ),
                    None => fill(Key::EntraErrorText, &[("error", &e.error)]),
                };
                out.push(value("entra-error", e.error.clone(), text, ""));
            }
        }
        _ => {}
    }
}
