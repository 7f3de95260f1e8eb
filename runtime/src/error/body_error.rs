//! [`BodyError`] and [`BodyErrorKind`]: a body that is not a valid API 3.0 envelope, what is
//! wrong with it and where.

use std::fmt;

use super::bounded::{bounded, excerpt, line_column, write_excerpt, EXCERPT_LEN};
use super::redact;
use crate::RetryHint;

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

    /// `Transient` for bodies a gateway or a cut connection produces (empty, not JSON,
    /// truncated), `Never` for the rest: the same request gets the same malformed answer.
    ///
    /// An empty body is a transport failure (a connection closed after the head, a proxy
    /// that dropped the body), not an answer of the service, so it is retried like a
    /// truncated one: for idempotent requests only, since the service may have executed it.
    pub const fn retry_hint(self) -> RetryHint {
        match self {
            BodyErrorKind::Empty | BodyErrorKind::NotJson | BodyErrorKind::Truncated => {
                RetryHint::Transient
            }
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
    ///
    /// Neither keeps a value of the body, which may be a secret: the excerpt of a body of any
    /// kind but [`NotJson`](BodyErrorKind::NotJson) shows its keys and punctuation with every
    /// value replaced by `…`, and the detail shows every value it quotes as `"…"` or `` `…` ``
    /// (field names and what the type expected are kept).
    ///
    /// ```
    /// use tcapi::{BodyError, BodyErrorKind};
    /// let body = br#"{"Response":{"Token":"tok-1","ExpiredTime":"soon"}}"#;
    /// let e = BodyError::new(BodyErrorKind::WrongType, r#"invalid type: string "soon", expected i64"#, body, 0);
    /// assert_eq!(e.excerpt(), r#"{"Response":{"Token":"…","ExpiredTime":"…"}}"#);
    /// assert_eq!(e.detail(), r#"invalid type: string "…", expected i64"#);
    /// ```
    pub fn new(kind: BodyErrorKind, detail: &str, body: &[u8], offset: usize) -> Self {
        let offset = offset.min(body.len());
        let (line, column) = line_column(body, offset);
        let excerpt = match kind {
            BodyErrorKind::NotJson => excerpt(body, offset),
            _ => redact::json_excerpt(body, offset),
        };
        BodyError {
            kind,
            detail: bounded(&redact::detail(detail), 2 * EXCERPT_LEN).into(),
            key: None,
            line,
            column,
            offset,
            excerpt: excerpt.into(),
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
    /// JSON), decoded lossily as UTF-8; the values of a JSON body replaced by `…` (see
    /// [`BodyError::new`]).
    ///
    /// ```
    /// use tcapi::{Decoded, Error, TencentResponse};
    /// let cut = br#"{"Response":{"Credentials":{"TmpSecretId":"AKIDsts7","TmpSecretKey":"STSSECRET-7"#;
    /// let Err(Error::InvalidBody(e)) = Decoded::<serde_json::Value>::from_slice(cut) else { panic!() };
    /// assert!(e.excerpt().ends_with(r#""…","TmpSecretKey":"…"#), "{}", e.excerpt());
    /// assert!(!e.to_string().contains("STSSECRET"));
    /// ```
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
