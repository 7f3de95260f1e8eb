//! The corpus (`tencent-error-codes.jsonl`): one JSON object a line, one line per
//! (product, version, code). [`build`] turns it into tables.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::overrides::Overrides;
use tcapi_codes::builtin::{self, COMMON};
use tcapi_codes::diagnostic::{Diagnostic, Diagnostics};
use tcapi_codes::ident;
use tcapi_codes::table::{Row, Table};
use tcapi_codes::validate::code_syntax;

/// One line of the corpus. Fields the tables do not carry (`go_const`, `source`, ...) are
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorpusRow {
    /// Product name (`vpc`), or `common`.
    pub product: String,
    /// API version as the corpus spells it (`v20170312`); `None` for common codes.
    #[serde(default)]
    pub version: Option<String>,
    /// The code.
    pub code: String,
    /// Chinese description.
    #[serde(default)]
    pub description_zh: Option<String>,
    /// English description.
    #[serde(default)]
    pub description_en: Option<String>,
    /// Suggested fix.
    #[serde(default)]
    pub solution_zh: Option<String>,
    /// 1-based line in the corpus file.
    #[serde(skip)]
    pub line: usize,
}

/// Reads a corpus file; every malformed line is reported with its line number.
pub fn read(path: &Path) -> Result<Vec<CorpusRow>, Diagnostics> {
    let text = tcapi_codes::load::read(path, "corpus")?;
    parse(path, &text)
}

/// Parses a corpus from its text; blank lines are skipped.
pub fn parse(path: &Path, text: &str) -> Result<Vec<CorpusRow>, Diagnostics> {
    let mut report = Diagnostics::default();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<CorpusRow>(line) {
            Ok(mut row) => {
                row.line = i + 1;
                rows.push(row);
            }
            Err(e) => report.push(Diagnostic::at(
                path,
                i + 1,
                e.column(),
                format!("malformed corpus row: {}", tcapi_codes::load::message(&e)),
            )),
        }
    }
    report.into_result(rows)
}

/// `v20170312` → `2017-03-12`; `None` if the version is not `v` and eight digits.
pub fn table_version(version: &str) -> Option<String> {
    let digits = version.strip_prefix('v')?;
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..]
    ))
}

/// Every table of the corpus read from `source`, common table first, then product tables sorted by product and
/// version; rows sorted by code bytes, overrides applied, and variant names resolved over the
/// whole corpus (see [`resolve_variants`]). Each table's `path` is its file under `dir`.
///
/// Rejected, with the corpus line: a malformed version, a product other than `common` without
/// a version, an invalid code, the same code twice in one product version, and an override of
/// a code that no table defines (a stale entry of `overrides.json`).
pub fn build(
    source: &Path,
    rows: &[CorpusRow],
    overrides: &Overrides,
    dir: &Path,
) -> Result<Vec<Table>, Diagnostics> {
    let mut report = Diagnostics::default();
    let mut grouped: BTreeMap<TableKey, BTreeMap<String, (&CorpusRow, Row)>> = BTreeMap::new();
    for corpus_row in rows {
        let err = |message: String| {
            Diagnostic::at(source, corpus_row.line, 0, message).with_code(&corpus_row.code)
        };
        let version = match (corpus_row.product.as_str(), &corpus_row.version) {
            (COMMON, None) => None,
            (_, Some(v)) => match table_version(v) {
                Some(v) => Some(v),
                None => {
                    report.push(err(format!(
                        "malformed version `{v}` (expected `vYYYYMMDD`)"
                    )));
                    continue;
                }
            },
            (product, None) => {
                report.push(err(format!("product `{product}` has no version")));
                continue;
            }
        };
        if let Err(message) = code_syntax(&corpus_row.code) {
            report.push(err(message));
            continue;
        }
        let key = (
            corpus_row.product != COMMON,
            corpus_row.product.clone(),
            version,
        );
        let table = grouped.entry(key).or_default();
        if let Some((first, _)) = table.get(&corpus_row.code) {
            report.push(err(format!(
                "duplicate code `{}` in {} (corpus lines {} and {})",
                corpus_row.code, corpus_row.product, first.line, corpus_row.line
            )));
            continue;
        }
        let mut row = Row {
            code: corpus_row.code.clone(),
            description_en: non_empty(&corpus_row.description_en),
            description_zh: non_empty(&corpus_row.description_zh),
            solution_zh: non_empty(&corpus_row.solution_zh),
            ..Row::default()
        };
        overrides.apply(&mut row);
        table.insert(corpus_row.code.clone(), (corpus_row, row));
    }
    let mut tables: Vec<Table> = grouped
        .into_iter()
        .map(|((_, product, version), rows)| Table {
            path: dir.join(builtin::table_file_name(&product, version.as_deref())),
            product,
            version,
            // BTreeMap<String, _> iterates in byte order of the code.
            rows: rows.into_values().map(|(_, row)| row).collect(),
        })
        .collect();
    let defined: HashSet<&str> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.code.as_str()))
        .collect();
    for o in overrides.iter() {
        if !defined.contains(o.code.as_str()) {
            report.push(
                Diagnostic::at(
                    &overrides.path,
                    o.line,
                    o.column,
                    format!("override of `{}`, which no table defines", o.code),
                )
                .with_code(&o.code),
            );
        }
    }
    report.into_result(())?;
    let variants = resolve_variants(
        tables
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.code.as_str())),
    );
    for table in &mut tables {
        for row in &mut table.rows {
            row.variant = variants.get(&row.code).cloned();
        }
    }
    Ok(tables)
}

