//! Response decoding (issue 3): the derive against the floor (plain serde on
//! `{"Response": T}`, no error detection), the official SDKs' two-pass approach and the
//! `serde_json::Value` approach, on the largest recorded success bodies and on error bodies.
//!
//! `cargo bench -p tcapi-tests --bench decode -- --warm-up-time 1 --measurement-time 3`

use std::borrow::Cow;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tcapi::{ApiError, Decoded, Error, ErrorCode, TencentResponse};
use tcapi_tests::Wrapper;

/// The floor: plain serde structs of the same shape as the generated ones (see `sdk.rs`).
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

/// The official SDKs: probe for `Response.Error`, then decode the whole body again.
fn two_pass<T: DeserializeOwned, C: ErrorCode>(bytes: &[u8]) -> Result<T, Error<C>> {
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct Probe {
        Response: ProbeInner,
    }
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct ProbeInner {
        Error: Option<ErrorBody>,
        RequestId: Option<String>,
    }
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct ErrorBody {
        Code: String,
        Message: Option<String>,
    }
    let probe: Probe =
        serde_json::from_slice(bytes).map_err(|_| Error::Http(tcapi::HttpError::new(0, b"")))?;
    if let Some(e) = probe.Response.Error {
        return Err(Error::Api(ApiError::new(
            C::parse(&e.Code),
            e.Message.unwrap_or_default(),
            probe.Response.RequestId.unwrap_or_default(),
        )));
    }
    let full: Wrapper<T> =
        serde_json::from_slice(bytes).map_err(|_| Error::Http(tcapi::HttpError::new(0, b"")))?;
    Ok(full.Response)
}

/// The community crates: parse to `Value`, look for `Error`, then `from_value`.
fn via_value<T: DeserializeOwned, C: ErrorCode>(bytes: &[u8]) -> Result<T, Error<C>> {
    let bad = |_| Error::Http(tcapi::HttpError::new(0, b""));
    let mut v: Value = serde_json::from_slice(bytes).map_err(bad)?;
    let mut response = v.get_mut("Response").map(Value::take).unwrap_or_default();
    if let Some(e) = response.get("Error") {
        return Err(Error::Api(ApiError::new(
            C::parse(e["Code"].as_str().unwrap_or_default()),
            e["Message"].as_str().unwrap_or_default(),
            response["RequestId"].as_str().unwrap_or_default(),
        )));
    }
    let _ = response.get_mut("RequestId");
    serde_json::from_value(response).map_err(bad)
}

/// The floor for error bodies: plain serde into the error envelope's strings, without the
/// code lookup or any detection logic.
fn floor_error(bytes: &[u8]) -> (String, String, String) {
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct Envelope {
        Response: Inner,
    }
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct Inner {
        Error: ErrorBody,
        RequestId: String,
    }
    #[derive(Deserialize)]
    #[allow(non_snake_case)]
    struct ErrorBody {
        Code: String,
        Message: String,
    }
    let e: Envelope = serde_json::from_slice(bytes).unwrap();
    (
        e.Response.Error.Code,
        e.Response.Error.Message,
        e.Response.RequestId,
    )
}

/// Response types of the products whose error bodies are measured: each error body is decoded
/// as its own product's SDK would, with that product's code enum (common codes included).
/// Only error bodies go through them, so their data fields are never read.
#[allow(dead_code)]
mod products {
    use serde::Deserialize;

    #[tcapi::error_codes(product = "ame")]
    pub enum AmeCode {}

    #[tcapi::error_codes(product = "cpdp")]
    pub enum CpdpCode {}

    #[tcapi::error_codes(product = "tiw")]
    pub enum TiwCode {}

    #[derive(Deserialize, tcapi::TencentResponse)]
    #[tencent(codes = AmeCode)]
    pub struct DescribeMusicResponse {
        #[serde(rename = "Music")]
        pub music: Option<serde_json::Value>,
        #[serde(rename = "RequestId")]
        pub request_id: Option<String>,
    }

