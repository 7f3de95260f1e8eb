//! Faults over loopback: an HTML 502, a dropped connection, a timeout, a refused connection, a
//! body over the cap, and the server's own error answers.

use crate::common;

use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tcapi::client::Client;
use tcapi::retry::RetryPolicy;
use tcapi::sign::{ApiCall, Body, Tc3Request};
use tcapi::{CommonCode, Error, ErrorCode, RetryHint, TransportErrorKind};
use tcapi_testserver::{Fault, TestServer, TEST_SECRET_ID, TEST_SECRET_KEY};

const BILLING: &str = "2018-07-09";

fn transport_kind<T>(result: &Result<T, Error>) -> Option<TransportErrorKind> {
    match result {
        Err(Error::Transport(e)) => Some(e.kind()),
        _ => None,
    }
}

#[tokio::test]
async fn html_502_is_an_http_error_retried_only_when_idempotent() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        server.inject(Fault::Html502);
        let result: Result<PayDeals, Error> = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await;
        let error = result.unwrap_err();
        let Error::Http(http) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(http.status(), 502);
        assert!(
            http.excerpt().contains("502 Bad Gateway"),
            "{}",
            http.excerpt()
        );
        assert_eq!(error.retry_hint(), RetryHint::Transient);
        let shown = error.to_string();
        assert!(
            shown.contains("502") && shown.contains("Bad Gateway"),
            "{shown}"
        );
        assert_eq!(server.requests(), 1, "not idempotent: not retried");
        assert_eq!(server.executed("PayDeals"), 0);

        server.inject(Fault::Html502);
        let _: AccountBalance = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
        assert_eq!(server.requests(), 3, "Describe* is idempotent: retried");
        assert_eq!(snapshot(&events)[0].hint, RetryHint::Transient);
    })
    .await;
}

#[tokio::test]
async fn http_429_is_throttled_and_503_transient() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        // 429: rejected before execution, retried even when not idempotent.
        server.inject(Fault::HttpStatus(429));
        let _: PayDeals = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await
            .unwrap();
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].hint, RetryHint::Throttled);
        assert_eq!(server.requests(), 2);
        // 503: may have been executed, not retried when not idempotent.
        server.inject(Fault::HttpStatus(503));
        let result: Result<PayDeals, Error> = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await;
        let error = result.unwrap_err();
        assert!(
            matches!(&error, Error::Http(http) if http.status() == 503),
            "{error:?}"
        );
        assert_eq!(error.retry_hint(), RetryHint::Transient);
        assert_eq!(server.requests(), 3);
    })
    .await;
}

#[tokio::test]
async fn dropped_connection_is_connection_closed_and_transient() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        server.inject(Fault::DropConnection);
        let result: Result<PayDeals, Error> = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await;
        assert_eq!(
            transport_kind(&result),
            Some(TransportErrorKind::ConnectionClosed),
            "{result:?}"
        );
        let error = result.unwrap_err();
        assert_eq!(error.retry_hint(), RetryHint::Transient);
        assert!(error.to_string().contains("connection closed"), "{error}");
        assert_eq!(server.requests(), 1);

        server.inject(Fault::DropConnection);
        let _: AccountBalance = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn slow_response_times_out_with_a_transient_hint() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let client = Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .timeout(Duration::from_millis(300))
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        server.inject(Fault::Slow(Duration::from_secs(3)));
        let started = std::time::Instant::now();
        let result: Result<AccountBalance, Error> = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await;
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            transport_kind(&result),
            Some(TransportErrorKind::Timeout),
            "{result:?}"
        );
        let error = result.unwrap_err();
        assert_eq!(error.retry_hint(), RetryHint::Transient);
        assert!(error.to_string().contains("timed out"), "{error}");

        // An idempotent call that timed out is retried.
        let (retrying, events) = common::client(&server);
        server.inject(Fault::Slow(Duration::from_secs(3)));
        let _: AccountBalance = retrying
            .request("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .timeout(Duration::from_millis(300))
            .send()
            .await
            .unwrap();
        let recorded = snapshot(&events);
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].hint, RetryHint::Transient);
        assert!(
            recorded[0].error.contains("timed out"),
            "{}",
            recorded[0].error
        );

        // A per-call timeout overrides the client's.
        server.inject(Fault::Slow(Duration::from_millis(600)));
        let _: AccountBalance = client
            .request("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .unwrap();

        // A slow answer within the timeout is an answer.
        server.inject(Fault::Slow(Duration::from_millis(50)));
        let _: AccountBalance = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn refused_connection_is_retried_even_when_not_idempotent() {
    bounded(30, async {
        // A port that was just free: nothing listens there any more.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let server = TestServer::start().await.unwrap();
        let (_, events) = client(&server);
        let sink = events.clone();
        let client = Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(endpoint)
            .retry_policy(fast_policy().with_max_attempts(3))
            .on_retry(move |event| sink.lock().unwrap().push(event.clone()))
            .build()
            .unwrap();
        let result: Result<PayDeals, Error> = client
            .call("billing", BILLING, "PayDeals", &json!({}))
            .await;
        assert_eq!(
            transport_kind(&result),
            Some(TransportErrorKind::Connect),
            "{result:?}"
        );
        assert!(result
            .unwrap_err()
            .to_string()
            .contains("could not connect"));
        // Nothing was sent, so even a call that is not idempotent is retried.
        assert_eq!(snapshot(&events).len(), 2);
    })
    .await;
}

#[tokio::test]
async fn body_over_the_cap_is_refused() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let client = Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .max_response_body(64)
            .build()
            .unwrap();
        let result: Result<AccountBalance, Error> = client
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await;
        assert_eq!(
            transport_kind(&result),
            Some(TransportErrorKind::BodyTooLarge),
            "{result:?}"
        );
        assert_eq!(result.unwrap_err().retry_hint(), RetryHint::Never);
    })
    .await;
}

