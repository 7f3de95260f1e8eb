//! The interface of `#[derive(TencentResponse)]` and `#[derive(tcapi::Model)]` (re-exported
//! through `__private`): the [`Fields`] of a type as slots filled key by key, the
//! [`RequestIdField`] that holds `Response.RequestId`, and the helpers the expansions name.

use std::borrow::Cow;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess};

use super::derived::{Derived, MissingDeserializer};
use super::driver::run;
use super::object;
use super::outcome::{bounded_display, kind_of_message};
use crate::{BodyErrorKind, Error, Model, TencentResponse};

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
    fn build(slots: Self::Slots, request_id: &mut RequestIdSlot<'_>) -> Result<Self, FieldError>;
}

/// `Response.RequestId` as [`Fields::build`] gets it: borrowed from the body when it can be.
/// Not a public API.
#[doc(hidden)]
pub type RequestIdSlot<'de> = Option<Cow<'de, str>>;

/// A field that [`Fields::build`] could not fill: missing, or a value its type rejected. Not a
/// public API (the client's `BuildError` is the error of building a client).
#[doc(hidden)]
#[derive(Debug)]
pub struct FieldError {
    pub(super) kind: BodyErrorKind,
    pub(super) key: &'static str,
    pub(super) detail: String,
}

impl FieldError {
    /// The error of a nested model's deserializer, worded as serde words its own.
    pub(super) fn into_de_error<E: de::Error>(self) -> E {
        match self.kind {
            BodyErrorKind::MissingField => E::missing_field(self.key),
            _ => E::custom(self.detail),
        }
    }
}

/// `from_slice` of a derived type. Not a public API.
#[doc(hidden)]
pub fn decode_fields<S: Fields + TencentResponse>(bytes: &[u8]) -> Result<S, Error<S::Code>> {
    object::clear_failure_path();
    run(bytes, Derived::<S>::NEW).map(|(value, _)| value)
}

/// The value of a missing field: `None` for an `Option`, an error otherwise.
pub(crate) fn missing_field<T: DeserializeOwned>(key: &'static str) -> Result<T, FieldError> {
    T::deserialize(MissingDeserializer).map_err(|_| FieldError {
        kind: BodyErrorKind::MissingField,
        key,
        detail: format!("missing field `{key}`"),
    })
}

/// The flatten field, from the keys no other field claimed.
#[doc(hidden)]
pub fn flatten_field<T: Model>(
    map: serde_json::Map<String, serde_json::Value>,
    key: &'static str,
) -> Result<T, FieldError> {
    T::deserialize(serde_json::Value::Object(map)).map_err(|e| FieldError {
        kind: kind_of_message(&bounded_display(&e)),
        key,
        detail: bounded_display(&e),
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

    /// The request-id field, from `Response.RequestId`. Generated code calls this and
    /// `as_request_id` through the trait, at the field's type, so a type that cannot hold the
    /// RequestId is reported once.
    #[inline]
    fn from_slot(request_id: &mut RequestIdSlot<'_>) -> Result<Self, FieldError> {
        Self::from_request_id(request_id.take().map(Cow::into_owned)).ok_or_else(|| FieldError {
            kind: BodyErrorKind::MissingField,
            key: "RequestId",
            detail: "missing field `RequestId`".to_owned(),
        })
    }
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
