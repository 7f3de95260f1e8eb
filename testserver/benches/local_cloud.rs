//! The local cloud's costs: loading one product's catalog (its first use), checking a request
//! against its input object, a whole signed call over loopback, and the binary's start-up
//! until it prints its endpoint.
//!
//! `cargo bench -p tcapi-testserver --bench local_cloud -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{Map, Value};
use tcapi_testserver::catalog::Catalog;
use tcapi_testserver::TestServer;

const CVM: &str = "2017-03-12";

/// The first published example request of a cvm action, which the server accepts.
fn example(action: &str) -> Map<String, Value> {
    let product = Catalog::global().product("cvm", CVM).unwrap();
    let spec = product.action(action).unwrap();
    let Some(Value::Object(request)) = spec.examples()[0].request.clone() else {
        panic!("{action}: the example is not an object")
    };
    product.check(spec, &request).unwrap();
    request
}

fn load(c: &mut Criterion) {
    let catalog = Catalog::global();
    c.bench_function("catalog: load cvm 2017-03-12", |b| {
        b.iter(|| black_box(catalog.parse("cvm", CVM).unwrap()))
    });
    c.bench_function("catalog: route cvm DescribeInstances (loaded)", |b| {
        b.iter(|| black_box(catalog.route("cvm", CVM, "DescribeInstances").unwrap()).1)
    });
}

fn check(c: &mut Criterion) {
    let product = Catalog::global().product("cvm", CVM).unwrap();
    for action in ["DescribeInstances", "RunInstances"] {
        let request = example(action);
        let spec = product.action(action).unwrap();
        c.bench_function(&format!("check: cvm {action} example"), |b| {
            b.iter(|| product.check(spec, black_box(&request)).unwrap())
        });
    }
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, client) = runtime.block_on(async {
        let server = TestServer::start().await.unwrap();
        let client = tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        (server, client)
    });
    let request = example("DescribeInstances");
    c.bench_function("call: cvm DescribeInstances over loopback", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let answer: tcapi::Decoded<Value> = client
                    .call("cvm", CVM, "DescribeInstances", &request)
                    .await
                    .unwrap();
                black_box(answer)
            })
        })
    });
    drop(server);
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("binary");
    group.sample_size(10);
    group.bench_function("start-up until the endpoint is printed", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                let mut child = Command::new(env!("CARGO_BIN_EXE_tcapi-testserver"))
                    .args(["--port", "0", "--for", "5"])
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut line = String::new();
                BufReader::new(child.stdout.take().unwrap())
                    .read_line(&mut line)
                    .unwrap();
                total += started.elapsed();
                assert!(line.starts_with("endpoint:"), "{line}");
                child.kill().unwrap();
                child.wait().unwrap();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, load, check, call, startup);
criterion_main!(benches);
