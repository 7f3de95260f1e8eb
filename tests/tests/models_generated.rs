//! The generator of `src/models/`: response types for every action of the seed products that
//! has a recorded example body, from the API specs in `fixtures/apispec/`.
//!
//! The test fails when the committed models differ from what the specs give; run it with
//! `TCAPI_BLESS=1` to rewrite them. Every field is `Option` (the specs' `required` flags do not
//! hold in the recorded bodies: see the data README), nested objects are boxed (some specs are
//! recursive), and keys that the derive's PascalCase default would not produce get an explicit
//! `#[tencent(rename)]`. Nested objects stay plain serde structs (so the benchmarks' plain serde
//! floor stays plain) with a rename on every field, and say so with `impl tcapi::Model`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `(module, spec file)` for each product with recorded examples.
fn products() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("apispec")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let product = stem.split('-').next().unwrap().to_owned();
        out.push((product, path));
    }
    out.sort();
    out
}

/// The actions of a product with at least one example body.
fn example_actions(product: &str) -> BTreeSet<String> {
    let dir = fixtures().join("seed-examples").join(product);
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_str()
                .unwrap()
                .split("__")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn field_name(key: &str) -> String {
    let snake = key.to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else if matches!(snake.as_str(), "self" | "super" | "crate")
        || snake.starts_with(|c: char| c.is_ascii_digit())
    {
        format!("f_{snake}")
    } else {
        snake
    }
}

fn rust_type(member: &Value, objects: &BTreeMap<String, Value>) -> String {
    let element = member["member"].as_str().unwrap_or("string");
    let scalar = |t: &str| -> String {
        match t {
            "int64" | "int" => "i64".into(),
            "uint64" => "u64".into(),
            "float" | "double" => "f64".into(),
            "bool" => "bool".into(),
            other if objects.contains_key(other) => format!("::std::boxed::Box<{other}>"),
            _ => "::std::string::String".into(),
        }
    };
    match member["type"].as_str().unwrap() {
        "list" => format!(
            "::std::vec::Vec<{}>",
            scalar(element)
                .trim_start_matches("::std::boxed::Box<")
                .trim_end_matches('>')
        ),
        "object" => scalar(element),
        "int" => scalar(if element == "uint64" {
            "uint64"
        } else {
            "int64"
        }),
        "float" => "f64".into(),
        "bool" => "bool".into(),
        _ => "::std::string::String".into(),
    }
}

fn generate_product(product: &str, spec_path: &Path) -> String {
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(spec_path).unwrap()).unwrap();
    let objects: BTreeMap<String, Value> = spec["objects"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let actions = example_actions(product);
    let mut responses = BTreeMap::new();
    for action in &actions {
        let output = spec["actions"][action]["output"]
            .as_str()
            .unwrap_or_else(|| panic!("{product} {action}"));
        responses.insert(action.clone(), output.to_owned());
    }
    // Every object reachable from the responses.
    let mut needed = BTreeSet::new();
    let mut stack: Vec<String> = responses.values().cloned().collect();
    while let Some(name) = stack.pop() {
        for m in objects[&name]["members"].as_array().unwrap() {
            if let Some(t) = m["member"].as_str() {
                if objects.contains_key(t) && needed.insert(t.to_owned()) {
                    stack.push(t.to_owned());
                }
            }
        }
    }
    let response_names: BTreeSet<&String> = responses.values().collect();

    let mut out = String::new();
    writeln!(
        out,
        "//! Generated by `tests/models_generated.rs` from `fixtures/apispec/{}`: do not edit.",
        spec_path.file_name().unwrap().to_str().unwrap()
    )
    .unwrap();
    writeln!(
        out,
        "#![allow(missing_docs, clippy::all, clippy::pedantic)]
// Spec objects are named `Option`, `String`...: every std type below is written in full.\n"
    )
    .unwrap();
    writeln!(out, "use serde::Deserialize;\n").unwrap();
    writeln!(out, "/// The error codes of `{product}`.\n#[tcapi::error_codes(product = \"{product}\")]\npub enum Code {{}}\n").unwrap();
    for name in needed.iter().chain(response_names.iter().copied()) {
        let is_response = response_names.contains(name);
        if is_response && needed.contains(name) {
            continue;
        }
        let object = &objects[name];
        if is_response {
            writeln!(
                out,
                "#[derive(Debug, Deserialize, tcapi::TencentResponse)]\n#[tencent(codes = Code)]"
            )
            .unwrap();
        } else {
            writeln!(out, "#[derive(Debug, Deserialize)]").unwrap();
        }
        writeln!(out, "pub struct {name} {{").unwrap();
        let mut used = BTreeSet::new();
        for m in object["members"].as_array().unwrap() {
            let key = m["name"].as_str().unwrap();
            let mut field = field_name(key);
            while !used.insert(field.clone()) {
                field.push('_');
            }
            let ty = rust_type(m, &objects);
            writeln!(out, "    #[serde(rename = \"{key}\")]").unwrap();
            if is_response && field.trim_start_matches("r#").to_upper_camel_case() != key {
                writeln!(out, "    #[tencent(rename = \"{key}\")]").unwrap();
            }
            writeln!(out, "    pub {field}: ::core::option::Option<{ty}>,").unwrap();
        }
        writeln!(out, "}}\n").unwrap();
        if needed.contains(name) {
            writeln!(out, "impl tcapi::Model for {name} {{}}\n").unwrap();
        }
    }
    writeln!(
        out,
        "/// Decodes an example body of `action` with the derive and with plain serde."
    )
    .unwrap();
    writeln!(out, "pub fn compare(action: &str, body: &[u8]) -> ::core::option::Option<::core::result::Result<crate::Compared, ::std::string::String>> {{").unwrap();
    writeln!(out, "    ::core::option::Option::Some(match action {{").unwrap();
    for (action, output) in &responses {
        writeln!(
            out,
            "        \"{action}\" => crate::compare::<{output}>(body),"
        )
        .unwrap();
    }
    writeln!(out, "        _ => return None,\n    }})\n}}").unwrap();
    out
}

#[test]
fn models_match_the_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models");
    let bless = std::env::var_os("TCAPI_BLESS").is_some();
    let mut files = vec![];
    let mut module = String::from("//! Generated by `tests/models_generated.rs`: do not edit.\n\n");
    for (product, spec) in products() {
        writeln!(module, "pub mod {product};").unwrap();
        files.push((format!("{product}.rs"), generate_product(&product, &spec)));
    }
    writeln!(module, "\n/// Decodes an example body of `product`'s `action` with the derive and with plain serde.").unwrap();
    writeln!(module, "pub fn compare(product: &str, action: &str, body: &[u8]) -> Option<Result<crate::Compared, String>> {{").unwrap();
    writeln!(module, "    match product {{").unwrap();
    for (product, _) in products() {
        writeln!(
            module,
            "        \"{product}\" => {product}::compare(action, body),"
        )
        .unwrap();
    }
    writeln!(module, "        _ => None,\n    }}\n}}").unwrap();
    files.push(("mod.rs".to_owned(), module));
    let mut stale = vec![];
    for (name, text) in files {
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::write(&path, text).unwrap();
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "src/models/{stale:?} differ from the specs; rerun with TCAPI_BLESS=1"
    );
}
