fn needs_codes<C: tcapi::ErrorCode>() {}

pub enum PlainEnum {}

fn main() {
    needs_codes::<PlainEnum>();
}
