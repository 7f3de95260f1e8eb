//! The generated SDK against its floor: responses decoded by the generated types (lean
//! expansion, lenient scalars, error envelope) against plain serde on structs of the same
//! shape (`floor/`, written by the same generator, see `the_benchmark_floor_is_what_the_generator_gives`);
//! requests serialized by the generated types against the same plain structs.
//!
//! `cargo bench -p tcapi-tests --bench sdk -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tcapi::TencentResponse;
use tcapi_tests::Wrapper;

mod floor {
    #[rustfmt::skip] // generated: the drift test keeps it byte for byte
    #[path = "aiart.rs"]
    pub mod aiart;
    #[rustfmt::skip] // generated: the drift test keeps it byte for byte
    #[path = "billing.rs"]
    pub mod billing;
    #[rustfmt::skip] // generated: the drift test keeps it byte for byte
    #[path = "cdwpg.rs"]
    pub mod cdwpg;
    #[rustfmt::skip] // generated: the drift test keeps it byte for byte
    #[path = "cvm.rs"]
    pub mod cvm;
    #[rustfmt::skip] // generated: the drift test keeps it byte for byte
    #[path = "lke.rs"]
    pub mod lke;
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(path),
    )
    .unwrap()
}

fn decode<Generated: TencentResponse, Floor: DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    path: &str,
) {
    let body = fixture(path);
    assert!(Generated::from_slice(&body).is_ok(), "{name}");
    assert!(
        serde_json::from_slice::<Wrapper<Floor>>(&body).is_ok(),
        "{name}"
    );
    let mut g = c.benchmark_group(format!("sdk-decode/{name}"));
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("floor", |b| {
        b.iter(|| serde_json::from_slice::<Wrapper<Floor>>(black_box(&body)).unwrap())
    });
    g.bench_function("generated", |b| {
        b.iter(|| Generated::from_slice(black_box(&body)).ok().unwrap())
    });
    g.bench_function("floor_again", |b| {
        b.iter(|| serde_json::from_slice::<Wrapper<Floor>>(black_box(&body)).unwrap())
    });
    g.finish();
}

/// The request as the generated type and as the floor's, from the same JSON.
fn serialize<Generated, Floor>(c: &mut Criterion, name: &str, json: &str)
where
    Generated: Serialize + DeserializeOwned,
    Floor: Serialize + DeserializeOwned,
{
    let generated: Generated = serde_json::from_str(json).unwrap();
    let floor: Floor = serde_json::from_str(json).unwrap();
    let bytes = serde_json::to_vec(&generated).unwrap();
    assert_eq!(bytes, serde_json::to_vec(&floor).unwrap(), "{name}");
    let mut g = c.benchmark_group(format!("sdk-serialize/{name}"));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("floor", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor)).unwrap())
    });
    g.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).unwrap())
    });
    g.bench_function("floor_again", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor)).unwrap())
    });
    g.finish();
}

const DESCRIBE_INSTANCES: &str = r#"{"InstanceIds":["ins-1","ins-2"],"Filters":[{"Name":"zone","Values":["ap-guangzhou-3","ap-guangzhou-4"]},{"Name":"instance-charge-type","Values":["PREPAID"]}],"Offset":0,"Limit":100}"#;

const RUN_INSTANCES: &str = r#"{"InstanceChargeType":"POSTPAID_BY_HOUR","Placement":{"Zone":"ap-guangzhou-3","ProjectId":0},"InstanceType":"S5.MEDIUM4","ImageId":"img-pmqg1cw7","SystemDisk":{"DiskType":"CLOUD_PREMIUM","DiskSize":50},"DataDisks":[{"DiskType":"CLOUD_PREMIUM","DiskSize":100},{"DiskType":"CLOUD_SSD","DiskSize":200}],"VirtualPrivateCloud":{"VpcId":"vpc-1","SubnetId":"subnet-1"},"InternetAccessible":{"InternetChargeType":"TRAFFIC_POSTPAID_BY_HOUR","InternetMaxBandwidthOut":10,"PublicIpAssigned":true},"InstanceCount":2,"InstanceName":"web","LoginSettings":{"KeyIds":["skey-1"]},"SecurityGroupIds":["sg-1","sg-2"],"ClientToken":"token-1","TagSpecification":[{"ResourceType":"instance","Tags":[{"Key":"env","Value":"prod"}]}]}"#;

