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
//! The examples and the members' types come from the SDK generator's model of the products
//! (`tcapi_codegen::sdk::plans`, the one reader of the specs and the examples, which the
//! crates were generated from), built from `../shared/data` (beside the repository); where
//! that folder is absent the test is ignored with that reason (build.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use tcapi_catalog::{PublishedRequest, COMMON_PARAMETERS};
use tcapi_codegen::sdk::model::{self, Type};

use crate::actions::{self, Checks, Decoded, Pairs};
use crate::generated;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The members' types of a product-version, from its model (the China site's spec and, for
/// what it lacks, the international site's: the generated module is their union).
struct Types<'a> {
    version: &'a model::Version,
}

impl Types<'_> {
    fn member(&self, object: &str, name: &str) -> Option<&Type> {
        Some(&self.version.find_struct(object)?.field(name)?.ty)
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
                Some(ty) => self.normalise_member(ty, item),
                None => item.clone(),
            };
            out.insert(key.clone(), item);
        }
        Value::Object(out)
    }

    fn normalise_member(&self, ty: &Type, value: &Value) -> Value {
        match (ty, value) {
            (Type::List(element), Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|item| self.normalise_element(element, item))
                    .collect(),
            ),
            (Type::List(element), _) => self.normalise_element(element, value),
            _ => self.normalise_element(ty, value),
        }
    }

    fn normalise_element(&self, element: &Type, value: &Value) -> Value {
        let number = |n: Option<serde_json::Number>| n.map_or_else(|| value.clone(), Value::Number);
        match (element, value) {
            (Type::I64, Value::String(s)) => number(s.trim().parse::<i64>().ok().map(Into::into)),
            (Type::U64, Value::String(s)) => number(s.trim().parse::<u64>().ok().map(Into::into)),
            (Type::F64, Value::String(s)) => number(
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64),
            ),
            (Type::F64, Value::Number(n)) => {
                number(n.as_f64().and_then(serde_json::Number::from_f64))
            }
            (Type::Bool, Value::String(s)) => match s.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => value.clone(),
            },
            // Text, dates and binary data alike.
            (Type::String, Value::Number(n)) => Value::String(n.to_string()),
            (Type::Object { name, .. }, _) => self.normalise(name, value),
            _ => value.clone(),
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

/// Checks the request of one example, an instance of `object` (`None`: the spec has no such
/// action); `Err` says why it does not hold.
fn check_request(
    types: &Types<'_>,
    checks: Checks,
    object: Option<&str>,
    input: &str,
) -> Result<(), String> {
    let object = object.ok_or("the spec has no such action")?;
    let (raw, form) = example_request(input)?;
    let mut expected = types.normalise(object, &raw);
    if let (Some(_), Value::Object(members)) = (&form, &mut expected) {
        members.retain(|key, _| {
            !COMMON_PARAMETERS.contains(&key.as_str()) || types.member(object, key).is_some()
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
                !COMMON_PARAMETERS.contains(&key.as_str()) || types.member(object, key).is_some()
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

/// The listed exceptions of the products this binary tests (the others' are checked by the
/// binary that tests them).
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
        let tested_here = generated::VERSIONS.iter().any(|(p, _)| *p == e.product);
        let tested_elsewhere = crate::tested_elsewhere::VERSIONS
            .iter()
            .any(|(p, _)| *p == e.product);
        assert!(
            tested_here || tested_elsewhere,
            "{}: {e:?} names a product no test binary builds",
            path.display()
        );
        let key = (e.product, e.action, e.example, e.part);
        assert!(!out.contains_key(&key), "{key:?} twice");
        if tested_here {
            out.insert(key, e.reason);
        }
    }
    out
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn every_published_example_holds_or_is_a_listed_exception() {
    let data = PathBuf::from(env!("TCAPI_SHARED_DATA"));
    let mut exceptions = exceptions();
    let mut failures = Vec::new();
    let mut checked = 0;
    let products: Vec<String> = generated::VERSIONS
        .iter()
        .map(|(product, _)| (*product).to_owned())
        .collect();
    let models = tcapi_codegen::sdk::plans(&data, &products).unwrap_or_else(|e| panic!("{e}"));
    for (product, module) in generated::VERSIONS {
        let checks_of = actions::of(product).unwrap_or_else(|| panic!("{product}"));
        let version = models
            .iter()
            .filter(|m| m.product == *product)
            .flat_map(|m| &m.versions)
            .find(|v| v.module == *module)
            .unwrap_or_else(|| panic!("{product}: no version {module}"));
        let types = Types { version };
        // Every published example: of the spec's actions, then of actions it does not have.
        let published = version
            .actions
            .iter()
            .map(|a| (a.name.as_str(), Some(a.request.as_str()), &a.examples))
            .chain(
                version
                    .stray_examples
                    .iter()
                    .map(|(action, examples)| (action.as_str(), None, examples)),
            )
            .filter(|(_, _, examples)| !examples.is_empty());
        for (action, object, list) in published {
            let Some(&checks) = checks_of.get(action) else {
                failures.push(format!("{product} {action}: no request type"));
                continue;
            };
            for (index, example) in list.iter().enumerate() {
                let number = index + 1;
                let outcomes = [
                    (
                        "request",
                        check_request(&types, checks, object, &example.request),
                    ),
                    ("response", check_response(checks, &example.response)),
                ];
                for (part, outcome) in outcomes {
                    checked += 1;
                    let key = (
                        product.to_string(),
                        action.to_owned(),
                        number,
                        part.to_owned(),
                    );
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
