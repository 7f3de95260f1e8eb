#[tcapi::error_codes(product = "aiart", prodcut = "vpc")]
pub enum Misspelt {}

#[tcapi::error_codes(product = "aiart", all_products)]
pub enum TwoSources {}

#[tcapi::error_codes]
pub enum NoSource {}

fn main() {}
