//! The SDK generator: one crate per product from Tencent's API specs, in stages, one module
//! each: [`spec`] reads a spec file into typed structs; [`site`] merges the China site's
//! spec with the international site's and reads the published examples and the error codes
//! of each action; [`plan`] builds the [`model`] of a product's crate from them, with every
//! naming rule of [`names`], the docs of [`docs`] and the paging inference of [`paging`];
//! [`plans`] applies the override files ([`override_file`]: [`paging::overrides`] and
//! [`idempotency`]) and the streaming list; [`emit`] prints the model as formatted Rust and a
//! `Cargo.toml`. The model is the only thing [`emit`] and the catalog generator
//! (`crate::cloud`) read.

pub mod docs;
pub mod emit;
pub mod idempotency;
pub mod model;
pub mod names;
pub mod override_file;
pub mod paging;
pub mod plan;
pub mod site;
pub mod spec;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::streaming::StreamingActions;
use idempotency::IdempotencyOverride;
use override_file::OverrideFile;
use paging::PagingOverride;

pub use emit::Options;
pub use spec::SpecError;

/// `sdk/README.md`: what the generated crates hold and the conventions they all follow.
pub const README: &str = include_str!("README.md");

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
    /// The list of streaming actions is unreadable or invalid.
    Streaming(tcapi_codes::diagnostic::Diagnostics),
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
            GenerateError::Streaming(diagnostics) => diagnostics.fmt(f),
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
/// by path relative to the crate's directory: [`plans`], then [`emit_crates`].
pub fn generate(
    spec_dir: &Path,
    products: &[String],
    options: &Options,
) -> Result<BTreeMap<String, BTreeMap<PathBuf, String>>, GenerateError> {
    emit_crates(&plans(spec_dir, products)?, options)
}

/// The files of the crate of each model (from [`plans`]), by product, then by path relative
/// to the crate's directory; the crates are printed on every core.
pub fn emit_crates(
    models: &[model::Crate],
    options: &Options,
) -> Result<BTreeMap<String, BTreeMap<PathBuf, String>>, GenerateError> {
    let emitted = on_every_core(models, |model| {
        emit::crate_files(model, options).map_err(|message| GenerateError::Emit {
            product: model.product.clone(),
            message,
        })
    });
    let mut out = BTreeMap::new();
    for (model, files) in models.iter().zip(emitted) {
        out.insert(model.product.clone(), files?);
    }
    Ok(out)
}

/// `work` applied to every item, on as many threads as the machine has cores, each taking the
/// next item when it is done (the products range from a few hundred lines to csip's 267,000);
/// the results in the items' order, so the output does not depend on the scheduling. Public
/// for the drift test, which parses every committed file the same way.
pub fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(at) else {
                            return mine;
                        };
                        mine.push((at, work(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, result)| result).collect()
}

/// The model of each product's crate (`products` empty: every product), complete: built by
/// [`plan::plan`], the override files checked and applied, the streaming actions marked.
/// What every generator of this crate starts from.
///
/// The override files are checked against the models of every product they name, so a
/// wrong entry is an error whichever products are asked for.
pub fn plans(spec_dir: &Path, products: &[String]) -> Result<Vec<model::Crate>, GenerateError> {
    plans_from(&site::product_specs(spec_dir)?, products)
}

/// [`plans`] from specs already read ([`site::product_specs`]), for a caller that reads
/// them once for several uses.
pub fn plans_from(
    all: &BTreeMap<String, Vec<site::MergedSpec>>,
    products: &[String],
) -> Result<Vec<model::Crate>, GenerateError> {
    let tables: BTreeSet<(String, String)> = tcapi_codes::builtin::product_tables()
        .into_iter()
        .map(|(product, version, _)| (product, version))
        .collect();
    let wanted: Vec<String> = if products.is_empty() {
        all.keys().cloned().collect()
    } else {
        products.to_vec()
    };
    let paging = OverrideFile::<PagingOverride>::load(&paging::overrides_path())?;
    let idempotency = OverrideFile::<IdempotencyOverride>::load(&idempotency::overrides_path())?;
    let streaming = StreamingActions::builtin().map_err(GenerateError::Streaming)?;
    let named: BTreeSet<&str> = paging
        .products()
        .union(&idempotency.products())
        .copied()
        .collect();
    let mut seen = BTreeSet::new();
    let to_plan: Vec<(&str, &[site::MergedSpec])> = wanted
        .iter()
        .map(String::as_str)
        .chain(named)
        .filter(|product| seen.insert(*product))
        .filter_map(|product| Some((product, all.get(product)?.as_slice())))
        .collect();
    let planned = on_every_core(&to_plan, |(product, specs)| {
        plan::plan(product, specs, &tables)
    });
    let mut models = BTreeMap::new();
    for ((product, _), model) in to_plan.into_iter().zip(planned) {
        models.insert(product.to_owned(), model?);
    }
    paging.check(&models)?;
    idempotency.check(&models)?;
    let mut out = Vec::new();
    for product in wanted {
        let mut model = models
            .remove(&product)
            .ok_or_else(|| GenerateError::UnknownProduct(product.clone()))?;
        paging.apply(&mut model)?;
        idempotency.apply(&mut model)?;
        paging::check_method_names(&model)?;
        mark_streaming(&mut model, &streaming).map_err(|message| GenerateError::Emit {
            product: product.clone(),
            message,
        })?;
        out.push(model);
    }
    Ok(out)
}

