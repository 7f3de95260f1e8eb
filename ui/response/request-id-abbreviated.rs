#[derive(tcapi::TencentResponse)]
struct Response {
    seed: Option<i64>,
    req_id: String,
}

fn main() {}
