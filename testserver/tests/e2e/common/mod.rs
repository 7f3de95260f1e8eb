//! Shared by the end-to-end tests: response types, a client for a test server, a fast policy.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tcapi::client::{Client, RetryEvent};
use tcapi::retry::{Jitter, RetryPolicy};
use tcapi::sign::ProvideCredentials;
use tcapi_testserver::TestServer;

/// AI Art `TextToImageLite`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct TextToImageLite {
    pub result_image: Option<String>,
    pub seed: Option<i64>,
    pub request_id: String,
}

/// Billing `CreateInstance`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct CreateInstance {
    pub order_id: Option<String>,
    pub instance_id_list: Option<Vec<String>>,
    pub request_id: String,
}

/// Billing `PayDeals`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct PayDeals {
    pub order_ids: Option<Vec<String>>,
    pub request_id: String,
}

/// Billing `DescribeAccountBalance`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct AccountBalance {
    pub balance: Option<i64>,
    pub uin: Option<i64>,
    pub request_id: String,
}

/// A policy with short delays, so tests stay fast; `Equal` jitter keeps delays growing.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(4)
        .with_base_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(200))
        .with_resource_delay(Duration::from_millis(50), Duration::from_millis(200))
        .with_jitter(Jitter::Equal)
        .with_time_budget(Some(Duration::from_secs(10)))
}

/// Retry events recorded by a client's hook.
pub type Events = Arc<Mutex<Vec<RetryEvent>>>;

/// A client for `server` with `credentials`, the fast policy, short timeouts, and a hook that
/// records retry events.
pub fn client_with(
    server: &TestServer,
    credentials: impl ProvideCredentials + 'static,
) -> (Client, Events) {
    let events: Events = Arc::default();
    let sink = Arc::clone(&events);
    let client = Client::builder(credentials, "ap-guangzhou")
        .endpoint(server.endpoint())
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .on_retry(move |event| sink.lock().unwrap().push(event.clone()))
        .build()
        .expect("client");
    (client, events)
}

/// A client for `server` with its own credentials.
pub fn client(server: &TestServer) -> (Client, Events) {
    client_with(server, server.credentials())
}

pub fn snapshot(events: &Events) -> Vec<RetryEvent> {
    events.lock().unwrap().clone()
}

/// Every test runs under this limit, so a hang fails instead of blocking the suite.
pub async fn bounded<F: std::future::Future>(seconds: u64, future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(seconds), future)
        .await
        .expect("the test took too long")
}
