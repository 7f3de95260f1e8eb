use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::ItemEnum;
use tcapi_codes::resolve::ResolvedCode;
use tcapi_codes::{Categories, Table};

use crate::private::Private;

/// The enum and its impls. Per-code facts go to one packed static indexed by the variant's
/// position (see `tcapi::__private::CodeTable`). No impl matches on all the variants at
/// once: a 12,000-arm `match self` alone costs ~11-24 s of LLVM time in a release build,
/// while the std derives below compare discriminants and cost almost nothing. Derived `Ord`
/// follows declaration order, so a variant's position is a binary search over `ALL`; the
/// way back is `__from_index`.
pub fn enum_tokens(
    item: &ItemEnum,
    codes: &[ResolvedCode<'_>],
    tables: &[Table],
    categories: Option<&Categories>,
) -> syn::Result<TokenStream> {
    let p = Private;
    let name = &item.ident;
    let attrs = &item.attrs;
    let vis = &item.vis;
    let variants: Vec<_> = codes
        .iter()
        .map(|c| format_ident!("{}", c.variant))
        .collect();
    let docs = codes.iter().map(|c| match c.description() {
        Some(d) => format!("`{}`: {}", c.code(), tcapi_codes::doc::escape_markdown(d)),
        None => format!("`{}`", c.code()),
    });
    let table = packed_table(codes)?;
    let from_index = from_index(name, &variants);
    let files = tables.iter().map(|t| t.path.display().to_string());
    // An enum without rows stores no indices, and the fallback has no categories to compare.
    let same_order = categories.filter(|_| !codes.is_empty()).map(same_order);

    Ok(quote! {
        #(#attrs)*
        #[derive(#p::core::cmp::PartialEq, #p::core::cmp::Eq, #p::core::cmp::PartialOrd, #p::core::cmp::Ord, #p::core::hash::Hash)]
        #vis enum #name {
            #( #[doc = #docs] #variants, )*
            /// A code that this table does not know, kept verbatim.
            Unknown(::tcapi::UnknownCode),
        }

        const _: () = {
            #( const _: &[u8] = ::core::include_bytes!(#files); )*

            static __TABLE: #p::CodeTable = #table;
            #same_order

            #from_index

            #[automatically_derived]
            impl #p::core::clone::Clone for #name {
                fn clone(&self) -> Self {
                    match self.__index() {
                        #p::core::result::Result::Ok(__index) => __from_index(__index),
                        #p::core::result::Result::Err(__unknown) => #name::Unknown(__unknown.clone()),
                    }
                }
            }

            #[automatically_derived]
            impl #name {
                #[inline]
                fn __index(&self) -> #p::core::result::Result<usize, &::tcapi::UnknownCode> {
                    match self {
                        #name::Unknown(__unknown) => #p::core::result::Result::Err(__unknown),
                        __known => #p::core::result::Result::Ok(#p::position(<Self as ::tcapi::ErrorCode>::ALL, __known)),
                    }
                }
            }

            #[automatically_derived]
            impl ::tcapi::ErrorCode for #name {
                const ALL: &'static [Self] = &[#(#name::#variants),*];

                #[inline]
                fn as_str(&self) -> &str {
                    __TABLE.code(self.__index())
                }

                #[inline]
                fn parse(__code: &str) -> Self {
                    match __TABLE.lookup(__code) {
                        #p::core::option::Option::Some(__index) => __from_index(__index),
                        #p::core::option::Option::None => #name::Unknown(#p::unknown(__code)),
                    }
                }

                fn category(&self) -> ::tcapi::Category {
                    __TABLE.category(self.__index())
                }

                fn retry_hint(&self) -> ::tcapi::RetryHint {
                    __TABLE.retry_hint(self.__index())
                }

                fn description(&self) -> #p::core::option::Option<&'static str> {
                    __TABLE.description(self.__index())
                }

                fn is_known(&self) -> bool {
                    self.__index().is_ok()
                }
            }

            #[automatically_derived]
            impl #p::core::fmt::Debug for #name {
                fn fmt(&self, __f: &mut #p::core::fmt::Formatter<'_>) -> #p::core::fmt::Result {
                    __TABLE.fmt_debug(self.__index(), __f)
                }
            }

            #[automatically_derived]
            impl #p::core::fmt::Display for #name {
                fn fmt(&self, __f: &mut #p::core::fmt::Formatter<'_>) -> #p::core::fmt::Result {
                    __f.write_str(::tcapi::ErrorCode::as_str(self))
                }
            }

            #[automatically_derived]
            impl #p::core::str::FromStr for #name {
                type Err = #p::core::convert::Infallible;
                fn from_str(__code: &str) -> #p::core::result::Result<Self, Self::Err> {
                    #p::core::result::Result::Ok(<Self as ::tcapi::ErrorCode>::parse(__code))
                }
            }

            #[automatically_derived]
            impl #p::serde::Serialize for #name {
                fn serialize<__S: #p::serde::Serializer>(&self, __serializer: __S) -> #p::core::result::Result<__S::Ok, __S::Error> {
                    #p::serialize(self, __serializer)
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D: #p::serde::Deserializer<'de>>(__deserializer: __D) -> #p::core::result::Result<Self, __D::Error> {
                    #p::deserialize(__deserializer)
                }
            }
        };
    })
}

