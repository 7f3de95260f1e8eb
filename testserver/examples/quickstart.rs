//! `cargo run --example quickstart`
//!
//! Starts the local Tencent-compatible endpoint of `tcapi-testserver` on 127.0.0.1 and makes
//! signed calls to it through `tcapi::client`: a success, a throttled call that is retried, a
//! clock 10 minutes off that is corrected, errors with their code, category, retry hint
//! and RequestId, and a hunyuan `ChatCompletions` answer streamed as server-sent events.
//! Nothing leaves the machine, whatever credentials the environment holds.
//!
//! `cargo run --example quickstart -- --real` calls the real service instead, and only then:
//! with `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` (and optionally
//! `TENCENTCLOUD_REGION`, default `ap-guangzhou`), it makes two read-only calls: the account
//! balance (Billing), and a query for an AI Art job that does not exist, to show a real error.
#![forbid(unsafe_code)]

use std::error::Error as _;
use std::time::Duration;

use serde_json::json;
use tcapi::client::{Client, RetryEvent};
use tcapi::retry::{Jitter, RetryPolicy};
use tcapi::sign::Credentials;
use tcapi::{Error, ErrorCode};
use tcapi_aiart::v20221229::{
    self as aiart, QueryTextToImageJobRequest, QueryTextToImageJobResponse, TextToImageLiteRequest,
};
use tcapi_billing::v20180709::{self as billing, DescribeAccountBalanceRequest, PayDealsRequest};
use tcapi_hunyuan::v20230901::{self as hunyuan, ChatCompletionsRequest, Message};
use tcapi_testserver::{Fault, TestServer};

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

/// Where the quickstart sends its calls.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// The local test server: the default, whatever the environment holds.
    Local,
    /// The real service: only with `--real`.
    Real,
}

/// The target the command line asks for. Credentials in the environment never choose the real
/// service on their own: every tccli user has them set.
fn target(args: impl IntoIterator<Item = String>) -> Result<Target, String> {
    let mut target = Target::Local;
    for arg in args {
        match arg.as_str() {
            "--real" => target = Target::Real,
            other => {
                return Err(format!(
                    "unknown argument `{other}`; usage: quickstart [--real]"
                ))
            }
        }
    }
    Ok(target)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match target(std::env::args().skip(1))? {
        Target::Real => {
            let credentials = Credentials::from_env().map_err(|e| {
                format!("--real needs TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY: {e}")
            })?;
            real(credentials).await
        }
        Target::Local => local().await,
    }
}

