//! The paging streams (`Client::pages`, `Client::items`) over loopback, against handlers that
//! page like Tencent Cloud does, and like a careless server does: every stop rule of
//! `tcapi::paginate`.

use std::sync::{Arc, Mutex};

use crate::common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};
use tcapi::{Action, CommonCode, Error, ErrorCode, Paginated, Paging};
use tcapi_testserver::{Fault, TestServer};

/// `impl Action` for a request of the test service `things`: a read.
macro_rules! read_action {
    ($request:ty, $action:literal, $response:ty) => {
        impl Action for $request {
            const SERVICE: &'static str = "things";
            const VERSION: &'static str = "2020-01-01";
            const ACTION: &'static str = $action;
            type Response = $response;
            fn idempotent(&self) -> bool {
                true
            }
        }
    };
}

/// `ListThings`: Offset/Limit with a TotalCount, the items are numbers.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListThingsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<i64>,
}

#[derive(Debug, tcapi::TencentResponse)]
struct ListThingsResponse {
    pub total_count: Option<i64>,
    pub things: Option<Vec<u64>>,
    pub request_id: String,
}

read_action!(ListThingsRequest, "ListThings", ListThingsResponse);

// The same glue the generator emits.
impl Paginated for ListThingsRequest {
    type Item = u64;
    const PAGING: Paging = Paging::Offset;
    fn items(response: &ListThingsResponse) -> &[u64] {
        tcapi::__private::page_items(&response.things)
    }
    fn into_items(response: ListThingsResponse) -> Vec<u64> {
        response.things.unwrap_or_default()
    }
    fn position(&self) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&self.offset)
    }
    fn set_position(&mut self, position: u64) {
        tcapi::__private::PageNumberField::set(&mut self.offset, position);
    }
    fn page_size(&self) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&self.limit)
    }
    fn total(response: &ListThingsResponse) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&response.total_count)
    }
}

/// `BrowseThings`: PageNumber/PageSize with a Total.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct BrowseThingsRequest {
    page_number: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<u64>,
}

#[derive(Debug, tcapi::TencentResponse)]
struct BrowseThingsResponse {
    pub total: Option<u64>,
    pub things: Option<Vec<u64>>,
    pub request_id: String,
}

read_action!(BrowseThingsRequest, "BrowseThings", BrowseThingsResponse);

impl Paginated for BrowseThingsRequest {
    type Item = u64;
    const PAGING: Paging = Paging::PageNumber { first: 1 };
    fn items(response: &BrowseThingsResponse) -> &[u64] {
        tcapi::__private::page_items(&response.things)
    }
    fn into_items(response: BrowseThingsResponse) -> Vec<u64> {
        response.things.unwrap_or_default()
    }
    fn position(&self) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&self.page_number)
    }
    fn set_position(&mut self, position: u64) {
        tcapi::__private::PageNumberField::set(&mut self.page_number, position);
    }
    fn page_size(&self) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&self.page_size)
    }
    fn total(response: &BrowseThingsResponse) -> Option<u64> {
        tcapi::__private::PageNumberField::get(&response.total)
    }
}

/// `ScanThings`: a NextToken in and out, no total.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct ScanThingsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Debug, tcapi::TencentResponse)]
struct ScanThingsResponse {
    pub next_token: Option<String>,
    pub things: Option<Vec<u64>>,
    pub request_id: String,
}

read_action!(ScanThingsRequest, "ScanThings", ScanThingsResponse);

impl Paginated for ScanThingsRequest {
    type Item = u64;
    const PAGING: Paging = Paging::Token;
    fn items(response: &ScanThingsResponse) -> &[u64] {
        tcapi::__private::page_items(&response.things)
    }
    fn into_items(response: ScanThingsResponse) -> Vec<u64> {
        response.things.unwrap_or_default()
    }
    fn set_token(&mut self, token: &str) {
        tcapi::__private::PageTokenField::set(&mut self.next_token, token);
    }
    fn next_token(response: &ScanThingsResponse) -> Option<&str> {
        response.next_token.as_deref()
    }
}

fn number(params: &Map<String, Value>, key: &str) -> Option<u64> {
    params.get(key).and_then(Value::as_u64)
}

/// Every request's parameters, in order, as a handler saw them.
type Seen = Arc<Mutex<Vec<Map<String, Value>>>>;

