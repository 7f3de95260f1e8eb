#[derive(tcapi::TencentResponse)]
#[tencent(codes = String)]
struct Response {
    seed: Option<i64>,
}

fn main() {}
