//! The local cloud's registered answers, errors, handlers, paging and streaming, through the
//! generated clients (cvm, hunyuan) over loopback: what a user's test of their own code does.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::{json, Value};
use tcapi::ErrorCode;
use tcapi_billing::v20180709 as billing;
use tcapi_cvm::v20170312 as cvm;
use tcapi_hunyuan::v20230901 as hunyuan;
use tcapi_testserver::{Config, RegistrationError, TestServer, TEST_SECRET_ID};

async fn bounded<F: std::future::Future<Output = ()>>(test: F) {
    tokio::time::timeout(Duration::from_secs(60), test)
        .await
        .expect("the test took longer than 60 s");
}

fn client(server: &TestServer) -> tcapi::client::Client {
    tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn instance_ids(response: &cvm::DescribeInstancesResponse) -> Vec<String> {
    response
        .instance_set
        .iter()
        .flatten()
        .filter_map(|instance| instance.instance_id.clone())
        .collect()
}

fn instances_request(ids: &[&str]) -> cvm::DescribeInstancesRequest {
    cvm::DescribeInstancesRequest {
        instance_ids: Some(ids.iter().map(|id| id.to_string()).collect()),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_newest_matching_answer_is_given_until_used_up() {
    bounded(async {
        let server = TestServer::start().await.unwrap();
        let cvm = cvm::Client::new(client(&server));
        let answer = |id: &str| json!({ "TotalCount": 1, "InstanceSet": [{ "InstanceId": id }] });
        let on = || server.on("cvm", "DescribeInstances").unwrap();
        on().respond(answer("ins-always")).unwrap();
        on().times(2).respond(answer("ins-twice")).unwrap();
        on().when("InstanceIds.0", "ins-missing")
            .once()
            .fail("InvalidInstanceId.NotFound", "No instance `ins-missing`.")
            .unwrap();

        let request = instances_request(&["ins-1"]);
        let mut seen = Vec::new();
        for _ in 0..3 {
            let response = cvm.describe_instances(&request).await.unwrap();
            seen.extend(instance_ids(&response));
            assert!(response
                .request_id
                .as_deref()
                .is_some_and(|id| !id.is_empty()));
        }
        assert_eq!(seen, ["ins-twice", "ins-twice", "ins-always"]);

        // The condition holds once: the registered error, typed with cvm's codes; then the
        // answer registered for every call.
        let missing = instances_request(&["ins-missing"]);
        let error = cvm.describe_instances(&missing).await.unwrap_err();
        let tcapi::Error::Api(api) = &error else {
            panic!("not an API error: {error:?}");
        };
        assert_eq!(api.code().as_str(), "InvalidInstanceId.NotFound");
        assert!(api.code().is_known(), "a code of cvm's table");
        assert_eq!(api.message(), "No instance `ins-missing`.");
        assert!(!api.request_id().is_empty());
        let after = cvm.describe_instances(&missing).await.unwrap();
        assert_eq!(instance_ids(&after), ["ins-always"]);

        // Without registrations the action answers its published example again.
        server.clear_answers();
        let example = cvm.describe_instances(&request).await.unwrap();
        assert!(!instance_ids(&example).contains(&"ins-always".to_string()));
        assert_eq!(server.executed("DescribeInstances"), 6);
    })
    .await;
}

#[tokio::test]
async fn registration_mistakes_are_errors_at_registration() {
    bounded(async {
        let server = TestServer::start().await.unwrap();
        let unknown = server.on("cvm", "DescribeInstance").unwrap_err();
        assert!(matches!(unknown, RegistrationError::UnknownAction { .. }));
        assert!(
            unknown.to_string().contains("`DescribeInstance`"),
            "{unknown}"
        );
        assert!(server.on("nosuchproduct", "DescribeInstances").is_err());
        assert!(server
            .inject_for("DescribeInstancez", tcapi_testserver::Fault::Throttle)
            .is_err());
        assert!(server
            .handle("NoSuchActionAnywhere", |_| json!({}))
            .is_err());

        let on = || server.on("cvm", "DescribeInstances").unwrap();
        let condition = on()
            .when("Filterz.0.Name", "zone")
            .respond(json!({}))
            .unwrap_err();
        assert_eq!(
            condition,
            RegistrationError::UnknownMember {
                service: "cvm".into(),
                action: "DescribeInstances".into(),
                path: "Filterz.0.Name".into(),
            }
        );
        let wrong_type = on().respond(json!({ "TotalCount": "many" })).unwrap_err();
        assert!(
            wrong_type.to_string().contains("`TotalCount`"),
            "{wrong_type}"
        );
        let nested = on()
            .respond(json!({ "InstanceSet": [{ "CPU": "two" }] }))
            .unwrap_err();
        assert!(
            nested.to_string().contains("`InstanceSet.0.CPU`"),
            "{nested}"
        );
        let misspelt = on().respond(json!({ "InstanceSett": [] })).unwrap_err();
        assert!(
            misspelt.to_string().contains("`InstanceSett`"),
            "{misspelt}"
        );
        assert!(on().respond(json!([1, 2])).is_err());
        let never = on().times(0).respond(json!({})).unwrap_err();
        assert!(matches!(never, RegistrationError::ZeroTimes { .. }));
        let not_paged = server
            .on("cvm", "RunInstances")
            .unwrap()
            .items_paged(vec![json!("ins-1")])
            .unwrap_err();
        assert!(matches!(not_paged, RegistrationError::NotPaged { .. }));
        let bad_item = on().items_paged(vec![json!({ "CPU": [] })]).unwrap_err();
        assert!(
            bad_item.to_string().contains("InstanceSet.0.CPU"),
            "{bad_item}"
        );

        // Nothing wrong was kept: the action still answers its example.
        let cvm = cvm::Client::new(client(&server));
        let request = cvm::DescribeInstancesRequest::default();
        assert!(cvm.describe_instances(&request).await.is_ok());

        let only_aiart = TestServer::start_with(Config {
            products: vec!["aiart".into()],
            ..Config::default()
        })
        .await
        .unwrap();
        let left_out = only_aiart.on("cvm", "DescribeInstances").unwrap_err();
        assert!(matches!(left_out, RegistrationError::NotServed { .. }));
        assert!(only_aiart.on("aiart", "TextToImageLite").is_ok());
    })
    .await;
}

#[tokio::test]
async fn registered_lists_page_through_the_generated_streams() {
    bounded(async {
        let server = TestServer::start().await.unwrap();
        let cvm = cvm::Client::new(client(&server));
        let hunyuan = hunyuan::Client::new(client(&server));

        // Offset and Limit, with a total.
        let instances: Vec<Value> = (0..45)
            .map(|n| json!({ "InstanceId": format!("ins-{n:02}") }))
            .collect();
        server
            .on("cvm", "DescribeInstances")
            .unwrap()
            .items_paged(instances)
            .unwrap();
        let request = cvm::DescribeInstancesRequest {
            limit: Some(10),
            ..Default::default()
        };
        let pages: Vec<cvm::DescribeInstancesResponse> = cvm
            .describe_instances_pages(&request)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 5);
        assert!(pages.iter().all(|page| page.total_count == Some(45)));
        let items: Vec<cvm::Instance> = cvm
            .describe_instances_items(&request)
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<String> = items.into_iter().filter_map(|i| i.instance_id).collect();
        let expected: Vec<String> = (0..45).map(|n| format!("ins-{n:02}")).collect();
        assert_eq!(ids, expected);

        // A next token, pages of `MaxResults`.
        let packs: Vec<Value> = (0..5)
            .map(|n| json!({ "DedicatedResourcePackId": format!("pack-{n}") }))
            .collect();
        server
            .on("cvm", "DescribeResourcePoolPacks")
            .unwrap()
            .items_paged(packs)
            .unwrap();
        let request = cvm::DescribeResourcePoolPacksRequest {
            max_results: Some(2),
            ..Default::default()
        };
        let pages: Vec<cvm::DescribeResourcePoolPacksResponse> = cvm
            .describe_resource_pool_packs_pages(&request)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 3);
        let packs: Vec<String> = pages
            .into_iter()
            .flat_map(|page| page.dedicated_resource_pack_set.unwrap_or_default())
            .filter_map(|pack| pack.dedicated_resource_pack_id)
            .collect();
        assert_eq!(packs, ["pack-0", "pack-1", "pack-2", "pack-3", "pack-4"]);

        // A page number and a page size.
        let glossaries: Vec<Value> = (0..7)
            .map(|n| json!({ "GlossaryId": format!("g-{n}") }))
            .collect();
        server
            .on("hunyuan", "ListGlossary")
            .unwrap()
            .items_paged(glossaries)
            .unwrap();
        let request = hunyuan::ListGlossaryRequest {
            page_size: Some(3),
            ..Default::default()
        };
        let items: Vec<hunyuan::Glossary> = hunyuan
            .list_glossary_items(&request)
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<String> = items.into_iter().filter_map(|g| g.glossary_id).collect();
        assert_eq!(ids, ["g-0", "g-1", "g-2", "g-3", "g-4", "g-5", "g-6"]);

        // Items and total one level down (`Data.Records`, `Data.Total`).
        let budgets: Vec<Value> = (0..23)
            .map(|n| json!({ "BudgetName": format!("budget-{n:02}") }))
            .collect();
        server
            .on("billing", "DescribeBudget")
            .unwrap()
            .items_paged(budgets)
            .unwrap();
        let billing = billing::Client::new(client(&server));
        let request = billing::DescribeBudgetRequest::new(1, 10);
        let pages: Vec<billing::DescribeBudgetResponse> = billing
            .describe_budget_pages(&request)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 3);
        let names: Vec<String> = pages
            .into_iter()
            .flat_map(|page| page.data.and_then(|data| data.records).unwrap_or_default())
            .filter_map(|budget| budget.budget_name)
            .collect();
        let expected: Vec<String> = (0..23).map(|n| format!("budget-{n:02}")).collect();
        assert_eq!(names, expected);
    })
    .await;
}