/// Registers `ListThings` over the items `0..count`: `answer` maps (offset, limit) to the
/// page's range and whether to send the total; the parameters are recorded.
fn list_things(
    server: &TestServer,
    count: u64,
    answer: impl Fn(u64, u64) -> (std::ops::Range<u64>, bool) + Send + Sync + 'static,
) -> Seen {
    let seen = Seen::default();
    let record = Arc::clone(&seen);
    server.define_action("things", "2020-01-01", "ListThings");
    server
        .handle("ListThings", move |params| {
            record.lock().unwrap().push(params.clone());
            let offset = number(params, "Offset").unwrap_or(0);
            let limit = number(params, "Limit").unwrap_or(20);
            let (range, with_total) = answer(offset, limit);
            let things: Vec<u64> = range.filter(|n| *n < count).collect();
            let mut response = json!({ "Things": things });
            if with_total {
                response["TotalCount"] = json!(count);
            }
            response
        })
        .unwrap();
    seen
}

/// A server that pages properly, with a total.
fn careful(offset: u64, limit: u64) -> (std::ops::Range<u64>, bool) {
    (offset..offset + limit, true)
}

fn offsets(seen: &Seen) -> Vec<Option<u64>> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|params| number(params, "Offset"))
        .collect()
}

#[tokio::test]
async fn twenty_five_items_with_limit_ten_are_three_pages() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let seen = list_things(&server, 25, careful);
        let (client, _) = client(&server);
        let request = ListThingsRequest {
            offset: None,
            limit: Some(10),
        };
        let pages: Vec<ListThingsResponse> = client.pages(&request).try_collect().await.unwrap();
        let sizes: Vec<usize> = pages
            .iter()
            .map(|p| ListThingsRequest::items(p).len())
            .collect();
        assert_eq!(sizes, [10, 10, 5]);
        assert!(pages.iter().all(|p| p.total_count == Some(25)));
        // The first request goes as given (no Offset), then the offsets move on.
        assert_eq!(offsets(&seen), [None, Some(10), Some(20)]);
        assert_eq!(server.executed("ListThings"), 3);

        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, (0..25).collect::<Vec<_>>());
        assert_eq!(
            server.executed("ListThings"),
            6,
            "three more requests, none extra"
        );
    })
    .await;
}

#[tokio::test]
async fn a_stream_starts_at_the_requested_offset_and_moves_by_the_items_received() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        // The service caps a page at 4 items whatever the limit: with a total, a short page
        // does not end the stream, and the next offset counts what came, not the limit.
        let seen = list_things(&server, 25, |offset, limit| {
            (offset..offset + limit.min(4), true)
        });
        let (client, _) = client(&server);
        let request = ListThingsRequest {
            offset: Some(13),
            limit: Some(10),
        };
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, (13..25).collect::<Vec<_>>());
        assert_eq!(offsets(&seen), [Some(13), Some(17), Some(21)]);
    })
    .await;
}

#[tokio::test]
async fn without_a_total_a_short_or_empty_page_is_the_last() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let seen = list_things(&server, 25, |offset, limit| (offset..offset + limit, false));
        let (client, _) = client(&server);
        let request = ListThingsRequest {
            offset: None,
            limit: Some(10),
        };
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items.len(), 25);
        assert_eq!(offsets(&seen).len(), 3, "the page of 5 is the last");

        // 20 items: the third page is empty, and ends the stream.
        let seen = list_things(&server, 20, |offset, limit| (offset..offset + limit, false));
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items.len(), 20);
        assert_eq!(offsets(&seen), [None, Some(10), Some(20)]);

        // No limit sent: the stream cannot tell a short page, so only the empty one ends it.
        let seen = list_things(&server, 25, |offset, limit| (offset..offset + limit, false));
        let pages: Vec<ListThingsResponse> = client
            .pages(&ListThingsRequest::default())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 3, "20 (the server's default), 5, then empty");
        assert_eq!(offsets(&seen), [None, Some(20), Some(25)]);
    })
    .await;
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_ends_the_stream_after_one_page() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        let request = ListThingsRequest {
            offset: None,
            limit: Some(10),
        };
        for with_total in [true, false] {
            let seen = list_things(&server, 25, move |_, limit| (0..limit, with_total));
            let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
            assert_eq!(items, (0..10).collect::<Vec<_>>(), "total: {with_total}");
            assert_eq!(
                offsets(&seen),
                [None, Some(10)],
                "the repeated page ends it (total: {with_total})"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn page_numbers_count_from_the_first_page() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let seen = Seen::default();
        let record = Arc::clone(&seen);
        server.define_action("things", "2020-01-01", "BrowseThings");
        server
            .handle("BrowseThings", move |params| {
                record.lock().unwrap().push(params.clone());
                let number = number(params, "PageNumber").unwrap_or(1).max(1);
                let size = params.get("PageSize").and_then(Value::as_u64).unwrap_or(10);
                let start = (number - 1) * size;
                let things: Vec<u64> = (start..(start + size).min(25)).collect();
                json!({ "Total": 25, "Things": things })
            })
            .unwrap();
        let (client, _) = client(&server);
        let request = BrowseThingsRequest {
            page_number: 1,
            page_size: Some(10),
        };
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, (0..25).collect::<Vec<_>>());
        let numbers: Vec<Option<u64>> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|params| number(params, "PageNumber"))
            .collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3)], "the total ends it");
    })
    .await;
}

