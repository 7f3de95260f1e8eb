// Included (`include!`) by the build scripts of the crates whose tests read the reference data:
// the published specs and examples in `../shared/data`, beside the repository, which users and
// contributors do not have. Where the folder is present the build sets `cfg(shared_data)`;
// where it is absent the tests that need it are ignored with that reason (they say
// `#[cfg_attr(not(shared_data), ignore = "...")]`), so the summary counts them as ignored and
// never as passed, and cargo prints a warning. Where `TCAPI_REQUIRE_SHARED_DATA` is set, as in
// CI, absence fails the build instead. `TCAPI_SHARED_DATA` is the folder's path, set either way.

/// The folders of `../shared/data` the tests read.
const REFERENCE_DATA_FOLDERS: [&str; 2] = ["specs", "specs-examples"];

fn reference_data() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rerun-if-env-changed=TCAPI_REQUIRE_SHARED_DATA");
    let manifest_dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    println!(
        "cargo::rerun-if-changed={}",
        manifest_dir.join("../scripts/build/reference_data.rs").display()
    );
    let data = manifest_dir.join("../../shared/data");
    println!("cargo::rustc-env=TCAPI_SHARED_DATA={}", data.display());
    let missing: Vec<&str> = REFERENCE_DATA_FOLDERS
        .into_iter()
        .filter(|folder| !data.join(folder).is_dir())
        .collect();
    if missing.is_empty() {
        println!("cargo::rustc-cfg=shared_data");
        for folder in REFERENCE_DATA_FOLDERS {
            println!("cargo::rerun-if-changed={}", data.join(folder).display());
        }
    } else if std::env::var_os("TCAPI_REQUIRE_SHARED_DATA").is_some() {
        eprintln!(
            "TCAPI_REQUIRE_SHARED_DATA is set, but {} lacks {}",
            data.display(),
            missing.join(" and ")
        );
        std::process::exit(1);
    } else {
        // Watching an absent path would rerun this script, and rebuild the crate, on every
        // build: adding the folder later needs `cargo clean -p <this crate>`.
        println!(
            "cargo::warning=the tests that read {} are ignored: it lacks {} (after adding it, \
             `cargo clean -p {}`)",
            data.display(),
            missing.join(" and "),
            std::env::var("CARGO_PKG_NAME").unwrap_or_default()
        );
    }
}
