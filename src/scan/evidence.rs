//! The last resort that keeps nothing silent: evidence of an error read from a line in any syntax, when no
//! structured recognizer claimed it. An HTTP status next to its reason phrase (`403 Forbidden`,
//! `Forbidden (403)`), a status under any key whose name says status (`StatusCode: 403`, `"status": 403`,
//! `http.status_code=403`, `status=Forbidden`), an error code and message under the usual key names in JSON,
//! Python or PowerShell reprs, XML, `key=value` runs or `Key: value` lines, a code in brackets before its
//! message (`(AuthorizationFailed) The client …`), correlation ids under their key names, and the request
//! line. Adjacent lines with evidence make one stretch, which becomes one response of shape `generic`.

use crate::response::Request;

use super::entra_text::{entra_error, entra_trailer, ENTRA_CORRELATION, ENTRA_TRACE};
use super::recognize::status_of_reason;

use super::evidence_sdk as sdk;

/// What one line, or a stretch of adjacent lines, shows of an error.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ErrorEvidence {
    pub(super) status: Option<u16>,
    pub(super) code: Option<String>,
    pub(super) message: Option<String>,
    /// A correlation id and the key it stood under (`request-id`, `x-ms-request-id`, …).
    pub(super) request_id: Option<(String, &'static str)>,
    pub(super) request: Option<Request>,
    /// A `Retry-After` told in the text (`… (429). Retry-After: 30`), as printed.
    pub(super) retry_after: Option<String>,
    /// When the server says the error happened (Entra's `Timestamp: 2026-12-07 07:00:00Z`), as printed.
    pub(super) date: Option<String>,
    /// Whether the line names the Microsoft Graph SDKs' error types (kiota's `MainError(…)`, `ODataError`):
    /// the answer came from Graph, whatever its code is elsewhere.
    pub(super) graph: bool,
}

impl ErrorEvidence {
    /// Whether there is enough to diagnose: a failed status, or an error code.
    pub(super) fn is_enough(&self) -> bool {
        self.status.is_some_and(|s| s >= 400) || self.code.is_some()
    }

    /// Whether all the line shows is a time (Entra's `Timestamp:` line), or a field printed empty
    /// (kiota's `message: None`): more of a stretch, never the start of one.
    pub(super) fn is_date_only(&self) -> bool {
        self.status.is_none()
            && self.code.is_none()
            && self.message.is_none()
            && self.request_id.is_none()
            && self.request.is_none()
            && self.retry_after.is_none()
    }

    /// Adds what a later line of the stretch shows, keeping what came first.
    /// Whether `later` (the next line's evidence) names another error than this stretch does: another
    /// code (letter case aside). The same code again is the same error printed in more words (Azure
    /// CLI's `ERROR: (AuthorizationFailed) …` then `Code: AuthorizationFailed`).
    pub(super) fn is_another_error(&self, later: &ErrorEvidence) -> bool {
        matches!((&self.code, &later.code), (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b))
    }

    pub(super) fn merge(&mut self, later: ErrorEvidence) {
        self.status = self.status.or(later.status);
        self.code = self.code.take().or(later.code);
        self.message = self.message.take().or(later.message);
        // Entra prints `Trace ID:` before `Correlation ID:`; its support asks for the correlation id.
        self.request_id = match (self.request_id.take(), later.request_id) {
            (Some((_, ENTRA_TRACE)), Some(c)) if c.1 == ENTRA_CORRELATION => Some(c),
            (mine, theirs) => mine.or(theirs),
        };
        self.date = self.date.take().or(later.date);
        self.request = self.request.take().or(later.request);
        self.retry_after = self.retry_after.take().or(later.retry_after);
        self.graph |= later.graph;
    }
}

