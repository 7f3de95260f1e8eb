//! The product-versions the `sdk` binary tests (the seed products, cvm and hunyuan): the one
//! list of them, which `sdk_csip` reads too, to leave their listed exceptions to this binary.

/// The product-versions under test: product, then version module. Their spec and example
/// files are `<product>-<version>.json`.
pub const VERSIONS: &[(&str, &str)] = &[
    ("adp", "v20260520"),
    ("aiart", "v20221229"),
    ("billing", "v20180709"),
    ("cdwpg", "v20201230"),
    ("cvm", "v20170312"),
    ("gme", "v20180711"),
    ("hunyuan", "v20230901"),
    ("lke", "v20231130"),
];