/// The bodies decoded, as `(name, fixture, generated type, floor type)`: handed to `$apply`
/// (after `$arg`s), so that the timed benchmark and the instruction count read one list.
macro_rules! bodies {
    ($apply:ident $(, $arg:expr)*) => {
        $apply!($($arg,)* "lke-DescribeAppAgentList-39KB", "seed-examples/lke/DescribeAppAgentList__1.json", tcapi_lke::v20231130::DescribeAppAgentListResponse, floor::lke::DescribeAppAgentListResponse);
        $apply!($($arg,)* "billing-DescribeAllocationMonthOverview-21KB", "seed-examples/billing/DescribeAllocationMonthOverview__1.json", tcapi_billing::v20180709::DescribeAllocationMonthOverviewResponse, floor::billing::DescribeAllocationMonthOverviewResponse);
        $apply!($($arg,)* "billing-DescribeAllocateConditions-20KB", "seed-examples/billing/DescribeAllocateConditions__1.json", tcapi_billing::v20180709::DescribeAllocateConditionsResponse, floor::billing::DescribeAllocateConditionsResponse);
        $apply!($($arg,)* "billing-DescribeAllocationBillConditions-14KB", "seed-examples/billing/DescribeAllocationBillConditions__1.json", tcapi_billing::v20180709::DescribeAllocationBillConditionsResponse, floor::billing::DescribeAllocationBillConditionsResponse);
        $apply!($($arg,)* "lke-DescribeWorkflowRun-14KB", "seed-examples/lke/DescribeWorkflowRun__1.json", tcapi_lke::v20231130::DescribeWorkflowRunResponse, floor::lke::DescribeWorkflowRunResponse);
        $apply!($($arg,)* "cdwpg-DescribeInstances", "seed-examples/cdwpg/DescribeInstances__1.json", tcapi_cdwpg::v20201230::DescribeInstancesResponse, floor::cdwpg::DescribeInstancesResponse);
        $apply!($($arg,)* "aiart-TextToImageLite-small", "seed-examples/aiart/TextToImageLite__1.json", tcapi_aiart::v20221229::TextToImageLiteResponse, floor::aiart::TextToImageLiteResponse);
    };
}

macro_rules! bench_decode {
    ($c:expr, $name:expr, $path:expr, $generated:ty, $floor:ty) => {
        decode::<$generated, $floor>($c, $name, $path)
    };
}

fn benches(c: &mut Criterion) {
    bodies!(bench_decode, c);
    serialize::<tcapi_cvm::v20170312::DescribeInstancesRequest, floor::cvm::DescribeInstancesRequest>(
        c,
        "cvm-DescribeInstances",
        DESCRIBE_INSTANCES,
    );
    serialize::<tcapi_cvm::v20170312::RunInstancesRequest, floor::cvm::RunInstancesRequest>(
        c,
        "cvm-RunInstances",
        RUN_INSTANCES,
    );
}

/// Decodes one body `times` times, with the generated type or the floor's (`which`).
fn repeat<Generated: TencentResponse, Floor: DeserializeOwned>(
    path: &str,
    which: &str,
    times: usize,
) {
    let body = fixture(path);
    for _ in 0..times {
        match which {
            "generated" => {
                black_box(Generated::from_slice(black_box(&body)).ok().unwrap());
            }
            _ => {
                black_box(serde_json::from_slice::<Wrapper<Floor>>(black_box(&body)).unwrap());
            }
        }
    }
}

macro_rules! count_one {
    ($wanted:expr, $name:expr, $path:expr, $generated:ty, $floor:ty) => {
        match $wanted {
            ["list"] => println!("{}", $name),
            [name, which, times] if *name == $name => {
                repeat::<$generated, $floor>($path, which, times.parse().unwrap());
            }
            _ => {}
        }
    };
}

criterion_group!(sdk, benches);

/// The benchmark; or, with `TCAPI_COUNT_DECODES="<body> <generated|floor> <times>"`, only that
/// many decodes of one body (`list` names the bodies), for an instruction count under
/// `valgrind --tool=callgrind` that the load of the machine does not change
/// (`scripts/decode-instructions.sh`).
fn main() {
    if let Ok(wanted) = std::env::var("TCAPI_COUNT_DECODES") {
        let wanted: Vec<&str> = wanted.split_whitespace().collect();
        bodies!(count_one, wanted.as_slice());
        return;
    }
    sdk();
    Criterion::default().configure_from_args().final_summary();
}
