//! A file that holds a curl command (`curl -X POST https://…/isolate -H … -d '{"Comment":…}'`), as people keep
//! what they ran: its URL is the request line and its `-d` body is checked against the URL's operation, with
//! positions in the file as it is (the body's bytes are the file's, so `--fix` mends them in place).

use std::ops::Range;

/// What the command sends.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CurlCommand {
    /// `-X`'s method, else POST with a body and GET without.
    pub method: String,
    pub url: String,
    /// Where each byte of the URL's text is in the file (one more entry: where it ends), as quotes and
    /// backslash escapes move them.
    pub url_offsets: Vec<usize>,
    /// Whether the URL is in double quotes, where a fix that writes `$`, `` ` ``, `"` or `\` would change
    /// what the shell passes.
    pub url_double_quoted: bool,
    pub body: Body,
    /// Where, in a double-quoted URL, a `$name` stands that bash and PowerShell expand before curl runs
    /// (`$filter` becomes nothing).
    pub expanded: Vec<usize>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Body {
    None,
    /// The body's bytes in the file: one quoted (or bare) word whose text is the body as sent.
    At(Range<usize>),
    /// A body that cannot be checked in place, and why.
    Unreadable(String),
}

/// One shell word: its text once quotes are removed, and the file range of its last quoted part or bare run
/// when that part reads as it is written (no backslash escapes), with that part's start in the text.
struct Word {
    text: String,
    /// (offset in `text`, range in the file) of the last part, when its bytes are the text's.
    last_part: Option<(usize, Range<usize>)>,
    /// Whether a part was in double quotes.
    double_quoted: bool,
    /// The file offset of each byte of `text`, then of its end.
    offsets: Vec<usize>,
}

/// The command, if the file holds one: `curl` or `curl.exe` first (after a `$ ` prompt), on any line
/// continuation (`\`, PowerShell's `` ` ``, cmd's `^`).
pub(super) fn parse(src: &str) -> Option<CurlCommand> {
    let text = src.strip_prefix('\u{feff}').unwrap_or(src);
    let base = src.len() - text.len();
    let lead = text.len() - text.trim_start().len();
    let mut at = base + lead;
    if src[at..].starts_with("$ ") {
        at += 2;
    }
    let word_len = src[at..]
        .find(|c: char| c.is_whitespace())
        .unwrap_or(src.len() - at);
    let word = &src[at..at + word_len];
    if !(word.eq_ignore_ascii_case("curl") || word.eq_ignore_ascii_case("curl.exe"))
        || word_len == src.len() - at
    {
        return None;
    }
    let words = words(src, at + word_len);
    let mut method = None;
    let mut url: Option<&Word> = None;
    let mut body = Body::None;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let next = words.get(i + 1);
        let (flag, attached) = split_flag(&w.text);
        match flag {
            "-X" | "--request" => {
                method = attached
                    .map(str::to_string)
                    .or_else(|| next.map(|n| n.text.clone()));
            }
            // `--url=…` is rare; the value is the next word in every client seen.
            "--url" => url = next,
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                body = match attached {
                    Some(value) => body_of(w, w.text.len() - value.len()),
                    None => next.map_or(Body::None, |n| body_of(n, 0)),
                };
            }
            "-F" | "--form" => {
                body = Body::Unreadable(
                    "the command sends a multipart form (-F), which lint does not check"
                        .to_string(),
                );
            }
            _ if url.is_none() && looks_like_url(&w.text) => url = Some(w),
            _ => {}
        }
        i += 1;
    }
    let url = url?;
    let method = method
        .unwrap_or_else(|| if body == Body::None { "GET" } else { "POST" }.to_string())
        .to_ascii_uppercase();
    // A `$name` the shell expands: one written as it stands (not `\$`) inside double quotes.
    let expanded = url
        .text
        .match_indices('$')
        .map(|(i, _)| (i, url.offsets[i]))
        .filter(|&(i, at)| {
            url.double_quoted
                && src.as_bytes().get(at) == Some(&b'$')
                && (at == 0 || !matches!(src.as_bytes()[at - 1], b'\\' | b'`'))
                && url.text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
        })
        .map(|(_, at)| at)
        .collect();
    Some(CurlCommand {
        method,
        url: url.text.clone(),
        url_offsets: url.offsets.clone(),
        url_double_quoted: url.double_quoted,
        body,
        expanded,
    })
}

