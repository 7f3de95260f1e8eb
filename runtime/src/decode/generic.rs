//! [`decode`] and [`Decoded`]: the envelope around any `serde::Deserialize` type, which reads
//! `Response` through a `MapAccess` that keeps `Error` to itself.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::driver::{run, Data};
use super::envelope::{Entry, State};
use super::keys::NoDataKeys;
use super::RequestIdSlot;
use crate::{CommonCode, Error, ErrorCode, TencentResponse};

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
// Inside `Response`

/// The reader of `Response` for any `Deserialize` type `T`.
struct Generic<T>(PhantomData<T>);

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
        if !self.ended {
            self.st.finish_response(self.map)?;
            self.ended = true;
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
            match self.st.next_entry::<NoDataKeys, A>(self.map)? {
                None => {
                    self.ended = true;
                    return Ok(None);
                }
                Some(Entry::Error) => self.stopped = self.st.api.is_some(),
                Some(Entry::RequestId) => {
                    self.pending = self.st.request_id.clone();
                    self.st.key = Some(Cow::Borrowed("RequestId"));
                    return seed
                        .deserialize(BorrowedStrDeserializer::new("RequestId"))
                        .map(Some);
                }
                Some(Entry::IgnoredRequestId) => {}
                Some(Entry::Other(Cow::Borrowed(key))) => {
                    self.st.key = Some(Cow::Borrowed(key));
                    self.value_due = true;
                    return seed
                        .deserialize(BorrowedStrDeserializer::new(key))
                        .map(Some);
                }
                Some(Entry::Other(Cow::Owned(key))) => {
                    self.st.key = Some(Cow::Owned(key.clone()));
                    self.value_due = true;
                    return seed.deserialize(StringDeserializer::new(key)).map(Some);
                }
                Some(Entry::Data(never)) => match never {},
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

/// The rest of a `Deserializer` whose value is always there: an `Option` gets `Some`, a
/// newtype the value itself, and every other type what `deserialize_any` gives.
macro_rules! always_present {
    ($error:ty) => {
        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, $error> {
            visitor.visit_some(self)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            visitor: V,
        ) -> Result<V::Value, $error> {
            visitor.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    };
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

    always_present!(E);
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

    always_present!(A::Error);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BodyErrorKind;
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
