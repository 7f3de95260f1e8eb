//! Reading `Response` into a type that implements [`Fields`]: field by field into its slots,
//! then [`Fields::build`].

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use super::driver::Data;
use super::envelope::{Entry, LaterError, State};
use super::keys::KeySet;
use super::object::{take_failure_path, take_malformed_key};
use super::Fields;
use crate::ErrorCode;

/// The reader of `Response` for a derived type `S`.
pub(super) struct Derived<S>(PhantomData<S>);

impl<S> Derived<S> {
    pub(super) const NEW: Self = Derived(PhantomData);
}

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
                    if let Err(e) = S::visit(&mut slots, i, &mut map) {
                        if take_malformed_key() {
                            st.malformed_key();
                        }
                        let below = take_failure_path();
                        if let (false, Some(key)) = (below.is_empty(), &st.key) {
                            st.key = Some(Cow::Owned(format!("{key}{below}")));
                        }
                        return Err(e);
                    }
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
pub(super) struct MissingDeserializer;

#[derive(Debug)]
pub(super) struct MissingError;

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
