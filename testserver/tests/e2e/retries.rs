//! End-to-end retry behaviour over loopback: throttling, clock skew, InternalError and
//! idempotency, expired tokens, wrong secrets.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::json;
use tcapi::retry::RetryAction;
use tcapi::sign::{Credentials, CredentialsFuture, ProvideCredentials};
use tcapi::{CommonCode, Error, ErrorCode, RetryHint};
use tcapi_testserver::{Fault, TestServer};

const AIART: &str = "2022-12-29";
const BILLING: &str = "2018-07-09";

fn code<T>(result: &Result<T, Error>) -> Option<&str> {
    match result {
        Err(error) => error.code().map(CommonCode::as_str),
        Ok(_) => None,
    }
}

#[tokio::test]
async fn throttled_twice_then_success_with_growing_bounded_delays() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        server.inject(Fault::Throttle);
        server.inject(Fault::Throttle);
        let started = Instant::now();
        // Not idempotent: throttling is retried for any request.
        let response: TextToImageLite = client
            .call(
                "aiart",
                AIART,
                "TextToImageLite",
                &json!({ "Prompt": "rain" }),
            )
            .await
            .unwrap();
        let elapsed = started.elapsed();
        assert!(response.result_image.is_some());
        assert_eq!(server.requests(), 3, "3 attempts");
        assert_eq!(server.executed("TextToImageLite"), 1);
        let events = snapshot(&events);
        assert_eq!(events.len(), 2);
        let policy = fast_policy();
        for (n, event) in (1..).zip(&events) {
            assert_eq!(event.attempt, n);
            assert_eq!(event.hint, RetryHint::Throttled);
            assert_eq!(event.code.as_deref(), Some("RequestLimitExceeded"));
            assert_eq!(event.retry, RetryAction::Resend);
            // Equal jitter: within [bound/2, bound] of the policy's exponential bound.
            assert!(event.delay <= policy.delay_bound(n), "{event:?}");
            assert!(event.delay >= policy.delay_bound(n) / 2, "{event:?}");
        }
        assert!(
            events[1].delay >= events[0].delay,
            "delays grow: {events:?}"
        );
        assert!(elapsed >= events[0].delay + events[1].delay);
    })
    .await;
}

#[tokio::test]
async fn clock_ten_minutes_ahead_is_learned_from_date() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        // The server's clock 10 minutes behind: the client's is 10 minutes ahead.
        server.set_clock_offset(-600);
        let (client, events) = client(&server);
        let first: AccountBalance = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
        assert!(first.balance.is_some());
        assert_eq!(server.answered("AuthFailure.SignatureExpire"), 1);
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0].hint, RetryHint::Resign);
        assert_eq!(recorded[0].retry, RetryAction::Resign);
        assert_eq!(recorded[0].delay, Duration::ZERO);
        assert!(
            (client.clock_offset() + 600).abs() <= 2,
            "offset {}",
            client.clock_offset()
        );
        // Later calls, and clones sharing the client, are right on the first attempt, whatever
        // the response type (here `tcapi::Decoded` over serde_json::Value, no derive).
        let requests = server.requests();
        for _ in 0..3 {
            let _: tcapi::Decoded<serde_json::Value> = client
                .clone()
                .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
                .await
                .unwrap();
        }
        assert_eq!(server.requests(), requests + 3);
        assert_eq!(snapshot(&events).len(), 1);
        assert_eq!(server.answered("AuthFailure.SignatureExpire"), 1);
    })
    .await;
}

