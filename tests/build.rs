//! Sets `cfg(tcapi_sdk_crates)` for the README's doctests, and `cfg(shared_data)` where the
//! reference data is beside the repository (`scripts/build/reference_data.rs`).

include!("../scripts/build/reference_data.rs");

fn main() {
    // The README's first example uses a generated crate (tcapi-cvm), which tcapi cannot
    // depend on: its doctest compiles here (`src/lib.rs`), where this cfg is set, and to
    // nothing in tcapi's own doctests, where it is not.
    println!("cargo::rustc-check-cfg=cfg(tcapi_sdk_crates)");
    println!("cargo::rustc-cfg=tcapi_sdk_crates");
    reference_data();
}
