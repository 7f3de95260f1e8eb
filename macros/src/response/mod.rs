//! `#[derive(TencentResponse)]`: parse (ast.rs, attr.rs) → validate (valid.rs) → expand (expand.rs).

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::ctxt::Ctxt;

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let model = ast::Input::from_ast(&cx, input);
    valid::check(&cx, &model);
    match cx.check() {
        Ok(()) => Ok(expand::derive(&model)),
        Err(error) => {
            let mut tokens = expand::fallback(input);
            tokens.extend(error.into_compile_error());
            Ok(tokens)
        }
    }
}
