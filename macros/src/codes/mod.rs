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
    let tables =
        attr::Args::parse(&cx, args).and_then(|args| load::tables(&cx, &args).map(|t| (args, t)));
    let model = tables
        .as_ref()
        .and_then(|(args, tables)| valid::check_tables(&cx, args, tables));
    match cx.check() {
        Ok(()) => {
            let (_, tables) = tables.as_ref().expect("checked");
            expand::enum_tokens(item, &model.expect("checked"), tables)
        }
        Err(error) => {
            let mut tokens = expand::fallback(item);
            tokens.extend(error.into_compile_error());
            tokens
        }
    }
}
