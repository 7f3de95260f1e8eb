#[derive(tcapi::TencentResponse)]
struct Response {
    #[tencent(rename = "Seed", rename = "SeedValue")]
    seed: Option<i64>,
}

fn main() {}
