//! [`Error`]: everything that can go wrong between sending a request and holding a typed
//! response, each case with a [`RetryHint`] and a `Display` a person can act on.
//!
//! | variant | what happened | retry hint |
//! |---|---|---|
//! | [`Error::Api`] | the service answered `Response.Error` | from the code ([`ErrorCode::retry_hint`]) |
//! | [`Error::InvalidBody`] | the body is not a valid API 3.0 envelope | `Transient` for a non-JSON or truncated body, else `Never` |
//! | [`Error::Legacy`] | an API 2.0 error body `{"code": ..., "message": ...}` | from `codeDesc`'s category |
//! | [`Error::Http`] | an HTTP status other than 200 | `Throttled` for 429, `Transient` for 5xx, else `Never` |
//! | [`Error::Transport`] | no complete response (connect, timeout, reset, size cap) | `Transient` for connect, timeout and closed connections |
//!
//! A failure that provably sent nothing (a connection never established) says so through
//! [`Error::sent_nothing`]; [`crate::retry`] states what retries make of it.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use crate::{Category, CommonCode, ErrorCode, RetryHint};

/// The longest excerpt of a body an error keeps, in bytes.
pub(crate) const EXCERPT_LEN: usize = 160;
/// The longest detail message or API message `Display` prints, in bytes.
const DISPLAY_MESSAGE_LEN: usize = 1024;

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
    /// ([`TransportErrorKind::sent_nothing`]). Every other variant is an answer to a request
    /// that was sent.
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
            Error::Api(e) => Error::Api(ApiError {
                code: D::parse(e.code.as_str()),
                text: e.text,
                message_len: e.message_len,
            }),
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

// ---------------------------------------------------------------------------------------------

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

/// `Debug` of a string, cut to [`DISPLAY_MESSAGE_LEN`] bytes.
struct Bounded<'a>(&'a str);

impl fmt::Debug for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= DISPLAY_MESSAGE_LEN {
            fmt::Debug::fmt(self.0, f)
        } else {
            fmt::Debug::fmt(&bounded(self.0, DISPLAY_MESSAGE_LEN), f)
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// What is wrong with a body that is not a valid API 3.0 envelope.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyErrorKind {
    /// The body is empty or only whitespace.
    Empty,
    /// The body does not start like JSON at all: an HTML gateway page, plain text.
    NotJson,
    /// Malformed JSON: a bad token, invalid UTF-8, a byte-order mark, a number too large for
    /// any JSON number type.
    Syntax,
    /// The body ends in the middle of a value.
    Truncated,
    /// Something follows the JSON value.
    TrailingData,
    /// Nested deeper than the decoder's limit of 128 levels.
    TooDeep,
    /// The top level is not a JSON object (`null`, an array, a string, a number).
    NotAnEnvelope,
    /// The top-level object has no `Response` key (and is not a legacy API 2.0 error).
    MissingResponse,
    /// `Response` is `null` or not an object.
    ResponseNotObject,
    /// A key appears twice: `Response`, `RequestId`, or a field of the response.
    DuplicateKey,
    /// `Response.Error` is not an object.
    ErrorNotObject,
    /// `Response.Error` has no `Code`.
    MissingCode,
    /// `Response.Error.Code` is not a string, or is empty.
    InvalidCode,
    /// `Response.Error.Message` is not a string.
    InvalidMessage,
    /// `Response.RequestId` is not a string.
    InvalidRequestId,
    /// A field the response type requires is absent (or `null` where `null` is not allowed).
    MissingField,
    /// A value has the wrong JSON type for its field.
    WrongType,
    /// A value has the right JSON type but is not acceptable: a number out of range for the
    /// field's type, an unknown enum variant, a bad length.
    InvalidValue,
}

