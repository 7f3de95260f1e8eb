//! Paging one level down, through a generated crate over loopback: billing's
//! `DescribeBudget` moves `PageNo`/`PageSize` in the request and keeps its items and total in
//! the response's `Data` (`Data.Records`, `Data.Total`), read by the generated
//! `impl tcapi::Paginated` and `Client::describe_budget_pages`/`_items`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::{json, Value};
use tcapi::Paginated;
use tcapi_billing::v20180709 as billing;
use tcapi_testserver::TestServer;

/// How the test server answers: the number of budgets, and whether `Data` carries the total.
#[derive(Clone, Copy)]
struct Budgets {
    count: u64,
    with_total: bool,
}

/// A server whose `DescribeBudget` pages `budgets` by `PageNo` (from 1) and `PageSize`,
/// recording the page numbers it is asked for, and a billing client pointed at it.
async fn serve(budgets: Budgets) -> (TestServer, billing::Client, Arc<Mutex<Vec<u64>>>) {
    let server = TestServer::start().await.unwrap();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&asked);
    server
        .handle("DescribeBudget", move |params| {
            let number = params.get("PageNo").and_then(Value::as_u64).unwrap_or(0);
            let size = params.get("PageSize").and_then(Value::as_u64).unwrap_or(0);
            seen.lock().unwrap().push(number);
            let start = number.saturating_sub(1) * size;
            let records: Vec<Value> = (start..(start + size).min(budgets.count))
                .map(|n| json!({ "BudgetName": format!("budget-{n:02}") }))
                .collect();
            let mut data = json!({ "Current": number, "Size": size, "Records": records });
            if budgets.with_total {
                data["Total"] = json!(budgets.count);
            }
            json!({ "Data": data, "Code": 0 })
        })
        .unwrap();
    let client = tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (server, billing::Client::new(client), asked)
}

/// The sizes of the pages of the first ten budgets a page, and the page numbers asked.
async fn page_sizes(budgets: Budgets) -> (Vec<usize>, Vec<u64>) {
    let (_server, billing, asked) = serve(budgets).await;
    let request = billing::DescribeBudgetRequest::new(1, 10);
    let pages: Vec<billing::DescribeBudgetResponse> = billing
        .describe_budget_pages(&request)
        .try_collect()
        .await
        .unwrap();
    let sizes = pages
        .iter()
        .map(|page| billing::DescribeBudgetRequest::items(page).len())
        .collect();
    let asked = asked.lock().unwrap().clone();
    (sizes, asked)
}

/// `test`, failed if it takes more than 30 seconds.
async fn within_time<F: std::future::Future>(test: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), test)
        .await
        .expect("the test took too long")
}

#[tokio::test]
async fn nested_items_stream_in_order_across_pages() {
    within_time(async {
        let (server, billing, asked) = serve(Budgets {
            count: 23,
            with_total: true,
        })
        .await;
        let request = billing::DescribeBudgetRequest::new(1, 10);
        let budgets: Vec<billing::BudgetExtend> = billing
            .describe_budget_items(&request)
            .try_collect()
            .await
            .unwrap();
        let names: Vec<String> = budgets
            .into_iter()
            .map(|budget| budget.budget_name.unwrap())
            .collect();
        let expected: Vec<String> = (0..23).map(|n| format!("budget-{n:02}")).collect();
        assert_eq!(names, expected);
        assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);
        assert_eq!(server.executed("DescribeBudget"), 3);
    })
    .await;
}

#[tokio::test]
async fn the_nested_total_ends_the_stream_after_a_full_page() {
    within_time(async {
        // 20 budgets in pages of 10: the second page is full, so only `Data.Total` tells
        // the stream that it is the last; no third request is sent.
        let (sizes, asked) = page_sizes(Budgets {
            count: 20,
            with_total: true,
        })
        .await;
        assert_eq!(sizes, [10, 10]);
        assert_eq!(asked, [1, 2]);
    })
    .await;
}

#[tokio::test]
async fn without_a_total_a_short_page_ends_the_stream() {
    within_time(async {
        let (sizes, asked) = page_sizes(Budgets {
            count: 23,
            with_total: false,
        })
        .await;
        assert_eq!(sizes, [10, 10, 3]);
        assert_eq!(asked, [1, 2, 3]);
        // A full last page without a total: the stream asks once more and the empty page
        // ends it.
        let (sizes, asked) = page_sizes(Budgets {
            count: 20,
            with_total: false,
        })
        .await;
        assert_eq!(sizes, [10, 10, 0]);
        assert_eq!(asked, [1, 2, 3]);
    })
    .await;
}

#[tokio::test]
async fn a_response_without_its_page_object_is_one_empty_page() {
    within_time(async {
        let server = TestServer::start().await.unwrap();
        server
            .handle("DescribeBudget", |_| json!({ "Code": 0 }))
            .unwrap();
        let client = tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let billing = billing::Client::new(client);
        let request = billing::DescribeBudgetRequest::new(1, 10);
        let pages: Vec<billing::DescribeBudgetResponse> = billing
            .describe_budget_pages(&request)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 1);
        assert!(pages[0].data.is_none());
        assert!(billing::DescribeBudgetRequest::items(&pages[0]).is_empty());
        assert_eq!(billing::DescribeBudgetRequest::total(&pages[0]), None);
        assert_eq!(server.executed("DescribeBudget"), 1);
    })
    .await;
}
