#[derive(serde::Deserialize)]
struct Placement {
    zone: Option<String>,
}

#[derive(tcapi::TencentResponse)]
struct Response {
    placement: Option<Placement>,
    request_id: String,
}

fn main() {}
