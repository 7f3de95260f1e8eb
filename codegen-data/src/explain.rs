//! `tcapi-codes explain` and `tcapi-codes list`: what a person reads when an error hits them.
//!
//! Only what is needed is loaded: a table is parsed only if its text mentions the code, and
//! the action index is scanned line by line for it. An unknown code loads every table once,
//! to find the nearest known codes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::builtin::{self, COMMON};
use crate::categories::Categories;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::import::corpus::table_version;
use crate::resolve::resolve_row;
use crate::table::{self, Table};
use crate::validate::code_syntax;

/// At most this many product versions are listed under "returned by".
pub const MAX_ACTION_GROUPS: usize = 8;
/// At most this many actions are listed per product version.
pub const MAX_ACTIONS_PER_GROUP: usize = 6;
/// At most this many nearest codes are suggested for an unknown code.
pub const MAX_NEAREST: usize = 5;

/// Where `explain` and `list` read from.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The categories.
    pub categories: Categories,
    /// The common table's file.
    pub common: PathBuf,
    /// Every product table as `(product, version, path)`, sorted.
    pub products: Vec<(String, String, PathBuf)>,
    /// The action index (`tencent-action-error-codes.jsonl`).
    pub actions: PathBuf,
}

impl Catalog {
    /// The data shipped with this crate.
    pub fn builtin() -> Result<Catalog, Diagnostics> {
        Ok(Catalog {
            categories: Categories::builtin()?,
            common: builtin::common_path(),
            products: builtin::product_tables(),
            actions: builtin::actions_path(),
        })
    }

    /// Every table file, common first.
    fn table_files(&self) -> impl Iterator<Item = &Path> {
        std::iter::once(self.common.as_path())
            .chain(self.products.iter().map(|(_, _, path)| path.as_path()))
    }

    /// The tables that define `code`, common first, then by product and version.
    pub fn defining(&self, code: &str) -> Result<Vec<Table>, Diagnostics> {
        let needle = serde_json::to_string(code).unwrap_or_default();
        let mut found = Vec::new();
        for path in self.table_files() {
            let text = crate::load::read(path, "table")?;
            if text.contains(&needle) {
                let table = Table::parse(path, &text)?;
                if table.rows.iter().any(|r| r.code == code) {
                    found.push(table);
                }
            }
        }
        Ok(found)
    }

    /// Every distinct known code, sorted.
    pub fn all_codes(&self) -> Result<BTreeSet<String>, Diagnostics> {
        let mut codes = BTreeSet::new();
        for path in self.table_files() {
            codes.extend(Table::load(path)?.rows.into_iter().map(|r| r.code));
        }
        Ok(codes)
    }

    /// Fails with the nearest product names when `product` has no table.
    pub fn check_product(&self, product: &str) -> Result<(), Diagnostics> {
        if product == COMMON || self.products.iter().any(|(p, _, _)| p == product) {
            return Ok(());
        }
        let dir = self.common.parent().unwrap_or(Path::new("."));
        let known = self.products.iter().map(|(p, _, _)| p.as_str());
        Err(builtin::unknown_product(dir, product, known).into())
    }

    /// The actions documented to return `code`, grouped by `product@version`, sorted. With
    /// `product`, only that product's actions.
    pub fn actions(
        &self,
        code: &str,
        product: Option<&str>,
    ) -> Result<BTreeMap<String, Vec<String>>, Diagnostics> {
        #[derive(Deserialize)]
        struct ActionRow {
            product: String,
            version: String,
            action: String,
            codes: Vec<String>,
        }
        let text = std::fs::read_to_string(&self.actions).map_err(|e| {
            Diagnostic::at(
                &self.actions,
                0,
                0,
                format!("cannot read the action index: {e}"),
            )
        })?;
        let needle = serde_json::to_string(code).unwrap_or_default();
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if !line.contains(&needle) {
                continue;
            }
            let row: ActionRow = serde_json::from_str(line).map_err(|e| {
                Diagnostic::at(
                    &self.actions,
                    i + 1,
                    e.column(),
                    format!("malformed action row: {}", crate::load::message(&e)),
                )
            })?;
            if product.is_some_and(|p| p != row.product) || !row.codes.iter().any(|c| c == code) {
                continue;
            }
            let version = table_version(&row.version).unwrap_or(row.version);
            groups
                .entry(table::display_name(&row.product, Some(&version)))
                .or_default()
                .push(row.action);
        }
        for actions in groups.values_mut() {
            actions.sort();
            actions.dedup();
        }
        Ok(groups)
    }
}

