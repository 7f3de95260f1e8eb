#[derive(tcapi::TencentResponse)]
#[tencent(flatten)]
struct Response {
    seed: Option<i64>,
}

fn main() {}
