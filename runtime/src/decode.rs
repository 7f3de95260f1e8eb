//! Single-pass decoding of the API 3.0 envelope, shared by `#[derive(TencentResponse)]` and
//! [`decode`] for any `serde::Deserialize` type.
//!
//! # How a body is read
//!
//! One `serde_json` pass walks the top-level object. Inside `Response` the decoder takes
//! `Error` and `RequestId` for itself and hands every other key to the data type. Once a valid
//! `Error` has been read, the remaining data keys are skipped unread.
//!
//! A streaming parser cannot resume after a data field fails (`"Seed": "x"` for an `i64`):
//! it stops in the middle of the value. So when the data type fails *before* `Error` was
//! seen, the decoder makes a second, bounded pass over the same bytes that reads nothing but
//! `Response.Error` and `Response.RequestId`. That pass runs only on the failure path, so
//! successful bodies and ordinary error bodies are read exactly once, and `Error` wins wherever
//! it stands in a well-formed body.
//!
//! # Defined outcomes
//!
//! | body | result |
//! |---|---|
//! | `Response.Error` with a non-empty string `Code`, anywhere in `Response` | [`Error::Api`] |
//! | `Response.Error` not an object, without `Code`, `Code` not a string or empty beside a message, `Message` not a string | [`Error::InvalidBody`] (`ErrorNotObject`, `MissingCode`, `InvalidCode`, `InvalidMessage`) |
//! | `"Error": null`, or `{"Code": "", "Message": ""}` (tbp's placeholder on success) | as if `Error` were absent |
//! | `Error` twice | the first one counts |
//! | `RequestId` missing or `null` | `None`; a `String` request-id field then makes it `MissingField` |
//! | `RequestId` not a string, or twice (without `Error`) | `InvalidRequestId`, `DuplicateKey` |
//! | a data key twice (without `Error`) | `DuplicateKey` |
//! | `Response` twice, `null`, or not an object | `DuplicateKey`, `ResponseNotObject` |
//! | no `Response`, top-level `code` a non-zero integer | [`Error::Legacy`] |
//! | no `Response` otherwise | `MissingResponse` |
//! | malformed JSON anywhere (even after a valid `Error`) | `Syntax`, `Truncated`, `TrailingData`, `TooDeep` |
//! | a key with invalid UTF-8, a raw control character or a lone surrogate escape | `Syntax` (malformed JSON) |
//! | empty, or not starting like JSON, or not an object | `Empty`, `NotJson`, `NotAnEnvelope` |
//!
//! Keys are read as bytes (serde_json's `deserialize_bytes` skips the UTF-8 check) and matched
//! byte for byte against the keys the decoder and the derived type look for, which saves a
//! UTF-8 check per key; a key that matches none is checked as serde_json checks a string. One
//! leniency follows: in a key that no one looks for *and* that has escapes, a raw control
//! character cannot be told from an escaped one once serde_json has decoded the key, so it is
//! accepted.
//!
//! # Limits
//!
//! Nesting is limited to 128 levels by `serde_json` on every path (the decoder's wrappers add
//! no recursion of their own), so no input overflows the stack. Memory grows with the body
//! and the data it decodes into; error messages and excerpts are bounded. `serde`'s own
//! "invalid type" message formats the offending value once (for a 50 MB string, one more
//! transient 50 MB), which the decoder then cuts to a few hundred bytes.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};

use crate::error::bounded;
use crate::{
    ApiError, BodyError, BodyErrorKind, CommonCode, Error, ErrorCode, LegacyError, TencentResponse,
};

// ---------------------------------------------------------------------------------------------
// Public API

/// A `T` decoded from the `Response` object of a successful call, with its `RequestId`.
///
/// `Decoded<T, C>` implements [`TencentResponse`] for every `T: serde::de::DeserializeOwned`,
/// so hand-written or generated serde models work wherever a derived response type does,
/// with API errors typed by `C`. It dereferences to `T`.
///
/// `T` sees every key of `Response` except `Error`; `RequestId` is both kept here and passed
/// on to `T`, so a model with its own `RequestId` field gets it too.
///
/// ```
/// use serde::Deserialize;
/// use tcapi::{Decoded, TencentResponse};
///
/// #[derive(Deserialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct Balance { balance: i64 }
///
/// let body = br#"{"Response":{"Balance":42,"RequestId":"r-1"}}"#;
/// let resp = Decoded::<Balance>::from_slice(body)?;
/// assert_eq!(resp.balance, 42);
/// assert_eq!(resp.request_id(), Some("r-1"));
/// # Ok::<(), tcapi::Error>(())
/// ```
pub struct Decoded<T, C = CommonCode> {
    data: T,
    request_id: Option<String>,
    code: PhantomData<fn() -> C>,
}

impl<T, C> Decoded<T, C> {
    /// Wraps data and a request id (for tests and mocks).
    pub fn new(data: T, request_id: Option<String>) -> Self {
        Decoded {
            data,
            request_id,
            code: PhantomData,
        }
    }

    /// The decoded data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The decoded data, by value.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The data and the request id, by value.
    pub fn into_parts(self) -> (T, Option<String>) {
        (self.data, self.request_id)
    }

    /// The `RequestId` of the response, when it had one (an empty one counts as none).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref().filter(|s| !s.is_empty())
    }
}

impl<T, C> Deref for Decoded<T, C> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T: fmt::Debug, C> fmt::Debug for Decoded<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoded")
            .field("data", &self.data)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl<T: Clone, C> Clone for Decoded<T, C> {
    fn clone(&self) -> Self {
        Decoded::new(self.data.clone(), self.request_id.clone())
    }
}

