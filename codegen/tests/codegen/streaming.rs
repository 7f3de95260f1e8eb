//! `streaming-actions.json` is exactly the set of actions whose spec says the RequestId of a
//! success travels in the `X-TC-RequestId` header: the specs' only mark of a streaming action.
//!
//! The specs are read, through the SDK generator's model, from `../shared/data`; where it is
//! absent the test is ignored with that reason (build.rs).

use std::collections::BTreeSet;

use crate::common::plans;
use tcapi_codegen::streaming::StreamingActions;

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data (see build.rs)")]
fn the_list_is_the_set_the_specs_mark() {
    let mut marked = BTreeSet::new();
    for model in plans() {
        let product = &model.product;
        for version in &model.versions {
            for action in &version.actions {
                let streams = version
                    .find_struct(&action.response)
                    .and_then(|response| response.field("RequestId"))
                    .is_some_and(|request_id| request_id.prose.contains("X-TC-RequestId"));
                if streams {
                    marked.insert((
                        product.clone(),
                        version.api_version.clone(),
                        action.name.clone(),
                    ));
                }
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
