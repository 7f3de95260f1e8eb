use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Index};

use super::ast::{Derive, Field, Input};
use crate::private::Private;

pub fn response(input: &Input) -> TokenStream {
    let p = Private;
    let original = input.original;
    let ident = &original.ident;
    let vis = &original.vis;
    let codes = match input.attrs.codes.value() {
        Some(path) => path.to_token_stream(),
        None => quote!(::tcapi::CommonCode),
    };
    // Spanned so that a type that is not an error-code enum is reported on the attribute.
    let code_ty = quote_spanned!(codes.span()=> #codes);
    let generics = bounded_generics(input);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let request_id_get = match input.fields.iter().flatten().find(|f| f.is_request_id()) {
        Some(Field { ident, ty, .. }) => {
            quote_spanned!(ty.span()=> <#ty as #p::RequestIdField>::as_request_id(&self.#ident))
        }
        None => quote!(#p::core::option::Option::None),
    };
    let vis_doc = format!(
        "Decodes a `{ident}` from a response body; see [`tcapi::TencentResponse::from_slice`]."
    );
    let fields_impl = if input.attrs.lenient.is_set() {
        lean_impls(input)
    } else {
        fields_impl(input, &generics)
    };

    quote! {
        const _: () = {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #impl_generics ::tcapi::TencentResponse for #ident #ty_generics #where_clause {
                type Code = #code_ty;

                #[inline]
                fn from_slice(__bytes: &[u8]) -> #p::core::result::Result<Self, ::tcapi::Error<Self::Code>> {
                    #p::decode_fields::<Self>(__bytes)
                }

                fn request_id(&self) -> #p::core::option::Option<&str> {
                    #request_id_get
                }
            }

            #[automatically_derived]
            #[allow(unused_qualifications, clippy::should_implement_trait, dead_code)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #[doc = #vis_doc]
                #[inline]
                #vis fn from_slice(__bytes: &[u8]) -> #p::core::result::Result<Self, ::tcapi::Error<<Self as ::tcapi::TencentResponse>::Code>> {
                    <Self as ::tcapi::TencentResponse>::from_slice(__bytes)
                }

                /// Decodes from a string; see [`tcapi::TencentResponse::from_str`].
                #[inline]
                #vis fn from_str(__text: &str) -> #p::core::result::Result<Self, ::tcapi::Error<<Self as ::tcapi::TencentResponse>::Code>> {
                    <Self as ::tcapi::TencentResponse>::from_slice(__text.as_bytes())
                }

                /// Reads and decodes a body; see [`tcapi::TencentResponse::from_reader`].
                #[inline]
                #vis fn from_reader<__R: ::std::io::Read>(__reader: __R) -> #p::core::result::Result<Self, ::tcapi::Error<<Self as ::tcapi::TencentResponse>::Code>> {
                    <Self as ::tcapi::TencentResponse>::from_reader(__reader)
                }
            }

            #fields_impl
        };
    }
}

pub fn model(input: &Input) -> TokenStream {
    if input.attrs.lenient.is_set() {
        return lean_model(input);
    }
    let p = Private;
    let ident = &input.original.ident;
    let generics = bounded_generics(input);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let de_generics = with_de_lifetime(&generics);
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    let fields_impl = fields_impl(input, &generics);
    quote! {
        const _: () = {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #de_impl_generics #p::serde::Deserialize<'__de> for #ident #ty_generics #where_clause {
                #[inline]
                fn deserialize<__D: #p::serde::Deserializer<'__de>>(__deserializer: __D) -> #p::core::result::Result<Self, __D::Error> {
                    #p::deserialize_model::<Self, __D>(__deserializer)
                }
            }

            #[automatically_derived]
            impl #impl_generics ::tcapi::Model for #ident #ty_generics #where_clause {}

            #fields_impl
        };
    }
}

