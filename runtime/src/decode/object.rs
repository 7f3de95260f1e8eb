//! The lean decoder of `#[tencent(lenient)]` structs (the SDK's generated types): each type
//! gives only data (its keys) and one non-generic function from a field index to a [`Slot`];
//! everything generic over the deserializer is here, compiled once per deserializer rather
//! than once per type.
//!
//! Scalars are read leniently, as the service writes them: a number given as a string
//! (`"Limit": "10"`) is read as the number, a number where text is expected as its text, and
//! `null` as absent. Every other mismatch is an error whose path names the member
//! (`InstanceSet.3.Placement.Zone`).

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::Deserialize;

use super::keys::{check_decoded_key, check_raw_key};
use serde_json::Value;

use crate::Model;

/// Where a field's value goes, by kind. Scalars and `serde_json::Value` are written in place;
/// lists, objects and any other [`Model`] go through a trait object, so the decoder stays
/// one function for every type.
#[doc(hidden)]
pub enum Slot<'a> {
    Bool(&'a mut Option<bool>),
    I64(&'a mut Option<i64>),
    U64(&'a mut Option<u64>),
    F64(&'a mut Option<f64>),
    Str(&'a mut Option<String>),
    Value(&'a mut Option<Value>),
    List(&'a mut dyn ListSlot),
    Object(&'a mut dyn ObjectSlot),
    Other(&'a mut dyn OtherSlot),
    /// Not a field: the value is skipped.
    Ignore,
}

impl Slot<'_> {
    #[inline]
    fn is_set(&self) -> bool {
        match self {
            Slot::Bool(s) => s.is_some(),
            Slot::I64(s) => s.is_some(),
            Slot::U64(s) => s.is_some(),
            Slot::F64(s) => s.is_some(),
            Slot::Str(s) => s.is_some(),
            Slot::Value(s) => s.is_some(),
            Slot::List(s) => s.is_set(),
            Slot::Object(s) => s.is_set(),
            Slot::Other(s) => s.is_set(),
            Slot::Ignore => false,
        }
    }
}

/// A struct decoded by the lean decoder: its keys, and its fields by index.
#[doc(hidden)]
pub trait Object {
    /// The keys of the fields, by index.
    fn keys(&self) -> &'static [&'static str];
    /// The index of the field whose key is `key`, if one is.
    fn index(&self, key: &[u8]) -> Option<usize>;
    /// The slot of field `index`; [`Slot::Ignore`] past the last.
    fn slot(&mut self, index: usize) -> Slot<'_>;
    /// The value before any key is read: every field absent.
    fn empty() -> Self
    where
        Self: Sized;
}

/// An optional nested object.
#[doc(hidden)]
pub trait ObjectSlot {
    fn is_set(&self) -> bool;
    /// The object, created empty when absent.
    fn object(&mut self) -> &mut dyn Object;
}

impl<T: Object> ObjectSlot for Option<T> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
    fn object(&mut self) -> &mut dyn Object {
        self.get_or_insert_with(T::empty)
    }
}

/// A boxed object (a type that contains itself) is decoded as the object.
impl<T: Object> Object for Box<T> {
    fn keys(&self) -> &'static [&'static str] {
        (**self).keys()
    }
    fn index(&self, key: &[u8]) -> Option<usize> {
        (**self).index(key)
    }
    fn slot(&mut self, index: usize) -> Slot<'_> {
        (**self).slot(index)
    }
    fn empty() -> Self {
        Box::new(T::empty())
    }
}

/// An optional list.
#[doc(hidden)]
pub trait ListSlot {
    fn is_set(&self) -> bool;
    /// Creates the list if absent, then hands `next` one element slot after another until it
    /// returns false; fails on an element that was `null`.
    fn fill(&mut self, next: &mut dyn FnMut(Slot<'_>) -> bool) -> Result<(), NullElement>;
}

/// A `null` in a list of values that cannot be null.
#[doc(hidden)]
#[derive(Debug)]
pub struct NullElement;

impl<T: Model> ListSlot for Option<Vec<T>> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
    fn fill(&mut self, next: &mut dyn FnMut(Slot<'_>) -> bool) -> Result<(), NullElement> {
        let list = self.get_or_insert_with(Vec::new);
        loop {
            let mut element = None;
            if !next(T::__slot(&mut element)) {
                return Ok(());
            }
            list.push(element.ok_or(NullElement)?);
        }
    }
}

/// Any other optional [`Model`]: read as JSON first, then into its type.
#[doc(hidden)]
pub trait OtherSlot {
    fn is_set(&self) -> bool;
    fn set(&mut self, value: Value) -> Result<(), serde_json::Error>;
}

impl<T: DeserializeOwned> OtherSlot for Option<T> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
    fn set(&mut self, value: Value) -> Result<(), serde_json::Error> {
        *self = T::deserialize(value).map(Some)?;
        Ok(())
    }
}

/// The field of a lenient struct: an `Option` of a [`Model`].
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an `Option` of a `tcapi::Model`",
    label = "every field of a `#[tencent(lenient)]` struct is an `Option`",
    note = "absent and `null` members decode to `None`; make the field `Option<{Self}>`"
)]
pub trait OptionSlot {
    fn slot(&mut self) -> Slot<'_>;
}

impl<T: Model> OptionSlot for Option<T> {
    #[inline]
    fn slot(&mut self) -> Slot<'_> {
        T::__slot(self)
    }
}

/// Reads the value of a field into `slot`; `key` names the field, and is asked only when the
/// key is given twice (off the path of every key).
#[doc(hidden)]
#[inline]
pub fn visit_slot<'de, A: MapAccess<'de>>(
    slot: Slot<'_>,
    key: impl FnOnce() -> &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_set() {
        return Err(de::Error::duplicate_field(key()));
    }
    map.next_value_seed(SlotSeed(slot))
}

// ---------------------------------------------------------------------------------------------
// The path of a failure

/// One step of the path to the member that failed.
enum Step {
    Key(&'static str),
    Index(usize),
}

thread_local! {
    // Filled innermost first while a failure unwinds through nested objects and lists; read
    // (and emptied) by the top-level decoder, which owns the first key. Nothing is written
    // on success.
    static FAILURE_PATH: RefCell<Vec<Step>> = const { RefCell::new(Vec::new()) };
    // Set when the failure is a malformed key (invalid UTF-8, a raw control character), which
    // the top-level decoder reports as malformed JSON, as serde_json reports its own.
    static MALFORMED_KEY: Cell<bool> = const { Cell::new(false) };
}

fn push_step(step: Step) {
    FAILURE_PATH.with(|path| path.borrow_mut().push(step));
}

/// Empties the recorded path and forgets a malformed key.
pub(crate) fn clear_failure_path() {
    FAILURE_PATH.with(|path| path.borrow_mut().clear());
    MALFORMED_KEY.set(false);
}

/// Whether the last failure was a malformed key, and forgets it.
pub(crate) fn take_malformed_key() -> bool {
    MALFORMED_KEY.replace(false)
}

/// The path below the top-level key of the last failure (`.Placement.Zone`, `.3.Zone`), and
/// empties it; empty when the failure was at the top-level key itself.
pub(crate) fn take_failure_path() -> String {
    FAILURE_PATH.with(|path| {
        let mut path = path.borrow_mut();
        let mut out = String::new();
        for step in path.drain(..).rev() {
            match step {
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(i) => {
                    out.push('.');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    })
}

// ---------------------------------------------------------------------------------------------
// The decoder

struct SlotSeed<'a>(Slot<'a>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.0 {
            Slot::Bool(s) => *s = d.deserialize_any(Lenient::<bool>::NEW)?,
            Slot::I64(s) => *s = d.deserialize_any(Lenient::<i64>::NEW)?,
            Slot::U64(s) => *s = d.deserialize_any(Lenient::<u64>::NEW)?,
            Slot::F64(s) => *s = d.deserialize_any(Lenient::<f64>::NEW)?,
            Slot::Str(s) => *s = d.deserialize_any(Lenient::<String>::NEW)?,
            Slot::Value(s) => *s = Option::<Value>::deserialize(d)?,
            Slot::List(list) => d.deserialize_any(ListVisitor(list))?,
            Slot::Object(object) => d.deserialize_any(ObjectVisitor(object))?,
            Slot::Other(other) => {
                let value = Value::deserialize(d)?;
                if !value.is_null() {
                    other.set(value).map_err(de::Error::custom)?;
                }
            }
            Slot::Ignore => {
                de::IgnoredAny::deserialize(d)?;
            }
        }
        Ok(())
    }
}

/// Decodes an object of a lenient struct from `deserializer`: what the `Deserialize` of a
/// `#[derive(tcapi::Model)] #[tencent(lenient)]` struct does.
#[doc(hidden)]
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut value = T::empty();
    deserializer.deserialize_map(FieldsVisitor(&mut value))?;
    Ok(value)
}

struct ObjectVisitor<'a>(&'a mut dyn ObjectSlot);

impl<'de> de::Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        FieldsVisitor(self.0.object()).visit_map(map)
    }
}

