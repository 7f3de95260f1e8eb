//! The table format (see the crate's `README.md`) and its loader.
//!
//! Rows are parsed one by one from their raw JSON text so that every row knows the line it
//! starts on: a diagnostic names `file:line:column` and the code, not just "row 12".

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::diagnostic::Diagnostics;
use crate::load::{self, Document};

/// One error-code table: the codes of one product version, or the common codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file the table was read from (or is to be written to).
    pub path: PathBuf,
    /// Product name as in the API host name (`vpc`), or `common` for the platform codes.
    pub product: String,
    /// API version (`2017-03-12`); `None` for the common table.
    pub version: Option<String>,
    /// The rows, in table order.
    pub rows: Vec<Row>,
}

/// One error code of a table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[cfg_attr(feature = "write", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The code exactly as the API returns it (`AuthFailure.SignatureExpire`).
    pub code: String,
    /// English description, where the product publishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// Chinese description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// Suggested fix (Chinese), where one is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_zh: Option<String>,
    /// Explicit enum variant name, where the automatic one (UpperCamelCase of the code) collides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Category override, where the first segment of the code misleads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Retry-hint override (a `tcapi::RetryHint` variant name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<String>,
    /// Why the override is right; required with `retry` or `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// 1-based line the row starts on in its file (0 for rows not read from a file).
    #[serde(skip)]
    pub line: usize,
    /// 1-based column the row starts on.
    #[serde(skip)]
    pub column: usize,
    /// The automatic variant name, computed once: validation, the union check and
    /// resolution all need it, and heck is slow in the unoptimised proc macro.
    #[serde(skip)]
    #[doc(hidden)]
    pub automatic_variant: VariantCache,
}

/// A lazily computed variant name that takes no part in comparing rows.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct VariantCache(std::cell::OnceCell<String>);

impl VariantCache {
    pub(crate) fn get_or_init(&self, init: impl FnOnce() -> String) -> &str {
        self.0.get_or_init(init)
    }
}

impl PartialEq for VariantCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for VariantCache {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable<'a> {
    product: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(borrow)]
    codes: Vec<&'a RawValue>,
}

impl Table {
    /// Reads and parses a table file. Every malformed row is reported, not just the first.
    pub fn load(path: &Path) -> Result<Table, Diagnostics> {
        let text = load::read(path, "table")?;
        Table::parse(path, &text)
    }

    /// Parses a table from its text; `path` is used for diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<Table, Diagnostics> {
        let document = Document::new(path, text);
        let raw: RawTable<'_> = document.outline()?;
        let mut report = Diagnostics::default();
        let rows = document.entries(&raw.codes, &mut report, |row: &mut Row| {
            (&mut row.line, &mut row.column)
        });
        report.into_result(Table {
            path: path.to_path_buf(),
            product: raw.product,
            version: raw.version,
            rows,
        })
    }

    /// The table as written to disk: pretty JSON with one row per line, so a diff of an
    /// import shows one line per changed code and diagnostics point at the row.
    #[cfg(feature = "write")]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        out.push_str("{\n  \"product\": ");
        out.push_str(&serde_json::to_string(&self.product).expect("string serializes"));
        if let Some(version) = &self.version {
            out.push_str(",\n  \"version\": ");
            out.push_str(&serde_json::to_string(version).expect("string serializes"));
        }
        out.push_str(",\n  \"codes\": [");
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            out.push_str(&serde_json::to_string(row).expect("row serializes"));
        }
        out.push_str(if self.rows.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// `product` for the common table, `product@version` otherwise.
    pub fn name(&self) -> String {
        display_name(&self.product, self.version.as_deref())
    }
}

/// How a table is named to people: `product@version`, or the product alone when it has no
/// version (`common`).
pub fn display_name(product: &str, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("{product}@{v}"),
        None => product.to_owned(),
    }
}
