//! The generated crates this binary tests (the seed products, cvm and hunyuan; csip has a
//! binary of its own, `sdk_csip`), and a way to reach every request type of each without
//! naming one: the crates' hidden `__visit_actions` hook (feature `serde`).

use tcapi::__private::ActionVisitor;

pub use crate::versions::VERSIONS;

/// The fewest published example requests this binary's products send to the local cloud (526 today):
/// a floor that catches a catalog or visitor that lost its examples.
pub const EXAMPLE_REQUESTS_AT_LEAST: usize = 400;

/// Calls `visitor` with every request type of `product`'s version in [`VERSIONS`]; `false`
/// for a product that is not there.
pub fn visit_actions<V: ActionVisitor>(product: &str, visitor: &mut V) -> bool {
    match product {
        "cvm" => tcapi_cvm::v20170312::__visit_actions(visitor),
        "hunyuan" => tcapi_hunyuan::v20230901::__visit_actions(visitor),
        _ => return visit_seed_actions(product, visitor),
    }
    true
}

/// [`visit_actions`] for the six seed products only (aiart, billing, lke, adp, gme, cdwpg),
/// so that a test of the seed bodies instantiates its checks for their types alone.
pub fn visit_seed_actions<V: ActionVisitor>(product: &str, visitor: &mut V) -> bool {
    match product {
        "adp" => tcapi_adp::v20260520::__visit_actions(visitor),
        "aiart" => tcapi_aiart::v20221229::__visit_actions(visitor),
        "billing" => tcapi_billing::v20180709::__visit_actions(visitor),
        "cdwpg" => tcapi_cdwpg::v20201230::__visit_actions(visitor),
        "gme" => tcapi_gme::v20180711::__visit_actions(visitor),
        "lke" => tcapi_lke::v20231130::__visit_actions(visitor),
        _ => return false,
    }
    true
}
