//! `__define_categories!`: fills `tcapi::Category` from `codes/categories.json`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ItemEnum;
use tcapi_codes::Categories;

pub fn expand(item: &ItemEnum) -> syn::Result<TokenStream> {
    let categories = Categories::builtin().map_err(|e| syn::Error::new(Span::call_site(), e))?;
    let attrs = &item.attrs;
    let vis = &item.vis;
    let name = &item.ident;
    let idents: Vec<_> = categories
        .categories
        .iter()
        .map(|c| format_ident!("{}", c.name))
        .collect();
    let docs = categories.categories.iter().map(|c| &c.doc);
    let names: Vec<_> = categories.categories.iter().map(|c| &c.name).collect();
    let hints = categories
        .categories
        .iter()
        .map(|c| format_ident!("{}", c.retry));
    let reasons = categories.categories.iter().map(|c| &c.reason);
    let segments = categories.segments().map(|(segment, i)| {
        let category = &idents[i];
        quote!((#segment, #name::#category))
    });
    let catch_all = format_ident!("{}", categories.catch_all().name);
    let path = categories.path.display().to_string();
    Ok(quote! {
        #(#attrs)*
        #vis enum #name {
            #( #[doc = #docs] #idents, )*
        }

        const _: &[u8] = ::core::include_bytes!(#path);

        impl #name {
            /// Every category, in the order of `categories.json`.
            pub const ALL: &'static [#name] = &[#(#name::#idents),*];

            /// Every category's name, in the order of `ALL`: what generated error-code enums
            /// check their own numbering against.
            pub(crate) const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Every first segment with its category, sorted by segment.
            const SEGMENTS: &'static [(&'static str, #name)] = &[#(#segments),*];

            pub(crate) const CATCH_ALL: #name = #name::#catch_all;

            /// The category's name, which is also the first segment it stands for.
            pub const fn as_str(self) -> &'static str {
                match self { #(#name::#idents => #names,)* }
            }

            const fn defaults(self) -> (::tcapi::RetryHint, &'static str) {
                match self { #(#name::#idents => (::tcapi::RetryHint::#hints, #reasons),)* }
            }
        }
    })
}
