//! Sets `cfg(official_sdks)` where `TCAPI_OFFICIAL_SDKS` names the folder
//! `tests/official/install.sh` fills: `tests/e2e/official_sdks.rs` runs the official SDKs from
//! there, and is ignored with that reason without it.

fn main() {
    println!("cargo::rerun-if-env-changed=TCAPI_OFFICIAL_SDKS");
    println!("cargo::rustc-check-cfg=cfg(official_sdks)");
    if std::env::var_os("TCAPI_OFFICIAL_SDKS").is_some() {
        println!("cargo::rustc-cfg=official_sdks");
    }
}
