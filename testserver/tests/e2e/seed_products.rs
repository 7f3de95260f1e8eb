//! The server answers the published example body of an action of every seed product, and a
//! signed call through the client, sending the example's request, decodes it.

use crate::common::*;
use serde_json::Value;
use tcapi::{Decoded, Error};
use tcapi_testserver::catalog::Catalog;
use tcapi_testserver::TestServer;

#[tokio::test]
async fn every_seed_product_is_served() {
    bounded(30, async {
        let catalog = Catalog::global();
        let server = TestServer::start().await.unwrap();
        let (client, _events) = client(&server);
        for product in ["adp", "aiart", "billing", "cdwpg", "gme", "lke"] {
            let version = *catalog.versions(product).last().unwrap();
            let served = catalog.product(product, version).unwrap();
            // The first action whose published example request the server accepts and whose
            // published example answers a success.
            let (action, request, recorded) = served
                .actions()
                .into_iter()
                .filter(|a| a.has_example_answer())
                .find_map(|a| {
                    let example = a.examples().first()?;
                    let request = example.request.as_ref()?.as_object()?.clone();
                    served.check(a, &request).ok()?;
                    let response = example.response.clone()?;
                    response["Response"]
                        .get("Error")
                        .is_none()
                        .then_some((a, request, response))
                })
                .unwrap_or_else(|| panic!("{product}: no usable example"));
            let answer: Result<Decoded<Value>, Error> =
                client.call(product, version, action.name(), &request).await;
            let answer = answer.unwrap_or_else(|e| panic!("{product} {}: {e}", action.name()));
            let mut expected = recorded["Response"].clone();
            expected.as_object_mut().unwrap().remove("RequestId");
            let mut got = answer.data().clone();
            got.as_object_mut().unwrap().remove("RequestId");
            assert_eq!(got, expected, "{product} {}", action.name());
            // The server gives every answer a RequestId of its own, as Tencent does.
            assert!(
                answer.request_id().is_some_and(|id| !id.is_empty()),
                "{product} {}",
                action.name()
            );
        }
    })
    .await;
}
