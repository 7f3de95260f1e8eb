//! `streaming-actions.json` is exactly the set of actions whose spec says the RequestId of a
//! success travels in the `X-TC-RequestId` header: the specs' only mark of a streaming action.
//!
//! The specs are read from `../shared/data`; where it is absent the test says so and passes.

mod common;

use std::collections::BTreeSet;

use common::shared_data;
use tcapi_codegen::streaming::StreamingActions;

#[test]
fn the_list_is_the_set_the_specs_mark() {
    let Some(data) = shared_data("the_list_is_the_set_the_specs_mark") else {
        return;
    };
    let mut marked = BTreeSet::new();
    for entry in std::fs::read_dir(data.join("specs")).unwrap() {
        let path = entry.unwrap().path();
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let product = spec["metadata"]["serviceShortName"].as_str().unwrap();
        let version = spec["metadata"]["apiVersion"].as_str().unwrap();
        for (action, def) in spec["actions"].as_object().unwrap() {
            let output = def["output"].as_str().unwrap();
            let members = spec["objects"][output]["members"].as_array();
            let streams = members.into_iter().flatten().any(|member| {
                member["name"] == "RequestId"
                    && member["document"]
                        .as_str()
                        .is_some_and(|doc| doc.contains("X-TC-RequestId"))
            });
            if streams {
                marked.insert((product.to_owned(), version.to_owned(), action.clone()));
            }
        }
    }
    let listed: BTreeSet<(String, String, String)> = StreamingActions::builtin()
        .unwrap()
        .actions
        .into_iter()
        .map(|entry| (entry.product, entry.version, entry.action))
        .collect();
    assert_eq!(listed, marked);
    assert_eq!(listed.len(), 27);
}