/// The evidence `line` holds, if any.
pub(super) fn read(line: &str) -> Option<ErrorEvidence> {
    let mut ev = ErrorEvidence::default();
    let (mut method, mut url): (Option<&'static str>, Option<String>) = (None, None);
    let mut empty_field = false;
    for (key, value) in pairs(line) {
        let k = normalize_key(&key);
        // A heading inside a printed error (`Inner error:`, `AdditionalData:`): more of its stretch.
        empty_field |= value.trim().is_empty() && line.trim_end().ends_with(':');
        if is_status_key(&k) {
            ev.status = ev.status.or_else(|| status_value(&value));
        } else if is_code_key(&k) {
            if ev.code.is_none() && looks_like_code(&value) {
                ev.code = Some(value.trim().to_string());
            } else if ev.status.is_none() {
                // kiota's `APIError` prints the HTTP status as `Code: 403`.
                ev.status = super::recognize::three_digit_status(value.trim(), 400);
            }
        } else if is_message_key(&k) {
            empty_field |= sdk::is_null_word(&value);
            if ev.message.is_none() && value.trim().len() > 2 && !sdk::is_null_word(&value) {
                ev.message = Some(value.trim().to_string());
            }
        } else if matches!(k.as_str(), "method" | "httpmethod" | "verb") {
            method = method.or_else(|| http_method(&value));
        } else if matches!(
            k.as_str(),
            "url" | "uri" | "requesturi" | "requesturl" | "path"
        ) {
            if url.is_none() && (value.starts_with("http") || value.starts_with("/api/")) {
                url = Some(value.trim().to_string());
            }
        } else if k == "retryafter" {
            let v = value.trim();
            if ev.retry_after.is_none() && !v.is_empty() && v.len() <= 40 {
                ev.retry_after = Some(v.to_string());
            }
        } else if let Some(name) = request_id_key(&k) {
            if sdk::takes_id(ev.request_id.as_ref(), name) && looks_like_id(&value) {
                ev.request_id = Some((value.trim().to_string(), name));
            }
        } else if k == "date" && ev.date.is_none() {
            ev.date = sdk::date_value(&value);
        }
    }
    ev.date = ev.date.take().or_else(|| sdk::python_date_in(line));
    ev.graph = line.contains("MainError(") || line.contains("ODataError");
    if ev.status.is_none() {
        ev.status = status_with_reason(line)
            .or_else(|| status_variant(line))
            .or_else(|| sdk::status_in_parentheses(line));
    }
    let logged = access_log(line);
    if let Some((_, status)) = &logged {
        ev.status = ev.status.or(Some(*status));
    }
    if ev.code.is_none() {
        if let Some((code, message)) = bracketed_code(line) {
            ev.code = Some(code.to_string());
            if ev.message.is_none() && !message.is_empty() {
                ev.message = Some(message.to_string());
            }
        }
    }
    if let Some((code, message, _)) = entra_error(line) {
        // An Entra error printed as text (Azure CLI's `ERROR: AADSTS700082: …`, a token library's
        // exception): its code and message.
        ev.code = ev.code.or(Some(code.to_string()));
        ev.message = Some(message.to_string());
    }
    // The ids and time Entra prints after its message, on its line or on the lines after it: the
    // correlation id its support asks for (else the trace id), and the time.
    let trailer = entra_trailer(line);
    if let Some(id) = trailer.correlation {
        ev.request_id = Some((id.to_string(), ENTRA_CORRELATION));
    } else if let Some(id) = trailer.trace.filter(|_| ev.request_id.is_none()) {
        ev.request_id = Some((id.to_string(), ENTRA_TRACE));
    }
    ev.date = trailer.timestamp.map(str::to_string).or(ev.date);
    // A request under key names (`Method: POST, RequestUri: '…'`) is evidence of its own: a client's
    // line waiting for its body takes it.
    let keyed = url.is_some() && method.is_some();
    ev.request = logged
        .map(|(r, _)| r)
        .or_else(|| request_line(line))
        .or_else(|| {
            url.map(|url| Request {
                method: method.map(str::to_string),
                url: crate::redact::scrubbed(&url),
            })
        });
    let any = ev.status.is_some()
        || ev.date.is_some()
        || ev.code.is_some()
        || ev.request_id.is_some()
        || ev.message.is_some()
        || empty_field
        || keyed;
    any.then_some(ev)
}

/// A key in lower case with separators and a dotted prefix dropped (`http.status_code` → `statuscode`,
/// `x-ms-request-id` → `xmsrequestid`).
fn normalize_key(key: &str) -> String {
    let last = key.rsplit(['.', '/']).next().unwrap_or(key);
    last.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether `k` (normalized) is a key whose value is read here.
fn is_known_key(k: &str) -> bool {
    is_status_key(k)
        || is_code_key(k)
        || is_message_key(k)
        || request_id_key(k).is_some()
        || matches!(
            k,
            "method" | "httpmethod" | "verb" | "url" | "uri" | "requesturi" | "requesturl" | "path"
        )
}

fn is_status_key(k: &str) -> bool {
    matches!(
        k,
        "status"
            | "statuscode"
            | "httpstatus"
            | "httpstatuscode"
            | "responsestatus"
            | "responsecode"
            | "httpcode"
            // A reason phrase under its own key (PowerShell's `StatusDescription`, .NET's `ReasonPhrase`):
            // read by name, so it continues the stretch that printed the number.
            | "statusdescription"
            | "reasonphrase"
            | "statustext"
    )
}

fn is_code_key(k: &str) -> bool {
    matches!(k, "code" | "errorcode" | "errcode" | "error")
}

fn is_message_key(k: &str) -> bool {
    matches!(
        k,
        "message"
            | "errormessage"
            | "msg"
            | "description"
            | "errordescription"
            | "detail"
            | "details"
            | "reason"
    )
}

/// The key name recorded for a correlation id key, if `k` is one.
fn request_id_key(k: &str) -> Option<&'static str> {
    Some(match k {
        "requestid" => "request-id",
        "xmsrequestid" => "x-ms-request-id",
        "clientrequestid" => "client-request-id",
        "xmscorrelationrequestid" | "correlationrequestid" => "x-ms-correlation-request-id",
        "correlationid" | "xcorrelationid" => "correlation-id",
        "activityid" => "activityId",
        "traceid" => "traceId",
        "operationid" => "operationId",
        _ => return None,
    })
}

/// A method name in any case.
fn http_method(value: &str) -> Option<&'static str> {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .into_iter()
        .find(|m| value.trim().eq_ignore_ascii_case(m))
}

