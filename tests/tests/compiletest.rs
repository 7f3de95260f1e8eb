//! UI tests of `#[derive(TencentResponse)]`: each file under tests/ui/response holds one mistake and the error it must produce.
//! Regenerate expectations with `TRYBUILD=overwrite cargo test -p tcapi-tests --test compiletest`.
//! The tests of `#[tcapi::error_codes]` are in ui_codes.rs.

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[test]
fn ui() {
    if !tcapi_tests::on_pinned_toolchain() {
        return;
    }
    trybuild::TestCases::new().compile_fail("ui/response/*.rs");
}