/// `#[derive(tcapi::Model)]` of a lenient struct: read by the lean decoder, in place.
fn lean_model(input: &Input) -> TokenStream {
    let p = Private;
    let ident = &input.original.ident;
    let object = lean_impls(input);
    quote! {
        const _: () = {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl<'__de> #p::serde::Deserialize<'__de> for #ident {
                #[inline]
                fn deserialize<__D: #p::serde::Deserializer<'__de>>(__deserializer: __D) -> #p::core::result::Result<Self, __D::Error> {
                    #p::deserialize_object::<Self, __D>(__deserializer)
                }
            }

            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl ::tcapi::Model for #ident {
                #[inline]
                fn __slot(__this: &mut #p::core::option::Option<Self>) -> #p::Slot<'_> {
                    #p::Slot::Object(__this)
                }
                #[inline]
                fn __boxed_slot(__this: &mut #p::core::option::Option<::std::boxed::Box<Self>>) -> #p::Slot<'_> {
                    #p::Slot::Object(__this)
                }
            }

            #object
        };
    }
}

/// The lean expansion of a lenient struct: its keys and one function from a field index to
/// where its value goes; the decoding is the runtime's, shared by every type. A response also
/// gets the `Fields` the envelope decoder drives, forwarding to the same two.
fn lean_impls(input: &Input) -> TokenStream {
    let p = Private;
    let ident = &input.original.ident;
    let fields = input.fields.as_deref().unwrap_or_default();
    let data: Vec<&Field> = fields.iter().filter(|f| !f.is_request_id()).collect();
    let request_id = fields.iter().find(|f| f.is_request_id());
    let keys = data.iter().map(|f| f.key.as_str());
    let byte_keys = data.iter().map(|f| Literal::byte_string(f.key.as_bytes()));
    let positions: Vec<usize> = (0..data.len()).collect();
    let slots = data.iter().map(|f| {
        let (ty, ident) = (f.ty, f.ident);
        quote_spanned!(ty.span()=> <#ty as #p::OptionSlot>::slot(&mut self.#ident))
    });
    let empties = data.iter().map(|f| {
        let ident = f.ident;
        quote!(#ident: #p::core::option::Option::None,)
    });
    let request_id_empty = request_id.map(|f| {
        let ident = f.ident;
        quote!(#ident: #p::core::default::Default::default(),)
    });
    let build = match (input.derive, request_id) {
        (Derive::Response, Some(Field { ident, ty, .. })) => {
            let from_slot =
                quote_spanned!(ty.span()=> <#ty as #p::RequestIdField>::from_slot(__request_id)?);
            quote! {
                let mut __value = __slots;
                __value.#ident = #from_slot;
                #p::core::result::Result::Ok(__value)
            }
        }
        _ => quote! {
            let _ = __request_id;
            #p::core::result::Result::Ok(__slots)
        },
    };
    let fields_impl = (input.derive == Derive::Response).then(|| {
        quote! {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #p::Fields for #ident {
                type Slots = Self;
                const KEYS: &'static [&'static str] = __KEYS;

                #[inline]
                fn slots() -> Self {
                    <Self as #p::Object>::empty()
                }

                #[inline]
                fn index(__key: &[u8]) -> #p::core::option::Option<usize> {
                    __index(__key)
                }

                #[inline]
                fn visit<'de, __A: #p::serde::de::MapAccess<'de>>(
                    __slots: &mut Self,
                    __index: usize,
                    __map: &mut __A,
                ) -> #p::core::result::Result<(), __A::Error> {
                    let __key = || __KEYS.get(__index).copied().unwrap_or_default();
                    #p::visit_slot(#p::Object::slot(__slots, __index), __key, __map)
                }

                #[inline]
                fn build(
                    __slots: Self,
                    __request_id: &mut #p::RequestIdSlot<'_>,
                ) -> #p::core::result::Result<Self, #p::FieldError> {
                    #build
                }
            }
        }
    });
    quote! {
        const __KEYS: &[&str] = &[ #(#keys),* ];

        // A `match` rather than a search of `__KEYS`: compiled to a switch on the length and
        // comparisons with constants, it costs a key no more than serde's own derive does.
        #[inline]
        fn __index(__key: &[u8]) -> #p::core::option::Option<usize> {
            match __key {
                #( #byte_keys => #p::core::option::Option::Some(#positions), )*
                _ => #p::core::option::Option::None,
            }
        }

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #p::Object for #ident {
            #[inline]
            fn keys(&self) -> &'static [&'static str] {
                __KEYS
            }

            // Inline, as every method here: a crate of 1,700 types then compiles them where
            // a response is decoded, not all of them in its own release build.
            #[inline]
            fn index(&self, __key: &[u8]) -> #p::core::option::Option<usize> {
                __index(__key)
            }

            #[inline]
            fn slot(&mut self, __index: usize) -> #p::Slot<'_> {
                match __index {
                    #( #positions => #slots, )*
                    _ => #p::Slot::Ignore,
                }
            }

            #[inline]
            fn empty() -> Self {
                Self { #(#empties)* #request_id_empty }
            }
        }

        #fields_impl
    }
}