/// A flag and the value written onto it: `-XPOST`, `-d{…}`, `--data=…`; `(flag, None)` for a bare one.
fn split_flag(word: &str) -> (&str, Option<&str>) {
    if let Some((flag, value)) = word.split_once('=').filter(|(f, _)| f.starts_with("--")) {
        return (flag, Some(value));
    }
    match word.get(..2) {
        Some(short @ ("-X" | "-d")) if word.len() > 2 => (short, word.get(2..)),
        _ => (word, None),
    }
}

fn looks_like_url(word: &str) -> bool {
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || word.contains("/api/")
}

/// The body a word holds from `skip` on (past an attached flag).
fn body_of(w: &Word, skip: usize) -> Body {
    let value = &w.text[skip..];
    if let Some(file) = value.strip_prefix('@') {
        return Body::Unreadable(format!(
            "the command sends the file {file} (-d @file); lint that file with --endpoint instead"
        ));
    }
    match &w.last_part {
        Some((offset, range)) if *offset == skip => Body::At(range.clone()),
        _ => Body::Unreadable(
            "the body is written with backslash escapes (\\\" in double quotes), so its positions are not the file's; put it in single quotes or a file of its own".to_string(),
        ),
    }
}

/// The shell words after `from`, to the end of the command (a line break not continued ends it).
fn words(src: &str, from: usize) -> Vec<Word> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    loop {
        // Blanks and line continuations between words.
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\\' | b'`' | b'^' if continues(bytes, i) => i = skip_break(bytes, i + 1),
                _ => break,
            }
        }
        if i >= bytes.len() || bytes[i] == b'\n' {
            return out;
        }
        let start = i;
        let mut text = String::new();
        let mut offsets = Vec::new();
        let mut last_part = None;
        let mut double_quoted = false;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
            let part_at = text.len();
            match bytes[i] {
                quote @ (b'\'' | b'"') => {
                    double_quoted |= quote == b'"';
                    let open = i + 1;
                    let close = src[open..]
                        .find(quote as char)
                        .map_or(src.len(), |j| open + j);
                    let inner = &src[open..close];
                    if quote == b'"' && inner.contains(['\\', '`']) {
                        // Escapes (bash's `\$`, PowerShell's `` `$ ``): the text differs from the file's
                        // bytes; read it, with each byte's place, but no range.
                        let mut end = open;
                        let mut s = String::new();
                        let mut chars = src[open..].char_indices();
                        while let Some((j, c)) = chars.next() {
                            end = open + j + c.len_utf8();
                            match c {
                                '"' => break,
                                '\\' | '`' => {
                                    if let Some((k, n)) = chars.next() {
                                        end = open + k + n.len_utf8();
                                        // Only these are escapes; before anything else the
                                        // escape character is itself.
                                        let escapes = match c {
                                            '\\' => matches!(n, '"' | '\\' | '$' | '`'),
                                            _ => matches!(n, '"' | '$' | '`'),
                                        };
                                        if !escapes {
                                            s.push(c);
                                            offsets.push(open + j);
                                        }
                                        s.push(n);
                                        offsets.extend((0..n.len_utf8()).map(|b| open + k + b));
                                    }
                                }
                                _ => {
                                    s.push(c);
                                    offsets.extend((0..c.len_utf8()).map(|b| open + j + b));
                                }
                            }
                        }
                        text.push_str(&s);
                        last_part = None;
                        i = end;
                    } else {
                        text.push_str(inner);
                        offsets.extend(open..close);
                        last_part = Some((part_at, open..close));
                        i = (close + 1).min(src.len());
                    }
                }
                _ => {
                    let run_end = src[i..]
                        .find([' ', '\t', '\r', '\n', '\'', '"'])
                        .map_or(src.len(), |j| i + j);
                    let run = &src[i..run_end];
                    text.push_str(run);
                    offsets.extend(i..run_end);
                    last_part = (!run.contains('\\')).then_some((part_at, i..run_end));
                    i = run_end;
                }
            }
        }
        offsets.push(offsets.last().map_or(start, |&o| o + 1));
        out.push(Word {
            text,
            offsets,
            last_part,
            double_quoted,
        });
    }
}

/// Whether the byte at `i` continues the line: followed by optional blanks and a line break.
fn continues(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..];
    let blanks = rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
        .count();
    rest.get(blanks) == Some(&b'\n')
}

fn skip_break(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i + 1
}

