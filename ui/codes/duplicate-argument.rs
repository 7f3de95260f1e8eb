#[tcapi::error_codes(product = "aiart", product = "vpc")]
pub enum TwoProducts {}

fn main() {}
