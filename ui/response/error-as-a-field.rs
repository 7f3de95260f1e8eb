#[derive(tcapi::TencentResponse)]
struct Response {
    error: Option<String>,
}

fn main() {}
