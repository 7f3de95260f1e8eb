//! No value of a response body that could be a secret reaches an error's `Display` or
//! `Debug`, or a tracing event at any level (issue 20 item 1).
//!
//! Every member of every spec whose name marks a secret ([`marks_secret`]) is answered by the
//! test server in truncated, mistyped and malformed bodies holding a recognisable value;
//! the call goes through the client with a subscriber that records every field of every span
//! and event at TRACE, and the value must appear nowhere. The generated `tcapi-sts` client is
//! called the same way, as the issue reported it.

use crate::common;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::json;
use tcapi::client::Client;
use tcapi::retry::RetryPolicy;
use tcapi::{Decoded, Error};
use tcapi_testserver::catalog::Catalog;
use tcapi_testserver::{Fault, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const BILLING: &str = "2018-07-09";

/// The rule that selects the members the test answers with a secret: a name (compared in
/// lower case) containing `password`, `passwd`, `secret`, `token`, `credential`,
/// `privatekey` or `signature`, or ending in `key` after `private`, `access`, `api`, `auth`,
/// `session`, `encrypt` or `sign`. It selects more than secrets (`NextToken`), never fewer
/// than the issue names.
fn marks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let contains = [
        "password",
        "passwd",
        "secret",
        "token",
        "credential",
        "privatekey",
        "signature",
    ];
    let key_after = [
        "private", "access", "api", "auth", "session", "encrypt", "sign",
    ];
    contains.iter().any(|word| lower.contains(word))
        || (lower.ends_with("key") && key_after.iter().any(|word| lower.contains(word)))
}

/// Every member name of every object of every spec that [`marks_secret`].
fn secret_members() -> BTreeSet<String> {
    let catalog = Catalog::global();
    let mut names = BTreeSet::new();
    for (service, version) in catalog.product_versions() {
        let product = catalog.product(service, version).expect("catalog");
        for object in product.objects() {
            for (name, _, _) in product.members(object).unwrap_or_default() {
                if marks_secret(name) {
                    names.insert(name.to_owned());
                }
            }
        }
    }
    names
}

/// Records every field of every span and event, at every level.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .push_str(&format!(" {}={value} / {value:?}", field.name()));
    }
}