    #[derive(Deserialize, tcapi::TencentResponse)]
    #[tencent(codes = CpdpCode)]
    pub struct RechargeByThirdPayResponse {
        #[serde(rename = "Result")]
        pub result: Option<serde_json::Value>,
        #[serde(rename = "RequestId")]
        pub request_id: Option<String>,
    }

    #[derive(Deserialize, tcapi::TencentResponse)]
    #[tencent(codes = TiwCode)]
    pub struct DescribeWhiteboardPushResponse {
        #[serde(rename = "Backup")]
        pub backup: Option<String>,
        #[serde(rename = "RequestId")]
        pub request_id: Option<String>,
    }
}

/// The error envelope's strings, borrowed from the bytes where they have no escapes.
#[derive(Deserialize)]
#[allow(non_snake_case)]
struct BorrowedEnvelope<'a> {
    #[serde(borrow)]
    Response: BorrowedInner<'a>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct BorrowedInner<'a> {
    #[serde(borrow)]
    Error: BorrowedError<'a>,
    #[serde(borrow)]
    RequestId: Cow<'a, str>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct BorrowedError<'a> {
    #[serde(borrow)]
    Code: Cow<'a, str>,
    #[serde(borrow)]
    Message: Cow<'a, str>,
}

/// The least any serde_json decoder can do to read an error body: `Code`, `Message` and
/// `RequestId` borrowed from the bytes, no allocation, no code lookup.
fn floor_error_borrowed(bytes: &[u8]) -> usize {
    let e: BorrowedEnvelope<'_> = serde_json::from_slice(bytes).unwrap();
    e.Response.Error.Code.len() + e.Response.Error.Message.len() + e.Response.RequestId.len()
}

/// The least a decoder returning an *owned* typed error can do: the borrowed read, the code
/// lookup, and one allocation holding the message and the request id. No envelope checks.
fn floor_error_owned<C: ErrorCode>(bytes: &[u8]) -> (C, String) {
    let e: BorrowedEnvelope<'_> = serde_json::from_slice(bytes).unwrap();
    let (message, request_id) = (&e.Response.Error.Message, &e.Response.RequestId);
    let mut text = String::with_capacity(message.len() + request_id.len());
    text.push_str(message);
    text.push_str(request_id);
    (C::parse(&e.Response.Error.Code), text)
}

fn floor<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice::<Wrapper<T>>(bytes).map(|w| w.Response)
}

/// `T`, the generated type, against `F`, plain serde on a struct of the same shape (the floor,
/// and what the two-pass and `Value` approaches decode into).
fn success<T, F>(c: &mut Criterion, name: &str, path: &str)
where
    T: TencentResponse,
    F: DeserializeOwned,
{
    let body = fixture(path);
    assert!(T::from_slice(&body).is_ok() && floor::<F>(&body).is_ok());
    let mut g = c.benchmark_group(format!("success/{name}"));
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("floor", |b| {
        b.iter(|| floor::<F>(black_box(&body)).unwrap())
    });
    g.bench_function("derive", |b| {
        b.iter(|| T::from_slice(black_box(&body)).ok().unwrap())
    });
    // The floor measured a second time: how much two runs of the same code differ here.
    g.bench_function("floor_again", |b| {
        b.iter(|| floor::<F>(black_box(&body)).unwrap())
    });
    g.bench_function("decode", |b| {
        b.iter(|| {
            Decoded::<F, T::Code>::from_slice(black_box(&body))
                .ok()
                .unwrap()
        })
    });
    g.bench_function("two_pass", |b| {
        b.iter(|| two_pass::<F, T::Code>(black_box(&body)).ok().unwrap())
    });
    g.bench_function("value", |b| {
        b.iter(|| via_value::<F, T::Code>(black_box(&body)).ok().unwrap())
    });
    g.finish();
}