impl BodyErrorKind {
    /// A short description of the kind, as `Display` prints it.
    pub const fn description(self) -> &'static str {
        match self {
            BodyErrorKind::Empty => "the body is empty",
            BodyErrorKind::NotJson => "the body is not JSON",
            BodyErrorKind::Syntax => "the body is malformed JSON",
            BodyErrorKind::Truncated => "the body is truncated",
            BodyErrorKind::TrailingData => "the body has data after its JSON value",
            BodyErrorKind::TooDeep => "the body is nested too deeply",
            BodyErrorKind::NotAnEnvelope => "the body is not a JSON object",
            BodyErrorKind::MissingResponse => "the body has no `Response` object",
            BodyErrorKind::ResponseNotObject => "`Response` is not an object",
            BodyErrorKind::DuplicateKey => "a key appears twice",
            BodyErrorKind::ErrorNotObject => "`Response.Error` is not an object",
            BodyErrorKind::MissingCode => "`Response.Error` has no `Code`",
            BodyErrorKind::InvalidCode => "`Response.Error.Code` is not a non-empty string",
            BodyErrorKind::InvalidMessage => "`Response.Error.Message` is not a string",
            BodyErrorKind::InvalidRequestId => "`Response.RequestId` is not a string",
            BodyErrorKind::MissingField => "a required field is missing",
            BodyErrorKind::WrongType => "a field has the wrong type",
            BodyErrorKind::InvalidValue => "a field has an invalid value",
        }
    }

    /// `Transient` for bodies a gateway or a cut connection produces (not JSON, truncated),
    /// `Never` for the rest: the same request gets the same malformed answer.
    pub const fn retry_hint(self) -> RetryHint {
        match self {
            BodyErrorKind::NotJson | BodyErrorKind::Truncated => RetryHint::Transient,
            _ => RetryHint::Never,
        }
    }
}

impl fmt::Display for BodyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// A body that is not a valid API 3.0 envelope: what is wrong, where, and a bounded excerpt
/// of the bytes around that place (never the whole body).
///
/// ```
/// use tcapi::{BodyErrorKind, Decoded, Error, RetryHint, TencentResponse};
///
/// let page = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
/// let Err(Error::InvalidBody(e)) = Decoded::<serde_json::Value>::from_slice(page) else { panic!() };
/// assert_eq!(e.kind(), BodyErrorKind::NotJson);
/// assert_eq!(e.retry_hint(), RetryHint::Transient);
/// assert!(e.excerpt().starts_with("<html>"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyError {
    kind: BodyErrorKind,
    detail: Box<str>,
    key: Option<Box<str>>,
    line: usize,
    column: usize,
    offset: usize,
    excerpt: Box<str>,
    request_id: Option<Box<str>>,
}

impl BodyError {
    /// A body error of `kind` at byte `offset` of `body`, with a detail message (bounded to
    /// a few hundred bytes; longer messages are cut).
    pub fn new(kind: BodyErrorKind, detail: &str, body: &[u8], offset: usize) -> Self {
        let offset = offset.min(body.len());
        let (line, column) = line_column(body, offset);
        BodyError {
            kind,
            detail: bounded(detail, 2 * EXCERPT_LEN).into(),
            key: None,
            line,
            column,
            offset,
            excerpt: excerpt(body, offset).into(),
            request_id: None,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> BodyErrorKind {
        self.kind
    }

    /// The decoder's own message (for JSON errors, serde_json's), bounded in length.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The key of `Response` at fault, when there is one (`"Seed"`, `"RequestId"`,
    /// `"Error"`; `"Response"` for a missing or malformed `Response`).
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The 1-based line of the fault.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in bytes) of the fault.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The byte offset of the fault in the body.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Up to 160 bytes of the body around the fault (from its start for a body that is not
    /// JSON), decoded lossily as UTF-8.
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The `RequestId`, when the decoder saw one before giving up.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The kind's retry hint: see [`BodyErrorKind::retry_hint`].
    pub fn retry_hint(&self) -> RetryHint {
        self.kind.retry_hint()
    }

    pub(crate) fn with_key(mut self, key: Option<&str>) -> Self {
        self.key = key.map(|k| bounded(k, EXCERPT_LEN).into());
        self
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<&str>) -> Self {
        self.request_id = request_id
            .filter(|id| !id.is_empty())
            .map(|id| bounded(id, EXCERPT_LEN).into());
        self
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Tencent Cloud response body: {}", self.kind)?;
        if let Some(key) = &self.key {
            write!(f, " (key `{key}`)")?;
        }
        if !self.detail.is_empty() {
            f.write_str(": ")?;
            f.write_str(&self.detail)?;
        }
        write!(f, " at line {} column {}", self.line, self.column)?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        write_excerpt(f, "; body near there: ", &self.excerpt)
    }
}

impl std::error::Error for BodyError {}

/// Writes a body excerpt in backquotes after `label`, control characters escaped so that a
/// hostile body cannot rewrite the terminal or the log line; nothing for an empty excerpt.
fn write_excerpt(f: &mut fmt::Formatter<'_>, label: &str, excerpt: &str) -> fmt::Result {
    if excerpt.is_empty() {
        return Ok(());
    }
    f.write_str(label)?;
    f.write_char('`')?;
    for c in excerpt.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_default())?;
        } else {
            f.write_char(c)?;
        }
    }
    f.write_char('`')
}

