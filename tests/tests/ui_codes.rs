//! UI tests of `#[tcapi::error_codes]`: each file under tests/ui/codes holds one bad table or
//! one misuse and the error it must produce. Regenerate the expectations with
//! `TRYBUILD=overwrite cargo test -p tcapi-tests --test ui_codes` and read the diff.
//!
//! The bad tables are found relative to trybuild's project directory, which is
//! `<target>/tests/trybuild/tcapi-tests`: run with the default target directory. Compiler
//! messages change between releases, so the expectations are those of rustc 1.95 (see
//! `build.rs`).

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[cfg_attr(
    not(ui_toolchain),
    ignore = "the expected compiler output is rustc 1.95's; see tests/build.rs"
)]
#[test]
fn ui_codes() {
    tcapi_tests::announce_ui_suite("ui_codes");
    trybuild::TestCases::new().compile_fail("ui/codes/*.rs");
}
