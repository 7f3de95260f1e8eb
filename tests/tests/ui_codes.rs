//! UI tests of `#[tcapi::error_codes]`: each file under tests/ui/codes holds one bad table or
//! one misuse and the error it must produce. Regenerate the expectations with
//! `TRYBUILD=overwrite cargo test -p tcapi-tests --test ui_codes` and read the diff.
//!
//! The bad tables are found relative to trybuild's project directory, which is
//! `<target>/tests/trybuild/tcapi-tests`: run with the default target directory. Compiler
//! messages change between releases, so the expectations are those of rustc 1.95.

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[test]
fn ui_codes() {
    if !tcapi_tests::on_pinned_toolchain() {
        return;
    }
    trybuild::TestCases::new().compile_fail("ui/codes/*.rs");
}
