#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// The generators, from Tencent's API specs.
pub mod cloud;
pub mod sdk;

// The error-code tools: importer, checker, explainer, and the importer's overrides.
pub mod check;
pub mod explain;
pub mod import;
pub mod overrides;

// Data the tools and generators read, each stated once, and where their files are.
pub mod action_index;
pub mod data;
pub mod streaming;

pub use overrides::Overrides;
