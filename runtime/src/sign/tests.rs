//! Signing vectors. The documented one is Tencent's "Signature v3" worked example. The GET and
//! temporary-token vectors were computed independently of this crate by a Python script using
//! only `hmac`/`hashlib` (the scheme written out from the documentation); its output is pasted
//! below as the expected values.

use sha2::{Digest, Sha256};

use super::tc3::hex;
use super::*;

const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

#[test]
fn documented_example_byte_for_byte() {
    let body =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    let request = Tc3Request {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &[
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
        ],
        payload: body.as_bytes(),
        service: "cvm",
        timestamp: 1551113065,
    };
    let payload_hash = hex(&Sha256::digest(body.as_bytes()));
    assert_eq!(
        payload_hash,
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    let canonical_request = format!(
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n{payload_hash}"
    );
    assert_eq!(request.canonical_request(), canonical_request);
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    assert_eq!(request.string_to_sign(), string_to_sign);
    assert_eq!(
        request.string_to_sign(),
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
    assert_eq!(
        request.signature(SECRET_KEY),
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
    assert_eq!(
        request.authorization(SECRET_ID, SECRET_KEY),
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
         SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
}

#[test]
fn get_with_query_string() {
    // Header names in mixed case and out of order: the signer lowercases and sorts them.
    let request = Tc3Request {
        method: "GET",
        canonical_uri: "/",
        canonical_query: "Limit=10&Offset=0&Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3",
        headers: &[
            ("Host", "cvm.tencentcloudapi.com"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        payload: b"",
        service: "cvm",
        timestamp: 1700000000,
    };
    assert_eq!(
        request.canonical_request(),
        "GET\n/\nLimit=10&Offset=0&Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3\n\
         content-type:application/x-www-form-urlencoded\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        request.string_to_sign(),
        "TC3-HMAC-SHA256\n1700000000\n2023-11-14/cvm/tc3_request\n6a145eb6d6ee538edf2e62b1d9dc36a19bca47172e94ecd70609dea21553f37f"
    );
    assert_eq!(
        request.authorization(SECRET_ID, SECRET_KEY),
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/cvm/tc3_request, \
         SignedHeaders=content-type;host, Signature=0f5c41e5e8f142f76d9bae88a4be75858b0cc605f2830729a373757e3149329a"
    );
    let call = ApiCall {
        host: "cvm.tencentcloudapi.com",
        service: "cvm",
        version: "2017-03-12",
        action: "DescribeZones",
        region: None,
        language: None,
        timestamp: 1700000000,
        body: Body::Query("Limit=10"),
    };
    let headers = call.headers(&Credentials::new(SECRET_ID, SECRET_KEY));
    assert_eq!(
        header(&headers, "Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(&headers, "X-TC-Region"), None);
}

fn header<'a>(headers: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn temporary_token_call_headers() {
    let credentials =
        Credentials::new("AKIDTEMPEXAMPLE", "TempSecretKeyEXAMPLE").with_token("token-EXAMPLE-123");
    // 23:59:59 UTC on the last day of 2025: the scope date must be 2025-12-31, not local time.
    let call = ApiCall {
        host: "aiart.tencentcloudapi.com",
        service: "aiart",
        version: "2022-12-29",
        action: "TextToImageLite",
        region: Some("ap-guangzhou"),
        language: Some("en-US"),
        timestamp: 1767225599,
        body: Body::Json(br#"{"Prompt":"rain, bamboo"}"#),
    };
    let headers = call.headers(&credentials);
    assert_eq!(
        header(&headers, "Authorization"),
        Some(
            "TC3-HMAC-SHA256 Credential=AKIDTEMPEXAMPLE/2025-12-31/aiart/tc3_request, \
             SignedHeaders=content-type;host;x-tc-action, \
             Signature=8d50e51be1c7f96fd0b0a4548dd4a9d68d9d253ba3e1172f8d747d7c3d5f7efc"
        )
    );
    assert_eq!(
        header(&headers, "Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(header(&headers, "Host"), Some("aiart.tencentcloudapi.com"));
    assert_eq!(header(&headers, "X-TC-Action"), Some("TextToImageLite"));
    assert_eq!(header(&headers, "X-TC-Version"), Some("2022-12-29"));
    assert_eq!(header(&headers, "X-TC-Timestamp"), Some("1767225599"));
    assert_eq!(header(&headers, "X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(header(&headers, "X-TC-Token"), Some("token-EXAMPLE-123"));
    assert_eq!(header(&headers, "X-TC-Language"), Some("en-US"));
    let canonical = Tc3Request {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &[
            ("content-type", CONTENT_TYPE_JSON),
            ("host", "aiart.tencentcloudapi.com"),
            ("x-tc-action", "TextToImageLite"),
        ],
        payload: br#"{"Prompt":"rain, bamboo"}"#,
        service: "aiart",
        timestamp: 1767225599,
    };
    assert_eq!(
        canonical.canonical_request(),
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:aiart.tencentcloudapi.com\n\
         x-tc-action:texttoimagelite\n\ncontent-type;host;x-tc-action\n\
         f7f67ed8885a61e58f3525878b6b038576ab7633ed83b31752287e2fad6c5404"
    );
    assert_eq!(
        canonical.string_to_sign(),
        "TC3-HMAC-SHA256\n1767225599\n2025-12-31/aiart/tc3_request\n\
         b0a0f598cc6253201cd91a2560b275a7422ce869dacddc56c536ea130c86fafe"
    );
}

#[test]
fn secrets_never_shown() {
    let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token("TOKENVALUE");
    for shown in [
        format!("{credentials:?}"),
        format!("{credentials:#?}"),
        credentials.to_string(),
    ] {
        assert!(shown.contains(SECRET_ID), "{shown}");
        assert!(!shown.contains(SECRET_KEY), "{shown}");
        assert!(!shown.contains("TOKENVALUE"), "{shown}");
    }
}

#[test]
fn credentials_from_env() {
    // The only test of this crate that touches these variables.
    let names = [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
        "TENCENTCLOUD_SECURITY_TOKEN",
        "TENCENTCLOUD_TOKEN",
    ];
    let saved: Vec<_> = names.iter().map(std::env::var_os).collect();
    for name in names {
        std::env::remove_var(name);
    }
    let error = Credentials::from_env().unwrap_err();
    assert_eq!(
        error.to_string(),
        "credentials unavailable: environment variable TENCENTCLOUD_SECRET_ID is not set"
    );
    std::env::set_var("TENCENTCLOUD_SECRET_ID", " AKIDENV ");
    std::env::set_var("TENCENTCLOUD_SECRET_KEY", "");
    let error = Credentials::from_env().unwrap_err();
    assert!(
        error.to_string().contains("TENCENTCLOUD_SECRET_KEY"),
        "{error}"
    );
    std::env::set_var("TENCENTCLOUD_SECRET_KEY", "env-secret-key");
    std::env::set_var("TENCENTCLOUD_SECURITY_TOKEN", "env-token");
    let credentials = Credentials::from_env().unwrap();
    assert_eq!(credentials.secret_id(), "AKIDENV");
    assert_eq!(credentials.secret_key(), "env-secret-key");
    assert_eq!(credentials.token(), Some("env-token"));
    for (name, value) in names.iter().zip(saved) {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}
