//! `tcapi-codegen cloud`: the catalog of the test server, from the SDK generator's model of
//! every product ([`crate::sdk::plans`]: the actions, members and types the generated crates
//! send, and the published examples), and from nothing else.
//!
//! It writes, under the output directory (`testserver/src/catalog`),
//! `data/<service>-v<YYYYMMDD>.json.gz` per product-version ([`tcapi_catalog::ProductVersion`],
//! compact JSON, gzip-compressed with a fixed header so the bytes depend on the content only)
//! and `index.rs`, the list the server embeds with `include_bytes!`.
//!
//! An example that cannot be used (a request or response that is not JSON, a response that
//! is not an API 3.0 body, an action the spec does not have) is kept as `None` and listed
//! in the [`CatalogReport`], file and action; the server then answers a body built from the
//! output object.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::sdk::model::{self, PageStyle, Pagination, PublishedExample, Type};
use crate::sdk::GenerateError;
use tcapi_catalog::{Action, Example, Member, MemberType, PagingMembers, ProductVersion, FORMAT};

/// The command that writes the catalog, as its files name it.
pub const COMMAND: &str =
    "tcapi-codegen cloud --spec-dir ../shared/data --out testserver/src/catalog";

/// The folder of the product-version files under the output directory.
pub const DATA_DIR: &str = "data";

/// The generated index of the files, under the output directory.
pub const INDEX: &str = "index.rs";

/// The generated catalog: its files and what the generator noticed.
#[derive(Debug)]
pub struct Generated {
    /// Every file, by path relative to the output directory.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// Counts and unusable examples.
    pub report: CatalogReport,
}

/// What the generator counted, and every example it could not use.
#[derive(Debug, Default)]
pub struct CatalogReport {
    /// Product-versions written.
    pub product_versions: usize,
    /// Actions.
    pub actions: usize,
    /// Actions that stream.
    pub streaming: usize,
    /// Actions that page.
    pub paging: usize,
    /// Actions with at least one usable example response.
    pub with_example: usize,
    /// Examples read.
    pub examples: usize,
    /// Each unusable example part: `file: Action #n: part: why`.
    pub invalid: Vec<String>,
    /// The JSON size of every product-version, before compression.
    pub json_bytes: usize,
    /// The size of the compressed files.
    pub compressed_bytes: usize,
}