/// A status value: a number from 100 to 599, or a reason name (`Forbidden`, `TooManyRequests`).
fn status_value(value: &str) -> Option<u16> {
    let v = value.trim();
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 3 {
        let n: u16 = digits.parse().ok()?;
        return (100..600).contains(&n).then_some(n);
    }
    // `Forbidden`, `Forbidden (403)`, PowerShell's `StatusCode : Forbidden`.
    let word: String = v
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == ' ')
        .collect();
    status_of_reason(word.trim())
}

/// An error code: an identifier of at least three characters that is no plain word in lower case, no
/// number (AADSTS codes are words of their own) and no boolean.
fn looks_like_code(value: &str) -> bool {
    let v = value.trim();
    v.len() >= 3
        && v.len() <= 80
        && v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && v.bytes().any(|b| b.is_ascii_uppercase())
        && !matches!(v, "True" | "False" | "None" | "NULL" | "Null")
}

/// A correlation id: a GUID or a token of at least 8 characters, never a redaction (`xxxx`, `****`,
/// `<redacted>`, `REDACTED`, all zeros).
fn looks_like_id(value: &str) -> bool {
    let v = value.trim();
    if v.len() < 8 || v.len() > 128 {
        return false;
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let redacted = lower.contains("redact")
        || lower.contains("xxxx")
        || lower
            .bytes()
            .all(|b| matches!(b, b'x' | b'*' | b'0' | b'-' | b'#'));
    !redacted && v.bytes().any(|b| b.is_ascii_digit())
}

/// `key` `sep` `value` pairs in any of the usual syntaxes: `"key": "value"`, `'key': 'value'`,
/// `key=value`, `key="value"`, `Key: value`, `Key : value`, `<Key>value</Key>`.
fn pairs(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() && out.len() < 32 {
        // XML: `<Key>value</Key>`.
        if b[i] == b'<' {
            if let Some((key, value, end)) = xml_element(line, i) {
                out.push((key, value));
                i = end;
                continue;
            }
        }
        let Some((key, after_key)) = key_at(line, i) else {
            i += 1;
            continue;
        };
        let mut j = skip(b, after_key);
        let sep = match b.get(j) {
            Some(b':') => 1,
            Some(b'=') if b.get(j + 1) == Some(&b'>') => 2,
            Some(b'=') => 1,
            _ => {
                i = after_key.max(i + 1);
                continue;
            }
        };
        j = skip(b, j + sep);
        // An object printed as its fields (PowerShell's `TargetObject : Method: POST, RequestUri: '…'`):
        // under a key that names nothing read here, a key of its own starts the pairs inside.
        if j < b.len()
            && key_at(line, j).is_some_and(|(_, after)| b.get(skip(b, after)) == Some(&b':'))
            && !is_known_key(&normalize_key(&key))
        {
            i = j;
            continue;
        }
        // A message as `Key: value` on a line of its own (Azure CLI's `Message: …`, PowerShell's
        // Format-List): the value runs to the end of the line, quotes and commas included.
        let whole_line = is_message_key(&normalize_key(&key))
            && line[..i].trim().is_empty()
            && b.get(after_key..j).is_some_and(|s| s.contains(&b':'))
            && !matches!(b.get(j), Some(b'"' | b'\'' | b'{' | b'['));
        let (value, end) = if whole_line {
            (line[j..].trim().to_string(), b.len())
        } else {
            value_at(line, j)
        };
        out.push((key, value));
        i = end.max(j + 1).max(i + 1);
    }
    out
}

fn skip(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
        i += 1;
    }
    i
}

