//! The `$filter` tokenizer: decoded characters into words, literals and punctuation, each with its span.

use super::{classify, is_guid, DChar, LitKind, SyntaxError};
use crate::lint::Span;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Lit(LitKind, String, Span, bool),
    Open,
    Close,
    Comma,
    Colon,
    Slash,
    Other(String),
}

#[derive(Debug, Clone)]
pub(super) struct Lexeme {
    pub(super) tok: Tok,
    pub(super) span: Span,
}

/// The raw span of `chars[a..b]`.
fn span(chars: &[DChar], a: usize, b: usize) -> Span {
    Span::new(chars[a].start, chars[b - 1].end)
}

/// The text of `chars[a..b]`.
fn text(chars: &[DChar], a: usize, b: usize) -> String {
    chars[a..b].iter().map(|d| d.c).collect()
}

pub(super) fn lex(chars: &[DChar]) -> Result<Vec<Lexeme>, SyntaxError> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let single = |tok: Tok| Lexeme {
            tok,
            span: span(chars, i, i + 1),
        };
        let (token, next) = match c {
            '(' => (single(Tok::Open), i + 1),
            ')' => (single(Tok::Close), i + 1),
            ',' => (single(Tok::Comma), i + 1),
            ':' => (single(Tok::Colon), i + 1),
            '/' => (single(Tok::Slash), i + 1),
            '\'' | '"' => string(chars, i)?,
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.c.is_ascii_digit())) =>
            {
                number(chars, i)
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => word(chars, i),
            _ => other(chars, i),
        };
        toks.push(token);
        i = next;
    }
    Ok(toks)
}

/// A quoted string from `chars[i]` (a doubled quote inside stands for one), and where the text goes on.
fn string(chars: &[DChar], i: usize) -> Result<(Lexeme, usize), SyntaxError> {
    let quote = chars[i].c;
    let mut value = String::new();
    let mut j = i + 1;
    let mut closed = false;
    while j < chars.len() {
        if chars[j].c == quote {
            if chars.get(j + 1).is_some_and(|d| d.c == quote) {
                value.push(quote);
                j += 2;
                continue;
            }
            closed = true;
            break;
        }
        value.push(chars[j].c);
        j += 1;
    }
    if !closed {
        return Err(SyntaxError {
            message: "a string is never closed".into(),
            help: "end it with ' (a ' inside a string is written '')".into(),
            span: span(chars, i, chars.len()),
            fix: None,
        });
    }
    // `'x'and type eq 1`: the service's tokenizer needs whitespace between a literal and the
    // keyword after it, and refuses the whole filter without it.
    if let Some(next) = chars.get(j + 1).filter(|d| d.c.is_alphanumeric()) {
        let word: String = chars[j + 1..]
            .iter()
            .take_while(|d| d.c.is_alphanumeric())
            .map(|d| d.c)
            .collect();
        let text = text(chars, i, j + 1);
        return Err(SyntaxError {
            message: format!("no space between the string {text} and `{word}`"),
            help: format!("write a space before `{word}`: {text} {word}"),
            span: Span::new(next.start, next.start),
            fix: Some(" ".into()),
        });
    }
    let inner = if j > i + 1 {
        span(chars, i + 1, j)
    } else {
        Span::new(chars[j].start, chars[j].start)
    };
    let token = Lexeme {
        tok: Tok::Lit(LitKind::Str, value, inner, quote == '"'),
        span: span(chars, i, j + 1),
    };
    Ok((token, j + 1))
}

/// A number, date or time from `chars[i]` (classified by its shape).
fn number(chars: &[DChar], i: usize) -> (Lexeme, usize) {
    let mut j = i + 1;
    while j < chars.len()
        && (chars[j].c.is_ascii_alphanumeric()
            || matches!(chars[j].c, '.' | ':' | '-' | '/')
            || (chars[j].c == '+' && chars.get(j + 1).is_some_and(|d| d.c.is_ascii_digit())))
    {
        j += 1;
    }
    let word = text(chars, i, j);
    let kind = classify(&word);
    let token = Lexeme {
        tok: Tok::Lit(kind, word, span(chars, i, j), false),
        span: span(chars, i, j),
    };
    (token, j)
}

/// A word from `chars[i]`: a name, `true`/`false`/`null`, or a GUID that starts with a letter.
fn word(chars: &[DChar], i: usize) -> (Lexeme, usize) {
    let mut j = i + 1;
    while j < chars.len() && (chars[j].c.is_alphanumeric() || matches!(chars[j].c, '_' | '.')) {
        j += 1;
    }
    // A GUID starting with a letter (`e9da30d-…`).
    let mut k = j;
    while k < chars.len() && (chars[k].c.is_ascii_hexdigit() || chars[k].c == '-') {
        k += 1;
    }
    let long = text(chars, i, k);
    if k > j && is_guid(&long) {
        let token = Lexeme {
            tok: Tok::Lit(LitKind::Guid, long, span(chars, i, k), false),
            span: span(chars, i, k),
        };
        return (token, k);
    }
    let word = text(chars, i, j);
    let tok = match word.as_str() {
        "true" | "false" => Tok::Lit(LitKind::Boolean, word, span(chars, i, j), false),
        "null" => Tok::Lit(LitKind::Null, word, span(chars, i, j), false),
        _ => Tok::Word(word),
    };
    let token = Lexeme {
        tok,
        span: span(chars, i, j),
    };
    (token, j)
}

/// A run of other characters (`==`, `&&`, `[`) from `chars[i]`.
fn other(chars: &[DChar], i: usize) -> (Lexeme, usize) {
    let mut j = i + 1;
    while j < chars.len()
        && !chars[j].c.is_alphanumeric()
        && !chars[j].c.is_whitespace()
        && !matches!(chars[j].c, '(' | ')' | '\'' | '"' | ',')
    {
        j += 1;
    }
    let token = Lexeme {
        tok: Tok::Other(text(chars, i, j)),
        span: span(chars, i, j),
    };
    (token, j)
}
