//! The compile-fail suites of tcapi's proc macros (`publish = false`): `tests/ui_codes.rs` runs
//! the cases under `codes/` (`#[tcapi::error_codes]`), `tests/ui_response.rs` those under
//! `response/` (`#[derive(TencentResponse)]`), each case beside the compiler output it must
//! produce.
//!
//! The suites live in a crate of their own because trybuild compiles every case against its
//! crate's dependencies, dev-dependencies included: here those are tcapi and serde, where the
//! integration tests' crate would add the generated SDK crates and the local cloud.
#![forbid(unsafe_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folder trybuild compiles the cases in, `<target>/tests/trybuild/<crate>`: the
/// `CARGO_MANIFEST_DIR` the macro resolves a table's relative path against.
///
/// `target_tmpdir` is the integration test's `CARGO_TARGET_TMPDIR` (`<target>/tmp`), so the
/// folder follows `CARGO_TARGET_DIR` wherever it points.
pub fn trybuild_project_dir(target_tmpdir: &str) -> PathBuf {
    let target = Path::new(target_tmpdir)
        .parent()
        .unwrap_or(Path::new(target_tmpdir));
    target
        .join("tests")
        .join("trybuild")
        .join(env!("CARGO_PKG_NAME"))
}

/// Copies every file of `from` into `into`, creating `into`: the bad tables the `codes` cases
/// name by a path relative to trybuild's project folder.
///
/// # Errors
/// The first file that cannot be listed, read or written, with its path.
pub fn copy_files(from: &Path, into: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(into).map_err(|e| format!("{}: {e}", into.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let mut copied = 0;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", from.display()))?
            .path();
        if path.is_file() {
            let name = path.file_name().unwrap_or_default();
            std::fs::copy(&path, into.join(name))
                .map_err(|e| format!("{} -> {}: {e}", path.display(), into.display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Readies the process for a trybuild suite, and says on the terminal what it is about to do.
///
/// The expected output is rustc's: a compiler wrapper set for the outer build (CI lints with
/// clippy-driver as `RUSTC_WORKSPACE_WRAPPER`) would add its lints to it, so it is unset for
/// trybuild's cargo, which inherits this process's environment. Call it first, from the only
/// test of its binary (the environment is the process's).
///
/// trybuild first builds tcapi and serde once more in `<target>/tests/trybuild`, with cargo's
/// output hidden: after a change to tcapi that takes a minute, which would otherwise look like
/// a hang. Written to stderr directly because the test harness captures `eprintln!`.
pub fn prepare(suite: &str) {
    std::env::remove_var("RUSTC_WORKSPACE_WRAPPER");
    let _ = writeln!(
        std::io::stderr().lock(),
        "{suite}: trybuild compiles each case against tcapi (after a change to tcapi, it first \
         rebuilds tcapi and serde in <target>/tests/trybuild: a minute or so)"
    );
}
