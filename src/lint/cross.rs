//! Evaluating one cross-field check of `operations::CROSS_RULES` on an object's members.

use super::json::{Member, Node, Span, Value};
use crate::operations::CrossCheck;

/// The member named `key`: exact spelling first, then ignoring case (the case slip has its own finding).
fn member<'a>(members: &'a [Member], key: &str) -> Option<&'a Member> {
    members
        .iter()
        .find(|m| m.key == key)
        .or_else(|| members.iter().find(|m| m.key.eq_ignore_ascii_case(key)))
}

/// The node at `path` (`a/b`: key `b` of the object under key `a`).
fn lookup<'a>(members: &'a [Member], path: &str) -> Option<&'a Node> {
    let (first, rest) = match path.split_once('/') {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    let node = &member(members, first)?.value;
    match (rest, &node.value) {
        (None, _) => Some(node),
        (Some(rest), Value::Object(inner)) => lookup(inner, rest),
        (Some(_), _) => None,
    }
}

/// A scalar as text for comparing: strings as they are, booleans and numbers as JSON text.
fn text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::String(s) => Some(s),
        Value::Bool(true) => Some("true"),
        Value::Bool(false) => Some("false"),
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// Whether a node holds a value: not null, not an empty string or array.
fn holds_value(node: &Node) -> bool {
    match &node.value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}

fn one_of(node: &Node, values: &[&str]) -> bool {
    text(node).is_some_and(|t| values.iter().any(|v| v.eq_ignore_ascii_case(t)))
}

/// Where the check is breached in this object, or `None` when it holds (or does not apply). `head` is the
/// object's opening brace, for a breach that is an absence.
pub(super) fn breach(check: &CrossCheck, members: &[Member], head: Span) -> Option<Span> {
    match check {
        CrossCheck::Implies {
            key,
            is,
            then,
            must,
        } => {
            let trigger = lookup(members, key)?;
            let applies = if is.is_empty() {
                holds_value(trigger)
            } else {
                one_of(trigger, is)
            };
            if !applies {
                return None;
            }
            match lookup(members, then) {
                Some(node) if one_of(node, must) => None,
                // A value of the wrong type or case is reported by the value checks; here only its absence.
                Some(node) if node.value != Value::Null && text(node).is_none() => None,
                Some(node) => Some(node.span),
                None => Some(trigger.span),
            }
        }
        CrossCheck::Restricts {
            key,
            is,
            then,
            must,
        } => {
            let trigger = lookup(members, key)?;
            if !one_of(trigger, is) {
                return None;
            }
            let node = lookup(members, then)?;
            (text(node).is_some() && !one_of(node, must)).then_some(node.span)
        }
        CrossCheck::AnyOf(keys) => {
            if keys
                .iter()
                .any(|k| lookup(members, k).is_some_and(holds_value))
            {
                return None;
            }
            // Point at an empty one that was sent, else at the object.
            Some(
                keys.iter()
                    .find_map(|k| lookup(members, k))
                    .map_or(head, |n| n.span),
            )
        }
        CrossCheck::NonEmpty(key) => match lookup(members, key) {
            Some(node) if holds_value(node) => None,
            Some(node) => Some(node.span),
            None => Some(head),
        },
        CrossCheck::ListHolds {
            key,
            is,
            list,
            item_key,
            needs,
        } => {
            let trigger = lookup(members, key)?;
            if !one_of(trigger, &[is]) {
                return None;
            }
            let found = match lookup(members, list).map(|n| &n.value) {
                Some(Value::Array(items)) => items.iter().any(|item| match &item.value {
                    Value::Object(inner) => {
                        lookup(inner, item_key).is_some_and(|n| one_of(n, &[needs]))
                    }
                    _ => false,
                }),
                _ => false,
            };
            (!found).then_some(trigger.span)
        }
        CrossCheck::InOrder {
            list,
            item_key,
            order,
        } => out_of_order(members, list, item_key, order),
    }
}

/// The first item of the array `list` whose `item_key` ranks below one before it in `order`.
fn out_of_order(members: &[Member], list: &str, item_key: &str, order: &[&str]) -> Option<Span> {
    let Value::Array(items) = &lookup(members, list)?.value else {
        return None;
    };
    let mut highest = 0;
    items.iter().find_map(|item| {
        let Value::Object(inner) = &item.value else {
            return None;
        };
        let node = lookup(inner, item_key)?;
        let rank = order.iter().position(|o| one_of(node, &[o]))?;
        if rank < highest {
            return Some(node.span);
        }
        highest = rank;
        None
    })
}
