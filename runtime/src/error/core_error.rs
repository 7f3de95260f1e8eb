//! [`Error`], the error of a call: one variant per way it can fail, the accessors that ask any
//! variant what to do about it, and the conversions from each variant's type.

use std::fmt;

use super::{ApiError, BodyError, HttpError, LegacyError, TransportError};
use crate::{CommonCode, ErrorCode, RetryHint};

/// The error of a Tencent Cloud API call, typed by the product's error-code enum `C`.
///
/// Decoding a response ([`TencentResponse::from_slice`](crate::TencentResponse::from_slice),
/// [`decode`](crate::decode())) gives `Api`, `InvalidBody` or `Legacy`; an HTTP client adds
/// `Http` and `Transport`. Match on the variant for details, or ask the error directly what to
/// do about it:
///
/// ```
/// use tcapi::{CommonCode, Error, RetryHint, TencentResponse, Decoded};
///
/// let body = br#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too fast"},"RequestId":"r-1"}}"#;
/// let err: Error = Decoded::<serde_json::Value>::from_slice(body).unwrap_err();
/// assert_eq!(err.retry_hint(), RetryHint::Throttled);
/// assert_eq!(err.request_id(), Some("r-1"));
/// match &err {
///     Error::Api(api) => assert_eq!(api.code(), &CommonCode::RequestLimitExceeded),
///     other => panic!("unexpected {other}"),
/// }
/// assert_eq!(err.to_string(), "Tencent Cloud API error RequestLimitExceeded: too fast (RequestId r-1)");
/// ```
#[non_exhaustive]
pub enum Error<C = CommonCode> {
    /// The service reported an error: `{"Response": {"Error": {"Code": ..., "Message": ...}}}`.
    Api(ApiError<C>),
    /// The body is not a valid API 3.0 envelope: malformed JSON, an HTML page, a missing
    /// `Response`, an `Error` without `Code`, a field of the wrong type...
    InvalidBody(BodyError),
    /// The legacy API 2.0 error body `{"code": <non-zero>, "message": ..., "codeDesc": ...}`.
    Legacy(LegacyError),
    /// The endpoint answered with an HTTP status other than 200.
    Http(HttpError),
    /// No complete response arrived: connection refused or reset, timeout, body too large,
    /// credentials unavailable.
    Transport(TransportError),
}

impl<C: ErrorCode> Error<C> {
    /// What to do about the error; see [`RetryHint`].
    ///
    /// API errors take the hint of their code; the other variants document theirs.
    pub fn retry_hint(&self) -> RetryHint {
        match self {
            Error::Api(e) => e.retry_hint(),
            Error::InvalidBody(e) => e.retry_hint(),
            Error::Legacy(e) => e.retry_hint(),
            Error::Http(e) => e.retry_hint(),
            Error::Transport(e) => e.retry_hint(),
        }
    }

    /// The API error code, when the service reported one.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Api(e) => Some(e.code()),
            _ => None,
        }
    }
}

impl<C> Error<C> {
    /// Whether the request provably never reached the service, so that it cannot have been
    /// executed: true only for a [`TransportError`] whose kind says so
    /// ([`TransportErrorKind::sent_nothing`](crate::TransportErrorKind::sent_nothing)). Every
    /// other variant is an answer to a request that was sent.
    pub fn sent_nothing(&self) -> bool {
        match self {
            Error::Transport(e) => e.sent_nothing(),
            Error::Api(_) | Error::InvalidBody(_) | Error::Legacy(_) | Error::Http(_) => false,
        }
    }

    /// The `RequestId` of the response, when the body carried one (quote it to Tencent
    /// Cloud support). An empty `RequestId` counts as none.
    pub fn request_id(&self) -> Option<&str> {
        let id = match self {
            Error::Api(e) => Some(e.request_id()),
            Error::InvalidBody(e) => e.request_id(),
            Error::Http(e) => e.request_id(),
            Error::Legacy(_) | Error::Transport(_) => None,
        };
        id.filter(|id| !id.is_empty())
    }

    /// Converts the error to one typed by another code enum, re-parsing the code of an API
    /// error (useful to widen a product error to [`CommonCode`] or back).
    pub fn map_code<D: ErrorCode>(self) -> Error<D>
    where
        C: ErrorCode,
    {
        match self {
            Error::Api(e) => Error::Api(e.map_code()),
            Error::InvalidBody(e) => Error::InvalidBody(e),
            Error::Legacy(e) => Error::Legacy(e),
            Error::Http(e) => Error::Http(e),
            Error::Transport(e) => Error::Transport(e),
        }
    }
}

impl<C: fmt::Debug> fmt::Debug for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::InvalidBody(e) => f.debug_tuple("InvalidBody").field(e).finish(),
            Error::Legacy(e) => f.debug_tuple("Legacy").field(e).finish(),
            Error::Http(e) => f.debug_tuple("Http").field(e).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
        }
    }
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::InvalidBody(e) => fmt::Display::fmt(e, f),
            Error::Legacy(e) => fmt::Display::fmt(e, f),
            Error::Http(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl<C> From<ApiError<C>> for Error<C> {
    fn from(e: ApiError<C>) -> Self {
        Error::Api(e)
    }
}

impl<C> From<BodyError> for Error<C> {
    fn from(e: BodyError) -> Self {
        Error::InvalidBody(e)
    }
}

impl<C> From<LegacyError> for Error<C> {
    fn from(e: LegacyError) -> Self {
        Error::Legacy(e)
    }
}

impl<C> From<HttpError> for Error<C> {
    fn from(e: HttpError) -> Self {
        Error::Http(e)
    }
}

impl<C> From<TransportError> for Error<C> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}
