//! Endpoints, request options, pooled connections and tracing, end to end over loopback: each
//! option is asserted where it matters, on what the server received.
//!
//! Calls to product host names (`aiart.tencentcloudapi.com`) reach the local server through
//! the client's DNS override ([`ClientBuilder::resolve`]) and plain HTTP, with proxies from
//! the environment turned off: nothing leaves loopback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tcapi::client::{Call, Client, ClientBuilder, Endpoint, Scheme};
use tcapi::sign::{
    ApiCall, Authentication, Body, Credentials, CredentialsFuture, ProvideCredentials, SignOptions,
    UNSIGNED_PAYLOAD,
};
use tcapi::{CommonCode, Error, ErrorCode, TransportErrorKind};
use tcapi_testserver::{Config, Fault, IdleClose, TestServer, TEST_SECRET_KEY};

const AIART: &str = "2022-12-29";
const BILLING: &str = "2018-07-09";

/// A client for `server` that reaches each of `hosts` on the server's loopback address over
/// plain HTTP, never through a proxy.
fn named(server: &TestServer, hosts: &[&str]) -> ClientBuilder {
    named_with(server, server.credentials(), hosts)
}

fn named_with(
    server: &TestServer,
    credentials: impl ProvideCredentials + 'static,
    hosts: &[&str],
) -> ClientBuilder {
    let mut builder = Client::builder(credentials, "ap-guangzhou")
        .scheme(Scheme::Http)
        .no_proxy()
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2));
    for host in hosts {
        builder = builder.resolve(host, server.addr());
    }
    builder
}

/// The parameters of every `TextToImageLite` call here.
#[derive(serde::Serialize)]
struct Prompt {
    #[serde(rename = "Prompt")]
    prompt: &'static str,
}

static RAIN: Prompt = Prompt { prompt: "rain" };

fn text_to_image_call(client: &Client) -> Call<'_, Prompt> {
    client.request("aiart", AIART, "TextToImageLite", &RAIN)
}

async fn text_to_image(client: &Client) -> Result<TextToImageLite, Error> {
    text_to_image_call(client).send().await
}

fn code<T>(result: &Result<T, Error>) -> Option<&str> {
    result.as_ref().err()?.code().map(CommonCode::as_str)
}

fn last(server: &TestServer) -> tcapi_testserver::ReceivedRequest {
    server
        .last_received()
        .expect("the server received a request")
}

#[tokio::test]
async fn endpoints_by_client_action_and_call_with_the_region_in_a_header_only() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let hosts = [
            "aiart.tencentcloudapi.com",
            "aiart.intl.tencentcloudapi.com",
            "aiart.tencentcloud.example.com",
            "aiart.ai.tencentcloudapi.com",
            "billing.tencentcloudapi.com",
        ];
        let expect_host = |client: &Client, host: &'static str| {
            let client = client.clone();
            let server = &server;
            async move {
                text_to_image(&client).await.unwrap();
                let received = last(server);
                assert_eq!(received.host, host);
                assert_eq!(received.target, "/", "the region is not in the path either");
                assert_eq!(received.header("x-tc-region"), Some("ap-guangzhou"));
            }
        };

        let default = named(&server, &hosts).build().unwrap();
        expect_host(&default, "aiart.tencentcloudapi.com").await;
        let intl = named(&server, &hosts).international().build().unwrap();
        expect_host(&intl, "aiart.intl.tencentcloudapi.com").await;
        let private = named(&server, &hosts)
            .root_domain("tencentcloud.example.com")
            .build()
            .unwrap();
        expect_host(&private, "aiart.tencentcloud.example.com").await;
        let per_action = named(&server, &hosts)
            .action_endpoint("aiart", "TextToImageLite", Endpoint::ai())
            .build()
            .unwrap();
        expect_host(&per_action, "aiart.ai.tencentcloudapi.com").await;
        // Another action of the same client keeps the client's endpoint.
        let _: AccountBalance = per_action
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
        assert_eq!(last(&server).host, "billing.tencentcloudapi.com");

        // A call's endpoint beats the action's.
        let _: TextToImageLite = text_to_image_call(&per_action)
            .endpoint(Endpoint::international())
            .send()
            .await
            .unwrap();
        assert_eq!(last(&server).host, "aiart.intl.tencentcloudapi.com");

        // No region: no `X-TC-Region`, and still the same host.
        let _: AccountBalance = default
            .request("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .region(None)
            .send()
            .await
            .unwrap();
        assert_eq!(last(&server).host, "billing.tencentcloudapi.com");
        assert_eq!(last(&server).header("x-tc-region"), None);

        // The server routes by host: an aiart call sent to billing's host is refused.
        let misrouted: Result<TextToImageLite, Error> = text_to_image_call(&default)
            .endpoint("http://billing.tencentcloudapi.com")
            .send()
            .await;
        assert_eq!(code(&misrouted), Some("AuthFailure.SignatureFailure"));
        assert_eq!(server.executed("TextToImageLite"), 5);
    })
    .await;
}

