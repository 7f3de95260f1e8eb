//! `tcapi-codegen explain` and `tcapi-codegen list`: what a person reads when an error hits them.
//!
//! Only what is needed is loaded: a table is parsed only if its text mentions the code, and
//! the action index is scanned line by line for it. An unknown code loads every table once,
//! to find the nearest known codes. Input that is not a code at all is refused
//! ([`ExplainError::NotACode`]) rather than explained as one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::action_index;
use crate::import::corpus::table_version;
use tcapi_codes::builtin::{self, COMMON};
use tcapi_codes::categories::Categories;
use tcapi_codes::diagnostic::Diagnostics;
use tcapi_codes::ident::edit_distance;
use tcapi_codes::resolve::resolve_row;
use tcapi_codes::table::{self, Table};
use tcapi_codes::validate::code_syntax;

/// At most this many product versions are listed under "returned by".
pub const MAX_ACTION_GROUPS: usize = 8;
/// At most this many actions are listed per product version.
pub const MAX_ACTIONS_PER_GROUP: usize = 6;
/// At most this many nearest codes are suggested for an unknown code.
pub const MAX_NEAREST: usize = 5;
/// Up to this many tables are named one by one under "defined by"; more are grouped by product.
pub const MAX_DEFINING_TABLES: usize = 8;
/// At most this many products are named when "defined by" is grouped.
pub const MAX_DEFINING_PRODUCTS: usize = 8;
/// At most this many products are named after a suggested code.
pub const MAX_SUGGESTION_SOURCES: usize = 3;

/// What a code looks like, told to someone whose input is not one.
pub const CODE_SHAPE: &str = "a code is one or more segments of ASCII letters, digits and `_` \
joined by `.`, starting with a letter: `InternalError`, `ResourceNotFound.InstanceNotFound`";

/// Why `explain` gives no explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainError {
    /// The input is not a well-formed code; the syntax error.
    NotACode(String),
    /// The data could not be read, or the asked product has no table.
    Data(Diagnostics),
}

impl From<Diagnostics> for ExplainError {
    fn from(d: Diagnostics) -> Self {
        ExplainError::Data(d)
    }
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::NotACode(error) => write!(f, "{error}\n{CODE_SHAPE}"),
            ExplainError::Data(report) => report.fmt(f),
        }
    }
}

impl std::error::Error for ExplainError {}

/// The error-code data `explain` reads: categories, tables and the action index.
#[derive(Debug, Clone)]
pub struct CodeData {
    /// The categories.
    pub categories: Categories,
    /// The common table's file.
    pub common: PathBuf,
    /// Every product table as `(product, version, path)`, sorted.
    pub products: Vec<(String, String, PathBuf)>,
    /// The action index (`tencent-action-error-codes.jsonl`).
    pub actions: PathBuf,
}

impl CodeData {
    /// The data shipped with this crate.
    pub fn builtin() -> Result<CodeData, Diagnostics> {
        Ok(CodeData {
            categories: Categories::builtin()?,
            common: builtin::common_path(),
            products: builtin::product_tables(),
            actions: builtin::actions_path(),
        })
    }

    /// Every table file with its product, common first.
    fn table_files(&self) -> impl Iterator<Item = (&str, &Path)> {
        std::iter::once((COMMON, self.common.as_path())).chain(
            self.products
                .iter()
                .map(|(product, _, path)| (product.as_str(), path.as_path())),
        )
    }

    /// The tables that define `code`, common first, then by product and version.
    pub fn defining(&self, code: &str) -> Result<Vec<Table>, Diagnostics> {
        let needle = serde_json::to_string(code).unwrap_or_default();
        let mut found = Vec::new();
        for (_, path) in self.table_files() {
            let text = tcapi_codes::load::read(path, "table")?;
            if text.contains(&needle) {
                let table = Table::parse(path, &text)?;
                if table.rows.iter().any(|r| r.code == code) {
                    found.push(table);
                }
            }
        }
        Ok(found)
    }

