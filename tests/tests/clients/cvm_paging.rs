//! Paging through a generated crate: cvm's `DescribeInstances` over loopback, with the
//! generated `impl tcapi::Paginated` and `Client::describe_instances_pages`/`_items`.

use tcapi_cvm::v20170312 as cvm;

#[tokio::test]
async fn generated_cvm_pages_over_loopback() {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use futures_util::TryStreamExt;
    use serde_json::{json, Value};
    use tcapi::Paginated;
    use tcapi_testserver::TestServer;

    let test = async {
        let server = TestServer::start().await.unwrap();
        let offsets = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&offsets);
        server
            .handle("DescribeInstances", move |params| {
                let offset = params.get("Offset").and_then(Value::as_u64);
                seen.lock().unwrap().push(offset);
                let offset = offset.unwrap_or(0);
                let limit = params.get("Limit").and_then(Value::as_u64).unwrap_or(20);
                let instances: Vec<Value> = (offset..(offset + limit).min(25))
                    .map(|n| json!({ "InstanceId": format!("ins-{n:02}"), "CPU": 2 }))
                    .collect();
                json!({ "TotalCount": 25, "InstanceSet": instances })
            })
            .unwrap();
        let client = tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let cvm = cvm::Client::new(client);
        let request = cvm::DescribeInstancesRequest {
            limit: Some(10),
            ..Default::default()
        };

        let pages: Vec<cvm::DescribeInstancesResponse> = cvm
            .describe_instances_pages(&request)
            .try_collect()
            .await
            .unwrap();
        let sizes: Vec<usize> = pages
            .iter()
            .map(|page| cvm::DescribeInstancesRequest::items(page).len())
            .collect();
        assert_eq!(sizes, [10, 10, 5]);
        assert_eq!(*offsets.lock().unwrap(), [None, Some(10), Some(20)]);

        let instances: Vec<cvm::Instance> = cvm
            .describe_instances_items(&request)
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<String> = instances
            .into_iter()
            .map(|instance| instance.instance_id.unwrap())
            .collect();
        let expected: Vec<String> = (0..25).map(|n| format!("ins-{n:02}")).collect();
        assert_eq!(ids, expected);
        assert_eq!(server.executed("DescribeInstances"), 6);
    };
    tokio::time::timeout(Duration::from_secs(30), test)
        .await
        .expect("the test took too long");
}
