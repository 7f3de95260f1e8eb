//! `#[tencent(lenient)]`: the lean expansion the generated SDK uses. Scalars are read the way
//! the service writes them (numbers as strings and back, `null` as absent), every other
//! mismatch is an error naming the member's path.

use tcapi::{BodyErrorKind, Error, TencentResponse};

#[derive(Debug, Clone, PartialEq, tcapi::Model)]
#[tencent(lenient)]
pub struct Placement {
    pub zone: Option<String>,
    pub project_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, tcapi::Model)]
#[tencent(lenient)]
pub struct Instance {
    #[tencent(rename = "InstanceID")]
    pub instance_id: Option<String>,
    pub cpu: Option<u64>,
    pub price: Option<f64>,
    pub renewable: Option<bool>,
    pub placement: Option<Placement>,
    pub tags: Option<Vec<String>>,
    pub extra: Option<serde_json::Value>,
    /// A type that contains itself is boxed.
    pub parent: Option<Box<Instance>>,
    /// A type the lean decoder does not know in place: read as JSON, then into its type.
    pub counts: Option<std::collections::BTreeMap<String, i64>>,
}

#[derive(Debug, Clone, PartialEq, TencentResponse)]
#[tencent(lenient)]
pub struct DescribeInstancesResponse {
    pub total_count: Option<i64>,
    pub instance_set: Option<Vec<Instance>>,
    pub request_id: String,
}

fn body(inner: &str) -> String {
    format!(r#"{{"Response":{{{inner},"RequestId":"req-1"}}}}"#)
}

#[test]
fn reads_every_kind_of_field() {
    let text = body(
        r#""TotalCount":2,"InstanceSet":[
            {"InstanceID":"ins-1","Cpu":4,"Price":1.5,"Renewable":true,
             "Placement":{"Zone":"ap-guangzhou-3","ProjectId":0},"Tags":["a","b"],
             "Extra":{"Any":[1]},"Parent":{"InstanceID":"ins-0"},"Counts":{"x":1},"Unknown":[{}]},
            {"InstanceID":"ins-2"}]"#,
    );
    let resp = DescribeInstancesResponse::from_str(&text).unwrap();
    assert_eq!(resp.request_id, "req-1");
    assert_eq!(resp.total_count, Some(2));
    let set = resp.instance_set.unwrap();
    assert_eq!(set.len(), 2);
    let first = &set[0];
    assert_eq!(first.instance_id.as_deref(), Some("ins-1"));
    assert_eq!(first.cpu, Some(4));
    assert_eq!(first.price, Some(1.5));
    assert_eq!(first.renewable, Some(true));
    let placement = first.placement.as_ref().unwrap();
    assert_eq!(placement.zone.as_deref(), Some("ap-guangzhou-3"));
    assert_eq!(placement.project_id, Some(0));
    assert_eq!(
        first.tags.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..])
    );
    assert_eq!(first.extra, Some(serde_json::json!({"Any": [1]})));
    assert_eq!(
        first.parent.as_ref().unwrap().instance_id.as_deref(),
        Some("ins-0")
    );
    assert_eq!(first.counts.as_ref().unwrap()["x"], 1);
    assert_eq!(set[1].cpu, None);
}

#[test]
fn numbers_as_strings_and_strings_as_numbers_are_accepted() {
    let text = body(
        r#""TotalCount":"10","InstanceSet":[{"InstanceID":12345,"Cpu":" 8 ","Price":"0.25","Placement":{"ProjectId":"-3","Zone":1.5}}]"#,
    );
    let resp = DescribeInstancesResponse::from_str(&text).unwrap();
    assert_eq!(resp.total_count, Some(10));
    let first = &resp.instance_set.unwrap()[0];
    assert_eq!(first.instance_id.as_deref(), Some("12345"));
    assert_eq!(first.cpu, Some(8));
    assert_eq!(first.price, Some(0.25));
    let placement = first.placement.as_ref().unwrap();
    assert_eq!(placement.project_id, Some(-3));
    assert_eq!(placement.zone.as_deref(), Some("1.5"));
}

#[test]
fn null_is_absent() {
    let text = body(
        r#""TotalCount":null,"InstanceSet":[{"InstanceID":null,"Placement":null,"Tags":null,"Extra":null,"Counts":null}]"#,
    );
    let resp = DescribeInstancesResponse::from_str(&text).unwrap();
    assert_eq!(resp.total_count, None);
    let first = &resp.instance_set.unwrap()[0];
    assert_eq!(first, &Instance::default_for_test());
}

impl Instance {
    fn default_for_test() -> Self {
        Instance {
            instance_id: None,
            cpu: None,
            price: None,
            renewable: None,
            placement: None,
            tags: None,
            extra: None,
            parent: None,
            counts: None,
        }
    }
}

