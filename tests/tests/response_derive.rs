//! `#[derive(TencentResponse)]`: the field rules, the attributes and the envelope outcomes.

use std::collections::HashMap;

use serde::Deserialize;
use tcapi::{BodyErrorKind, CommonCode, Error, ErrorCode, RetryHint, TencentResponse};

#[tcapi::error_codes(product = "aiart")]
pub enum AiartCode {}

#[derive(Debug, tcapi::TencentResponse)]
#[tencent(codes = AiartCode)]
pub struct TextToImageLiteResponse {
    pub result_image: Option<String>,
    #[tencent(rename = "Seed")]
    pub seed_value: Option<i64>,
    pub request_id: String,
}

#[test]
fn the_issue_example() {
    let body = br#"{"Response":{"ResultImage":"https://x/y.png","Seed":7,"RequestId":"r-1"}}"#;
    let resp: Result<TextToImageLiteResponse, Error<AiartCode>> =
        TextToImageLiteResponse::from_slice(body);
    let resp = resp.unwrap();
    assert_eq!(resp.result_image.as_deref(), Some("https://x/y.png"));
    assert_eq!(resp.seed_value, Some(7));
    assert_eq!(resp.request_id, "r-1");
    assert_eq!(TencentResponse::request_id(&resp), Some("r-1"));

    let text = std::str::from_utf8(body).unwrap();
    assert_eq!(
        TextToImageLiteResponse::from_str(text).unwrap().seed_value,
        Some(7)
    );
    assert_eq!(
        TextToImageLiteResponse::from_reader(&body[..])
            .unwrap()
            .seed_value,
        Some(7)
    );

    let err = TextToImageLiteResponse::from_slice(
        br#"{"Response":{"Error":{"Code":"FailedOperation.ImageDecodeFailed","Message":"m"},"RequestId":"r-2"}}"#,
    )
    .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code().as_str(), "FailedOperation.ImageDecodeFailed");
    assert!(api.code().is_known());
    assert_eq!(api.message(), "m");
    assert_eq!(api.request_id(), "r-2");
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Item {
    pub name: String,
    pub size: Option<u32>,
}

// A nested type whose own serde attributes give Tencent's keys.
impl tcapi::Model for Item {}

#[derive(Debug, tcapi::TencentResponse)]
pub struct Everything {
    pub total_count: u64,
    pub items: Vec<Item>,
    #[tencent(default)]
    pub tags: Vec<String>,
    pub r#type: Option<String>,
    #[tencent(rename = "ID")]
    pub id: Option<String>,
    #[tencent(flatten)]
    pub extra: HashMap<String, serde_json::Value>,
    #[tencent(request_id)]
    pub rid: Option<String>,
}

#[test]
fn field_rules() {
    let body =
        br#"{"Response":{"TotalCount":2,"Items":[{"Name":"a"},{"Name":"b","Size":3,"New":1}],
        "Type":null,"ID":"x","Later":{"Added":true},"RequestId":"r"}}"#;
    let e = Everything::from_slice(body).unwrap();
    assert_eq!(e.total_count, 2);
    assert_eq!(
        e.items[1],
        Item {
            name: "b".into(),
            size: Some(3)
        }
    );
    assert!(e.tags.is_empty());
    assert_eq!(e.r#type, None);
    assert_eq!(e.id.as_deref(), Some("x"));
    assert_eq!(e.extra.len(), 1);
    assert_eq!(e.extra["Later"]["Added"], true);
    assert_eq!(e.rid.as_deref(), Some("r"));

    // A missing required field names its key.
    let err = Everything::from_slice(br#"{"Response":{"Items":[],"RequestId":"r"}}"#).unwrap_err();
    let Error::InvalidBody(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(b.kind(), BodyErrorKind::MissingField);
    assert_eq!(b.key(), Some("TotalCount"));
    assert_eq!(b.request_id(), Some("r"));
    assert!(err.to_string().contains("`TotalCount`"), "{err}");
}

#[derive(Debug, tcapi::TencentResponse)]
pub struct Empty {}

#[derive(Debug, tcapi::TencentResponse)]
pub struct Generic<T> {
    pub value: Option<T>,
    pub request_id: Option<String>,
}

#[test]
fn empty_and_generic() {
    let e = Empty::from_slice(br#"{"Response":{"RequestId":"r"}}"#).unwrap();
    assert_eq!(e.request_id(), None);
    let g =
        Generic::<Vec<u8>>::from_slice(br#"{"Response":{"Value":[1,2],"RequestId":"r"}}"#).unwrap();
    assert_eq!(g.value, Some(vec![1, 2]));
    let err =
        Generic::<u8>::from_slice(br#"{"Response":{"Value":300,"RequestId":"r"}}"#).unwrap_err();
    let Error::InvalidBody(b) = err else { panic!() };
    assert_eq!(b.kind(), BodyErrorKind::InvalidValue);
}

#[test]
fn dry_run_is_an_api_error() {
    let body = br#"{"Response":{"Error":{"Code":"DryRunOperation","Message":"would succeed"},"RequestId":"r"}}"#;
    let err = Empty::from_slice(body).unwrap_err();
    assert!(err.code().is_some_and(ErrorCode::is_dry_run));
    assert_eq!(err.retry_hint(), RetryHint::Never);
    let _: &CommonCode = err.code().unwrap();
}
