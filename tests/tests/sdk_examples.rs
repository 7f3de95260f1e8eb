//! Every published example of the generated crates CI builds holds against their types: the
//! example request (a JSON body, or the flattened `Filters.0.Name=...` form) loads into its
//! request type and serializes back to the same value up to the leniency, a form example
//! encodes back to the same pairs, and the example response decodes through the derive with
//! its own RequestId.
//!
//! "Up to the leniency": the example is first normalised with the spec's member types (a
//! number written as a string becomes the number, a `null` member is absent), which is what
//! the lenient decoding promises to give back. An example that cannot hold is listed, with the
//! reason, in `data/example-exceptions.json`; a listed example that holds fails the test too,
//! so the list stays honest.
//!
//! The examples and specs are read from `../shared/data` (beside the repository); where that
//! folder is absent the test says so on stderr and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tcapi::__private::ActionVisitor;
use tcapi::{Action, Error, ErrorCode, TencentResponse};
use tcapi_catalog::PublishedRequest;

mod generated;

/// The keys of the common parameters a form example may carry beside the action's own.
const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
];

/// A request's flattened form: `(key, value)` pairs.
type Pairs = Vec<(String, String)>;

/// What one request type can do with an example.
#[derive(Clone, Copy)]
struct Checks {
    /// Loads the request and serializes it back, as JSON and as form pairs.
    round_trip: fn(Value) -> Result<(Value, Pairs), String>,
    /// Decodes a response body through the derive.
    decode: fn(&[u8]) -> Decoded,
}

/// What the derive made of a response body.
enum Decoded {
    /// A success, with its RequestId.
    Data(Option<String>),
    /// The API error of the body: its code and RequestId.
    Api { code: String, request_id: String },
    /// Anything else.
    Failed(String),
}

fn round_trip<A: Action + DeserializeOwned>(input: Value) -> Result<(Value, Pairs), String> {
    let request: A = serde_json::from_value(input).map_err(|e| format!("does not load: {e}"))?;
    let json = serde_json::to_value(&request).map_err(|e| format!("does not serialize: {e}"))?;
    let pairs = tcapi::form::to_pairs(&request).map_err(|e| format!("no form: {e}"))?;
    Ok((json, pairs))
}

fn decode<A: Action>(body: &[u8]) -> Decoded {
    match A::Response::from_slice(body) {
        Ok(response) => Decoded::Data(response.request_id().map(str::to_owned)),
        Err(Error::Api(e)) => Decoded::Api {
            code: e.code().as_str().to_owned(),
            request_id: e.request_id().to_owned(),
        },
        Err(e) => Decoded::Failed(e.to_string()),
    }
}

/// The request types of one version, by action name.
#[derive(Default)]
struct Registry(BTreeMap<&'static str, Checks>);

impl ActionVisitor for Registry {
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Response: serde::Serialize + DeserializeOwned,
    {
        let checks = Checks {
            round_trip: round_trip::<A>,
            decode: decode::<A>,
        };
        assert!(
            self.0.insert(A::ACTION, checks).is_none(),
            "{} twice",
            A::ACTION
        );
    }
}

/// The reference data folder, or `None` (with a loud note) where it is absent.
fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    if dir.join("specs-examples").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED sdk_examples: the reference data {} is absent (CI has it)",
            dir.display()
        );
        None
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The members of a product-version's objects, from the China site's spec and, for what it
/// lacks, the international site's (the generated module is their union).
struct Spec {
    sites: Vec<Value>,
}

impl Spec {
    fn load(data: &Path, file: &str) -> Spec {
        let mut sites = vec![read_json(&data.join("specs").join(file))];
        let international = data.join("specs-en").join(file);
        if international.is_file() {
            sites.push(read_json(&international));
        }
        Spec { sites }
    }

    fn member(&self, object: &str, name: &str) -> Option<&Value> {
        self.sites.iter().find_map(|site| {
            site["objects"][object]["members"]
                .as_array()?
                .iter()
                .find(|m| m["name"] == name)
        })
    }

    fn request_object(&self, action: &str) -> Option<&str> {
        self.sites
            .iter()
            .find_map(|site| site["actions"][action]["input"].as_str())
    }

