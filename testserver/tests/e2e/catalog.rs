//! The embedded catalog on the real specs: every product-version loads, every output object
//! synthesizes a body its own shape accepts, and requests are checked the service's way.

use serde_json::{json, Map, Value};
use tcapi_testserver::catalog::{Catalog, Product, RouteError};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn cvm() -> &'static Product {
    Catalog::global().product("cvm", "2017-03-12").unwrap()
}

/// The code and message of checking `request` against `action` of cvm.
fn check(action: &str, request: Value) -> Result<(), (String, String)> {
    let product = cvm();
    let action = product.action(action).unwrap();
    product
        .check(action, &object(request))
        .map_err(|v| (v.code.to_owned(), v.message))
}

#[test]
fn every_product_version_loads_and_synthesizes_bodies_its_outputs_accept() {
    let catalog = Catalog::global();
    let (mut versions, mut actions, mut streaming) = (0, 0, 0);
    for (service, version) in catalog.product_versions() {
        let product = catalog
            .product(service, version)
            .unwrap_or_else(|e| panic!("{service} {version}: {e}"));
        versions += 1;
        for action in product.actions() {
            actions += 1;
            streaming += usize::from(action.streams());
            let output = action.output(product);
            let body = product.synthesize_object(output).unwrap();
            product
                .check_value(output, &body)
                .unwrap_or_else(|v| panic!("{service} {version} {output}: {v}\n{body:?}"));
            // The answer of every action is a JSON object without a RequestId of its own.
            assert!(!product.answer(action).contains_key("RequestId"));
        }
    }
    assert!(versions > 300, "{versions} product-versions");
    assert!(actions > 15_000, "{actions} actions");
    assert_eq!(streaming, 27, "the streaming actions of the official SDKs");
}

#[test]
fn routes_by_service_version_and_action() {
    let catalog = Catalog::global();
    let (product, action) = catalog
        .route("cvm", "2017-03-12", "DescribeInstances")
        .unwrap();
    assert_eq!(product.service(), "cvm");
    assert_eq!(action.input(product), "DescribeInstancesRequest");
    assert!(action.paging().is_some());
    // `as` is the product of the `autoscaling-*` spec files.
    assert!(catalog
        .route("as", "2018-04-19", "DescribeAutoScalingGroups")
        .is_ok());
    let unknown = catalog
        .route("cvm", "2017-03-12", "DescribeNothing")
        .unwrap_err();
    assert_eq!(unknown.code(), "InvalidAction");
    assert_eq!(
        unknown.to_string(),
        "The action `DescribeNothing` is not found in service `cvm`."
    );
    let version = catalog
        .route("cvm", "2099-01-01", "DescribeInstances")
        .unwrap_err();
    assert!(
        matches!(version, RouteError::NoSuchVersion { .. }),
        "{version:?}"
    );
    assert_eq!(
        catalog
            .route("nosuchservice", "2017-03-12", "X")
            .unwrap_err()
            .code(),
        "InvalidAction"
    );
}

#[test]
fn a_missing_required_member_is_named_by_its_path() {
    assert_eq!(
        check(
            "DescribeInstances",
            json!({ "Filters": [{ "Values": ["x"] }] })
        ),
        Err((
            "MissingParameter".into(),
            "The request is missing a required parameter `Filters.0.Name`.".into()
        ))
    );
    // `null` counts as absent.
    assert_eq!(
        check(
            "DescribeInstances",
            json!({ "Filters": [{ "Name": null, "Values": ["x"] }] })
        )
        .unwrap_err()
        .0,
        "MissingParameter"
    );
    assert_eq!(
        check("AllocateHosts", json!({})).unwrap_err(),
        (
            "MissingParameter".into(),
            "The request is missing a required parameter `Placement`.".into()
        )
    );
    assert_eq!(
        check("AllocateHosts", json!({ "Placement": {} }))
            .unwrap_err()
            .1,
        "The request is missing a required parameter `Placement.Zone`."
    );
}

#[test]
fn an_unknown_member_is_named_by_its_path() {
    assert_eq!(
        check("DescribeInstances", json!({ "Limit": 1, "Bogus": 2 })),
        Err((
            "UnknownParameter".into(),
            "The parameter `Bogus` is not recognized.".into()
        ))
    );
    assert_eq!(
        check(
            "DescribeInstances",
            json!({ "Filters": [{ "Name": "zone", "Values": ["x"], "Extra": 1 }] })
        )
        .unwrap_err()
        .1,
        "The parameter `Filters.0.Extra` is not recognized."
    );
    // The common parameters of a form request are not the action's members.
    assert_eq!(
        check(
            "DescribeInstances",
            json!({ "Action": "DescribeInstances", "Region": "ap-guangzhou" })
        ),
        Ok(())
    );
}

#[test]
fn a_member_of_the_wrong_type_is_named_by_its_path() {
    let (code, message) = check("DescribeInstances", json!({ "Limit": { "n": 1 } })).unwrap_err();
    assert_eq!(code, "InvalidParameterValue");
    assert!(
        message.contains("`Limit`") && message.contains("an integer"),
        "{message}"
    );
    let (code, message) = check(
        "DescribeInstances",
        json!({ "Filters": [{ "Name": "zone", "Values": "not a list" }] }),
    )
    .unwrap_err();
    assert_eq!(code, "InvalidParameterValue");
    assert!(message.contains("`Filters.0.Values`"), "{message}");
    assert_eq!(
        check("DescribeInstances", json!({ "Limit": "ten" }))
            .unwrap_err()
            .0,
        "InvalidParameterValue"
    );
}

#[test]
fn the_check_is_as_lenient_as_the_sdk() {
    // A number written as a string, a string written as a number, a boolean as text: what a
    // form request sends, and what the SDK's decoding accepts.
    assert_eq!(
        check("DescribeInstances", json!({ "Limit": "1", "Offset": "0" })),
        Ok(())
    );
    assert_eq!(
        check(
            "DescribeInstances",
            json!({ "InstanceIds": [123], "Filters": [{ "Name": "zone", "Values": ["x"] }] })
        ),
        Ok(())
    );
    assert_eq!(
        check(
            "RunInstances",
            json!({ "Placement": { "Zone": "ap-guangzhou-3" }, "DryRun": "true", "InstanceCount": "1" })
        ),
        Ok(())
    );
}

#[test]
fn an_action_without_an_example_answers_a_synthesized_body() {
    let catalog = Catalog::global();
    let product = catalog.product("cvm", "2017-03-12").unwrap();
    let without = product
        .actions()
        .into_iter()
        .find(|a| !a.has_example_answer())
        .expect("cvm has an action without a published example");
    let answer = product.answer(without);
    let output = without.output(product);
    product.check_value(output, &answer).unwrap();
    let with = product.action("DescribeInstances").unwrap();
    assert!(with.has_example_answer());
    assert!(product.answer(with).contains_key("InstanceSet"));
}
