//! `#[derive(tcapi::Model)]`: a nested object read with the same [`Fields`] as a response,
//! keys matched as a serde derive matches them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{FieldError, Fields};

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