    /// Every known code with the products whose tables define it (`common` for the common
    /// table), sorted.
    pub fn sources_by_code(&self) -> Result<BTreeMap<String, BTreeSet<String>>, Diagnostics> {
        let mut codes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (product, path) in self.table_files() {
            for row in Table::load(path)?.rows {
                codes
                    .entry(row.code)
                    .or_default()
                    .insert(product.to_owned());
            }
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
        let needle = serde_json::to_string(code).unwrap_or_default();
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in action_index::rows(&self.actions, |line| line.contains(&needle))? {
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
    /// The tables that define the code as `(product, version)` (no version for `common`),
    /// the asked product first.
    pub defined_by: Vec<(String, Option<String>)>,
    /// The product asked with `--product`.
    pub asked_product: Option<String>,
    /// Something the reader should know (the asked product does not define the code, ...).
    pub note: Option<String>,
    /// Actions documented to return the code, by `product@version`.
    pub actions: BTreeMap<String, Vec<String>>,
    /// For an unknown code, the nearest known codes, best first.
    pub nearest: Vec<Suggestion>,
}

/// A known code offered for an unknown one, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The known code.
    pub code: String,
    /// Where it comes from: `common` alone for a common code (every product may return it),
    /// else the products whose tables define it, the asked product first, then by name.
    pub sources: Vec<String>,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.sources.len().min(MAX_SUGGESTION_SOURCES);
        write!(f, "{} ({}", self.code, self.sources[..shown].join(", "))?;
        if self.sources.len() > shown {
            write!(f, ", +{} more", self.sources.len() - shown)?;
        }
        f.write_str(")")
    }
}

/// Explains a code from the built-in data; see [`explain_in`].
pub fn explain(code: &str, product: Option<&str>) -> Result<Explanation, ExplainError> {
    explain_in(&CodeData::builtin()?, code, product)
}

/// Explains a code: category, retry hint and why, descriptions, fix, the tables that define
/// it and the actions that return it. With `product`, that product's row (latest version) is
/// the one described and listed first, and only its actions are listed. An unknown code gets
/// the category and hint of its first segment and the nearest known codes ([`suggest`]).
/// Input that is not a well-formed code is refused with [`ExplainError::NotACode`].
pub fn explain_in(
    data: &CodeData,
    code: &str,
    product: Option<&str>,
) -> Result<Explanation, ExplainError> {
    code_syntax(code).map_err(ExplainError::NotACode)?;
    if let Some(p) = product {
        data.check_product(p)?;
    }
    let mut tables = data.defining(code)?;
    // The asked product first, latest version first; the rest keeps common-then-sorted order.
    if let Some(p) = product {
        let (mut asked, rest): (Vec<Table>, Vec<Table>) =
            tables.into_iter().partition(|t| t.product == p);
        asked.reverse();
        asked.extend(rest);
        tables = asked;
    }
    let categories = &data.categories;
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
                defined_by: tables
                    .iter()
                    .map(|t| (t.product.clone(), t.version.clone()))
                    .collect(),
                asked_product: product.map(str::to_owned),
                note: None,
                actions: BTreeMap::new(),
                nearest: Vec::new(),
            }
        }
        None => {
            let def = categories.of_code(code);
            Explanation {
                code: code.to_owned(),
                known: false,
                variant: tcapi_codes::validate::RESERVED_VARIANT.to_owned(),
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
                asked_product: product.map(str::to_owned),
                note: None,
                actions: BTreeMap::new(),
                nearest: suggest(code, product, &data.sources_by_code()?),
            }
        }
    };
    if !explanation.overridden {
        explanation.root = categories
            .root_of(code)
            .map(|r| (r.segment.clone(), r.reason.clone()));
    }
    if let Some(p) = product.filter(|_| explanation.known) {
        if !explanation.defined_by.iter().any(|(t, _)| t == p) {
            explanation.note = Some(if explanation.defined_by.iter().any(|(t, _)| t == COMMON) {
                format!("`{p}` does not list this code itself; it is a common code, which every product may return")
            } else {
                format!(
                    "`{p}` does not define this code; described from {}",
                    explanation.described_by.as_deref().unwrap_or("?")
                )
            });
        }
    }
    explanation.actions = data.actions(code, product)?;
    Ok(explanation)
}

