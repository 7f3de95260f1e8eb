//! The paging glue of a version module: `impl tcapi::Paginated` for the request of every
//! action that pages, and the `Client`'s `<method>_pages` and `<method>_items`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::print::{deprecated_attr, doc_attrs};
use super::structs::type_tokens;
use crate::sdk::model::{Action, FieldRef, PageStyle, Pagination, Version};
use crate::sdk::names;

/// The actions of `version` that page, with their paging.
fn paged(version: &Version) -> Vec<(&Action, &Pagination)> {
    version
        .actions
        .iter()
        .filter_map(|a| Some((a, a.paging.as_ref()?)))
        .collect()
}

/// `impl tcapi::Paginated` for the request of each action that pages.
pub(super) fn paginated_impls(version: &Version) -> TokenStream {
    let impls = paged(version)
        .into_iter()
        .map(|(a, p)| paginated_impl(a, p));
    quote! { #( #impls )* }
}

/// The `Client`'s `<method>_pages` and `<method>_items` for each action that pages (the
/// convention of [`crate::sdk::paging`]), nothing when none does.
pub(super) fn paging_methods(version: &Version) -> TokenStream {
    let paged = paged(version);
    if paged.is_empty() {
        return TokenStream::new();
    }
    let errors = Ident::new(names::ERRORS_MODULE, Span::call_site());
    let code = Ident::new(names::ERROR_CODE_ENUM, Span::call_site());
    let methods = paged.iter().map(|(a, p)| {
        let request = Ident::new(&a.request, Span::call_site());
        let response = Ident::new(&a.response, Span::call_site());
        let item = type_tokens(&p.item);
        let [pages, items] = names::paging_method_names(&a.method).map(|m| format_ident!("{}", m));
        let how = match &p.style {
            PageStyle::Offset { offset, limit } => format!("`{}` and `{}`", offset.wire, limit.wire),
            PageStyle::PageNumber { number, size, first } => {
                format!("`{}` (from {first}) and `{}`", number.wire, size.wire)
            }
            PageStyle::Token { token, next } => format!("`{}` (the response's `{}`)", token.wire, p.path(next)),
        };
        let total = p
            .total
            .as_ref()
            .map(|t| format!(", up to the response's `{}`", p.path(t)))
            .unwrap_or_default();
        let pages_doc = doc_attrs(&format!(
            "The pages of [`{}`](Self::{}), from the one `request` asks for, moving {how}{total}; see `tcapi::paginate` for when the stream ends.",
            a.name, a.method
        ));
        let items_doc = doc_attrs(&format!(
            "The items (`{}`) of every page of [`{}`](Self::{}), in order; see [`{pages}`](Self::{pages}).",
            p.path(&p.items), a.name, a.method
        ));
        let deprecated = deprecated_attr(a.deprecation().as_deref());
        let error = quote!(::tcapi::Error<#errors::#code>);
        let stream = |doc: TokenStream, name: Ident, element: TokenStream, via: Ident| {
            quote! {
                #doc
                #deprecated
                #[inline]
                pub fn #name(
                    &self,
                    request: &#request,
                ) -> impl ::tcapi::paginate::Stream<Item = ::core::result::Result<#element, #error>> + ::core::marker::Unpin {
                    self.client.#via(request)
                }
            }
        };
        let pages = stream(pages_doc, pages, quote!(#response), format_ident!("pages"));
        let items = stream(items_doc, items, item, format_ident!("items"));
        quote!(#pages #items)
    });
    quote! {
        impl Client {
            #( #methods )*
        }
    }
}

fn paginated_impl(action: &Action, paging: &Pagination) -> TokenStream {
    let request = Ident::new(&action.request, Span::call_site());
    let response = Ident::new(&action.response, Span::call_site());
    let item = type_tokens(&paging.item);
    let field = |member: &FieldRef| format_ident!("{}", member.ident);
    let items = field(&paging.items);
    let number = quote!(::tcapi::__private::PageNumberField);
    // The page object, and `read(value)`: `value`, an `Option` read from the page object,
    // as read from `response` (`None` when the response has no page object).
    let page = match &paging.within {
        Some(_) => quote!(__page),
        None => quote!(response),
    };
    let read = |value: TokenStream| match &paging.within {
        Some(within) => {
            let within = field(within);
            quote!(response.#within.as_ref().and_then(|#page| #value))
        }
        None => value,
    };
    let (style, moves) = match &paging.style {
        PageStyle::Offset { offset, limit } => (
            quote!(Offset),
            position_methods(&number, &field(offset), &field(limit)),
        ),
        PageStyle::PageNumber {
            number: page,
            size,
            first,
        } => (
            quote!(PageNumber { first: #first }),
            position_methods(&number, &field(page), &field(size)),
        ),
        PageStyle::Token { token, next } => {
            let (token, next) = (field(token), field(next));
            let next = read(quote!(#page.#next.as_deref()));
            (
                quote!(Token),
                quote! {
                    #[inline]
                    fn set_token(&mut self, token: &str) {
                        ::tcapi::__private::PageTokenField::set(&mut self.#token, token)
                    }
                    #[inline]
                    fn next_token(response: &#response) -> ::core::option::Option<&str> {
                        #next
                    }
                },
            )
        }
    };
    let total = paging.total.as_ref().map(|total| {
        let total = field(total);
        let total = read(quote!(#number::get(&#page.#total)));
        quote! {
            #[inline]
            fn total(response: &#response) -> ::core::option::Option<u64> {
                #total
            }
        }
    });
    let (borrowed, owned) = match &paging.within {
        Some(within) => {
            let within = field(within);
            (
                quote! {
                    response.#within.as_ref().map(|#page| ::tcapi::__private::page_items(&#page.#items)).unwrap_or_default()
                },
                quote!(response.#within.and_then(|#page| #page.#items).unwrap_or_default()),
            )
        }
        None => (
            quote!(::tcapi::__private::page_items(&response.#items)),
            quote!(response.#items.unwrap_or_default()),
        ),
    };
    quote! {
        #[automatically_derived]
        impl ::tcapi::Paginated for #request {
            type Item = #item;
            const PAGING: ::tcapi::Paging = ::tcapi::Paging::#style;
            #[inline]
            fn items(response: &#response) -> &[#item] {
                #borrowed
            }
            #[inline]
            fn into_items(response: #response) -> ::std::vec::Vec<#item> {
                #owned
            }
            #moves
            #total
        }
    }
}

/// The position and page size methods of offset and page-number paging.
fn position_methods(number: &TokenStream, position: &Ident, size: &Ident) -> TokenStream {
    quote! {
        #[inline]
        fn position(&self) -> ::core::option::Option<u64> {
            #number::get(&self.#position)
        }
        #[inline]
        fn set_position(&mut self, position: u64) {
            #number::set(&mut self.#position, position)
        }
        #[inline]
        fn page_size(&self) -> ::core::option::Option<u64> {
            #number::get(&self.#size)
        }
    }
}
