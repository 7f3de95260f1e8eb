#[derive(tcapi::TencentResponse)]
struct Response<'a> {
    image: Option<&'a str>,
}

fn main() {}
