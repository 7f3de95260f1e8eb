//! The types of a version module: one struct per object, its derives decided by its role,
//! and `new` for the types with required members.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::print::{deprecated_attr, doc_attrs};
use crate::sdk::model::{Field, Role, Struct, Type};
use crate::sdk::names;

pub(super) fn type_tokens(ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(bool),
        Type::I64 => quote!(i64),
        Type::U64 => quote!(u64),
        Type::F64 => quote!(f64),
        Type::String => quote!(::std::string::String),
        Type::Object { name, boxed } => {
            let name = Ident::new(name, Span::call_site());
            if *boxed {
                quote!(::std::boxed::Box<#name>)
            } else {
                quote!(#name)
            }
        }
        Type::List(element) => {
            let element = type_tokens(element);
            quote!(::std::vec::Vec<#element>)
        }
    }
}

pub(super) fn struct_tokens(s: &Struct) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let mut doc = s.doc.clone();
    for (wire, why) in &s.left_out {
        doc += &format!("\n\nThe spec's member `{wire}` is not a field: {why}.");
    }
    let doc = doc_attrs(&doc);
    let deprecated = deprecated_attr(s.deprecated.as_deref());
    let fields = s.fields.iter().map(|f| field_tokens(s, f));
    let all_optional = s.fields.iter().all(|f| f.optional);
    let default = all_optional.then(|| quote!(::core::default::Default,));
    let serde = quote!(::tcapi::__private::serde);
    let serde_crate = "::tcapi::__private::serde";
    let errors = Ident::new(names::ERRORS_MODULE, Span::call_site());
    let code = Ident::new(names::ERROR_CODE_ENUM, Span::call_site());
    let std_derives =
        quote!(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #default);
    // What every type has, then what the `serde` feature adds: a request (and what it
    // contains) always serializes; a model always deserializes (its `Model` derive).
    let derives = match s.role {
        Role::Request => quote! {
            #[derive(#std_derives #serde::Serialize)]
            #[cfg_attr(feature = "serde", derive(#serde::Deserialize))]
            #[serde(crate = #serde_crate)]
        },
        Role::Response => quote! {
            #[derive(#std_derives ::tcapi::TencentResponse)]
            #[tencent(codes = #errors::#code, lenient)]
            #[cfg_attr(feature = "serde", derive(#serde::Serialize, #serde::Deserialize), serde(crate = #serde_crate))]
        },
        Role::Model if !s.in_responses => quote! {
            #[derive(#std_derives #serde::Serialize)]
            #[cfg_attr(feature = "serde", derive(#serde::Deserialize))]
            #[serde(crate = #serde_crate)]
        },
        Role::Model if s.in_requests => quote! {
            #[derive(#std_derives ::tcapi::Model, #serde::Serialize)]
            #[tencent(lenient)]
            #[serde(crate = #serde_crate)]
        },
        Role::Model => quote! {
            #[derive(#std_derives ::tcapi::Model)]
            #[tencent(lenient)]
            #[cfg_attr(feature = "serde", derive(#serde::Serialize), serde(crate = #serde_crate))]
        },
    };
    let constructor = (!all_optional).then(|| constructor_tokens(s));
    quote! {
        #doc
        #deprecated
        #derives
        pub struct #name {
            #( #fields )*
        }
        #constructor
    }
}

/// `new` of a type with required members: those as arguments, every optional one unset, so
/// that a value with a few optional members set is one expression
/// (`T { stream: Some(true), ..T::new(model, messages) }`).
fn constructor_tokens(s: &Struct) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let (required, optional): (Vec<&Field>, Vec<&Field>) =
        s.fields.iter().partition(|f| !f.optional);
    let arguments = required.iter().map(|f| {
        let ident = format_ident!("{}", f.ident);
        let ty = type_tokens(&f.ty);
        quote!(#ident: #ty)
    });
    let required = required.iter().map(|f| format_ident!("{}", f.ident));
    let optional = optional.iter().map(|f| format_ident!("{}", f.ident));
    quote! {
        impl #name {
            /// A value with the required members given and every optional one unset.
            #[inline]
            #[must_use]
            pub fn new(#( #arguments ),*) -> Self {
                #name {
                    #( #required, )*
                    #( #optional: ::core::option::Option::None, )*
                }
            }
        }
    }
}

fn field_tokens(s: &Struct, f: &Field) -> TokenStream {
    let ident = format_ident!("{}", f.ident);
    let mut doc = f.doc.trim().to_owned();
    for note in &f.notes {
        if !doc.is_empty() {
            doc += "\n\n";
        }
        doc += note;
    }
    if !doc.is_empty() {
        doc += "\n\n";
    }
    doc += &format!("Key: `{}`.", f.wire);
    let doc = doc_attrs(&doc);
    let deprecated = deprecated_attr(f.deprecated.as_deref());
    let ty = type_tokens(&f.ty);
    let ty = if f.optional {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    };
    let wire = &f.wire;
    let tencent = (!s.built_like_request()).then(|| quote!(#[tencent(rename = #wire)]));
    let mut serde = vec![quote!(rename = #wire)];
    if f.optional {
        serde.push(quote!(
            skip_serializing_if = "::core::option::Option::is_none"
        ));
    }
    // Deserializing (the `serde` feature, or a model's derive) reads scalars leniently.
    let lenient = matches!(
        f.ty,
        Type::Bool | Type::I64 | Type::U64 | Type::F64 | Type::String
    ) && (s.role != Role::Model || s.built_like_request());
    let lenient = lenient.then(|| {
        let default = f.optional.then(|| quote!(default,));
        quote!(#[cfg_attr(feature = "serde", serde(#default deserialize_with = "::tcapi::__private::lenient"))])
    });
    let serde = if s.in_requests || s.built_like_request() {
        quote!(#[serde( #(#serde),* )])
    } else {
        quote!(#[cfg_attr(feature = "serde", serde( #(#serde),* ))])
    };
    quote! {
        #doc
        #deprecated
        #tencent
        #serde
        #lenient
        pub #ident: #ty,
    }
}