struct FieldsVisitor<'a>(&'a mut dyn Object);

impl<'de> de::Visitor<'de> for FieldsVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let object = self.0;
        let keys = object.keys();
        while let Some(member) = map.next_key_seed(MemberSeed(&*object))? {
            let index = match member {
                Member::Field(index) => index,
                Member::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
                Member::Malformed(why) => {
                    MALFORMED_KEY.set(true);
                    return Err(de::Error::custom(format_args!("a key holds {why}")));
                }
            };
            // The key's name is looked up only on a failure, off the path of every key.
            let name = || keys.get(index).copied().unwrap_or_default();
            if let Err(e) = visit_slot(object.slot(index), name, &mut map) {
                push_step(Step::Key(name()));
                return Err(e);
            }
        }
        Ok(())
    }
}

struct ListVisitor<'a>(&'a mut dyn ListSlot);

impl<'de> de::Visitor<'de> for ListVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut failure = None;
        let mut index = 0;
        let filled = self.0.fill(&mut |slot| {
            match seq.next_element_seed(SlotSeed(slot)) {
                Ok(Some(())) => {
                    index += 1;
                    return true;
                }
                Ok(None) => {}
                Err(e) => failure = Some(e),
            }
            false
        });
        if let Some(e) = failure {
            push_step(Step::Index(index));
            return Err(e);
        }
        filled.map_err(|NullElement| {
            push_step(Step::Index(index - 1));
            de::Error::custom("a list element is null")
        })
    }
}

