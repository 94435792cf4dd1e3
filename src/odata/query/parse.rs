//! The `$filter` parser: tokens into an expression tree (`or` over `and` over `not` over comparisons), with
//! a syntax error that names the slip and where it is.

use super::lex::{lex, Lexeme, Tok};
use super::{DChar, Expr, Lambda, Lit, Operand, SyntaxError, COMPARISONS, OTHER_OPERATORS};
use crate::lint::Span;

/// Most nesting taken (parentheses, `not`, lambdas): far beyond a real filter, a bound on a hostile one.
const MAX_DEPTH: usize = 64;

struct Parser {
    toks: Vec<Lexeme>,
    pos: usize,
    end: usize,
    depth: usize,
}

/// Symbols people bring from other languages, and the OData word for each.
const FOREIGN: &[(&str, &str)] = &[
    ("==", "eq"),
    ("=", "eq"),
    ("!=", "ne"),
    ("<>", "ne"),
    (">", "gt"),
    (">=", "ge"),
    ("<", "lt"),
    ("<=", "le"),
    ("&&", "and"),
    ("||", "or"),
    ("!", "not"),
];

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Lexeme> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn here(&self) -> Span {
        self.peek()
            .map_or(Span::new(self.end, self.end), |t| t.span)
    }

    fn err(&self, message: String, help: &str, span: Span) -> SyntaxError {
        SyntaxError {
            message,
            help: help.to_string(),
            span,
            fix: None,
        }
    }

    fn word_is(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Lexeme { tok: Tok::Word(x), .. }) if x == w)
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                "the filter nests too deeply".into(),
                "simplify the filter",
                self.here(),
            ));
        }
        let r = self.or();
        self.depth -= 1;
        r
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.and()?;
        while self.word_is("or") {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Logical {
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        while self.word_is("and") {
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::Logical {
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.word_is("not") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(self.err(
                    "the filter nests too deeply".into(),
                    "simplify the filter",
                    self.here(),
                ));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.operand()?;
        match self.peek().cloned() {
            Some(Lexeme {
                tok: Tok::Word(w),
                span,
            }) if COMPARISONS.contains(&w.as_str()) || OTHER_OPERATORS.contains(&w.as_str()) => {
                self.pos += 1;
                let right = self.operand()?;
                Ok(Expr::Compare {
                    left,
                    op: w,
                    op_span: span,
                    right,
                })
            }
            Some(Lexeme {
                tok: Tok::Word(w),
                span,
            }) if COMPARISONS.iter().any(|c| c.eq_ignore_ascii_case(&w))
                || ["and", "or", "not", "in"]
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&w))
                    && !["and", "or", "not", "in"].contains(&w.as_str()) =>
            {
                Err(SyntaxError {
                    message: format!("`{w}`: operators are lower case"),
                    help: format!("write `{}`", w.to_lowercase()),
                    span,
                    fix: Some(w.to_lowercase()),
                })
            }
            Some(Lexeme {
                tok: Tok::Word(w), ..
            }) if w == "in" => {
                self.pos += 1;
                let open = self.next();
                if !matches!(open, Some(Lexeme { tok: Tok::Open, .. })) {
                    return Err(self.err(
                        "`in` takes a list in parentheses".into(),
                        "write in ('a', 'b')",
                        open.map_or(self.here(), |t| t.span),
                    ));
                }
                let mut items = Vec::new();
                loop {
                    items.push(self.operand()?);
                    match self.next() {
                        Some(Lexeme {
                            tok: Tok::Comma, ..
                        }) => continue,
                        Some(Lexeme {
                            tok: Tok::Close, ..
                        }) => break,
                        t => {
                            return Err(self.err(
                                "the list of `in` is not closed".into(),
                                "separate values with , and end with )",
                                t.map_or(Span::new(self.end, self.end), |t| t.span),
                            ));
                        }
                    }
                }
                Ok(Expr::In { left, items })
            }
            Some(Lexeme {
                tok: Tok::Other(sym),
                span,
            }) => match FOREIGN.iter().find(|(s, _)| *s == sym) {
                Some((_, word)) => Err(SyntaxError {
                    message: format!("`{sym}` is not an OData operator"),
                    help: format!("write ` {word} `"),
                    span,
                    fix: Some(format!(" {word} ")),
                }),
                None => Err(self.err(
                    format!("unexpected `{sym}`"),
                    "operators are words: eq ne gt ge lt le and or not in",
                    span,
                )),
            },
            _ => Ok(Expr::Value(left)),
        }
    }

    fn operand(&mut self) -> Result<Operand, SyntaxError> {
        let Some(t) = self.next() else {
            return Err(self.err(
                "the filter ends where a value or property belongs".into(),
                "complete the comparison",
                Span::new(self.end, self.end),
            ));
        };
        match t.tok {
            Tok::Lit(kind, value, inner, double) => Ok(Operand::Literal(Lit {
                kind,
                value,
                span: t.span,
                inner,
                double_quoted: double,
            })),
            Tok::Open => {
                let e = self.expr()?;
                match self.next() {
                    Some(Lexeme {
                        tok: Tok::Close, ..
                    }) => Ok(Operand::Group(Box::new(e))),
                    other => Err(self.err(
                        "a parenthesis is never closed".into(),
                        "add the missing )",
                        other.map_or(Span::new(self.end, self.end), |o| o.span),
                    )),
                }
            }
            Tok::Word(w) => {
                if matches!(self.peek(), Some(Lexeme { tok: Tok::Open, .. })) {
                    return self.call(w, t.span);
                }
                self.path(w, t.span)
            }
            Tok::Close => Err(self.err(
                "a ) with no ( before it".into(),
                "remove it or add the missing (",
                t.span,
            )),
            Tok::Other(sym) => Err(self.err(
                format!("unexpected `{sym}`"),
                "a value or a property name belongs here",
                t.span,
            )),
            Tok::Comma | Tok::Colon | Tok::Slash => Err(self.err(
                "a value or a property name belongs here".into(),
                "check the filter near this character",
                t.span,
            )),
        }
    }

    /// A function call's arguments, from the `(` after its name to its `)`.
    fn call(&mut self, w: String, span: Span) -> Result<Operand, SyntaxError> {
        self.pos += 1;
        let mut args = Vec::new();
        if matches!(
            self.peek(),
            Some(Lexeme {
                tok: Tok::Close,
                ..
            })
        ) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.expr()?);
                match self.next() {
                    Some(Lexeme {
                        tok: Tok::Comma, ..
                    }) => continue,
                    Some(Lexeme {
                        tok: Tok::Close, ..
                    }) => break,
                    other => {
                        return Err(self.err(
                            format!("the arguments of {w}( are not closed"),
                            "separate arguments with , and end with )",
                            other.map_or(Span::new(self.end, self.end), |o| o.span),
                        ))
                    }
                }
            }
        }
        Ok(Operand::Call {
            name: w,
            span,
            args,
        })
    }

    /// A property path (`a/b`), ending in an `any(…)` or `all(…)` lambda when one follows.
    fn path(&mut self, w: String, span: Span) -> Result<Operand, SyntaxError> {
        let mut segments = vec![(w, span)];
        let mut lambda = None;
        while matches!(
            self.peek(),
            Some(Lexeme {
                tok: Tok::Slash,
                ..
            })
        ) {
            self.pos += 1;
            let Some(Lexeme {
                tok: Tok::Word(seg),
                span,
            }) = self.next()
            else {
                return Err(self.err(
                    "a / must be followed by a property name".into(),
                    "write parent/child",
                    self.here(),
                ));
            };
            if (seg == "any" || seg == "all")
                && matches!(self.peek(), Some(Lexeme { tok: Tok::Open, .. }))
            {
                lambda = Some(Box::new(self.lambda(seg, span)?));
                break;
            }
            segments.push((seg, span));
        }
        Ok(Operand::Path { segments, lambda })
    }

    /// An `any(…)` or `all(…)` lambda, from its `(` on: empty, or a variable, `:` and a condition.
    fn lambda(&mut self, seg: String, span: Span) -> Result<Lambda, SyntaxError> {
        self.pos += 1;
        if matches!(
            self.peek(),
            Some(Lexeme {
                tok: Tok::Close,
                ..
            })
        ) {
            self.pos += 1;
            return Ok(Lambda {
                function: seg,
                span,
                variable: None,
                body: None,
            });
        }
        let var = match self.next() {
            Some(Lexeme {
                tok: Tok::Word(v), ..
            }) => v,
            other => {
                return Err(self.err(
                    format!("{seg}( starts with a variable name"),
                    "write any(t: t eq 'x')",
                    other.map_or(Span::new(self.end, self.end), |o| o.span),
                ))
            }
        };
        if !matches!(
            self.next(),
            Some(Lexeme {
                tok: Tok::Colon,
                ..
            })
        ) {
            return Err(self.err(
                format!("{seg}( needs a : after the variable"),
                "write any(t: t eq 'x')",
                self.here(),
            ));
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                "the filter nests too deeply".into(),
                "simplify the filter",
                self.here(),
            ));
        }
        let body = self.expr()?;
        self.depth -= 1;
        if !matches!(
            self.next(),
            Some(Lexeme {
                tok: Tok::Close,
                ..
            })
        ) {
            return Err(self.err(
                format!("{seg}( is never closed"),
                "add the missing )",
                self.here(),
            ));
        }
        Ok(Lambda {
            function: seg,
            span,
            variable: Some(var),
            body: Some(body),
        })
    }
}

