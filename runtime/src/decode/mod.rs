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
//! UTF-8 check per key; a key that matches none is checked as serde_json checks a string. The
//! nested objects of `#[tencent(lenient)]` structs read their keys the same way, and a
//! malformed key in one is reported as malformed JSON (`Syntax`). One leniency follows: in a
//! key that no one looks for *and* that has escapes, a raw control character cannot be told
//! from an escaped one once serde_json has decoded the key, so it is accepted.
//!
//! # Limits
//!
//! Nesting is limited to 128 levels by `serde_json` on every path (the decoder's wrappers add
//! no recursion of their own), so no input overflows the stack. Memory grows with the body
//! and the data it decodes into; error messages and excerpts are bounded. `serde`'s own
//! "invalid type" message formats the offending value once (for a 50 MB string, one more
//! transient 50 MB), which the decoder then cuts to a few hundred bytes.
//!
//! # Where each part lives
//!
//! This file holds what generated code calls (re-exported through `tcapi::__private`): the
//! [`Fields`] trait `#[derive(TencentResponse)]` and `#[derive(tcapi::Model)]` implement, the
//! helpers their expansions name, and [`deserialize_model`], which reads a nested model with
//! the same `Fields`. The rest is in `decode/`:
//!
//! - `driver`: the passes over a body, the top-level object and `Response` itself;
//! - `envelope`: what one pass has learned (`Error`, `RequestId`, the first fault) and how it
//!   reads the envelope's own keys of `Response`;
//! - `keys`: the keys each reader looks for, matched as bytes;
//! - `value`: the envelope's values, whose JSON type is checked rather than trusted;
//! - `outcome`: what the end of a pass becomes for the caller;
//! - `derived`: the reader of `Response` for a type that implements [`Fields`];
//! - `generic`: [`decode`] and [`Decoded`], for any `serde::Deserialize` type.

mod derived;
mod driver;
mod envelope;
mod generic;
mod keys;
mod object;
mod outcome;
mod value;

use std::borrow::Cow;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use self::derived::{Derived, MissingDeserializer};
use self::driver::run;
pub use self::generic::{decode, decode_with, Decoded};
pub use self::object::{
    deserialize_object, has_client_token, lenient, visit_slot, Object, ObjectSlot, OptionSlot, Slot,
};
use self::outcome::{bounded_display, kind_of_message};
use crate::{BodyErrorKind, Error, Model, TencentResponse};

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
    kind: BodyErrorKind,
    key: &'static str,
    detail: String,
}

impl FieldError {
    /// The error of a nested model's deserializer, worded as serde words its own.
    fn into_de_error<E: de::Error>(self) -> E {
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

/// Decodes a bare JSON value into `T`: a chunk of an event stream, which is a response
/// without its envelope. A failure is described as one in a body is, with `request_id`.
#[cfg(feature = "client")]
pub(crate) fn decode_bare<T: DeserializeOwned>(
    bytes: &[u8],
    request_id: Option<&str>,
) -> Result<T, crate::BodyError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let state = envelope::State::<crate::CommonCode>::new(envelope::Pass::Full);
        outcome::body_error(bytes, &e, &state).with_request_id(request_id)
    })
}

/// Decodes a bare JSON object into a derived response type `S`: a chunk of an event stream
/// whose chunks have the shape of the action's response without its envelope. A failure is
/// described as one in a body is, with `request_id`.
#[cfg(feature = "client")]
pub(crate) fn decode_bare_fields<S: Fields>(
    bytes: &[u8],
    request_id: Option<&str>,
) -> Result<S, crate::BodyError> {
    object::clear_failure_path();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserialize_model::<S, _>(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| {
            let mut state = envelope::State::<crate::CommonCode>::new(envelope::Pass::Full);
            if object::take_malformed_key() {
                state.malformed_key();
            }
            outcome::body_error(bytes, &e, &state).with_request_id(request_id)
        })
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

// ---------------------------------------------------------------------------------------------
// `#[derive(tcapi::Model)]`: a nested object read with the same `Fields` as a response

/// `Deserialize::deserialize` of a `#[derive(tcapi::Model)]` type: an object whose keys are
/// matched against [`Fields::index`], with no `RequestId` of its own. Not a public API.
///
/// Keys are read as strings, as a serde derive reads them, so a nested model checks and
/// reports its keys exactly as a plain serde struct would.
#[doc(hidden)]
pub fn deserialize_model<'de, S: Fields, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<S, D::Error> {
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

struct ModelVisitor<S>(PhantomData<S>);

impl<'de, S: Fields> Visitor<'de> for ModelVisitor<S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S, A::Error> {
        let mut slots = S::slots();
        while let Some(key) = map.next_key_seed(ModelKey::<S>(PhantomData))? {
            match key {
                Ok(index) => S::visit(&mut slots, index, &mut map)?,
                Err(Some(other)) => S::visit_other(&mut slots, other, &mut map)?,
                Err(None) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        S::build(slots, &mut None).map_err(FieldError::into_de_error)
    }
}

/// A key of a nested model: `Ok(index)` of a field, `Err(Some(key))` for the flatten field,
/// `Err(None)` for a key no one reads.
struct ModelKey<S>(PhantomData<S>);

impl<'de, S: Fields> de::DeserializeSeed<'de> for ModelKey<S> {
    type Value = Result<usize, Option<String>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<S: Fields> Visitor<'_> for ModelKey<S> {
    type Value = Result<usize, Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(S::index(key.as_bytes()).ok_or_else(|| S::FLATTEN.then(|| key.to_owned())))
    }
}