    /// `value` (an instance of `object`) as the lenient decoding gives it back: scalars in
    /// the spec's types where they convert, `null` members absent. What does not convert is
    /// kept, so that the comparison shows it.
    fn normalise(&self, object: &str, value: &Value) -> Value {
        let Value::Object(members) = value else {
            return value.clone();
        };
        let mut out = Map::new();
        for (key, item) in members {
            if item.is_null() {
                continue;
            }
            let item = match self.member(object, key) {
                Some(member) => self.normalise_member(member, item),
                None => item.clone(),
            };
            out.insert(key.clone(), item);
        }
        Value::Object(out)
    }

    fn normalise_member(&self, member: &Value, value: &Value) -> Value {
        let element = member["member"].as_str().unwrap_or_default();
        match (member["type"].as_str(), value) {
            (Some("list"), Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|item| self.normalise_element(element, item))
                    .collect(),
            ),
            _ => self.normalise_element(element, value),
        }
    }

    fn normalise_element(&self, element: &str, value: &Value) -> Value {
        let number = |n: Option<serde_json::Number>| n.map_or_else(|| value.clone(), Value::Number);
        match (element, value) {
            ("int64", Value::String(s)) => number(s.trim().parse::<i64>().ok().map(Into::into)),
            ("uint64", Value::String(s)) => number(s.trim().parse::<u64>().ok().map(Into::into)),
            ("float", Value::String(s)) => number(
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64),
            ),
            ("float", Value::Number(n)) => {
                number(n.as_f64().and_then(serde_json::Number::from_f64))
            }
            ("bool", Value::String(s)) => match s.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => value.clone(),
            },
            ("string" | "binary" | "date" | "datetime" | "datetime_iso", Value::Number(n)) => {
                Value::String(n.to_string())
            }
            (
                "int64" | "uint64" | "float" | "bool" | "string" | "binary" | "date" | "datetime"
                | "datetime_iso",
                _,
            ) => value.clone(),
            (object, _) => self.normalise(object, value),
        }
    }
}

/// An example's request, as JSON, and whether it was given as a form.
fn example_request(input: &str) -> Result<(Value, Option<Pairs>), String> {
    match PublishedRequest::parse(input)? {
        PublishedRequest::Form(pairs) => {
            let members =
                tcapi_catalog::unflatten(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .map_err(|e| e.to_string())?;
            Ok((Value::Object(members), Some(pairs)))
        }
        PublishedRequest::Json(json) => Ok((json, None)),
    }
}

/// Where `actual` first differs from `expected`, as a JSON path.
fn first_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let keys: BTreeSet<&String> = e.keys().chain(a.keys()).collect();
            keys.into_iter().find_map(|k| {
                let at = format!("{path}.{k}");
                match (e.get(k), a.get(k)) {
                    (Some(e), Some(a)) => first_difference(&at, e, a),
                    (Some(e), None) => Some(format!("{at}: {e} is lost")),
                    (None, Some(a)) => Some(format!("{at}: {a} appears")),
                    (None, None) => None,
                }
            })
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (e, a))| first_difference(&format!("{path}[{i}]"), e, a)),
        _ => (expected != actual).then(|| format!("{path}: {expected} comes back as {actual}")),
    }
}

/// Checks the request of one example; `Err` says why it does not hold.
fn check_request(spec: &Spec, checks: Checks, action: &str, input: &str) -> Result<(), String> {
    let object = spec
        .request_object(action)
        .ok_or("the spec has no such action")?;
    let (raw, form) = example_request(input)?;
    let mut expected = spec.normalise(object, &raw);
    if let (Some(_), Value::Object(members)) = (&form, &mut expected) {
        members.retain(|key, _| {
            !COMMON_PARAMETERS.contains(&key.as_str()) || spec.member(object, key).is_some()
        });
    }
    // A JSON body is loaded as written, to exercise the leniency; a form has no types, so it
    // is loaded as its spec types read it.
    let input = if form.is_some() {
        expected.clone()
    } else {
        raw
    };
    let (json, pairs) = (checks.round_trip)(input)?;
    if let Some(difference) = first_difference("", &expected, &json) {
        return Err(format!("does not round-trip: {difference}"));
    }
    if let Some(example_pairs) = form {
        let given: BTreeSet<(String, String)> = example_pairs
            .into_iter()
            .filter(|(key, _)| {
                !COMMON_PARAMETERS.contains(&key.as_str()) || spec.member(object, key).is_some()
            })
            .collect();
        let encoded: BTreeSet<(String, String)> = pairs.into_iter().collect();
        if given != encoded {
            return Err(format!(
                "encodes to other form pairs: {:?} instead of {:?}",
                encoded.difference(&given).collect::<Vec<_>>(),
                given.difference(&encoded).collect::<Vec<_>>()
            ));
        }
    }
    Ok(())
}

