//! The committed crates under `sdk/` are exactly what the generator makes of the pinned
//! specs: regenerating every product gives the same files, byte for byte, no committed file
//! is left over, and every committed `.rs` file parses.
//!
//! Needs the specs (`../shared/data`, beside the repository): where they are absent the test is
//! ignored with that reason (build.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tcapi_codegen::sdk::{self, emit, Options};

/// How many differing files the failure lists before it stops.
const SHOWN: usize = 20;

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    out
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn committed_crates_are_what_the_pinned_specs_generate() {
    let committed = crate::common::repository().join("sdk");
    assert!(
        committed.join("Cargo.toml").is_file(),
        "{} holds no generated crates",
        committed.display()
    );
    let started = Instant::now();
    // `sdk::generate` of every product, from the models the other tests share.
    let generated = sdk::emit_crates(crate::common::plans(), &Options::default()).unwrap();
    let generating = started.elapsed();

    let mut differences = Vec::new();
    // What is committed must parse (when it differs, it is parsed all the same).
    let mut to_parse = Vec::new();
    for (product, files) in &generated {
        let dir = committed.join(product);
        if !dir.is_dir() {
            differences.push(format!("sdk/{product}/: not committed"));
            continue;
        }
        let expected: BTreeSet<PathBuf> = files.keys().cloned().collect();
        for stale in files_under(&dir).difference(&expected) {
            differences.push(format!(
                "sdk/{product}/{}: committed, but not generated",
                stale.display()
            ));
        }
        for (path, text) in files {
            let label = format!("sdk/{product}/{}", path.display());
            match std::fs::read_to_string(dir.join(path)) {
                Ok(committed) => {
                    if committed != *text {
                        differences.push(format!("{label}: differs"));
                    }
                    if path.extension().is_some_and(|e| e == "rs") {
                        to_parse.push((label, committed));
                    }
                }
                Err(e) => differences.push(format!("{label}: {e}")),
            }
        }
    }
    let parsed = to_parse.len();
    // 180 MB of Rust: 25 s on one core.
    let unparsable = sdk::on_every_core(&to_parse, |(label, text)| {
        let e = syn::parse_file(text).err()?;
        Some(format!("{label}: does not parse: {e}"))
    });
    differences.extend(unparsable.into_iter().flatten());
    let products: Vec<String> = generated.keys().cloned().collect();
    let workspace = std::fs::read_to_string(committed.join("Cargo.toml")).unwrap_or_default();
    if workspace != emit::workspace_toml(&products) {
        differences.push("sdk/Cargo.toml: differs from the workspace of every product".into());
    }
    for entry in std::fs::read_dir(&committed).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && !generated.contains_key(&name) {
            differences.push(format!("sdk/{name}/: no spec has this product"));
        }
    }
    eprintln!(
        "sdk_drift: {} crates generated in {:.1} s, compared and {parsed} files parsed in {:.1} s",
        generated.len(),
        generating.as_secs_f64(),
        (started.elapsed() - generating).as_secs_f64()
    );
    let count = differences.len();
    differences.truncate(SHOWN);
    assert!(
        count == 0,
        "{count} generated files differ from sdk/ (the first {}):\n{}\n\
         regenerate with `cargo run -p tcapi-codegen -- sdk --spec-dir ../shared/data --out sdk --all`",
        differences.len(),
        differences.join("\n")
    );
}
