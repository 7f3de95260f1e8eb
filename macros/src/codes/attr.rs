use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{LitBool, LitStr};

use crate::attr::{path_name, Attr, Syntax};
use crate::ctxt::Ctxt;
use crate::symbol::{Symbol, ALL_PRODUCTS, COMMON, PATH, PRODUCT, VERSION};

pub enum Source {
    // #[tcapi::error_codes(product = "vpc")] / (product = "vpc", version = "2017-03-12")
    Product {
        name: LitStr,
        version: Option<LitStr>,
    },
    // #[tcapi::error_codes(path = "codes/custom.json")]
    Path(LitStr),
    // #[tcapi::error_codes(all_products)]
    AllProducts(Span),
}

pub struct Args {
    pub source: Source,
    // common = false
    pub common: bool,
}

impl Args {
    pub fn span(&self) -> Span {
        match &self.source {
            Source::Product { name, .. } => name.span(),
            Source::Path(lit) => lit.span(),
            Source::AllProducts(span) => *span,
        }
    }

    pub fn parse(cx: &Ctxt, tokens: TokenStream) -> Option<Args> {
        let mut product = argument(PRODUCT);
        let mut version = argument(VERSION);
        let mut path = argument(PATH);
        let mut all_products = argument(ALL_PRODUCTS);
        let mut common = argument(COMMON);
        let parser = syn::meta::parser(|meta: ParseNestedMeta| {
            if meta.path == PRODUCT {
                product.set(cx, &meta, meta.value()?.parse::<LitStr>()?);
            } else if meta.path == VERSION {
                version.set(cx, &meta, meta.value()?.parse::<LitStr>()?);
            } else if meta.path == PATH {
                path.set(cx, &meta, meta.value()?.parse::<LitStr>()?);
            } else if meta.path == ALL_PRODUCTS {
                all_products.set(cx, &meta, meta.path.span());
            } else if meta.path == COMMON {
                common.set(cx, &meta, meta.value()?.parse::<LitBool>()?.value);
            } else {
                return Err(meta.error(format!(
                    "unknown error_codes argument `{}`; expected `product`, `version`, `path`, `all_products` or `common`",
                    path_name(&meta.path)
                )));
            }
            Ok(())
        });
        if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
            cx.syn_error(e);
            return None;
        }
        let source = match (product.take(), path.take(), all_products.take()) {
            (Some(name), None, None) => Source::Product {
                name,
                version: version.take(),
            },
            (None, Some(lit), None) => Source::Path(lit),
            (None, None, Some(span)) => Source::AllProducts(span),
            (None, None, None) => {
                cx.syn_error(syn::Error::new(
                    Span::call_site(),
                    "missing table: write `product = \"...\"`, `path = \"...\"` or `all_products`",
                ));
                return None;
            }
            (_, Some(lit), _) => return conflict(cx, lit.span()),
            (_, None, Some(span)) => return conflict(cx, span),
        };
        if let Some(version) = version.take() {
            cx.error_spanned_by(version, "`version` goes with `product = \"...\"`");
        }
        Some(Args {
            source,
            common: common.take().unwrap_or(true),
        })
    }
}

fn conflict(cx: &Ctxt, span: Span) -> Option<Args> {
    cx.syn_error(syn::Error::new(
        span,
        "`product`, `path` and `all_products` exclude each other; give one",
    ));
    None
}

fn argument<T>(name: Symbol) -> Attr<T> {
    Attr::none(Syntax::ErrorCodes, name)
}