/// The generics of `impl Deserialize<'__de>`.
fn with_de_lifetime(generics: &Generics) -> Generics {
    let mut generics = generics.clone();
    generics.params.insert(0, syn::parse_quote!('__de));
    generics
}

/// The struct's generics, with every type parameter bounded by `Model` (a field that mentions
/// it is read as one).
fn bounded_generics(input: &Input) -> Generics {
    let mut generics = input.original.generics.clone();
    let type_params: Vec<_> = generics.type_params().map(|t| t.ident.clone()).collect();
    if !type_params.is_empty() {
        let where_clause = generics.make_where_clause();
        for param in &type_params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#param: ::tcapi::Model));
        }
    }
    generics
}

/// The `Fields` implementation both derives share: slots, key matching, visit and build.
fn fields_impl(input: &Input, generics: &Generics) -> TokenStream {
    let p = Private;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let fields = input.fields.as_deref().unwrap_or_default();
    let data: Vec<&Field> = fields
        .iter()
        .filter(|f| !f.is_request_id() && !f.is_flatten())
        .collect();
    let flatten = fields.iter().find(|f| f.is_flatten());
    let request_id = fields.iter().find(|f| f.is_request_id());

    let keys: Vec<&str> = data.iter().map(|f| f.key.as_str()).collect();
    let byte_keys: Vec<Literal> = keys
        .iter()
        .map(|key| Literal::byte_string(key.as_bytes()))
        .collect();
    let indices: Vec<Index> = (0..data.len()).map(Index::from).collect();
    let positions: Vec<usize> = (0..data.len()).collect();
    let slot_types = data.iter().map(|f| {
        let ty = f.ty;
        quote!(#p::core::option::Option<#ty>)
    });
    let slot_inits = data.iter().map(|_| quote!(#p::core::option::Option::None));
    let flatten_map = quote!(#p::serde_json::Map<::std::string::String, #p::serde_json::Value>);
    let flatten_slot_type = flatten.map(|_| quote!(#flatten_map,));
    let flatten_slot_init = flatten.map(|_| quote!(#p::serde_json::Map::new(),));
    let flatten_index = Index::from(data.len());

    let visits = data.iter().zip(&indices).zip(&keys).map(|((f, index), key)| {
        let ty = f.ty;
        let next_value = quote_spanned!(ty.span()=> <#ty as ::tcapi::Model>::__next_value(__map)?);
        quote! {
            if __slots.#index.is_some() {
                return #p::core::result::Result::Err(<__A::Error as #p::serde::de::Error>::duplicate_field(#key));
            }
            __slots.#index = #p::core::option::Option::Some(#next_value);
        }
    });

    let locals: Vec<_> = (0..data.len())
        .map(|i| format_ident!("__field{}", i))
        .collect();
    let builds =
        data.iter()
            .zip(&indices)
            .zip(&keys)
            .zip(&locals)
            .map(|(((f, index), key), local)| {
                let ty = f.ty;
                let absent = if f.attrs.default.is_set() {
                    quote_spanned!(ty.span()=> <#ty as #p::core::default::Default>::default())
                } else {
                    quote_spanned!(ty.span()=> <#ty as ::tcapi::Model>::__missing(#key)?)
                };
                quote! {
                    let #local = match __slots.#index {
                        #p::core::option::Option::Some(__value) => __value,
                        #p::core::option::Option::None => #absent,
                    };
                }
            });
    let data_idents = data.iter().map(|f| f.ident);
    let flatten_build = flatten.map(|f| {
        let ty = f.ty;
        let name = f.ident.to_string();
        let ident = f.ident;
        (
            quote_spanned!(ty.span()=> let __flatten = #p::flatten_field::<#ty>(__slots.#flatten_index, #name)?;),
            quote!(#ident: __flatten,),
        )
    });
    let (flatten_let, flatten_field) = flatten_build.unzip();
    let request_id_build = request_id.map(|f| {
        let ty = f.ty;
        let ident = f.ident;
        (
            quote_spanned!(ty.span()=> let __request_id = <#ty as #p::RequestIdField>::from_slot(__request_id)?;),
            quote!(#ident: __request_id,),
        )
    });
    let (request_id_let, request_id_field) = request_id_build.unzip();
    let visit_other = flatten.map(|_| {
        quote! {
            fn visit_other<'de, __A: #p::serde::de::MapAccess<'de>>(
                __slots: &mut Self::Slots,
                __key: ::std::string::String,
                __map: &mut __A,
            ) -> #p::core::result::Result<(), __A::Error> {
                let __value = #p::serde::de::MapAccess::next_value::<#p::serde_json::Value>(__map)?;
                __slots.#flatten_index.insert(__key, __value);
                #p::core::result::Result::Ok(())
            }
        }
    });
    let has_flatten = flatten.is_some();

    quote! {
            #[automatically_derived]
            #[allow(unused_qualifications, clippy::unused_unit)]
            impl #impl_generics #p::Fields for #ident #ty_generics #where_clause {
                type Slots = ( #(#slot_types,)* #flatten_slot_type );
                const KEYS: &'static [&'static str] = &[ #(#keys),* ];
                const FLATTEN: bool = #has_flatten;

                #[inline]
                fn slots() -> Self::Slots {
                    ( #(#slot_inits,)* #flatten_slot_init )
                }

                #[inline]
                fn index(__key: &[u8]) -> #p::core::option::Option<usize> {
                    match __key {
                        #( #byte_keys => #p::core::option::Option::Some(#positions), )*
                        _ => #p::core::option::Option::None,
                    }
                }

                #[inline]
                fn visit<'de, __A: #p::serde::de::MapAccess<'de>>(
                    __slots: &mut Self::Slots,
                    __index: usize,
                    __map: &mut __A,
                ) -> #p::core::result::Result<(), __A::Error> {
                    let _ = &__slots;
                    match __index {
                        #( #positions => { #visits } )*
                        _ => {
                            #p::serde::de::MapAccess::next_value::<#p::serde::de::IgnoredAny>(__map)?;
                        }
                    }
                    #p::core::result::Result::Ok(())
                }

                #visit_other

                #[inline]
                fn build(
                    __slots: Self::Slots,
                    __request_id: &mut #p::RequestIdSlot<'_>,
                ) -> #p::core::result::Result<Self, #p::FieldError> {
                    let _ = (&__slots, &__request_id);
                    #(#builds)*
                    #flatten_let
                    #request_id_let
                    #p::core::result::Result::Ok(Self {
                        #( #data_idents: #locals, )*
                        #flatten_field
                        #request_id_field
                    })
                }
            }
    }
}

/// What is emitted next to the errors of an invalid input, so that uses of the type do not
/// add a cascade of "trait not implemented" errors.
pub fn fallback(input: &DeriveInput, derive: Derive) -> TokenStream {
    let p = Private;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    match derive {
        Derive::Response => quote! {
            #[allow(unused_qualifications)]
            impl #impl_generics ::tcapi::TencentResponse for #ident #ty_generics #where_clause {
                type Code = ::tcapi::CommonCode;
                fn from_slice(_: &[u8]) -> #p::core::result::Result<Self, ::tcapi::Error> {
                    #p::core::unimplemented!()
                }
                fn request_id(&self) -> #p::core::option::Option<&str> {
                    #p::core::unimplemented!()
                }
            }
        },
        Derive::Model => {
            let de_generics = with_de_lifetime(&input.generics);
            let (de_impl_generics, _, _) = de_generics.split_for_impl();
            quote! {
                #[allow(unused_qualifications)]
                impl #de_impl_generics #p::serde::Deserialize<'__de> for #ident #ty_generics #where_clause {
                    fn deserialize<__D: #p::serde::Deserializer<'__de>>(_: __D) -> #p::core::result::Result<Self, __D::Error> {
                        #p::core::unimplemented!()
                    }
                }
                impl #impl_generics ::tcapi::Model for #ident #ty_generics #where_clause {}
            }
        }
    }
}