// ---------------------------------------------------------------------------------------------

/// The legacy API 2.0 error body `{"code": <non-zero>, "message": ..., "codeDesc": ...}`,
/// which some endpoints still return instead of an API 3.0 envelope.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LegacyError {
    code: i64,
    message: String,
    code_desc: Option<String>,
}

impl LegacyError {
    /// A legacy error, as a decoder or a test double makes it.
    pub fn new(code: i64, message: impl Into<String>, code_desc: Option<String>) -> Self {
        LegacyError {
            code,
            message: message.into(),
            code_desc,
        }
    }

    /// The numeric `code` (never 0: 0 means success in API 2.0).
    pub fn code(&self) -> i64 {
        self.code
    }

    /// The `message`; empty if the body had none.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The textual `codeDesc` (`"InvalidParameter"`, `"AuthFailure"`...), when present.
    pub fn code_desc(&self) -> Option<&str> {
        self.code_desc.as_deref()
    }

    /// The default hint of `codeDesc`'s category (read as an API 3.0 code), else `Never`.
    pub fn retry_hint(&self) -> RetryHint {
        match &self.code_desc {
            Some(desc) => Category::of(desc).default_retry_hint(),
            None => RetryHint::Never,
        }
    }
}

impl fmt::Display for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tencent Cloud API 2.0 error {}", self.code)?;
        if let Some(desc) = &self.code_desc {
            f.write_str(" (")?;
            write_bounded(f, desc)?;
            f.write_str(")")?;
        }
        if !self.message.is_empty() {
            f.write_str(": ")?;
            write_bounded(f, &self.message)?;
        }
        f.write_str(
            "; the endpoint answered with the legacy API 2.0 format: check the endpoint and action",
        )
    }
}

impl std::error::Error for LegacyError {}