#[tokio::test]
async fn handlers_make_stateful_fakes_and_calls_are_recorded() {
    bounded(async {
        let server = TestServer::start().await.unwrap();
        let created: Arc<Mutex<Vec<String>>> = Arc::default();
        let launched = Arc::clone(&created);
        server
            .handle("RunInstances", move |params| {
                let count = params
                    .get("InstanceCount")
                    .and_then(Value::as_u64)
                    .unwrap_or(1);
                let mut created = launched.lock().unwrap();
                let start = created.len();
                let ids: Vec<String> = (start..start + count as usize)
                    .map(|n| format!("ins-{n}"))
                    .collect();
                created.extend(ids.iter().cloned());
                json!({ "InstanceIdSet": ids })
            })
            .unwrap();
        let listed = Arc::clone(&created);
        server
            .on("cvm", "DescribeInstances")
            .unwrap()
            .handle(move |_| {
                let created = listed.lock().unwrap();
                let set: Vec<Value> = created
                    .iter()
                    .map(|id| json!({ "InstanceId": id }))
                    .collect();
                json!({ "TotalCount": set.len(), "InstanceSet": set })
            })
            .unwrap();

        let cvm = cvm::Client::new(client(&server));
        let run = cvm::RunInstancesRequest {
            instance_count: Some(2),
            image_id: Some("img-test".into()),
            ..Default::default()
        };
        let launched = cvm.run_instances(&run).await.unwrap();
        assert_eq!(launched.instance_id_set.unwrap(), ["ins-0", "ins-1"]);
        let listed = cvm
            .describe_instances(&cvm::DescribeInstancesRequest::default())
            .await
            .unwrap();
        assert_eq!(instance_ids(&listed), ["ins-0", "ins-1"]);
        assert_eq!(listed.total_count, Some(2));

        let calls = server.calls();
        let actions: Vec<&str> = calls.iter().map(|call| call.action.as_str()).collect();
        assert_eq!(actions, ["RunInstances", "DescribeInstances"]);
        let run_call = &calls[0];
        assert_eq!(run_call.service, "cvm");
        assert_eq!(run_call.version, "2017-03-12");
        assert_eq!(run_call.region.as_deref(), Some("ap-guangzhou"));
        assert_eq!(run_call.secret_id, TEST_SECRET_ID);
        assert_eq!(run_call.param("InstanceCount"), Some(&json!(2)));
        assert_eq!(run_call.param("ImageId"), Some(&json!("img-test")));
        assert_eq!(server.calls_to("DescribeInstances").len(), 1);
    })
    .await;
}

