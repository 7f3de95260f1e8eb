struct NotDeserialize;

#[derive(tcapi::TencentResponse)]
struct Response {
    value: Option<NotDeserialize>,
}

fn main() {}