impl fmt::Debug for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyError")
            .field("code", &self.code)
            .field("message", &Bounded(&self.message))
            .field("code_desc", &self.code_desc.as_deref().map(Bounded))
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------

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
    /// An error for `status`, keeping at most 160 bytes of the start of `body`.
    pub fn new(status: u16, body: &[u8]) -> HttpError {
        HttpError {
            status,
            excerpt: excerpt(body, 0).into(),
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

// ---------------------------------------------------------------------------------------------

/// What kind of transport failure a [`TransportError`] is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    Connect,
    /// The request or the response took longer than the configured timeout.
    Timeout,
    /// The connection closed or reset before the whole response arrived.
    ConnectionClosed,
    /// The connection closed before the request's first byte was written: a pooled
    /// connection the server had closed, found out before anything was sent on it.
    NotSent,
    /// The response body exceeded the configured size cap.
    BodyTooLarge,
    /// Credentials could not be obtained (a provider failed).
    Credentials,
    /// Any other failure.
    Other,
}

impl TransportErrorKind {
    /// A short description of the kind, as `Display` prints it.
    pub const fn description(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "could not connect to the API endpoint",
            TransportErrorKind::Timeout => "the request timed out",
            TransportErrorKind::ConnectionClosed => {
                "the connection closed before the response was complete"
            }
            TransportErrorKind::NotSent => "the connection closed before the request was sent",
            TransportErrorKind::BodyTooLarge => "the response body exceeds the size limit",
            TransportErrorKind::Credentials => "could not obtain credentials",
            TransportErrorKind::Other => "the request failed",
        }
    }

    /// `Transient` for `Connect`, `Timeout`, `ConnectionClosed` and `NotSent` (trying again
    /// may well succeed), `Never` for the rest.
    ///
    /// Whether a `Transient` failure may have executed the request is a separate fact,
    /// [`TransportErrorKind::sent_nothing`]: a timeout or a closed connection may have, a
    /// connection never established has not.
    pub const fn retry_hint(self) -> RetryHint {
        match self {
            TransportErrorKind::Connect
            | TransportErrorKind::Timeout
            | TransportErrorKind::ConnectionClosed
            | TransportErrorKind::NotSent => RetryHint::Transient,
            _ => RetryHint::Never,
        }
    }

    /// Whether a failure of this kind provably sent nothing to the service: `Connect` (no
    /// connection, so no request; a TLS handshake precedes the request's first byte),
    /// `NotSent` (the HTTP layer handed the request back unwritten) and `Credentials`
    /// (nothing can be signed, so nothing is sent). [`crate::retry`] states what retries make
    /// of it.
    pub const fn sent_nothing(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect
                | TransportErrorKind::NotSent
                | TransportErrorKind::Credentials
        )
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// No complete response arrived. Holds the underlying error as its
/// [`source`](std::error::Error::source).
///
/// **Redaction is the caller's job**: `Display` prints the source's `Display`, so never pass
/// an error whose message contains a secret key, a token or a signature.
///
/// ```
/// use tcapi::{RetryHint, TransportError, TransportErrorKind};
/// let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
/// let e = TransportError::new(TransportErrorKind::Connect, io);
/// assert_eq!(e.kind(), TransportErrorKind::Connect);
/// assert_eq!(e.retry_hint(), RetryHint::Transient);
/// assert!(e.sent_nothing()); // so retried even for a request that is not idempotent
/// assert_eq!(e.to_string(), "could not connect to the API endpoint: connection refused");
/// ```
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`. `source`'s `Display` must not contain
    /// secrets.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The kind's retry hint: see [`TransportErrorKind::retry_hint`].
    pub fn retry_hint(&self) -> RetryHint {
        self.kind.retry_hint()
    }

    /// Whether the request provably never reached the service: see
    /// [`TransportErrorKind::sent_nothing`].
    pub fn sent_nothing(&self) -> bool {
        self.kind.sent_nothing()
    }

    /// The underlying error, by value.
    pub fn into_source(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<std::io::Error> for TransportError {
    /// Classifies an I/O error by its kind (timeouts, resets and refusals).
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let kind = match e.kind() {
            K::TimedOut | K::WouldBlock => TransportErrorKind::Timeout,
            K::ConnectionRefused | K::NotConnected | K::AddrNotAvailable => {
                TransportErrorKind::Connect
            }
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                TransportErrorKind::ConnectionClosed
            }
            _ => TransportErrorKind::Other,
        };
        TransportError::new(kind, e)
    }
}

// ---------------------------------------------------------------------------------------------

/// `s` cut to at most `max` bytes at a char boundary, with `…` when cut.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push('…');
    out
}

fn write_bounded(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    if s.len() <= DISPLAY_MESSAGE_LEN {
        f.write_str(s)
    } else {
        f.write_str(&bounded(s, DISPLAY_MESSAGE_LEN))
    }
}

/// At most `EXCERPT_LEN` bytes of `body` around `offset` (a quarter before, the rest after),
/// decoded lossily.
pub(crate) fn excerpt(body: &[u8], offset: usize) -> String {
    let offset = offset.min(body.len());
    let start = offset.saturating_sub(EXCERPT_LEN / 4);
    let end = (start + EXCERPT_LEN).min(body.len());
    let mut text = String::from_utf8_lossy(&body[start..end]).into_owned();
    // Lossy decoding can only grow the text (U+FFFD is 3 bytes); cut it back.
    if text.len() > EXCERPT_LEN + 8 {
        text = bounded(&text, EXCERPT_LEN);
    }
    text
}

/// The 1-based line and column (in bytes) of `offset`.
pub(crate) fn line_column(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
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

    #[test]
    fn excerpt_is_bounded_and_lossy() {
        let body = vec![0xffu8; 10_000];
        let e = excerpt(&body, 5_000);
        assert!(e.len() <= EXCERPT_LEN + 8);
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column(b"", 0), (1, 1));
    }

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
