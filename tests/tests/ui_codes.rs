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
    if !on_pinned_toolchain() {
        return;
    }
    trybuild::TestCases::new().compile_fail("ui/codes/*.rs");
}

/// The expectations were written by rustc 1.95; another compiler words its errors differently.
fn on_pinned_toolchain() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    match version {
        Ok(v) if v.starts_with("rustc 1.95.") => true,
        other => {
            eprintln!("skipping UI tests: their expectations are rustc 1.95's, this is {other:?}");
            false
        }
    }
}
