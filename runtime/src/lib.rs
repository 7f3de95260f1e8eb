#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Generated code names `::tcapi::...`; this makes that path work inside this crate too.
extern crate self as tcapi;

mod category;
mod code;
mod common;
mod hint;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use category::Category;
pub use code::{ErrorCode, UnknownCode};
pub use common::CommonCode;
pub use hint::RetryHint;
pub use tcapi_macros::error_codes;