/// The table stores a row's hint and category as indices into `tcapi-codes`' lists, which
/// the runtime reads back through its own `ALL`s. Both sides are generated from those lists,
/// so they agree unless two versions meet; then the build fails here instead of every code
/// getting a wrong hint.
fn same_order(categories: &Categories) -> TokenStream {
    let p = Private;
    let hints = tcapi_codes::RETRY_HINTS;
    let categories = categories.categories.iter().map(|c| &c.name);
    quote! {
        const _: () = #p::assert_hint_order(&[#(#hints),*]);
        const _: () = #p::assert_category_order(&[#(#categories),*]);
    }
}

/// `__from_index`, the variant at a position, as a match over chunks of 64 positions that
/// each call a 64-arm match: LLVM's time on one 12,000-arm switch (a derived `Clone` is one)
/// grows much faster than linearly, ~3.5 s in a release build against ~0.3 s chunked.
fn from_index(name: &syn::Ident, variants: &[syn::Ident]) -> TokenStream {
    const CHUNK: usize = 64;
    let p = Private;
    let chunk_fns: Vec<_> = (0..variants.len().div_ceil(CHUNK))
        .map(|c| format_ident!("__from_chunk_{}", c))
        .collect();
    let chunks = variants
        .chunks(CHUNK)
        .zip(&chunk_fns)
        .map(|(chunk, chunk_fn)| {
            let offsets = 0..chunk.len();
            quote! {
                fn #chunk_fn(__offset: usize) -> #name {
                    match __offset {
                        #( #offsets => #name::#chunk, )*
                        _ => #p::core::unreachable!(),
                    }
                }
            }
        });
    let chunk_numbers = 0..chunk_fns.len();
    let chunk = CHUNK;
    quote! {
        #(#chunks)*

        fn __from_index(__index: usize) -> #name {
            match __index / #chunk {
                #( #chunk_numbers => #chunk_fns(__index % #chunk), )*
                _ => #p::core::unreachable!(),
            }
        }
    }
}

/// The `CodeTable` literal: strings concatenated, offsets and small integers as byte strings.
fn packed_table(codes: &[ResolvedCode<'_>]) -> syn::Result<TokenStream> {
    let p = Private;
    let (mut texts, mut ends, mut facts) = (
        [String::new(), String::new(), String::new()],
        Vec::new(),
        Vec::new(),
    );
    for c in codes {
        for (text, field) in
            texts
                .iter_mut()
                .zip([c.code(), &c.variant, c.description().unwrap_or_default()])
        {
            text.push_str(field);
            ends.extend_from_slice(
                &u32::try_from(text.len())
                    .expect("tables are far below 4 GiB")
                    .to_le_bytes(),
            );
        }
        let Some(retry) = tcapi_codes::hints::index(&c.retry) else {
            return Err(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!(
                    "tcapi-macros: code `{}` has the hint `{}`, which validation should have \
                     refused; please report this",
                    c.code(),
                    c.retry
                ),
            ));
        };
        facts.extend([
            u8::try_from(c.category).expect("under 256 categories"),
            retry as u8,
        ]);
    }
    let keys: Vec<&str> = codes.iter().map(ResolvedCode::code).collect();
    let hash = tcapi_codes::phf::build(&keys);
    let displacements: Vec<u8> = hash
        .displacements
        .iter()
        .flat_map(|&(d1, d2)| [u16::try_from(d1), u16::try_from(d2)])
        .flat_map(|d| {
            d.expect("displacements are below the key count, itself below 65536")
                .to_le_bytes()
        })
        .collect();
    let slots: Vec<u8> = hash.slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    let [codes, variants, descriptions] = texts;
    let (ends, facts) = (Literal::byte_string(&ends), Literal::byte_string(&facts));
    let (displacements, slots, seed) = (
        Literal::byte_string(&displacements),
        Literal::byte_string(&slots),
        hash.seed,
    );
    Ok(quote! {
        #p::CodeTable {
            codes: #codes,
            variants: #variants,
            descriptions: #descriptions,
            ends: #ends,
            facts: #facts,
            seed: #seed,
            displacements: #displacements,
            slots: #slots,
        }
    })
}

/// The enum with no known code, emitted beside the errors of a bad table so that the
/// user's code still type-checks and only the table's errors are shown.
pub fn fallback(item: &ItemEnum) -> TokenStream {
    let mut empty = item.clone();
    empty.variants.clear();
    // No rows, so no hint to look up: the table cannot fail.
    enum_tokens(&empty, &[], &[], None).unwrap_or_else(syn::Error::into_compile_error)
}
