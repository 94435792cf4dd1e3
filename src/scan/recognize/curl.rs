//! curl: `-v` transcripts (`> ` request, `< ` response, `* ` notes, `{ [n bytes data]`), `-i` status lines,
//! the progress meter, `curl: (22) The requested URL returned error: 403` from `-f`, and pasted command lines.
//! Strings from curl's own output (lib/http.c "The requested URL returned error: %d", src/tool_cb_prg.c).

use super::{
    status_line, three_digit_status, ClientStatus, Clue, PastedCommand, Recognizer, Trigger,
};
use crate::redact::Redacted;
use crate::response::Context;

pub(crate) static RECOGNIZERS: &[Recognizer] = &[
    Recognizer {
        name: "curl -v request",
        samples: &[
            "> POST /api/machines/x/isolate HTTP/1.1",
            "> Host: api.securitycenter.microsoft.com",
        ],
        triggers: &[Trigger::Start(">")],
        read: request,
    },
    Recognizer {
        name: "curl -v response",
        samples: &["< HTTP/2 403", "< content-type: application/json"],
        triggers: &[Trigger::Start("<")],
        read: response,
    },
    Recognizer {
        name: "curl -v note",
        samples: &[
            "* Connection #0 to host 127.0.0.1 left intact",
            "{ [197 bytes data]",
        ],
        triggers: &[
            Trigger::Start("* "),
            Trigger::Start("{ ["),
            Trigger::Start("} ["),
        ],
        read: note,
    },
    Recognizer {
        name: "curl -i status line",
        samples: &["HTTP/1.1 429 Too Many Requests"],
        triggers: &[Trigger::Start("HTTP/")],
        read: status,
    },
    Recognizer {
        name: "curl progress meter",
        samples: &[
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
        ],
        triggers: &[
            Trigger::Anywhere("% Total"),
            Trigger::Anywhere("Dload"),
            Trigger::Anywhere("--:--:--"),
        ],
        read: progress,
    },
    Recognizer {
        name: "curl -f error",
        samples: &["curl: (22) The requested URL returned error: 403"],
        triggers: &[Trigger::Anywhere("curl: (")],
        read: fail,
    },
    Recognizer {
        name: "pasted curl command",
        samples: &[
            r#"curl -s -X POST "https://api.securitycenter.microsoft.com/api/machines/1e5bc9d7/isolate" -H "Content-Type: application/json""#,
        ],
        triggers: &[Trigger::Anywhere("curl")],
        read: command,
    },
    Recognizer {
        name: "pasted PowerShell command",
        samples: &[
            r#"Invoke-RestMethod -Method Post -Uri "https://api.securitycenter.microsoft.com/api/machines/1e5bc9d7/isolate" -Headers $h -Body $b"#,
            r#"$r = Invoke-WebRequest 'https://api.security.microsoft.com/api/alerts?$top=10' -Headers $headers"#,
            r#"PS C:\> Invoke-AzRestMethod -Method GET -Path "/subscriptions/s/providers/Microsoft.Security/pricings?api-version=2024-01-01""#,
        ],
        triggers: &[
            Trigger::Anywhere("Invoke-RestMethod"),
            Trigger::Anywhere("Invoke-WebRequest"),
            Trigger::Anywhere("Invoke-AzRestMethod"),
        ],
        read: powershell_command,
    },
];

/// Where Az.Accounts' `Invoke-AzRestMethod -Path` sends its path: the Azure Resource Manager endpoint of
/// the signed-in (public) cloud.
const AZ_REST_HOST: &str = "https://management.azure.com";

/// A pasted `Invoke-RestMethod`/`Invoke-WebRequest`/`Invoke-AzRestMethod` command line: its method
/// (`-Method`, else POST with a `-Body`/`-Payload`, else GET) and URL (`-Uri`, the first argument, or
/// Az's `-Path` under the ARM host). Not PowerShell's echo of a failed command under its error
/// (`+ Invoke-RestMethod … "https://api.securitycenter.micro ...`), whose URL is cut, nor the error line
/// itself (`Invoke-RestMethod : …`).
fn powershell_command(line: &str) -> Option<Clue<'_>> {
    let az = line.contains("Invoke-AzRestMethod");
    if line.trim_start().starts_with('+') || !(az || line.contains("http")) {
        return None;
    }
    let words = shell_words(line);
    let at = words.iter().position(|w| {
        w.eq_ignore_ascii_case("Invoke-RestMethod")
            || w.eq_ignore_ascii_case("Invoke-WebRequest")
            || w.eq_ignore_ascii_case("Invoke-AzRestMethod")
    })?;
    let mut req = PastedCommand::default();
    let mut body = false;
    let mut it = words[at + 1..].iter();
    while let Some(w) = it.next() {
        let flag = w.to_ascii_lowercase();
        match flag.as_str() {
            ":" => return None,
            "-method" => req.method = it.next().map(|m| m.to_ascii_uppercase()),
            "-uri" => req.url = it.next().cloned(),
            "-path" if az => {
                req.url = it
                    .next()
                    .filter(|p| p.starts_with('/'))
                    .map(|p| format!("{AZ_REST_HOST}{p}"));
            }
            "-body" | "-infile" | "-payload" => {
                body = true;
                it.next();
            }
            _ if (flag.starts_with("http://") || flag.starts_with("https://"))
                && req.url.is_none() =>
            {
                req.url = Some(w.clone());
            }
            _ => {}
        }
    }
    let url = req.url.as_deref()?;
    // A URL PowerShell or a log cut short names no operation.
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || url.contains("...")
        || url.ends_with('…')
    {
        return None;
    }
    if req.method.is_none() {
        req.method = Some(if body { "POST" } else { "GET" }.to_string());
    }
    Some(Clue::Command(req))
}

