use syn::{Fields, ItemEnum};
use tcapi_codes::resolve::{resolve, ResolvedCode};
use tcapi_codes::{validate, Categories, Table};

use super::attr::Args;
use super::load::report_at;
use crate::ctxt::Ctxt;

// Why: the variants come from the table; anything written by hand would be lost or collide.
pub fn check_item(cx: &Ctxt, item: &ItemEnum) {
    if let Some(variant) = item.variants.first() {
        cx.error_spanned_by(
            variant,
            "#[tcapi::error_codes] expects an empty enum: the variants come from the table",
        );
    }
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &item.generics,
            "#[tcapi::error_codes] enums cannot be generic",
        );
    }
    for variant in &item.variants {
        if !matches!(variant.fields, Fields::Unit) {
            cx.error_spanned_by(&variant.fields, "not expected here");
        }
    }
}

// Why: one validator, shared with `tcapi-codegen check`, so the macro accepts exactly what the CLI accepts.
pub fn check_tables<'t>(
    cx: &Ctxt,
    args: &Args,
    tables: &'t [Table],
) -> Option<(Vec<ResolvedCode<'t>>, Categories)> {
    let categories = match Categories::builtin() {
        Ok(c) => c,
        Err(report) => {
            report_at(cx, args.span(), &report);
            return None;
        }
    };
    let report = validate::tables(tables, &categories);
    let resolved = resolve(&tables.iter().collect::<Vec<_>>(), &categories);
    if resolved.len() > usize::from(u16::MAX) {
        cx.syn_error(syn::Error::new(
            args.span(),
            format!(
                "{} codes is more than one enum can index (65535)",
                resolved.len()
            ),
        ));
    }
    if report.is_empty() {
        Some((resolved, categories))
    } else {
        report_at(cx, args.span(), &report);
        None
    }
}