/// Sorts the common table first, then product tables by product and version.
type TableKey = (bool, String, Option<String>);

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// Explicit variant names for every code whose automatic name collides with another code's,
/// over all the given codes at once, so a code gets the same name in every table and the
/// union of all tables (`all_products`) has no collision either. Codes are grouped by
/// [`ident::automatic`]; each group is resolved by `resolve_collision`, whose names
/// may be neither the automatic name of any code nor a name given to another group.
pub fn resolve_variants<'a>(codes: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let codes: BTreeSet<&str> = codes.into_iter().collect();
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for code in &codes {
        groups.entry(ident::automatic(code)).or_default().push(code);
    }
    let mut taken: HashSet<String> = groups.keys().cloned().collect();
    taken.insert(tcapi_codes::validate::RESERVED_VARIANT.to_owned());
    let mut explicit = BTreeMap::new();
    for (automatic, group) in &groups {
        if group.len() < 2 && automatic != tcapi_codes::validate::RESERVED_VARIANT {
            continue;
        }
        let resolved = if group.len() < 2 {
            // The only code of its group, but its name is reserved: it needs an explicit one.
            let name = numbered(group[0], |n| !taken.contains(n));
            vec![(group[0], Some(name))]
        } else {
            resolve_collision(group, &mut |name| taken.contains(name))
        };
        for (code, name) in resolved {
            if let Some(name) = name {
                taken.insert(name.clone());
                explicit.insert(code.to_owned(), name);
            }
        }
    }
    explicit
}

/// Explicit names for a group of distinct codes whose automatic names collide, in a way
/// that depends only on the codes: the code with the fewest segments (then the one whose
/// UpperCamelCase form it already is, then byte order) keeps the automatic name; each other
/// gets its segments concatenated verbatim, else joined with `Dot`, else a numeric suffix.
/// Returns `(code, Some(explicit))` for codes that need a name, `(code, None)` otherwise.
fn resolve_collision<'a>(
    codes: &[&'a str],
    taken: &mut dyn FnMut(&str) -> bool,
) -> Vec<(&'a str, Option<String>)> {
    let mut ordered: Vec<&str> = codes.to_vec();
    ordered.sort_by_key(|c| {
        (
            c.split('.').count(),
            verbatim(c) != ident::automatic(c),
            c.as_bytes().to_vec(),
        )
    });
    ordered.dedup();
    let mut out = Vec::with_capacity(ordered.len());
    let mut used: Vec<String> = Vec::new();
    for (i, code) in ordered.iter().enumerate() {
        if i == 0 {
            used.push(ident::automatic(code));
            out.push((*code, None));
            continue;
        }
        let name = [verbatim(code), dotted(code)]
            .into_iter()
            .find(|c| ident::is_identifier(c) && !used.contains(c) && !taken(c))
            .unwrap_or_else(|| numbered(code, |c| !used.iter().any(|u| u == c) && !taken(c)));
        used.push(name.clone());
        out.push((*code, Some(name)));
    }
    out
}

/// Segments capitalised and concatenated as written: `InternalError.DBError` → `InternalErrorDBError`.
fn verbatim(code: &str) -> String {
    code.split(['.', '_'])
        .map(|seg| {
            let mut chars = seg.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Segment boundaries spelled out: `InvalidParameter.Conflict` → `InvalidParameterDotConflict`.
fn dotted(code: &str) -> String {
    code.split('.')
        .map(ident::automatic)
        .collect::<Vec<_>>()
        .join("Dot")
}

/// The automatic name with the first free numeric suffix: `InternalErrorV2`, `...V3`, ...
fn numbered(code: &str, mut free: impl FnMut(&str) -> bool) -> String {
    let automatic = ident::automatic(code);
    (2..)
        .map(|n| format!("{automatic}V{n}"))
        .find(|c| free(c))
        .unwrap_or_default()
}