#[tokio::test]
async fn server_answers_like_tencent() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        let cases: [(&str, &str, &str, serde_json::Value, &str); 5] = [
            (
                "billing",
                BILLING,
                "NoSuchAction",
                json!({}),
                "InvalidAction",
            ),
            (
                "aiart",
                "2022-12-29",
                "TextToImageLite",
                json!({}),
                "MissingParameter",
            ),
            (
                "aiart",
                "2020-01-01",
                "TextToImageLite",
                json!({ "Prompt": "a" }),
                "NoSuchVersion",
            ),
            (
                "aiart",
                "2022-12-29",
                "TextToImageLite",
                json!(["not", "an", "object"]),
                "InvalidParameter",
            ),
            (
                "nosuchservice",
                "2022-12-29",
                "TextToImageLite",
                json!({}),
                "InvalidAction",
            ),
        ];
        for (service, version, action, request, expected) in cases {
            let result: Result<TextToImageLite, Error> =
                client.call(service, version, action, &request).await;
            let error = result.unwrap_err();
            assert_eq!(
                error.code().map(CommonCode::as_str),
                Some(expected),
                "{action}: {error}"
            );
            assert_eq!(error.retry_hint(), RetryHint::Never, "{expected}");
            assert!(error.request_id().is_some());
        }
        let missing = client
            .call::<_, TextToImageLite>("aiart", "2022-12-29", "TextToImageLite", &json!({}))
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("`Prompt`"), "{missing}");
        assert!(snapshot(&events).is_empty());
        assert_eq!(server.executed_total(), 0);
    })
    .await;
}

/// The bare signer, by hand, against the server: GET with a query string, and a request with
/// no Authorization at all.
#[tokio::test]
async fn get_signed_with_the_bare_signer() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let host = server.addr().to_string();
        let query = "StartTime=2025-01-01%2000%3A00%3A00&EndTime=2025-01-31&Offset=0&Limit=10";
        let timestamp = server.now();
        let content_type = "application/x-www-form-urlencoded";
        let authorization = Tc3Request {
            method: "GET",
            canonical_uri: "/",
            canonical_query: query,
            headers: &[("content-type", content_type), ("host", &host)],
            payload: b"",
            service: "billing",
            timestamp,
        }
        .authorization(TEST_SECRET_ID, TEST_SECRET_KEY);
        let http = reqwest::Client::new();
        let send = |authorization: Option<String>| {
            let mut request = http
                .get(format!("{}/?{query}", server.endpoint()))
                .header("Content-Type", content_type)
                .header("X-TC-Action", "DescribeBillList")
                .header("X-TC-Version", BILLING)
                .header("X-TC-Timestamp", timestamp.to_string());
            if let Some(authorization) = authorization {
                request = request.header("Authorization", authorization);
            }
            request.send()
        };
        let body = send(Some(authorization))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(value["Response"]["Total"].is_number(), "{body}");
        assert_eq!(server.executed("DescribeBillList"), 1);

        let body = send(None).await.unwrap().text().await.unwrap();
        assert!(body.contains("AuthFailure.InvalidAuthorization"), "{body}");
    })
    .await;
}