/// A key of a lenient struct's object.
enum Member {
    /// The key of the field at this index.
    Field(usize),
    /// A key no field has: its value is skipped.
    Other,
    /// A key that is not a valid JSON string; the text says what it holds.
    Malformed(&'static str),
}

/// Reads a key of `0`'s object as bytes (serde_json then skips its UTF-8 check): a field's key
/// is ASCII and matched byte for byte, so only a key that matches none is checked, as
/// serde_json checks a string (see `keys`).
struct MemberSeed<'a>(&'a dyn Object);

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = Member;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Member, D::Error> {
        d.deserialize_bytes(self)
    }
}

impl<'de> de::Visitor<'de> for MemberSeed<'_> {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    /// A key without escapes, as it stands in the body.
    fn visit_borrowed_bytes<E: de::Error>(self, raw: &'de [u8]) -> Result<Member, E> {
        Ok(match self.0.index(raw) {
            Some(index) => Member::Field(index),
            None => check_raw_key(raw).map_or_else(Member::Malformed, |_| Member::Other),
        })
    }

    /// A key with escapes, decoded.
    fn visit_bytes<E: de::Error>(self, decoded: &[u8]) -> Result<Member, E> {
        Ok(match self.0.index(decoded) {
            Some(index) => Member::Field(index),
            None => check_decoded_key(decoded).map_or_else(Member::Malformed, |_| Member::Other),
        })
    }

    /// A key from a deserializer that gives keys as strings (a `serde_json::Value`).
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Member, E> {
        Ok(self
            .0
            .index(key.as_bytes())
            .map_or(Member::Other, Member::Field))
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient scalars

/// Reads an optional scalar of type `T` the lenient way.
struct Lenient<T>(std::marker::PhantomData<T>);

impl<T> Lenient<T> {
    const NEW: Self = Lenient(std::marker::PhantomData);
}

macro_rules! lenient_number {
    ($ty:ty, $what:literal, $from_i64:expr, $from_u64:expr, $from_f64:expr) => {
        impl<'de> de::Visitor<'de> for Lenient<$ty> {
            type Value = Option<$ty>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                let convert: fn(i64) -> Option<$ty> = $from_i64;
                convert(v)
                    .map(Some)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                let convert: fn(u64) -> Option<$ty> = $from_u64;
                convert(v)
                    .map(Some)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                let convert: fn(f64) -> Option<$ty> = $from_f64;
                convert(v)
                    .map(Some)
                    .ok_or_else(|| E::invalid_type(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                // A number written as a string, as some services do.
                v.trim()
                    .parse::<$ty>()
                    .map(Some)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
    };
}

lenient_number!(
    i64,
    "an integer (or one written as a string)",
    Some,
    |v| i64::try_from(v).ok(),
    |_| None
);
lenient_number!(
    u64,
    "a non-negative integer (or one written as a string)",
    |v| u64::try_from(v).ok(),
    Some,
    |_| None
);
lenient_number!(
    f64,
    "a number (or one written as a string)",
    |v| Some(v as f64),
    |v| Some(v as f64),
    Some
);

impl<'de> de::Visitor<'de> for Lenient<String> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number, kept as its text)")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    // A string written as a number, as some services do: kept as the number's text.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
        ))
    }
}

