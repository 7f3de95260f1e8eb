//! The expansions of `#[derive(TencentResponse)]` and `#[derive(tcapi::Model)]` stay lint-clean
//! in a strict crate.
#![deny(unused_qualifications, clippy::pedantic, missing_docs)]

use std::collections::HashMap;

use tcapi::TencentResponse;

/// A response with every kind of field.
#[derive(Debug, tcapi::TencentResponse)]
#[tencent(codes = tcapi::CommonCode)]
pub struct Full {
    /// A plain field.
    pub total_count: Option<u64>,
    /// A renamed field.
    #[tencent(rename = "ID")]
    pub id: Option<String>,
    /// A required field with a default.
    #[tencent(default)]
    pub tags: Vec<String>,
    /// The unclaimed keys.
    #[tencent(flatten)]
    pub rest: HashMap<String, serde_json::Value>,
    /// The request id.
    pub request_id: String,
}

/// A nested model with every kind of field.
#[derive(Debug, tcapi::Model)]
pub struct Nested {
    /// A plain field.
    pub zone: Option<String>,
    /// A renamed field.
    #[tencent(rename = "ID")]
    pub id: Option<String>,
    /// A required field with a default.
    #[tencent(default)]
    pub tags: Vec<String>,
    /// The unclaimed keys.
    #[tencent(flatten)]
    pub rest: HashMap<String, serde_json::Value>,
}

/// A generic nested model.
#[derive(Debug, tcapi::Model)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
}

/// A model without fields.
#[derive(Debug, tcapi::Model)]
pub struct NoFields {}

/// A response with nested models.
#[derive(Debug, tcapi::TencentResponse)]
pub struct WithNested {
    /// A nested model.
    pub nested: Option<Nested>,
    /// A generic nested model.
    pub page: Page<Nested>,
    /// An empty one.
    pub empty: Option<NoFields>,
}

/// A response without fields.
#[derive(Debug, tcapi::TencentResponse)]
pub struct Nothing {}

/// A generic response.
#[derive(Debug, tcapi::TencentResponse)]
pub struct Generic<T> {
    /// The data.
    pub data: Option<T>,
    /// The request id.
    #[tencent(request_id)]
    pub id: Option<String>,
}

#[test]
fn strict_crate_compiles_and_decodes() {
    let full =
        Full::from_slice(br#"{"Response":{"TotalCount":1,"ID":"x","More":1,"RequestId":"r"}}"#)
            .unwrap();
    assert_eq!(full.request_id(), Some("r"));
    assert_eq!(full.rest.len(), 1);
    assert!(Nothing::from_str(r#"{"Response":{}}"#).is_ok());
    let g = Generic::<Vec<u8>>::from_reader(&br#"{"Response":{"Data":[1],"RequestId":"r"}}"#[..])
        .unwrap();
    assert_eq!(g.id.as_deref(), Some("r"));
    let w = WithNested::from_slice(
        br#"{"Response":{"Nested":{"Zone":"z","ID":"i","X":1},"Page":{"Items":[{}]},"Empty":{}}}"#,
    )
    .unwrap();
    let nested = w.nested.as_ref().unwrap();
    assert_eq!(
        (nested.zone.as_deref(), nested.id.as_deref()),
        (Some("z"), Some("i"))
    );
    assert_eq!(nested.rest.len(), 1);
    assert_eq!(w.page.items.len(), 1);
    assert!(w.empty.is_some() && w.request_id().is_none());
}
