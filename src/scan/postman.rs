//! Postman's console: an entry prints the request line, the status alone, the time, then labelled sections
//! (`Request Headers`, `Request Body`, `Response Headers`, `Response Body`), each a label line and its
//! lines. The request's headers and body are the request's (its body is checked against the operation),
//! the response's the response's.

use super::*;

/// A Postman console entry being read.
#[derive(Debug, Default)]
pub(super) struct Console {
    /// The status printed alone under a request line, and its line.
    answered: Option<(u64, u16)>,
    section: Option<Section>,
    /// The request body's lines, as shown.
    sent: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    RequestHeaders,
    RequestBody,
    ResponseHeaders,
    ResponseBody,
}

/// Most lines between the status and the first label (the time, the size, the tab's name).
const LABEL_WAIT: u64 = 4;

/// Longest request body kept (a bigger one is no paste to lint).
const MAX_SENT: usize = 64 * 1024;

impl Console {
    pub(super) fn is_at_rest(&self) -> bool {
        self.answered.is_none() && self.section.is_none()
    }

    pub(super) fn is_open(&self) -> bool {
        self.answered.is_some()
    }
}

impl Scanner {
    /// A status alone under a request line (`POST https://…` then `400`): a Postman entry may follow.
    pub(super) fn note_answered(&mut self, number: u64, status: u16) {
        if self.request.path.is_some() {
            self.console = Console {
                answered: Some((number, status)),
                ..Console::default()
            };
        }
    }

    /// A line of a Postman console entry; true when used up here.
    pub(super) fn console_line<E>(
        &mut self,
        number: u64,
        text: &str,
        emit: Emit<'_, E>,
    ) -> Result<bool, E> {
        let Some((at, status)) = self.console.answered else {
            return Ok(false);
        };
        let label = match text.trim_end() {
            "Request Headers" => Some(Section::RequestHeaders),
            "Request Body" => Some(Section::RequestBody),
            "Response Headers" => Some(Section::ResponseHeaders),
            "Response Body" => Some(Section::ResponseBody),
            _ => None,
        };
        if let Some(section) = label {
            self.console.section = Some(section);
            if matches!(section, Section::ResponseHeaders | Section::ResponseBody) {
                if self.head.is_none() {
                    self.start_head(at, status, Context::Plain, emit)?;
                }
                let sent = std::mem::take(&mut self.console.sent);
                if !sent.trim().is_empty() {
                    self.request.body = Some(Redacted::new(sent));
                }
            }
            if section == Section::ResponseBody {
                if let Some(h) = self.head.as_mut() {
                    h.in_headers = false;
                }
            }
            return Ok(true);
        }
        match self.console.section {
            // The time, the size and the tab's name before the first label (`187 ms`, `Network`).
            None if number <= at + LABEL_WAIT && is_console_note(text) => return Ok(true),
            None => self.console = Console::default(),
            Some(Section::RequestHeaders) => {
                if let Some((name, value)) = text.split_once(':') {
                    let (name, value) = (name.trim(), value.trim());
                    if name.eq_ignore_ascii_case("host") {
                        self.request.host = Some(value.to_string());
                    } else if name.eq_ignore_ascii_case("authorization") {
                        let token = value.split_once(' ').map_or(value, |(_, t)| t.trim());
                        self.request.bearer = Some(Redacted::new(token.to_string()));
                    }
                }
                return Ok(true);
            }
            Some(Section::RequestBody) => {
                if self.console.sent.len() + text.len() < MAX_SENT {
                    self.console.sent.push_str(text);
                    self.console.sent.push('\n');
                }
                return Ok(true);
            }
            // Read as a head's headers.
            Some(Section::ResponseHeaders) => {}
            // The body: read as usual, and the entry ends with it.
            Some(Section::ResponseBody) => self.console = Console::default(),
        }
        Ok(false)
    }
}

/// What Postman prints between the status and the sections: the time (`187 ms`), the size (`1.2 KB`), the
/// tab's name (`Network`).
fn is_console_note(text: &str) -> bool {
    let t = text.trim();
    if t == "Network" {
        return true;
    }
    let Some((number, unit)) = t.split_once(' ') else {
        return false;
    };
    matches!(unit, "ms" | "s" | "B" | "KB" | "MB")
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}
