//! The test server's committed catalog (`testserver/src/catalog/`) is exactly what the
//! generator makes of the pinned specs and examples: regenerating it gives the same files,
//! byte for byte, and no committed data file is left over.
//!
//! Needs the specs (`../shared/data`, beside the repository); where they are absent the
//! test is ignored with that reason (build.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tcapi_codegen::cloud::{self as generate, DATA_DIR};

/// How many differing files the failure lists before it stops.
const SHOWN: usize = 20;

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn committed_catalog_is_what_the_pinned_specs_generate() {
    let committed = crate::common::repository().join("testserver/src/catalog");
    let started = Instant::now();
    // `cloud::generate`, from the models the other tests share.
    let generated = generate::catalog(crate::common::plans()).unwrap();
    eprintln!(
        "cloud_drift: generated in {:.1} s\n{}",
        started.elapsed().as_secs_f64(),
        generated.report
    );

    let mut differences = Vec::new();
    for (path, bytes) in &generated.files {
        match std::fs::read(committed.join(path)) {
            Ok(found) if found == *bytes => {}
            Ok(_) => differences.push(format!("{}: differs", path.display())),
            Err(e) => differences.push(format!("{}: {e}", path.display())),
        }
    }
    let paths: BTreeSet<&Path> = generated.files.keys().map(PathBuf::as_path).collect();
    for entry in std::fs::read_dir(committed.join(DATA_DIR)).unwrap() {
        let path = entry.unwrap().path();
        let relative = Path::new(DATA_DIR).join(path.file_name().unwrap());
        if !paths.contains(relative.as_path()) {
            differences.push(format!(
                "{}: committed, but not generated",
                relative.display()
            ));
        }
    }
    let count = differences.len();
    differences.truncate(SHOWN);
    assert!(
        count == 0,
        "{count} catalog files differ from testserver/src/catalog (the first {}):\n{}\n\
         regenerate with `cargo run -p tcapi-codegen -- cloud --spec-dir ../shared/data --out testserver/src/catalog`",
        differences.len(),
        differences.join("\n")
    );
}