fn error<T>(c: &mut Criterion, name: &str, path: &str)
where
    T: TencentResponse + DeserializeOwned,
{
    let body = fixture(path);
    assert!(
        matches!(T::from_slice(&body), Err(Error::Api(e)) if e.code().is_known()),
        "{name}: an API error with a code of the product's table"
    );
    let mut g = c.benchmark_group(format!("error/{name}"));
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("floor", |b| {
        b.iter(|| floor::<T>(black_box(&body)).unwrap())
    });
    g.bench_function("floor_error", |b| b.iter(|| floor_error(black_box(&body))));
    g.bench_function("floor_error_borrowed", |b| {
        b.iter(|| floor_error_borrowed(black_box(&body)))
    });
    g.bench_function("floor_error_owned", |b| {
        b.iter(|| floor_error_owned::<T::Code>(black_box(&body)))
    });
    g.bench_function("derive", |b| {
        b.iter(|| T::from_slice(black_box(&body)).err().unwrap())
    });
    g.bench_function("two_pass", |b| {
        b.iter(|| two_pass::<T, T::Code>(black_box(&body)).err().unwrap())
    });
    g.bench_function("value", |b| {
        b.iter(|| via_value::<T, T::Code>(black_box(&body)).err().unwrap())
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    success::<
        tcapi_lke::v20231130::DescribeAppAgentListResponse,
        floor::lke::DescribeAppAgentListResponse,
    >(
        c,
        "lke-DescribeAppAgentList-39KB",
        "seed-examples/lke/DescribeAppAgentList__1.json",
    );
    success::<
        tcapi_billing::v20180709::DescribeAllocationMonthOverviewResponse,
        floor::billing::DescribeAllocationMonthOverviewResponse,
    >(
        c,
        "billing-DescribeAllocationMonthOverview-21KB",
        "seed-examples/billing/DescribeAllocationMonthOverview__1.json",
    );
    success::<
        tcapi_billing::v20180709::DescribeAllocateConditionsResponse,
        floor::billing::DescribeAllocateConditionsResponse,
    >(
        c,
        "billing-DescribeAllocateConditions-20KB",
        "seed-examples/billing/DescribeAllocateConditions__1.json",
    );
    success::<
        tcapi_billing::v20180709::DescribeAllocationBillConditionsResponse,
        floor::billing::DescribeAllocationBillConditionsResponse,
    >(
        c,
        "billing-DescribeAllocationBillConditions-14KB",
        "seed-examples/billing/DescribeAllocationBillConditions__1.json",
    );
    success::<
        tcapi_lke::v20231130::DescribeWorkflowRunResponse,
        floor::lke::DescribeWorkflowRunResponse,
    >(
        c,
        "lke-DescribeWorkflowRun-14KB",
        "seed-examples/lke/DescribeWorkflowRun__1.json",
    );
    success::<
        tcapi_cdwpg::v20201230::DescribeInstancesResponse,
        floor::cdwpg::DescribeInstancesResponse,
    >(
        c,
        "cdwpg-DescribeInstances",
        "seed-examples/cdwpg/DescribeInstances__1.json",
    );
    success::<tcapi_aiart::v20221229::TextToImageLiteResponse, floor::aiart::TextToImageLiteResponse>(
        c,
        "aiart-TextToImageLite-small",
        "seed-examples/aiart/TextToImageLite__1.json",
    );

    // Error bodies, each decoded by a response type of its own product: the derive parses the
    // code into that product's enum.
    error::<products::DescribeMusicResponse>(
        c,
        "ame-ResourceNotFound-208B",
        "error-examples/ame-v20190916__DescribeMusic__2.json",
    );
    error::<products::RechargeByThirdPayResponse>(
        c,
        "cpdp-FailedOperation.PABankError-415B",
        "error-examples/cpdp-v20190820__RechargeByThirdPay__2.json",
    );
    error::<products::DescribeWhiteboardPushResponse>(
        c,
        "tiw-FailedOperation.WhiteboardPush-410B",
        "error-examples/tiw-v20190919__DescribeWhiteboardPush__2.json",
    );
}

criterion_group!(decode, benches);
criterion_main!(decode);