#[tokio::test]
async fn request_options_reach_the_server_the_calls_replacing_the_clients() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let client = named(&server, &["aiart.tencentcloudapi.com"])
            .language("zh-CN")
            .header("X-TC-Canary", "true")
            .header("X-Shared", "client")
            .request_client("order-service 2.3")
            .build()
            .unwrap();
        let _: TextToImageLite = text_to_image_call(&client)
            .language("en-US")
            .header("X-Shared", "call")
            .trace_id("checkout-42")
            .send()
            .await
            .unwrap();
        let received = last(&server);
        assert_eq!(received.header("x-tc-language"), Some("en-US"));
        assert_eq!(received.header("x-tc-canary"), Some("true"));
        assert_eq!(received.header("x-shared"), Some("call"));
        assert_eq!(received.header("x-tc-traceid"), Some("checkout-42"));
        let request_client = received.header("x-tc-requestclient").unwrap();
        assert!(
            request_client.starts_with("tcapi-rust/"),
            "{request_client}"
        );
        assert!(
            request_client.ends_with(": order-service 2.3"),
            "{request_client}"
        );
        assert_eq!(received.header("x-tc-content-sha256"), None);

        // Without options of its own, a call has the client's, and a fresh trace id that all
        // its attempts share.
        server.inject(Fault::Throttle);
        text_to_image(&client).await.unwrap();
        let received = server.received();
        let [.., first, second] = &received[..] else {
            panic!("two attempts: {received:?}")
        };
        assert_eq!(first.header("x-tc-language"), Some("zh-CN"));
        assert_eq!(first.header("x-shared"), Some("client"));
        let trace_id = first.header("x-tc-traceid").unwrap();
        assert_eq!(trace_id.len(), 36, "{trace_id}");
        assert_eq!(second.header("x-tc-traceid"), Some(trace_id));
        text_to_image(&client).await.unwrap();
        assert_ne!(last(&server).header("x-tc-traceid"), Some(trace_id));

        // A bad option fails the call before anything is sent, and the builder refuses what a
        // client must not send.
        let requests = server.requests();
        let refused: Result<TextToImageLite, Error> = text_to_image_call(&client)
            .header("X-TC-Token", "forged")
            .send()
            .await;
        let Err(Error::Transport(error)) = refused else {
            panic!("{refused:?}")
        };
        assert!(error.to_string().contains("X-TC-Token"), "{error}");
        assert_eq!(server.requests(), requests);
        for builder in [
            named(&server, &[]).header("Authorization", "x"),
            named(&server, &[]).header("X-Bad", "line\nbreak"),
            named(&server, &[]).request_client("a/b"),
            named(&server, &[]).proxy("not a proxy url"),
        ] {
            assert!(builder.build().is_err());
        }
    })
    .await;
}

#[tokio::test]
async fn unsigned_payloads_are_signed_over_the_marker_and_checked_by_the_server() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let host = "aiart.tencentcloudapi.com";
        let client = named(&server, &[host])
            .unsigned_payload(true)
            .build()
            .unwrap();
        text_to_image(&client).await.unwrap();
        assert_eq!(
            last(&server).header("x-tc-content-sha256"),
            Some(UNSIGNED_PAYLOAD)
        );
        // Per call, both ways.
        let _: TextToImageLite = text_to_image_call(&client)
            .unsigned_payload(false)
            .send()
            .await
            .unwrap();
        assert_eq!(last(&server).header("x-tc-content-sha256"), None);
        let signed = named(&server, &[host]).build().unwrap();
        let _: TextToImageLite = text_to_image_call(&signed)
            .unsigned_payload(true)
            .send()
            .await
            .unwrap();
        assert_eq!(
            last(&server).header("x-tc-content-sha256"),
            Some(UNSIGNED_PAYLOAD)
        );

        // The server really checks which hash was signed: the marker header on a request
        // signed over its body is refused.
        let body = br#"{"Prompt":"rain"}"#;
        let host = server.addr().to_string();
        let call = ApiCall {
            host: &host,
            service: "aiart",
            version: AIART,
            action: "TextToImageLite",
            region: Some("ap-guangzhou"),
            language: None,
            timestamp: server.now(),
            body: Body::Json(body),
        };
        let credentials = server.credentials();
        let mut headers =
            call.headers_with(Authentication::Sign(&credentials), &SignOptions::default());
        headers.push(("X-TC-Content-SHA256", UNSIGNED_PAYLOAD.to_owned()));
        let mut request = reqwest::Client::new()
            .post(server.endpoint())
            .body(body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let answer = request.send().await.unwrap().text().await.unwrap();
        assert!(answer.contains("AuthFailure.SignatureFailure"), "{answer}");
    })
    .await;
}