#[tokio::test]
async fn internal_error_retried_only_when_idempotent() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);

        // Not idempotent (PayDeals, no ClientToken): executed once, failed, not retried.
        server.inject(Fault::InternalError);
        let result: Result<PayDeals, Error> =
            client.call("billing", BILLING, "PayDeals", &json!({ "OrderIds": ["o-1"] })).await;
        assert_eq!(code(&result), Some("InternalError"));
        let error = result.unwrap_err();
        assert_eq!(error.retry_hint(), RetryHint::Transient);
        assert!(error.request_id().is_some());
        assert_eq!(server.requests(), 1);
        assert_eq!(server.executed("PayDeals"), 1);
        assert!(snapshot(&events).is_empty());

        // Declared idempotent: retried, succeeds.
        server.inject(Fault::InternalError);
        let response: PayDeals = client
            .request("billing", BILLING, "PayDeals", &json!({ "OrderIds": ["o-2"] }))
            .idempotent(true)
            .send()
            .await
            .unwrap();
        assert!(response.order_ids.is_some());
        assert_eq!(server.requests(), 3);
        assert_eq!(snapshot(&events).len(), 1);

        // A ClientToken makes a call idempotent by default; the server executes it once.
        server.inject(Fault::InternalError);
        let request = json!({
            "ClientToken": "token-internal-error", "ProductCode": "p", "SubProductCode": "sp",
            "RegionCode": "ap-guangzhou", "ZoneCode": "ap-guangzhou-3", "PayMode": "PREPAID", "Parameter": "{}"
        });
        let response: CreateInstance =
            client.call("billing", BILLING, "CreateInstance", &request).await.unwrap();
        assert!(response.order_id.is_some());
        assert_eq!(server.executed_with_token("token-internal-error"), 1);
        assert_eq!(server.executed("CreateInstance"), 1);

        // Explicitly not idempotent overrides the ClientToken.
        server.inject(Fault::InternalError);
        let mut request = request.clone();
        request["ClientToken"] = json!("token-not-idempotent");
        let result: Result<CreateInstance, Error> = client
            .request("billing", BILLING, "CreateInstance", &request)
            .idempotent(false)
            .send()
            .await;
        assert_eq!(code(&result), Some("InternalError"));
        assert_eq!(server.executed_with_token("token-not-idempotent"), 1);
    })
    .await;
}

/// A 200 with no body at all is a cut connection, not a malformed answer: retried like a
/// truncated body, under the same idempotency rule.
#[tokio::test]
async fn empty_body_is_retried_when_idempotent() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);

        server.inject(Fault::Body(Vec::new()));
        let balance: AccountBalance = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
        assert!(balance.balance.is_some());
        assert_eq!(server.requests(), 2, "the empty answer was retried");
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0].hint, RetryHint::Transient);

        // Not idempotent: the request may have been executed; not sent again.
        server.inject(Fault::Body(b" \r\n".to_vec()));
        let result: Result<PayDeals, Error> = client
            .call(
                "billing",
                BILLING,
                "PayDeals",
                &json!({ "OrderIds": ["o-1"] }),
            )
            .await;
        let Err(Error::InvalidBody(body)) = result else {
            panic!("{result:?}")
        };
        assert_eq!(body.kind(), tcapi::BodyErrorKind::Empty);
        assert_eq!(body.retry_hint(), RetryHint::Transient);
        assert_eq!(server.requests(), 3);
        assert_eq!(snapshot(&events).len(), 1);
    })
    .await;
}

/// Temporary credentials: each refresh hands out the next token.
struct Sts {
    generation: AtomicU32,
    refreshes: AtomicU32,
}

impl Sts {
    fn credentials_of(generation: u32) -> Credentials {
        Credentials::new(
            format!("AKIDtmp{generation}"),
            format!("tmp-key-{generation}"),
        )
        .with_token(format!("tmp-token-{generation}"))
    }
}

impl ProvideCredentials for Sts {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let generation = self.generation.load(Ordering::SeqCst);
        Box::pin(async move { Ok(Sts::credentials_of(generation)) })
    }

    fn refresh(&self) -> CredentialsFuture<'_> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.credentials()
    }
}