impl<T: PartialEq, C> PartialEq for Decoded<T, C> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && self.request_id == other.request_id
    }
}

impl<T: DeserializeOwned, C: ErrorCode> TencentResponse for Decoded<T, C> {
    type Code = C;

    fn from_slice(bytes: &[u8]) -> Result<Self, Error<C>> {
        decode_with(bytes)
    }

    fn request_id(&self) -> Option<&str> {
        Decoded::request_id(self)
    }
}

/// Decodes a response body into any `T: serde::de::DeserializeOwned` in one pass, with API
/// errors typed by [`CommonCode`]. See [`decode_with`] to choose the code enum, and
/// [`TencentResponse::from_slice`] for what each kind of body gives.
///
/// ```
/// let body = br#"{"Response":{"Error":{"Code":"InternalError","Message":"oops"},"RequestId":"r-2"}}"#;
/// let err = tcapi::decode::<serde_json::Value>(body).unwrap_err();
/// assert_eq!(err.retry_hint(), tcapi::RetryHint::Transient);
/// assert_eq!(err.request_id(), Some("r-2"));
/// ```
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<Decoded<T>, Error> {
    decode_with(bytes)
}

/// [`decode`] with the API error codes typed by `C`:
/// `tcapi::decode_with::<MyModel, AiartCode>(bytes)`.
pub fn decode_with<T: DeserializeOwned, C: ErrorCode>(
    bytes: &[u8],
) -> Result<Decoded<T, C>, Error<C>> {
    let (data, request_id) = run(bytes, Generic::<T>(PhantomData))?;
    Ok(Decoded::new(data, request_id.map(Cow::into_owned)))
}

// ---------------------------------------------------------------------------------------------
// The interface of the derive (re-exported through `__private`)

/// What `#[derive(TencentResponse)]` implements: the fields of `Response` as slots filled
/// key by key, then assembled. Not a public API.
#[doc(hidden)]
pub trait Fields: Sized {
    /// One `Option` per field (and the flatten map, if any).
    type Slots;
    /// The key of each field, by index.
    const KEYS: &'static [&'static str];
    /// Whether unknown keys go to a `#[tencent(flatten)]` field.
    const FLATTEN: bool = false;
    /// Empty slots.
    fn slots() -> Self::Slots;
    /// The index of a key, given as bytes, in [`Fields::KEYS`].
    fn index(key: &[u8]) -> Option<usize>;
    /// Reads the value of field `index`.
    fn visit<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Reads the value of a key no field claims (for a flatten field).
    fn visit_other<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let _ = (slots, key);
        map.next_value::<IgnoredAny>().map(drop)
    }
    /// Assembles the value; `request_id` holds `Response.RequestId`.
    fn build(slots: Self::Slots, request_id: &mut RequestIdSlot<'_>) -> Result<Self, BuildError>;
}

/// `Response.RequestId` as [`Fields::build`] gets it: borrowed from the body when it can be.
/// Not a public API.
#[doc(hidden)]
pub type RequestIdSlot<'de> = Option<Cow<'de, str>>;

/// Why [`Fields::build`] failed. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct BuildError {
    kind: BodyErrorKind,
    key: &'static str,
    detail: String,
}

/// `from_slice` of a derived type. Not a public API.
#[doc(hidden)]
pub fn decode_fields<S: Fields, C: ErrorCode>(bytes: &[u8]) -> Result<S, Error<C>> {
    run(bytes, Derived::<S>(PhantomData)).map(|(value, _)| value)
}

/// The value of a missing field: `None` for an `Option`, an error otherwise.
#[doc(hidden)]
pub fn missing_field<T: DeserializeOwned>(key: &'static str) -> Result<T, BuildError> {
    T::deserialize(MissingDeserializer).map_err(|_| BuildError {
        kind: BodyErrorKind::MissingField,
        key,
        detail: format!("missing field `{key}`"),
    })
}

/// The flatten field, from the keys no other field claimed.
#[doc(hidden)]
pub fn flatten_field<T: DeserializeOwned>(
    map: serde_json::Map<String, serde_json::Value>,
    key: &'static str,
) -> Result<T, BuildError> {
    T::deserialize(serde_json::Value::Object(map)).map_err(|e| BuildError {
        kind: kind_of_message(&bounded_display(&e)),
        key,
        detail: bounded_display(&e),
    })
}

/// The request-id field, from `Response.RequestId`.
#[doc(hidden)]
pub fn request_id_field<T: RequestIdField>(
    request_id: &mut RequestIdSlot<'_>,
) -> Result<T, BuildError> {
    T::from_request_id(request_id.take().map(Cow::into_owned)).ok_or_else(|| BuildError {
        kind: BodyErrorKind::MissingField,
        key: "RequestId",
        detail: "missing field `RequestId`".to_owned(),
    })
}

/// A type that can hold `Response.RequestId`: `String`, `Option<String>`, `Box<str>`,
/// `Option<Box<str>>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold the RequestId",
    label = "the request-id field must be `String` or `Option<String>`",
    note = "`RequestId` goes to the field named `request_id` or marked `#[tencent(request_id)]`"
)]
pub trait RequestIdField: Sized {
    /// The field's value from the body's `RequestId`; `None` if it cannot be absent but is.
    fn from_request_id(id: Option<String>) -> Option<Self>;
    /// The request id the field holds.
    fn as_request_id(&self) -> Option<&str>;
}

