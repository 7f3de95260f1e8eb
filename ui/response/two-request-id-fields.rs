#[derive(tcapi::TencentResponse)]
struct Response {
    request_id: String,
    #[tencent(request_id)]
    id: String,
}

fn main() {}
