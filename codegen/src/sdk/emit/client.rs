//! The actions of a version module: `impl tcapi::Action` for every request (beside the
//! requests), and the version's `Client` with one method per action (and `<method>_stream`
//! for the actions that answer with server-sent events).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::print::{deprecated_attr, doc_attrs};
use crate::sdk::model::{Action, Idempotency, Version};
use crate::sdk::names;
use crate::streaming::StreamEnd;

/// `impl tcapi::Action` for every request: the action it sends, what it answers, whether it
/// may be sent again.
pub(super) fn action_impls(service: &str, version: &Version) -> TokenStream {
    let api_version = &version.api_version;
    let impls = version.actions.iter().map(|a| {
        let request = Ident::new(&a.request, Span::call_site());
        let response = Ident::new(&a.response, Span::call_site());
        let action = &a.name;
        let idempotent = match &a.idempotency {
            Idempotency::Always => quote!(true),
            Idempotency::Never => quote!(false),
            Idempotency::WithClientToken { field } => {
                let field = format_ident!("{}", field);
                quote!(::tcapi::__private::has_client_token(&self.#field))
            }
        };
        quote! {
            impl ::tcapi::Action for #request {
                const SERVICE: &'static str = #service;
                const VERSION: &'static str = #api_version;
                const ACTION: &'static str = #action;
                type Response = #response;
                #[inline]
                fn idempotent(&self) -> bool {
                    #idempotent
                }
            }
        }
    });
    quote! { #( #impls )* }
}

/// The hidden visitor of every request type of `version`.
pub(super) fn visitor(version: &Version) -> TokenStream {
    let requests = version
        .actions
        .iter()
        .map(|a| Ident::new(&a.request, Span::call_site()));
    quote! {
        /// Calls `visitor` with every request type of this version: a hook for tests that
        /// check each action against its published examples.
        #[doc(hidden)]
        #[cfg(feature = "serde")]
        pub fn __visit_actions<V: ::tcapi::__private::ActionVisitor>(visitor: &mut V) {
            #( visitor.visit::<#requests>(); )*
        }
    }
}

/// The version's `Client`, with its paging methods: the content of a module compiled with the
/// feature `client` only.
pub(super) fn client_tokens(service: &str, version: &Version) -> TokenStream {
    let errors = Ident::new(names::ERRORS_MODULE, Span::call_site());
    let code = Ident::new(names::ERROR_CODE_ENUM, Span::call_site());
    let api_version = &version.api_version;
    let methods = version.actions.iter().map(|a| {
        let method = format_ident!("{}", a.method);
        let request = Ident::new(&a.request, Span::call_site());
        let response = Ident::new(&a.response, Span::call_site());
        let doc = format!(
            "{}\n\nSends [`{}`]; answers [`{}`].",
            a.rustdoc(),
            a.request,
            a.response
        );
        let doc = doc_attrs(&doc);
        let deprecated = deprecated_attr(a.deprecation().as_deref());
        let stream = a
            .stream
            .map(|end| stream_method_tokens(version, a, end, &deprecated));
        quote! {
            #doc
            #deprecated
            #[inline]
            pub fn #method<'a>(
                &'a self,
                request: &'a #request,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<#response, ::tcapi::Error<#errors::#code>>> + 'a {
                self.client.send(request)
            }
            #stream
        }
    });
    let client_doc = format!(
        " A client of `{service}` version {api_version}: one method per action, each sending its request through [`tcapi::client::Client`] (signing, retries, decoding)."
    );
    let paging = super::paging::paging_methods(version);
    quote! {
        #[doc = #client_doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        pub struct Client {
            client: ::tcapi::client::Client,
        }

        impl Client {
            /// A client of this version on `client` (its credentials, region, endpoint and
            /// retry policy).
            pub fn new(client: ::tcapi::client::Client) -> Self {
                Client { client }
            }

            /// The underlying [`tcapi::client::Client`], to send any request or to configure
            /// one call (`client.client().action(&request).region(..).send()`).
            pub fn client(&self) -> &::tcapi::client::Client {
                &self.client
            }

            #( #methods )*
        }

        #paging
    }
}

/// The `<method>_stream` method of an action that answers with server-sent events.
fn stream_method_tokens(
    version: &Version,
    action: &Action,
    end: StreamEnd,
    deprecated: &TokenStream,
) -> TokenStream {
    let errors = Ident::new(names::ERRORS_MODULE, Span::call_site());
    let code = Ident::new(names::ERROR_CODE_ENUM, Span::call_site());
    let name = format_ident!("{}", names::stream_method_name(&action.method));
    let request = Ident::new(&action.request, Span::call_site());
    let response = Ident::new(&action.response, Span::call_site());
    let asks = version
        .structs
        .iter()
        .find(|s| s.name == action.request)
        .and_then(|s| s.fields.iter().find(|f| f.wire == "Stream"))
        .map(|f| {
            format!(
                " The service streams only when the request asks for it (`{}: Some(true)`); otherwise the stream has one chunk, the whole answer.",
                f.ident
            )
        })
        .unwrap_or_default();
    let ends = match end {
        StreamEnd::FinishReason => "a chunk with a `FinishReason` is the last",
        StreamEnd::IsEnd => "the chunk with `IsEnd` set is the last",
        StreamEnd::Close => "the end of the body is the end of the stream",
    };
    let doc = doc_attrs(&format!(
        "[`{}`](Self::{}), with its answer read as server-sent events: a stream of [`{}`] chunks (each the response's members without its envelope), the RequestId from the `X-TC-RequestId` header; {ends}, so a connection cut before it is an error.{asks} See `tcapi::client::stream` for every fault and its error.",
        action.name, action.method, action.response
    ));
    let end = match end {
        StreamEnd::FinishReason => quote!(::tcapi::client::StreamEnd::FinishReason),
        StreamEnd::IsEnd => quote!(::tcapi::client::StreamEnd::IsEnd),
        StreamEnd::Close => quote!(::tcapi::client::StreamEnd::Close),
    };
    let code = quote!(#errors::#code);
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name<'a>(
            &'a self,
            request: &'a #request,
        ) -> impl ::core::future::Future<Output = ::core::result::Result<::tcapi::client::ChunkStream<#response, #code>, ::tcapi::Error<#code>>> + 'a {
            self.client.send_stream(request, ::tcapi::client::StreamOptions::new(#end))
        }
    }
}
