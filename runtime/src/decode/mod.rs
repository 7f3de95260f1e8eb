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
//! What generated code calls is re-exported through `tcapi::__private`:
//!
//! - `fields`: the [`Fields`] trait `#[derive(TencentResponse)]` and `#[derive(tcapi::Model)]`
//!   implement, and the helpers their expansions name;
//! - `model`: [`deserialize_model`], which reads a nested model with the same `Fields`;
//! - `object`: the lean decoder of `#[tencent(lenient)]` structs, one slot per field.
//!
//! The decoder itself:
//!
//! - `driver`: the passes over a body, the top-level object and `Response` itself;
//! - `envelope`: what one pass has learned (`Error`, `RequestId`, the first fault) and how it
//!   reads the envelope's own keys of `Response`;
//! - `keys`: the keys each reader looks for, matched as bytes;
//! - `value`: the envelope's values, whose JSON type is checked rather than trusted;
//! - `outcome`: what the end of a pass becomes for the caller;
//! - `derived`: the reader of `Response` for a type that implements [`Fields`];
//! - `generic`: [`decode`] and [`Decoded`], for any `serde::Deserialize` type;
//! - `bare`: a chunk of an event stream, a response without its envelope (feature `client`).
//!
//! [`Error::Api`]: crate::Error::Api
//! [`Error::InvalidBody`]: crate::Error::InvalidBody
//! [`Error::Legacy`]: crate::Error::Legacy

#[cfg(feature = "client")]
mod bare;
mod derived;
mod driver;
mod envelope;
mod fields;
mod generic;
mod keys;
mod model;
mod object;
mod outcome;
mod value;

#[cfg(feature = "client")]
pub(crate) use self::bare::{decode_bare, decode_bare_fields};
pub(crate) use self::fields::missing_field;
pub use self::fields::{
    decode_fields, flatten_field, FieldError, Fields, RequestIdField, RequestIdSlot,
};
pub use self::generic::{decode, decode_with, Decoded};
pub use self::model::deserialize_model;
pub use self::object::{
    deserialize_object, has_client_token, lenient, visit_slot, Object, ObjectSlot, OptionSlot, Slot,
};
