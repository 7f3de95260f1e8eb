//! `#[derive(tcapi::Model)]`: nested objects read with the response's rules (PascalCase keys,
//! renames, defaults, flatten), where a plain serde struct would have decoded to `None`.

use std::collections::HashMap;

use tcapi::{BodyErrorKind, Error, TencentResponse};

#[derive(Debug, PartialEq, tcapi::Model)]
pub struct Placement {
    pub zone: Option<String>,
    pub project_id: Option<i64>,
    #[tencent(rename = "HostIDs")]
    pub host_ids: Option<Vec<String>>,
}

#[derive(Debug, tcapi::Model)]
pub struct Instance {
    pub instance_id: String,
    pub placement: Option<Placement>,
    #[tencent(default)]
    pub tags: Vec<Tag>,
    pub next: Option<Box<Instance>>,
    #[tencent(flatten)]
    pub rest: HashMap<String, serde_json::Value>,
}

#[derive(Debug, PartialEq, tcapi::Model)]
pub struct Tag {
    pub key: String,
    pub value: Option<String>,
}

#[derive(Debug, tcapi::TencentResponse)]
pub struct DescribeInstancesResponse {
    pub total_count: u64,
    pub instance_set: Vec<Instance>,
    pub request_id: String,
}

#[test]
fn nested_keys_follow_the_response_rules() {
    let body = br#"{"Response":{"TotalCount":1,"InstanceSet":[{
        "InstanceId":"ins-1",
        "Placement":{"Zone":"ap-guangzhou-3","ProjectId":0,"HostIDs":["h-1"],"Unknown":1},
        "Tags":[{"Key":"k","Value":"v"}],
        "Next":{"InstanceId":"ins-2"},
        "CreatedTime":"2026-01-01"
    }],"RequestId":"r"}}"#;
    let resp = DescribeInstancesResponse::from_slice(body).unwrap();
    let instance = &resp.instance_set[0];
    // A plain `#[derive(Deserialize)]` struct would have looked for `zone` and kept `None`.
    assert_eq!(
        instance.placement,
        Some(Placement {
            zone: Some("ap-guangzhou-3".into()),
            project_id: Some(0),
            host_ids: Some(vec!["h-1".into()]),
        })
    );
    assert_eq!(
        instance.tags,
        [Tag {
            key: "k".into(),
            value: Some("v".into())
        }]
    );
    let next = instance.next.as_deref().unwrap();
    assert_eq!(next.instance_id, "ins-2");
    assert!(next.tags.is_empty() && next.placement.is_none());
    assert_eq!(instance.rest.len(), 1);
    assert_eq!(instance.rest["CreatedTime"], "2026-01-01");
    assert_eq!(resp.request_id(), Some("r"));
}

#[test]
fn a_nested_error_names_the_key() {
    let body = br#"{"Response":{"TotalCount":1,"InstanceSet":[{"Placement":{}}],"RequestId":"r"}}"#;
    let err = DescribeInstancesResponse::from_slice(body).unwrap_err();
    let Error::InvalidBody(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(b.kind(), BodyErrorKind::MissingField);
    assert!(err.to_string().contains("`InstanceId`"), "{err}");

    let body = br#"{"Response":{"TotalCount":1,"InstanceSet":[{"InstanceId":"i","Placement":{"Zone":1}}],"RequestId":"r"}}"#;
    let err = DescribeInstancesResponse::from_slice(body).unwrap_err();
    let Error::InvalidBody(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(b.kind(), BodyErrorKind::WrongType);

    let body = br#"{"Response":{"TotalCount":1,"InstanceSet":[{"InstanceId":"i","InstanceId":"j"}],"RequestId":"r"}}"#;
    let err = DescribeInstancesResponse::from_slice(body).unwrap_err();
    let Error::InvalidBody(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(b.kind(), BodyErrorKind::DuplicateKey);
}

#[test]
fn an_api_error_still_wins_over_a_bad_nested_value() {
    let body = br#"{"Response":{"InstanceSet":[{"Placement":{"Zone":1}}],
        "Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#;
    let err = DescribeInstancesResponse::from_slice(body).unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
}

#[test]
fn a_model_is_plain_serde_elsewhere() {
    // Through `tcapi::Decoded` (which keeps the RequestId of a type without a field for it),
    // and through serde_json directly.
    let body = br#"{"Response":{"Zone":"z","RequestId":"r"}}"#;
    let decoded = tcapi::Decoded::<Placement>::from_slice(body).unwrap();
    assert_eq!(decoded.zone.as_deref(), Some("z"));
    assert_eq!(decoded.request_id(), Some("r"));

    let placement: Placement = serde_json::from_str(r#"{"Zone":"z","ProjectId":3}"#).unwrap();
    assert_eq!(placement.project_id, Some(3));
    let from_value: Placement =
        serde_json::from_value(serde_json::json!({"Zone": "z", "HostIDs": []})).unwrap();
    assert_eq!(from_value.host_ids, Some(vec![]));
    let err = serde_json::from_str::<Tag>(r#"{"Value":"v"}"#).unwrap_err();
    assert_eq!(err.to_string(), "missing field `Key` at line 1 column 13");
    assert!(serde_json::from_str::<Tag>(r#"["k"]"#).is_err());
}

/// A streamed chunk carries no RequestId: a response type without a field for it is allowed.
#[derive(Debug, tcapi::TencentResponse)]
pub struct Chunk {
    pub content: Option<String>,
}

#[test]
fn a_response_without_a_request_id_field() {
    let chunk = Chunk::from_slice(br#"{"Response":{"Content":"c","RequestId":"r"}}"#).unwrap();
    assert_eq!(chunk.content.as_deref(), Some("c"));
    assert_eq!(chunk.request_id(), None);
    // The RequestId of a failure is still on the error.
    let err = Chunk::from_slice(
        br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r-2"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.request_id(), Some("r-2"));
}
