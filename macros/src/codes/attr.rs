use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{LitBool, LitStr};

use crate::ctxt::Ctxt;
use crate::symbol::{ALL_PRODUCTS, COMMON, PATH, PRODUCT, VERSION};

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
        let mut product = None;
        let mut version = None;
        let mut path = None;
        let mut all_products = None;
        let mut common = None;
        let parser = syn::meta::parser(|meta: ParseNestedMeta| {
            if meta.path == PRODUCT {
                set_once(&meta, &mut product, meta.value()?.parse::<LitStr>()?)
            } else if meta.path == VERSION {
                set_once(&meta, &mut version, meta.value()?.parse::<LitStr>()?)
            } else if meta.path == PATH {
                set_once(&meta, &mut path, meta.value()?.parse::<LitStr>()?)
            } else if meta.path == ALL_PRODUCTS {
                set_once(
                    &meta,
                    &mut all_products,
                    meta.path.get_ident().expect("ident").span(),
                )
            } else if meta.path == COMMON {
                set_once(&meta, &mut common, meta.value()?.parse::<LitBool>()?.value)
            } else {
                let name = quote::ToTokens::to_token_stream(&meta.path)
                    .to_string()
                    .replace(' ', "");
                Err(meta.error(format!(
                    "unknown error_codes argument `{name}`; expected `product`, `version`, `path`, `all_products` or `common`"
                )))
            }
        });
        if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
            cx.syn_error(e);
            return None;
        }
        let source = match (product, path, all_products) {
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
            (product, path, all) => {
                let span = path
                    .map(|p| p.span())
                    .or(all)
                    .or(product.map(|p| p.span()))
                    .expect("two are set");
                cx.syn_error(syn::Error::new(
                    span,
                    "`product`, `path` and `all_products` exclude each other; give one",
                ));
                return None;
            }
        };
        if let Some(version) = version {
            cx.error_spanned_by(version, "`version` goes with `product = \"...\"`");
        }
        Some(Args {
            source,
            common: common.unwrap_or(true),
        })
    }
}

fn set_once<T>(meta: &ParseNestedMeta, slot: &mut Option<T>, value: T) -> syn::Result<()> {
    if slot.is_some() {
        let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
        return Err(meta.error(format!("duplicate error_codes argument `{name}`")));
    }
    *slot = Some(value);
    Ok(())
}
