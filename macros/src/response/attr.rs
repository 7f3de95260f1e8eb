use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Path};

use crate::attr::{path_name, Attr, Syntax};
use crate::ctxt::Ctxt;
use crate::symbol::{Symbol, CODES, DEFAULT, FLATTEN, LENIENT, RENAME, REQUEST_ID, TENCENT};

pub struct Container {
    pub codes: Attr<Path>,
    /// `#[tencent(lenient)]`: every field optional, scalars read leniently, the lean expansion.
    pub lenient: Attr<()>,
}

impl Container {
    pub fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut codes = field_attr(CODES);
        let mut lenient = field_attr(LENIENT);
        for_each_meta(cx, attrs, |meta| {
            if meta.path == CODES {
                // #[tencent(codes = AiartCode)]
                let value = meta.value()?;
                if value.peek(LitStr) {
                    let lit: LitStr = value.parse()?;
                    return Err(syn::Error::new_spanned(
                        &lit,
                        format!("write the path without quotes: `codes = {}`", lit.value()),
                    ));
                }
                codes.set(cx, &meta, value.parse()?);
            } else if meta.path == LENIENT {
                // #[tencent(lenient)]
                lenient.set(cx, &meta, ());
            } else if meta.path == RENAME
                || meta.path == DEFAULT
                || meta.path == FLATTEN
                || meta.path == REQUEST_ID
            {
                let name = path_name(&meta.path);
                return Err(meta.error(format!(
                    "not expected here; #[tencent({name})] belongs on a field"
                )));
            } else {
                return Err(unknown(&meta, "`codes` or `lenient`"));
            }
            Ok(())
        });
        Container { codes, lenient }
    }
}

pub struct Field {
    pub rename: Attr<LitStr>,
    pub default: Attr<()>,
    pub flatten: Attr<()>,
    pub request_id: Attr<()>,
}

impl Field {
    pub fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut rename = field_attr(RENAME);
        let mut default = field_attr(DEFAULT);
        let mut flatten = field_attr(FLATTEN);
        let mut request_id = field_attr(REQUEST_ID);
        for_each_meta(cx, attrs, |meta| {
            if meta.path == RENAME {
                // #[tencent(rename = "Seed")]
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(syn::Error::new_spanned(
                        &lit,
                        "#[tencent(rename)] needs a non-empty key",
                    ));
                }
                rename.set(cx, &meta, lit);
            } else if meta.path == DEFAULT {
                // #[tencent(default)]
                default.set(cx, &meta, ());
            } else if meta.path == FLATTEN {
                // #[tencent(flatten)]
                flatten.set(cx, &meta, ());
            } else if meta.path == REQUEST_ID {
                // #[tencent(request_id)]
                request_id.set(cx, &meta, ());
            } else if meta.path == CODES || meta.path == LENIENT {
                let name = path_name(&meta.path);
                return Err(meta.error(format!(
                    "not expected here; #[tencent({name})] belongs on the struct"
                )));
            } else {
                return Err(unknown(
                    &meta,
                    "`rename`, `default`, `flatten` or `request_id`",
                ));
            }
            Ok(())
        });
        Field {
            rename,
            default,
            flatten,
            request_id,
        }
    }
}

fn for_each_meta(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path() == TENCENT) {
        if let Err(e) = attr.parse_nested_meta(&mut f) {
            cx.syn_error(e);
        }
    }
}

fn unknown(meta: &ParseNestedMeta, expected: &str) -> syn::Error {
    meta.error(format!(
        "unknown tencent attribute `{}`; expected {expected}",
        path_name(&meta.path)
    ))
}

fn field_attr<T>(name: Symbol) -> Attr<T> {
    Attr::none(Syntax::Tencent, name)
}