/// Parses a `$filter` value.
pub(crate) fn parse_filter(chars: &[DChar], at: usize) -> Result<Expr, SyntaxError> {
    let end = chars.last().map_or(at, |d| d.end);
    if chars.iter().all(|d| d.c.is_whitespace()) {
        return Err(SyntaxError {
            message: "$filter is empty".into(),
            help: "write a condition, e.g. healthStatus eq 'Active', or drop $filter".into(),
            span: Span::new(at, end.max(at)),
            fix: None,
        });
    }
    let toks = lex(chars)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end,
        depth: 0,
    };
    let e = p.expr()?;
    if let Some(t) = p.peek().cloned() {
        let (message, help, fix) = match &t.tok {
            Tok::Word(w)
                if *w != w.to_lowercase()
                    && (COMPARISONS.iter().any(|c| c.eq_ignore_ascii_case(w))
                        || ["and", "or"].iter().any(|c| c.eq_ignore_ascii_case(w))) =>
            {
                (
                    format!("`{w}`: operators are lower case"),
                    format!("write `{}`", w.to_lowercase()),
                    Some(w.to_lowercase()),
                )
            }
            Tok::Close => (
                "a ) with no ( before it".to_string(),
                "remove it or add the missing (".to_string(),
                None,
            ),
            Tok::Word(w) => (
                format!("unexpected `{w}` after a complete condition"),
                "join conditions with and / or; quote text values ('like this')".to_string(),
                None,
            ),
            _ => (
                "unexpected text after a complete condition".to_string(),
                "join conditions with and / or".to_string(),
                None,
            ),
        };
        return Err(SyntaxError {
            message,
            help,
            span: t.span,
            fix,
        });
    }
    Ok(e)
}
