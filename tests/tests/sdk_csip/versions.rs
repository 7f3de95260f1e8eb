//! The product-version the `sdk_csip` binary tests (csip, the largest): the one list of it,
//! which `sdk` reads too, to leave its listed exceptions to this binary.

/// The product-versions under test: product, then version module. Their spec and example
/// files are `<product>-<version>.json`.
pub const VERSIONS: &[(&str, &str)] = &[("csip", "v20221121")];
