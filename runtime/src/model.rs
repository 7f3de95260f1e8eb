//! [`Model`]: the types a field of a derived response (or of a derived model) may have, so a
//! nested object can never be read with keys that are not Tencent's.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use serde::de::{DeserializeOwned, MapAccess};

use crate::decode::{missing_field, FieldError, Slot};

/// A type whose serde implementation reads Tencent's keys: the type of every field of a
/// `#[derive(TencentResponse)]` or `#[derive(tcapi::Model)]` struct.
///
/// The derives name keys in PascalCase on their own, but a nested struct with a plain
/// `#[derive(serde::Deserialize)]` would look for `zone` where the body says `Zone`, and
/// decode every field to `None` without an error. So a field type must be a `Model`:
///
/// - scalars, `String`, `Box<str>`, `serde_json::Value` and `serde_json::Map` are;
/// - `Option<T>`, `Vec<T>`, `Box<T>`, `HashMap<String, T>` and `BTreeMap<String, T>` are when
///   `T` is;
/// - a nested struct is when it derives [`Model`](derive@crate::Model), which gives it the
///   response's rules and its `serde::Deserialize`;
/// - a type that already reads Tencent's keys through its own serde attributes (for example
///   `#[serde(rename_all = "PascalCase")]`, or generated code with a rename on every field)
///   says so with `impl tcapi::Model for MyType {}`.
///
/// ```
/// #[derive(Debug, tcapi::Model)]
/// pub struct Placement {
///     pub zone: Option<String>,                 // key "Zone", as in a response
/// }
///
/// #[derive(serde::Deserialize)]
/// #[serde(rename_all = "PascalCase")]
/// pub struct Tag {
///     pub key: String,
///     pub value: String,
/// }
/// impl tcapi::Model for Tag {}                  // its serde attributes give Tencent's keys
///
/// #[derive(tcapi::TencentResponse)]
/// pub struct DescribeInstanceResponse {
///     pub placement: Option<Placement>,
///     pub tags: Vec<Tag>,
///     pub request_id: String,
/// }
///
/// let body = br#"{"Response":{"Placement":{"Zone":"ap-guangzhou-3"},"Tags":[{"Key":"a","Value":"b"}],"RequestId":"r"}}"#;
/// let resp = DescribeInstanceResponse::from_slice(body)?;
/// assert_eq!(resp.placement.unwrap().zone.as_deref(), Some("ap-guangzhou-3"));
/// assert_eq!(resp.tags[0].value, "b");
/// # Ok::<(), tcapi::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `tcapi::Model`, so it may not read Tencent's keys",
    label = "a field type must implement `tcapi::Model`",
    note = "derive it: `#[derive(tcapi::Model)] struct {Self} {{ .. }}` reads PascalCase keys, as the response does",
    note = "if `{Self}` already reads Tencent's keys through its own serde attributes, say so: `impl tcapi::Model for {Self} {{}}`"
)]
pub trait Model: DeserializeOwned {
    // How generated code reads and completes a field, written once here. Both derives call
    // these as `<FieldType as Model>::..` for every field: a type that is not a `Model` is
    // then reported once, at the field's type, with this trait's message (the two calls give
    // identical errors, which rustc merges).

    /// Reads the field's value. Not a public API.
    #[doc(hidden)]
    #[inline]
    fn __next_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        map.next_value::<Self>()
    }

    /// The value of the field when its key is absent: `None` for an `Option`, an error
    /// naming `key` otherwise. Not a public API.
    #[doc(hidden)]
    #[inline]
    fn __missing(key: &'static str) -> Result<Self, FieldError> {
        missing_field(key)
    }

    /// Where the lean decoder of `#[tencent(lenient)]` structs writes an optional field of
    /// this type: any type is read as JSON first, then into its type; scalars, lists and
    /// lenient structs say better. Not a public API.
    #[doc(hidden)]
    #[inline]
    fn __slot(this: &mut Option<Self>) -> Slot<'_> {
        Slot::Other(this)
    }

    /// [`Model::__slot`] for `Option<Box<Self>>`. Not a public API.
    #[doc(hidden)]
    #[inline]
    fn __boxed_slot(this: &mut Option<Box<Self>>) -> Slot<'_> {
        Slot::Other(this)
    }
}

macro_rules! models {
    ($($ty:ty),* $(,)?) => { $(impl Model for $ty {})* };
}

models! {
    char, i8, i16, i32, i128, isize, u8, u16, u32, u128, usize, f32,
    Box<str>, serde_json::Map<String, serde_json::Value>,
}

/// The models the lean decoder writes in place.
macro_rules! slot_models {
    ($($ty:ty => $slot:ident),* $(,)?) => {
        $(impl Model for $ty {
            #[inline]
            fn __slot(this: &mut Option<Self>) -> Slot<'_> {
                Slot::$slot(this)
            }
        })*
    };
}

slot_models! {
    bool => Bool, i64 => I64, u64 => U64, f64 => F64, String => Str, serde_json::Value => Value,
}

impl<T: Model> Model for Option<T> {}
impl<T: Model> Model for Vec<T> {
    #[inline]
    fn __slot(this: &mut Option<Self>) -> Slot<'_> {
        Slot::List(this)
    }
}
impl<T: Model> Model for Box<T> {
    #[inline]
    fn __slot(this: &mut Option<Self>) -> Slot<'_> {
        T::__boxed_slot(this)
    }
}
impl<T: Model, S: BuildHasher + Default> Model for HashMap<String, T, S> {}
impl<T: Model> Model for BTreeMap<String, T> {}