fn request(line: &str) -> Option<Clue<'_>> {
    let rest = line.strip_prefix('>')?;
    if rest.trim().is_empty() {
        return Some(Clue::RequestEnd);
    }
    let rest = rest.strip_prefix(' ')?;
    let mut words = rest.split_whitespace();
    if let (Some(m), Some(target), Some(v)) = (words.next(), words.next(), words.next()) {
        if v.starts_with("HTTP/") && m.bytes().all(|c| c.is_ascii_uppercase()) {
            return Some(Clue::Request {
                method: Some(m),
                target,
            });
        }
    }
    let (name, value) = rest.split_once(':')?;
    Some(Clue::RequestHeader {
        name: name.trim(),
        value: value.trim(),
    })
}

fn response(line: &str) -> Option<Clue<'_>> {
    let rest = line.strip_prefix('<')?;
    if rest.trim().is_empty() {
        return Some(Clue::HeadEnd);
    }
    let rest = rest.strip_prefix(' ')?;
    if let Some(status) = status_line(rest) {
        return Some(Clue::Status {
            status,
            context: Context::CurlV,
        });
    }
    let (name, value) = rest.split_once(':')?;
    Some(Clue::Header {
        name: name.trim(),
        value: value.trim(),
    })
}

fn note(line: &str) -> Option<Clue<'_>> {
    if line.starts_with("* ") {
        // curl 7 and 8: "Connection #0 to host h left intact"; a closed one: "Closing connection 0".
        return Some(
            if line.contains("left intact") || line.contains("Closing connection") {
                Clue::ExchangeEnd
            } else {
                Clue::Chatter
            },
        );
    }
    line.trim_end().ends_with("data]").then_some(Clue::Chatter)
}

fn status(line: &str) -> Option<Clue<'_>> {
    status_line(line).map(|status| Clue::Status {
        status,
        context: Context::CurlI,
    })
}

fn progress(line: &str) -> Option<Clue<'_>> {
    // The meter has no line end of its own: curl's next transcript line may be glued to it
    // (`…--:--:--     0> POST /api/indicators HTTP/1.1`).
    if let Some(at) = line.find(['>', '<']).filter(|&at| at > 0) {
        let glued = &line[at..];
        if let Some(clue) = request(glued).or_else(|| response(glued)) {
            return Some(clue);
        }
    }
    let t = line.trim();
    let meter = t.starts_with("% Total")
        || t.starts_with("Dload")
        || (t.contains("--:--:--")
            && t.starts_with(|c: char| c.is_ascii_digit())
            && !t.contains('{'));
    meter.then_some(Clue::Chatter)
}

/// `curl: (22) The requested URL returned error: 403` (older curl adds the reason phrase).
fn fail(line: &str) -> Option<Clue<'_>> {
    const TEXT: &str = "curl: (22) The requested URL returned error: ";
    let at = line.find(TEXT)?;
    let rest = &line[at + TEXT.len()..];
    let status = three_digit_status(rest.get(..3)?, 400)?;
    Some(Clue::ClientStatus(ClientStatus {
        status,
        context: Context::Curl,
        url: None,
        method: None,
    }))
}

fn command(line: &str) -> Option<Clue<'_>> {
    if !line.contains("http") {
        return None;
    }
    curl_command(line).map(Clue::Command)
}

/// Splits a shell command line into words, honouring '…' and "…" quoting (enough for pasted commands).
pub(crate) fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The request of a pasted `curl` command line: method (`-X`, else POST with data, else GET), URL and token.
pub(crate) fn curl_command(text: &str) -> Option<PastedCommand> {
    let words = shell_words(text);
    let at = words
        .iter()
        .position(|w| w == "curl" || w == "curl.exe" || w.ends_with("/curl"))?;
    let mut req = PastedCommand::default();
    let mut data = false;
    let mut it = words[at + 1..].iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "-X" | "--request" => req.method = it.next().map(|m| m.to_ascii_uppercase()),
            "-H" | "--header" => {
                if let Some((name, value)) = it.next().and_then(|h| h.split_once(':')) {
                    if name.trim().eq_ignore_ascii_case("authorization") {
                        let v = value.trim();
                        let token = v.split_once(' ').map_or(v, |(_, t)| t.trim());
                        req.bearer = Some(Redacted::new(token.to_string()));
                    }
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--json" => {
                data = true;
                // A body given inline (not `@file`) is the request's, for the operation's check.
                req.body = it
                    .next()
                    .filter(|d| !d.starts_with('@'))
                    .map(|d| Redacted::new(d.clone()));
            }
            "-F" | "--form" => {
                data = true;
                it.next();
            }
            w if w.starts_with("-X") && w.len() > 2 => {
                req.method = Some(w[2..].to_ascii_uppercase())
            }
            w if w.starts_with("http://") || w.starts_with("https://") => {
                req.url = Some(w.to_string())
            }
            _ => {}
        }
    }
    req.url.as_ref()?;
    if req.method.is_none() {
        req.method = Some(if data { "POST" } else { "GET" }.to_string());
    }
    Some(req)
}
