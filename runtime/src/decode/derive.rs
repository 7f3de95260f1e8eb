//! What `#[derive(TencentResponse)]` implements ([`Fields`]) and what its expansion calls,
//! re-exported through `tcapi::__private`; and the reader of `Response` for a derived type.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};

use super::driver::{run, Data};
use super::envelope::{Entry, LaterError, State};
use super::keys::KeySet;
use super::outcome::{bounded_display, kind_of_message};
use crate::{BodyErrorKind, Error, ErrorCode};

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
// Inside `Response`

/// The reader of `Response` for a derived type `S`.
struct Derived<S>(PhantomData<S>);

/// The data's keys of `Response` for a derived type `S`: the index of a field.
struct FieldIndex<S>(PhantomData<S>);

impl<S: Fields> KeySet for FieldIndex<S> {
    type Key = usize;
    #[inline]
    fn known(raw: &[u8]) -> Option<usize> {
        S::index(raw)
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
        while let Some(entry) = st.next_entry::<FieldIndex<S>, A>(&mut map)? {
            match entry {
                Entry::Data(i) if st.api.is_none() => {
                    st.key = S::KEYS.get(i).map(|k| Cow::Borrowed(*k));
                    S::visit(&mut slots, i, &mut map)?;
                }
                Entry::Other(k) if S::FLATTEN && st.api.is_none() => {
                    st.key = Some(k.clone());
                    S::visit_other(&mut slots, k.into_owned(), &mut map)?;
                }
                Entry::Data(_) | Entry::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Entry::Error | Entry::RequestId | Entry::IgnoredRequestId => {}
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
            Err(e) => Err(st.fail(
                e.kind,
                e.key,
                LaterError::Wins,
                format_args!("{}", e.detail),
            )),
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
