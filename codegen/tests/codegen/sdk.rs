//! The SDK generator: every published spec loads, the naming traps of the data are handled,
//! and the generated code parses and is deterministic.
//!
//! The specs are not in the repository: they are read from `../shared/data` (relative to
//! the repository root). Where that folder is absent the tests that need it are ignored with
//! that reason (build.rs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{generated, run, shared_data, specs, texts, TempDir};
use tcapi_codegen::sdk::override_file::OverrideFile;
use tcapi_codegen::sdk::paging::PagingOverride;
use tcapi_codegen::sdk::{self, model, names, paging, plan, site, spec, Options, SpecError};

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
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn every_spec_of_both_sites_loads() {
    let data = shared_data();
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
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn product_names_come_from_the_service_short_name() {
    assert_eq!(names::package_name("as"), "tcapi-as");
    assert_eq!(names::lib_name("as"), "tcapi_as");
    assert_eq!(names::version_module("2018-04-19"), "v20180419");
    let data = shared_data();
    let products = sdk::products(&data).unwrap();
    assert!(products.contains(&"as".to_owned()));
    assert!(!products.contains(&"autoscaling".to_owned()));
    let crates = generated(&["as"], &Options::default());
    let cargo = &crates["as"][Path::new("Cargo.toml")];
    assert!(cargo.contains("name = \"tcapi-as\""), "{cargo}");
    assert!(cargo.contains("name = \"tcapi_as\""), "{cargo}");

    // clb: 2018-03-17 on both sites, 2023-04-17 on the international site only. Both are
    // modules; the root re-exports the China site's newest.
    let crates = generated(&["clb"], &Options::default());
    let lib = &crates["clb"][Path::new("src/lib.rs")];
    assert!(lib.contains("pub use v20180317::*;"), "{lib}");
    assert!(lib.contains("pub mod v20230417;"), "{lib}");
    let cargo = &crates["clb"][Path::new("Cargo.toml")];
    assert!(
        cargo.contains("default = [\"v20180317\", \"client\"]"),
        "{cargo}"
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
    plan::plan("x", &specs["x"], &Default::default()).unwrap()
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

/// The models' file imports the page only when a model holds a request's or a response's
/// object (a glob import nothing uses would be a warning in every crate).
#[test]
fn the_models_file_imports_the_page_only_when_a_model_holds_a_request_or_response() {
    let models = |spec: &str| {
        let files = sdk::emit::crate_files(&plan_of(spec, None), &Options::default()).unwrap();
        files[Path::new("src/v20200101/models.rs")].clone()
    };
    let alone = models(GOOD);
    assert!(alone.contains("pub struct Node {"), "{alone}");
    assert!(!alone.contains("use super::*;"), "{alone}");
    let holding_a_request = GOOD.replace(
        r#"{"name": "At", "type": "string", "member": "datetime", "document": ""}"#,
        r#"{"name": "At", "type": "string", "member": "datetime", "document": ""},
      {"name": "Again", "type": "object", "member": "GoRequest", "document": ""}"#,
    );
    let holding = models(&holding_a_request);
    assert!(holding.contains("\nuse super::*;\n"), "{holding}");
    // Boxed: the request holds a `Node`, which holds the request.
    assert!(
        holding.contains("pub again: ::core::option::Option<::std::boxed::Box<GoRequest>>"),
        "{holding}"
    );
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn generated_aiart_and_cvm_parse_and_are_byte_identical_twice() {
    let data = shared_data();
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
    let cvm = &version_text(&first["cvm"], "v20170312");
    // Reserved instances are documented on the international site only.
    assert!(cvm.contains("pub struct DescribeReservedInstancesRequest"));
    assert!(cvm.contains("pub struct DescribeInstancesRequest"));
    assert!(cvm.contains("#[tencent(codes = errors::Code, lenient)]"));
    assert!(cvm.contains("#[::tcapi::error_codes(product = \"cvm\", version = \"2017-03-12\")]"));
}

/// Issue 18, item 3: a version is a module page with the models, the responses and the
/// `Client` in files beside it, re-exported so every path keeps working; no file of cvm
/// is over 20,000 lines.
#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn a_version_is_a_page_with_the_models_the_responses_and_the_client_beside_it() {
    let crates = generated(&["cvm"], &Options::default());
    let cvm = &crates["cvm"];
    let mut paths: Vec<&str> = cvm.keys().filter_map(|p| p.to_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/v20170312.rs",
            "src/v20170312/client.rs",
            "src/v20170312/models.rs",
            "src/v20170312/responses.rs",
        ]
    );
    let file = |path: &str| cvm[Path::new(path)].as_str();
    let (page, models, responses, client) = (
        file("src/v20170312.rs"),
        file("src/v20170312/models.rs"),
        file("src/v20170312/responses.rs"),
        file("src/v20170312/client.rs"),
    );
    let compact = |text: &str| text.split_whitespace().collect::<String>();
    for declared in [
        "#[rustfmt::skip] mod models; pub use self::models::*;",
        "#[rustfmt::skip] mod responses; pub use self::responses::*;",
        "#[cfg(feature = \"client\")] #[rustfmt::skip] mod client; #[cfg(feature = \"client\")] pub use self::client::*;",
    ] {
        assert!(compact(page).contains(&compact(declared)), "{declared}");
    }
    // Each item in one file: requests and what they implement on the page.
    let homes = [
        ("pub struct DescribeInstancesRequest {", page),
        ("pub struct Instance {", models),
        ("pub struct Placement {", models),
        ("impl ::tcapi::Action for DescribeInstancesRequest {", page),
        (
            "impl ::tcapi::Paginated for DescribeInstancesRequest {",
            page,
        ),
        ("pub fn __visit_actions<", page),
        ("pub struct DescribeInstancesResponse {", responses),
        ("pub struct Client {", client),
        ("pub fn describe_instances<'a>(", client),
        ("pub fn describe_instances_pages(", client),
    ];
    for (item, home) in homes {
        for (path, text) in cvm {
            assert_eq!(
                text.contains(item),
                std::ptr::eq(text.as_str(), home),
                "`{item}` in {}",
                path.display()
            );
        }
    }
    for beside in [responses, client] {
        assert!(beside.contains("\nuse super::*;\n"), "{beside:.300}");
    }
    // cvm's models hold only models: an import would be unused.
    assert!(!models.contains("use super::*;"), "{models:.300}");
    for (path, text) in cvm {
        let lines = text.lines().count();
        assert!(lines <= 20_000, "{} has {lines} lines", path.display());
    }
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn cli_sdk_writes_the_crates_and_rejects_bad_usage() {
    let out = TempDir::new("sdk-cli");
    let output = run(&["sdk", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{:?}", texts(&output));
    assert!(
        texts(&output).1.contains("--spec-dir"),
        "{:?}",
        texts(&output)
    );
    let data = shared_data();
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
/// `cargo test -p tcapi-codegen --test codegen sdk:: -- --ignored`.
#[test]
#[cfg_attr(
    shared_data,
    ignore = "builds a generated crate with cargo; run with --ignored"
)]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn generated_aiart_compiles_against_the_runtime() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = root.join("runtime").canonicalize().unwrap();
    let options = Options {
        tcapi_dependency: format!("{{ path = {:?} }}", runtime.to_str().unwrap()),
        ..Options::default()
    };
    let crates = generated(&["aiart"], &options);
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

/// The structs the decode benchmark measures, by product: `tests/benches/floor/<product>.rs`
/// holds their plain-serde twins, generated here (`TCAPI_BLESS=1` rewrites them).
const FLOOR: &[(&str, &[&str])] = &[
    ("aiart", &["TextToImageLiteResponse"]),
    (
        "billing",
        &[
            "DescribeAllocationMonthOverviewResponse",
            "DescribeAllocateConditionsResponse",
            "DescribeAllocationBillConditionsResponse",
        ],
    ),
    ("cdwpg", &["DescribeInstancesResponse"]),
    ("cvm", &["DescribeInstancesRequest", "RunInstancesRequest"]),
    (
        "lke",
        &[
            "DescribeAppAgentListResponse",
            "DescribeWorkflowRunResponse",
        ],
    ),
];

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn the_benchmark_floor_is_what_the_generator_gives() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/benches/floor");
    let bless = std::env::var_os("TCAPI_BLESS").is_some();
    for (product, roots) in FLOOR {
        let text = sdk::floor(specs(), product, roots).unwrap();
        let file = dir.join(format!("{product}.rs"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == text,
            "{} is not what the generator gives; run TCAPI_BLESS=1 cargo test -p tcapi-codegen --test codegen sdk::",
            file.display()
        );
    }
}

/// Every file of the version module `module` (its page, then the files beside it) as one
/// text: what the checks of generated content read, wherever the layout puts an item.
fn version_text(files: &BTreeMap<PathBuf, String>, module: &str) -> String {
    let page = PathBuf::from(format!("src/{module}.rs"));
    let beside = PathBuf::from(format!("src/{module}"));
    let mut text = files[&page].clone();
    for (path, file) in files {
        if path.starts_with(&beside) {
            text += file;
        }
    }
    text
}

/// The doc comment right above `item` (a line of the generated file, e.g.
/// `pub struct Instance {`), without the `///`.
fn doc_above(file: &str, item: &str) -> String {
    let lines: Vec<&str> = file.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == item)
        .unwrap_or_else(|| panic!("no `{item}`"));
    let mut doc: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .skip_while(|l| !l.starts_with("///"))
        .map_while(|l| l.strip_prefix("///"))
        .collect();
    doc.reverse();
    doc.join("\n")
}

/// Whether `markdown` holds only what renders cleanly: outside code, every `<` opens an
/// autolink, and every URL is an autolink or a link target. Returns the offending line.
fn unsafe_line(markdown: &str) -> Option<String> {
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // Code spans out.
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect();
        let mut rest = prose.as_str();
        while let Some(at) = rest.find('<') {
            let tail = &rest[at + 1..];
            let autolink = (tail.starts_with("http") || tail.starts_with("mailto:"))
                && tail
                    .find('>')
                    .is_some_and(|end| !tail[..end].contains([' ', '<']));
            if !autolink {
                return Some(line.to_owned());
            }
            rest = &tail[tail.find('>').unwrap()..];
        }
        for (at, _) in prose.match_indices("http") {
            let before = &prose[..at];
            let linked = before.ends_with('<') || before.ends_with("](") || before.ends_with("\\");
            if !linked && prose[at..].starts_with("http") && prose[at..].contains("://") {
                let url_like = prose[at..].split_once("://").is_some_and(|(scheme, rest)| {
                    (scheme == "http" || scheme == "https")
                        && rest.starts_with(|c: char| c.is_ascii_alphanumeric())
                });
                if url_like {
                    return Some(line.to_owned());
                }
            }
        }
    }
    None
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn all_spec_prose_renders_without_html_or_bare_urls() {
    let data = shared_data();
    let mut checked = 0;
    for folder in ["specs", "specs-en"] {
        for file in spec_files(&data.join(folder)) {
            let spec = spec::load(&file).unwrap();
            let actions = spec.actions.values().flat_map(|a| [&a.name, &a.document]);
            let objects = spec.objects.values().flat_map(|o| {
                std::iter::once(&o.document).chain(o.members.iter().map(|m| &m.document))
            });
            for text in actions.chain(objects) {
                let markdown = sdk::docs::markdown(text);
                if let Some(line) = unsafe_line(&markdown) {
                    panic!(
                        "{}: {line:?}\nfrom: {text:?}\nto: {markdown:?}",
                        file.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 200_000, "{checked}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn cvm_docs_are_english_then_chinese_with_html_as_markdown() {
    let crates = generated(&["cvm"], &Options::default());
    let cvm = &version_text(&crates["cvm"], "v20170312");
    assert!(
        !cvm.contains("&lt;p&gt;") && !cvm.contains("&lt;li&gt;"),
        "escaped HTML"
    );
    assert!(!cvm.contains("<p>") && !cvm.contains("<br") && !cvm.contains("<li>"));
    assert!(
        !cvm.contains("rustdoc::bare_urls"),
        "no bare URL is left to allow"
    );

    // Both sites document `Instance`: English first, then the Chinese original.
    let instance = doc_above(cvm, "pub struct Instance {");
    let (english, chinese) = instance
        .split_once(sdk::docs::CHINESE_ORIGINAL)
        .unwrap_or_else(|| panic!("{instance}"));
    assert!(english.contains("instance"), "{instance}");
    assert!(chinese.contains("实例"), "{instance}");

    // A field whose Chinese doc is HTML: a loose `<li>` list, `<code>` and links.
    let image_id = doc_above(cvm, "pub image_id: ::std::string::String,");
    assert!(image_id.contains(sdk::docs::CHINESE_ORIGINAL), "{image_id}");
    assert!(
        image_id.contains(
            "[控制台](https://console.cloud.tencent.com/cvm/image?rid=1&imageType=PUBLIC_IMAGE)"
        ),
        "{image_id}"
    );
    assert!(image_id.contains("\n - 公共镜像\n"), "{image_id}");
    assert!(image_id.contains("`ImageId`"), "{image_id}");
    assert_eq!(unsafe_line(&image_id), None);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn actions_carry_their_docs_example_request_and_error_codes() {
    let plan = plan::plan("cvm", &specs()["cvm"], &Default::default()).unwrap();
    let version = &plan.versions[0];
    let names: Vec<&str> = version.actions.iter().map(|a| a.name.as_str()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted by name");
    let describe = version
        .actions
        .iter()
        .find(|a| a.name == "DescribeInstances")
        .unwrap();
    assert_eq!(describe.request, "DescribeInstancesRequest");
    assert_eq!(describe.response, "DescribeInstancesResponse");
    assert!(describe.doc.starts_with("查看实例列表"), "{}", describe.doc);
    assert!(describe
        .doc_en
        .as_deref()
        .is_some_and(|en| en.starts_with("Views the list of instances")));
    assert!(describe
        .examples
        .first()
        .is_some_and(|e| e.request.contains("X-TC-Action: DescribeInstances")));
    assert!(describe.error_codes.iter().any(|c| c == "InvalidFilter"));
    assert!(!describe.is_retired());

    let crates = generated(&["cvm"], &Options::default());
    let cvm = &version_text(&crates["cvm"], "v20170312");
    let request = doc_above(cvm, "pub struct DescribeInstancesRequest {");
    assert!(request.contains("```text\n POST / HTTP/1.1"), "{request}");
    assert!(
        request.contains("X-TC-Action: DescribeInstances"),
        "{request}"
    );
    assert!(request.contains("- `InvalidFilter`"), "{request}");
    assert_eq!(request, describe_rustdoc_with_header(describe));
}

fn describe_rustdoc_with_header(action: &model::Action) -> String {
    format!("The request of `{}`.\n\n{}", action.name, action.rustdoc())
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn disabled_members_and_retired_actions_are_deprecated() {
    let crates = generated(&["cvm", "bmvpc"], &Options::default());
    let cvm = &version_text(&crates["cvm"], "v20170312");
    // `StopInstancesRequest.ForceStop` is disabled in the spec.
    let stop = &cvm[cvm.find("pub struct StopInstancesRequest {").unwrap()..];
    let field = stop.find("pub force_stop:").unwrap();
    let attributes = &stop[..field];
    let attributes = &attributes[attributes.rfind("///").unwrap()..];
    assert!(
        attributes.contains("#[deprecated(note = \"the spec disables this member\")]"),
        "{attributes}"
    );
    // The lean derives read every field, disabled ones too: the module allows that for
    // itself, and users still see the deprecation.
    assert!(cvm.contains("#![allow(deprecated)]"));

    // bmvpc's `AsyncRegisterIps` has the status `deprecated`.
    let bmvpc = &version_text(&crates["bmvpc"], "v20180625");
    let at = bmvpc.find("pub struct AsyncRegisterIpsRequest {").unwrap();
    let before = &bmvpc[..at];
    let attributes = &before[before.rfind("///").unwrap()..];
    assert!(
        attributes.contains("#[deprecated(") && attributes.contains("the status `deprecated`"),
        "{attributes}"
    );
    assert!(before.contains("**Not online:** the spec gives this action the status `deprecated`"),);
}

/// rustdoc itself, with warnings denied, over the docs of every product of both sites
/// (each distinct doc once, on an item of a crate with no dependency). Slow (minutes), so
/// run on demand: `cargo test -p tcapi-codegen --test codegen sdk:: -- --ignored`.
#[test]
#[cfg_attr(
    shared_data,
    ignore = "runs rustdoc over every generated doc; run with --ignored"
)]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn every_generated_doc_passes_rustdoc_with_warnings_denied() {
    let mut docs = std::collections::BTreeSet::new();
    for (product, specs) in specs() {
        let plan = plan::plan(product, specs, &Default::default()).unwrap();
        for version in plan.versions {
            docs.extend(version.actions.iter().map(model::Action::rustdoc));
            for s in version.structs {
                docs.insert(s.doc);
                docs.extend(s.fields.into_iter().map(|f| f.doc));
            }
        }
    }
    // Crates of ten thousand docs (rustdoc slows down more than linearly with one crate's
    // size), as fields a thousand to a struct (one page per struct, not per doc).
    let docs: Vec<&String> = docs.iter().collect();
    let workspace = TempDir::new("sdk-all-docs");
    let mut members = Vec::new();
    for (c, part) in docs.chunks(10_000).enumerate() {
        let mut lib = String::from("#![deny(warnings)]\n");
        for (i, chunk) in part.chunks(1000).enumerate() {
            lib += &format!("pub struct D{i} {{\n");
            for (j, doc) in chunk.iter().enumerate() {
                for line in doc.lines() {
                    lib += &format!("#[doc = {:?}]\n", format!(" {line}"));
                }
                lib += &format!("pub f{j}: (),\n");
            }
            lib += "}\n";
        }
        let name = format!("docs{c}");
        std::fs::create_dir_all(workspace.join(&name).join("src")).unwrap();
        workspace.write(
            &format!("{name}/Cargo.toml"),
            &format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n"),
        );
        workspace.write(&format!("{name}/src/lib.rs"), &lib);
        members.push(format!("{name:?}"));
    }
    workspace.write(
        "Cargo.toml",
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["doc", "--offline", "--quiet", "--workspace"])
        .current_dir(workspace.path())
        .env("CARGO_TARGET_DIR", root.join("target/sdk-all-docs"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{}",
        stderr.chars().take(20_000).collect::<String>()
    );
}

/// How each action of every product-version pages, by inference alone, and the plan of the
/// actions a test looks at.
fn paging_census() -> (
    BTreeMap<String, usize>,
    BTreeMap<String, Option<model::Pagination>>,
) {
    let specs: Vec<(&String, &Vec<site::MergedSpec>)> = specs().iter().collect();
    let plans = sdk::on_every_core(&specs, |(product, merged)| {
        plan::plan(product, merged, &Default::default()).unwrap()
    });
    let mut counts = BTreeMap::new();
    let mut found = BTreeMap::new();
    for ((product, _), plan) in specs.iter().zip(&plans) {
        for version in &plan.versions {
            for action in &version.actions {
                let style = match &action.paging {
                    None => "none",
                    Some(p) => match (&p.style, &p.total) {
                        (model::PageStyle::Offset { .. }, _) => "offset",
                        (model::PageStyle::PageNumber { first: 0, .. }, _) => "page (from 0)",
                        (model::PageStyle::PageNumber { .. }, _) => "page (from 1)",
                        (model::PageStyle::Token { .. }, _) => "token",
                    },
                };
                *counts.entry(style.to_owned()).or_default() += 1;
                if action.paging.as_ref().is_some_and(|p| p.within.is_some()) {
                    *counts.entry("one level down".to_owned()).or_default() += 1;
                }
                let key = format!("{product} {} {}", version.api_version, action.name);
                found.insert(key, action.paging.clone());
            }
        }
    }
    (counts, found)
}

fn style_of(
    found: &BTreeMap<String, Option<model::Pagination>>,
    key: &str,
) -> Option<model::Pagination> {
    found
        .get(key)
        .unwrap_or_else(|| panic!("no action {key}"))
        .clone()
}

fn member(wire: &str, ident: &str) -> model::FieldRef {
    model::FieldRef {
        wire: wire.into(),
        ident: ident.into(),
    }
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn paging_is_inferred_across_every_spec() {
    let (counts, found) = paging_census();
    // The report of the inference over both sites; the override file corrects a few.
    eprintln!("paging inferred over specs/ and specs-en/ (merged): {counts:?}");
    assert!(counts["offset"] > 1700, "{counts:?}");
    assert!(counts["page (from 1)"] > 200, "{counts:?}");
    assert!(counts["page (from 0)"] > 20, "{counts:?}");
    assert!(counts["token"] > 100, "{counts:?}");
    assert!(counts["one level down"] > 250, "{counts:?}");

    let cvm = style_of(&found, "cvm 2017-03-12 DescribeInstances").unwrap();
    assert_eq!(
        cvm.style,
        model::PageStyle::Offset {
            offset: member("Offset", "offset"),
            limit: member("Limit", "limit")
        }
    );
    assert_eq!(cvm.items, member("InstanceSet", "instance_set"));
    assert_eq!(cvm.total, Some(member("TotalCount", "total_count")));
    assert_eq!(
        cvm.item,
        model::Type::Object {
            name: "Instance".into(),
            boxed: false
        }
    );
    // Disabled members are ignored: ccc's Offset/Limit and TelCdrs are switched off, its
    // PageNumber documents "从 0 开始".
    let ccc = style_of(&found, "ccc 2020-02-10 DescribeTelCdr").unwrap();
    assert_eq!(ccc.items.wire, "TelCdrList");
    assert!(
        matches!(ccc.style, model::PageStyle::PageNumber { first: 0, .. }),
        "{ccc:?}"
    );
    // Tokens: the same name, or `Next` + the name.
    let tag = style_of(&found, "tag 2018-08-13 GetTags").unwrap();
    assert!(
        matches!(&tag.style, model::PageStyle::Token { token, next } if token.wire == "PaginationToken" && next.wire == "PaginationToken"),
        "{tag:?}"
    );
    assert_eq!(tag.total, None, "a token stream has no total");
    let wav = style_of(&found, "wav 2021-01-29 QueryActivityList").unwrap();
    assert!(
        matches!(&wav.style, model::PageStyle::Token { token, next } if token.wire == "Cursor" && next.wire == "NextCursor"),
        "{wav:?}"
    );
    // One level down: billing's budgets in `Data`, counted by `Data.Total`; cdn's CLS logs
    // in `Logs`, with the next `Context` beside them.
    let budget = style_of(&found, "billing 2018-07-09 DescribeBudget").unwrap();
    assert_eq!(budget.within, Some(member("Data", "data")));
    assert_eq!(budget.path(&budget.items), "Data.Records");
    assert_eq!(budget.total, Some(member("Total", "total")));
    assert!(
        matches!(&budget.style, model::PageStyle::PageNumber { number, first: 1, .. } if number.wire == "PageNo"),
        "{budget:?}"
    );
    let logs = style_of(&found, "cdn 2018-06-06 SearchClsLog").unwrap();
    assert_eq!(logs.path(&logs.items), "Logs.Results");
    assert!(
        matches!(&logs.style, model::PageStyle::Token { token, next } if token.wire == "Context" && logs.path(next) == "Logs.Context"),
        "{logs:?}"
    );
    // Not inferred: five lists (cls), two styles at once (billing), no total (sms).
    assert_eq!(style_of(&found, "cls 2020-10-16 SearchLog"), None);
    assert_eq!(
        style_of(&found, "billing 2018-07-09 DescribeBillDetail"),
        None
    );
    assert_eq!(
        style_of(&found, "sms 2021-01-11 DescribeSmsTemplateList"),
        None
    );
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn the_paging_override_file_holds_and_corrects_the_inference() {
    let overrides = OverrideFile::<PagingOverride>::load(&paging::overrides_path()).unwrap();
    assert!(!overrides.entries().is_empty());
    assert!(overrides.entries().iter().all(|e| e.reason.len() > 20));
    // The models of the products the file names, which the check reads.
    let specs = specs();
    let mut specs: BTreeMap<String, model::Crate> = overrides
        .products()
        .into_iter()
        .map(|p| {
            let model = plan::plan(p, &specs[p], &Default::default()).unwrap();
            (p.to_owned(), model)
        })
        .collect();
    overrides.check(&specs).unwrap();
    let plan = |specs: &mut BTreeMap<String, model::Crate>, product: &str| {
        let mut plan = specs.remove(product).unwrap();
        overrides.apply(&mut plan).unwrap();
        plan
    };
    let action = |plan: &model::Crate, name: &str| {
        plan.versions
            .iter()
            .flat_map(|v| &v.actions)
            .find(|a| a.name == name)
            .unwrap()
            .paging
            .clone()
    };
    // A total that is not one: ecm's TotalCount is the page's length.
    let ecm = plan(&mut specs, "ecm");
    let instances = action(&ecm, "DescribeInstances").unwrap();
    assert_eq!(instances.total, None);
    assert_eq!(instances.items.wire, "InstanceSet");
    // Two lists: the one that pages is named.
    let cdb = plan(&mut specs, "cdb");
    let databases = action(&cdb, "DescribeDatabases").unwrap();
    assert_eq!(databases.items.wire, "Items");
    assert_eq!(databases.item, model::Type::String);
    assert_eq!(databases.total, Some(member("TotalCount", "total_count")));
    // One level down: dlc's only list is the schema of rows sent as text; monitor's own
    // list keeps the inference from `Data`, which the override names.
    let dlc = plan(&mut specs, "dlc");
    assert_eq!(action(&dlc, "DescribeTaskResult"), None);
    let monitor = plan(&mut specs, "monitor");
    let tasks = action(&monitor, "DescribeAIWorkbenchSREDigitalTwinTaskList").unwrap();
    assert_eq!(tasks.path(&tasks.items), "Data.Tasks");
    assert_eq!(
        tasks.total.as_ref().map(|t| tasks.path(t)).as_deref(),
        Some("Data.Total")
    );
    // An obsolete token: waf pages by a page number from 0 with another size member.
    let waf = plan(&mut specs, "waf");
    assert_eq!(
        action(&waf, "SearchAttackLog").unwrap().style,
        model::PageStyle::PageNumber {
            number: member("Page", "page"),
            size: member("Count", "count"),
            first: 0
        }
    );
}

/// A spec of product `x` with one action per paging case.
fn paging_spec() -> String {
    use serde_json::{json, Value};
    let m = |name: &str, kind: &str, member: &str| json!({"name": name, "type": kind, "member": member, "document": ""});
    let disabled = |mut v: Value| {
        v["disabled"] = json!(true);
        v
    };
    let documented = |mut v: Value, doc: &str| {
        v["document"] = json!(doc);
        v
    };
    let request_id = m("RequestId", "string", "string");
    let offset = [m("Offset", "int", "uint64"), m("Limit", "int", "int64")];
    let cases: Vec<(&str, Vec<Value>, Vec<Value>)> = vec![
        (
            "ListOffset",
            offset.to_vec(),
            vec![m("TotalCount", "int", "int64"), m("Nodes", "list", "Node")],
        ),
        (
            "ListPages",
            vec![
                documented(m("PageNo", "int", "int64"), "页码，从 0 开始"),
                m("PageSize", "int", "int64"),
            ],
            vec![m("Total", "int", "uint64"), m("Names", "list", "string")],
        ),
        (
            "ListPagesFromOne",
            vec![
                m("PageIndex", "int", "int64"),
                m("PageSize", "int", "int64"),
            ],
            vec![m("TotalCnt", "int", "int64"), m("Names", "list", "string")],
        ),
        (
            "ListCursor",
            vec![m("Cursor", "string", "string")],
            vec![
                m("NextCursor", "string", "string"),
                m("Numbers", "list", "int64"),
            ],
        ),
        (
            "ListTwoLists",
            offset.to_vec(),
            vec![
                m("TotalCount", "int", "int64"),
                m("Nodes", "list", "Node"),
                m("Kinds", "list", "string"),
            ],
        ),
        (
            "ListTwoStyles",
            vec![
                offset[0].clone(),
                offset[1].clone(),
                m("NextToken", "string", "string"),
            ],
            vec![
                m("TotalCount", "int", "int64"),
                m("NextToken", "string", "string"),
                m("Nodes", "list", "Node"),
            ],
        ),
        (
            "ListDisabled",
            vec![
                disabled(offset[0].clone()),
                disabled(offset[1].clone()),
                m("PageNumber", "int", "int64"),
                m("PageSize", "int", "int64"),
            ],
            vec![
                m("TotalCount", "int", "int64"),
                disabled(m("OldNodes", "list", "Node")),
                m("Nodes", "list", "Node"),
            ],
        ),
        (
            "ListNoTotal",
            offset.to_vec(),
            vec![m("Nodes", "list", "Node")],
        ),
        // One level down: the page object is the response's one object member with a list.
        (
            "ListNested",
            offset.to_vec(),
            vec![
                m("Data", "object", "NodePage"),
                m("Summary", "object", "Summary"),
            ],
        ),
        (
            "ListNestedToken",
            vec![m("NextToken", "string", "string")],
            vec![m("Result", "object", "TokenPage")],
        ),
        (
            "ListNestedDisabled",
            offset.to_vec(),
            vec![
                disabled(m("Old", "object", "KindPage")),
                m("Data", "object", "NodePage"),
            ],
        ),
        (
            "ListNestedTotalOutside",
            offset.to_vec(),
            vec![
                m("TotalCount", "int", "int64"),
                m("Data", "object", "NodesOnly"),
            ],
        ),
        (
            "ListNestedTwoHolders",
            offset.to_vec(),
            vec![
                m("Data", "object", "NodePage"),
                m("Kinds", "object", "KindPage"),
            ],
        ),
        (
            "ListNestedTopList",
            offset.to_vec(),
            vec![
                m("Paths", "list", "string"),
                m("Data", "object", "NodePage"),
            ],
        ),
        (
            "ListNestedTwoLists",
            offset.to_vec(),
            vec![m("Data", "object", "TwoListPage")],
        ),
        (
            "ListNestedTokenTwoLists",
            vec![m("NextToken", "string", "string")],
            vec![m("Result", "object", "TwoListTokenPage")],
        ),
        (
            "ListTwoLevelsDown",
            offset.to_vec(),
            vec![m("Data", "object", "Outer")],
        ),
    ];
    let mut actions = serde_json::Map::new();
    let mut objects = serde_json::Map::new();
    for (name, request, mut response) in cases {
        response.push(request_id.clone());
        actions.insert(
            name.into(),
            json!({"name": name, "document": "", "input": format!("{name}Request"), "output": format!("{name}Response")}),
        );
        objects.insert(
            format!("{name}Request"),
            json!({"document": "", "members": request}),
        );
        objects.insert(
            format!("{name}Response"),
            json!({"document": "", "members": response}),
        );
    }
    let nested: [(&str, Vec<Value>); 8] = [
        ("Node", vec![m("Id", "string", "string")]),
        (
            "NodePage",
            vec![m("TotalCount", "int", "int64"), m("Nodes", "list", "Node")],
        ),
        ("Summary", vec![m("Healthy", "int", "int64")]),
        (
            "TokenPage",
            vec![
                m("NextToken", "string", "string"),
                m("Items", "list", "string"),
            ],
        ),
        ("KindPage", vec![m("Kinds", "list", "string")]),
        ("NodesOnly", vec![m("Nodes", "list", "Node")]),
        (
            "TwoListPage",
            vec![
                m("TotalCount", "int", "int64"),
                m("Nodes", "list", "Node"),
                m("Kinds", "list", "string"),
            ],
        ),
        ("Outer", vec![m("Page", "object", "NodePage")]),
    ];
    for (name, members) in nested {
        objects.insert(name.into(), json!({"document": "", "members": members}));
    }
    objects.insert(
        "TwoListTokenPage".into(),
        json!({"document": "", "members": [
            m("NextToken", "string", "string"),
            m("Items", "list", "string"),
            m("Sorts", "list", "string"),
        ]}),
    );
    json!({
        "metadata": {"serviceShortName": "x", "apiVersion": "2020-01-01"},
        "actions": actions,
        "objects": objects,
    })
    .to_string()
}

fn paging_of(plan: &model::Crate, action: &str) -> Option<model::Pagination> {
    plan.versions[0]
        .actions
        .iter()
        .find(|a| a.name == action)
        .unwrap()
        .paging
        .clone()
}

#[test]
fn paging_inference_rules() {
    let plan = plan_of(&paging_spec(), None);
    let offset = paging_of(&plan, "ListOffset").unwrap();
    assert_eq!(
        offset.style,
        model::PageStyle::Offset {
            offset: member("Offset", "offset"),
            limit: member("Limit", "limit")
        }
    );
    assert_eq!(offset.total, Some(member("TotalCount", "total_count")));
    assert_eq!(offset.items, member("Nodes", "nodes"));

    let pages = paging_of(&plan, "ListPages").unwrap();
    assert_eq!(
        pages.style,
        model::PageStyle::PageNumber {
            number: member("PageNo", "page_no"),
            size: member("PageSize", "page_size"),
            first: 0
        },
        "the docs say pages count from 0"
    );
    assert_eq!(pages.item, model::Type::String);
    let from_one = paging_of(&plan, "ListPagesFromOne").unwrap();
    assert!(matches!(
        from_one.style,
        model::PageStyle::PageNumber { first: 1, .. }
    ));
    assert_eq!(from_one.total, Some(member("TotalCnt", "total_cnt")));

    let cursor = paging_of(&plan, "ListCursor").unwrap();
    assert_eq!(
        cursor.style,
        model::PageStyle::Token {
            token: member("Cursor", "cursor"),
            next: member("NextCursor", "next_cursor")
        }
    );
    assert_eq!(cursor.item, model::Type::I64);

    let disabled = paging_of(&plan, "ListDisabled").unwrap();
    assert!(matches!(
        disabled.style,
        model::PageStyle::PageNumber { .. }
    ));
    assert_eq!(
        disabled.items.wire, "Nodes",
        "the disabled list is not a candidate"
    );

    for unsure in ["ListTwoLists", "ListTwoStyles", "ListNoTotal"] {
        assert_eq!(paging_of(&plan, unsure), None, "{unsure}");
    }

    // One level down: the items and the total in the response's `Data`; `Summary` holds
    // no list, so it is no rival.
    let nested = paging_of(&plan, "ListNested").unwrap();
    assert_eq!(nested.within, Some(member("Data", "data")));
    assert_eq!(nested.items, member("Nodes", "nodes"));
    assert_eq!(nested.total, Some(member("TotalCount", "total_count")));
    assert_eq!(nested.path(&nested.items), "Data.Nodes");
    assert!(matches!(nested.style, model::PageStyle::Offset { .. }));
    assert_eq!(
        nested.item,
        model::Type::Object {
            name: "Node".into(),
            boxed: false
        }
    );
    let token = paging_of(&plan, "ListNestedToken").unwrap();
    assert_eq!(token.within, Some(member("Result", "result")));
    assert_eq!(
        token.style,
        model::PageStyle::Token {
            token: member("NextToken", "next_token"),
            next: member("NextToken", "next_token")
        }
    );
    assert_eq!(token.item, model::Type::String);
    let disabled = paging_of(&plan, "ListNestedDisabled").unwrap();
    assert_eq!(
        disabled.within,
        Some(member("Data", "data")),
        "a disabled object member is no rival"
    );
    assert_eq!(paging_of(&plan, "ListOffset").unwrap().within, None);
    for unsure in [
        // The total must sit beside the list.
        "ListNestedTotalOutside",
        // Two object members with lists.
        "ListNestedTwoHolders",
        // A list of the response's own: the direct rule decides (and finds no total).
        "ListNestedTopList",
        // Two lists in the page object.
        "ListNestedTwoLists",
        "ListNestedTokenTwoLists",
        // Only one level down is searched.
        "ListTwoLevelsDown",
    ] {
        assert_eq!(paging_of(&plan, unsure), None, "{unsure}");
    }
    for (doc, zero) in [
        ("页码，从 0 开始", true),
        ("默认0，从0开始", true),
        ("当前页数，默认为0， 注意", true),
        ("Page number, starting from 0.", true),
        ("页码，从1开始", false),
        ("当前页面索引", false),
    ] {
        assert_eq!(paging::counts_from_zero(doc), zero, "{doc}");
    }
}

/// The model of product `x` from [`paging_spec`], by product as the override check reads
/// it, and alone.
fn paging_specs() -> (BTreeMap<String, model::Crate>, model::Crate) {
    let dir = TempDir::new("sdk-paging");
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    dir.write("specs/x-v20200101.json", &paging_spec());
    let specs = site::product_specs(dir.path()).unwrap();
    let plan = plan::plan("x", &specs["x"], &Default::default()).unwrap();
    (BTreeMap::from([("x".to_owned(), plan.clone())]), plan)
}

fn overrides(entries: &str) -> Result<OverrideFile<PagingOverride>, SpecError> {
    let text = format!(r#"{{"overrides": [{entries}]}}"#);
    OverrideFile::parse(Path::new("sdk-paging.json"), &text)
}

#[test]
fn paging_overrides_force_off_name_members_and_reject_mistakes() {
    let (specs, plan) = paging_specs();
    let entries = r#"
        {"product": "x", "action": "ListOffset", "off": true, "reason": "not paging"},
        {"product": "x", "version": "2020-01-01", "action": "ListTwoLists", "style": "offset",
         "items": "Nodes", "total": "TotalCount", "reason": "Kinds are the filter values"},
        {"product": "x", "action": "ListTwoStyles", "style": "token", "items": "Nodes",
         "reason": "the token is the documented way"},
        {"product": "x", "action": "ListNestedTopList", "style": "offset", "items": "Data.Nodes",
         "total": "Data.TotalCount", "reason": "Paths is not a page"},
        {"product": "x", "action": "ListNestedTokenTwoLists", "style": "token",
         "items": "Result.Items", "reason": "Sorts is the sort order"},
        {"product": "x", "action": "ListNested", "off": true, "reason": "not paging"}
    "#;
    let good = overrides(entries).unwrap();
    good.check(&specs).unwrap();
    let mut applied = plan.clone();
    good.apply(&mut applied).unwrap();
    assert_eq!(paging_of(&applied, "ListOffset"), None);
    let two_lists = paging_of(&applied, "ListTwoLists").unwrap();
    assert_eq!(two_lists.items, member("Nodes", "nodes"));
    assert_eq!(two_lists.total, Some(member("TotalCount", "total_count")));
    assert_eq!(
        paging_of(&applied, "ListTwoStyles").unwrap().style,
        model::PageStyle::Token {
            token: member("NextToken", "next_token"),
            next: member("NextToken", "next_token")
        }
    );
    // Paths name members one level down; the next token defaults to the token's name in
    // the object of the items.
    let top_list = paging_of(&applied, "ListNestedTopList").unwrap();
    assert_eq!(top_list.within, Some(member("Data", "data")));
    assert_eq!(top_list.items, member("Nodes", "nodes"));
    assert_eq!(top_list.total, Some(member("TotalCount", "total_count")));
    let token = paging_of(&applied, "ListNestedTokenTwoLists").unwrap();
    assert_eq!(token.within, Some(member("Result", "result")));
    assert_eq!(token.path(&token.items), "Result.Items");
    assert_eq!(
        token.style,
        model::PageStyle::Token {
            token: member("NextToken", "next_token"),
            next: member("NextToken", "next_token")
        }
    );
    assert_eq!(token.item, model::Type::String);
    assert_eq!(paging_of(&applied, "ListNested"), None);

    let bad = [
        (
            r#"{"product": "y", "action": "ListOffset", "off": true, "reason": "r"}"#,
            "no product `y`",
        ),
        (
            r#"{"product": "x", "version": "2021-01-01", "action": "ListOffset", "off": true, "reason": "r"}"#,
            "has no version 2021-01-01",
        ),
        (
            r#"{"product": "x", "action": "ListMissing", "off": true, "reason": "r"}"#,
            "has no action `ListMissing`",
        ),
        (
            r#"{"product": "x", "action": "ListTwoLists", "style": "offset", "items": "Things", "reason": "r"}"#,
            "`ListTwoListsResponse` has no member `Things`",
        ),
        (
            r#"{"product": "x", "action": "ListTwoLists", "style": "offset", "items": "TotalCount", "reason": "r"}"#,
            "`ListTwoListsResponse.TotalCount` is of type `int`, not `list`",
        ),
        (
            r#"{"product": "x", "action": "ListTwoLists", "style": "page", "items": "Nodes", "reason": "r"}"#,
            "`ListTwoListsRequest` has no member `PageNumber`",
        ),
        (
            r#"{"product": "x", "action": "ListDisabled", "style": "offset", "items": "Nodes", "reason": "r"}"#,
            "`ListDisabledRequest` has no member `Offset`",
        ),
        (
            r#"{"product": "x", "action": "ListOffset", "off": true, "items": "Nodes", "reason": "r"}"#,
            "`items` does not apply here",
        ),
        (
            r#"{"product": "x", "action": "ListCursor", "style": "token", "items": "Numbers", "total": "X", "reason": "r"}"#,
            "`total` does not apply here",
        ),
        (
            r#"{"product": "x", "action": "ListOffset", "reason": "r"}"#,
            "needs `off: true`, or a `style`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTwoLists", "style": "offset", "items": "Data.Things", "reason": "r"}"#,
            "`TwoListPage` has no member `Things`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTwoLists", "style": "offset", "items": "Page.Nodes", "reason": "r"}"#,
            "`ListNestedTwoListsResponse` has no member `Page`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTwoLists", "style": "offset", "items": "RequestId.Nodes", "reason": "r"}"#,
            "`ListNestedTwoListsResponse.RequestId` is of type `string`, not `object`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTwoLists", "style": "offset", "items": "Data.TotalCount", "reason": "r"}"#,
            "`TwoListPage.TotalCount` is of type `int`, not `list`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedDisabled", "style": "offset", "items": "Old.Kinds", "reason": "r"}"#,
            "`ListNestedDisabledResponse` has no member `Old`",
        ),
        (
            r#"{"product": "x", "action": "ListTwoLevelsDown", "style": "offset", "items": "Data.Page.Nodes", "reason": "r"}"#,
            "`items` is `Data.Page.Nodes`; expected a member (`List`) or an object member's member (`Data.List`)",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTwoLists", "style": "offset", "items": ".Nodes", "reason": "r"}"#,
            "`items` is `.Nodes`",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTotalOutside", "style": "offset", "items": "Data.Nodes", "total": "TotalCount", "reason": "r"}"#,
            "`total` and `items` are in different objects",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTokenTwoLists", "style": "token", "items": "Result.Items", "next_token": "NextToken", "reason": "r"}"#,
            "`next_token` and `items` are in different objects",
        ),
        (
            r#"{"product": "x", "action": "ListNestedTokenTwoLists", "style": "token", "items": "Result.Sorts", "token": "Cursor", "reason": "r"}"#,
            "`ListNestedTokenTwoListsRequest` has no member `Cursor`",
        ),
        (
            r#"{"product": "x", "action": "ListOffset", "style": "cursor", "items": "Nodes", "reason": "r"}"#,
            "unknown style `cursor`",
        ),
        (
            r#"{"product": "x", "action": "ListOffset", "off": true, "reason": " "}"#,
            "the reason is empty",
        ),
        (
            r#"{"product": "x", "action": "ListOffset", "off": true, "reason": "r"},
               {"product": "x", "action": "ListOffset", "off": true, "reason": "r"}"#,
            "a second entry for the same action",
        ),
    ];
    for (entry, expected) in bad {
        let error = overrides(entry)
            .unwrap()
            .check(&specs)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("sdk-paging.json: override of "),
            "{error}"
        );
        assert!(error.contains(expected), "{error}\nexpected: {expected}");
    }
    let syntax = overrides(r#"{"product": "x", "action": "A", "of": true, "reason": "r"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        syntax.contains("sdk-paging.json") && syntax.contains("overrides[0]"),
        "{syntax}"
    );

    // An entry that changes nothing is stale.
    let stale = overrides(
        r#"{"product": "x", "action": "ListNoTotal", "off": true, "reason": "not paging"}"#,
    )
    .unwrap();
    stale.check(&specs).unwrap();
    let error = stale.apply(&mut plan.clone()).unwrap_err().to_string();
    assert!(error.contains("changes nothing"), "{error}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn paging_glue_and_methods_are_emitted_for_cvm() {
    let crates = generated(&["cvm"], &Options::default());
    let cvm = &version_text(&crates["cvm"], "v20170312");
    for expected in [
        "impl ::tcapi::Paginated for DescribeInstancesRequest {",
        "type Item = Instance;",
        "const PAGING: ::tcapi::Paging = ::tcapi::Paging::Offset;",
        "::tcapi::__private::page_items(&response.instance_set)",
        "::tcapi::__private::PageNumberField::get(&response.total_count)",
        "pub fn describe_instances_pages(",
        "pub fn describe_instances_items(",
        "::core::result::Result<Instance, ::tcapi::Error<errors::Code>>",
    ] {
        assert!(cvm.contains(expected), "missing: {expected}");
    }
    // Actions that do not page get neither.
    assert!(!cvm.contains("fn run_instances_pages"));
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn nested_paging_glue_reads_the_page_object() {
    let crates = generated(&["billing"], &Options::default());
    let billing = &version_text(&crates["billing"], "v20180709");
    let compact = |text: &str| text.split_whitespace().collect::<String>();
    let billing = compact(billing);
    for expected in [
        "impl ::tcapi::Paginated for DescribeBudgetRequest {",
        "const PAGING: ::tcapi::Paging = ::tcapi::Paging::PageNumber { first: 1u64, };",
        "response.data.as_ref().map(|__page| ::tcapi::__private::page_items(&__page.records)).unwrap_or_default()",
        "response.data.and_then(|__page| __page.records).unwrap_or_default()",
        "response.data.as_ref().and_then(|__page| ::tcapi::__private::PageNumberField::get(&__page.total))",
        "::tcapi::__private::PageNumberField::set(&mut self.page_no, position)",
        "moving `PageNo` (from 1) and `PageSize`, up to the response's `Data.Total`;",
        "/// The items (`Data.Records`) of every page of",
        "pub fn describe_budget_items(",
    ] {
        assert!(billing.contains(&compact(expected)), "missing: {expected}");
    }
}
