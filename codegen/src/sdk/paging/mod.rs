//! Which actions page, and how: inferred from the spec (which has no pagination marker) by
//! [`infer`](mod@infer), then corrected by the override file `sdk-paging.json` ([`overrides`]), where
//! each entry says why. What it decides is each action's
//! [`Pagination`](super::model::Pagination) in the model.
//!
//! # Convention (for users of the generated crates)
//!
//! For every action that pages, the version's `Client` has two methods beside the action's
//! own (`describe_instances`), named after it with a suffix:
//!
//! - `describe_instances_pages(&request)`: a `Stream` of `Result<DescribeInstancesResponse, _>`,
//!   one element per page, starting at the page the request asks for;
//! - `describe_instances_items(&request)`: a `Stream` of `Result<Instance, _>`, the items of
//!   every page in order.
//!
//! and the request type implements `tcapi::Paginated` (the streams are
//! `tcapi::client::Client::pages` and `items`; see `tcapi::paginate` for when they end).
//! Generation fails if a suffixed name ([`names::paging_method_names`]) is taken by another
//! action's method ([`check_method_names`]).
//!
//! # Inference
//!
//! Members the spec marks `disabled` are ignored. The paging members of the request are
//! always its direct members. The items, the total and the next token sit together in one
//! object, the *page object*: the response itself, or one object member of it.
//!
//! - **Direct**: when the response has a list member, the response is the page object.
//! - **One level down**: when it has none, the page object is the one object member of the
//!   response whose object has a list (`Response.Data` with `Data.List` and
//!   `Data.TotalCount`); with two or more such members the action is ambiguous: not paged.
//!   Deeper levels are not searched. By inference alone, this rule pages 305 actions of
//!   the merged specs that the direct one leaves (2,116 paged without it, 2,421 with it).
//!
//! The page object must have exactly one list member (the items), and the action must match
//! exactly one of these rules (two is ambiguous: not paged), with the total and the next
//! token taken from the page object:
//!
//! - **Offset**: integer `Offset` and `Limit` in the request, and a total
//!   ([`infer::TOTAL_NAMES`], an integer) in the page object.
//! - **Page number**: an integer page number ([`infer::PAGE_NUMBER_NAMES`]) and `PageSize` in
//!   the request, and a total in the page object. Pages count from 1, or from 0 where the
//!   page number's documentation says so ([`infer::counts_from_zero`]: 34 actions).
//! - **Token**: a string token in the request ([`infer::TOKEN_NAMES`], or a name ending in
//!   `Marker`) and a string of the same name, or `Next` + that name, in the page object
//!   (`Cursor` → `NextCursor`).
//!
//! A total is required for the first two because without one a list that happens to sit
//! beside `Offset` and `Limit` is too weak a sign; the override file turns such actions on.

pub mod infer;
pub mod overrides;

use std::collections::BTreeMap;

use super::model::Crate;
use super::names;
use super::spec::SpecError;

pub use infer::{counts_from_zero, infer};
pub use overrides::PagingOverride;

/// The override file, beside the crate's other hand-curated data.
pub fn overrides_path() -> std::path::PathBuf {
    crate::data::paging_overrides_path()
}

/// Checks that no paging method of a version takes the name of another method; the error
/// points at the override file, where the fix goes.
pub fn check_method_names(krate: &Crate) -> Result<(), SpecError> {
    for version in &krate.versions {
        let methods: BTreeMap<&str, &str> = version
            .actions
            .iter()
            .map(|a| (a.method.as_str(), a.name.as_str()))
            .collect();
        for action in version.actions.iter().filter(|a| a.paging.is_some()) {
            for name in names::paging_method_names(&action.method) {
                if let Some(other) = methods.get(name.as_str()) {
                    return Err(SpecError::Invalid {
                        file: overrides_path(),
                        at: format!("{} {} {}", krate.product, version.api_version, action.name),
                        message: format!(
                            "its paging method `{name}` is the method of `{other}`; add an entry turning its paging off"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}
