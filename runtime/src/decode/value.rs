//! The envelope's values (`Response`, `Error`, `Code`, `Message`, `RequestId`, legacy keys):
//! their JSON type is checked, not trusted, so a wrong type becomes a precise report.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

// ---------------------------------------------------------------------------------------------
// Scalars: any JSON value is accepted and classified, so a wrong type never breaks the stream.

pub(super) enum Scalar<'de> {
    Str(Cow<'de, str>),
    Int(i64),
    Null,
    Other(&'static str),
}

impl Scalar<'_> {
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Scalar::Str(_) => "a string",
            Scalar::Int(_) => "a number",
            Scalar::Null => "null",
            Scalar::Other(what) => what,
        }
    }
}

pub(super) struct ScalarSeed;

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
// Objects: `Response` and `Response.Error`

/// A reader of a value that should be a JSON object (`Response`, `Response.Error`).
pub(super) trait ObjectReader<'de>: Sized {
    type Value;
    /// What the value should be, for serde's messages.
    const EXPECTING: &'static str;
    /// Reads the object.
    fn visit_object<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error>;
    /// The value is `null`.
    fn visit_null<E: de::Error>(self) -> Result<Self::Value, E>;
    /// The value is no object and not `null`; `what` says what it is ("a number").
    fn not_object<E: de::Error>(self, what: &'static str) -> Result<Self::Value, E>;
}

/// Reads a value with `R`: the object itself, or what the value is instead.
pub(super) struct Object<R>(pub(super) R);

impl<'de, R: ObjectReader<'de>> DeserializeSeed<'de> for Object<R> {
    type Value = R::Value;
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<R::Value, De::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, R: ObjectReader<'de>> Visitor<'de> for Object<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(R::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R::Value, A::Error> {
        self.0.visit_object(map)
    }

    fn visit_unit<E: de::Error>(self) -> Result<R::Value, E> {
        self.0.visit_null()
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<R::Value, E> {
        self.0.not_object("a boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<R::Value, E> {
        self.0.not_object("a number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<R::Value, E> {
        self.0.not_object("a number")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<R::Value, E> {
        self.0.not_object("a number")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<R::Value, E> {
        self.0.not_object("a string")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<R::Value, A::Error> {
        self.0.not_object("an array")
    }
}
