//! The tables shipped with this crate, found relative to its own directory, and every rule
//! of their file names.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::table::Table;

/// The crate's directory, where `tables/`, `categories.json` and `sources/` live.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory of the built-in tables.
pub fn tables_dir() -> PathBuf {
    data_dir().join("tables")
}

/// The hand-curated categories file.
pub fn categories_path() -> PathBuf {
    data_dir().join("categories.json")
}

/// The hand-curated retry-hint and category overrides.
pub fn overrides_path() -> PathBuf {
    data_dir().join("overrides.json")
}

/// The imported sources the tables are generated from (`tencent-error-codes.jsonl`, ...).
pub fn sources_dir() -> PathBuf {
    data_dir().join("sources")
}

/// The corpus of error codes per product version, one JSON object a line.
pub fn corpus_path() -> PathBuf {
    sources_dir().join("tencent-error-codes.jsonl")
}

/// Which codes each API action is documented to return, one JSON object a line.
pub fn actions_path() -> PathBuf {
    sources_dir().join("tencent-action-error-codes.jsonl")
}

/// The published "Responses" pages whose "Error Code Description" tables seed the common table.
pub fn seeds_dir() -> PathBuf {
    sources_dir().join("seeds")
}

/// The product of the common (platform-wide) table, which has no version; also its file stem
/// and the `product` the macro accepts for it.
pub const COMMON: &str = "common";

/// The common table.
pub fn common_path() -> PathBuf {
    tables_dir().join(table_file_name(COMMON, None))
}

/// The file name of a table: `vpc-2017-03-12.json` for a product version, `common.json` for
/// the common table (and `product.json` for any other table without a version).
pub fn table_file_name(product: &str, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{product}-{version}.json"),
        None => format!("{product}.json"),
    }
}

/// The product and version of a product table's file name (`vpc-2017-03-12.json` →
/// `("vpc", "2017-03-12")`); `None` for any other name, such as `common.json`.
pub fn parse_table_file_name(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".json")?;
    // The version is always the last 10 characters: YYYY-MM-DD.
    if stem.len() > 11
        && stem.is_char_boundary(stem.len() - 11)
        && stem.as_bytes()[stem.len() - 11] == b'-'
    {
        let (product, version) = stem.split_at(stem.len() - 11);
        Some((product, &version[1..]))
    } else {
        None
    }
}

/// The product and version a table file stands for, from its name: `common.json` is the
/// common table, `vpc-2017-03-12.json` is vpc at 2017-03-12, anything else a versionless
/// product named after the file.
pub fn identity_from_path(path: &Path) -> (String, Option<String>) {
    let name = file_name_of(path);
    match parse_table_file_name(&name) {
        Some((product, version)) => (product.to_owned(), Some(version.to_owned())),
        None => (name.strip_suffix(".json").unwrap_or(&name).to_owned(), None),
    }
}

/// The last component of a path as text (`vpc-2017-03-12.json`); empty if there is none.
pub fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every built-in product table as `(product, version, path)`, sorted by product then version.
pub fn product_tables() -> Vec<(String, String, PathBuf)> {
    product_tables_in(&tables_dir())
}

/// Every product table of a directory laid out like `tables/`.
pub fn product_tables_in(dir: &Path) -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((product, version)) = parse_table_file_name(&name) {
            out.push((product.to_owned(), version.to_owned(), entry.path()));
        }
    }
    out.sort();
    out
}

/// The built-in table of a product: the given version, or the latest one.
pub fn product_table(product: &str, version: Option<&str>) -> Result<Table, Diagnostics> {
    let all = product_tables();
    let versions: Vec<&(String, String, PathBuf)> =
        all.iter().filter(|(p, _, _)| p == product).collect();
    if versions.is_empty() {
        let known = all.iter().map(|(p, _, _)| p.as_str());
        return Err(unknown_product(&tables_dir(), product, known).into());
    }
    let chosen = match version {
        None => versions.last().copied(),
        Some(v) => versions.iter().copied().find(|(_, ver, _)| ver == v),
    };
    match chosen {
        Some((_, _, path)) => Table::load(path),
        None => {
            let known: Vec<&str> = versions.iter().map(|(_, v, _)| v.as_str()).collect();
            Err(Diagnostic::at(
                &tables_dir(),
                0,
                0,
                format!(
                    "product `{product}` has no version `{}`; known versions: {}",
                    version.unwrap_or_default(),
                    known.join(", ")
                ),
            )
            .into())
        }
    }
}

/// `unknown product` at the tables' directory, naming the nearest of the `known` products.
pub fn unknown_product<'a>(
    dir: &Path,
    product: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let hint = match crate::ident::nearest(product, known, 3).as_slice() {
        [] => String::new(),
        near => {
            let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
            format!("; did you mean {}?", near.join(", "))
        }
    };
    Diagnostic::at(dir, 0, 0, format!("unknown product `{product}`{hint}"))
}

/// The built-in common table.
pub fn common_table() -> Result<Table, Diagnostics> {
    Table::load(&common_path())
}

/// The common table followed by every product table: the order `all_products` uses.
pub fn all_tables() -> Result<Vec<Table>, Diagnostics> {
    let mut report = Diagnostics::default();
    let mut tables = Vec::new();
    let paths =
        std::iter::once(common_path()).chain(product_tables().into_iter().map(|(_, _, p)| p));
    for path in paths {
        match Table::load(&path) {
            Ok(t) => tables.push(t),
            Err(e) => report.extend(e),
        }
    }
    report.into_result(tables)
}
