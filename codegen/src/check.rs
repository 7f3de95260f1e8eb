//! `tcapi-codegen check`: every table through the same validator the macro runs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::overrides::Overrides;
use tcapi_codes::builtin;
use tcapi_codes::categories::Categories;
use tcapi_codes::diagnostic::Diagnostics;
use tcapi_codes::table::Table;
use tcapi_codes::validate;

/// What a successful check covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Tables checked (built-in and given).
    pub tables: usize,
    /// Distinct codes over all of them.
    pub codes: usize,
}

/// Checks the built-in categories, overrides and tables (each table alone, then the
/// `all_products` union of all of them), and each table of `extra` on its own. Every
/// problem is reported, not just the first.
pub fn builtin(extra: &[PathBuf]) -> Result<Summary, Diagnostics> {
    let mut paths = vec![builtin::common_path()];
    paths.extend(builtin::product_tables().into_iter().map(|(_, _, p)| p));
    check(
        &builtin::categories_path(),
        Some(&builtin::overrides_path()),
        &paths,
        extra,
    )
}

/// Checks `categories`, `overrides` if given, the tables at `union` (alone and as one
/// union) and the tables at `alone` (each on its own).
pub fn check(
    categories: &Path,
    overrides: Option<&Path>,
    union: &[PathBuf],
    alone: &[PathBuf],
) -> Result<Summary, Diagnostics> {
    let categories = Categories::load(categories)?;
    let mut report = Diagnostics::default();
    if let Some(path) = overrides {
        if let Err(e) = Overrides::load(path, &categories) {
            report.extend(e);
        }
    }
    let mut load = |path: &PathBuf| match Table::load(path) {
        Ok(table) => Some(table),
        Err(e) => {
            report.extend(e);
            None
        }
    };
    let union_tables: Vec<Table> = union.iter().filter_map(&mut load).collect();
    let alone_tables: Vec<Table> = alone.iter().filter_map(&mut load).collect();
    report.extend(validate::tables(&union_tables, &categories));
    for table in &alone_tables {
        report.extend(validate::table(table, &categories));
    }
    for table in &union_tables {
        report.extend(check_file_name(table));
    }
    let codes: HashSet<&str> = union_tables
        .iter()
        .chain(&alone_tables)
        .flat_map(|t| t.rows.iter().map(|r| r.code.as_str()))
        .collect();
    let summary = Summary {
        tables: union.len() + alone.len(),
        codes: codes.len(),
    };
    report.into_result(summary)
}

/// A built-in table must say the product and version its file name says, because lookups by
/// product go by file name and the enum's docs by the table's fields.
fn check_file_name(table: &Table) -> Diagnostics {
    let mut report = Diagnostics::default();
    let name = builtin::file_name_of(&table.path);
    let (product, version) = builtin::identity_from_path(&table.path);
    if table.product != product || table.version != version {
        let expected = match &version {
            Some(v) => format!("product `{product}`, version `{v}`"),
            None => format!("product `{product}` and no version"),
        };
        report.push(tcapi_codes::Diagnostic::at(
            &table.path,
            1,
            1,
            format!(
                "the file name `{name}` means {expected}, but the table says {}",
                table.name()
            ),
        ));
    }
    report
}
