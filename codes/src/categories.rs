//! The hand-curated category defaults: which first segment means what, its default retry
//! hint, and where legacy roots such as `InvalidInstanceId` belong. One file
//! (`categories.json`), read by the macro (for `tcapi::Category`) and by the command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, Document};
use crate::RETRY_HINTS;

/// One category: a standard first segment of error codes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// The category's name, which is also the first segment it stands for.
    pub name: String,
    /// Default retry hint of codes in this category.
    pub retry: String,
    /// What the category means (becomes the variant's rustdoc).
    pub doc: String,
    /// Why the default hint is right.
    pub reason: String,
    /// The category of codes whose first segment is nowhere listed (exactly one).
    #[serde(default)]
    pub catch_all: bool,
    /// 1-based line of the entry.
    #[serde(skip)]
    pub line: usize,
    /// 1-based column of the entry.
    #[serde(skip)]
    pub column: usize,
}

/// A legacy first segment that belongs to a standard category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootDef {
    /// The first segment as it appears in codes (`InvalidInstanceId`).
    pub segment: String,
    /// The category it belongs to.
    pub category: String,
    /// Why.
    pub reason: String,
    /// 1-based line of the entry.
    #[serde(skip)]
    pub line: usize,
    /// 1-based column of the entry.
    #[serde(skip)]
    pub column: usize,
}

/// The parsed and checked categories file.
#[derive(Debug, Clone)]
pub struct Categories {
    /// Where it was read from.
    pub path: PathBuf,
    /// The categories, in file order (also the order of `tcapi::Category`'s variants).
    pub categories: Vec<CategoryDef>,
    /// Legacy roots, in file order.
    pub roots: Vec<RootDef>,
    by_segment: BTreeMap<String, usize>,
    catch_all: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategories<'a> {
    #[serde(borrow)]
    categories: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    roots: Vec<&'a RawValue>,
}

impl Categories {
    /// The built-in categories file shipped with this crate.
    pub fn builtin() -> Result<Categories, Diagnostics> {
        Categories::load(&crate::builtin::categories_path())
    }

    /// Reads and checks a categories file.
    pub fn load(path: &Path) -> Result<Categories, Diagnostics> {
        let text = load::read(path, "categories")?;
        Categories::parse(path, &text)
    }

    /// Parses and checks a categories file from its text.
    pub fn parse(path: &Path, text: &str) -> Result<Categories, Diagnostics> {
        let document = Document::new(path, text);
        let raw: RawCategories<'_> = document.outline()?;
        let mut report = Diagnostics::default();
        let categories = document.entries(&raw.categories, &mut report, |def: &mut CategoryDef| {
            (&mut def.line, &mut def.column)
        });
        let roots = document.entries(&raw.roots, &mut report, |def: &mut RootDef| {
            (&mut def.line, &mut def.column)
        });
        let mut by_segment = BTreeMap::new();
        let mut catch_all = Vec::new();
        for (i, def) in categories.iter().enumerate() {
            if !crate::ident::is_identifier(&def.name) {
                report.push(Diagnostic::at(
                    path,
                    def.line,
                    def.column,
                    format!("category name `{}` is not a Rust identifier", def.name),
                ));
            }
            if !RETRY_HINTS.contains(&def.retry.as_str()) {
                report.push(unknown_hint(
                    path,
                    def.line,
                    def.column,
                    &def.retry,
                    &format!("category `{}`", def.name),
                ));
            }
            if def.catch_all {
                catch_all.push(i);
            } else if let Some(first) = by_segment.insert(def.name.clone(), i) {
                report.push(Diagnostic::at(
                    path,
                    def.line,
                    def.column,
                    format!(
                        "duplicate category `{}` (lines {} and {})",
                        def.name, categories[first].line, def.line
                    ),
                ));
            }
        }
        for root in &roots {
            match by_segment.get(&root.category) {
                None => report.push(Diagnostic::at(
                    path,
                    root.line,
                    root.column,
                    format!(
                        "unknown category `{}` for root `{}`",
                        root.category, root.segment
                    ),
                )),
                Some(&i) => {
                    if by_segment.insert(root.segment.clone(), i).is_some() {
                        report.push(Diagnostic::at(
                            path,
                            root.line,
                            root.column,
                            format!(
                                "root `{}` is listed twice or is itself a category",
                                root.segment
                            ),
                        ));
                    }
                }
            }
        }
        let catch_all = match catch_all.as_slice() {
            [one] => *one,
            _ => {
                report.push(Diagnostic::at(
                    path,
                    1,
                    1,
                    format!(
                        "exactly one category must be `\"catch_all\": true`, found {}",
                        catch_all.len()
                    ),
                ));
                0
            }
        };
        report.into_result(Categories {
            path: path.to_path_buf(),
            categories,
            roots,
            by_segment,
            catch_all,
        })
    }

    /// The category definition with this name.
    pub fn get(&self, name: &str) -> Option<&CategoryDef> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The category of a code from its first segment (legacy roots included), or the catch-all.
    pub fn of_code(&self, code: &str) -> &CategoryDef {
        let first = code.split('.').next().unwrap_or(code);
        let index = self
            .by_segment
            .get(first)
            .copied()
            .unwrap_or(self.catch_all);
        &self.categories[index]
    }

    /// The legacy root entry for a code's first segment, if the code uses one.
    pub fn root_of(&self, code: &str) -> Option<&RootDef> {
        let first = code.split('.').next().unwrap_or(code);
        self.roots.iter().find(|r| r.segment == first)
    }

    /// Every first segment mapped to its category index, sorted by segment.
    pub fn segments(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_segment.iter().map(|(s, &i)| (s.as_str(), i))
    }

    /// The catch-all category.
    pub fn catch_all(&self) -> &CategoryDef {
        &self.categories[self.catch_all]
    }
}

/// The diagnostic for a retry hint that is not one of [`RETRY_HINTS`], at `path:line:column`,
/// for `owner` (a row, a category, an override).
pub fn unknown_hint(
    path: &Path,
    line: usize,
    column: usize,
    hint: &str,
    owner: &str,
) -> Diagnostic {
    Diagnostic::at(
        path,
        line,
        column,
        format!(
            "unknown retry hint `{hint}` for {owner}; expected one of {}",
            RETRY_HINTS.join(", ")
        ),
    )
}
