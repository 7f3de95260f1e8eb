use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// Collects every error of one macro invocation, so one build shows all of them.
pub struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    pub fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens, message));
    }

    /// An error at a repeated item, with a second one pointing at the first.
    pub fn error_at_repeat<A: ToTokens, B: ToTokens, M: Display>(
        &self,
        repeat: A,
        message: M,
        first: B,
    ) {
        let mut error = syn::Error::new_spanned(repeat, message);
        error.combine(syn::Error::new_spanned(first, "first one here"));
        self.syn_error(error);
    }

    pub fn syn_error(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Ctxt::check already called")
            .push(error);
    }

    pub fn check(self) -> syn::Result<()> {
        let mut errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("Ctxt::check called twice")
            .into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for rest in errors {
            combined.combine(rest);
        }
        Err(combined)
    }

    /// The errors of a stage that returned nothing, having reported why. Never panics: a
    /// stage that forgot to report still fails the build, with a message saying so.
    pub fn into_error(self) -> syn::Error {
        self.check().err().unwrap_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "tcapi-macros stopped without reporting an error; this is a bug in tcapi-macros",
            )
        })
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("forgot to check for errors");
        }
    }
}
