#[derive(tcapi::TencentResponse)]
struct Response {
    #[tencent(renam = "Seed")]
    seed: Option<i64>,
}

fn main() {}
