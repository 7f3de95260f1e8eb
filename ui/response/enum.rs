#[derive(tcapi::TencentResponse)]
enum Response {
    A,
}

fn main() {}
