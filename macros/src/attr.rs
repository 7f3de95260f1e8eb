use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::Path;

use crate::ctxt::Ctxt;
use crate::symbol::Symbol;

/// Which macro an attribute value belongs to, for the duplicate message.
#[derive(Clone, Copy)]
pub enum Syntax {
    // #[tencent(name)]
    Tencent,
    // #[tcapi::error_codes(name)]
    ErrorCodes,
}

/// One attribute value, with the tokens that set it (for duplicate and conflict errors).
pub struct Attr<T> {
    syntax: Syntax,
    name: Symbol,
    set: Option<(TokenStream, T)>,
}

impl<T> Attr<T> {
    pub fn none(syntax: Syntax, name: Symbol) -> Self {
        Attr {
            syntax,
            name,
            set: None,
        }
    }

    /// Keeps the first value; a second one is an error that points at both.
    pub fn set(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, value: T) {
        let tokens = meta.path.to_token_stream();
        if let Some((first, _)) = &self.set {
            let message = match self.syntax {
                Syntax::Tencent => format!("duplicate #[tencent({})] attribute", self.name),
                Syntax::ErrorCodes => format!("duplicate error_codes argument `{}`", self.name),
            };
            cx.error_at_repeat(&tokens, message, first);
        } else {
            self.set = Some((tokens, value));
        }
    }

    pub fn value(&self) -> Option<&T> {
        self.set.as_ref().map(|(_, value)| value)
    }

    pub fn tokens(&self) -> Option<&TokenStream> {
        self.set.as_ref().map(|(tokens, _)| tokens)
    }

    pub fn is_set(&self) -> bool {
        self.set.is_some()
    }

    pub fn take(&mut self) -> Option<T> {
        self.set.take().map(|(_, value)| value)
    }
}

/// A path as the user wrote it, for messages: `tencent::rename`, not `tencent :: rename`.
pub fn path_name(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}