/// Registers `ScanThings`: the page of each token, then the token of the next.
fn scan_things(
    server: &TestServer,
    pages: &'static [(Option<&str>, &[u64], Option<&str>)],
) -> Seen {
    let seen = Seen::default();
    let record = Arc::clone(&seen);
    server.define_action("things", "2020-01-01", "ScanThings");
    server.handle("ScanThings", move |params| {
        record.lock().unwrap().push(params.clone());
        let token = params.get("NextToken").and_then(Value::as_str);
        match pages.iter().find(|(asked, _, _)| *asked == token) {
            Some((_, things, next)) => json!({ "Things": things, "NextToken": next }),
            None => {
                json!({ "Error": { "Code": "InvalidParameterValue", "Message": "unknown token" } })
            }
        }
    }).unwrap();
    seen
}

fn tokens(seen: &Seen) -> Vec<Option<String>> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|params| {
            params
                .get("NextToken")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn token_pages_follow_the_token_until_it_is_absent_empty_or_repeated() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        let request = ScanThingsRequest::default();

        // An empty page in the middle does not end a token stream; a missing token does.
        let seen = scan_things(
            &server,
            &[
                (None, &[1, 2], Some("a")),
                (Some("a"), &[], Some("b")),
                (Some("b"), &[3], None),
            ],
        );
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(tokens(&seen), [None, Some("a".into()), Some("b".into())]);

        // An empty token is no token.
        let seen = scan_things(
            &server,
            &[(None, &[1], Some("a")), (Some("a"), &[2], Some(""))],
        );
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, [1, 2]);
        assert_eq!(tokens(&seen).len(), 2);

        // A token handed back twice would loop: the stream ends instead.
        let seen = scan_things(
            &server,
            &[
                (None, &[1], Some("a")),
                (Some("a"), &[2], Some("b")),
                (Some("b"), &[3], Some("a")),
            ],
        );
        let items: Vec<u64> = client.items(&request).try_collect().await.unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(tokens(&seen), [None, Some("a".into()), Some("b".into())]);
    })
    .await;
}

#[tokio::test]
async fn an_error_midway_ends_the_stream_with_it_after_the_retries() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        let request = ListThingsRequest {
            offset: None,
            limit: Some(10),
        };

        // A transient error on the second page is retried (a read is idempotent) and the
        // stream goes on.
        list_things(&server, 25, careful);
        let mut pages = client.pages(&request);
        assert!(pages.next().await.unwrap().is_ok());
        server
            .inject_for("ListThings", Fault::InternalError)
            .unwrap();
        let rest: Vec<ListThingsResponse> = (&mut pages).try_collect().await.unwrap();
        assert_eq!(rest.len(), 2);
        assert_eq!(snapshot(&events).len(), 1, "one retry");

        // A lasting one ends it: the items before it, the error, then nothing.
        let seen = list_things(&server, 25, careful);
        let mut items = client.items(&request);
        for expected in 0..10 {
            assert_eq!(items.next().await.unwrap().unwrap(), expected);
        }
        server
            .inject_for(
                "ListThings",
                Fault::ApiError {
                    code: "ResourceNotFound".into(),
                    message: "gone".into(),
                },
            )
            .unwrap();
        let error: Error = items.next().await.unwrap().unwrap_err();
        assert_eq!(
            error.code().map(CommonCode::as_str),
            Some("ResourceNotFound")
        );
        assert!(items.next().await.is_none(), "nothing after the error");
        assert_eq!(
            offsets(&seen),
            [None],
            "the failed request never reached the handler"
        );
    })
    .await;
}

#[tokio::test]
async fn an_error_on_the_first_page_is_the_only_element() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        // No handler: `InvalidAction`.
        let pages: Vec<Result<ListThingsResponse, Error>> =
            client.pages(&ListThingsRequest::default()).collect().await;
        assert_eq!(pages.len(), 1);
        let error = pages.into_iter().next().unwrap().unwrap_err();
        assert_eq!(error.code().map(CommonCode::as_str), Some("InvalidAction"));
    })
    .await;
}