/// A key starting at `i`: quoted, or a bare identifier that starts a word. Returns the key and where it
/// ends (after a closing quote).
fn key_at(line: &str, i: usize) -> Option<(String, usize)> {
    let b = line.as_bytes();
    let is_key = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'@' | b'$');
    match b[i] {
        q @ (b'"' | b'\'') => {
            let end = i + 1 + b[i + 1..].iter().position(|&c| c == q)?;
            let key = &line[i + 1..end];
            (!key.is_empty() && key.len() <= 48 && key.bytes().all(|c| is_key(c) || c == b' '))
                .then(|| (key.to_string(), end + 1))
        }
        c if c.is_ascii_alphabetic() && (i == 0 || !is_key(b[i - 1])) => {
            let n = b[i..].iter().take_while(|&&c| is_key(c)).count();
            // `Key Name: value` (PowerShell's `Status Code : 403` formats one word apart).
            let mut end = i + n;
            if b.get(end) == Some(&b' ') {
                let m = b[end + 1..]
                    .iter()
                    .take_while(|&&c| c.is_ascii_alphabetic())
                    .count();
                let after = skip(b, end + 1 + m);
                if m > 0 && matches!(b.get(after), Some(b':')) {
                    end += 1 + m;
                }
            }
            (n <= 48).then(|| (line[i..end].to_string(), end))
        }
        _ => None,
    }
}

/// The value starting at `j` and where it ends: a quoted string (escapes undone), or a bare run up to a
/// separator (`,`, `;`, `}`, `)`, `]`, `&`, or a blank followed by another `key=`).
fn value_at(line: &str, j: usize) -> (String, usize) {
    let b = line.as_bytes();
    match b.get(j) {
        Some(&q @ (b'"' | b'\'')) => {
            let mut out = String::new();
            let mut k = j + 1;
            while k < b.len() {
                match b[k] {
                    b'\\' if k + 1 < b.len() => {
                        out.push(char::from(b[k + 1]));
                        k += 2;
                    }
                    c if c == q => return (out, k + 1),
                    _ => {
                        let ch = line[k..].chars().next().unwrap_or(' ');
                        out.push(ch);
                        k += ch.len_utf8();
                    }
                }
            }
            (out, k)
        }
        _ => {
            let rest = &line[j.min(line.len())..];
            let mut end = rest.len();
            for (at, c) in rest.char_indices() {
                if matches!(c, ',' | ';' | '}' | ')' | ']' | '&' | '"' | '\'') {
                    end = at;
                    break;
                }
                // `a=1 b=2`: a blank ends the value when a `key=` follows.
                if c == ' ' {
                    let next = &rest[at + 1..];
                    let word = next.split(' ').next().unwrap_or("");
                    if word.contains('=') {
                        end = at;
                        break;
                    }
                }
            }
            (rest[..end].trim().to_string(), j + end)
        }
    }
}

