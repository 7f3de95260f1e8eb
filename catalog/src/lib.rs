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

pub use params::COMMON_PARAMETERS;
pub use published::PublishedRequest;
