//! A file whose first line is an HTTP request line (`GET https://…/api/machines?$filter=…`), as people
//! save what they sent: the line is linted as `--endpoint` would lint it, and a body below it against the
//! operation the line names, with positions in the file as it is.

use crate::lint::Finding;
use crate::operations::{self, Method, RequestLine, Route};

/// The request line the file starts with and the text after it: a method word, blanks, then a path or URL.
pub(super) fn leading(src: &str) -> Option<(&str, &str)> {
    let text = src.strip_prefix('\u{feff}').unwrap_or(src);
    // The method word first, read from the first bytes only: a body (often one long line) costs nothing.
    let word_len = text
        .bytes()
        .take(7)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if !matches!(text.as_bytes().get(word_len), Some(b' ' | b'\t')) {
        return None;
    }
    Method::parse(&text[..word_len])?;
    let (line, rest) = text.split_once('\n').unwrap_or((text, ""));
    let line = line.strip_suffix('\r').unwrap_or(line);
    let target = line[word_len..].trim_start();
    let url_like = target.starts_with('/')
        || target
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("http"))
        || target.contains("/api/");
    url_like.then_some((line, rest))
}

/// The findings of the request line's query and route (the `--endpoint` checks), or None when the line is
/// no request line after all. Positions are the line's, which is the file's first line.
pub(super) fn query_findings(line: &str) -> Option<Vec<Finding>> {
    crate::odata::check_request_line(line).map(|c| c.findings)
}

/// The operation with a body that the line names, if any.
pub(super) fn body_operation(line: &str) -> Option<&'static Route> {
    let (route, _) = RequestLine::parse(line)?.operation()?;
    operations::by_name(route.name)
}

/// The length of the header lines at the start of `rest` (`Authorization: Bearer …`, as an editor's `.http`
/// file or a raw request keeps them), with the blank line that ends them; 0 when the body follows the line.
pub(super) fn headers_len(rest: &str) -> usize {
    let mut len = 0;
    for line in rest.split_inclusive('\n') {
        let text = line.trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            // The blank line ends the headers (a body may follow it directly as well).
            return len + line.len();
        }
        let is_header = text.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if !is_header {
            return len;
        }
        len += line.len();
    }
    len
}

/// `src` with its first line and the `head` bytes after it (its headers) blanked byte for byte, line breaks
/// kept, so the body below parses with its own positions.
pub(super) fn blank_first_line(src: &str, line: &str, head: usize) -> String {
    let start = src.len() - src.strip_prefix('\u{feff}').unwrap_or(src).len();
    let after_line = start + line.len();
    // The line break after the request line stays; the headers start behind it.
    let break_len = src[after_line..].find('\n').map_or(0, |i| i + 1);
    let mut bytes = src.as_bytes().to_vec();
    let headers = after_line + break_len..after_line + break_len + head;
    for (i, b) in bytes.iter_mut().enumerate().skip(start) {
        if (i < after_line || headers.contains(&i)) && *b != b'\n' {
            *b = b' ';
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_line_first_is_found() {
        let src = "GET https://api.security.microsoft.com/api/machines?$filter=healthStatus eq 'Active'\n";
        let (line, rest) = leading(src).expect("request line");
        assert!(line.starts_with("GET https://") && rest.is_empty());
        let (line, rest) =
            leading("POST /api/machines/1/isolate HTTP/1.1\r\n{\"Comment\":\"x\"}").expect("line");
        assert_eq!(line, "POST /api/machines/1/isolate HTTP/1.1");
        assert_eq!(rest, "{\"Comment\":\"x\"}");
        assert_eq!(
            body_operation(line).map(|r| r.name),
            Some("isolate-machine")
        );
    }

    #[test]
    fn json_and_prose_are_no_request_line() {
        for src in [
            "{\"GET\": 1}",
            "GET",
            "get me the machines",
            "POST\n{}",
            "  GET /api/machines",
        ] {
            assert_eq!(leading(src), None, "{src}");
        }
    }

    #[test]
    fn blanking_keeps_every_offset() {
        let src = "POST /api/x\n{\"a\":1}";
        let blanked = blank_first_line(src, "POST /api/x", 0);
        assert_eq!(blanked.len(), src.len());
        assert_eq!(blanked, "           \n{\"a\":1}");
    }

    #[test]
    fn headers_below_the_line_are_passed_over() {
        let rest =
            "Authorization: Bearer {{token}}\r\nContent-Type: application/json\r\n\r\n{\"a\":1}";
        let head = headers_len(rest);
        assert_eq!(&rest[head..], "{\"a\":1}");
        // A body right below the line, or text that is no header, has none.
        assert_eq!(headers_len("{\"a\": 1}"), 0);
        assert_eq!(headers_len("\"Comment\": \"x\"}"), 0);
        assert_eq!(headers_len("Accept: */*\n"), "Accept: */*\n".len());
        let src = format!("POST /api/x HTTP/1.1\r\n{rest}");
        let blanked = blank_first_line(&src, "POST /api/x HTTP/1.1", head);
        assert_eq!(blanked.len(), src.len());
        assert_eq!(blanked.trim(), "{\"a\":1}");
        assert_eq!(blanked.matches('\n').count(), 4);
    }
}
