//! Implementation detail of the `tcapi` crate: use the macros through `tcapi`, which
//! re-exports them and provides the runtime types the expansions name.
#![forbid(unsafe_code)]

mod attr;
mod categories;
mod codes;
mod ctxt;
mod hints;
mod private;
mod response;
mod symbol;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput, ItemEnum};

// The documentation lives in docs/*.md so that `tcapi` can run its examples as doctests (this
// crate cannot: it does not depend on `tcapi`).
#[cfg_attr(not(doctest), doc = include_str!("docs/error_codes.md"))]
#[proc_macro_attribute]
pub fn error_codes(args: TokenStream, input: TokenStream) -> TokenStream {
    let item = parse_macro_input!(input as ItemEnum);
    codes::expand(args.into(), &item).into()
}

#[cfg_attr(not(doctest), doc = include_str!("docs/tencent_response.md"))]
#[proc_macro_derive(TencentResponse, attributes(tencent))]
pub fn derive_tencent_response(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    response::expand(&input, response::Derive::Response).into()
}

#[cfg_attr(not(doctest), doc = include_str!("docs/model.md"))]
#[proc_macro_derive(Model, attributes(tencent))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    response::expand(&input, response::Derive::Model).into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __define_categories(input: TokenStream) -> TokenStream {
    let item = parse_macro_input!(input as ItemEnum);
    categories::expand(&item)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __define_retry_hints(input: TokenStream) -> TokenStream {
    let item = parse_macro_input!(input as ItemEnum);
    hints::expand(&item).into()
}
