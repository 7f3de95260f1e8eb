//! The SDK generator: one crate per product from Tencent's API specs, in stages, one file
//! each: [`spec`] reads a spec file into typed structs, [`site`] merges the China site's
//! spec with the international site's, [`names`] holds every naming rule, [`model`] decides
//! names and types (the crate's plan), [`emit`] prints the plan as formatted Rust and a
//! `Cargo.toml`.

pub mod docs;
pub mod emit;
pub mod model;
pub mod names;
pub mod site;
pub mod spec;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub use emit::Options;
pub use spec::SpecError;

/// Why crates could not be generated.
#[derive(Debug)]
pub enum GenerateError {
    /// A spec is unreadable or inconsistent.
    Spec(SpecError),
    /// No spec has this product as its `serviceShortName`.
    UnknownProduct(String),
    /// The generated code does not parse: a bug of the generator.
    Emit {
        /// The product.
        product: String,
        /// The parser's message.
        message: String,
    },
    /// A file could not be written.
    Io {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        message: String,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Spec(e) => e.fmt(f),
            GenerateError::UnknownProduct(p) => {
                write!(
                    f,
                    "no spec has the product `{p}` (its metadata.serviceShortName)"
                )
            }
            GenerateError::Emit { product, message } => {
                write!(f, "{product}: the generated code does not parse: {message}")
            }
            GenerateError::Io { file, message } => write!(f, "{}: {message}", file.display()),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<SpecError> for GenerateError {
    fn from(e: SpecError) -> Self {
        GenerateError::Spec(e)
    }
}

/// The products of a data directory (the `serviceShortName`s of `specs/` and `specs-en/`).
pub fn products(spec_dir: &Path) -> Result<Vec<String>, GenerateError> {
    Ok(site::product_specs(spec_dir)?.into_keys().collect())
}

/// The files of each product's crate (`products` empty: every product), by product, then
/// by path relative to the crate's directory.
pub fn generate(
    spec_dir: &Path,
    products: &[String],
    options: &Options,
) -> Result<BTreeMap<String, BTreeMap<PathBuf, String>>, GenerateError> {
    let mut all = site::product_specs(spec_dir)?;
    let tables: BTreeSet<(String, String)> = crate::builtin::product_tables()
        .into_iter()
        .map(|(product, version, _)| (product, version))
        .collect();
    let wanted: Vec<String> = if products.is_empty() {
        all.keys().cloned().collect()
    } else {
        products.to_vec()
    };
    let mut out = BTreeMap::new();
    for product in wanted {
        let specs = all
            .remove(&product)
            .ok_or_else(|| GenerateError::UnknownProduct(product.clone()))?;
        let plan = model::plan(&product, &specs, &tables)?;
        let files = emit::crate_files(&plan, options).map_err(|message| GenerateError::Emit {
            product: product.clone(),
            message,
        })?;
        out.insert(product, files);
    }
    Ok(out)
}

/// Writes generated crates under `out`, one directory per product (`out/<product>/`).
pub fn write(
    out: &Path,
    crates: &BTreeMap<String, BTreeMap<PathBuf, String>>,
) -> Result<(), GenerateError> {
    for (product, files) in crates {
        for (path, text) in files {
            let file = out.join(product).join(path);
            let io = |e: std::io::Error| GenerateError::Io {
                file: file.clone(),
                message: e.to_string(),
            };
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::write(&file, text).map_err(io)?;
        }
    }
    Ok(())
}
