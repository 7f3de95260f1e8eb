//! Every recorded body decodes: the 366 success examples of the seed products into the
//! response types of their generated crates (and to exactly what plain serde gives for the
//! same struct), the
//! 263 error examples of every product into `Error::Api` with the file's own code, message
//! and RequestId.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tcapi::__private::ActionVisitor;
use tcapi::{Action, CommonCode, Decoded, Error, ErrorCode, TencentResponse};
use tcapi_tests::Compared;

use crate::generated;

/// [`tcapi_tests::compare`] for one response type.
type Compare = fn(&[u8]) -> Result<Compared, String>;

/// [`Compare`] for the response of each action of a product, by action name.
#[derive(Default)]
struct Responses(BTreeMap<&'static str, Compare>);

impl ActionVisitor for Responses {
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Response: serde::Serialize + DeserializeOwned,
    {
        self.0
            .insert(A::ACTION, tcapi_tests::compare::<A::Response>);
    }
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_success_example_decodes() {
    let files = files("seed-examples");
    assert_eq!(files.len(), 366);
    let mut failures = vec![];
    let mut products: BTreeMap<String, Responses> = BTreeMap::new();
    for path in &files {
        let product = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let action = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .split("__")
            .next()
            .unwrap();
        let body = std::fs::read(path).unwrap();
        let expected: Value = serde_json::from_slice(&body).unwrap();
        let responses = products.entry(product.to_owned()).or_insert_with(|| {
            let mut responses = Responses::default();
            assert!(
                generated::visit_seed_actions(product, &mut responses),
                "{product}"
            );
            responses
        });
        let compare = responses.0.get(action).expect("a type for every example");
        let result = compare(&body);
        match result {
            Ok(c) => {
                if c.derived != c.serde {
                    failures.push(format!("{}: derive and serde differ", path.display()));
                }
                if c.decoded != c.serde {
                    failures.push(format!("{}: decode and serde differ", path.display()));
                }
                if c.request_id.as_deref() != expected["Response"]["RequestId"].as_str() {
                    failures.push(format!("{}: request id {:?}", path.display(), c.request_id));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
        // The generic path too.
        match tcapi::decode::<Value>(&body) {
            Ok(d) => assert_eq!(d.data(), &expected["Response"], "{}", path.display()),
            Err(e) => failures.push(format!("{}: decode: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A type with a required field: the API error must win over its absence.
#[derive(Debug, tcapi::TencentResponse)]
struct Strict {
    #[allow(dead_code)]
    required: Vec<u64>,
    #[allow(dead_code)]
    request_id: String,
}

#[test]
fn every_error_example_is_an_api_error() {
    let files = files("error-examples");
    assert_eq!(files.len(), 263);
    let mut placeholders = 0;
    for path in &files {
        let body = std::fs::read(path).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        let code = v["Response"]["Error"]["Code"].as_str().unwrap();
        let message = v["Response"]["Error"]["Message"].as_str().unwrap();
        let request_id = v["Response"]["RequestId"].as_str().unwrap();
        if code.is_empty() && message.is_empty() {
            // tbp Reset: `{"Code": "", "Message": ""}` beside the data of a successful call is
            // no error (the Go SDK agrees); the body decodes as a success.
            placeholders += 1;
            let ok = tcapi::decode::<Value>(&body).unwrap();
            assert_eq!(ok.data()["DialogStatus"], v["Response"]["DialogStatus"]);
            continue;
        }
        let check = |err: &Error<CommonCode>, how: &str| {
            let Error::Api(api) = err else {
                panic!("{} ({how}): {err:?}", path.display())
            };
            assert_eq!(api.code().as_str(), code, "{}", path.display());
            assert_eq!(api.code(), &CommonCode::parse(code));
            assert_eq!(api.message(), message, "{}", path.display());
            assert_eq!(api.request_id(), request_id, "{}", path.display());
            assert_eq!(
                err.request_id(),
                Some(request_id).filter(|id| !id.is_empty())
            );
            assert_eq!(err.retry_hint(), api.code().retry_hint());
        };
        check(&Strict::from_slice(&body).unwrap_err(), "derive");
        check(
            &tcapi::decode::<Value>(&body).unwrap_err(),
            "decode::<Value>",
        );
        check(
            &Decoded::<Strict2>::from_slice(&body).unwrap_err(),
            "decode::<serde struct>",
        );
    }
    assert_eq!(placeholders, 1);
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Strict2 {
    #[serde(rename = "Required")]
    required: Vec<u64>,
}
