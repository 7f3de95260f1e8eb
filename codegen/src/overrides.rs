//! The hand-curated retry-hint and category overrides (`overrides.json`), which the importer
//! writes onto the matching rows of every table.
//!
//! The file holds groups; each group sets a `retry` hint and/or a `category` on a list of exact
//! codes and says why in one `reason`:
//!
//! ```json
//! {"overrides": [
//!   {"retry": "Resign", "reason": "sign again with a fresh timestamp", "codes": ["AuthFailure.SignatureExpire"]}
//! ]}
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use tcapi_codes::categories::{unknown_hint, Categories};
use tcapi_codes::diagnostic::{Diagnostic, Diagnostics};
use tcapi_codes::load::{self, Document, Located};
use tcapi_codes::table::Row;
use tcapi_codes::validate::code_syntax;
use tcapi_codes::RETRY_HINTS;

/// The override of one code, as read from its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The exact code it applies to.
    pub code: String,
    /// The retry hint it sets, if any.
    pub retry: Option<String>,
    /// The category it sets, if any.
    pub category: Option<String>,
    /// Why (the group's reason).
    pub reason: String,
    /// 1-based line of the code in the file.
    pub line: usize,
    /// 1-based column of the code in the file.
    pub column: usize,
}

/// The parsed and checked overrides file.
#[derive(Debug, Clone)]
pub struct Overrides {
    /// Where it was read from.
    pub path: PathBuf,
    by_code: BTreeMap<String, Override>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(borrow)]
    overrides: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    #[serde(default)]
    retry: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    codes: Vec<String>,
}

#[derive(Deserialize)]
struct GroupCodes<'a> {
    #[serde(borrow)]
    codes: Vec<&'a RawValue>,
}

impl Overrides {
    /// The built-in overrides file shipped with this crate.
    pub fn builtin(categories: &Categories) -> Result<Overrides, Diagnostics> {
        Overrides::load(&tcapi_codes::builtin::overrides_path(), categories)
    }

    /// No override at all.
    pub fn empty() -> Overrides {
        Overrides {
            path: PathBuf::new(),
            by_code: BTreeMap::new(),
        }
    }

    /// Reads and checks an overrides file.
    pub fn load(path: &Path, categories: &Categories) -> Result<Overrides, Diagnostics> {
        let text = load::read(path, "overrides")?;
        Overrides::parse(path, &text, categories)
    }

    /// Parses and checks an overrides file: every group has a reason and sets a known hint or
    /// category, every code is valid, listed once, and the override changes something.
    pub fn parse(
        path: &Path,
        text: &str,
        categories: &Categories,
    ) -> Result<Overrides, Diagnostics> {
        let document = Document::new(path, text);
        let raw: RawFile<'_> = document.outline()?;
        let mut report = Diagnostics::default();
        let mut by_code: BTreeMap<String, Override> = BTreeMap::new();
        for raw_group in &raw.overrides {
            let Located {
                value: group,
                line,
                column,
            } = match document.entry::<Group>(raw_group) {
                Ok(entry) => entry,
                Err(d) => {
                    report.push(d);
                    continue;
                }
            };
            let at = |message: String| Diagnostic::at(path, line, column, message);
            let reason = match group.reason.as_deref().map(str::trim) {
                Some(reason) if !reason.is_empty() => reason.to_owned(),
                _ => {
                    report.push(at("override group without a \"reason\"".into()));
                    continue;
                }
            };
            if group.retry.is_none() && group.category.is_none() {
                report.push(at(
                    "override group sets neither \"retry\" nor \"category\"".into()
                ));
                continue;
            }
            if let Some(hint) = &group.retry {
                if !RETRY_HINTS.contains(&hint.as_str()) {
                    report.push(unknown_hint(path, line, column, hint, "override group"));
                    continue;
                }
            }
            if let Some(category) = &group.category {
                if categories.get(category).is_none() {
                    report.push(at(format!(
                        "unknown category `{category}` in override group"
                    )));
                    continue;
                }
            }
            if group.codes.is_empty() {
                report.push(at("override group lists no \"codes\"".into()));
            }
            // Each code is located separately so that a diagnostic names its own line.
            let positions: Vec<(usize, usize)> =
                serde_json::from_str::<GroupCodes<'_>>(raw_group.get())
                    .map(|g| g.codes.iter().map(|c| document.position(c)).collect())
                    .unwrap_or_default();
            for (i, code) in group.codes.iter().enumerate() {
                let (line, column) = positions.get(i).copied().unwrap_or((line, column));
                let at =
                    |message: String| Diagnostic::at(path, line, column, message).with_code(code);
                if let Err(message) = code_syntax(code) {
                    report.push(at(message));
                    continue;
                }
                let default_category = categories.of_code(code);
                let category = group
                    .category
                    .as_deref()
                    .and_then(|c| categories.get(c))
                    .unwrap_or(default_category);
                if group.category.as_deref() == Some(default_category.name.as_str()) {
                    report.push(at(format!(
                        "override of `{code}` sets category `{}`, which its first segment already gives",
                        default_category.name
                    )));
                }
                if group.category.is_none()
                    && group.retry.as_deref() == Some(category.retry.as_str())
                {
                    report.push(at(format!(
                        "override of `{code}` sets retry hint `{}`, which its category `{}` already gives",
                        category.retry, category.name
                    )));
                }
                let entry = Override {
                    code: code.clone(),
                    retry: group.retry.clone(),
                    category: group.category.clone(),
                    reason: reason.clone(),
                    line,
                    column,
                };
                if let Some(first) = by_code.get(code) {
                    report.push(at(format!(
                        "code `{code}` is overridden twice (lines {} and {line})",
                        first.line
                    )));
                } else {
                    by_code.insert(code.clone(), entry);
                }
            }
        }
        report.into_result(Overrides {
            path: path.to_path_buf(),
            by_code,
        })
    }

    /// The override of a code, if it has one.
    pub fn get(&self, code: &str) -> Option<&Override> {
        self.by_code.get(code)
    }

    /// Every override, sorted by code.
    pub fn iter(&self) -> impl Iterator<Item = &Override> {
        self.by_code.values()
    }

    /// Number of overridden codes.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether no code is overridden.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// Writes the override of `row.code`, if it has one, onto the row; returns whether it did.
    pub fn apply(&self, row: &mut Row) -> bool {
        let Some(o) = self.get(&row.code) else {
            return false;
        };
        row.retry.clone_from(&o.retry);
        row.category.clone_from(&o.category);
        row.reason = Some(o.reason.clone());
        true
    }
}
