use std::collections::HashMap;

#[derive(tcapi::TencentResponse)]
struct Response {
    #[tencent(flatten)]
    a: HashMap<String, i64>,
    #[tencent(flatten)]
    b: HashMap<String, i64>,
}

fn main() {}