/// Checks the response of one example (a success, or an API error); `Err` says why it
/// does not hold.
fn check_response(checks: Checks, output: &str) -> Result<(), String> {
    let decoded = (checks.decode)(output.as_bytes());
    let body: Value =
        serde_json::from_str(output).map_err(|e| format!("the body is not JSON: {e}"))?;
    let request_id = body["Response"]["RequestId"].as_str();
    let code = body["Response"]["Error"]["Code"].as_str();
    match (decoded, code) {
        (Decoded::Failed(e), _) => Err(e),
        (Decoded::Data(got), None) if got.as_deref() == request_id => Ok(()),
        (
            Decoded::Api {
                code: got,
                request_id: got_id,
            },
            Some(code),
        ) if got == code && Some(got_id.as_str()) == request_id => Ok(()),
        (Decoded::Data(got), _) => Err(format!("a success with the RequestId {got:?}")),
        (Decoded::Api { code, request_id }, _) => Err(format!(
            "the API error {code} with the RequestId {request_id:?}"
        )),
    }
}

/// An example that is known not to hold, from `data/example-exceptions.json`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    product: String,
    action: String,
    /// 1-based, in the order of the examples file.
    example: usize,
    /// `request` or `response`.
    part: String,
    reason: String,
}

fn exceptions() -> BTreeMap<(String, String, usize, String), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example-exceptions.json");
    let list: Vec<Exception> = serde_json::from_value(read_json(&path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for e in list {
        assert!(
            e.part == "request" || e.part == "response",
            "{}: part `{}`",
            path.display(),
            e.part
        );
        assert!(
            !e.reason.trim().is_empty(),
            "{}: {e:?} has no reason",
            path.display()
        );
        let key = (e.product, e.action, e.example, e.part);
        assert!(out.insert(key.clone(), e.reason).is_none(), "{key:?} twice");
    }
    out
}

#[test]
fn every_published_example_holds_or_is_a_listed_exception() {
    let Some(data) = shared_data() else {
        return;
    };
    let mut exceptions = exceptions();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (product, version) in generated::VERSIONS {
        let mut registry = Registry::default();
        assert!(
            generated::visit_actions(product, &mut registry),
            "{product}"
        );
        let file = format!("{product}-{version}.json");
        let spec = Spec::load(&data, &file);
        let examples = read_json(&data.join("specs-examples").join(&file));
        let actions = examples["actions"]
            .as_object()
            .unwrap_or_else(|| panic!("{file}: no actions"));
        for (action, list) in actions {
            let Some(&checks) = registry.0.get(action.as_str()) else {
                failures.push(format!("{product} {action}: no request type"));
                continue;
            };
            for (index, example) in list.as_array().into_iter().flatten().enumerate() {
                let number = index + 1;
                let input = example["input"].as_str().unwrap_or_default();
                let output = example["output"].as_str().unwrap_or_default();
                let outcomes = [
                    ("request", check_request(&spec, checks, action, input)),
                    ("response", check_response(checks, output)),
                ];
                for (part, outcome) in outcomes {
                    checked += 1;
                    let key = (product.to_string(), action.clone(), number, part.to_owned());
                    match (outcome, exceptions.remove(&key)) {
                        (Ok(()), Some(reason)) => failures.push(format!(
                            "{product} {action} example {number} {part} holds, but is listed as an exception ({reason}): remove it from the list"
                        )),
                        (Err(e), None) => {
                            failures.push(format!("{product} {action} example {number} {part}: {e}"))
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    for (product, action, number, part) in exceptions.into_keys() {
        failures.push(format!(
            "{product} {action} example {number} {part} is listed as an exception but there is no such example"
        ));
    }
    eprintln!("sdk_examples: {checked} requests and responses checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