/// `<Key>value</Key>` at `i`: key, value and the end.
fn xml_element(line: &str, i: usize) -> Option<(String, String, usize)> {
    let rest = &line[i + 1..];
    let close = rest.find('>')?;
    let name = &rest[..close];
    if name.is_empty()
        || !name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':'))
    {
        return None;
    }
    let body = &rest[close + 1..];
    let end_tag = format!("</{name}>");
    let at = body.find(&end_tag)?;
    let value = body[..at].trim();
    // A container (`<Error><Code>…`): its elements are read one by one.
    if value.contains('<') {
        return None;
    }
    Some((
        name.to_string(),
        value.to_string(),
        i + 1 + close + 1 + at + end_tag.len(),
    ))
}

/// A status number next to its reason phrase, in any punctuation: `403 Forbidden`, `403 (Forbidden)`,
/// `403: Forbidden`, `Forbidden (403)`, `Forbidden: 403`. The reason must be the number's own.
fn status_with_reason(line: &str) -> Option<u16> {
    let b = line.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let three = b[i..i + 3].iter().all(u8::is_ascii_digit);
        let word_end = b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        if word_start && three && word_end {
            let n: u16 = line[i..i + 3].parse().ok()?;
            if (400..600).contains(&n) {
                let reason = crate::http::reason(n);
                if !reason.is_empty()
                    && (follows(&line[i + 3..], reason) || precedes(&line[..i], reason))
                {
                    return Some(n);
                }
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    None
}

/// Whether `reason` (any case, spaces optional) follows after punctuation.
fn follows(after: &str, reason: &str) -> bool {
    let t = after.trim_start_matches([' ', ':', '(', ')', '-', '\'', '"', '[', ']']);
    starts_with_reason(t, reason)
}

/// Whether `reason` stands right before, after punctuation (`Forbidden (403`).
fn precedes(before: &str, reason: &str) -> bool {
    let t = before.trim_end_matches([' ', ':', '(', '-', '\'', '"', '[', '=']);
    let squeezed: String = reason.chars().filter(|c| *c != ' ').collect();
    let lower = t.to_ascii_lowercase();
    lower.ends_with(&reason.to_ascii_lowercase()) || lower.ends_with(&squeezed.to_ascii_lowercase())
}

fn starts_with_reason(t: &str, reason: &str) -> bool {
    let squeezed: String = reason.chars().filter(|c| *c != ' ').collect();
    let matches = |r: &str| {
        t.get(..r.len()).is_some_and(|p| p.eq_ignore_ascii_case(r))
            && t[r.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    matches(reason) || matches(&squeezed)
}

/// A status as an enum variant holding it, as Rust's Debug prints one: reqwest's `Error { kind:
/// Status(429), url: … }`.
fn status_variant(line: &str) -> Option<u16> {
    let at = line.find("Status(")?;
    let digits = line[at + 7..].get(..4)?;
    let status = super::recognize::three_digit_status(digits.strip_suffix(')')?, 400)?;
    // A word of its own (`kind: Status(…)`), not the end of another (`HttpStatus(`).
    let before = line[..at].chars().next_back();
    before
        .is_none_or(|c| !c.is_ascii_alphanumeric())
        .then_some(status)
}

/// A code in parentheses or brackets at the start of the text, before its message:
/// `(AuthorizationFailed) The client …` (Azure SDKs and CLI), `[Forbidden] Missing …`.
fn bracketed_code(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let close = match t.as_bytes().first()? {
        b'(' => ')',
        b'[' => ']',
        _ => return None,
    };
    let end = t.find(close)?;
    let code = &t[1..end];
    // A code has letters of both cases (`AuthorizationFailed`) or an underscore: `[INFO]` is a level.
    let mixed = code.bytes().any(|b| b.is_ascii_lowercase())
        && code.bytes().any(|b| b.is_ascii_uppercase());
    (looks_like_code(code) && (mixed || code.contains('_'))).then(|| (code, t[end + 1..].trim()))
}

/// A request line in quotes followed by the status, as access logs and urllib3's debug log print it:
/// `"POST /api/machines/x/isolate HTTP/1.1" 403 174`.
fn access_log(line: &str) -> Option<(Request, u16)> {
    let at = line.find(" HTTP/")?;
    let close = at + line[at..].find('"')?;
    let open = line[..at].rfind('"')?;
    let (method, path) = line[open + 1..at].split_once(' ')?;
    let method = http_method(method)?;
    let status: String = line[close + 1..].trim_start().chars().take(3).collect();
    let status = status
        .parse::<u16>()
        .ok()
        .filter(|s| (100..600).contains(s))?;
    // urllib3 prints the host before the quote: `https://api.security.microsoft.com:443 "POST …`.
    let host = line[..open]
        .split_whitespace()
        .last()
        .and_then(|t| {
            t.find("https://")
                .or_else(|| t.find("http://"))
                .map(|at| &t[at..])
        })
        .map(|h| h.trim_end_matches(":443").trim_end_matches('/'));
    let url = match host {
        Some(h) if path.starts_with('/') => format!("{h}{path}"),
        _ => path.to_string(),
    };
    let request = Request {
        method: Some(method.to_string()),
        url: crate::redact::scrubbed(&url),
    };
    Some((request, status))
}

/// The request a line prints: a method and an absolute URL or an API path.
fn request_line(line: &str) -> Option<Request> {
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let mut from = 0;
        while let Some(at) = line[from..].find(method).map(|p| p + from) {
            from = at + method.len();
            let before_ok = at == 0 || !line.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = line[from..].trim_start_matches([' ', '\t']);
            if !before_ok || rest.len() == line[from..].len() {
                continue;
            }
            if rest.starts_with("https://")
                || rest.starts_with("http://")
                || rest.starts_with("/api/")
            {
                let url: String = rest
                    .chars()
                    .take_while(|c| {
                        !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '`')
                    })
                    .collect();
                return Some(Request {
                    method: Some(method.to_string()),
                    url: crate::redact::scrubbed(url.trim_end_matches([',', ';', ')', '.'])),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(line: &str) -> ErrorEvidence {
        read(line).unwrap_or_else(|| panic!("no evidence in {line}"))
    }

    #[test]
    fn a_status_next_to_its_reason_in_any_punctuation() {
        for line in [
            "Request failed: 403 Forbidden",
            "The remote server returned an error: (403) Forbidden.",
            "status 403 (Forbidden) from the API",
            "got Forbidden (403) back",
            "error: 403: forbidden",
            "HTTP 429 Too Many Requests, retrying",
            "TooManyRequests: 429",
        ] {
            let want = if line.contains("429") { 429 } else { 403 };
            assert_eq!(ev(line).status, Some(want), "{line}");
        }
        // A number without its own reason is no status.
        assert_eq!(read("fetched 403 machines, forbidden ones skipped"), None);
        assert_eq!(read("took 500 ms"), None);
    }

    #[test]
    fn a_status_under_any_key_that_says_status() {
        let cases = [
            ("StatusCode: 403", 403),
            ("StatusCode : Forbidden", 403),
            ("\"status\": 429,", 429),
            ("http.status_code=503 duration=12", 503),
            ("{'status_code': 401, 'reason': 'Unauthorized'}", 401),
            ("response_status=\"404\"", 404),
            ("status=Forbidden", 403),
            ("Status Code: 400", 400),
        ];
        for (line, want) in cases {
            assert_eq!(ev(line).status, Some(want), "{line}");
        }
    }

    #[test]
    fn code_and_message_in_any_syntax() {
        let cases = [
            (
                r#"{"Code": "InvalidRequestBody", "Message": "Request body is incorrect"}"#,
                "InvalidRequestBody",
            ),
            (
                "{'code': 'Forbidden', 'message': 'Missing application roles'}",
                "Forbidden",
            ),
            (
                "<Error><Code>AuthenticationFailed</Code><Message>Server failed</Message></Error>",
                "AuthenticationFailed",
            ),
            (
                "error_code=TooManyRequests message=\"Rate limit\"",
                "TooManyRequests",
            ),
            ("ErrorCode: ResourceNotFound", "ResourceNotFound"),
            (
                "(AuthorizationFailed) The client 'x' does not have authorization",
                "AuthorizationFailed",
            ),
            ("[Forbidden] Missing application roles.", "Forbidden"),
        ];
        for (line, want) in cases {
            let e = ev(line);
            assert_eq!(e.code.as_deref(), Some(want), "{line}");
            // Every case but the bare `ErrorCode:` line prints a message too.
            assert_eq!(
                e.message.is_some(),
                !line.starts_with("ErrorCode"),
                "{line}: message"
            );
        }
        assert_eq!(read("[INFO] starting"), None);
        assert_eq!(read("code: 0"), None);
    }

    #[test]
    fn correlation_ids_but_never_redactions() {
        let e = ev("x-ms-request-id: 4f1e2d3c-6b5a-4978-8a9b-0c1d2e3f4a5b status=403");
        assert_eq!(
            e.request_id,
            Some((
                "4f1e2d3c-6b5a-4978-8a9b-0c1d2e3f4a5b".to_string(),
                "x-ms-request-id"
            ))
        );
        for redacted in [
            "request-id: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx status=403",
            "request-id: <redacted> status=403",
            "request-id: 00000000-0000-0000-0000-000000000000 status=403",
            "request-id: ******** status=403",
        ] {
            assert_eq!(ev(redacted).request_id, None, "{redacted}");
        }
    }

    #[test]
    fn the_request_line_when_printed() {
        let e = ev("POST https://api.security.microsoft.com/api/machines/abc/isolate failed: 403 Forbidden");
        assert_eq!(
            e.request.as_ref().and_then(|r| r.method.as_deref()),
            Some("POST")
        );
        assert_eq!(e.status, Some(403));
        assert!(e.is_enough());
    }

    #[test]
    fn key_value_lines_and_logfmt_runs() {
        let e =
            ev("Message: The client 'app' does not have authorization, or the scope is invalid.");
        assert_eq!(
            e.message.as_deref(),
            Some("The client 'app' does not have authorization, or the scope is invalid.")
        );
        let e = ev(r#"level=error msg="call failed" method=GET url=/api/machines status=429"#);
        assert_eq!(e.status, Some(429));
        assert_eq!(e.message.as_deref(), Some("call failed"));
        let r = e.request.unwrap_or_else(|| panic!("no request"));
        assert_eq!(
            (r.method.as_deref(), r.url.as_str()),
            (Some("GET"), "/api/machines")
        );
    }

    #[test]
    fn an_access_log_line_gives_request_and_status() {
        let line = r#"DEBUG:urllib3.connectionpool:https://api.security.microsoft.com:443 "POST /api/machines/abc/isolate HTTP/1.1" 403 174"#;
        let e = ev(line);
        assert_eq!(e.status, Some(403));
        let r = e.request.unwrap_or_else(|| panic!("no request"));
        assert_eq!(
            r.url,
            "https://api.security.microsoft.com/api/machines/abc/isolate"
        );
    }

    #[test]
    fn a_stretch_merges_keeping_the_first() {
        let mut a = ev("StatusCode: 403");
        a.merge(ev("Code: Forbidden"));
        a.merge(ev("Code: Other"));
        assert_eq!(
            (a.status, a.code.as_deref()),
            (Some(403), Some("Forbidden"))
        );
    }
}
