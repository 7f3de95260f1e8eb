#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod builtin;
pub mod categories;
pub mod check;
pub mod diagnostic;
pub mod explain;
pub mod hints;
pub mod ident;
pub mod import;
pub mod overrides;
pub mod phf;
pub mod resolve;
pub mod table;
pub mod validate;

pub use categories::Categories;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use hints::RETRY_HINTS;
pub use overrides::Overrides;
pub use resolve::ResolvedCode;
pub use table::{Row, Table};