impl RequestIdField for String {
    fn from_request_id(id: Option<String>) -> Option<Self> {
        id
    }
    fn as_request_id(&self) -> Option<&str> {
        Some(self).filter(|s| !s.is_empty()).map(String::as_str)
    }
}

impl RequestIdField for Option<String> {
    fn from_request_id(id: Option<String>) -> Option<Self> {
        Some(id)
    }
    fn as_request_id(&self) -> Option<&str> {
        self.as_deref().filter(|s| !s.is_empty())
    }
}

impl RequestIdField for Box<str> {
    fn from_request_id(id: Option<String>) -> Option<Self> {
        id.map(String::into_boxed_str)
    }
    fn as_request_id(&self) -> Option<&str> {
        Some(&**self).filter(|s| !s.is_empty())
    }
}

impl RequestIdField for Option<Box<str>> {
    fn from_request_id(id: Option<String>) -> Option<Self> {
        Some(id.map(String::into_boxed_str))
    }
    fn as_request_id(&self) -> Option<&str> {
        self.as_deref().filter(|s| !s.is_empty())
    }
}

// ---------------------------------------------------------------------------------------------
// The driver

/// Decodes `bytes` with `data` reading the inside of `Response`; on a data failure, makes the
/// bounded second pass that lets a later `Error` win.
fn run<'de, D: Data<'de>, C: ErrorCode>(
    bytes: &'de [u8],
    data: D,
) -> Result<(D::Out, RequestIdSlot<'de>), Error<C>> {
    precheck(bytes)?;
    let mut st = State::new(false);
    let main = walk(bytes, data, &mut st);
    match main {
        Ok(Some(value)) => Ok((value, st.request_id)),
        Ok(None) => Err(outcome_without_data(bytes, st)),
        Err(e) => Err(failed(bytes, &e, st)),
    }
}

/// The outcome of a pass that failed. Kept out of line: successful bodies and API errors
/// never get here.
#[cold]
#[inline(never)]
fn failed<'de, C: ErrorCode>(
    bytes: &'de [u8],
    e: &serde_json::Error,
    mut st: State<'de, C>,
) -> Error<C> {
    if is_malformed(e, &st) {
        return Error::InvalidBody(body_error(bytes, e, &st));
    }
    // The pass stopped mid-stream. A second pass reads the rest: malformed JSON further on
    // wins over everything, and an `Error` further on wins over a data failure.
    let error_may_win = st.fault.as_ref().is_none_or(|f| f.probe);
    let mut probe = State::<C>::new(true);
    let probed = walk(bytes, Probe, &mut probe);
    st.request_id = st.request_id.or_else(|| probe.request_id.clone());
    match probed {
        Err(pe) if error_may_win || is_malformed(&pe, &probe) => {
            Error::InvalidBody(body_error(bytes, &pe, &probe))
        }
        Ok(_) if error_may_win && probe.api.is_some() => outcome_without_data(bytes, probe),
        _ => Error::InvalidBody(body_error(bytes, e, &st)),
    }
}

/// Whether a pass stopped on malformed JSON: serde_json's own syntax errors, or a key the
/// decoder found invalid.
fn is_malformed<C>(e: &serde_json::Error, st: &State<'_, C>) -> bool {
    e.classify() != serde_json::error::Category::Data
        || st
            .fault
            .as_ref()
            .is_some_and(|f| f.kind == BodyErrorKind::Syntax)
}

/// What the first non-whitespace byte already decides.
#[inline]
fn precheck<C>(bytes: &[u8]) -> Result<(), Error<C>> {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match start {
        Some(start) if bytes[start] == b'{' => Ok(()),
        _ => Err(not_an_object(bytes, start)),
    }
}

/// Why a body that does not start with `{` is no envelope.
#[cold]
fn not_an_object<C>(bytes: &[u8], start: Option<usize>) -> Error<C> {
    let Some(start) = start else {
        let detail = if bytes.is_empty() {
            "no bytes"
        } else {
            "only whitespace"
        };
        return Error::InvalidBody(BodyError::new(
            BodyErrorKind::Empty,
            detail,
            bytes,
            bytes.len(),
        ));
    };
    let (kind, detail) = match bytes[start] {
        0xEF if bytes[start..].starts_with(b"\xEF\xBB\xBF") => (
            BodyErrorKind::Syntax,
            "the body starts with a UTF-8 byte-order mark, which JSON does not allow",
        ),
        b'[' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON array, expected an object with `Response`",
        ),
        b'"' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON string, expected an object with `Response`",
        ),
        b'-' | b'0'..=b'9' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON number, expected an object with `Response`",
        ),
        b'n' | b't' | b'f' if is_literal(&bytes[start..]) => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON literal, expected an object with `Response`",
        ),
        b'<' => (
            BodyErrorKind::NotJson,
            "the body looks like HTML or XML (a gateway or proxy page?)",
        ),
        _ => (BodyErrorKind::NotJson, "the body does not start like JSON"),
    };
    let offset = if kind == BodyErrorKind::NotJson {
        0
    } else {
        start
    };
    Error::InvalidBody(BodyError::new(kind, detail, bytes, offset))
}

fn is_literal(rest: &[u8]) -> bool {
    [&b"null"[..], b"true", b"false"]
        .iter()
        .any(|lit| rest.starts_with(lit))
}

