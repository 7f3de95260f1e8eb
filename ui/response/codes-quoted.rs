#[derive(tcapi::TencentResponse)]
#[tencent(codes = "CvmCode")]
struct Response {
    seed: Option<i64>,
}

fn main() {}