/// Gives each streaming action of `krate` its end marker; its `<method>_stream` method must
/// not take the name of another action's method.
fn mark_streaming(krate: &mut model::Crate, streaming: &StreamingActions) -> Result<(), String> {
    for version in &mut krate.versions {
        let methods: BTreeSet<String> = version.actions.iter().map(|a| a.method.clone()).collect();
        for action in &mut version.actions {
            action.stream = streaming
                .find(&krate.product, &version.api_version, &action.name)
                .map(|entry| entry.end);
            let name = names::stream_method_name(&action.method);
            if action.stream.is_some() && methods.contains(&name) {
                return Err(format!(
                    "the streaming method `{name}` of {} is the method of another action",
                    action.name
                ));
            }
        }
    }
    Ok(())
}

/// Writes generated crates under `out`, one directory per product (`out/<product>/`, whose
/// previous generated content is replaced, so a version or file that is gone does not
/// linger), then `out/Cargo.toml`, the workspace of every generated crate found there.
pub fn write(
    out: &Path,
    crates: &BTreeMap<String, BTreeMap<PathBuf, String>>,
) -> Result<(), GenerateError> {
    let io_at = |file: &Path| {
        let file = file.to_owned();
        move |e: std::io::Error| GenerateError::Io {
            file: file.clone(),
            message: e.to_string(),
        }
    };
    for product in crates.keys() {
        let dir = out.join(product);
        if is_generated_crate(&dir) {
            std::fs::remove_dir_all(&dir).map_err(io_at(&dir))?;
        }
    }
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
    let mut members = Vec::new();
    for entry in std::fs::read_dir(out).map_err(io_at(out))? {
        let dir = entry.map_err(io_at(out))?.path();
        if is_generated_crate(&dir) {
            if let Some(name) = dir.file_name().and_then(|n| n.to_str()) {
                members.push(name.to_owned());
            }
        }
    }
    members.sort();
    let readme = out.join("README.md");
    std::fs::write(&readme, README).map_err(io_at(&readme))?;
    let manifest = out.join("Cargo.toml");
    std::fs::write(&manifest, emit::workspace_toml(&members)).map_err(io_at(&manifest))?;
    Ok(())
}

/// Whether `dir` holds a crate this generator wrote (its manifest starts with the mark).
fn is_generated_crate(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|text| text.starts_with(&format!("# {}", emit::HEADER)))
}

/// [`emit::floor_module`] of `product`'s newest version that defines `roots`, from every
/// product's specs ([`site::product_specs`]).
pub fn floor(
    all: &BTreeMap<String, Vec<site::MergedSpec>>,
    product: &str,
    roots: &[&str],
) -> Result<String, GenerateError> {
    let specs = all
        .get(product)
        .ok_or_else(|| GenerateError::UnknownProduct(product.to_owned()))?;
    let tables = BTreeSet::new();
    let model = plan::plan(product, specs, &tables)?;
    let version = model
        .versions
        .iter()
        .rev()
        .find(|v| roots.iter().all(|r| v.structs.iter().any(|s| s.name == *r)))
        .ok_or_else(|| GenerateError::Emit {
            product: product.to_owned(),
            message: format!("no version defines all of {roots:?}"),
        })?;
    emit::floor_module(version, roots).map_err(|message| GenerateError::Emit {
        product: product.to_owned(),
        message,
    })
}
