#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod builtin;
pub mod categories;
pub mod check;
pub mod diagnostic;
pub mod explain;
pub mod ident;
pub mod import;
pub mod overrides;
pub mod phf;
pub mod resolve;
pub mod table;
pub mod validate;

pub use categories::Categories;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use overrides::Overrides;
pub use resolve::ResolvedCode;
pub use table::{Row, Table};

/// The names of `tcapi::RetryHint`'s variants, as a table's `retry` field spells them.
pub const RETRY_HINTS: &[&str] = &[
    "Never",
    "Throttled",
    "Transient",
    "Resign",
    "RefreshCredentials",
    "WaitForResource",
];