/// What a retry hint tells the caller to do.
pub fn hint_meaning(hint: &str) -> &'static str {
    tcapi_codes::hints::get(hint).map_or("unknown hint", |h| h.meaning)
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
        field(f, "next step", &self.next_step())?;
        if !self.defined_by.is_empty() {
            let described = self
                .described_by
                .as_deref()
                .map(|d| format!(" (descriptions from {d})"))
                .unwrap_or_default();
            field(
                f,
                "defined by",
                &format!("{}{described}", self.defined_by_text()),
            )?;
        }
        if !self.nearest.is_empty() {
            let lines: Vec<String> = self.nearest.iter().map(Suggestion::to_string).collect();
            field(f, "did you mean", &lines.join("\n"))?;
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

/// The known codes nearest to `code`, best first, at most [`MAX_NEAREST`]; `known` maps each
/// known code to the products that define it ([`CodeData::sources_by_code`]).
///
/// A candidate is close when its first segment is at most a typo away from `code`'s and the
/// rest is a few edits away or contains (or is contained in) `code`'s rest. Only close
/// candidates are offered, except that with `product` every code of that product (or of the
/// common table) in the same first segment is, since the reader asked to see that product.
/// The order: the asked product's and common codes first, then those sharing the first
/// segment (the category), then close before far, then by edit distance, common codes first
/// on a tie, then the code more products define.
pub fn suggest(
    code: &str,
    product: Option<&str>,
    known: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<Suggestion> {
    let wanted = Segments::of(code);
    let mut ranked: Vec<_> = known
        .iter()
        .filter_map(|(candidate, sources)| {
            let similarity = wanted.compare(&Segments::of(candidate));
            let common = sources.contains(COMMON);
            let in_product = product.is_some_and(|p| common || sources.contains(p));
            let admitted = similarity.close || (in_product && similarity.same_first_segment);
            admitted.then_some((
                (
                    !in_product,
                    !similarity.same_first_segment,
                    !similarity.close,
                    similarity.distance,
                    !common,
                    // A code many products share is the likelier meaning.
                    std::cmp::Reverse(sources.len()),
                ),
                candidate,
                sources,
            ))
        })
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(MAX_NEAREST)
        .map(|(_, code, sources)| {
            let sources = if sources.contains(COMMON) {
                vec![COMMON.to_owned()]
            } else {
                let (asked, others): (Vec<&String>, Vec<&String>) =
                    sources.iter().partition(|s| Some(s.as_str()) == product);
                asked.into_iter().chain(others).cloned().collect()
            };
            Suggestion {
                code: code.clone(),
                sources,
            }
        })
        .collect()
}

/// A code split at its first dot, lowercased: typing `resourcenotfound` is no reason to
/// miss `ResourceNotFound`.
struct Segments {
    first: String,
    rest: String,
}

/// How alike two codes are.
struct Similarity {
    same_first_segment: bool,
    close: bool,
    distance: usize,
}

impl Segments {
    /// A rest this short is no evidence when one contains the other (`Id` is in half the codes).
    const MIN_CONTAINED: usize = 4;

    fn of(code: &str) -> Segments {
        let code = code.to_ascii_lowercase();
        let (first, rest) = code.split_once('.').unwrap_or((&code, ""));
        Segments {
            first: first.to_owned(),
            rest: rest.to_owned(),
        }
    }

    fn compare(&self, other: &Segments) -> Similarity {
        let first_distance = edit_distance(&self.first, &other.first);
        let rest_distance = edit_distance(&self.rest, &other.rest);
        let contains = |outer: &str, inner: &str| {
            inner.len() >= Segments::MIN_CONTAINED && outer.contains(inner)
        };
        let rest_close = rest_distance <= (self.rest.len() / 3).max(2)
            || contains(&other.rest, &self.rest)
            || contains(&self.rest, &other.rest);
        Similarity {
            same_first_segment: first_distance == 0,
            close: first_distance <= (self.first.len() / 4).max(1) && rest_close,
            distance: first_distance + rest_distance,
        }
    }
}

/// What to change before sending a request again, for the categories whose codes a retry
/// never fixes; the category's own doc (categories.json) says what went wrong.
fn remedy(category: &str) -> Option<&'static str> {
    Some(match category {
        "InvalidParameter"
        | "InvalidParameterValue"
        | "MissingParameter"
        | "UnknownParameter"
        | "InvalidRequest" => "correct the request",
        "InvalidAction" | "NoSuchVersion" | "NoSuchProduct" | "UnsupportedProtocol" => {
            "check the action, version and endpoint against the product's API reference"
        }
        "UnsupportedRegion" => "send the request to a region that offers the action",
        "ResourceNotFound" => "check the resource ID, and that the request goes to its region",
        "AuthFailure" => "check the SecretId, SecretKey and how the request is signed",
        "UnauthorizedOperation" => "grant the caller the permission (CAM policy, whitelist)",
        "LimitExceeded" | "ResourceInsufficient" | "ResourcesSoldOut" => {
            "free or raise the quota, or choose another zone or resource type"
        }
        "ResourceInUse"
        | "ResourceUnavailable"
        | "OperationDenied"
        | "UnsupportedOperation"
        | "FailedOperation" => "change the resource's state or the operation first",
        "DryRunOperation" => "nothing to fix: send it again without `DryRun` to execute it",
        _ => return None,
    })
}

impl Explanation {
    /// What to do now: the table's suggested fix when it has one, else what the retry hint
    /// and the category call for.
    pub fn next_step(&self) -> String {
        if let Some(fix) = &self.solution_zh {
            return fix.clone();
        }
        match (self.retry.as_str(), remedy(&self.category)) {
            ("Never", Some(remedy)) => format!("{remedy}: {}", self.category_doc),
            ("Never", None) => format!(
                "{}; act on the cause: {}",
                hint_meaning(&self.retry),
                self.category_doc
            ),
            (hint, _) => hint_meaning(hint).to_owned(),
        }
    }

    /// The "defined by" text: every table when there are few, else common, the count of
    /// product versions and the first products by name (the asked one first, with its
    /// versions).
    fn defined_by_text(&self) -> String {
        let name = |(p, v): &(String, Option<String>)| table::display_name(p, v.as_deref());
        if self.defined_by.len() <= MAX_DEFINING_TABLES {
            return self
                .defined_by
                .iter()
                .map(name)
                .collect::<Vec<_>>()
                .join(", ");
        }
        let asked = self.asked_product.as_deref();
        let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
        for (p, _) in self.defined_by.iter().filter(|(p, _)| p != COMMON) {
            *versions.entry(p).or_default() += 1;
        }
        let count: usize = versions.values().sum();
        let mut shown: Vec<String> = self
            .defined_by
            .iter()
            .filter(|(p, _)| Some(p.as_str()) == asked)
            .map(name)
            .collect();
        let mut products_shown = usize::from(!shown.is_empty());
        for (product, n) in versions.iter().filter(|(p, _)| Some(**p) != asked) {
            if products_shown == MAX_DEFINING_PRODUCTS {
                break;
            }
            shown.push(match n {
                1 => (*product).to_owned(),
                n => format!("{product} ×{n}"),
            });
            products_shown += 1;
        }
        let more = versions.len() - products_shown;
        let mut text = String::new();
        if self.defined_by.iter().any(|(p, _)| p == COMMON) {
            text.push_str("common and ");
        }
        let _ = write!(
            text,
            "{count} product versions of {} products: {}",
            versions.len(),
            shown.join(", ")
        );
        if more > 0 {
            let _ = write!(text, ", +{more} more");
        }
        text
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
