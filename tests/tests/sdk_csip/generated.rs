//! The generated crate this binary tests, csip (the largest product-version), and a way to
//! reach every request type of it without naming one: the crate's hidden `__visit_actions`
//! hook (feature `serde`).

use tcapi::__private::ActionVisitor;

pub use crate::versions::VERSIONS;

/// The fewest published example requests this binary's products send to the local cloud (629 today):
/// a floor that catches a catalog or visitor that lost its examples.
pub const EXAMPLE_REQUESTS_AT_LEAST: usize = 500;

/// Calls `visitor` with every request type of `product`'s version in [`VERSIONS`]; `false`
/// for a product that is not there.
pub fn visit_actions<V: ActionVisitor>(product: &str, visitor: &mut V) -> bool {
    match product {
        "csip" => tcapi_csip::v20221121::__visit_actions(visitor),
        _ => return false,
    }
    true
}
