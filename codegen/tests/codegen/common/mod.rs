//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A directory under the system temp dir, deleted on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("tcapi-codegen-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The error-code data's directory, tcapi-codes' (tables/, sources/, categories.json,
/// overrides.json).
pub fn data_dir() -> PathBuf {
    tcapi_codes::builtin::data_dir()
}

/// The repository's root.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The reference data folder, `../shared/data` beside the repository (`TCAPI_SHARED_DATA`, from
/// build.rs). The tests that read it are ignored where it is absent (`cfg(shared_data)`).
pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("TCAPI_SHARED_DATA"))
}

/// Every file name of a directory, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts two directories hold the same file names with byte-identical contents.
pub fn assert_same_files(expected: &Path, actual: &Path) {
    let (want, got) = (file_names(expected), file_names(actual));
    let missing: Vec<&String> = want.iter().filter(|n| !got.contains(n)).collect();
    let extra: Vec<&String> = got.iter().filter(|n| !want.contains(n)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing files {missing:?}, extra files {extra:?}"
    );
    for name in &want {
        let (a, b) = (
            std::fs::read(expected.join(name)).unwrap(),
            std::fs::read(actual.join(name)).unwrap(),
        );
        assert!(a == b, "{name} differs from the committed table");
    }
}

/// Runs the `tcapi-codegen` binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tcapi-codegen"))
        .args(args)
        .output()
        .unwrap()
}

/// stdout and stderr of an output, as text.
pub fn texts(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The corpus as raw JSON values, one per line.
pub fn corpus() -> Vec<serde_json::Value> {
    std::fs::read_to_string(data_dir().join("sources/tencent-error-codes.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A committed table as a raw JSON value.
pub fn raw_table(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data_dir().join("tables").join(name)).unwrap())
        .unwrap()
}

/// Every committed table file as (file name, raw JSON).
pub fn raw_tables() -> Vec<(String, serde_json::Value)> {
    file_names(&data_dir().join("tables"))
        .into_iter()
        .map(|n| {
            let v = raw_table(&n);
            (n, v)
        })
        .collect()
}

/// Every product's merged specs of [`shared_data`], read once for every test of this binary
/// that needs them (each read is 126 MB of JSON).
pub fn specs(
) -> &'static std::collections::BTreeMap<String, Vec<tcapi_codegen::sdk::site::MergedSpec>> {
    static SPECS: std::sync::OnceLock<
        std::collections::BTreeMap<String, Vec<tcapi_codegen::sdk::site::MergedSpec>>,
    > = std::sync::OnceLock::new();
    SPECS.get_or_init(|| tcapi_codegen::sdk::site::product_specs(&shared_data()).unwrap())
}

/// Every product's complete model ([`tcapi_codegen::sdk::plans`] of [`specs`]), planned once
/// for every test of this binary that needs one.
pub fn plans() -> &'static [tcapi_codegen::sdk::model::Crate] {
    static PLANS: std::sync::OnceLock<Vec<tcapi_codegen::sdk::model::Crate>> =
        std::sync::OnceLock::new();
    PLANS.get_or_init(|| tcapi_codegen::sdk::plans_from(specs(), &[]).unwrap())
}

/// The generated files of `products`' crates, by product then path: what
/// `sdk::generate(&shared_data(), products, options)` gives, from the models of [`plans`].
pub fn generated(
    products: &[&str],
    options: &tcapi_codegen::sdk::Options,
) -> std::collections::BTreeMap<String, std::collections::BTreeMap<PathBuf, String>> {
    let models: Vec<tcapi_codegen::sdk::model::Crate> = products
        .iter()
        .map(|product| {
            plans()
                .iter()
                .find(|model| model.product == *product)
                .unwrap_or_else(|| panic!("no product `{product}`"))
                .clone()
        })
        .collect();
    tcapi_codegen::sdk::emit_crates(&models, options).unwrap()
}
