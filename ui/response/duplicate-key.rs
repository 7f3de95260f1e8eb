#[derive(tcapi::TencentResponse)]
struct Response {
    seed: Option<i64>,
    #[tencent(rename = "Seed")]
    seed_value: Option<i64>,
}

fn main() {}