/// The result of a well-formed body whose `Response` gave no data: an API error, a legacy
/// error, or an envelope problem.
fn outcome_without_data<C: ErrorCode>(bytes: &[u8], st: State<'_, C>) -> Error<C> {
    if let Some((code, message)) = st.api {
        return Error::Api(ApiError::from_body(
            code,
            message,
            st.request_id.as_deref().unwrap_or_default(),
        ));
    }
    if !st.response_seen {
        if let Some(code) = st.legacy_code.filter(|&c| c != 0) {
            return Error::Legacy(LegacyError::new(
                code,
                st.legacy_message.unwrap_or_default(),
                st.legacy_desc,
            ));
        }
        let start = bytes.iter().position(|&b| b == b'{').unwrap_or(0);
        let detail = "the top-level object has no `Response` key";
        return Error::InvalidBody(
            BodyError::new(BodyErrorKind::MissingResponse, detail, bytes, start)
                .with_key(Some("Response")),
        );
    }
    // Unreachable in practice: a `Response` without data always fails with a fault.
    Error::InvalidBody(
        BodyError::new(BodyErrorKind::ResponseNotObject, "", bytes, 0).with_key(Some("Response")),
    )
}

fn body_error<C>(bytes: &[u8], e: &serde_json::Error, st: &State<'_, C>) -> BodyError {
    use serde_json::error::Category;
    let detail = bounded_display(e);
    let detail = strip_position(&detail);
    let (kind, key) = match e.classify() {
        Category::Eof => (BodyErrorKind::Truncated, None),
        Category::Syntax | Category::Io if detail.starts_with("recursion limit exceeded") => {
            (BodyErrorKind::TooDeep, None)
        }
        Category::Syntax | Category::Io if detail.starts_with("trailing characters") => {
            (BodyErrorKind::TrailingData, None)
        }
        Category::Syntax | Category::Io => (BodyErrorKind::Syntax, None),
        Category::Data => match &st.fault {
            Some(fault) => (fault.kind, fault.key),
            None => {
                let kind = kind_of_message(detail);
                let named = matches!(
                    kind,
                    BodyErrorKind::MissingField | BodyErrorKind::DuplicateKey
                )
                .then(|| backticked(detail))
                .flatten();
                (kind, named.or(st.key.as_deref()))
            }
        },
    };
    let offset = offset_of(bytes, e.line(), e.column());
    BodyError::new(kind, detail, bytes, offset)
        .with_key(key)
        .with_request_id(st.request_id.as_deref())
}

/// The kind of a data error, from serde's standard messages.
fn kind_of_message(message: &str) -> BodyErrorKind {
    if message.starts_with("missing field") {
        BodyErrorKind::MissingField
    } else if message.starts_with("duplicate field") {
        BodyErrorKind::DuplicateKey
    } else if message.starts_with("invalid type") {
        BodyErrorKind::WrongType
    } else {
        BodyErrorKind::InvalidValue
    }
}

/// The first `` `name` `` of a message.
fn backticked(message: &str) -> Option<&str> {
    let rest = &message[message.find('`')? + 1..];
    Some(&rest[..rest.find('`')?])
}

/// `Display` of an error, cut to a few hundred bytes without formatting the rest.
fn bounded_display(e: &impl fmt::Display) -> String {
    struct Capped(String);
    impl fmt::Write for Capped {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let room = 320usize.saturating_sub(self.0.len());
            if s.len() <= room {
                self.0.push_str(s);
                Ok(())
            } else {
                self.0.push_str(&bounded(s, room));
                Err(fmt::Error)
            }
        }
    }
    let mut out = Capped(String::new());
    let _ = fmt::write(&mut out, format_args!("{e}"));
    out.0
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    let mut remaining = line.saturating_sub(1);
    while remaining > 0 {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
        remaining -= 1;
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}

// ---------------------------------------------------------------------------------------------
// State of one pass

struct Fault {
    kind: BodyErrorKind,
    key: Option<&'static str>,
    /// Whether an `Error` later in the body should still win (a second pass looks for it).
    probe: bool,
}

struct State<'de, C> {
    /// The second pass: only `Error` can fail it.
    lenient: bool,
    api: Option<(C, Cow<'de, str>)>,
    request_id: RequestIdSlot<'de>,
    request_id_seen: bool,
    response_seen: bool,
    fault: Option<Fault>,
    /// The last key handed to the data type, for error reports.
    key: Option<Cow<'de, str>>,
    legacy_code: Option<i64>,
    legacy_message: Option<String>,
    legacy_desc: Option<String>,
}

impl<'de, C: ErrorCode> State<'de, C> {
    fn new(lenient: bool) -> Self {
        State {
            lenient,
            api: None,
            request_id: None,
            request_id_seen: false,
            response_seen: false,
            fault: None,
            key: None,
            legacy_code: None,
            legacy_message: None,
            legacy_desc: None,
        }
    }

    #[cold]
    fn fail<E: de::Error>(
        &mut self,
        kind: BodyErrorKind,
        key: &'static str,
        probe: bool,
        message: fmt::Arguments<'_>,
    ) -> E {
        self.fault = Some(Fault {
            kind,
            key: Some(key),
            probe,
        });
        E::custom(message)
    }

    /// A key that is not a valid JSON string. Malformed JSON, like serde_json's own syntax
    /// errors: it wins over everything else.
    #[cold]
    fn bad_key<E: de::Error>(&mut self, why: &str) -> E {
        self.fault = Some(Fault {
            kind: BodyErrorKind::Syntax,
            key: None,
            probe: false,
        });
        E::custom(format_args!("a key holds {why}"))
    }

