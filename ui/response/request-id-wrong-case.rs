#[derive(tcapi::TencentResponse)]
struct Response {
    seed: Option<i64>,
    #[tencent(rename = "RequestID")]
    request_id: String,
}

fn main() {}