/// Credentials that must not be asked for: an unsigned call needs none.
#[derive(Debug, Default)]
struct NeverAsked(AtomicU64);

impl ProvideCredentials for NeverAsked {
    fn credentials(&self) -> CredentialsFuture<'_> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Box::pin(async {
            Err(tcapi::sign::CredentialsError::new(
                "an unsigned call asked for credentials",
            ))
        })
    }
}

#[tokio::test]
async fn skip_signing_is_accepted_only_by_actions_that_take_unsigned_calls() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let provider = Arc::new(NeverAsked::default());
        let client = named_with(
            &server,
            Arc::clone(&provider),
            &["aiart.tencentcloudapi.com"],
        )
        .skip_signing(true)
        .build()
        .unwrap();
        let refused = text_to_image(&client).await;
        assert_eq!(code(&refused), Some("AuthFailure.InvalidAuthorization"));
        assert_eq!(last(&server).header("authorization"), Some("SKIP"));
        assert_eq!(server.executed("TextToImageLite"), 0);

        server.accept_unsigned("aiart", "TextToImageLite");
        text_to_image(&client).await.unwrap();
        let received = last(&server);
        assert_eq!(received.header("authorization"), Some("SKIP"));
        assert_eq!(received.header("x-tc-token"), None);
        assert_eq!(received.header("x-tc-action"), Some("TextToImageLite"));
        assert_eq!(server.executed("TextToImageLite"), 1);
        assert_eq!(
            provider.0.load(Ordering::Relaxed),
            0,
            "no credentials asked"
        );

        // Per call on a signing client; an unsigned call to an address names no service.
        let signing = named(&server, &["aiart.tencentcloudapi.com"])
            .build()
            .unwrap();
        let _: TextToImageLite = text_to_image_call(&signing)
            .skip_signing(true)
            .send()
            .await
            .unwrap();
        let by_address: Result<TextToImageLite, Error> = text_to_image_call(&signing)
            .endpoint(server.endpoint())
            .skip_signing(true)
            .send()
            .await;
        assert_eq!(code(&by_address), Some("AuthFailure.InvalidAuthorization"));
    })
    .await;
}

#[tokio::test]
async fn an_explicit_proxy_carries_the_call() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        // No DNS override: only the proxy (this server) knows where to go.
        let client = named(&server, &[])
            .proxy(&server.endpoint())
            .build()
            .unwrap();
        text_to_image(&client).await.unwrap();
        let received = last(&server);
        assert_eq!(received.target, "http://aiart.tencentcloudapi.com/");
        assert_eq!(received.host, "aiart.tencentcloudapi.com");
    })
    .await;
}

