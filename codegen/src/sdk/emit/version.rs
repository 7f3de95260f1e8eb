//! A version module as files a reader can browse:
//!
//! - `src/v<YYYYMMDD>.rs`, the module page: the version's docs (room for a guide), its
//!   files, the error codes, then the requests (what a user builds), and what they
//!   implement (`Action`, `Paginated`);
//! - `src/v<YYYYMMDD>/models.rs`: the objects requests and responses hold;
//! - `src/v<YYYYMMDD>/responses.rs`: what each action answers;
//! - `src/v<YYYYMMDD>/client.rs`: the `Client`, with its paging and streaming methods, under
//!   the feature `client`.
//!
//! The files beside the page are private modules whose items the page re-exports, so every
//! type keeps its path (`tcapi_cvm::v20170312::DescribeInstancesResponse`) and its rustdoc
//! page.
//!
//! The layout came in two regenerations, each a submission of its own: before, all of a
//! version was one file, its structs in one alphabetical list, and git's diff of a file that
//! loses most of its interleaved structs is about twice the minimal one. Moving everything at
//! once measured 300 MB of diff (`git diff | wc -c`), past the 256 MiB a submission may
//! carry; the responses and the client went first (196 MB), the models second.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{client, paging, structs};
use crate::sdk::docs;
use crate::sdk::model::{Codes, Role, Version};
use crate::sdk::names;

/// A file beside the module page: a private module whose items the page re-exports.
struct Beside {
    /// The module's name.
    module: &'static str,
    /// The Cargo feature it is compiled with, if not always.
    feature: Option<&'static str>,
    /// Its inner doc, for the reader of the file.
    about: String,
    /// Its items, `None` when it has none (no file then).
    body: Option<TokenStream>,
}

/// The files of `version` (by path relative to the crate's directory) as tokens; a file
/// beside the page is left out when it would be empty.
pub(super) fn files(product: &str, version: &Version) -> Vec<(PathBuf, TokenStream)> {
    let responses = structs_of(version, Role::Response);
    let models = structs_of(version, Role::Model);
    let client = client::client_tokens(product, version);
    // Responses refer to the error codes and the models, the client to the requests and
    // responses; models mostly to models only, and a glob import nothing uses would warn.
    let models_import = models_refer_outside(version).then(|| quote! { use super::*; });
    let beside = [
        Beside {
            module: names::MODELS_MODULE,
            feature: None,
            about: format!(
                " The models of API version {}: the objects its requests and responses hold.",
                version.api_version
            ),
            body: (!models.is_empty()).then(|| quote! { #models_import #( #models )* }),
        },
        Beside {
            module: names::RESPONSES_MODULE,
            feature: None,
            about: format!(
                " The responses of API version {}: what each action answers, without its envelope.",
                version.api_version
            ),
            body: (!responses.is_empty()).then(|| quote! { use super::*; #( #responses )* }),
        },
        Beside {
            module: names::CLIENT_MODULE,
            feature: Some("client"),
            about: format!(
                " The `Client` of API version {}: a method per action, with its paging and streaming methods.",
                version.api_version
            ),
            body: Some(quote! { use super::*; #client }),
        },
    ];
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for Beside {
        module,
        feature,
        about,
        body,
    } in beside
    {
        let Some(body) = body else { continue };
        let module = Ident::new(module, Span::call_site());
        let cfg = feature.map(|feature| quote! { #[cfg(feature = #feature)] });
        // `rustfmt::skip`, as on the version module itself (see `lib_rs`).
        modules.push(quote! {
            #cfg
            #[rustfmt::skip]
            mod #module;
            #cfg
            pub use self::#module::*;
        });
        files.push((
            PathBuf::from(format!("src/{}/{}.rs", version.module, module)),
            quote! {
                #![doc = #about]
                #body
            },
        ));
    }
    files.insert(
        0,
        (
            PathBuf::from(format!("src/{}.rs", version.module)),
            page(product, version, &modules),
        ),
    );
    files
}

/// The structs of `version` with `role`, in the model's (alphabetical) order.
fn structs_of(version: &Version, role: Role) -> Vec<TokenStream> {
    version
        .structs
        .iter()
        .filter(|s| s.role == role)
        .map(structs::struct_tokens)
        .collect()
}

/// Whether a model of `version` holds a struct that is not a model (a request's or a
/// response's type used as a member), which the models' file then imports from the page.
fn models_refer_outside(version: &Version) -> bool {
    let models: BTreeSet<&str> = version
        .structs
        .iter()
        .filter(|s| s.role == Role::Model)
        .map(|s| s.name.as_str())
        .collect();
    version
        .structs
        .iter()
        .filter(|s| s.role == Role::Model)
        .flat_map(|s| &s.fields)
        .filter_map(|field| field.ty.object_name())
        .any(|name| !models.contains(name))
}

/// The module page: the version's docs, its files, its error codes, its requests (in the
/// model's order), the requests' `Action` and `Paginated` impls, and the hidden visitor of
/// every request type.
fn page(product: &str, version: &Version, modules: &[TokenStream]) -> TokenStream {
    let about = format!(
        " API version {}. {}\n\n{}",
        version.api_version,
        docs::markdown(&version.title),
        docs::convention()
    );
    let errors = Ident::new(names::ERRORS_MODULE, Span::call_site());
    let code = Ident::new(names::ERROR_CODE_ENUM, Span::call_site());
    let codes = match &version.codes {
        Codes::Table { product, version } => quote! {
            /// The error codes of this version: its table, plus the common codes.
            #[::tcapi::error_codes(product = #product, version = #version)]
            pub enum #code {}
        },
        Codes::Latest { product } => quote! {
            /// The error codes of this version: the product's latest table (none is published
            /// for this version), plus the common codes.
            #[::tcapi::error_codes(product = #product)]
            pub enum #code {}
        },
        Codes::Common => quote! {
            /// The error codes of this version: the product publishes none, so the common codes.
            pub type #code = ::tcapi::CommonCode;
        },
    };
    let requests = structs_of(version, Role::Request);
    let actions = client::action_impls(product, version);
    let paginated = paging::paginated_impls(version);
    let visitor = client::visitor(version);
    quote! {
        #![doc = #about]
        // Spec names are kept as published (`GetWsTokenReq_Label`); see the naming rules.
        #![allow(non_camel_case_types)]
        // The derives read and write every field, disabled members (`#[deprecated]`) too.
        #![allow(deprecated)]
        // Spec prose holds lines after a list item that clippy would ask to indent; the prose
        // is Tencent's, kept as written.
        #![allow(clippy::doc_lazy_continuation)]

        #( #modules )*

        /// The error codes responses of this version are decoded with.
        pub mod #errors {
            #codes
        }

        #( #requests )*

        #actions

        #paginated

        #visitor
    }
}
