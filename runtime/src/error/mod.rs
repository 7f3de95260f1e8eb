//! [`Error`]: everything that can go wrong between sending a request and holding a typed
//! response, each case with a [`RetryHint`](crate::RetryHint) and a `Display` a person can act
//! on.
//!
//! | variant | what happened | retry hint |
//! |---|---|---|
//! | [`Error::Api`] | the service answered `Response.Error` | from the code ([`ErrorCode::retry_hint`](crate::ErrorCode::retry_hint)) |
//! | [`Error::InvalidBody`] | the body is not a valid API 3.0 envelope | `Transient` for an empty, non-JSON or truncated body, else `Never` |
//! | [`Error::Legacy`] | an API 2.0 error body `{"code": ..., "message": ...}` | from `codeDesc`'s category |
//! | [`Error::Http`] | an HTTP status other than 200 | `Throttled` for 429, `Transient` for 5xx, else `Never` |
//! | [`Error::Transport`] | no complete response (connect, timeout, reset, size cap) | `Transient` for connect, timeout and closed connections |
//!
//! A failure that provably sent nothing (a connection never established) says so through
//! [`Error::sent_nothing`]; [`crate::retry`] states what retries make of it.
//!
//! One file per error type: [`Error`] itself in `core_error`, then [`ApiError`],
//! [`BodyError`] (with [`BodyErrorKind`]), [`LegacyError`], [`HttpError`] and
//! [`TransportError`] (with [`TransportErrorKind`]); `bounded` holds what they share, the
//! bounds on what an error keeps of a body and prints of a message, and `redact` what they
//! keep of a JSON body: its structure, never a value (a value may be a secret).

mod api_error;
mod body_error;
mod bounded;
mod core_error;
mod http_error;
mod legacy_error;
mod redact;
mod transport_error;

pub use api_error::ApiError;
pub use body_error::{BodyError, BodyErrorKind};
pub(crate) use bounded::bounded;
// The decoder's tests check the positions its errors report.
#[cfg(test)]
pub(crate) use bounded::line_column;
pub use core_error::Error;
pub use http_error::HttpError;
pub use legacy_error::LegacyError;
pub use transport_error::{TransportError, TransportErrorKind};
