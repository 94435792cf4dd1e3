//! Status-only lines that HTTP clients print when a call fails and the body is not shown. Each string is
//! the client's own (from its source): Python requests (`models.py` raise_for_status, `Response.__repr__`),
//! urllib (`HTTPError.__str__`), httpx (`Response.raise_for_status`), aiohttp (`ClientResponseError.__str__`),
//! .NET (`HttpResponseMessage.EnsureSuccessStatusCode`, `HttpResponseMessage.ToString`), Windows PowerShell
//! (`WebException`), axios (`settle.js`), Java (`HttpURLConnection`), Go wrappers, and PowerShell modules.

use super::{status_of_reason, three_digit_status, ClientStatus, Clue, Recognizer, Trigger};
use crate::operations::Method;
use crate::response::Context;

pub(crate) static RECOGNIZERS: &[Recognizer] = &[
    Recognizer {
        name: "python requests raise_for_status",
        samples: &["requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://a/api/x"],
        triggers: &[
            Trigger::Anywhere(" Client Error: "),
            Trigger::Anywhere(" Server Error: "),
        ],
        read: requests_error,
    },
    Recognizer {
        name: "python requests response repr",
        samples: &["<Response [400]>"],
        triggers: &[Trigger::Anywhere("<Response [")],
        read: requests_repr,
    },
    Recognizer {
        name: "python urllib HTTPError",
        samples: &["urllib.error.HTTPError: HTTP Error 401: Unauthorized"],
        triggers: &[Trigger::Anywhere("HTTP Error ")],
        read: urllib,
    },
    Recognizer {
        name: "python httpx HTTPStatusError",
        samples: &["httpx.HTTPStatusError: Client error '403 Forbidden' for url 'https://a/b'"],
        triggers: &[
            Trigger::Anywhere("Client error '"),
            Trigger::Anywhere("Server error '"),
        ],
        read: httpx,
    },
    Recognizer {
        name: "python aiohttp ClientResponseError",
        samples: &["aiohttp.client_exceptions.ClientResponseError: 403, message='Forbidden', url=URL('https://a')"],
        triggers: &[Trigger::Anywhere("ClientResponseError: ")],
        read: aiohttp,
    },
    Recognizer {
        name: ".NET EnsureSuccessStatusCode",
        samples: &["System.Net.Http.HttpRequestException: Response status code does not indicate success: 403 (Forbidden)."],
        triggers: &[Trigger::Anywhere("does not indicate success: ")],
        read: dotnet_ensure,
    },
    Recognizer {
        name: ".NET HttpResponseMessage",
        samples: &["StatusCode: 404, ReasonPhrase: 'Not Found', Version: 1.1, Content: x"],
        triggers: &[Trigger::Anywhere("StatusCode: ")],
        read: dotnet_dump,
    },
    Recognizer {
        name: "Windows PowerShell WebException",
        samples: &["Invoke-RestMethod : The remote server returned an error: (429) Too Many Requests."],
        triggers: &[Trigger::Anywhere("returned an error: (")],
        read: powershell,
    },
    Recognizer {
        name: "axios",
        samples: &["AxiosError: Request failed with status code 403"],
        triggers: &[Trigger::Anywhere("Request failed with status code ")],
        read: axios,
    },
    Recognizer {
        name: "Java HttpURLConnection",
        samples: &["java.io.IOException: Server returned HTTP response code: 403 for URL: https://a/b"],
        triggers: &[Trigger::Anywhere("returned HTTP response code: ")],
        read: java,
    },
    Recognizer {
        // reqwest's `Debug` (seanmonstar/reqwest, `src/error.rs`: `debug_struct("reqwest::Error")` with
        // `kind`, then `url` as a string; a later `Kind::Status` carries the reason phrase too), as
        // `fn main() -> Result<…>` and `{:?}` print it. Read here and not as a literal body: its `{ kind: …`
        // opens like node's inspected object.
        name: "Rust Debug error with a status kind",
        samples: &[
            "Error: reqwest::Error { kind: Status(429), url: \"https://a/api/machines\" }",
            "reqwest::Error { kind: Status(403, None), url: \"https://a/b\" }",
        ],
        triggers: &[Trigger::Anywhere("::Error ")],
        read: rust_debug,
    },
    Recognizer {
        name: "Go and other wrappers",
        samples: &["error: unexpected status 500", "get machines: unexpected status code: 503", "Invoke-MdeApi: HTTP Status BadRequest"],
        triggers: &[
            Trigger::Anywhere("unexpected status"),
            Trigger::Anywhere("status code"),
            Trigger::Anywhere("HTTP Status "),
        ],
        read: wrapper,
    },
];

fn found(status: u16, context: Context, url: Option<&str>) -> Option<Clue<'_>> {
    Some(Clue::ClientStatus(ClientStatus {
        status,
        context,
        url,
        method: None,
    }))
}

/// A status line that may also name the call: module wrappers and retry loggers print
/// `GET https://…/api/machines; error Response status code does not indicate success: 403 (Forbidden).`
fn found_on_line(status: u16, context: Context, line: &str) -> Option<Clue<'_>> {
    let url = url_at(line);
    let method = url.and_then(|u| {
        let before = line[..line.find(u)?].trim_end();
        let word = before.rsplit(|c: char| !c.is_ascii_alphabetic()).next()?;
        Method::parse(word).map(|_| word)
    });
    Some(Clue::ClientStatus(ClientStatus {
        status,
        context,
        url,
        method,
    }))
}

/// The three-digit error status that ends `before` (`…requests.exceptions.HTTPError: 403`).
fn status_before(before: &str) -> Option<u16> {
    let digits = before.get(before.len().checked_sub(3)?..)?;
    let prior = before[..before.len() - 3].chars().next_back();
    if prior.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    three_digit_status(digits, 400)
}

