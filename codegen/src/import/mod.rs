//! The importer: builds tables from the corpus ([`corpus`]) and from published doc pages
//! ([`doc`]), then writes them and reports what changed.
//!
//! The built-in tables are exactly [`regenerate`]'s output from `sources/`; the test suite
//! runs it into a temporary directory and compares every file, so the tables cannot drift
//! from their sources.

pub mod corpus;
pub mod doc;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::overrides::Overrides;
use tcapi_codes::builtin;
use tcapi_codes::categories::Categories;
use tcapi_codes::diagnostic::{Diagnostic, Diagnostics};
use tcapi_codes::table::{Row, Table};
use tcapi_codes::validate;

/// What one import did to one table file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableChange {
    /// The table's file name (`vpc-2017-03-12.json`).
    pub file: String,
    /// The file did not exist before.
    pub created: bool,
    /// The file was deleted because its product version left the corpus.
    pub deleted: bool,
    /// Codes added.
    pub added: Vec<String>,
    /// Codes whose row changed (description, fix, variant or override).
    pub changed: Vec<String>,
    /// Codes removed.
    pub removed: Vec<String>,
}

/// What an import did: one entry per table file that changed, sorted by file name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Tables that changed; unchanged tables are not listed.
    pub changes: Vec<TableChange>,
    /// Number of tables written or kept (changed or not).
    pub tables: usize,
}

impl Report {
    /// Whether the import changed nothing on disk.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

impl fmt::Display for Report {
    /// One line per changed table, then the totals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (mut added, mut changed, mut removed) = (0, 0, 0);
        let (mut created, mut deleted) = (0, 0);
        for c in &self.changes {
            let what = if c.created {
                created += 1;
                "new table"
            } else if c.deleted {
                deleted += 1;
                "removed table"
            } else {
                "updated"
            };
            writeln!(
                f,
                "{}: {what}, +{} added, ~{} changed, -{} removed{}",
                c.file,
                c.added.len(),
                c.changed.len(),
                c.removed.len(),
                sample(&c.added, &c.changed, &c.removed)
            )?;
            added += c.added.len();
            changed += c.changed.len();
            removed += c.removed.len();
        }
        write!(
            f,
            "{} table{} ({} changed: {created} new, {deleted} removed); codes: +{added} added, ~{changed} changed, -{removed} removed",
            self.tables,
            if self.tables == 1 { "" } else { "s" },
            self.changes.len()
        )
    }
}

/// A few codes of a small change, so a person can see what moved without a diff.
fn sample(added: &[String], changed: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    for (sign, codes) in [("+", added), ("~", changed), ("-", removed)] {
        if !codes.is_empty() && codes.len() <= 3 {
            parts.extend(codes.iter().map(|c| format!("{sign}{c}")));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" "))
    }
}

/// Writes `tables` into `dir` (each under its [`builtin::table_file_name`]), rewriting only files whose
/// text changes. With `prune`, also deletes product tables of `dir` that are not in `tables`.
pub fn write_tables(dir: &Path, tables: &[Table], prune: bool) -> Result<Report, Diagnostics> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::at(
            dir,
            0,
            0,
            format!("cannot create the tables directory: {e}"),
        )
    })?;
    let mut report = Report {
        changes: Vec::new(),
        tables: tables.len(),
    };
    let mut errors = Diagnostics::default();
    for table in tables {
        let path = dir.join(builtin::table_file_name(
            &table.product,
            table.version.as_deref(),
        ));
        match write_table(&path, table) {
            Ok(Some(change)) => report.changes.push(change),
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if prune {
        let kept: Vec<String> = tables
            .iter()
            .map(|t| builtin::table_file_name(&t.product, t.version.as_deref()))
            .collect();
        for (_, _, path) in builtin::product_tables_in(dir) {
            let name = builtin::file_name_of(&path);
            if kept.contains(&name) {
                continue;
            }
            let removed = Table::load(&path)
                .map(|t| t.rows.into_iter().map(|r| r.code).collect())
                .unwrap_or_default();
            match std::fs::remove_file(&path) {
                Ok(()) => report.changes.push(TableChange {
                    file: name,
                    deleted: true,
                    removed,
                    ..TableChange::default()
                }),
                Err(e) => errors.push(Diagnostic::at(
                    &path,
                    0,
                    0,
                    format!("cannot remove stale table: {e}"),
                )),
            }
        }
    }
    report.changes.sort_by(|a, b| a.file.cmp(&b.file));
    errors.into_result(report)
}

/// Writes one table if its text changed, returning what changed.
pub fn write_table(path: &Path, table: &Table) -> Result<Option<TableChange>, Diagnostic> {
    let text = table.to_json();
    let old_text = std::fs::read_to_string(path).ok();
    if old_text.as_deref() == Some(text.as_str()) {
        return Ok(None);
    }
    let old_rows: Vec<Row> = old_text
        .as_deref()
        .and_then(|t| Table::parse(path, t).ok())
        .map(|t| t.rows)
        .unwrap_or_default();
    let mut change = diff(&old_rows, &table.rows);
    change.file = builtin::file_name_of(path);
    change.created = old_text.is_none();
    std::fs::write(path, text)
        .map_err(|e| Diagnostic::at(path, 0, 0, format!("cannot write table: {e}")))?;
    Ok(Some(change))
}

/// Codes added, changed and removed between two versions of a table's rows.
pub fn diff(old: &[Row], new: &[Row]) -> TableChange {
    let key = |r: &Row| serde_json::to_string(r).unwrap_or_default();
    let old: BTreeMap<&str, String> = old.iter().map(|r| (r.code.as_str(), key(r))).collect();
    let new: BTreeMap<&str, String> = new.iter().map(|r| (r.code.as_str(), key(r))).collect();
    let mut change = TableChange::default();
    for (code, text) in &new {
        match old.get(code) {
            None => change.added.push((*code).to_owned()),
            Some(before) if before != text => change.changed.push((*code).to_owned()),
            Some(_) => {}
        }
    }
    change.removed = old
        .keys()
        .filter(|c| !new.contains_key(*c))
        .map(|c| (*c).to_owned())
        .collect();
    change
}

/// Where [`regenerate`] reads from: the corpus, the seed documents and the curated files.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `tencent-error-codes.jsonl`.
    pub corpus: PathBuf,
    /// The "Responses" pages merged into the common table, in this order.
    pub seeds: Vec<PathBuf>,
    /// `categories.json`.
    pub categories: PathBuf,
    /// `overrides.json`.
    pub overrides: PathBuf,
}