    /// Reads the value of `Response.Error`.
    fn visit_error<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        if self.api.is_some() {
            return map.next_value::<IgnoredAny>().map(drop);
        }
        map.next_value_seed(ErrorSeed { st: self })
    }

    /// Reads the value of `Response.RequestId`; `Ok(true)` when it is a new string.
    fn visit_request_id<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<bool, A::Error> {
        let value = map.next_value_seed(ScalarSeed)?;
        let strict = !self.lenient && self.api.is_none();
        if self.request_id_seen {
            if strict {
                return Err(self.fail(
                    BodyErrorKind::DuplicateKey,
                    "RequestId",
                    true,
                    format_args!("duplicate key `RequestId`"),
                ));
            }
            return Ok(false);
        }
        self.request_id_seen = true;
        match value {
            Scalar::Str(id) => {
                self.request_id = Some(id);
                Ok(true)
            }
            Scalar::Null => Ok(false),
            other if strict => Err(self.fail(
                BodyErrorKind::InvalidRequestId,
                "RequestId",
                true,
                format_args!("`RequestId` is {}, expected a string", other.describe()),
            )),
            _ => Ok(false),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The top level

/// What reads the inside of `Response`.
trait Data<'de> {
    type Out;
    /// `Ok(None)` when `Response` holds an API error.
    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<Self::Out>, A::Error>;
}

fn walk<'de, D: Data<'de>, C: ErrorCode>(
    bytes: &'de [u8],
    data: D,
    st: &mut State<'de, C>,
) -> Result<Option<D::Out>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let out = (&mut de).deserialize_map(Top {
        data: Some(data),
        st,
    })?;
    de.end()?;
    Ok(out)
}

struct Top<'a, 'de, D, C> {
    data: Option<D>,
    st: &'a mut State<'de, C>,
}

enum TopKey {
    Response,
    Code,
    Message,
    CodeDesc,
}

impl KeySet for TopKey {
    type Key = Self;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self> {
        Some(match raw {
            b"Response" => TopKey::Response,
            b"code" => TopKey::Code,
            b"message" => TopKey::Message,
            b"codeDesc" => TopKey::CodeDesc,
            _ => return None,
        })
    }
}

impl<'de, D: Data<'de>, C: ErrorCode> Visitor<'de> for Top<'_, 'de, D, C> {
    type Value = Option<D::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Tencent Cloud response object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = None;
        while let Some(key) = map.next_key_seed(KeySeed::<TopKey>::NEW)? {
            match key {
                Key::Known(TopKey::Response) => match self.data.take() {
                    Some(data) => {
                        self.st.response_seen = true;
                        out = map.next_value_seed(ResponseSeed {
                            data,
                            st: &mut *self.st,
                        })?;
                    }
                    None if self.st.lenient => {
                        map.next_value::<IgnoredAny>()?;
                    }
                    None => {
                        return Err(self.st.fail(
                            BodyErrorKind::DuplicateKey,
                            "Response",
                            false,
                            format_args!("duplicate key `Response`"),
                        ));
                    }
                },
                Key::Known(TopKey::Code) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Int(code) => self.st.legacy_code = Some(code),
                    Scalar::Str(code) => self.st.legacy_code = code.trim().parse().ok(),
                    _ => {}
                },
                Key::Known(TopKey::Message) => {
                    if let Scalar::Str(message) = map.next_value_seed(ScalarSeed)? {
                        self.st.legacy_message = Some(bounded(&message, 4096));
                    }
                }
                Key::Known(TopKey::CodeDesc) => {
                    if let Scalar::Str(desc) = map.next_value_seed(ScalarSeed)? {
                        self.st.legacy_desc = Some(bounded(&desc, 4096));
                    }
                }
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Invalid(why) => return Err(self.st.bad_key(why)),
            }
        }
        Ok(out)
    }
}

struct ResponseSeed<'a, 'de, D, C> {
    data: D,
    st: &'a mut State<'de, C>,
}

impl<'de, D: Data<'de>, C: ErrorCode> DeserializeSeed<'de> for ResponseSeed<'_, 'de, D, C> {
    type Value = Option<D::Out>;
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<Self::Value, De::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, D: Data<'de>, C: ErrorCode> ResponseSeed<'_, 'de, D, C> {
    fn not_object<E: de::Error>(self, what: &str) -> Result<Option<D::Out>, E> {
        Err(self.st.fail(
            BodyErrorKind::ResponseNotObject,
            "Response",
            false,
            format_args!("`Response` is {what}, expected an object"),
        ))
    }
}

impl<'de, D: Data<'de>, C: ErrorCode> Visitor<'de> for ResponseSeed<'_, 'de, D, C> {
    type Value = Option<D::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the `Response` object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.data.response(map, self.st)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.not_object("null")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.not_object("a boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        self.not_object("a number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        self.not_object("a number")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        self.not_object("a number")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        self.not_object("a string")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        self.not_object("an array")
    }
}

// ---------------------------------------------------------------------------------------------
// `Response.Error`

struct ErrorSeed<'a, 'de, C> {
    st: &'a mut State<'de, C>,
}

impl<'de, C: ErrorCode> DeserializeSeed<'de> for ErrorSeed<'_, 'de, C> {
    type Value = ();
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<(), De::Error> {
        d.deserialize_any(self)
    }
}

impl<C: ErrorCode> ErrorSeed<'_, '_, C> {
    fn not_object<E: de::Error>(self, what: &str) -> Result<(), E> {
        Err(self.st.fail(
            BodyErrorKind::ErrorNotObject,
            "Error",
            false,
            format_args!(
                "`Response.Error` is {what}, expected an object with `Code` and `Message`"
            ),
        ))
    }
}

