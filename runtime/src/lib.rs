#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// Generated code names `::tcapi::...`; this makes that path work inside this crate too.
extern crate self as tcapi;

mod action;
mod category;
mod code;
mod code_table;
mod common;
mod decode;
mod error;
#[cfg(any(feature = "client", feature = "credentials"))]
mod error_chain;
mod hint;
mod model;
mod response;

#[cfg(feature = "client")]
pub mod client;
pub mod clock;
#[cfg(feature = "credentials")]
pub mod credentials;
pub mod form;
pub mod paginate;
pub mod retry;
#[cfg(feature = "sign")]
pub mod sign;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use action::Action;
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
pub use paginate::{Paginated, Paging};
pub use response::TencentResponse;
pub use tcapi_macros::{error_codes, Model, TencentResponse};

// The macros' documentation is written in tcapi-macros (where rustdoc and editors show it);
// its examples need this crate, so they run here.
#[cfg(doctest)]
#[doc = include_str!("../../macros/src/docs/error_codes.md")]
struct ErrorCodesDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../macros/src/docs/tencent_response.md")]
struct TencentResponseDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../macros/src/docs/model.md")]
struct ModelDoctests;
