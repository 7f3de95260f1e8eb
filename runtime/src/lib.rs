#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// Generated code names `::tcapi::...`; this makes that path work inside this crate too.
extern crate self as tcapi;

mod category;
mod code;
mod code_table;
mod common;
mod decode;
mod error;
mod hint;
mod model;
mod response;

#[cfg(feature = "client")]
pub mod client;
pub mod clock;
pub mod retry;
#[cfg(feature = "sign")]
pub mod sign;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use category::Category;
pub use code::{ErrorCode, UnknownCode};
pub use common::CommonCode;
pub use decode::{decode, decode_with, Decoded};
pub use error::{
    ApiError, BodyError, BodyErrorKind, Error, HttpError, LegacyError, TransportError,
    TransportErrorKind,
};
pub use hint::RetryHint;
pub use model::Model;
pub use response::TencentResponse;
pub use tcapi_macros::{error_codes, Model, TencentResponse};
