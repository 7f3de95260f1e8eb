use std::path::{Path, PathBuf};

use proc_macro2::Span;
use tcapi_codes::{builtin, Diagnostics, Table};

use super::attr::{Args, Source};
use crate::ctxt::Ctxt;

/// The tables of the enum, in priority order: the first table that defines a code wins.
pub fn tables(cx: &Ctxt, args: &Args) -> Option<Vec<Table>> {
    let (span, loaded) = match &args.source {
        Source::Product { name, .. } if name.value() == builtin::COMMON => {
            (name.span(), builtin::common_table().map(|t| vec![t]))
        }
        Source::Product { name, version } => {
            let product = builtin::product_table(
                &name.value(),
                version.as_ref().map(|v| v.value()).as_deref(),
            );
            (
                name.span(),
                with_common(product.map(|t| vec![t]), args.common),
            )
        }
        Source::Path(lit) => {
            let path = manifest_dir().join(lit.value());
            let table = Table::load(&path).map(|t| vec![t]);
            (lit.span(), with_common(table, args.common))
        }
        Source::AllProducts(span) => {
            let tables = builtin::all_tables();
            let tables = if args.common {
                tables
            } else {
                tables.map(|t| t.into_iter().skip(1).collect())
            };
            (*span, tables)
        }
    };
    match loaded {
        Ok(tables) => Some(tables),
        Err(report) => {
            report_at(cx, span, &report);
            None
        }
    }
}

fn with_common(
    tables: Result<Vec<Table>, Diagnostics>,
    common: bool,
) -> Result<Vec<Table>, Diagnostics> {
    let mut tables = tables?;
    if common {
        tables.push(builtin::common_table()?);
    }
    Ok(tables)
}

pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// Every diagnostic as one error at the attribute's argument, with paths shown relative to
/// the user's crate or to the built-in tables so messages do not depend on the machine.
pub fn report_at(cx: &Ctxt, span: Span, report: &Diagnostics) {
    for diagnostic in &report.0 {
        let mut shown = diagnostic.clone();
        shown.file = display_path(&diagnostic.file);
        cx.syn_error(syn::Error::new(span, shown.to_string()));
    }
}

fn display_path(path: &Path) -> PathBuf {
    let data_dir = builtin::data_dir();
    path.strip_prefix(manifest_dir())
        .or_else(|_| path.strip_prefix(&data_dir))
        .map_or_else(|_| path.to_path_buf(), PathBuf::from)
}
