#[tcapi::error_codes(product = "aiartt")]
pub enum TypoCode {}

fn main() {}