impl fmt::Display for CatalogReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} product-versions, {} actions ({} stream, {} page, {} with an example answer), {} examples",
            self.product_versions,
            self.actions,
            self.streaming,
            self.paging,
            self.with_example,
            self.examples
        )?;
        writeln!(
            f,
            "{} bytes of JSON, {} bytes compressed",
            self.json_bytes, self.compressed_bytes
        )?;
        writeln!(f, "{} unusable example parts:", self.invalid.len())?;
        for line in &self.invalid {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

/// The catalog of every product of `spec_dir` (the reference data folder).
pub fn generate(spec_dir: &Path) -> Result<Generated, GenerateError> {
    catalog(&crate::sdk::plans(spec_dir, &[])?)
}

/// The catalog of the products of `models` (from [`crate::sdk::plans`]).
pub fn catalog(models: &[model::Crate]) -> Result<Generated, GenerateError> {
    let mut report = CatalogReport::default();
    let mut files = BTreeMap::new();
    let mut index = Vec::new();
    for model in models {
        for version in &model.versions {
            let catalog = product_version(&model.product, version, &mut report);
            let json = serde_json::to_vec(&catalog).map_err(|e| GenerateError::Emit {
                product: model.product.clone(),
                message: e.to_string(),
            })?;
            let compressed = gzip(&json);
            report.product_versions += 1;
            report.json_bytes += json.len();
            report.compressed_bytes += compressed.len();
            let name = format!("{}-{}.json.gz", model.product, version.module);
            index.push((
                model.product.clone(),
                version.api_version.clone(),
                name.clone(),
            ));
            files.insert(Path::new(DATA_DIR).join(name), compressed);
        }
    }
    files.insert(PathBuf::from(INDEX), index_rs(&index).into_bytes());
    Ok(Generated { files, report })
}

/// Writes `generated` under `out`: the data files (replacing every `.json.gz` there, so a
/// product-version that is gone does not linger) and the index.
pub fn write(out: &Path, generated: &Generated) -> Result<(), GenerateError> {
    let io = |file: &Path| {
        let file = file.to_owned();
        move |e: std::io::Error| GenerateError::Io {
            file: file.clone(),
            message: e.to_string(),
        }
    };
    let data = out.join(DATA_DIR);
    std::fs::create_dir_all(&data).map_err(io(&data))?;
    for entry in std::fs::read_dir(&data).map_err(io(&data))? {
        let path = entry.map_err(io(&data))?.path();
        if path.to_string_lossy().ends_with(".json.gz") {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    for (path, bytes) in &generated.files {
        let file = out.join(path);
        std::fs::write(&file, bytes).map_err(io(&file))?;
    }
    Ok(())
}

/// Gzip with the best compression and a header without a time or file name.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    encoder.write_all(bytes).expect("write into memory");
    encoder.finish().expect("write into memory")
}

fn index_rs(entries: &[(String, String, String)]) -> String {
    let mut out = format!(
        "// @generated by `{COMMAND}`: do not edit.\n\n\
         /// Every product-version of the catalog: its service, its API version and its file\n\
         /// (`tcapi_codes::cloud::ProductVersion` as gzip-compressed JSON).\n\
         pub(super) const FILES: &[(&str, &str, &[u8])] = &[\n"
    );
    for (service, version, file) in entries {
        out.push_str(&format!(
            "    ({service:?}, {version:?}, include_bytes!(\"{DATA_DIR}/{file}\")),\n"
        ));
    }
    out.push_str("];\n");
    out
}

fn product_version(
    product: &str,
    version: &model::Version,
    report: &mut CatalogReport,
) -> ProductVersion {
    let mut objects = BTreeMap::new();
    for object in &version.structs {
        let members = object
            .fields
            .iter()
            .map(|field| {
                let flags = u8::from(field.required) * tcapi_catalog::REQUIRED
                    + u8::from(field.always_returned) * tcapi_catalog::ALWAYS_RETURNED;
                Member(field.wire.clone(), member_type(&field.ty).spelling(), flags)
            })
            .collect();
        objects.insert(object.name.clone(), members);
    }
    let file_name = &version.examples_file;
    let mut actions = BTreeMap::new();
    for action in &version.actions {
        let stream = action.stream.is_some();
        let mut examples = Vec::new();
        for (n, published) in action.examples.iter().enumerate() {
            let at = format!("{file_name}: {} #{}", action.name, n + 1);
            examples.push(example(published, &objects, &action.request, &at, report));
        }
        report.actions += 1;
        report.streaming += usize::from(stream);
        report.paging += usize::from(action.paging.is_some());
        report.examples += examples.len();
        report.with_example += usize::from(examples.iter().any(|e| e.response.is_some()));
        actions.insert(
            action.name.clone(),
            Action {
                input: action.request.clone(),
                output: action.response.clone(),
                stream,
                paging: action.paging.as_ref().map(paging_members),
                examples,
            },
        );
    }
    for (action, list) in &version.stray_examples {
        report.examples += list.len();
        report.invalid.push(format!(
            "{file_name}: {action}: {} example(s) of an action the spec does not have",
            list.len()
        ));
    }
    ProductVersion {
        generated: COMMAND.to_owned(),
        format: FORMAT,
        service: product.to_owned(),
        version: version.api_version.clone(),
        actions,
        objects,
    }
}

fn member_type(ty: &Type) -> MemberType<'_> {
    match ty {
        Type::Bool => MemberType::Bool,
        Type::I64 => MemberType::Int,
        Type::U64 => MemberType::Uint,
        Type::F64 => MemberType::Float,
        Type::String => MemberType::String,
        Type::Object { name, .. } => MemberType::Object(name),
        Type::List(element) => MemberType::List(Box::new(member_type(element))),
    }
}

fn paging_members(paging: &Pagination) -> PagingMembers {
    let items = paging.path(&paging.items);
    let total = paging.total.as_ref().map(|t| paging.path(t));
    match &paging.style {
        PageStyle::Offset { offset, limit } => PagingMembers::Offset {
            offset: offset.wire.clone(),
            limit: limit.wire.clone(),
            items,
            total,
        },
        PageStyle::PageNumber {
            number,
            size,
            first,
        } => PagingMembers::Page {
            number: number.wire.clone(),
            size: size.wire.clone(),
            first: *first,
            items,
            total,
        },
        PageStyle::Token { token, next } => PagingMembers::Token {
            token: token.wire.clone(),
            next: paging.path(next),
            items,
        },
    }
}

fn example(
    published: &PublishedExample,
    objects: &BTreeMap<String, Vec<Member>>,
    input: &str,
    at: &str,
    report: &mut CatalogReport,
) -> Example {
    let mut invalid = |part: &str, why: String| report.invalid.push(format!("{at}: {part}: {why}"));
    let (request, form) = match example_request(&published.request) {
        Ok(ExampleRequest::Json(value)) => (Some(value), false),
        Ok(ExampleRequest::Form(map)) => (Some(typed(objects, input, Value::Object(map))), true),
        Err(why) => {
            invalid("request", why);
            (None, false)
        }
    };
    let response = match serde_json::from_str::<Value>(published.response.trim()) {
        Ok(value) if value.get("Response").is_some_and(Value::is_object) => Some(value),
        Ok(_) => {
            invalid(
                "response",
                "not an API 3.0 body (no `Response` object)".into(),
            );
            None
        }
        Err(e) => {
            invalid("response", format!("not JSON: {e}"));
            None
        }
    };
    Example {
        request,
        form,
        response,
    }
}

enum ExampleRequest {
    Json(Value),
    Form(Map<String, Value>),
}

/// A published request as parameters: the form's without the common ones, or the JSON
/// body, which must be an object.
fn example_request(input: &str) -> Result<ExampleRequest, String> {
    match tcapi_catalog::PublishedRequest::parse(input)? {
        tcapi_catalog::PublishedRequest::Form(pairs) => tcapi_catalog::unflatten(
            pairs
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .filter(|(key, _)| !tcapi_catalog::COMMON_PARAMETERS.contains(key)),
        )
        .map(ExampleRequest::Form)
        .map_err(|e| e.to_string()),
        tcapi_catalog::PublishedRequest::Json(value @ Value::Object(_)) => {
            Ok(ExampleRequest::Json(value))
        }
        tcapi_catalog::PublishedRequest::Json(_) => Err("the body is not a JSON object".into()),
    }
}

/// A form's values (all text) read with the spec's types where they parse: what a client
/// that knows the types would have sent as JSON.
fn typed(objects: &BTreeMap<String, Vec<Member>>, object: &str, value: Value) -> Value {
    let Value::Object(members) = value else {
        return value;
    };
    let spec = objects.get(object);
    let out = members
        .into_iter()
        .map(|(key, item)| {
            let ty = spec
                .and_then(|m| m.iter().find(|m| m.wire() == key))
                .map(Member::member_type);
            let item = match ty {
                Some(ty) => typed_value(objects, &ty, item),
                None => item,
            };
            (key, item)
        })
        .collect();
    Value::Object(out)
}

fn typed_value(
    objects: &BTreeMap<String, Vec<Member>>,
    ty: &MemberType<'_>,
    value: Value,
) -> Value {
    let parsed = |text: &str| -> Option<Value> {
        match ty {
            MemberType::Int => text.parse::<i64>().ok().map(Value::from),
            MemberType::Uint => text.parse::<u64>().ok().map(Value::from),
            MemberType::Float => text.parse::<f64>().ok().map(Value::from),
            MemberType::Bool => text.parse::<bool>().ok().map(Value::from),
            _ => None,
        }
    };
    match (ty, value) {
        (MemberType::List(element), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|item| typed_value(objects, element, item))
                .collect(),
        ),
        (MemberType::Object(name), value) => typed(objects, name, value),
        (_, Value::String(text)) => parsed(&text).unwrap_or(Value::String(text)),
        (_, value) => value,
    }
}
