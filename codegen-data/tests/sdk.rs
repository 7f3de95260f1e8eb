//! The SDK generator: every published spec loads, the naming traps of the data are handled,
//! and the generated code parses and is deterministic.
//!
//! The specs are not in the repository: they are read from `../shared/data` (relative to
//! the repository root). Where that folder is absent the tests that need it say so on stderr
//! and pass.

mod common;

use std::path::{Path, PathBuf};

use common::{run, shared_data, texts, TempDir};
use tcapi_codes::sdk::{self, model, names, site, spec, Options, SpecError};

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_spec_of_both_sites_loads() {
    let Some(data) = shared_data("every_spec_of_both_sites_loads") else {
        return;
    };
    for (folder, expected) in [("specs", 296), ("specs-en", 160)] {
        let files = spec_files(&data.join(folder));
        assert_eq!(files.len(), expected, "{folder}");
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap();
            assert!(spec::parse_file_name(name).is_some(), "{name}");
            if let Err(e) = spec::load(&file) {
                panic!("{e}");
            }
        }
    }
}

#[test]
fn keywords_get_a_trailing_underscore() {
    assert_eq!(names::field_ident("Type"), "type_");
    for (wire, field) in [
        ("Override", "override_"),
        ("Enum", "enum_"),
        ("Where", "where_"),
        ("Match", "match_"),
        ("Abstract", "abstract_"),
        ("Mod", "mod_"),
        ("Ref", "ref_"),
        ("Self", "self_"),
        ("InstanceType", "instance_type"),
    ] {
        assert_eq!(names::field_ident(wire), field, "{wire}");
    }
}

#[test]
fn members_that_snake_case_alike_are_told_apart_deterministically() {
    // cdwpg `InstanceInfo`: the canonical spelling keeps the name, whatever the order.
    assert_eq!(
        names::field_names(&["InstanceID", "InstanceId"]),
        ["instance_id_2", "instance_id"]
    );
    assert_eq!(
        names::field_names(&["InstanceId", "InstanceID"]),
        ["instance_id", "instance_id_2"]
    );
    // cdwch: `RequestId`/`RequestID`.
    assert_eq!(
        names::field_names(&["RequestID", "RequestId"]),
        ["request_id_2", "request_id"]
    );
    // No canonical spelling: the first keeps it; a suffix never takes an existing name.
    assert_eq!(
        names::field_names(&["CPU", "cpu", "Cpu_2"]),
        ["cpu", "cpu_3", "cpu_2"]
    );
    // Keywords too: `Type` keeps `type_`.
    assert_eq!(names::field_names(&["TYPE", "Type"]), ["type_2", "type_"]);
}

#[test]
fn std_and_tcapi_names_are_kept_as_type_names() {
    for name in [
        "Result",
        "Option",
        "Value",
        "Error",
        "Code",
        "Box",
        "GetWsTokenReq_Label",
    ] {
        assert_eq!(names::type_name(name), Ok(name));
    }
    for bad in ["errors", "v20170312", "Self", "", "Bad-Name", "_Hidden"] {
        assert!(names::type_name(bad).is_err(), "{bad}");
    }
    // The error-code enum lives in a lowercase module no type name can be.
    assert!(names::type_name(names::ERRORS_MODULE).is_err());
}