/// `src` with every byte outside `keep` blanked (line breaks kept), so the body parses with the file's positions.
pub(super) fn blank_outside(src: &str, keep: &Range<usize>) -> String {
    src.char_indices()
        .map(|(i, c)| {
            if keep.contains(&i) || c == '\n' {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text<'a>(src: &'a str, c: &CurlCommand) -> &'a str {
        match &c.body {
            Body::At(r) => &src[r.clone()],
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bash_command_gives_its_url_method_and_body_in_place() {
        let src = "curl -X POST https://api.securitycenter.microsoft.com/api/machines/abc/isolate \\\n  -H 'Authorization: Bearer x' -H \"Content-Type: application/json\" \\\n  -d '{\"Comment\":\"c\",\"IsolationType\":\"full\"}'\n";
        let c = parse(src).expect("curl");
        assert_eq!(c.method, "POST");
        assert_eq!(
            c.url,
            "https://api.securitycenter.microsoft.com/api/machines/abc/isolate"
        );
        assert_eq!(&src[c.url_offsets[0]..c.url_offsets[0] + 8], "https://");
        assert_eq!(
            body_text(src, &c),
            "{\"Comment\":\"c\",\"IsolationType\":\"full\"}"
        );
    }

    #[test]
    fn method_body_and_url_spellings() {
        let src = "$ curl.exe --url 'https://x/api/machines/1/runAntiVirusScan' -XPOST --data-raw='{\"ScanType\":\"Quick\"}'";
        let c = parse(src).expect("curl");
        assert_eq!(
            (c.method.as_str(), c.url.as_str()),
            ("POST", "https://x/api/machines/1/runAntiVirusScan")
        );
        assert_eq!(body_text(src, &c), "{\"ScanType\":\"Quick\"}");
        // A body without -X is a POST; none is a GET; PowerShell's backtick continues the line.
        let c = parse("curl https://x/api/indicators `\n -d '{}'").expect("curl");
        assert_eq!(
            (
                c.method.as_str(),
                body_text("curl https://x/api/indicators `\n -d '{}'", &c)
            ),
            ("POST", "{}")
        );
        let c = parse("curl -s \"https://x/api/machines?$top=5\"").expect("curl");
        assert_eq!((c.method.as_str(), c.body), ("GET", Body::None));
        // In double quotes the shell expands `$filter` and `$top`: their places in the file.
        let src = "curl \"https://x/api/machines?$filter=a eq 'b'&$top=5\"";
        let c = parse(src).expect("curl");
        let names: Vec<&str> = c.expanded.iter().map(|&i| &src[i..i + 4]).collect();
        assert_eq!(names, ["$fil", "$top"]);
        assert!(parse("curl 'https://x/api/machines?$top=5'")
            .expect("curl")
            .expanded
            .is_empty());
        // `\$` keeps the dollar: no expansion, and each byte of the text still knows its place.
        let src = "curl \"https://x/api/machines?\\$top=5\"";
        let c = parse(src).expect("curl");
        assert!(c.expanded.is_empty());
        assert_eq!(c.url, "https://x/api/machines?$top=5");
        let five = c.url.find('5').expect("5");
        assert_eq!(&src[c.url_offsets[five]..c.url_offsets[five] + 1], "5");
        assert_eq!(c.url_offsets.len(), c.url.len() + 1);
        // PowerShell's `` `$ `` likewise.
        let c = parse("curl.exe \"https://x/api/machines?`$top=5\"").expect("curl");
        assert!(c.expanded.is_empty());
        assert_eq!(c.url, "https://x/api/machines?$top=5");
        // Attached to -d.
        let src = "curl https://x/api/indicators -d'{\"a\":1}'";
        assert_eq!(body_text(src, &parse(src).expect("curl")), "{\"a\":1}");
    }

    #[test]
    fn bodies_that_cannot_be_checked_in_place_say_why() {
        for (src, why) in [
            (
                r#"curl -X POST https://x/api/indicators -d "{\"a\":1}""#,
                "backslash escapes",
            ),
            (
                "curl -X POST https://x/api/indicators -d @body.json",
                "body.json",
            ),
        ] {
            match parse(src).expect("curl").body {
                Body::Unreadable(text) => assert!(text.contains(why), "{text}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn other_text_is_no_command() {
        for src in [
            "{\"curl\": 1}",
            "curl",
            "curly -d x https://x/api/",
            "curl --help",
            "GET /api/machines",
        ] {
            assert_eq!(parse(src), None, "{src}");
        }
    }

    #[test]
    fn blanking_keeps_offsets_and_line_breaks() {
        let src = "curl -d 'é{}' \\\n x";
        let keep = src.find('{').expect("brace")..src.find('}').expect("brace") + 1;
        let blanked = blank_outside(src, &keep);
        assert_eq!(blanked.len(), src.len());
        assert_eq!(blanked.trim(), "{}");
        assert_eq!(blanked.matches('\n').count(), 1);
    }
}
