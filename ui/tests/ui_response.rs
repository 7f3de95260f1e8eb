//! UI tests of `#[derive(TencentResponse)]`: each file under `ui/response` holds one mistake and
//! the error it must produce. Regenerate the expectations with
//! `TRYBUILD=overwrite cargo test -p tcapi-ui-tests --test ui_response` and read the diff.
//! The tests of `#[tcapi::error_codes]` are in ui_codes.rs. Compiler messages change between
//! releases, so the expectations are those of rustc 1.95 (see `build.rs`).

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[cfg_attr(
    not(ui_toolchain),
    ignore = "the expected compiler output is rustc 1.95's; see ui/build.rs"
)]
#[test]
fn ui_response() {
    tcapi_ui_tests::prepare("ui_response");
    trybuild::TestCases::new().compile_fail("response/*.rs");
}