impl Sources {
    /// The sources shipped with this crate: `sources/tencent-error-codes.jsonl`, every
    /// `sources/seeds/*.txt` sorted by name, `categories.json` and `overrides.json`.
    pub fn builtin() -> Result<Sources, Diagnostics> {
        let seeds_dir = builtin::seeds_dir();
        let entries = std::fs::read_dir(&seeds_dir).map_err(|e| {
            Diagnostic::at(&seeds_dir, 0, 0, format!("cannot list seed documents: {e}"))
        })?;
        let mut seeds: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        seeds.sort();
        Ok(Sources {
            corpus: builtin::corpus_path(),
            seeds,
            categories: builtin::categories_path(),
            overrides: builtin::overrides_path(),
        })
    }
}

/// The whole pipeline of the built-in tables: every table from the corpus
/// ([`corpus::build`]), then each seed document merged into the common table
/// ([`doc::merge`]), all validated, then written into `dir` (stale product tables deleted).
/// `tcapi-codegen import-corpus` followed by `tcapi-codegen import-doc` of each seed is the same
/// sequence of steps, so both produce the same files.
pub fn regenerate(sources: &Sources, dir: &Path) -> Result<Report, Diagnostics> {
    let categories = Categories::load(&sources.categories)?;
    let overrides = Overrides::load(&sources.overrides, &categories)?;
    let rows = corpus::read(&sources.corpus)?;
    let mut tables = corpus::build(&sources.corpus, &rows, &overrides, dir)?;
    if let Some(common) = tables
        .iter_mut()
        .find(|t| t.product == builtin::COMMON && t.version.is_none())
    {
        for seed in &sources.seeds {
            let doc_rows = doc::read(seed).map_err(Diagnostic::from)?;
            doc::merge(common, &doc_rows, &overrides);
        }
    }
    validate::tables(&tables, &categories).into_result(())?;
    write_tables(dir, &tables, true)
}

/// `import-corpus`: regenerates every table of `dir` from a corpus file and reports the changes.
pub fn import_corpus(
    corpus_path: &Path,
    dir: &Path,
    categories: &Categories,
    overrides: &Overrides,
) -> Result<Report, Diagnostics> {
    let rows = corpus::read(corpus_path)?;
    let tables = corpus::build(corpus_path, &rows, overrides, dir)?;
    validate::tables(&tables, categories).into_result(())?;
    write_tables(dir, &tables, true)
}

/// `import-doc`: merges the error-code table of a published doc page into the table at
/// `into` (created if missing; see [`doc::merge`] for the precedence rules), validates the
/// result and writes it. Returns the file change and what the merge did.
pub fn import_doc(
    doc_path: &Path,
    into: &Path,
    categories: &Categories,
    overrides: &Overrides,
) -> Result<(Report, doc::Merged), Diagnostics> {
    let doc_rows = doc::read(doc_path).map_err(Diagnostic::from)?;
    let mut table = if into.exists() {
        Table::load(into)?
    } else {
        let (product, version) = builtin::identity_from_path(into);
        Table {
            path: into.to_path_buf(),
            product,
            version,
            rows: Vec::new(),
        }
    };
    let merged = doc::merge(&mut table, &doc_rows, overrides);
    validate::table(&table, categories).into_result(())?;
    let changes = write_table(into, &table)?.into_iter().collect();
    Ok((Report { changes, tables: 1 }, merged))
}
