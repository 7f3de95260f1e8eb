//! The generated code is clean under strict lints in the user's crate: `cargo clippy
//! --all-targets` (run by CI) compiles this file with every lint below denied.
#![deny(
    unused_qualifications,
    missing_docs,
    rust_2018_idioms,
    clippy::all,
    clippy::pedantic
)]

/// Error codes of the AI Art API.
#[tcapi::error_codes(product = "aiart")]
pub enum AiartCode {}

/// Error codes of a table read from a path.
#[tcapi::error_codes(path = "../codes/tables/gme-2018-07-11.json", common = false)]
pub(crate) enum GmeCode {}

#[test]
fn strict_lints_accept_generated_enums() {
    use tcapi::ErrorCode as _;
    assert_eq!(AiartCode::parse("InternalError"), AiartCode::InternalError);
    assert!(!GmeCode::ALL.is_empty());
}
