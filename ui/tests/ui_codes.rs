//! UI tests of `#[tcapi::error_codes]`: each file under `ui/codes` holds one bad table or one
//! misuse and the error it must produce. Regenerate the expectations with
//! `TRYBUILD=overwrite cargo test -p tcapi-ui-tests --test ui_codes` and read the diff.
//!
//! The bad tables under `codes/tables` are copied into trybuild's project folder first, where
//! the cases name them as `tables/<name>.json`: the suite passes wherever the target directory
//! is. Compiler messages change between releases, so the expectations are those of rustc 1.95
//! (see `build.rs`).

use std::path::Path;

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[cfg_attr(
    not(ui_toolchain),
    ignore = "the expected compiler output is rustc 1.95's; see ui/build.rs"
)]
#[test]
fn ui_codes() {
    tcapi_ui_tests::prepare("ui_codes");
    let tables = Path::new(env!("CARGO_MANIFEST_DIR")).join("codes/tables");
    let project = tcapi_ui_tests::trybuild_project_dir(env!("CARGO_TARGET_TMPDIR"));
    let copied = tcapi_ui_tests::copy_files(&tables, &project.join("tables"))
        .unwrap_or_else(|e| panic!("cannot copy the bad tables for trybuild: {e}"));
    assert!(copied > 0, "no bad tables under {}", tables.display());
    trybuild::TestCases::new().compile_fail("codes/*.rs");
}
