//! Form-encoded requests, by hand: TC3 over a form POST and a GET query, and the legacy
//! `HmacSHA1`/`HmacSHA256` signatures with their checks (timestamp window, temporary
//! credentials' token, injected faults chosen by the `Action` parameter).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use tcapi::sign::{Credentials, Tc3Request};
use tcapi_testserver::{Fault, TestServer, TEST_SECRET_ID, TEST_SECRET_KEY};

use crate::common::bounded;

const FORM: &str = "application/x-www-form-urlencoded";
const QUERY: &str = "Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Limit=10";

/// What QUERY stands for, as a handler receives it.
fn decoded() -> Value {
    json!({ "Filters": [{ "Name": "zone", "Values": ["ap-guangzhou-3"] }], "Limit": "10" })
}

/// A server whose `DescribeInstances` answers with the parameters it received.
async fn echo_server() -> TestServer {
    let server = TestServer::start().await.unwrap();
    server
        .handle("DescribeInstances", |params| json!({ "Echo": params }))
        .unwrap();
    server
}

async fn send(request: reqwest::RequestBuilder) -> Value {
    let body = request.send().await.unwrap().text().await.unwrap();
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn tc3_reads_form_bodies_and_queries_as_nested_members() {
    bounded(30, async {
        let server = echo_server().await;
        let host = server.addr().to_string();
        let http = reqwest::Client::new();
        for method in ["POST", "GET"] {
            let (query, payload) = if method == "GET" {
                (QUERY, &b""[..])
            } else {
                ("", QUERY.as_bytes())
            };
            let authorization = Tc3Request {
                method,
                canonical_uri: "/",
                canonical_query: query,
                headers: &[("content-type", FORM), ("host", &host)],
                payload,
                service: "cvm",
                timestamp: server.now(),
            }
            .authorization(TEST_SECRET_ID, TEST_SECRET_KEY);
            let url = format!("{}/?{query}", server.endpoint());
            let request = http
                .request(method.parse().unwrap(), url)
                .header("Content-Type", FORM)
                .header("Authorization", authorization)
                .header("X-TC-Action", "DescribeInstances")
                .header("X-TC-Version", "2017-03-12")
                .header("X-TC-Timestamp", server.now().to_string())
                .body(payload.to_vec());
            let answer = send(request).await;
            assert_eq!(answer["Response"]["Echo"], decoded(), "{method}: {answer}");
        }
        assert_eq!(server.executed("DescribeInstances"), 2);
    })
    .await;
}

/// The base64 HMAC of `text` under `key`.
fn hmac_base64<M: Mac + hmac::digest::KeyInit>(key: &str, text: &str) -> String {
    let mut mac = <M as Mac>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(text.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// A `DescribeInstances` call signed with a legacy signature, by hand.
#[derive(Clone, Copy)]
struct Legacy<'a> {
    http_method: &'a str,
    host: &'a str,
    signature_method: &'a str,
    secret_id: &'a str,
    key: &'a str,
    timestamp: i64,
    token: Option<&'a str>,
}

impl Legacy<'_> {
    /// The form-encoded parameters, `Signature` included.
    fn encode(self) -> String {
        let timestamp = self.timestamp.to_string();
        let mut params = vec![
            ("Action", "DescribeInstances"),
            ("Version", "2017-03-12"),
            ("Region", "ap-guangzhou"),
            ("Timestamp", &timestamp),
            ("Nonce", "11886"),
            ("SecretId", self.secret_id),
            ("SignatureMethod", self.signature_method),
            ("Filters.0.Name", "zone"),
            ("Filters.0.Values.0", "ap-guangzhou-3"),
            ("Limit", "10"),
        ];
        params.extend(self.token.map(|token| ("Token", token)));
        params.sort();
        let joined: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let text = format!("{}{}/?{}", self.http_method, self.host, joined.join("&"));
        let signature = match self.signature_method {
            "HmacSHA256" => hmac_base64::<Hmac<sha2::Sha256>>(self.key, &text),
            _ => hmac_base64::<Hmac<sha1::Sha1>>(self.key, &text),
        };
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(params);
        form.append_pair("Signature", &signature);
        form.finish()
    }
}

#[tokio::test]
async fn legacy_signatures_are_checked_like_tc3() {
    bounded(30, async {
        let server = echo_server().await;
        let host = server.addr().to_string();
        let http = reqwest::Client::new();
        let post = |form: String| {
            http.post(server.endpoint())
                .header("Content-Type", FORM)
                .body(form)
        };
        let signed = Legacy {
            http_method: "POST",
            host: &host,
            signature_method: "HmacSHA1",
            secret_id: TEST_SECRET_ID,
            key: TEST_SECRET_KEY,
            timestamp: server.now(),
            token: None,
        };

        // GET with a query, POST with a form body; both methods.
        for signature_method in ["HmacSHA1", "HmacSHA256"] {
            let get = Legacy {
                http_method: "GET",
                signature_method,
                ..signed
            };
            let answer = send(http.get(format!("{}/?{}", server.endpoint(), get.encode()))).await;
            assert_eq!(answer["Response"]["Echo"], decoded(), "{answer}");
            let answer = send(post(
                Legacy {
                    signature_method,
                    ..signed
                }
                .encode(),
            ))
            .await;
            assert_eq!(answer["Response"]["Echo"], decoded(), "{answer}");
        }
        assert_eq!(server.executed("DescribeInstances"), 4);

        let code = |answer: Value| {
            answer["Response"]["Error"]["Code"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        };
        let refused = [
            // Signed for another method (GET) but sent as POST.
            (
                Legacy {
                    http_method: "GET",
                    ..signed
                },
                "AuthFailure.SignatureFailure",
            ),
            (
                Legacy {
                    key: "wrong",
                    ..signed
                },
                "AuthFailure.SignatureFailure",
            ),
            (
                Legacy {
                    timestamp: signed.timestamp - 600,
                    ..signed
                },
                "AuthFailure.SignatureExpire",
            ),
            (
                Legacy {
                    secret_id: "AKIDunknown",
                    ..signed
                },
                "AuthFailure.SecretIdNotFound",
            ),
            (
                Legacy {
                    signature_method: "HmacMD5",
                    ..signed
                },
                "InvalidParameterValue",
            ),
        ];
        for (request, expected) in refused {
            assert_eq!(code(send(post(request.encode())).await), expected);
        }

        // Temporary credentials need their token.
        let temporary = Credentials::new("AKIDtemporary", "temporary-key").with_token("tok");
        server.add_credentials(temporary, None);
        let temporary = Legacy {
            secret_id: "AKIDtemporary",
            key: "temporary-key",
            ..signed
        };
        assert_eq!(
            code(send(post(temporary.encode())).await),
            "AuthFailure.TokenFailure"
        );
        let answer = send(post(
            Legacy {
                token: Some("tok"),
                ..temporary
            }
            .encode(),
        ))
        .await;
        assert_eq!(answer["Response"]["Echo"], decoded());

        // A fault for the action fires for a request that names it only in its body.
        server
            .inject_for("DescribeInstances", Fault::Throttle)
            .unwrap();
        assert_eq!(
            code(send(post(signed.encode())).await),
            "RequestLimitExceeded"
        );

        // A request with neither `X-TC-Action` nor `Action` is missing its action, as before.
        assert_eq!(
            code(send(post("Version=1".to_owned())).await),
            "MissingParameter"
        );
        assert_eq!(server.executed("DescribeInstances"), 5);
    })
    .await;
}