#[test]
fn product_names_come_from_the_service_short_name() {
    assert_eq!(names::package_name("as"), "tcapi-as");
    assert_eq!(names::lib_name("as"), "tcapi_as");
    assert_eq!(names::version_module("2018-04-19"), "v20180419");
    let Some(data) = shared_data("product_names_come_from_the_service_short_name") else {
        return;
    };
    let products = sdk::products(&data).unwrap();
    assert!(products.contains(&"as".to_owned()));
    assert!(!products.contains(&"autoscaling".to_owned()));
    let crates = sdk::generate(&data, &["as".to_owned()], &Options::default()).unwrap();
    let cargo = &crates["as"][Path::new("Cargo.toml")];
    assert!(cargo.contains("name = \"tcapi-as\""), "{cargo}");
    assert!(cargo.contains("name = \"tcapi_as\""), "{cargo}");

    // clb: 2018-03-17 on both sites, 2023-04-17 on the international site only. Both are
    // modules; the root re-exports the China site's newest.
    let crates = sdk::generate(&data, &["clb".to_owned()], &Options::default()).unwrap();
    let lib = &crates["clb"][Path::new("src/lib.rs")];
    assert!(lib.contains("pub use v20180317::*;"), "{lib}");
    assert!(lib.contains("pub mod v20230417;"), "{lib}");
    let cargo = &crates["clb"][Path::new("Cargo.toml")];
    assert!(cargo.contains("default = [\"v20180317\"]"), "{cargo}");
}

#[test]
fn doc_text_cannot_be_read_as_links_html_or_code() {
    assert_eq!(
        names::doc_text("see [Foo](x) <b>bold</b>\n    indented\n```\ncode\n-     -9101\tx\n~~~"),
        "see \\[Foo\\](x) &lt;b&gt;bold&lt;/b&gt;\nindented\n`\u{200b}``\ncode\n- -9101 x\n~\u{200b}~~"
    );
}

fn write_spec(dir: &TempDir, body: &str) -> PathBuf {
    dir.write("x-v20200101.json", body)
}

const GOOD: &str = r#"{
  "metadata": {"serviceShortName": "x", "apiVersion": "2020-01-01"},
  "actions": {"Go": {"name": "go", "document": "d", "input": "GoRequest", "output": "GoResponse"}},
  "objects": {
    "GoRequest": {"document": "", "members": [
      {"name": "Type", "type": "string", "member": "string", "required": 1, "document": ""},
      {"name": "Node", "type": "object", "member": "Node", "document": ""}]},
    "GoResponse": {"document": "", "members": [
      {"name": "Node", "type": "object", "member": "Node", "document": ""},
      {"name": "RequestId", "type": "string", "member": "string", "document": ""}]},
    "Node": {"document": "", "members": [
      {"name": "Parent", "type": "object", "member": "Node", "document": ""},
      {"name": "Children", "type": "list", "member": "Node", "document": ""},
      {"name": "At", "type": "string", "member": "datetime", "document": ""}]}
  }
}"#;

#[test]
fn malformed_specs_are_errors_that_name_the_file_and_the_member() {
    let dir = TempDir::new("sdk-spec");
    let file = write_spec(&dir, GOOD);
    let good = spec::load(&file).unwrap();
    assert!(good.objects["GoRequest"].members[0].required, "`1` is true");

    let cases = [
        (
            GOOD.replace(
                r#""type": "string", "member": "datetime""#,
                r#""type": "time", "member": "datetime""#,
            ),
            "objects.Node.members[2].type",
        ),
        (
            GOOD.replace(r#""member": "datetime""#, r#""member": "timestamp""#),
            "object Node member At: type `string` with the unknown member `timestamp`",
        ),
        (
            GOOD.replace(
                r#""type": "list", "member": "Node""#,
                r#""type": "list", "member": "Leaf""#,
            ),
            "object Node member Children: `Leaf` is neither a known scalar nor an object",
        ),
        (
            GOOD.replace(r#""output": "GoResponse""#, r#""output": "GoReply""#),
            "action Go: names the object `GoReply`",
        ),
        (
            GOOD.replace(r#""required": 1"#, r#""required": 2"#),
            "objects.GoRequest.members[0].required",
        ),
        (
            GOOD.replace("2020-01-01", "2020-1-1"),
            "metadata.apiVersion",
        ),
        ("{".to_owned(), "x-v20200101.json"),
    ];
    for (text, expected) in cases {
        let file = write_spec(&dir, &text);
        let err = spec::load(&file).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("x-v20200101.json"), "{message}");
        assert!(
            message.contains(expected),
            "{message}\nexpected: {expected}"
        );
    }
    let missing = spec::load(&dir.join("absent.json")).unwrap_err();
    assert!(matches!(missing, SpecError::Io { .. }), "{missing:?}");
}

/// The plan of product `x` from a data folder with these China and international specs.
fn plan_of(china: &str, international: Option<&str>) -> model::Crate {
    let dir = TempDir::new("sdk-plan");
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    dir.write("specs/x-v20200101.json", china);
    if let Some(text) = international {
        std::fs::create_dir_all(dir.join("specs-en")).unwrap();
        dir.write("specs-en/x-v20200101.json", text);
    }
    let specs = site::product_specs(dir.path()).unwrap();
    model::plan("x", &specs["x"], &Default::default()).unwrap()
}

fn find<'a>(plan: &'a model::Crate, name: &str) -> &'a model::Struct {
    plan.versions[0]
        .structs
        .iter()
        .find(|s| s.name == name)
        .unwrap()
}

