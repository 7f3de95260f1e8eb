//! `__define_retry_hints!`: fills `tcapi::RetryHint` from `tcapi_codes::hints::HINTS`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ItemEnum;
use tcapi_codes::hints::HINTS;

pub fn expand(item: &ItemEnum) -> TokenStream {
    let attrs = &item.attrs;
    let vis = &item.vis;
    let name = &item.ident;
    let idents: Vec<_> = HINTS.iter().map(|h| format_ident!("{}", h.name)).collect();
    let docs = HINTS.iter().map(|h| h.doc);
    let names: Vec<_> = HINTS.iter().map(|h| h.name).collect();
    let safe = HINTS.iter().map(|h| h.safe_for_any_request);
    let rows = HINTS.iter().map(|h| {
        let safe = if h.safe_for_any_request { "yes" } else { "no" };
        format!("| [`{0}`]({name}::{0}) | {1} | {safe} |", h.name, h.meaning)
    });
    quote! {
        #(#attrs)*
        #[doc = ""]
        #[doc = "| hint | what to do | safe for any request? |"]
        #[doc = "|---|---|---|"]
        #( #[doc = #rows] )*
        #vis enum #name {
            #( #[doc = #docs] #idents, )*
        }

        impl #name {
            /// Every hint, in declaration order.
            pub const ALL: &'static [#name] = &[#(#name::#idents),*];

            /// Every hint's name, in the order of `ALL`: what generated error-code enums
            /// check their own numbering against.
            pub(crate) const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The hint's name as written in tables (`"Throttled"`).
            pub const fn as_str(self) -> &'static str {
                match self { #(#name::#idents => #names,)* }
            }

            const fn safe_for_any_request(self) -> bool {
                match self { #(#name::#idents => #safe,)* }
            }
        }
    }
}
