//! What a table row means once defaults apply: its variant, category, retry hint and why.

use std::collections::HashSet;

use crate::categories::Categories;
use crate::ident::variant_name;
use crate::table::{Row, Table};

/// A code with every fact the enum and the command line show about it.
#[derive(Debug, Clone)]
pub struct ResolvedCode<'t> {
    /// The row it comes from (the first table that defines the code wins).
    pub row: &'t Row,
    /// The table it comes from.
    pub table: &'t Table,
    /// The enum variant.
    pub variant: String,
    /// Index of its category in [`Categories::categories`].
    pub category: usize,
    /// Name of its category (a `tcapi::Category` variant).
    pub category_name: String,
    /// Its retry hint.
    pub retry: String,
    /// Why that hint: the row's override reason, or the category's.
    pub reason: String,
    /// Whether the hint or category is a row override rather than the category default.
    pub overridden: bool,
}

impl ResolvedCode<'_> {
    /// The code string.
    pub fn code(&self) -> &str {
        &self.row.code
    }

    /// English description if there is one, else Chinese.
    pub fn description(&self) -> Option<&str> {
        self.row
            .description_en
            .as_deref()
            .or(self.row.description_zh.as_deref())
    }
}

/// The codes of `tables` as one enum sees them: table order, first definition of a code
/// wins. Assumes the tables passed [`crate::validate`].
pub fn resolve<'t>(tables: &[&'t Table], categories: &Categories) -> Vec<ResolvedCode<'t>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for table in tables {
        for row in &table.rows {
            if seen.insert(row.code.as_str()) {
                out.push(resolve_row(table, row, categories));
            }
        }
    }
    out
}

/// One row with its defaults applied.
pub fn resolve_row<'t>(
    table: &'t Table,
    row: &'t Row,
    categories: &Categories,
) -> ResolvedCode<'t> {
    let by_segment = categories.of_code(&row.code);
    let category_name = row.category.as_deref().unwrap_or(&by_segment.name);
    let category = categories
        .categories
        .iter()
        .position(|c| c.name == category_name)
        .unwrap_or_else(|| {
            categories
                .categories
                .iter()
                .position(|c| c.catch_all)
                .unwrap_or(0)
        });
    let def = &categories.categories[category];
    let (retry, reason) = match (&row.retry, &row.reason) {
        (Some(hint), Some(reason)) => (hint.clone(), reason.clone()),
        (None, Some(reason)) => (def.retry.clone(), reason.clone()),
        _ => (def.retry.clone(), def.reason.clone()),
    };
    ResolvedCode {
        row,
        table,
        variant: variant_name(row).to_owned(),
        category,
        category_name: def.name.clone(),
        retry,
        reason,
        overridden: row.retry.is_some() || row.category.is_some(),
    }
}
