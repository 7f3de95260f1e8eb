#[derive(tcapi::Model)]
#[tencent(codes = tcapi::CommonCode)]
struct Placement {
    zone: Option<String>,
    #[tencent(request_id)]
    id: Option<String>,
}

fn main() {}
