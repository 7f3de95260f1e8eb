//! The one validator for tables. `tcapi-macros` calls [`tables`] before generating an enum,
//! and `tcapi-codegen check` and the importer call it too, so all three accept exactly the same
//! tables.

use std::collections::HashMap;

use crate::categories::{unknown_hint, Categories};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident::{is_identifier, variant_name};
use crate::table::{Row, Table};
use crate::RETRY_HINTS;

/// The variant every generated enum reserves for codes it does not know.
pub const RESERVED_VARIANT: &str = "Unknown";

/// Checks the syntax of a code: dot-separated segments of ASCII letters, digits and `_`, the
/// first starting with a letter. A trailing dot (`InternalError.`) is accepted because the
/// API really returns two such codes.
pub fn code_syntax(code: &str) -> Result<(), String> {
    if code.is_empty() {
        return Err("empty code".into());
    }
    let segments: Vec<&str> = code.split('.').collect();
    if !segments[0].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "invalid code `{code}`: must start with an ASCII letter"
        ));
    }
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if seg.is_empty() && !(last && i > 0) {
            return Err(format!("invalid code `{code}`: empty segment"));
        }
        if let Some(bad) = seg
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        {
            return Err(format!(
                "invalid code `{code}`: character {bad:?} is not allowed"
            ));
        }
    }
    Ok(())
}

/// Every problem of one table: row syntax, unknown categories and hints, overrides without a
/// reason, duplicate codes and variant names that collide after conversion.
pub fn table(table: &Table, categories: &Categories) -> Diagnostics {
    let mut report = Diagnostics::default();
    let path = table.path.as_path();
    let mut by_code: HashMap<&str, &Row> = HashMap::new();
    let mut by_variant: HashMap<&str, &Row> = HashMap::new();
    for row in &table.rows {
        let at = |message: String| {
            Diagnostic::at(path, row.line, row.column, message).with_code(&row.code)
        };
        if let Err(message) = code_syntax(&row.code) {
            report.push(at(message));
            continue;
        }
        if let Some(hint) = &row.retry {
            if !RETRY_HINTS.contains(&hint.as_str()) {
                report.push(
                    unknown_hint(
                        path,
                        row.line,
                        row.column,
                        hint,
                        &format!("code `{}`", row.code),
                    )
                    .with_code(&row.code),
                );
            }
        }
        if let Some(category) = &row.category {
            if categories.get(category).is_none() {
                let known: Vec<&str> = categories
                    .categories
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                report.push(at(format!(
                    "unknown category `{category}` for code `{}`; expected one of {}",
                    row.code,
                    known.join(", ")
                )));
            }
        }
        let overrides = row.retry.is_some() || row.category.is_some();
        match (&row.reason, overrides) {
            (None, true) => report.push(at(format!(
                "code `{}` overrides its retry hint or category without a \"reason\"",
                row.code
            ))),
            (Some(_), false) => report.push(at(format!(
                "code `{}` has a \"reason\" but no \"retry\" or \"category\" override",
                row.code
            ))),
            _ => {}
        }
        if let Some(variant) = &row.variant {
            if !is_identifier(variant) {
                report.push(at(format!(
                    "variant `{variant}` of code `{}` is not a Rust identifier",
                    row.code
                )));
            }
        }
        let variant = variant_name(row);
        if variant == RESERVED_VARIANT {
            report.push(at(format!(
                "code `{}` becomes the variant `Unknown`, which is reserved for unknown codes; give it an explicit \"variant\"", row.code)));
        }
        if let Some(first) = by_code.insert(&row.code, row) {
            report.push(at(format!(
                "duplicate code `{}` (rows at lines {} and {})",
                row.code, first.line, row.line
            )));
            continue;
        }
        if let Some(first) = by_variant.insert(variant, row) {
            report.push(at(format!(
                "variant name `{variant}` of code `{}` collides with code `{}` (line {}); give one of them an explicit \"variant\"",
                row.code, first.code, first.line)));
        }
    }
    report
}

/// Every problem of tables that form one enum: each table alone, then, once every table is
/// sound alone, their [`union`]. The union waits for that because it would report a collision
/// inside one table a second time, and one sound table cannot collide with itself.
pub fn tables(tables: &[Table], categories: &Categories) -> Diagnostics {
    let mut report = Diagnostics::default();
    for t in tables {
        report.extend(table(t, categories));
    }
    if report.is_empty() && tables.len() > 1 {
        report.extend(union(&tables.iter().collect::<Vec<_>>()));
    }
    report
}

/// Problems that appear only when several tables form one enum: two different codes of
/// different tables that become the same variant.
pub fn union(tables: &[&Table]) -> Diagnostics {
    let mut report = Diagnostics::default();
    let mut by_variant: HashMap<&str, (&Table, &Row)> = HashMap::new();
    let mut seen_codes: HashMap<&str, ()> = HashMap::new();
    for table in tables {
        for row in &table.rows {
            if seen_codes.insert(&row.code, ()).is_some() {
                continue;
            }
            let variant = variant_name(row);
            if let Some((first_table, first)) = by_variant.get(variant) {
                if first.code != row.code {
                    report.push(Diagnostic::at(&table.path, row.line, row.column, format!(
                        "variant name `{variant}` of code `{}` collides with code `{}` of {} ({}:{}); give one of them an explicit \"variant\"",
                        row.code, first.code, first_table.name(), first_table.path.display(), first.line)).with_code(&row.code));
                }
            } else {
                by_variant.insert(variant, (table, row));
            }
        }
    }
    report
}
