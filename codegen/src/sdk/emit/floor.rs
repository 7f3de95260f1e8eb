//! The benchmarks' floor: plain serde twins of a version's structs.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span};
use quote::{format_ident, quote};

use super::print::print;
use super::structs::type_tokens;
use crate::sdk::model::{Struct, Version};

/// The benchmarks' floor: the structs `roots` reach in `version`, with the same fields and
/// types as the SDK's, read and written by plain serde derives and nothing else (no leniency,
/// no error envelope): what the generated code is measured against.
pub fn floor_module(version: &Version, roots: &[&str]) -> Result<String, String> {
    let by_name: BTreeMap<&str, &Struct> = version
        .structs
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut wanted = BTreeSet::new();
    let mut stack: Vec<&str> = roots.to_vec();
    while let Some(name) = stack.pop() {
        let s = by_name
            .get(name)
            .ok_or_else(|| format!("no object `{name}` in version {}", version.api_version))?;
        if wanted.insert(name) {
            stack.extend(s.fields.iter().filter_map(|f| f.ty.object_name()));
        }
    }
    let structs = wanted.iter().map(|name| {
        let s = by_name[name];
        let ident = Ident::new(name, Span::call_site());
        let fields = s.fields.iter().map(|f| {
            let field = format_ident!("{}", f.ident);
            let wire = &f.wire;
            let ty = type_tokens(&f.ty);
            if f.optional {
                quote! {
                    #[serde(rename = #wire, skip_serializing_if = "::core::option::Option::is_none")]
                    pub #field: ::core::option::Option<#ty>,
                }
            } else {
                quote! { #[serde(rename = #wire)] pub #field: #ty, }
            }
        });
        quote! {
            #[derive(Debug, serde::Deserialize, serde::Serialize)]
            pub struct #ident { #( #fields )* }
        }
    });
    let about = format!(
        " The floor of the decode benchmark: plain serde structs of {} version {}.",
        version.module, version.api_version
    );
    print(quote! {
        #![doc = #about]
        #![allow(non_camel_case_types, dead_code, missing_docs)]
        #( #structs )*
    })
}
