#[derive(tcapi::TencentResponse)]
struct Response {
    seed: Option<i64>,
    requestid: Option<String>,
}

fn main() {}
