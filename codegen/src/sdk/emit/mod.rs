//! Stage 4: a crate's model printed as files: `Cargo.toml`, `src/lib.rs` and, per version,
//! a module a reader can browse (`version.rs` says which file holds what). The code is built
//! as tokens and printed with `prettyplease`, so it is formatted and deterministic (the model
//! is sorted; nothing here iterates a hash map). This module prints the crate's files;
//! `version.rs` a version's files, `structs.rs` the types, `client.rs` the `Action` impls and
//! the `Client`, `paging.rs` the paging glue, `floor.rs` the benchmarks' plain-serde twins.

mod client;
mod floor;
mod paging;
mod print;
mod structs;
mod version;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::model::{Crate, Version};

pub use floor::floor_module;
use print::print;
pub use print::HEADER;

/// How the generated crate depends on the runtime.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `tcapi` dependency as a TOML inline table or version string
    /// (`{ path = "../../runtime", version = "=0.1.0" }`).
    pub tcapi_dependency: String,
    /// The crates' version.
    pub version: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            // The layout of the repository: `sdk/<product>/` beside `runtime/`.
            tcapi_dependency: r#"{ path = "../../runtime", version = "=0.1.0" }"#.to_owned(),
            version: "0.1.0".to_owned(),
        }
    }
}

/// The files of a crate, by path relative to the crate's directory.
pub fn crate_files(krate: &Crate, options: &Options) -> Result<BTreeMap<PathBuf, String>, String> {
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("Cargo.toml"), cargo_toml(krate, options));
    files.insert(PathBuf::from("src/lib.rs"), print(lib_rs(krate))?);
    for version in &krate.versions {
        for (path, tokens) in version::files(&krate.product, version) {
            files.insert(path, print(tokens)?);
        }
    }
    Ok(files)
}

/// The manifest of the workspace of the generated crates (`sdk/Cargo.toml`): its own, so
/// the root workspace's `cargo test --workspace` does not build every product.
pub fn workspace_toml(members: &[String]) -> String {
    let mut out = format!("# {HEADER}\n\n[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in members {
        out += &format!("    {},\n", toml_string(member));
    }
    out += "]\n";
    out
}

fn toml_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// The version re-exported at the root: the newest the China site publishes, else the
/// newest of the international site.
fn newest(krate: &Crate) -> Option<&Version> {
    let china = krate.versions.iter().rev().find(|v| v.on_china_site);
    china.or(krate.versions.last())
}

fn cargo_toml(krate: &Crate, options: &Options) -> String {
    let newest = newest(krate).map(|v| v.module.as_str());
    let mut out = format!("# {HEADER}\n#\n# Generated from (spec file, sha256):\n");
    for source in krate.versions.iter().flat_map(|v| &v.sources) {
        out += &format!("#   {} {}\n", source.name, source.sha256);
    }
    out += "\n[package]\n";
    out += &format!("name = {}\n", toml_string(&krate.package));
    out += &format!("version = {}\n", toml_string(&options.version));
    out += "edition = \"2021\"\nlicense = \"Apache-2.0\"\n";
    out += &format!(
        "description = {}\n",
        toml_string(&format!(
            "Tencent Cloud API 3.0: the `{}` product's requests and responses",
            krate.product
        ))
    );
    out += &format!("\n[lib]\nname = {}\n", toml_string(&krate.lib));
    out += "\n# One feature per API version; the default is the one re-exported at the root.\n[features]\n";
    out += &format!(
        "default = [{}\"client\"]\n",
        newest.map(|v| toml_string(v) + ", ").unwrap_or_default()
    );
    for version in &krate.versions {
        out += &format!("{} = []\n", version.module);
    }
    out += "# Each version's `Client`, on tcapi's HTTP client.\nclient = [\"tcapi/client\"]\n";
    out += "# `Serialize` and `Deserialize` on every type (wire names, lenient scalars).\nserde = []\n";
    out += &format!("\n[dependencies]\ntcapi = {}\n", options.tcapi_dependency);
    out
}

fn lib_rs(krate: &Crate) -> TokenStream {
    let about = format!(
        "Requests and responses of the Tencent Cloud API product `{}`, one module per API version (each behind the Cargo feature of its name).",
        krate.product
    );
    // `rustfmt::skip`: the modules are printed by prettyplease, whose layout is not
    // rustfmt's, and `cargo fmt --all` in a workspace that path-depends on a generated crate
    // formats it too; the committed files must stay exactly what the generator prints.
    let modules = krate.versions.iter().map(|v| {
        let module = Ident::new(&v.module, Span::call_site());
        let feature = &v.module;
        let doc = format!(" API version {}.", v.api_version);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let newest = newest(krate).map(|v| {
        let module = Ident::new(&v.module, Span::call_site());
        let feature = &v.module;
        quote! {
            #[cfg(feature = #feature)]
            pub use #module::*;
        }
    });
    let about_line = format!(" {about}");
    quote! {
        #![doc = #about_line]
        #![doc = ""]
        #![doc = " The newest version (of the China site, where both sites publish the product) is re-exported here."]
        #![forbid(unsafe_code)]
        #( #modules )*
        #newest
    }
}