#[test]
fn the_china_shape_wins_and_international_only_items_say_so() {
    let international = GOOD
        .replace(r#""required": 1"#, r#""required": false"#)
        .replace(
            r#""actions": {"#,
            r#""actions": {"Stop": {"name": "stop", "document": "d", "input": "StopRequest", "output": "StopResponse"},"#,
        )
        .replace(
            r#""objects": {"#,
            r#""objects": {"StopRequest": {"document": "", "members": []}, "StopResponse": {"document": "", "members": []},"#,
        )
        .replace(
            r#"{"name": "At", "type": "string", "member": "datetime", "document": ""}"#,
            r#"{"name": "At", "type": "int", "member": "int64", "document": ""}, {"name": "Zone", "type": "string", "member": "string", "required": true, "document": ""}"#,
        );
    let plan = plan_of(GOOD, Some(&international));
    let version = &plan.versions[0];
    assert!(version.on_china_site);
    assert!(
        !find(&plan, "GoRequest").fields[0].optional,
        "China's required flag"
    );
    let node = find(&plan, "Node");
    assert_eq!(node.fields[2].ty, model::Type::String, "China's type");
    assert_eq!(node.fields[3].wire, "Zone");
    assert!(node.fields[3].optional);
    assert!(node.fields[3]
        .notes
        .iter()
        .any(|n| n.contains("international site")));
    assert!(find(&plan, "StopRequest")
        .doc
        .contains("international site"));
    assert!(!find(&plan, "GoRequest").doc.contains("international site"));
}

#[test]
fn a_small_spec_plans_types_optionality_and_boxes() {
    let plan = plan_of(GOOD, None);
    assert_eq!(plan.versions[0].codes, model::Codes::Common);
    let find = |name| find(&plan, name);
    let request = find("GoRequest");
    assert_eq!(request.role, model::Role::Request);
    assert_eq!(request.fields[0].ident, "type_");
    assert!(!request.fields[0].optional, "required request member");
    assert!(request.fields[1].optional);
    let response = find("GoResponse");
    assert!(
        response.fields.iter().all(|f| f.optional),
        "every response member"
    );
    let node = find("Node");
    assert_eq!(
        node.fields[0].ty,
        model::Type::Object {
            name: "Node".into(),
            boxed: true
        },
        "a struct that contains itself is boxed"
    );
    assert_eq!(
        node.fields[1].ty,
        model::Type::List(Box::new(model::Type::Object {
            name: "Node".into(),
            boxed: false
        })),
        "a Vec is already indirect"
    );
    assert_eq!(node.fields[2].ty, model::Type::String);
}

#[test]
fn generated_aiart_and_cvm_parse_and_are_byte_identical_twice() {
    let Some(data) = shared_data("generated_aiart_and_cvm_parse_and_are_byte_identical_twice")
    else {
        return;
    };
    let products = ["aiart".to_owned(), "cvm".to_owned()];
    let first = sdk::generate(&data, &products, &Options::default()).unwrap();
    let second = sdk::generate(&data, &products, &Options::default()).unwrap();
    assert_eq!(first, second, "generation is deterministic");
    for (product, files) in &first {
        let paths: Vec<&Path> = files.keys().map(PathBuf::as_path).collect();
        assert!(paths.contains(&Path::new("Cargo.toml")), "{product}");
        assert!(paths.contains(&Path::new("src/lib.rs")), "{product}");
        for (path, text) in files {
            assert!(
                text.starts_with(&format!("# {}", sdk::emit::HEADER))
                    || text.starts_with(&format!("// {}", sdk::emit::HEADER)),
                "{product}/{}",
                path.display()
            );
            if path.extension().is_some_and(|e| e == "rs") {
                if let Err(e) = syn::parse_file(text) {
                    panic!("{product}/{}: {e}", path.display());
                }
            }
        }
    }
    // Pinned to their inputs: each spec file by name and SHA-256.
    let cargo = &first["cvm"][Path::new("Cargo.toml")];
    for name in ["specs/cvm-v20170312.json", "specs-en/cvm-v20170312.json"] {
        let line = cargo
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{cargo}"));
        let digest = line.rsplit(' ').next().unwrap();
        assert_eq!(digest.len(), 64, "{line}");
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
    }
    let cvm = &first["cvm"][Path::new("src/v20170312.rs")];
    // Reserved instances are documented on the international site only.
    assert!(cvm.contains("pub struct DescribeReservedInstancesRequest"));
    assert!(cvm.contains("pub struct DescribeInstancesRequest"));
    assert!(cvm.contains("#[tencent(codes = errors::Code)]"));
    assert!(cvm.contains("#[::tcapi::error_codes(product = \"cvm\", version = \"2017-03-12\")]"));
}

#[test]
fn cli_sdk_writes_the_crates_and_rejects_bad_usage() {
    let out = TempDir::new("sdk-cli");
    let output = run(&["sdk", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{:?}", texts(&output));
    assert!(
        texts(&output).1.contains("--spec-dir"),
        "{:?}",
        texts(&output)
    );
    let Some(data) = shared_data("cli_sdk_writes_the_crates_and_rejects_bad_usage") else {
        return;
    };
    let data = data.to_str().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let output = run(&["sdk", "--spec-dir", data, "--out", out_dir]);
    assert_eq!(output.status.code(), Some(2), "neither products nor --all");
    let output = run(&["sdk", "--spec-dir", data, "--out", out_dir, "autoscaling"]);
    assert_eq!(output.status.code(), Some(2), "{:?}", texts(&output));
    assert!(
        texts(&output).1.contains("serviceShortName"),
        "{:?}",
        texts(&output)
    );
    let output = run(&["sdk", "--spec-dir", data, "--out", out_dir, "aiart"]);
    assert!(output.status.success(), "{:?}", texts(&output));
    assert!(out.join("aiart/src/v20221229.rs").is_file());
    assert!(out.join("aiart/Cargo.toml").is_file());
}

/// The real proof: a generated crate compiles against this repository's runtime. Slow (a
/// cold build of the runtime in its own target directory), so run on demand:
/// `cargo test -p tcapi-codes --test sdk -- --ignored`.
#[test]
#[ignore = "builds a generated crate with cargo; run with --ignored"]
fn generated_aiart_compiles_against_the_runtime() {
    let Some(data) = shared_data("generated_aiart_compiles_against_the_runtime") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = root.join("runtime").canonicalize().unwrap();
    let options = Options {
        tcapi_dependency: format!("{{ path = {:?} }}", runtime.to_str().unwrap()),
        ..Options::default()
    };
    let crates = sdk::generate(&data, &["aiart".to_owned()], &options).unwrap();
    let out = TempDir::new("sdk-compile");
    sdk::write(out.path(), &crates).unwrap();
    let krate = out.join("aiart");
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let target = root.join("target/sdk-check");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .unwrap();
    assert!(status.success());
}
