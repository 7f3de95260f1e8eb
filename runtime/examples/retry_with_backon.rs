//! `cargo run -p tcapi --example retry_with_backon`
//!
//! tcapi's retry decisions plugged into the `backon` crate: `RetryPolicy::delays()` is the
//! backoff (any `Iterator<Item = Duration>` is one for backon), and `action_after(&error,
//! idempotency)` decides, by the same rules as `tcapi::retry::execute` and the client, whether
//! to retry at all.
//!
//! The operation here is simulated (it fails with real `tcapi::Error` values, then succeeds),
//! so the example runs anywhere. With `tcapi::client::Client`, give the client
//! `RetryPolicy::never()` and wrap `client.call(..)` the same way.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use backon::Retryable;
use tcapi::retry::{action_after, Idempotency, Jitter, RetryAction, RetryPolicy};
use tcapi::{ApiError, CommonCode, Error, ErrorCode};

/// A call that fails with the given codes in turn, then succeeds.
async fn flaky(attempts: &AtomicU32, failures: &[&str]) -> Result<String, Error> {
    let n = attempts.fetch_add(1, Ordering::SeqCst) as usize;
    match failures.get(n) {
        Some(code) => Err(Error::Api(ApiError::new(
            CommonCode::parse(code),
            "simulated",
            format!("req-{n}"),
        ))),
        None => Ok(format!("succeeded on attempt {}", n + 1)),
    }
}

/// Whether backon should retry: the error's action for this idempotency. `Resign` and
/// `RefreshCredentials` need the client's help (a new timestamp, new credentials), which a
/// plain resend cannot give, so only `Resend` is retried here.
fn should_retry(error: &Error, idempotency: Idempotency) -> bool {
    action_after(error, idempotency) == Some(RetryAction::Resend)
}

async fn run(title: &str, failures: &[&str], idempotency: Idempotency) {
    let policy = RetryPolicy::default()
        .with_max_attempts(5)
        .with_base_delay(Duration::from_millis(50))
        .with_max_delay(Duration::from_millis(400))
        .with_jitter(Jitter::Full);
    let attempts = AtomicU32::new(0);
    let result = (|| flaky(&attempts, failures))
        .retry(policy.delays())
        .sleep(tokio::time::sleep)
        .when(|error: &Error| should_retry(error, idempotency))
        .notify(|error: &Error, delay: Duration| {
            println!(
                "    {} ({}): retrying in {} ms",
                error.code().map_or("?", |c| c.as_str()),
                error.retry_hint(),
                delay.as_millis()
            );
        })
        .await;
    match result {
        Ok(message) => println!("  {title}: {message}"),
        Err(error) => println!(
            "  {title}: gave up after {} attempt(s): {error}",
            attempts.load(Ordering::SeqCst)
        ),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("Throttled twice, any request:");
    run(
        "PayDeals",
        &[
            "RequestLimitExceeded",
            "RequestLimitExceeded.UinLimitExceeded",
        ],
        Idempotency::NotIdempotent,
    )
    .await;
    println!("InternalError, idempotent request:");
    run(
        "DescribeInstances",
        &["InternalError"],
        Idempotency::Idempotent,
    )
    .await;
    println!("InternalError, request that is not idempotent:");
    run("PayDeals", &["InternalError"], Idempotency::NotIdempotent).await;
    println!("A bad parameter is never retried:");
    run(
        "RunInstances",
        &["InvalidParameterValue"],
        Idempotency::Idempotent,
    )
    .await;
}
