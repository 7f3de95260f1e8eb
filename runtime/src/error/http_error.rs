//! [`HttpError`]: an HTTP status other than 200, with an excerpt of its body.

use std::fmt;

use super::bounded::{bounded, excerpt, write_excerpt, EXCERPT_LEN};
use super::redact;
use crate::RetryHint;

/// The endpoint answered with an HTTP status other than 200 (Tencent Cloud API 3.0 reports
/// its own errors with status 200, so this comes from a gateway, a proxy or an overload).
///
/// ```
/// use tcapi::{HttpError, RetryHint};
/// let e = HttpError::new(502, b"<html>Bad Gateway</html>");
/// assert_eq!(e.status(), 502);
/// assert_eq!(e.retry_hint(), RetryHint::Transient);
/// assert_eq!(HttpError::new(429, b"").retry_hint(), RetryHint::Throttled);
/// assert_eq!(e.to_string(), "HTTP status 502 Bad Gateway from the API endpoint; body: `<html>Bad Gateway</html>`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpError {
    status: u16,
    excerpt: Box<str>,
    request_id: Option<Box<str>>,
}

impl HttpError {
    /// An error for `status`, keeping at most 160 bytes of the start of `body`: as they are,
    /// or, for a body that starts like JSON (`{`, `[`), its keys and punctuation only, every
    /// value replaced by `…` (a value may be a secret).
    pub fn new(status: u16, body: &[u8]) -> HttpError {
        let excerpt = if redact::starts_like_json(body) {
            redact::json_excerpt(body, 0)
        } else {
            excerpt(body, 0)
        };
        HttpError {
            status,
            excerpt: excerpt.into(),
            request_id: None,
        }
    }

    /// Records a request id (for example from a response header).
    #[must_use]
    pub fn with_request_id(mut self, request_id: &str) -> HttpError {
        self.request_id = Some(bounded(request_id, EXCERPT_LEN).into());
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The start of the body (at most 160 bytes, decoded lossily as UTF-8).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The request id given to [`HttpError::with_request_id`].
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// `Throttled` for 429, `Transient` for every 5xx (502, 503 and 504 included), `Never`
    /// otherwise.
    pub fn retry_hint(&self) -> RetryHint {
        match self.status {
            429 => RetryHint::Throttled,
            500..=599 => RetryHint::Transient,
            _ => RetryHint::Never,
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP status {}", self.status)?;
        if let Some(reason) = reason_phrase(self.status) {
            write!(f, " {reason}")?;
        }
        f.write_str(" from the API endpoint")?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        write_excerpt(f, "; body: ", &self.excerpt)
    }
}

impl std::error::Error for HttpError {}

fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_hints() {
        for (status, hint) in [
            (429, RetryHint::Throttled),
            (500, RetryHint::Transient),
            (502, RetryHint::Transient),
            (503, RetryHint::Transient),
            (504, RetryHint::Transient),
            (599, RetryHint::Transient),
            (400, RetryHint::Never),
            (404, RetryHint::Never),
        ] {
            assert_eq!(HttpError::new(status, b"").retry_hint(), hint, "{status}");
        }
    }
}
