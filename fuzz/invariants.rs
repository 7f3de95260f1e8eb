//! The invariants the fuzz target asserts on every input, shared by `fuzz_targets/decode.rs`
//! and by `tests/tests/fuzz_corpus.rs`, which replays the corpus in the regular test suite:
//! no panic, bounded messages, and the derive agreeing with `tcapi::decode` on an equivalent
//! plain serde struct.

use serde::Deserialize;
use tcapi::{Decoded, Error, TencentResponse};

#[derive(Debug, tcapi::TencentResponse)]
#[allow(dead_code)]
struct Resp {
    result_image: Option<String>,
    seed: Option<i64>,
    count: Option<u8>,
    items: Option<Vec<Item>>,
    extra: Option<serde_json::Value>,
    #[tencent(default)]
    tags: Vec<String>,
    request_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Item {
    name: Option<String>,
    size: Option<f64>,
}

impl tcapi::Model for Item {}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Plain {
    result_image: Option<String>,
    seed: Option<i64>,
    count: Option<u8>,
    items: Option<Vec<Item>>,
    extra: Option<serde_json::Value>,
    #[serde(default)]
    tags: Vec<String>,
    request_id: String,
}

#[derive(Debug, tcapi::TencentResponse)]
#[allow(dead_code)]
struct Flat {
    #[tencent(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
    request_id: Option<String>,
}

#[derive(Debug, tcapi::TencentResponse)]
#[allow(dead_code)]
struct OptionalId {
    seed: Option<i64>,
    request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct PlainOptionalId {
    seed: Option<i64>,
    request_id: Option<String>,
}

fn outcome<T>(r: &Result<T, Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(Error::Api(e)) => format!("api {}", tcapi::ErrorCode::as_str(e.code())),
        Err(Error::InvalidBody(e)) => format!("body {:?}", e.kind()),
        Err(Error::Legacy(e)) => format!("legacy {}", e.code()),
        Err(e) => format!("other {e:?}"),
    }
}

fn check_bounded<T>(r: &Result<T, Error>) {
    if let Err(e) = r {
        let display = e.to_string();
        assert!(
            display.len() < 8 * 1024,
            "Display of {} bytes",
            display.len()
        );
        let _ = e.retry_hint();
        let _ = e.request_id();
    }
}

/// Decodes `data` every way and asserts the invariants; `context` names the input in failures.
pub fn check(data: &[u8], context: &str) {
    let derived = Resp::from_slice(data);
    let plain = Decoded::<Plain>::from_slice(data);
    check_bounded(&derived);
    check_bounded(&plain);
    assert_eq!(
        outcome(&derived),
        outcome(&plain),
        "derive and decode disagree: {context}"
    );
    let derived = OptionalId::from_slice(data);
    let plain = Decoded::<PlainOptionalId>::from_slice(data);
    assert_eq!(
        outcome(&derived),
        outcome(&plain),
        "derive and decode disagree (optional id): {context}"
    );
    if let (Ok(d), Ok(p)) = (&derived, &plain) {
        assert_eq!(d.request_id.as_deref(), p.request_id.as_deref());
        assert_eq!(d.request_id(), p.request_id());
    }
    check_bounded(&Flat::from_slice(data));
    check_bounded(&tcapi::decode::<serde_json::Value>(data));
    check_bounded(&tcapi::decode::<serde::de::IgnoredAny>(data));
}
