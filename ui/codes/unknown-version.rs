#[tcapi::error_codes(product = "vpc", version = "2099-01-01")]
pub enum FutureCode {}

fn main() {}
