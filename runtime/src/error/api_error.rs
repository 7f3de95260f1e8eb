//! [`ApiError`]: an error the service reported in `Response.Error`, its code typed.

use std::borrow::Cow;
use std::fmt;

use super::bounded::{write_bounded, Bounded};
use crate::{CommonCode, ErrorCode, RetryHint};

/// An error the service reported in `Response.Error`, with its code parsed into `C`.
///
/// ```
/// use tcapi::{ApiError, CommonCode, ErrorCode, RetryHint};
/// let e = ApiError::new(CommonCode::parse("AuthFailure.SignatureExpire"), "expired", "r-1");
/// assert_eq!(e.code().as_str(), "AuthFailure.SignatureExpire");
/// assert_eq!(e.retry_hint(), RetryHint::Resign);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiError<C = CommonCode> {
    code: C,
    /// The message followed by the request id: one allocation per error instead of two.
    text: Box<str>,
    message_len: usize,
}

impl<C> ApiError<C> {
    /// An API error, as a decoder or a test double makes it.
    pub fn new(code: C, message: impl Into<String>, request_id: impl Into<String>) -> Self {
        let mut text = message.into();
        let message_len = text.len();
        text.push_str(&request_id.into());
        ApiError {
            code,
            text: text.into_boxed_str(),
            message_len,
        }
    }

    /// An API error from the strings of a body: one allocation when the message is borrowed
    /// from the body, a reallocation of the message when it had to be unescaped.
    pub(crate) fn from_body(code: C, message: Cow<'_, str>, request_id: &str) -> Self {
        let message_len = message.len();
        let text = match message {
            Cow::Borrowed(message) => {
                let mut text = String::with_capacity(message_len + request_id.len());
                text.push_str(message);
                text.push_str(request_id);
                text
            }
            Cow::Owned(mut message) => {
                message.reserve_exact(request_id.len());
                message.push_str(request_id);
                message
            }
        };
        ApiError {
            code,
            text: text.into_boxed_str(),
            message_len,
        }
    }

    /// The error code (`Response.Error.Code`): act on this, never on the message.
    pub fn code(&self) -> &C {
        &self.code
    }

    /// The human-readable message (`Response.Error.Message`), possibly in Chinese; empty if
    /// the body had none.
    pub fn message(&self) -> &str {
        &self.text[..self.message_len]
    }

    /// The `RequestId` of the response; empty if the body had none.
    pub fn request_id(&self) -> &str {
        &self.text[self.message_len..]
    }

    /// The code, message and request id, by value.
    pub fn into_parts(self) -> (C, String, String) {
        let mut message = String::from(self.text);
        let request_id = message.split_off(self.message_len);
        (self.code, message, request_id)
    }
}

impl<C: ErrorCode> ApiError<C> {
    /// The retry hint of the code.
    pub fn retry_hint(&self) -> RetryHint {
        self.code.retry_hint()
    }
    /// The same error typed by another code enum, its code parsed again: what
    /// [`Error::map_code`](crate::Error::map_code) does to an API error.
    pub(super) fn map_code<D: ErrorCode>(self) -> ApiError<D> {
        ApiError {
            code: D::parse(self.code.as_str()),
            text: self.text,
            message_len: self.message_len,
        }
    }
}

impl<C: ErrorCode> fmt::Display for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tencent Cloud API error ")?;
        write_bounded(f, self.code.as_str())?;
        if self.message().is_empty() {
            if let Some(description) = self.code.description() {
                f.write_str(" (")?;
                write_bounded(f, description)?;
                f.write_str(")")?;
            }
        } else {
            f.write_str(": ")?;
            write_bounded(f, self.message())?;
        }
        if !self.request_id().is_empty() {
            f.write_str(" (RequestId ")?;
            write_bounded(f, self.request_id())?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl<C: ErrorCode> std::error::Error for ApiError<C> {}

/// The message is cut to 1 KiB: a service (or an attacker) can send megabytes of it.
impl<C: fmt::Debug> fmt::Debug for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.code)
            .field("message", &Bounded(self.message()))
            .field("request_id", &Bounded(self.request_id()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    #[test]
    fn api_error_parts_survive_the_single_allocation() {
        let made = ApiError::new(CommonCode::InternalError, "ab", "c");
        let decoded = ApiError::from_body(CommonCode::InternalError, Cow::Borrowed("ab"), "c");
        let unescaped =
            ApiError::from_body(CommonCode::InternalError, Cow::Owned("ab".to_owned()), "c");
        for e in [&made, &decoded, &unescaped] {
            assert_eq!((e.message(), e.request_id()), ("ab", "c"));
        }
        assert_eq!(made, decoded);
        assert_eq!(made, unescaped);
        // Same text, different split: different errors.
        assert_ne!(made, ApiError::new(CommonCode::InternalError, "a", "bc"));
        assert_eq!(
            decoded.into_parts(),
            (CommonCode::InternalError, "ab".to_owned(), "c".to_owned())
        );
        let empty = ApiError::new(CommonCode::InternalError, "", "");
        assert_eq!((empty.message(), empty.request_id()), ("", ""));
    }

    use super::*;
}
