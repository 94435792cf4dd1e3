//! The operation table: every MDE operation that takes a request body, facts copied exactly from Microsoft's
//! docs (defender-endpoint/api/*.md). One parameter per line.

use super::{BodyKind, Format, Kind, Method, Operation, Param, Required};

const fn p(name: &'static str, kind: Kind, required: Required) -> Param {
    Param {
        name,
        also: &[],
        kind,
        required,
        values: &[],
        format: Format::None,
        max_items: None,
        items: None,
        note: "",
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

pub static OPERATIONS: &[Operation] = &[Operation {
    name: "isolate-machine",
    title: "Isolate machine",
    method: Method::Post,
    path: "/api/machines/{id}/isolate",
    body: BodyKind::Json,
    params: &[
        p("Comment", Kind::String, Required::Yes),
        Param {
            values: &["Full", "Selective", "UnManagedDevice"],
            ..p("IsolationType", Kind::String, Required::Unmarked)
        },
    ],
    app_permissions: &["Machine.Isolate"],
    delegated_permissions: &["Machine.Isolate"],
    rate_per_minute: Some(100),
    rate_per_hour: Some(1500),
    limits: &[],
    platforms: &[
        "Full isolation: Windows 10 version 1703 and Windows 11",
        "Full isolation: all supported Linux devices",
        "Selective isolation: Windows 10 version 1709 or later and Windows 11",
    ],
    notes: &["Use IsolationType UnManagedDevice to contain a device that is not onboarded"],
    success_status: 201,
    example_body: r#"{"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}"#,
    docs: doc!("isolate-machine"),
}];
