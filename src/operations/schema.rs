//! JSON Schema (draft 2020-12) for each JSON body, generated from the operation table, so editors flag a key
//! in the wrong case or a misspelled value as people type. Keys are exact (`additionalProperties: false`);
//! the docs' other spellings and the keys the service takes beyond the table are listed too, so a body that
//! lints without an error validates.

use serde_json::{json, Map, Value};

use super::{BodyKind, Format, Kind, Operation, Param, Required};

/// The meta-schema every generated schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The body schema of `op`; `None` for a multipart body, which is not JSON.
pub fn body_schema(op: &'static Operation) -> Option<Value> {
    if op.body != BodyKind::Json {
        return None;
    }
    let mut schema = object(op.params);
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".into(), json!(DIALECT));
        map.insert("title".into(), json!(format!("{} ({})", op.title, op.name)));
        map.insert(
            "description".into(),
            json!(format!(
                "Request body of {} {} — {}",
                op.method.as_str(),
                op.path,
                op.docs
            )),
        );
    }
    Some(schema)
}

/// A pattern for a hex value of `len` digits.
fn hex(len: usize) -> Value {
    json!(format!("^[0-9a-fA-F]{{{len}}}$"))
}

/// Keywords a string format adds (patterns where the shape is exact, annotations otherwise).
fn format_keywords(format: Format, map: &mut Map<String, Value>) {
    match format {
        Format::Sha1 | Format::Thumbprint | Format::MachineId => {
            map.insert("pattern".into(), hex(40));
        }
        Format::Sha256 => {
            map.insert("pattern".into(), hex(64));
        }
        Format::Md5 => {
            map.insert("pattern".into(), hex(32));
        }
        Format::DateTime | Format::FutureDateTime => {
            map.insert("format".into(), json!("date-time"));
        }
        Format::Url => {
            map.insert("format".into(), json!("uri"));
        }
        Format::Guid => {
            map.insert("format".into(), json!("uuid"));
        }
        Format::Domain => {
            map.insert("format".into(), json!("hostname"));
        }
        Format::None
        | Format::IndicatorValue
        | Format::Ip
        | Format::UrlIndicator
        | Format::ScriptArgs => {}
    }
}

/// A string schema with the parameter's allowed values and format.
fn string(p: &Param) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".into(), json!("string"));
    if !p.values.is_empty() {
        let all: Vec<&str> = p.values.iter().chain(p.also_values).copied().collect();
        map.insert("enum".into(), json!(all));
    }
    format_keywords(p.format, &mut map);
    map
}

/// The schema of one parameter's value.
fn param(p: &'static Param) -> Value {
    let mut map = match p.kind {
        Kind::String => string(p),
        Kind::Integer => json!({"type": "integer"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        Kind::Boolean => json!({"type": "boolean"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        Kind::Object => match p.items {
            Some(items) => object(items).as_object().cloned().unwrap_or_default(),
            None => json!({"type": "object"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        },
        Kind::Array => {
            let items = match p.items {
                Some(items) => object(items),
                None if !p.values.is_empty() || p.format != Format::None => {
                    Value::Object(string(p))
                }
                None => json!({}),
            };
            let mut map = Map::new();
            map.insert("type".into(), json!("array"));
            map.insert("items".into(), items);
            if let Some(max) = p.max_items {
                map.insert("maxItems".into(), json!(max));
            }
            if p.required == Required::Yes {
                map.insert("minItems".into(), json!(1));
            }
            map
        }
        Kind::StringOrArray => {
            let mut map = Map::new();
            map.insert(
                "anyOf".into(),
                json!([Value::Object(string(p)), {"type": "array", "items": Value::Object(string(p))}]),
            );
            map
        }
        Kind::BooleanOrString => {
            let mut map = Map::new();
            map.insert(
                "anyOf".into(),
                json!([{"type": "boolean"}, Value::Object(string(p))]),
            );
            map
        }
    };
    if !p.note.is_empty() {
        map.insert("description".into(), json!(p.note));
    }
    if !p.undocumented.is_empty() {
        map.insert(
            "description".into(),
            json!(format!(
                "Not in the parameter table; taken: {}",
                p.undocumented
            )),
        );
    }
    // null means "not set" on an optional field (and is documented where `nullable`).
    if p.nullable || p.required != Required::Yes {
        // The description stays outside, where editors show it on hover.
        let mut outer = Map::new();
        if let Some(d) = map.remove("description") {
            outer.insert("description".into(), d);
        }
        outer.insert(
            "anyOf".into(),
            json!([Value::Object(map), {"type": "null"}]),
        );
        return Value::Object(outer);
    }
    Value::Object(map)
}

/// An object schema for a parameter list, with its dependent shapes as if/then.
fn object(params: &'static [Param]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut any_of = Vec::new();
    let mut all_of = Vec::new();
    for p in params {
        let schema = param(p);
        for name in std::iter::once(p.name).chain(p.also.iter().copied()) {
            properties.insert(name.to_string(), schema.clone());
        }
        if p.required == Required::Yes {
            if p.also.is_empty() {
                required.push(p.name);
            } else {
                let names: Vec<Value> = std::iter::once(p.name)
                    .chain(p.also.iter().copied())
                    .map(|n| json!({"required": [n]}))
                    .collect();
                any_of.push(json!({"anyOf": names}));
            }
        }
        // A shape decided by a sibling key (indicatorValue by indicatorType).
        if let Some(dep) = p.depends.filter(|d| params.iter().any(|q| q.name == d.on)) {
            for case in dep.cases {
                let mut then = Map::new();
                if !case.values.is_empty() {
                    then.insert("enum".into(), json!(case.values));
                }
                format_keywords(case.format, &mut then);
                if case.format == Format::Ip {
                    then.insert("not".into(), json!({"pattern": "/"}));
                }
                if then.is_empty() {
                    continue;
                }
                all_of.push(json!({
                    "if": {"properties": {dep.on: {"const": case.when}}, "required": [dep.on]},
                    "then": {"properties": {p.name: Value::Object(then)}},
                }));
            }
        }
    }
    let mut map = Map::new();
    map.insert("type".into(), json!("object"));
    map.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        map.insert("required".into(), json!(required));
    }
    all_of.extend(any_of);
    if !all_of.is_empty() {
        map.insert("allOf".into(), Value::Array(all_of));
    }
    map.insert("additionalProperties".into(), json!(false));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::by_name;

    #[test]
    fn keys_are_closed_and_required_ones_listed() {
        let s = body_schema(by_name("isolate-machine").expect("op")).expect("json body");
        assert_eq!(s["$schema"], DIALECT);
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["required"], json!(["Comment"]));
        assert_eq!(
            s["properties"]["IsolationType"]["anyOf"][0]["enum"],
            json!(["Full", "Selective", "UnManagedDevice"])
        );
    }

    #[test]
    fn multipart_bodies_have_no_json_schema() {
        assert!(body_schema(by_name("upload-library-file").expect("op")).is_none());
    }
}