enum ErrorKey {
    Code,
    Message,
}

impl KeySet for ErrorKey {
    type Key = Self;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self> {
        Some(match raw {
            b"Code" => ErrorKey::Code,
            b"Message" => ErrorKey::Message,
            _ => return None,
        })
    }
}

impl<'de, C: ErrorCode> Visitor<'de> for ErrorSeed<'_, 'de, C> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the `Response.Error` object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut code: Option<C> = None;
        let mut empty_code = false;
        let mut message: Option<Cow<'de, str>> = None;
        while let Some(key) = map.next_key_seed(KeySeed::<ErrorKey>::NEW)? {
            match key {
                Key::Known(ErrorKey::Code) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Str(_) if code.is_some() || empty_code => {}
                    Scalar::Str(c) if c.is_empty() => empty_code = true,
                    Scalar::Str(c) => code = Some(C::parse(&c)),
                    other => {
                        return Err(self.st.fail(
                            BodyErrorKind::InvalidCode,
                            "Error",
                            false,
                            format_args!(
                                "`Response.Error.Code` is {}, expected a non-empty string",
                                other.describe()
                            ),
                        ));
                    }
                },
                Key::Known(ErrorKey::Message) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Str(_) | Scalar::Null if message.is_some() => {}
                    Scalar::Str(m) => message = Some(m),
                    Scalar::Null => message = Some(Cow::Borrowed("")),
                    other => {
                        return Err(self.st.fail(
                            BodyErrorKind::InvalidMessage,
                            "Error",
                            false,
                            format_args!(
                                "`Response.Error.Message` is {}, expected a string",
                                other.describe()
                            ),
                        ));
                    }
                },
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Invalid(why) => return Err(self.st.bad_key(why)),
            }
        }
        match code {
            Some(code) => {
                self.st.api = Some((code, message.unwrap_or_default()));
                Ok(())
            }
            // `{"Code": "", "Message": ""}` is the "no error" placeholder some services (tbp)
            // put beside the data of a successful call; the Go SDK reads it the same way.
            None if empty_code && message.as_deref().is_none_or(str::is_empty) => Ok(()),
            None if empty_code => Err(self.st.fail(
                BodyErrorKind::InvalidCode,
                "Error",
                false,
                format_args!(
                    "`Response.Error.Code` is an empty string beside a message, expected a code"
                ),
            )),
            None => Err(self.st.fail(
                BodyErrorKind::MissingCode,
                "Error",
                false,
                format_args!("`Response.Error` has no `Code`"),
            )),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.not_object("a boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.not_object("a number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.not_object("a number")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.not_object("a number")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.not_object("a string")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        self.not_object("an array")
    }
}

// ---------------------------------------------------------------------------------------------
// Keys. serde_json hands a key over as bytes without checking its UTF-8 (`deserialize_bytes`):
// the keys the decoder looks for are ASCII and compared byte for byte, so only a key that
// matches none of them is checked, here, as serde_json checks a string.

/// A key of a map the decoder reads itself.
enum Key<'de, K> {
    /// A key the reader looks for.
    Known(K),
    /// Any other key.
    Other(Cow<'de, str>),
    /// A key that is not a valid JSON string; the text says what it holds.
    Invalid(&'static str),
}

/// The keys a reader looks for.
trait KeySet {
    type Key;
    /// The key `raw` is, if it is one of them.
    fn known(raw: &[u8]) -> Option<Self::Key>;
}

/// Reads a key, telling apart the keys of `M`.
struct KeySeed<M>(PhantomData<M>);

impl<M> KeySeed<M> {
    const NEW: Self = KeySeed(PhantomData);
}

impl<'de, M: KeySet> DeserializeSeed<'de> for KeySeed<M> {
    type Value = Key<'de, M::Key>;
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<Self::Value, De::Error> {
        d.deserialize_bytes(self)
    }
}

impl<'de, M: KeySet> Visitor<'de> for KeySeed<M> {
    type Value = Key<'de, M::Key>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    /// A key without escapes, as it stands in the body.
    fn visit_borrowed_bytes<E: de::Error>(self, raw: &'de [u8]) -> Result<Self::Value, E> {
        if let Some(known) = M::known(raw) {
            return Ok(Key::Known(known));
        }
        if raw.iter().any(|&b| b < 0x20) {
            return Ok(Key::Invalid("a control character"));
        }
        Ok(
            std::str::from_utf8(raw).map_or(Key::Invalid("invalid UTF-8"), |key| {
                Key::Other(Cow::Borrowed(key))
            }),
        )
    }

    /// A key with escapes, decoded. A control character in it may come from an escape
    /// (`\n`), so only UTF-8 can be checked: a lone surrogate escape fails there.
    fn visit_bytes<E: de::Error>(self, decoded: &[u8]) -> Result<Self::Value, E> {
        if let Some(known) = M::known(decoded) {
            return Ok(Key::Known(known));
        }
        Ok(
            std::str::from_utf8(decoded).map_or(Key::Invalid("invalid UTF-8"), |key| {
                Key::Other(Cow::Owned(key.to_owned()))
            }),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Scalars of the envelope (`Code`, `Message`, `RequestId`, legacy keys): any JSON value is
// accepted and classified, so a wrong type never breaks the stream.

enum Scalar<'de> {
    Str(Cow<'de, str>),
    Int(i64),
    Null,
    Other(&'static str),
}

impl Scalar<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Scalar::Str(_) => "a string",
            Scalar::Int(_) => "a number",
            Scalar::Null => "null",
            Scalar::Other(what) => what,
        }
    }
}

struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar<'de>;
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<Scalar<'de>, De::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(i64::try_from(v).map_or(Scalar::Other("a number"), Scalar::Int))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other("a number"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other("a boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an object"))
    }
}

