#[tcapi::error_codes(product = "aiart")]
pub enum HandWritten {
    MyOwnVariant,
}

fn main() {}
