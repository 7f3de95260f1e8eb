//! `cargo run --example quickstart`
//!
//! Without credentials (the default), it starts the local Tencent-compatible endpoint of
//! `tcapi-testserver` on 127.0.0.1 and makes signed calls to it through `tcapi::client`:
//! a success, a throttled call that is retried, a clock 10 minutes off that is corrected, and
//! errors with their code, category, retry hint and RequestId. Nothing leaves the machine.
//!
//! With `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set (and optionally
//! `TENCENTCLOUD_REGION`, default `ap-guangzhou`), it calls the real service instead, with two
//! read-only calls: the account balance (Billing), and a query for an AI Art job that does
//! not exist, to show a real error.

use std::error::Error as _;
use std::time::Duration;

use serde_json::json;
use tcapi::client::{Client, RetryEvent};
use tcapi::retry::{Jitter, RetryPolicy};
use tcapi::sign::Credentials;
use tcapi::{Error, ErrorCode};
use tcapi_testserver::{Fault, TestServer};

/// The error codes of AI Art, from the built-in table.
#[tcapi::error_codes(product = "aiart")]
pub enum AiartCode {}

/// Billing `DescribeAccountBalance`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct DescribeAccountBalanceResponse {
    /// Available balance, in cents.
    pub balance: Option<i64>,
    /// The account.
    pub uin: Option<i64>,
    /// The RequestId.
    pub request_id: String,
}

/// AI Art `TextToImageLite`.
#[derive(Debug, tcapi::TencentResponse)]
#[tencent(codes = AiartCode)]
pub struct TextToImageLiteResponse {
    /// The URL of the image.
    pub result_image: Option<String>,
    /// The seed used.
    pub seed: Option<i64>,
    /// The RequestId.
    pub request_id: String,
}

/// AI Art `QueryTextToImageJob`.
#[derive(Debug, tcapi::TencentResponse)]
#[tencent(codes = AiartCode)]
pub struct QueryTextToImageJobResponse {
    /// The job's status.
    pub job_status_msg: Option<String>,
    /// The images.
    pub result_image: Option<Vec<String>>,
    /// The RequestId.
    pub request_id: String,
}

/// Billing `PayDeals`.
#[derive(Debug, tcapi::TencentResponse)]
pub struct PayDealsResponse {
    /// The orders paid.
    pub order_ids: Option<Vec<String>>,
    /// The RequestId.
    pub request_id: String,
}

fn print_retry(event: &RetryEvent) {
    println!(
        "    retry: attempt {} of {} failed with {} (hint {}); {:?} after {} ms",
        event.attempt,
        event.action,
        event.code.as_deref().unwrap_or("a transport error"),
        event.hint,
        event.retry,
        event.delay.as_millis()
    );
}

fn print_error<C: ErrorCode>(error: &Error<C>) {
    println!("    error: {error}");
    if let Some(code) = error.code() {
        println!(
            "    code: {}  category: {}",
            code.as_str(),
            code.category().as_str()
        );
    }
    println!("    retry hint: {}", error.retry_hint());
    println!("    RequestId: {}", error.request_id().unwrap_or("(none)"));
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Credentials::from_env() {
        Ok(credentials) => real(credentials).await,
        Err(_) => local().await,
    }
}

async fn local() -> Result<(), Box<dyn std::error::Error>> {
    let server = TestServer::start().await?;
    println!("tcapi quickstart: no TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY set, so calling the local");
    println!(
        "Tencent Cloud API 3.0 compatible endpoint at {}",
        server.endpoint()
    );
    println!("(set them to call the real service instead)\n");

    let client = Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(100))
                .with_jitter(Jitter::Equal),
        )
        .on_retry(print_retry)
        .build()?;

    println!("1. A signed call: billing DescribeAccountBalance");
    let balance: DescribeAccountBalanceResponse = client
        .call(
            "billing",
            "2018-07-09",
            "DescribeAccountBalance",
            &json!({}),
        )
        .await?;
    println!(
        "    ok: balance {:?}, uin {:?}, RequestId {}\n",
        balance.balance, balance.uin, balance.request_id
    );

    println!(
        "2. Throttled twice (RequestLimitExceeded), retried with backoff: aiart TextToImageLite"
    );
    server.inject(Fault::Throttle);
    server.inject(Fault::Throttle);
    let image: TextToImageLiteResponse = client
        .call(
            "aiart",
            "2022-12-29",
            "TextToImageLite",
            &json!({ "Prompt": "rain, bamboo forest" }),
        )
        .await?;
    println!(
        "    ok after 3 attempts: image {}, seed {:?}\n",
        image.result_image.as_deref().unwrap_or("-"),
        image.seed
    );

    println!("3. The local clock 10 minutes ahead of the server's: learned from its Date header");
    server.set_clock_offset(-600);
    let balance: DescribeAccountBalanceResponse = client
        .call(
            "billing",
            "2018-07-09",
            "DescribeAccountBalance",
            &json!({}),
        )
        .await?;
    println!(
        "    ok: clock offset learned {} s, RequestId {}\n",
        client.clock_offset(),
        balance.request_id
    );

    println!("4. A bad request: aiart QueryTextToImageJob without its JobId");
    let result: Result<QueryTextToImageJobResponse, Error<AiartCode>> = client
        .call("aiart", "2022-12-29", "QueryTextToImageJob", &json!({}))
        .await;
    if let Err(error) = &result {
        print_error(error);
    }
    println!();

    println!("5. InternalError on a call that is not idempotent (billing PayDeals): not retried");
    server.inject(Fault::InternalError);
    let result: Result<PayDealsResponse, Error> = client
        .call(
            "billing",
            "2018-07-09",
            "PayDeals",
            &json!({ "OrderIds": ["20251201000001"] }),
        )
        .await;
    if let Err(error) = &result {
        print_error(error);
    }
    println!(
        "    the server executed PayDeals {} time(s)\n",
        server.executed("PayDeals")
    );

    println!("6. A gateway answering with an HTML 502 page");
    server.inject(Fault::Html502);
    let result: Result<PayDealsResponse, Error> = client
        .call(
            "billing",
            "2018-07-09",
            "PayDeals",
            &json!({ "OrderIds": ["20251201000002"] }),
        )
        .await;
    if let Err(error) = &result {
        print_error(error);
    }
    Ok(())
}

async fn real(credentials: Credentials) -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("TENCENTCLOUD_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    println!("tcapi quickstart: calling the real Tencent Cloud API as {credentials} in {region}\n");
    let client = Client::builder(credentials, region)
        .on_retry(print_retry)
        .build()?;

    println!("1. billing DescribeAccountBalance");
    let result: Result<DescribeAccountBalanceResponse, Error> = client
        .call(
            "billing",
            "2018-07-09",
            "DescribeAccountBalance",
            &json!({}),
        )
        .await;
    match &result {
        Ok(balance) => println!(
            "    ok: balance {:?}, uin {:?}, RequestId {}",
            balance.balance, balance.uin, balance.request_id
        ),
        Err(error) => print_error(error),
    }

    println!("\n2. aiart QueryTextToImageJob for a job that does not exist");
    let result: Result<QueryTextToImageJobResponse, Error<AiartCode>> = client
        .call(
            "aiart",
            "2022-12-29",
            "QueryTextToImageJob",
            &json!({ "JobId": "tcapi-quickstart-no-such-job" }),
        )
        .await;
    match &result {
        Ok(job) => println!("    ok: {job:?}"),
        Err(error) => {
            print_error(error);
            if let Some(source) = error.source() {
                println!("    caused by: {source}");
            }
        }
    }
    Ok(())
}
