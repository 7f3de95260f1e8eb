//! `#[derive(TencentResponse)]`: parse (ast.rs, attr.rs) → validate (valid.rs) → expand (expand.rs).

use proc_macro2::TokenStream;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    Err(syn::Error::new_spanned(&input.ident, "TencentResponse is not implemented yet"))
}
