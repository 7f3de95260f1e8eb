#[derive(tcapi::TencentResponse)]
struct Response {
    request_id: u64,
}

fn main() {}