async fn local() -> Result<(), Box<dyn std::error::Error>> {
    let server = TestServer::start().await?;
    println!(
        "tcapi quickstart: calling the local Tencent Cloud API 3.0 compatible endpoint at {}",
        server.endpoint()
    );
    println!("(nothing leaves this machine; `-- --real` calls the real service instead)\n");

    let client = Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(100))
                .with_jitter(Jitter::Equal),
        )
        .on_retry(print_retry)
        .build()?;

    let billing = billing::Client::new(client.clone());
    let aiart = aiart::Client::new(client.clone());

    println!("1. A signed call: billing DescribeAccountBalance");
    let balance = billing
        .describe_account_balance(&DescribeAccountBalanceRequest::default())
        .await?;
    println!(
        "    ok: balance {:?}, uin {:?}, RequestId {:?}\n",
        balance.balance, balance.uin, balance.request_id
    );

    println!(
        "2. Throttled twice (RequestLimitExceeded), retried with backoff: aiart TextToImageLite"
    );
    server.inject(Fault::Throttle);
    server.inject(Fault::Throttle);
    let image = aiart
        .text_to_image_lite(&TextToImageLiteRequest {
            prompt: "rain, bamboo forest".into(),
            negative_prompt: None,
            resolution: None,
            seed: None,
            logo_add: None,
            logo_param: None,
            rsp_img_type: None,
        })
        .await?;
    println!(
        "    ok after 3 attempts: image {}, seed {:?}\n",
        image.result_image.as_deref().unwrap_or("-"),
        image.seed
    );

    println!("3. The local clock 10 minutes ahead of the server's: learned from its Date header");
    server.set_clock_offset(-600);
    let balance = billing
        .describe_account_balance(&DescribeAccountBalanceRequest::default())
        .await?;
    println!(
        "    ok: clock offset learned {} s, RequestId {:?}\n",
        billing.client().clock_offset(),
        balance.request_id
    );

    // The generated request makes `JobId` a required field, so this bad request has to be
    // written as raw JSON through the untyped call.
    println!("4. A bad request: aiart QueryTextToImageJob without its JobId");
    let result: Result<QueryTextToImageJobResponse, Error<aiart::errors::Code>> = client
        .call("aiart", "2022-12-29", "QueryTextToImageJob", &json!({}))
        .await;
    if let Err(error) = &result {
        print_error(error);
    }
    println!();

    println!("5. InternalError on a call that is not idempotent (billing PayDeals): not retried");
    server.inject(Fault::InternalError);
    let result = billing.pay_deals(&pay_deals("20251201000001")).await;
    if let Err(error) = &result {
        print_error(error);
    }
    println!(
        "    the server executed PayDeals {} time(s)\n",
        server.executed("PayDeals")
    );

    println!("6. A gateway answering with an HTML 502 page");
    server.inject(Fault::Html502);
    let result = billing.pay_deals(&pay_deals("20251201000002")).await;
    if let Err(error) = &result {
        print_error(error);
    }
    println!();

    println!("7. A streamed answer (server-sent events): hunyuan ChatCompletions");
    let hunyuan = hunyuan::Client::new(client.clone());
    let message = Message {
        role: Some("user".to_owned()),
        content: Some("Say hello.".to_owned()),
        ..Message::default()
    };
    let chat = ChatCompletionsRequest {
        stream: Some(true),
        ..ChatCompletionsRequest::new("hunyuan-lite".to_owned(), vec![message])
    };
    let mut stream = hunyuan.chat_completions_stream(&chat).await?;
    print!("    ");
    while let Some(chunk) = stream.next_chunk().await {
        for choice in chunk?.choices.unwrap_or_default() {
            print!(
                "{}",
                choice.delta.and_then(|d| d.content).unwrap_or_default()
            );
        }
    }
    println!(
        "\n    {} chunks, RequestId {} (from the X-TC-RequestId header)",
        stream.chunks(),
        stream.request_id().unwrap_or("-")
    );
    Ok(())
}

/// A `PayDeals` request for one order.
fn pay_deals(order: &str) -> PayDealsRequest {
    PayDealsRequest {
        order_ids: Some(vec![order.to_owned()]),
        ..PayDealsRequest::default()
    }
}

async fn real(credentials: Credentials) -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("TENCENTCLOUD_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    println!(
        "tcapi quickstart: calling the REAL Tencent Cloud API at https://billing.tencentcloudapi.com \
         and https://aiart.tencentcloudapi.com as {credentials} in {region}\n"
    );
    let client = Client::builder(credentials, region)
        .on_retry(print_retry)
        .build()?;

    println!("1. billing DescribeAccountBalance");
    let result = billing::Client::new(client.clone())
        .describe_account_balance(&DescribeAccountBalanceRequest::default())
        .await;
    match &result {
        Ok(balance) => println!(
            "    ok: balance {:?}, uin {:?}, RequestId {:?}",
            balance.balance, balance.uin, balance.request_id
        ),
        Err(error) => print_error(error),
    }

    println!("\n2. aiart QueryTextToImageJob for a job that does not exist");
    let result = aiart::Client::new(client)
        .query_text_to_image_job(&QueryTextToImageJobRequest {
            job_id: "tcapi-quickstart-no-such-job".into(),
        })
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

#[cfg(test)]
mod tests {
    use super::{target, Target};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|&a| a.to_owned()).collect()
    }

    #[test]
    fn the_real_service_needs_the_flag() {
        assert_eq!(target(args(&[])), Ok(Target::Local));
        assert_eq!(target(args(&["--real"])), Ok(Target::Real));
    }

    #[test]
    fn an_unknown_argument_is_an_error_not_a_guess() {
        let error = target(args(&["--reel"])).unwrap_err();
        assert!(
            error.contains("`--reel`") && error.contains("--real"),
            "{error}"
        );
    }
}