impl<'de> de::Visitor<'de> for Lenient<bool> {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
}

// ---------------------------------------------------------------------------------------------
// Generated code's other helpers

/// A scalar field read leniently through serde's `deserialize_with` (the `serde` feature of
/// the generated crates, on requests and responses).
#[doc(hidden)]
pub trait LenientField: Sized {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

macro_rules! lenient_fields {
    ($($ty:ty),*) => {$(
        impl LenientField for Option<$ty> {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(Lenient::<$ty>::NEW)
            }
        }
        impl LenientField for $ty {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(Lenient::<$ty>::NEW)?
                    .ok_or_else(|| de::Error::custom("a required member is null"))
            }
        }
    )*};
}

lenient_fields!(bool, i64, u64, f64, String);

/// `#[serde(deserialize_with = "::tcapi::__private::lenient")]`.
#[doc(hidden)]
pub fn lenient<'de, D: Deserializer<'de>, T: LenientField>(d: D) -> Result<T, D::Error> {
    T::deserialize_lenient(d)
}

/// Whether a request's `ClientToken` is set, which makes it safe to send again.
#[doc(hidden)]
#[inline]
pub fn has_client_token<T: ClientToken + ?Sized>(token: &T) -> bool {
    token.token().is_some_and(|t| !t.is_empty())
}

/// A `ClientToken` member: required or optional.
#[doc(hidden)]
pub trait ClientToken {
    fn token(&self) -> Option<&str>;
}

impl ClientToken for String {
    fn token(&self) -> Option<&str> {
        Some(self)
    }
}

impl ClientToken for Option<String> {
    fn token(&self) -> Option<&str> {
        self.as_deref()
    }
}
