#[derive(tcapi::TencentResponse)]
struct Response(Option<String>, String);

fn main() {}