/// Everything `explain` says about a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The code as asked.
    pub code: String,
    /// Whether some table defines it.
    pub known: bool,
    /// Why the code is not even well-formed, if it is not.
    pub syntax_error: Option<String>,
    /// The enum variant the code becomes (`Unknown` for an unknown code).
    pub variant: String,
    /// Its category (a `tcapi::Category` variant).
    pub category: String,
    /// What the category means.
    pub category_doc: String,
    /// The legacy first segment that put the code in its category, with the reason.
    pub root: Option<(String, String)>,
    /// Its retry hint (a `tcapi::RetryHint` variant).
    pub retry: String,
    /// Why that hint: the override's reason, or the category's.
    pub reason: String,
    /// Whether the hint or category comes from `overrides.json`.
    pub overridden: bool,
    /// The table the descriptions below come from (`common`, `cvm@2017-03-12`).
    pub described_by: Option<String>,
    /// English description.
    pub description_en: Option<String>,
    /// Chinese description.
    pub description_zh: Option<String>,
    /// Suggested fix (Chinese).
    pub solution_zh: Option<String>,
    /// The tables that define the code (`common`, `product@version`), the asked product first.
    pub defined_by: Vec<String>,
    /// Something the reader should know (the asked product does not define the code, ...).
    pub note: Option<String>,
    /// Actions documented to return the code, by `product@version`.
    pub actions: BTreeMap<String, Vec<String>>,
    /// For an unknown code, the nearest known codes.
    pub nearest: Vec<String>,
}

/// Explains a code from the built-in data; see [`explain_in`].
pub fn explain(code: &str, product: Option<&str>) -> Result<Explanation, Diagnostics> {
    explain_in(&Catalog::builtin()?, code, product)
}

/// Explains a code: category, retry hint and why, descriptions, fix, the tables that define
/// it and the actions that return it. With `product`, that product's row (latest version) is
/// the one described and listed first, and only its actions are listed. An unknown code gets
/// the category and hint of its first segment and the nearest known codes.
pub fn explain_in(
    catalog: &Catalog,
    code: &str,
    product: Option<&str>,
) -> Result<Explanation, Diagnostics> {
    if let Some(p) = product {
        catalog.check_product(p)?;
    }
    let mut tables = catalog.defining(code)?;
    // The asked product first, latest version first; the rest keeps common-then-sorted order.
    if let Some(p) = product {
        let (mut asked, rest): (Vec<Table>, Vec<Table>) =
            tables.into_iter().partition(|t| t.product == p);
        asked.reverse();
        asked.extend(rest);
        tables = asked;
    }
    let categories = &catalog.categories;
    let chosen = tables
        .first()
        .and_then(|t| t.rows.iter().find(|r| r.code == code).map(|r| (t, r)));
    let mut explanation = match chosen {
        Some((table, row)) => {
            let resolved = resolve_row(table, row, categories);
            let def = &categories.categories[resolved.category];
            Explanation {
                code: code.to_owned(),
                known: true,
                syntax_error: None,
                variant: resolved.variant.clone(),
                category: resolved.category_name.clone(),
                category_doc: def.doc.clone(),
                root: None,
                retry: resolved.retry.clone(),
                reason: resolved.reason.clone(),
                overridden: resolved.overridden,
                described_by: Some(table.name()),
                description_en: row.description_en.clone(),
                description_zh: row.description_zh.clone(),
                solution_zh: row.solution_zh.clone(),
                defined_by: tables.iter().map(Table::name).collect(),
                note: None,
                actions: BTreeMap::new(),
                nearest: Vec::new(),
            }
        }
        None => {
            let def = categories.of_code(code);
            let all = catalog.all_codes()?;
            Explanation {
                code: code.to_owned(),
                known: false,
                syntax_error: code_syntax(code).err(),
                variant: crate::validate::RESERVED_VARIANT.to_owned(),
                category: def.name.clone(),
                category_doc: def.doc.clone(),
                root: None,
                retry: def.retry.clone(),
                reason: def.reason.clone(),
                overridden: false,
                described_by: None,
                description_en: None,
                description_zh: None,
                solution_zh: None,
                defined_by: Vec::new(),
                note: None,
                actions: BTreeMap::new(),
                nearest: ident::nearest(code, all.iter().map(String::as_str), MAX_NEAREST)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            }
        }
    };
    if !explanation.overridden {
        explanation.root = categories
            .root_of(code)
            .map(|r| (r.segment.clone(), r.reason.clone()));
    }
    if let Some(p) = product.filter(|_| explanation.known) {
        if !explanation
            .defined_by
            .iter()
            .any(|t| t == p || t.starts_with(&format!("{p}@")))
        {
            explanation.note = Some(if explanation.defined_by.iter().any(|t| t == COMMON) {
                format!("`{p}` does not list this code itself; it is a common code, which every product may return")
            } else {
                format!(
                    "`{p}` does not define this code; described from {}",
                    explanation.described_by.as_deref().unwrap_or("?")
                )
            });
        }
    }
    explanation.actions = catalog.actions(code, product)?;
    Ok(explanation)
}

