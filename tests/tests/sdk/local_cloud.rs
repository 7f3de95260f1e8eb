//! The generated crates CI builds against the local cloud (`tcapi-testserver`): every
//! published example request of every action goes through the generated request type and
//! the client to the server, and the answer decodes into the generated response type; and
//! for every action, a request with a required member removed, an unknown member added or a
//! member of the wrong type gets `MissingParameter`, `UnknownParameter` or
//! `InvalidParameterValue`, naming the member.
//!
//! The examples come from the server's own catalog (generated from the published examples),
//! so nothing here reads `../shared/data`. An example request the SDK cannot load is listed in
//! `data/example-exceptions.json` (the `sdk::examples` test keeps that list honest).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Map, Value};
use tcapi::client::Client;
use tcapi::{Decoded, Error, ErrorCode};
use tcapi_testserver::catalog::{Catalog, Product};
use tcapi_testserver::TestServer;

use crate::actions::{self, Checks};
use crate::generated;

/// Loads `input` into the request type of an action, sends what the type serializes to, to
/// the service and version the type names, and decodes the answer into the response type.
async fn send(client: &Client, action: &str, checks: Checks, input: Value) -> Result<(), String> {
    let (body, _) = (checks.round_trip)(input)?;
    let decoded: Result<Decoded<Value>, Error> = client
        .call(checks.service, checks.version, action, &body)
        .await;
    let decoded = decoded.map_err(|e| format!("the call fails: {e}"))?;
    // The answer decodes into the generated response type.
    let answer = json!({ "Response": decoded.data() }).to_string();
    match (checks.decode)(answer.as_bytes()) {
        actions::Decoded::Data(_) => Ok(()),
        actions::Decoded::Api { code, .. } => {
            Err(format!("the answer does not decode: the API error {code}"))
        }
        actions::Decoded::Failed(e) => Err(format!("the answer does not decode: {e}")),
    }
}

fn client(server: &TestServer) -> Client {
    Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// The example requests known not to load into their types: `(product, action, example)`.
fn request_exceptions() -> BTreeSet<(String, String, usize)> {
    #[derive(serde::Deserialize)]
    struct Exception {
        product: String,
        action: String,
        example: usize,
        part: String,
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example-exceptions.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let list: Vec<Exception> = serde_json::from_str(&text).unwrap();
    list.into_iter()
        .filter(|e| e.part == "request")
        .map(|e| (e.product, e.action, e.example))
        .collect()
}

fn api_version(module: &str) -> String {
    let digits = module.trim_start_matches('v');
    format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_request_of_the_built_crates_is_answered_and_decodes() {
    let test = async {
        let server = TestServer::start().await.unwrap();
        let client = client(&server);
        let exceptions = request_exceptions();
        let catalog = Catalog::global();
        let (mut sent, mut failures) = (0, Vec::new());
        for (product, module) in generated::VERSIONS {
            let checks_of = actions::of(product).unwrap();
            let served = catalog.product(product, &api_version(module)).unwrap();
            for action in served.actions() {
                let Some(&checks) = checks_of.get(action.name()) else {
                    failures.push(format!("{product} {}: no request type", action.name()));
                    continue;
                };
                for (n, example) in action.examples().iter().enumerate() {
                    let Some(request) = &example.request else {
                        continue;
                    };
                    let key = (product.to_string(), action.name().to_owned(), n + 1);
                    // An example that asks for a stream is answered with server-sent events,
                    // which `clients/streaming.rs` reads through the `_stream` methods; here the
                    // same request is sent without asking, to decode the JSON answer.
                    let mut request = request.clone();
                    if let Some(stream) = request.get_mut("Stream").filter(|s| s.is_boolean()) {
                        *stream = Value::Bool(false);
                    }
                    let outcome = send(&client, action.name(), checks, request).await;
                    sent += 1;
                    match outcome {
                        Ok(()) => {}
                        Err(e) if exceptions.contains(&key) && e.starts_with("does not load") => {}
                        Err(e) => {
                            failures.push(format!("{product} {} #{}: {e}", action.name(), n + 1))
                        }
                    }
                }
            }
        }
        eprintln!("local_cloud: {sent} example requests sent");
        assert!(
            sent >= generated::EXAMPLE_REQUESTS_AT_LEAST,
            "{sent} example requests"
        );
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    };
    tokio::time::timeout(Duration::from_secs(120), test)
        .await
        .expect("the examples take under two minutes");
}

/// What the server answers to `body` for `action`: the error code and message.
async fn refused(
    client: &Client,
    product: &Product,
    action: &str,
    body: &Value,
) -> (String, String) {
    let answer: Result<Decoded<Value>, Error> = client
        .call(product.service(), product.version(), action, body)
        .await;
    match answer {
        Err(Error::Api(e)) => (e.code().as_str().to_owned(), e.message().to_owned()),
        Err(e) => (String::new(), format!("not an API error: {e}")),
        Ok(_) => (String::new(), "accepted".to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutated_requests_get_the_error_naming_the_member() {
    let test = async {
        let server = TestServer::start().await.unwrap();
        let client = client(&server);
        let catalog = Catalog::global();
        let mut failures = Vec::new();
        let mut counts = [0usize; 3];
        for (product, module) in generated::VERSIONS {
            let served = catalog.product(product, &api_version(module)).unwrap();
            for action in served.actions() {
                let input = action.input(served);
                let members = served.members(input).unwrap();
                // A request the server accepts: every required member with a value of its type.
                let base = served.synthesize_object(input).unwrap();
                let expect = |what: &str, body: Map<String, Value>, code: &str, member: &str| {
                    (
                        what.to_owned(),
                        Value::Object(body),
                        code.to_owned(),
                        member.to_owned(),
                    )
                };
                let mut cases = Vec::new();
                if let Some((wire, _, _)) = members.iter().find(|(_, required, _)| *required) {
                    let mut body = base.clone();
                    body.remove(*wire);
                    cases.push(expect("removed", body, "MissingParameter", wire));
                    counts[0] += 1;
                }
                let mut body = base.clone();
                body.insert("TcapiUnknownMember".into(), json!(1));
                cases.push(expect(
                    "added",
                    body,
                    "UnknownParameter",
                    "TcapiUnknownMember",
                ));
                counts[1] += 1;
                if let Some((wire, _, spelling)) = members.first() {
                    let scalar =
                        ["bool", "int", "uint", "float", "string"].contains(&spelling.as_str());
                    let wrong = if scalar || spelling.starts_with('[') {
                        json!({ "Wrong": true })
                    } else {
                        json!(7)
                    };
                    let mut body = base.clone();
                    body.insert((*wire).to_owned(), wrong);
                    cases.push(expect("wrong-typed", body, "InvalidParameterValue", wire));
                    counts[2] += 1;
                }
                for (what, body, code, member) in cases {
                    let (got, message) = refused(&client, served, action.name(), &body).await;
                    if got != code || !message.contains(&format!("`{member}`")) {
                        failures.push(format!(
                            "{product} {} ({what} `{member}`): {got} {message}",
                            action.name()
                        ));
                    }
                }
            }
        }
        eprintln!(
            "local_cloud: {} removed, {} added, {} wrong-typed members refused",
            counts[0], counts[1], counts[2]
        );
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    };
    tokio::time::timeout(Duration::from_secs(120), test)
        .await
        .expect("the mutations take under two minutes");
}