#[tokio::test]
async fn expired_token_is_refreshed_once() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let now = server.now();
        server.add_credentials(Sts::credentials_of(0), Some(now + 3600));
        server.add_credentials(Sts::credentials_of(1), Some(now + 3600));
        let sts = Arc::new(Sts {
            generation: AtomicU32::new(0),
            refreshes: AtomicU32::new(0),
        });
        let (client, events) = client_with(&server, Arc::clone(&sts));

        let _: TextToImageLite = client
            .call("aiart", AIART, "TextToImageLite", &json!({ "Prompt": "a" }))
            .await
            .unwrap();
        assert_eq!(sts.refreshes.load(Ordering::SeqCst), 0);

        server.expire_credentials("AKIDtmp0");
        let _: TextToImageLite = client
            .call("aiart", AIART, "TextToImageLite", &json!({ "Prompt": "b" }))
            .await
            .unwrap();
        assert_eq!(sts.refreshes.load(Ordering::SeqCst), 1);
        assert_eq!(server.answered("AuthFailure.TokenFailure"), 1);
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].hint, RetryHint::RefreshCredentials);
        assert_eq!(recorded[0].retry, RetryAction::RefreshCredentials);

        // Fresh credentials rejected too (generation 2 is unknown to the server with a token
        // that is expired): the provider is asked once per call, then the error is returned.
        server.add_credentials(Sts::credentials_of(2), Some(now - 10));
        server.add_credentials(Sts::credentials_of(3), Some(now - 10));
        server.expire_credentials("AKIDtmp1");
        let result: Result<TextToImageLite, Error> = client
            .call("aiart", AIART, "TextToImageLite", &json!({ "Prompt": "c" }))
            .await;
        assert_eq!(code(&result), Some("AuthFailure.TokenFailure"));
        assert_eq!(sts.refreshes.load(Ordering::SeqCst), 2);
    })
    .await;
}

#[tokio::test]
async fn wrong_secret_is_never_retried_and_never_shown() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let secret = "Wr0ngSecretKeyThatMustNeverBeShown";
        let token = "SessionTokenThatMustNeverBeShown";
        let credentials =
            Credentials::new(tcapi_testserver::TEST_SECRET_ID, secret).with_token(token);
        let (client, events) = client_with(&server, credentials.clone());
        let result: Result<TextToImageLite, Error> = client
            .call("aiart", AIART, "TextToImageLite", &json!({ "Prompt": "a" }))
            .await;
        assert_eq!(code(&result), Some("AuthFailure.SignatureFailure"));
        assert_eq!(server.requests(), 1, "never retried");
        assert!(snapshot(&events).is_empty());
        let error = result.unwrap_err();
        assert_eq!(error.retry_hint(), RetryHint::Never);
        assert_eq!(
            error.code().map(|c| c.category().as_str()),
            Some("AuthFailure")
        );
        for shown in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{error:#?}"),
            format!("{client:?}"),
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
            format!("{credentials}"),
        ] {
            assert!(!shown.contains(secret), "secret key shown: {shown}");
            assert!(!shown.contains(token), "token shown: {shown}");
        }

        let unknown = Credentials::new("AKIDunknown", secret);
        let (client, _) = client_with(&server, unknown);
        let result: Result<TextToImageLite, Error> = client
            .call("aiart", AIART, "TextToImageLite", &json!({ "Prompt": "a" }))
            .await;
        assert_eq!(code(&result), Some("AuthFailure.SecretIdNotFound"));
        assert_eq!(server.requests(), 2);
    })
    .await;
}

/// A product table with a code whose hint is `WaitForResource` (`FailedOperation.TryLater`).
#[tcapi::error_codes(product = "cmq")]
pub enum CmqCode {}

/// Billing `PayDeals`, with its errors typed by `CmqCode`.
#[derive(Debug, tcapi::TencentResponse)]
#[tencent(codes = CmqCode)]
pub struct PayDealsCmq {
    #[allow(dead_code)] // decoded to check the body, never read: the test is about the retry
    pub order_ids: Option<Vec<String>>,
    pub request_id: String,
}

#[tokio::test]
async fn wait_for_resource_waits_longer_then_succeeds() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        assert_eq!(
            CmqCode::parse("FailedOperation.TryLater").retry_hint(),
            RetryHint::WaitForResource
        );
        server.inject(Fault::ApiError {
            code: "FailedOperation.TryLater".into(),
            message: "another operation holds the resource, try later".into(),
        });
        // Not idempotent: the operation was refused, not executed, so it is retried.
        let _: PayDealsCmq = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await
            .unwrap();
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].hint, RetryHint::WaitForResource);
        assert!(recorded[0].delay >= fast_policy().resource_delay_bound(1) / 2);
        assert!(recorded[0].delay > fast_policy().delay_bound(1));
        assert_eq!(server.executed("PayDeals"), 1);
    })
    .await;
}
