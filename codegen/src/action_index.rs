//! The action index (`codes/sources/tencent-action-error-codes.jsonl`): the error codes each
//! API action is documented to return. `explain` scans it for one code; the SDK generator
//! reads all of it, to document each action's codes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use tcapi_codes::diagnostic::{Diagnostic, Diagnostics};

/// One row of the action index: the error codes an action is documented to return.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ActionRow {
    /// The product (`cvm`, its `serviceShortName`).
    pub product: String,
    /// The version as `vYYYYMMDD`.
    pub version: String,
    /// The action (`DescribeInstances`).
    pub action: String,
    /// The codes, as documented.
    pub codes: Vec<String>,
}

/// The error codes of each action of a version: action → its codes, sorted.
pub type ActionCodes = BTreeMap<String, Vec<String>>;

/// The rows of the action index at `path` whose line passes `keep` (a cheap filter on the
/// raw text, so that a lookup parses only the lines that can matter).
pub fn rows(path: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<ActionRow>, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::at(path, 0, 0, format!("cannot read the action index: {e}")))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !keep(line) {
            continue;
        }
        let row: ActionRow = serde_json::from_str(line).map_err(|e| {
            Diagnostic::at(
                path,
                i + 1,
                e.column(),
                format!("malformed action row: {}", tcapi_codes::load::message(&e)),
            )
        })?;
        rows.push(row);
    }
    Ok(rows)
}

/// The whole index at `path` by product version: `(product, vYYYYMMDD)` → its actions'
/// codes, each list sorted and without duplicates.
pub fn by_version(path: &Path) -> Result<BTreeMap<(String, String), ActionCodes>, Diagnostics> {
    let mut index: BTreeMap<(String, String), ActionCodes> = BTreeMap::new();
    for row in rows(path, |_| true)? {
        let codes = index
            .entry((row.product, row.version))
            .or_default()
            .entry(row.action)
            .or_default();
        codes.extend(row.codes);
        codes.sort();
        codes.dedup();
    }
    Ok(index)
}