#[tokio::test]
async fn streaming_actions_stream_whatever_their_shape() {
    bounded(async {
        let server = TestServer::start().await.unwrap();
        let hunyuan = hunyuan::Client::new(client(&server));

        // A chat model other than ChatCompletions: a word a chunk, the last one finishing.
        let request = hunyuan::ChatTranslationsRequest {
            stream: Some(true),
            ..hunyuan::ChatTranslationsRequest::new("hunyuan-translation".into())
        };
        let mut stream = hunyuan.chat_translations_stream(&request).await.unwrap();
        let mut finish = Vec::new();
        while let Some(chunk) = stream.next_chunk().await {
            for choice in chunk.unwrap().choices.unwrap_or_default() {
                finish.push(choice.finish_reason.unwrap_or_default());
            }
        }
        assert!(finish.len() > 1, "streamed in several chunks: {finish:?}");
        assert_eq!(finish.last().map(String::as_str), Some("stop"));
        assert!(stream.end_seen());

        // An action whose answer is not a chat's streams that answer; the stream ends with the
        // connection. A registered answer streams too.
        server
            .on("hunyuan", "RunThread")
            .unwrap()
            .respond(json!({}))
            .unwrap();
        let request = hunyuan::RunThreadRequest {
            stream: Some(true),
            ..hunyuan::RunThreadRequest::new("thread-1".into())
        };
        let mut stream = hunyuan.run_thread_stream(&request).await.unwrap();
        let mut chunks = 0;
        while let Some(chunk) = stream.next_chunk().await {
            chunk.unwrap();
            chunks += 1;
        }
        assert!(chunks > 1, "{chunks} chunks");
        assert!(stream.request_id().is_some_and(|id| !id.is_empty()));
    })
    .await;
}
