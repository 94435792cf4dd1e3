//! JSON Schema (draft 2020-12) for each JSON body, generated from the operation table, so editors flag a key
//! in the wrong case or a misspelled value as people type. Keys are exact (`additionalProperties: false`);
//! the docs' other spellings and the keys the service takes beyond the table are listed too, so a body that
//! lints without an error validates.

use serde_json::{json, Map, Value};

use super::{BodyKind, CrossCheck, Kind, Param, Required, Route, ValueFormat, CROSS_RULES};

/// The meta-schema every generated schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The body schema of `op`; `None` for a multipart body, which is not JSON.
pub fn body_schema(op: &'static Route) -> Option<Value> {
    if op.body_kind() != Some(BodyKind::Json) {
        return None;
    }
    let mut schema = object(
        op.params(),
        &BodyPath {
            op: op.name,
            at: String::new(),
        },
    );
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

/// Where in which body an object schema sits (`Indicators[]` of import-indicators), for its cross-field rules.
struct BodyPath {
    op: &'static str,
    at: String,
}

impl BodyPath {
    fn child(&self, step: &str) -> BodyPath {
        let at = if self.at.is_empty() {
            step.to_string()
        } else {
            format!("{}.{step}", self.at)
        };
        BodyPath { op: self.op, at }
    }
}

/// Every spelling of `key` the table takes (its name and the docs' other spellings).
fn spellings(params: &'static [Param], key: &'static str) -> Vec<&'static str> {
    match params.iter().find(|p| p.name.eq_ignore_ascii_case(key)) {
        Some(p) => std::iter::once(p.name)
            .chain(p.also.iter().copied())
            .collect(),
        None => vec![key],
    }
}

/// "One of the spellings of `key` is present and its value satisfies `value`".
fn present(params: &'static [Param], key: &'static str, value: Value) -> Value {
    let branches: Vec<Value> = spellings(params, key)
        .into_iter()
        .map(|k| json!({"required": [k], "properties": {k: value.clone()}}))
        .collect();
    if branches.len() == 1 {
        branches.into_iter().next().unwrap_or_default()
    } else {
        json!({"anyOf": branches})
    }
}

/// The cross-field rules that refuse a body (errors, not warnings), as schema conditions on this object.
fn cross_rules(params: &'static [Param], place: &BodyPath) -> Vec<Value> {
    CROSS_RULES
        .iter()
        .filter(|r| r.error && r.at == place.at && r.operations.contains(&place.op))
        .filter_map(|r| match &r.check {
            // Only a direct key: a path into a nested object stays with lint.
            CrossCheck::Implies {
                key,
                is,
                then,
                must,
            } if !then.contains('/') => {
                let trigger = if is.is_empty() {
                    present(params, key, json!({"not": {"type": "null"}}))
                } else {
                    present(params, key, json!({"enum": is}))
                };
                // Booleans compare as JSON booleans, other values as the strings the docs give.
                let allowed: Vec<Value> = must
                    .iter()
                    .flat_map(|m| match *m {
                        "true" => vec![json!(true), json!("True"), json!("true")],
                        "false" => vec![json!(false), json!("False"), json!("false")],
                        other => vec![json!(other)],
                    })
                    .collect();
                Some(json!({
                    "description": r.message,
                    "if": trigger,
                    "then": present(params, then, json!({"enum": allowed})),
                }))
            }
            CrossCheck::AnyOf(keys) => {
                let not_empty =
                    json!({"not": {"anyOf": [{"type": "null"}, {"const": ""}, {"const": []}]}});
                let branches: Vec<Value> = keys
                    .iter()
                    .map(|k| present(params, k, not_empty.clone()))
                    .collect();
                Some(json!({"description": r.message, "anyOf": branches}))
            }
            CrossCheck::NonEmpty(key) => Some(json!({
                "description": r.message,
                "allOf": [present(params, key, json!({"type": "array", "minItems": 1}))],
            })),
            CrossCheck::ListHolds {
                key,
                is,
                list,
                item_key,
                needs,
            } => Some(json!({
                "description": r.message,
                "if": present(params, key, json!({"const": is})),
                "then": present(params, list, json!({"contains": {
                    "required": [item_key], "properties": {*item_key: {"const": needs}}
                }})),
            })),
            _ => None,
        })
        .collect()
}

/// A pattern for a hex value of `len` digits.
fn hex(len: usize) -> Value {
    json!(format!("^[0-9a-fA-F]{{{len}}}$"))
}

/// Keywords a string format adds (patterns where the shape is exact, annotations otherwise).
fn format_keywords(format: ValueFormat, map: &mut Map<String, Value>) {
    match format {
        ValueFormat::Sha1 | ValueFormat::Thumbprint | ValueFormat::MachineId => {
            map.insert("pattern".into(), hex(40));
        }
        ValueFormat::Sha256 => {
            map.insert("pattern".into(), hex(64));
        }
        ValueFormat::Md5 => {
            map.insert("pattern".into(), hex(32));
        }
        ValueFormat::DateTime | ValueFormat::FutureDateTime => {
            map.insert("format".into(), json!("date-time"));
        }
        ValueFormat::Url => {
            map.insert("format".into(), json!("uri"));
        }
        ValueFormat::Guid => {
            map.insert("format".into(), json!("uuid"));
        }
        ValueFormat::Domain => {
            map.insert("format".into(), json!("hostname"));
        }
        ValueFormat::None
        | ValueFormat::IndicatorValue
        | ValueFormat::Ip
        | ValueFormat::UrlIndicator
        | ValueFormat::ScriptArgs => {}
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
fn param(p: &'static Param, place: &BodyPath) -> Value {
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
            Some(items) => object(items, &place.child(p.name))
                .as_object()
                .cloned()
                .unwrap_or_default(),
            None => json!({"type": "object"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        },
        Kind::Array => {
            let items = match p.items {
                Some(items) => object(items, &place.child(&format!("{}[]", p.name))),
                None if !p.values.is_empty() || p.format != ValueFormat::None => {
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
fn object(params: &'static [Param], place: &BodyPath) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut any_of = Vec::new();
    let mut all_of = Vec::new();
    for p in params {
        let schema = param(p, place);
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
                if case.format == ValueFormat::Ip {
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
    all_of.extend(cross_rules(params, place));
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
