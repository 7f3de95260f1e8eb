//! [`Action`]: a request that knows where it goes and what answers it, so generic code can
//! send any request of any product.

use serde::Serialize;

use crate::TencentResponse;

/// The request of one action of one API version: its service, version and action name, the
/// type of its answer, and whether sending it twice is safe.
///
/// Every request type of the generated SDK crates implements it, so that
/// [`Client::send`](crate::client::Client::send) (feature `client`) can send any of them, and
/// generic code (a fake, a recorder, a batch runner) can handle every action alike:
///
/// ```
/// use tcapi::Action;
///
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct DescribeZonesRequest {}
///
/// #[derive(Debug, tcapi::TencentResponse)]
/// struct DescribeZonesResponse {
///     pub total_count: Option<i64>,
///     pub request_id: String,
/// }
///
/// impl Action for DescribeZonesRequest {
///     const SERVICE: &'static str = "cvm";
///     const VERSION: &'static str = "2017-03-12";
///     const ACTION: &'static str = "DescribeZones";
///     type Response = DescribeZonesResponse;
///     fn idempotent(&self) -> bool {
///         true // a read
///     }
/// }
///
/// fn describe<A: Action>(_: &A) -> String {
///     format!("{}:{} {}", A::SERVICE, A::VERSION, A::ACTION)
/// }
/// assert_eq!(describe(&DescribeZonesRequest {}), "cvm:2017-03-12 DescribeZones");
/// ```
pub trait Action: Serialize {
    /// The service (product) name, as in the host and the signature: `cvm`.
    const SERVICE: &'static str;
    /// The API version: `2017-03-12`.
    const VERSION: &'static str;
    /// The action: `DescribeInstances`.
    const ACTION: &'static str;
    /// The type the answer decodes into.
    type Response: TencentResponse;

    /// Whether this request may be sent again after a failure that may have executed it
    /// (see [`crate::retry`]): true for reads, and for requests that carry a `ClientToken`
    /// (the service executes each token at most once).
    fn idempotent(&self) -> bool;
}

/// What a generated version module's hidden `__visit_actions` (feature `serde`) calls once
/// per request type of the version, so that a test can check every action against the
/// published examples without a hand-kept list of types.
#[doc(hidden)]
pub trait ActionVisitor {
    /// Called with one request type (its response has the `serde` feature's impls too).
    fn visit<A>(&mut self)
    where
        A: Action + serde::de::DeserializeOwned,
        A::Response: Serialize + serde::de::DeserializeOwned;
}
