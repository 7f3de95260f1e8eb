//! The server answers the recorded example body of an action of every seed product, and a
//! signed call through the client decodes it.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::{json, Value};
use tcapi::{Decoded, Error};
use tcapi_testserver::{TestServer, ACTIONS};

#[tokio::test]
async fn every_seed_product_is_served() {
    bounded(30, async {
        let products: BTreeSet<&str> = ACTIONS.iter().map(|a| a.service).collect();
        assert_eq!(
            products.into_iter().collect::<Vec<_>>(),
            ["adp", "aiart", "billing", "cdwpg", "gme", "lke"]
        );
        let server = TestServer::start().await.unwrap();
        let (client, _events) = client(&server);
        for product in ["adp", "aiart", "billing", "cdwpg", "gme", "lke"] {
            // One action per product, with every required parameter given some value.
            let action = ACTIONS.iter().find(|a| a.service == product).unwrap();
            let params: serde_json::Map<String, Value> = action
                .required
                .iter()
                .map(|p| ((*p).to_owned(), json!("x")))
                .collect();
            let answer: Result<Decoded<Value>, Error> = client
                .call(action.service, action.version, action.name, &params)
                .await;
            let answer = answer.unwrap_or_else(|e| panic!("{product} {}: {e}", action.name));
            let recorded: Value = serde_json::from_str(action.body).unwrap();
            let mut expected = recorded["Response"].clone();
            expected.as_object_mut().unwrap().remove("RequestId");
            let mut got = answer.data().clone();
            got.as_object_mut().unwrap().remove("RequestId");
            assert_eq!(got, expected, "{product} {}", action.name);
            // The server gives every answer a RequestId of its own, as Tencent does.
            assert!(
                answer.request_id().is_some_and(|id| !id.is_empty()),
                "{product} {}",
                action.name
            );
        }
    })
    .await;
}
