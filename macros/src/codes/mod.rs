//! `#[tcapi::error_codes(...)]`: attr.rs (arguments) → load.rs (tables) → valid.rs (the shared
//! validator of `tcapi-codes`) → expand.rs (the enum and its impls).

mod attr;
mod expand;
mod load;
mod valid;

use proc_macro2::TokenStream;
use syn::ItemEnum;

use crate::ctxt::Ctxt;

pub fn expand(args: TokenStream, item: &ItemEnum) -> TokenStream {
    let cx = Ctxt::new();
    valid::check_item(&cx, item);
    let Some(args) = attr::Args::parse(&cx, args) else {
        return with_fallback(item, cx.into_error());
    };
    let Some(tables) = load::tables(&cx, &args) else {
        return with_fallback(item, cx.into_error());
    };
    let Some((codes, categories)) = valid::check_tables(&cx, &args, &tables) else {
        return with_fallback(item, cx.into_error());
    };
    match cx
        .check()
        .and_then(|()| expand::enum_tokens(item, &codes, &tables, Some(&categories)))
    {
        Ok(tokens) => tokens,
        Err(error) => with_fallback(item, error),
    }
}

fn with_fallback(item: &ItemEnum, error: syn::Error) -> TokenStream {
    let mut tokens = expand::fallback(item);
    tokens.extend(error.into_compile_error());
    tokens
}
