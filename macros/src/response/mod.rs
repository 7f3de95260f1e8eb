//! `#[derive(TencentResponse)]` and `#[derive(Model)]`, which share the field rules: parse
//! (ast.rs, attr.rs) → validate (valid.rs) → expand (expand.rs).

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;
use syn::DeriveInput;

pub use self::ast::Derive;
use crate::ctxt::Ctxt;

pub fn expand(input: &DeriveInput, derive: Derive) -> TokenStream {
    let cx = Ctxt::new();
    let model = ast::Input::from_ast(&cx, input, derive);
    valid::check(&cx, &model);
    match cx.check() {
        Ok(()) => match derive {
            Derive::Response => expand::response(&model),
            Derive::Model => expand::model(&model),
        },
        Err(error) => {
            let mut tokens = expand::fallback(input, derive);
            tokens.extend(error.into_compile_error());
            tokens
        }
    }
}