async fn idle_closing(idle_close: IdleClose) -> TestServer {
    TestServer::start_with(Config {
        idle_close,
        ..Config::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_call_after_the_server_closed_idle_connections_succeeds() {
    bounded(30, async {
        let server = idle_closing(IdleClose::After(Duration::from_millis(150))).await;
        // The default pool idle timeout (50 s) outlives the server's here: the client must
        // notice the close by itself.
        let (client, events) = client(&server);
        text_to_image(&client).await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
        // Not idempotent: only a call that never failed can show that.
        text_to_image(&client).await.unwrap();
        assert_eq!(
            server.connections(),
            2,
            "a new connection for the second call"
        );
        assert_eq!(server.requests(), 2, "no attempt failed");
        assert!(snapshot(&events).is_empty());
        assert_eq!(server.executed("TextToImageLite"), 2);
    })
    .await;
}

#[tokio::test]
async fn a_pool_idle_timeout_below_the_servers_avoids_the_request_that_crosses_its_close() {
    bounded(30, async {
        let server = idle_closing(IdleClose::CrossingAfter(Duration::from_millis(300))).await;
        let short = named(&server, &[])
            .endpoint(server.endpoint())
            .pool_idle_timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        text_to_image(&short).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        text_to_image(&short).await.unwrap();
        assert_eq!(server.connections(), 2);
        assert_eq!(server.requests(), 2);

        // A client that keeps connections longer than the server does sends on one the
        // server is closing: the request went out, so a call that is not idempotent fails
        // rather than risk running twice (the Go SDK's EOF, without a blind resend) ...
        let long = named(&server, &[])
            .endpoint(server.endpoint())
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        text_to_image(&long).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let crossed = text_to_image(&long).await;
        let Err(Error::Transport(error)) = &crossed else {
            panic!("{crossed:?}")
        };
        assert_eq!(error.kind(), TransportErrorKind::ConnectionClosed);
        assert!(!error.sent_nothing());
        assert_eq!(
            server.executed("TextToImageLite"),
            3,
            "the crossed one never ran"
        );
        // ... and an idempotent call is resent, on a new connection.
        text_to_image(&long).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let connections = server.connections();
        let _: AccountBalance = long
            .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
            .await
            .unwrap();
        assert_eq!(server.connections(), connections + 1);
        assert_eq!(server.executed("DescribeAccountBalance"), 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Tracing: a small subscriber that keeps every span's fields and every event's, as text.

#[derive(Debug, Default, Clone)]
struct Recorded {
    name: String,
    target: String,
    fields: HashMap<String, String>,
}

#[derive(Default)]
struct Collector {
    spans: Mutex<Vec<Recorded>>,
    events: Mutex<Vec<Recorded>>,
}

struct Fields<'a>(&'a mut HashMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

#[derive(Clone, Default)]
struct Shared(Arc<Collector>);

impl tracing::Subscriber for Shared {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut recorded = Recorded {
            name: span.metadata().name().to_owned(),
            target: span.metadata().target().to_owned(),
            ..Recorded::default()
        };
        span.record(&mut Fields(&mut recorded.fields));
        let mut spans = self.0.spans.lock().unwrap();
        spans.push(recorded);
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        let index = usize::try_from(id.into_u64()).unwrap() - 1;
        values.record(&mut Fields(&mut spans[index].fields));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut recorded = Recorded {
            name: event.metadata().name().to_owned(),
            target: event.metadata().target().to_owned(),
            ..Recorded::default()
        };
        event.record(&mut Fields(&mut recorded.fields));
        self.0.events.lock().unwrap().push(recorded);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn one_span_per_call_with_its_attempts_outcome_and_no_secret() {
    let collector = Shared::default();
    let _guard = tracing::subscriber::set_default(collector.clone());
    // One thread, so that the spans of the calls reach the subscriber set on it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let token = "token-never-traced-EXAMPLE";
    let temporary = Credentials::new("AKIDtracedEXAMPLE", "secret-never-traced").with_token(token);
    let (ok, failed) = runtime.block_on(bounded(30, async {
        let server = TestServer::start().await.unwrap();
        server.add_credentials(temporary.clone(), None);
        let (client, _) = client_with(&server, temporary.clone());
        server.inject(Fault::Throttle);
        let ok = text_to_image(&client).await.unwrap();
        server.inject(Fault::ApiError {
            code: "ResourceNotFound".to_owned(),
            message: "no such thing".to_owned(),
        });
        let failed = text_to_image(&client).await.unwrap_err();
        (ok, failed)
    }));
    let spans: Vec<Recorded> = collector
        .0
        .spans
        .lock()
        .unwrap()
        .iter()
        .filter(|span| span.name == "tcapi.call")
        .cloned()
        .collect();
    assert_eq!(spans.len(), 2, "one span per call: {spans:?}");
    for span in &spans {
        assert_eq!(span.fields["service"], "aiart");
        assert_eq!(span.fields["version"], AIART);
        assert_eq!(span.fields["action"], "TextToImageLite");
        assert_eq!(span.fields["region"], "ap-guangzhou");
        assert_eq!(span.fields["trace_id"].len(), 36);
    }
    let (first, second) = (&spans[0].fields, &spans[1].fields);
    assert_eq!(first["attempt"], "2", "{first:?}");
    assert_eq!(first["request_id"], ok.request_id);
    assert!(first["retry"].starts_with("Resend after"), "{first:?}");
    assert!(!first.contains_key("code"), "{first:?}");
    assert_eq!(second["attempt"], "1");
    assert_eq!(second["code"], "ResourceNotFound");
    assert_eq!(Some(second["request_id"].as_str()), failed.request_id());
    assert_eq!(second["retry"], "stop: the error is not retryable");

    // The crate's own events (the HTTP stack below may log at trace level on its own).
    let events: Vec<Recorded> = collector
        .0
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|event| event.target.starts_with("tcapi"))
        .cloned()
        .collect();
    let failures: Vec<_> = events
        .iter()
        .filter(|event| {
            event
                .fields
                .get("message")
                .is_some_and(|m| m == "tcapi attempt failed")
        })
        .collect();
    assert_eq!(failures.len(), 2, "{events:?}");
    assert_eq!(failures[0].fields["code"], "RequestLimitExceeded");
    let everything = format!("{spans:?}{events:?}");
    for secret in [token, "secret-never-traced", TEST_SECRET_KEY, "Signature="] {
        assert!(!everything.contains(secret), "{secret} traced");
    }
}
