#[derive(tcapi::TencentResponse)]
#[tencent(codez = AiartCode)]
struct Response {
    #[tencent(rename = "Seed", rename = "Other")]
    seed: Option<i64>,
    error: Option<String>,
}

fn main() {}
