//! Unit tests of the JSON parser: spans, duplicate keys, escapes, the slips it names, agreement with serde_json.

use super::*;

fn err(src: &str) -> ParseError {
    parse(src).expect_err("should not parse")
}

fn at(src: &str, e: &ParseError) -> (usize, usize) {
    LineIndex::new(src).position(e.span.start)
}

#[test]
fn spans_cover_keys_and_values() {
    let src = r#"{"Comment": "hi", "n": [1, 2.5e3]}"#;
    let node = parse(src).expect("parses");
    let Value::Object(members) = node.value else {
        panic!("object")
    };
    assert_eq!(
        &src[members[0].key_span.start..members[0].key_span.end],
        "\"Comment\""
    );
    assert_eq!(
        &src[members[0].value.span.start..members[0].value.span.end],
        "\"hi\""
    );
    assert_eq!(
        &src[members[1].value.span.start..members[1].value.span.end],
        "[1, 2.5e3]"
    );
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let node = parse(r#"{"a": 1, "a": 2}"#).expect("parses");
    let Value::Object(members) = node.value else {
        panic!("object")
    };
    assert_eq!(members.len(), 2);
}

#[test]
fn escapes_decode_including_surrogate_pairs() {
    let node = parse(r#""a\n\u00e9\ud83d\ude00\\""#).expect("parses");
    assert_eq!(node.value, Value::String("a\né😀\\".to_string()));
    assert!(parse(r#""\ud83d""#).is_err());
}

#[test]
fn trailing_comma_is_named_at_the_comma() {
    let src = "{\n  \"a\": 1,\n}";
    let e = err(src);
    assert_eq!(e.cause, Some(TRAILING_COMMA));
    assert_eq!(at(src, &e), (2, 9));
    assert_eq!(err("[1,]").cause, Some(TRAILING_COMMA));
}

#[test]
fn common_slips_get_their_cause() {
    assert_eq!(err("{'a': 1}").cause, Some(SINGLE_QUOTES));
    assert_eq!(err("{a: 1}").cause, Some(UNQUOTED_KEY));
    assert_eq!(err("{\"a\": \"x\ny\"}").cause, Some(RAW_NEWLINE));
    assert_eq!(err("{// c\n}").cause, Some(COMMENT));
    assert_eq!(err("{\"a\": 1 \"b\": 2}").cause, Some(MISSING_COMMA));
    assert_eq!(err("[\"a\" \"b\"]").cause, Some(MISSING_COMMA));
    assert_eq!(err("{\"a\": True}").cause, Some(PYTHON_LITERAL));
    // Python's json.dumps writes NaN and Infinity for floats; none is a JSON number.
    assert_eq!(err("{\"a\": NaN}").cause, Some(NOT_A_NUMBER));
    assert_eq!(err("{\"a\": Infinity}").cause, Some(NOT_A_NUMBER));
    assert_eq!(err("{\"a\": None}").cause, Some(PYTHON_LITERAL));
    // Several bodies in one file, one per line; a bracket closed too early stays what it is.
    assert_eq!(err("{\"a\": 1}\n{\"a\": 2}\n").cause, Some(SECOND_BODY));
    assert_eq!(err("{\"a\": 1}\r\n\r\n{\"a\": 2}").cause, Some(SECOND_BODY));
    assert_eq!(err("{\"a\": {\"b\": 1}} \"c\": 2}").cause, Some(EXTRA_TEXT));
    assert_eq!(err("{\"a\": 1} {\"a\": 2}").cause, Some(EXTRA_TEXT));
    assert_eq!(err("{\"a\": TRUE}").cause, Some(LITERAL_CASE));
    assert_eq!(err("").cause, Some(EMPTY));
    assert_eq!(err("{\"a\": 1").cause, Some(UNCLOSED));
    assert_eq!(err("{\"a\": \"C:\\temp\\x\"}").cause, Some(BAD_ESCAPE));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let e = err(&deep);
    assert!(e.message.contains("nesting"), "{}", e.message);
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
}

#[test]
fn columns_count_characters_not_bytes() {
    let src = "{\"é\": 1, x}";
    let e = err(src);
    assert_eq!(at(src, &e), (1, 10));
}

#[test]
fn numbers_follow_the_json_grammar() {
    assert!(parse("-0.5e+3").is_ok());
    assert_eq!(err("012").cause, Some(LEADING_ZERO));
    assert!(parse("1.").is_err());
    assert!(parse("+1").is_err());
}

#[test]
fn agrees_with_serde_json_on_validity() {
    let cases = [
        "{}",
        "[]",
        "\"\\u0041\"",
        "{\"a\":[{}]}",
        "1e5",
        "[1,2",
        "{\"a\" 1}",
        "nul",
        "\"\t\"",
        "[] []",
        "{\"a\":1,}",
        " \r\n{ } ",
    ];
    for case in cases {
        assert_eq!(
            parse(case).is_ok(),
            serde_json::from_str::<serde_json::Value>(case).is_ok(),
            "{case:?}"
        );
    }
}

#[test]
fn out_of_range_numbers_survive_conversion_as_text() {
    let node = parse(r#"{"a":1e400,"b":[1,-2.5,true,null],"a2":"x"}"#).expect("valid");
    assert_eq!(
        to_serde(&node),
        serde_json::json!({"a":"1e400","b":[1,-2.5,true,null],"a2":"x"})
    );
}

#[test]
fn line_text_strips_line_breaks() {
    let idx = LineIndex::new("a\r\nbc\nd");
    assert_eq!(idx.line_text(1), "a");
    assert_eq!(idx.line_text(2), "bc");
    assert_eq!(idx.line_text(3), "d");
    assert_eq!(idx.line_text(9), "");
    assert_eq!(idx.position(4), (2, 2));
}
