//! Tencent Cloud API 3.0 error-code tables: the data, the one validator, and the importer.
//!
//! The tables under `tables/` are the public contract documented in this crate's
//! `README.md`. The `tcapi-macros` crate reads them at compile time through this library,
//! and the `tcapi-codes` binary imports, checks, lists and explains them, so a table that
//! the command line accepts is exactly a table the macro accepts.
//!
//! ```
//! let categories = tcapi_codes::Categories::builtin().unwrap();
//! let table = tcapi_codes::builtin::product_table("aiart", None).unwrap();
//! let report = tcapi_codes::validate::table(&table, &categories);
//! assert!(report.is_empty(), "{report:?}");
//! ```

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
