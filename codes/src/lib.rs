#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// What `#[tcapi::error_codes]` runs at compile time, and nothing else: the macro compiles
// every line of this crate.
pub mod builtin;
pub mod categories;
pub mod diagnostic;
pub mod doc;
pub mod hints;
pub mod ident;
pub mod load;
pub mod phf;
pub mod resolve;
pub mod table;
pub mod validate;

pub use categories::Categories;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use hints::RETRY_HINTS;
pub use resolve::ResolvedCode;
pub use table::{Row, Table};