impl Capture {
    fn take(&self) -> String {
        std::mem::take(&mut *self.text.lock().unwrap())
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap();
        text.push_str(&format!("\nspan {}:", span.metadata().name()));
        span.record(&mut Fields(&mut text));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nrecord:");
        values.record(&mut Fields(&mut text));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str(&format!("\nevent {}:", event.metadata().level()));
        event.record(&mut Fields(&mut text));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// `Response` read with every member (but `RequestId`) a `u64`: a string is mistyped.
struct AllNumbers;
/// `Response` read with every member a string: a number is mistyped.
struct AllStrings;

macro_rules! every_member {
    ($ty:ident, $value:ty) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        while let Some(key) = map.next_key::<String>()? {
                            if key == "RequestId" {
                                map.next_value::<IgnoredAny>()?;
                            } else {
                                map.next_value::<$value>()?;
                            }
                        }
                        Ok($ty)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}
every_member!(AllNumbers, u64);
every_member!(AllStrings, String);

/// One attempt per call: every answer is seen once, whatever its retry hint.
fn one_attempt_client(server: &TestServer) -> Client {
    Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .retry_policy(RetryPolicy::default().with_max_attempts(1))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// What the caller and the logs see of a failed call: `Display`, `Debug`, the source chain.
fn shown<E: std::error::Error>(error: &E) -> String {
    let mut text = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

/// The bodies that carry `secret` in member `name` (and `number` where a number is read as
/// a string), each with the type it is read as.
fn bodies(name: &str, secret: &str, number: u64) -> Vec<(Vec<u8>, bool)> {
    let full = format!(
        r#"{{"Response":{{"Outer":{{"{name}":"{secret}","Items":[{{"{name}":"{secret}"}}]}},"{name}":"{secret}","RequestId":"r-1"}}}}"#
    );
    let first = full.find(secret).unwrap();
    let last = full.rfind(secret).unwrap();
    let mut bodies = vec![
        // Truncated: inside the first value, just after it, inside the last one.
        (full.as_bytes()[..first + 4].to_vec(), false),
        (full.as_bytes()[..first + secret.len() + 1].to_vec(), false),
        (full.as_bytes()[..last + secret.len() - 2].to_vec(), false),
        // Mistyped: a string where a number is expected.
        (full.as_bytes().to_vec(), false),
        // Malformed: a doubled comma, a missing comma, an unquoted value.
        (full.replacen(",", ",,", 2).into_bytes(), false),
        (full.replacen(r#"","#, r#"" "#, 1).into_bytes(), false),
        (
            format!(r#"{{"Response":{{"{name}":{secret},"RequestId":"r-1"}}}}"#).into_bytes(),
            false,
        ),
    ];
    // Mistyped: a number where a string is expected.
    bodies.push((
        format!(r#"{{"Response":{{"{name}":{number},"RequestId":"r-1"}}}}"#).into_bytes(),
        true,
    ));
    bodies
}

#[test]
fn the_rule_selects_the_members_the_issue_names() {
    let names = secret_members();
    for expected in [
        "TmpSecretKey",
        "TmpSecretId",
        "Token",
        "Password",
        "PrivateKey",
        "SecretKey",
        "Credentials",
    ] {
        assert!(names.contains(expected), "{expected} not selected");
    }
    println!("{} member names mark a secret:", names.len());
    for name in &names {
        println!("{name}");
    }
    let listed: BTreeSet<String> = include_str!("secret-members.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        names, listed,
        "testserver/tests/e2e/secret-members.txt is out of date"
    );
}

#[tokio::test]
async fn no_secret_of_any_spec_member_reaches_an_error_or_a_trace() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    common::bounded(300, async {
        let server = TestServer::start().await.unwrap();
        let client = one_attempt_client(&server);
        let names = secret_members();
        let mut checked = 0;
        for (n, name) in names.iter().enumerate() {
            let secret = format!("S3CR3T{n}zq");
            let number = 7_321_730_000 + n as u64;
            for (body, numeric) in bodies(name, &secret, number) {
                server.inject(Fault::Body(body.clone()));
                let text = if numeric {
                    let result: Result<Decoded<AllStrings>, Error> = client
                        .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
                        .await;
                    shown(&result.err().expect("mistyped"))
                } else {
                    let result: Result<Decoded<AllNumbers>, Error> = client
                        .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
                        .await;
                    shown(&result.err().expect("not a valid answer"))
                };
                let traced = capture.take();
                assert!(traced.contains("tcapi attempt failed"), "{traced}");
                for (what, text) in [("error", &text), ("trace", &traced)] {
                    assert!(
                        !text.contains("S3CR") && !text.contains("7321730"),
                        "{name}: the {what} shows the value of {:?}:\n{text}",
                        String::from_utf8_lossy(&body)
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} bodies");
    })
    .await;
}

/// The issue's report, through the generated client: a truncated `AssumeRole` answer, and a
/// `GetFederationToken` answer with a mistyped `ExpiredTime`.
#[tokio::test]
async fn sts_answers_through_the_generated_client_show_no_key() {
    use tcapi_sts::v20180813::{AssumeRoleRequest, Client as Sts, GetFederationTokenRequest};

    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    common::bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let sts = Sts::new(one_attempt_client(&server));
        let credentials = r#"{"Token":"STSTOKEN-7","TmpSecretId":"AKIDsts7","TmpSecretKey":"STSSECRET-7"}"#;
        let answer = format!(
            r#"{{"Response":{{"Credentials":{credentials},"ExpiredTime":1700000000,"Expiration":"2023-11-14T22:13:20Z","RequestId":"r-7"}}}}"#
        );
        let cut = answer.find("STSSECRET-7").unwrap() + "STSSECRET-7".len();
        server.inject(Fault::Body(answer.as_bytes()[..cut].to_vec()));
        let request = AssumeRoleRequest::new(
            "qcs::cam::uin/100000000001:roleName/tcapi-test".to_owned(),
            "s".to_owned(),
        );
        let error = sts.assume_role(&request).await.unwrap_err();
        let mut text = shown(&error);

        let federated = answer.replace("1700000000", r#""soon""#);
        server.inject(Fault::Body(federated.into_bytes()));
        let request = GetFederationTokenRequest::new("u".to_owned(), "{}".to_owned());
        let error = sts.get_federation_token(&request).await.unwrap_err();
        text.push_str(&shown(&error));
        text.push_str(&capture.take());
        for secret in ["STSSECRET", "STSTOKEN", "AKIDsts7"] {
            assert!(!text.contains(secret), "{secret} shown:\n{text}");
        }
        // What stays useful: the keys around the fault, and the kinds.
        assert!(text.contains(r#""TmpSecretKey":"…"#), "{text}");
        assert!(text.contains("the body is truncated"), "{text}");
        assert!(text.contains("(key `ExpiredTime`)"), "{text}");
    })
    .await;
}
