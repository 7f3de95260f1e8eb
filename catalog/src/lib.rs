#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod form;
mod format;
mod params;
mod published;

pub use form::{unflatten, FormError, MAX_FORM_INDEX};
pub use format::{
    Action, Example, Member, MemberType, PagingMembers, ProductVersion, ALWAYS_RETURNED, FORMAT,
    REQUIRED,
};

/// The former name of [`PagingMembers`], kept until the test server (split by another branch
/// now) names the new one: `Paging` is the runtime's `tcapi::Paging`.
#[doc(hidden)]
pub use format::PagingMembers as Paging;
pub use params::COMMON_PARAMETERS;
pub use published::PublishedRequest;
