//! Decides whether the UI suites can run: their expected compiler output is rustc 1.95's, and
//! every release rewords some errors. On another compiler the suites are marked ignored (so the
//! test summary says so) and cargo prints a warning; where `TCAPI_REQUIRE_UI_TESTS` is set, as
//! in CI, another compiler fails the build instead, so the suites can never silently not run.

use std::process::Command;

const PINNED: &str = "rustc 1.95.";

fn main() {
    println!("cargo::rerun-if-env-changed=TCAPI_REQUIRE_UI_TESTS");
    println!("cargo::rerun-if-env-changed=RUSTC");
    println!("cargo::rustc-check-cfg=cfg(ui_toolchain)");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|e| format!("unknown ({rustc} --version failed: {e})"));
    if version.starts_with(PINNED) {
        println!("cargo::rustc-cfg=ui_toolchain");
    } else if std::env::var_os("TCAPI_REQUIRE_UI_TESTS").is_some() {
        eprintln!(
            "TCAPI_REQUIRE_UI_TESTS is set, but the UI suites' expectations are {PINNED}x's \
             and this compiler is {version}"
        );
        std::process::exit(1);
    } else {
        println!(
            "cargo::warning=the UI suites (ui_codes, ui_response) are ignored: their \
             expectations are {PINNED}x's and this compiler is {version}"
        );
    }
}