// ---------------------------------------------------------------------------------------------
// Inside `Response`: the derive

struct Derived<S>(PhantomData<S>);

enum FieldKey {
    Error,
    RequestId,
    Field(usize),
}

/// The keys of `Response` for a derived type `S`.
struct FieldKeys<S>(PhantomData<S>);

impl<S: Fields> KeySet for FieldKeys<S> {
    type Key = FieldKey;
    #[inline]
    fn known(raw: &[u8]) -> Option<FieldKey> {
        Some(match raw {
            b"Error" => FieldKey::Error,
            b"RequestId" => FieldKey::RequestId,
            _ => FieldKey::Field(S::index(raw)?),
        })
    }
}

impl<'de, S: Fields> Data<'de> for Derived<S> {
    type Out = S;

    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        mut map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<S>, A::Error> {
        let mut slots = S::slots();
        while let Some(key) = map.next_key_seed(KeySeed::<FieldKeys<S>>::NEW)? {
            match key {
                Key::Known(FieldKey::Error) => st.visit_error(&mut map)?,
                Key::Known(FieldKey::RequestId) => {
                    st.visit_request_id(&mut map)?;
                }
                Key::Known(FieldKey::Field(i)) if st.api.is_none() => {
                    st.key = S::KEYS.get(i).map(|k| Cow::Borrowed(*k));
                    S::visit(&mut slots, i, &mut map)?;
                }
                Key::Other(k) if S::FLATTEN && st.api.is_none() => {
                    st.key = Some(k.clone());
                    S::visit_other(&mut slots, k.into_owned(), &mut map)?;
                }
                Key::Invalid(why) => return Err(st.bad_key(why)),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if st.api.is_some() {
            return Ok(None);
        }
        let mut request_id = st.request_id.take();
        let built = S::build(slots, &mut request_id);
        st.request_id = request_id;
        match built {
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(st.fail(e.kind, e.key, true, format_args!("{}", e.detail))),
        }
    }
}

/// Deserializes to `None` for an `Option` and fails for anything else.
struct MissingDeserializer;

#[derive(Debug)]
struct MissingError;

impl fmt::Display for MissingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing")
    }
}

impl std::error::Error for MissingError {}

impl de::Error for MissingError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        MissingError
    }
}