fn body_error(text: &str) -> tcapi::BodyError {
    match DescribeInstancesResponse::from_str(text) {
        Err(Error::InvalidBody(e)) => e,
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

#[test]
fn a_mismatch_names_the_member_path() {
    let e = body_error(&body(
        r#""InstanceSet":[{"InstanceID":"a"},{"Placement":{"ProjectId":"ten"}}]"#,
    ));
    assert_eq!(e.kind(), BodyErrorKind::InvalidValue, "{e}");
    assert_eq!(e.key(), Some("InstanceSet.1.Placement.ProjectId"), "{e}");
    // The path names the member; the value itself is never shown (it may be a secret).
    assert!(e.to_string().contains("string \"…\""), "{e}");
    assert!(!e.to_string().contains("\"ten\""), "{e}");

    let e = body_error(&body(r#""TotalCount":true"#));
    assert_eq!(e.key(), Some("TotalCount"), "{e}");

    let e = body_error(&body(r#""InstanceSet":[{"Renewable":"yes"}]"#));
    assert_eq!(e.key(), Some("InstanceSet.0.Renewable"), "{e}");

    let e = body_error(&body(r#""InstanceSet":[{"Cpu":-1}]"#));
    assert_eq!(e.key(), Some("InstanceSet.0.Cpu"), "{e}");

    let e = body_error(&body(r#""InstanceSet":{"InstanceID":"a"}"#));
    assert_eq!(e.key(), Some("InstanceSet"), "{e}");
}

#[test]
fn a_null_list_element_and_a_repeated_key_are_errors() {
    let e = body_error(&body(r#""InstanceSet":[{"Tags":["a",null]}]"#));
    assert_eq!(e.key(), Some("InstanceSet.0.Tags.1"), "{e}");
    assert!(e.to_string().contains("null"), "{e}");

    let e = body_error(&body(r#""InstanceSet":[{"Cpu":1,"Cpu":2}]"#));
    assert_eq!(e.key(), Some("InstanceSet.0.Cpu"), "{e}");
    assert!(e.to_string().contains("duplicate"), "{e}");
}

#[test]
fn an_api_error_wins_over_the_data() {
    let text = r#"{"Response":{"TotalCount":"x","Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#;
    match DescribeInstancesResponse::from_str(text) {
        Err(Error::Api(e)) => assert_eq!(e.request_id(), "r"),
        other => panic!("expected the API error, got {other:?}"),
    }
}

#[test]
fn a_lenient_model_is_serde_deserializable() {
    let placement: Placement =
        serde_json::from_str(r#"{"Zone":"z","ProjectId":"7","Other":1}"#).unwrap();
    assert_eq!(placement.project_id, Some(7));
    assert_eq!(placement.zone.as_deref(), Some("z"));
    let e = serde_json::from_str::<Placement>(r#"{"ProjectId":[]}"#).unwrap_err();
    assert!(e.to_string().contains("integer"), "{e}");
}

#[test]
fn nested_keys_are_matched_as_bytes_and_checked_as_json_strings() {
    // Escaped keys are decoded before they are matched; unknown ones are skipped.
    let resp = DescribeInstancesResponse::from_str(&body(
        r#""InstanceSet":[{"Pl\u0061cement":{"Z\u006fne":"z","Other\n":1,"Über":2}}]"#,
    ))
    .unwrap();
    let placement = resp.instance_set.unwrap()[0].placement.clone().unwrap();
    assert_eq!(placement.zone.as_deref(), Some("z"));

    // A malformed key is malformed JSON, which wins even over a later API error.
    let error_after = r#","Error":{"Code":"InternalError","Message":"m"}"#;
    for (name, key) in [
        ("invalid UTF-8", &b"\xc3\x28"[..]),
        ("a raw control character", b"Zone\x01"),
        ("a lone surrogate escape", br"\ud800"),
    ] {
        for after in ["", error_after] {
            let mut text = br#"{"Response":{"InstanceSet":[{"Placement":{""#.to_vec();
            text.extend_from_slice(key);
            text.extend_from_slice(br#"":1}}]"#);
            text.extend_from_slice(after.as_bytes());
            text.extend_from_slice(br#","RequestId":"r"}}"#);
            match DescribeInstancesResponse::from_slice(&text) {
                Err(Error::InvalidBody(e)) => {
                    assert_eq!(e.kind(), BodyErrorKind::Syntax, "{name}: {e}")
                }
                other => panic!("{name}: expected malformed JSON, got {other:?}"),
            }
        }
    }

    // Through serde directly, and from a `serde_json::Value`, whose keys are strings.
    assert!(serde_json::from_slice::<Placement>(b"{\"\xc3\x28\":1}").is_err());
    let value = serde_json::json!({"Zone": "z", "Other": 1});
    let placement: Placement = serde_json::from_value(value).unwrap();
    assert_eq!(placement.zone.as_deref(), Some("z"));
}