/// What a retry hint tells the caller to do.
pub fn hint_meaning(hint: &str) -> &'static str {
    crate::hints::get(hint).map_or("unknown hint", |h| h.meaning)
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |f: &mut fmt::Formatter<'_>, label: &str, text: &str| -> fmt::Result {
            let mut lines = text.trim_end().lines();
            writeln!(f, "{label:<13}{}", lines.next().unwrap_or_default())?;
            lines.try_for_each(|l| writeln!(f, "{:<13}{l}", ""))
        };
        if self.known {
            writeln!(f, "{}", self.code)?;
        } else {
            writeln!(f, "{} (not a known code)", self.code)?;
        }
        if let Some(error) = &self.syntax_error {
            field(f, "warning", error)?;
        }
        let from = match &self.root {
            Some((segment, reason)) => format!(" (legacy root `{segment}`: {reason})"),
            None if !self.known => format!(
                " (from its first segment `{}`)",
                self.code.split('.').next().unwrap_or_default()
            ),
            None => String::new(),
        };
        let variant = if self.known {
            self.variant.clone()
        } else {
            format!("{}({:?})", self.variant, self.code)
        };
        field(f, "variant", &variant)?;
        field(
            f,
            "category",
            &format!("{}{from}: {}", self.category, self.category_doc),
        )?;
        field(
            f,
            "retry hint",
            &format!("{} ({})", self.retry, hint_meaning(&self.retry)),
        )?;
        let source = if self.overridden {
            "overrides.json"
        } else {
            "categories.json, category default"
        };
        field(f, "why", &format!("{} ({source})", self.reason))?;
        if let Some(note) = &self.note {
            field(f, "note", note)?;
        }
        if let Some(en) = &self.description_en {
            field(f, "english", en)?;
        }
        if let Some(zh) = &self.description_zh {
            field(f, "chinese", zh)?;
        }
        if let Some(fix) = &self.solution_zh {
            field(f, "fix", fix)?;
        }
        if !self.defined_by.is_empty() {
            let described = self
                .described_by
                .as_deref()
                .map(|d| format!(" (descriptions from {d})"))
                .unwrap_or_default();
            field(
                f,
                "defined by",
                &format!("{}{described}", self.defined_by.join(", ")),
            )?;
        }
        if !self.nearest.is_empty() {
            field(f, "did you mean", &self.nearest.join("\n"))?;
        } else if !self.known {
            field(f, "did you mean", "no known code is close")?;
        }
        let count: usize = self.actions.values().map(Vec::len).sum();
        if count == 0 {
            if self.known {
                field(f, "returned by", "no action is documented to return it")?;
            }
            return Ok(());
        }
        let groups = self.actions.len();
        let mut text = format!(
            "{count} action{} in {groups} product version{}",
            if count == 1 { "" } else { "s" },
            if groups == 1 { "" } else { "s" }
        );
        for (table, actions) in self.actions.iter().take(MAX_ACTION_GROUPS) {
            let shown: Vec<&str> = actions
                .iter()
                .take(MAX_ACTIONS_PER_GROUP)
                .map(String::as_str)
                .collect();
            let more = actions.len() - shown.len();
            let _ = write!(text, "\n  {table}: {}", shown.join(", "));
            if more > 0 {
                let _ = write!(text, " (+{more} more)");
            }
        }
        if self.actions.len() > MAX_ACTION_GROUPS {
            let _ = write!(
                text,
                "\n  (+{} more product versions)",
                self.actions.len() - MAX_ACTION_GROUPS
            );
        }
        field(f, "returned by", &text)
    }
}

/// The codes of a table with their category and retry hint, one aligned line each, after a
/// `# name: N codes` header.
pub fn list_table(table: &Table, categories: &Categories) -> String {
    let resolved: Vec<_> = table
        .rows
        .iter()
        .map(|row| resolve_row(table, row, categories))
        .collect();
    let code_width = resolved.iter().map(|r| r.code().len()).max().unwrap_or(0);
    let category_width = resolved
        .iter()
        .map(|r| r.category_name.len())
        .max()
        .unwrap_or(0);
    let mut out = format!("# {}: {} codes\n", table.name(), resolved.len());
    for r in &resolved {
        let _ = writeln!(
            out,
            "{:<code_width$}  {:<category_width$}  {}",
            r.code(),
            r.category_name,
            r.retry
        );
    }
    out
}

/// `list`: the codes of a built-in table (the common table when `product` is `None`; the
/// latest version unless `version` is given).
pub fn list(product: Option<&str>, version: Option<&str>) -> Result<String, Diagnostics> {
    let categories = Categories::builtin()?;
    let table = match product {
        None | Some(COMMON) => builtin::common_table()?,
        Some(p) => builtin::product_table(p, version)?,
    };
    Ok(list_table(&table, &categories))
}
