#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// The core: what `#[tcapi::error_codes]` runs at compile time.
pub mod builtin;
pub mod categories;
pub mod cloud;
pub mod diagnostic;
pub mod doc;
pub mod hints;
pub mod ident;
mod load;
pub mod phf;
pub mod reads;
pub mod resolve;
pub mod streaming;
pub mod table;
pub mod validate;

// The tools, behind the `tools` feature so that the proc macro does not compile them.
#[cfg(feature = "tools")]
pub mod check;
#[cfg(feature = "tools")]
pub mod explain;
#[cfg(feature = "tools")]
pub mod import;
#[cfg(feature = "tools")]
pub mod overrides;
#[cfg(feature = "tools")]
pub mod sdk;

pub use categories::Categories;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use hints::RETRY_HINTS;
#[cfg(feature = "tools")]
pub use overrides::Overrides;
pub use resolve::ResolvedCode;
pub use table::{Row, Table};