/// Header names and values of a hand-made request.
type Headers = Vec<(&'static str, String)>;

/// Hostile or broken requests get an error answer (or a closed connection), never a crash:
/// after all of them, the server still answers a good call.
#[tokio::test]
async fn hostile_requests_get_error_answers() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let http = reqwest::Client::new();
        let url = server.endpoint();
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let cases: Vec<(Headers, Vec<u8>, &str)> = vec![
            (vec![], b"{}".to_vec(), "MissingParameter"),
            (
                vec![("X-TC-Action", "PayDeals".into()), ("X-TC-Version", BILLING.into())],
                b"{}".to_vec(),
                "MissingParameter",
            ),
            (
                vec![
                    ("X-TC-Action", "PayDeals".into()),
                    ("X-TC-Version", BILLING.into()),
                    ("X-TC-Timestamp", "-9223372036854775808".into()),
                    ("Authorization", "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=x".into()),
                ],
                b"{}".to_vec(),
                "AuthFailure.SignatureExpire",
            ),
            (
                vec![
                    ("X-TC-Action", "PayDeals".into()),
                    ("X-TC-Version", BILLING.into()),
                    ("X-TC-Timestamp", "not a number".into()),
                ],
                b"{}".to_vec(),
                "InvalidParameter",
            ),
            (
                vec![
                    ("X-TC-Action", "PayDeals".into()),
                    ("X-TC-Version", BILLING.into()),
                    ("X-TC-Timestamp", server.now().to_string()),
                    ("Authorization", "TC3-HMAC-SHA256 Credential=, ,,,===".into()),
                ],
                deep.into_bytes(),
                "AuthFailure.InvalidAuthorization",
            ),
            (
                vec![
                    ("X-TC-Action", "PayDeals".into()),
                    ("X-TC-Version", BILLING.into()),
                    ("X-TC-Timestamp", server.now().to_string()),
                    (
                        "Authorization",
                        format!(
                            "TC3-HMAC-SHA256 Credential={TEST_SECRET_ID}/1970-01-01/billing/tc3_request, \
                             SignedHeaders=content-type;host, Signature=00"
                        ),
                    ),
                ],
                vec![0xff, 0xfe, 0x00],
                "AuthFailure.SignatureFailure",
            ),
        ];
        for (headers, body, expected) in cases {
            let mut request = http.post(&url).body(body);
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            let text = request.send().await.unwrap().text().await.unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["Response"]["Error"]["Code"], expected, "{headers:?}: {text}");
        }
        let response = http.put(&url).body("x").send().await.unwrap().text().await.unwrap();
        assert!(response.contains("UnsupportedProtocol"), "{response}");

        // Signed requests whose body is not JSON, or nested too deep for any parser.
        let host = server.addr().to_string();
        for body in [b"[".repeat(100_000), b"{\"a\":".repeat(50_000), b"\xff\xfe".to_vec()] {
            let call = ApiCall {
                host: &host,
                service: "billing",
                version: BILLING,
                action: "PayDeals",
                region: None,
                language: None,
                timestamp: server.now(),
                body: Body::Json(&body),
            };
            let mut request = http.post(&url).body(body.clone());
            for (name, value) in call.headers(&server.credentials()) {
                request = request.header(name, value);
            }
            let text = request.send().await.unwrap().text().await.unwrap();
            assert!(text.contains("InvalidParameter"), "{text}");
        }
        let (client, _) = client(&server);
        let deep = serde_json::Value::String("[".repeat(10_000));
        let result: Result<PayDeals, Error> = client.call("billing", BILLING, "PayDeals", &deep).await;
        assert_eq!(result.unwrap_err().code().map(CommonCode::as_str), Some("InvalidParameter"));
        let _: AccountBalance = client.call("billing", BILLING, "DescribeAccountBalance", &json!({})).await.unwrap();
    })
    .await;
}
