#[tcapi::error_codes(path = "codes/does-not-exist.json")]
pub enum MissingCode {}

fn main() {}