/// The three-digit error status that starts `after`, not followed by another digit.
fn status_after(after: &str) -> Option<u16> {
    super::leading_error_status(after)
}

/// A URL: up to its closing quote when it is quoted (`url='https://…'`), else to the next blank, without
/// the punctuation that ends a sentence (`…/machines?$filter=healthStatus+eq+'Active'; error …`: an OData
/// query keeps its own quotes).
fn url_at(text: &str) -> Option<&str> {
    let start = text.find("http")?;
    let rest = &text[start..];
    let quote = text[..start]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '\'' | '"'));
    let end = match quote {
        Some(q) => rest.find(q),
        None => rest.find(char::is_whitespace),
    }
    .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches([';', ',', '.', ')']);
    Some(url).filter(|u| u.contains("://"))
}

/// `403 Client Error: Forbidden for url: https://…`.
fn requests_error(line: &str) -> Option<Clue<'_>> {
    let at = line
        .find(" Client Error: ")
        .or_else(|| line.find(" Server Error: "))?;
    let status = status_before(&line[..at])?;
    // A URL holds no blank: what a log line adds after it (`| response: {…}`) is not part of it.
    let url = line
        .find(" for url: ")
        .and_then(|u| line[u + 10..].split_whitespace().next());
    found(status, Context::Python, url)
}

/// `<Response [403]>`.
fn requests_repr(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("<Response [")?;
    let status = status_after(rest)?;
    rest.get(3..)?.starts_with("]>").then_some(())?;
    found(status, Context::Python, None)
}

/// `urllib.error.HTTPError: HTTP Error 401: Unauthorized`.
fn urllib(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("HTTP Error ")?;
    let status = status_after(rest)?;
    rest.get(3..)?.starts_with(':').then_some(())?;
    found(status, Context::PythonUrllib, None)
}

/// `Client error '403 Forbidden' for url 'https://…'`.
fn httpx(line: &str) -> Option<Clue<'_>> {
    let at = line
        .find("Client error '")
        .or_else(|| line.find("Server error '"))?;
    let rest = &line[at + 14..];
    let status = status_after(rest)?;
    let url = rest.find(" for url '").and_then(|u| url_at(&rest[u..]));
    found(status, Context::PythonHttpx, url)
}

/// `ClientResponseError: 403, message='Forbidden', url=URL('https://…')`.
fn aiohttp(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("ClientResponseError: ")?;
    let status = status_after(rest)?;
    rest.get(3..)?.starts_with(',').then_some(())?;
    let url = rest.find("url=").and_then(|u| url_at(&rest[u..]));
    found(status, Context::PythonAiohttp, url)
}

/// `reqwest::Error { kind: Status(429), url: "https://…" }`: the status the `kind` holds (`Status(429)`,
/// or `Status(429, None)`), and the `url` field when it is a string (older reqwest prints a `Url { … }`
/// struct: no URL then).
fn rust_debug(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("::Error { kind: Status(")?;
    let status = status_after(rest)?;
    rest.get(3..)?.starts_with([')', ',']).then_some(())?;
    let url = rest
        .split_once("url: \"")
        // Up to its quote, or the end of a hard-wrapped line.
        .map(|(_, u)| u.split_once('"').map_or(u.trim_end(), |(u, _)| u))
        .filter(|u| u.contains("://"));
    found(status, Context::Client, url)
}

/// `Response status code does not indicate success: 403 (Forbidden).`
fn dotnet_ensure(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("does not indicate success: ")?;
    found_on_line(status_after(rest)?, Context::DotNet, line)
}

/// `StatusCode: 404, ReasonPhrase: 'Not Found', Version: 1.1, Content: …`.
fn dotnet_dump(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("StatusCode: ")?;
    let status = status_after(rest)?;
    rest.get(3..)?.starts_with(", ReasonPhrase").then_some(())?;
    found_on_line(status, Context::DotNet, line)
}

/// `The remote server returned an error: (403) Forbidden.`
fn powershell(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("returned an error: (")?;
    found_on_line(status_after(rest)?, Context::PowerShell, line)
}

/// `AxiosError: Request failed with status code 403`.
fn axios(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("Request failed with status code ")?;
    found_on_line(status_after(rest)?, Context::Axios, line)
}

/// `java.io.IOException: Server returned HTTP response code: 403 for URL: https://…`.
fn java(line: &str) -> Option<Clue<'_>> {
    let (_, rest) = line.split_once("returned HTTP response code: ")?;
    let status = status_after(rest)?;
    let url = rest.find(" for URL: ").and_then(|u| url_at(&rest[u..]));
    found(status, Context::Java, url)
}

/// Wrappers: Go's `unexpected status 500` / `unexpected status code: 500` / `status code 500`, and
/// PowerShell modules' `HTTP Status BadRequest` (the .NET enum name) or `HTTP Status 400`.
fn wrapper(line: &str) -> Option<Clue<'_>> {
    for key in ["unexpected status code", "unexpected status", "status code"] {
        if let Some(at) = line.find(key) {
            let rest = line[at + key.len()..].trim_start_matches([':', ' ', '=']);
            if let Some(status) = status_after(rest) {
                let context = if key.starts_with("unexpected") {
                    Context::Go
                } else {
                    Context::Client
                };
                return found(status, context, url_at(line));
            }
        }
    }
    let (_, rest) = line.split_once("HTTP Status ")?;
    let word = rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    let status = status_after(word).or_else(|| status_of_reason(word).filter(|s| *s >= 400))?;
    found(status, Context::Client, url_at(line))
}