impl<'de> de::Deserializer<'de> for MissingDeserializer {
    type Error = MissingError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, MissingError> {
        Err(MissingError)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, MissingError> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

// ---------------------------------------------------------------------------------------------
// Inside `Response`: any `Deserialize` type

struct Generic<T>(PhantomData<T>);

enum GenericKey {
    Error,
    RequestId,
}

impl KeySet for GenericKey {
    type Key = Self;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self> {
        Some(match raw {
            b"Error" => GenericKey::Error,
            b"RequestId" => GenericKey::RequestId,
            _ => return None,
        })
    }
}

/// The `MapAccess` the data type sees: `Response` without `Error`, ending early once a valid
/// `Error` has been read.
struct Intercept<'a, 'de, A, C> {
    map: &'a mut A,
    st: &'a mut State<'de, C>,
    /// The request id to hand out as the next value.
    pending: RequestIdSlot<'de>,
    /// A key went out whose value has not been read.
    value_due: bool,
    /// The underlying map returned its last key.
    ended: bool,
    /// A valid `Error` was read: the data type sees no more keys.
    stopped: bool,
}

impl<'de, A: MapAccess<'de>, C: ErrorCode> Intercept<'_, 'de, A, C> {
    /// Reads what the data type left unread, still watching for `Error` and `RequestId`.
    fn drain(&mut self) -> Result<(), A::Error> {
        self.pending = None;
        if self.value_due {
            self.value_due = false;
            self.map.next_value::<IgnoredAny>()?;
        }
        while !self.ended {
            match self.map.next_key_seed(KeySeed::<GenericKey>::NEW)? {
                None => self.ended = true,
                Some(Key::Known(GenericKey::Error)) => self.st.visit_error(self.map)?,
                Some(Key::Known(GenericKey::RequestId)) => {
                    self.st.visit_request_id(self.map)?;
                }
                Some(Key::Invalid(why)) => return Err(self.st.bad_key(why)),
                Some(Key::Other(_)) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de, A: MapAccess<'de>, C: ErrorCode> MapAccess<'de> for Intercept<'_, 'de, A, C> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            if self.ended || self.stopped {
                return Ok(None);
            }
            match self.map.next_key_seed(KeySeed::<GenericKey>::NEW)? {
                None => {
                    self.ended = true;
                    return Ok(None);
                }
                Some(Key::Invalid(why)) => return Err(self.st.bad_key(why)),
                Some(Key::Known(GenericKey::Error)) => {
                    self.st.visit_error(self.map)?;
                    self.stopped = self.st.api.is_some();
                }
                Some(Key::Known(GenericKey::RequestId)) => {
                    if self.st.visit_request_id(self.map)? {
                        self.pending = self.st.request_id.clone();
                        self.st.key = Some(Cow::Borrowed("RequestId"));
                        return seed
                            .deserialize(BorrowedStrDeserializer::new("RequestId"))
                            .map(Some);
                    }
                }
                Some(Key::Other(Cow::Borrowed(key))) => {
                    self.st.key = Some(Cow::Borrowed(key));
                    self.value_due = true;
                    return seed
                        .deserialize(BorrowedStrDeserializer::new(key))
                        .map(Some);
                }
                Some(Key::Other(Cow::Owned(key))) => {
                    self.st.key = Some(Cow::Owned(key.clone()));
                    self.value_due = true;
                    return seed.deserialize(StringDeserializer::new(key)).map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some(id) = self.pending.take() {
            return seed.deserialize(RequestIdDeserializer(id, PhantomData));
        }
        self.value_due = false;
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The request id handed to the data type: a string, also as `Some` for an `Option` field
/// (serde's `StringDeserializer` does not do `Option`).
struct RequestIdDeserializer<'de, E>(Cow<'de, str>, PhantomData<E>);

impl<'de, E: de::Error> de::Deserializer<'de> for RequestIdDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Cow::Borrowed(id) => visitor.visit_borrowed_str(id),
            Cow::Owned(id) => visitor.visit_string(id),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// `Response` as a `Deserializer`: a map, whatever the data type asks for.
struct ResponseDeserializer<'a, 'b, 'de, A, C>(&'a mut Intercept<'b, 'de, A, C>);

impl<'de, A: MapAccess<'de>, C: ErrorCode> de::Deserializer<'de>
    for ResponseDeserializer<'_, '_, 'de, A, C>
{
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, T: DeserializeOwned> Data<'de> for Generic<T> {
    type Out = T;

    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        mut map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<T>, A::Error> {
        let mut access = Intercept {
            map: &mut map,
            st,
            pending: None,
            value_due: false,
            ended: false,
            stopped: false,
        };
        let result = T::deserialize(ResponseDeserializer(&mut access));
        match result {
            Ok(value) => {
                access.drain()?;
                Ok(if access.st.api.is_some() {
                    None
                } else {
                    Some(value)
                })
            }
            // Once `Error` stopped the data type, whatever it says is moot.
            Err(_) if access.stopped => {
                access.drain()?;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The second pass: only `Error` and `RequestId`

struct Probe;

impl<'de> Data<'de> for Probe {
    type Out = ();

    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        mut map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<()>, A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed::<GenericKey>::NEW)? {
            match key {
                Key::Known(GenericKey::Error) => st.visit_error(&mut map)?,
                Key::Known(GenericKey::RequestId) => {
                    st.visit_request_id(&mut map)?;
                }
                Key::Invalid(why) => return Err(st.bad_key(why)),
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::line_column;

    #[test]
    fn offsets_follow_serde_json_positions() {
        let body = b"{\n  \"a\": x}";
        let e = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
        let offset = offset_of(body, e.line(), e.column());
        assert_eq!(body[offset], b'x');
        assert_eq!(line_column(body, offset), (e.line(), e.column()));
    }

    #[test]
    fn backticks() {
        assert_eq!(backticked("missing field `Seed`"), Some("Seed"));
        assert_eq!(backticked("nothing"), None);
    }
}

#[cfg(test)]
mod generic_tests {
    use super::*;
    use serde_json::Value;

    fn kind(body: &[u8]) -> BodyErrorKind {
        match decode::<Value>(body) {
            Err(Error::InvalidBody(e)) => e.kind(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn smoke() {
        let ok = decode::<Value>(br#"{"Response":{"A":1,"RequestId":"r"}}"#).unwrap();
        assert_eq!(ok.request_id(), Some("r"));
        assert_eq!(ok.data()["A"], 1);
        assert_eq!(ok.data()["RequestId"], "r");
        let err = decode::<Value>(br#"{"Response":{"A":1,"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#)
            .unwrap_err();
        assert_eq!(err.request_id(), Some("r"));
        assert!(matches!(err, Error::Api(_)));
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            #[serde(rename = "A")]
            a: i64,
        }
        let err = decode::<T>(br#"{"Response":{"A":"x","Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#)
            .unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        let err = decode::<T>(br#"{"Response":{"A":"x","RequestId":"r"}}"#).unwrap_err();
        let Error::InvalidBody(b) = &err else {
            panic!()
        };
        assert_eq!(b.kind(), BodyErrorKind::WrongType);
        assert_eq!(b.key(), Some("A"));
        assert_eq!(b.request_id(), Some("r"));
        eprintln!("{err}");
        assert_eq!(kind(b""), BodyErrorKind::Empty);
        assert_eq!(kind(b"<html>"), BodyErrorKind::NotJson);
        assert_eq!(kind(b"{\"Response\":{"), BodyErrorKind::Truncated);
        assert_eq!(kind(b"{\"Response\":{}} x"), BodyErrorKind::TrailingData);
        assert_eq!(
            kind(b"{\"Response\":null}"),
            BodyErrorKind::ResponseNotObject
        );
        assert_eq!(kind(b"{}"), BodyErrorKind::MissingResponse);
        assert_eq!(
            kind(b"{\"Response\":{\"Error\":{}}}"),
            BodyErrorKind::MissingCode
        );
        let deep = format!(
            "{{\"Response\":{{\"A\":{}{}}}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert_eq!(kind(deep.as_bytes()), BodyErrorKind::TooDeep);
        assert!(matches!(
            decode::<Value>(br#"{"code":4000,"message":"m","codeDesc":"InvalidParameter"}"#),
            Err(Error::Legacy(_))
        ));
    }
}
