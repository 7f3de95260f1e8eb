use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// `::tcapi::__private`, the only path generated code names besides the public API.
#[derive(Clone, Copy)]
pub struct Private;

impl ToTokens for Private {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote!(::tcapi::__private));
    }
}
