//! Test support for the `tcapi` workspace.
//!
//! [`models`] holds response types for every action of the six seed products that has a
//! recorded example body, generated from `fixtures/apispec/` by `tests/models_generated.rs`
//! (`TCAPI_BLESS=1 cargo test -p tcapi-tests --test models_generated` rewrites them). Each
//! response type derives both `serde::Deserialize` and `tcapi::TencentResponse`, so tests and
//! benchmarks can compare the derive with plain serde on the same struct.
#![forbid(unsafe_code)]

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use tcapi::TencentResponse;

#[rustfmt::skip] // generated
pub mod models;

/// `{"Response": T}` decoded by plain serde: the floor of the benchmarks, with no error
/// detection at all.
#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
pub struct Wrapper<T> {
    /// The `Response` object.
    pub Response: T,
}

/// What [`compare`] found for one body.
#[derive(Debug)]
pub struct Compared {
    /// `Debug` of the value `#[derive(TencentResponse)]` decoded.
    pub derived: String,
    /// `Debug` of the value plain serde decoded from `{"Response": T}`.
    pub serde: String,
    /// `Debug` of the value `tcapi::decode` decoded through `T`'s serde implementation.
    pub decoded: String,
    /// The request id the derive reported.
    pub request_id: Option<String>,
}

/// Decodes `body` with the derive and with plain serde.
pub fn compare<T: TencentResponse + DeserializeOwned + Debug>(
    body: &[u8],
) -> Result<Compared, String> {
    let derived = T::from_slice(body).map_err(|e| format!("derive: {e}"))?;
    let decoded =
        tcapi::Decoded::<T, T::Code>::from_slice(body).map_err(|e| format!("decode: {e}"))?;
    if decoded.request_id() != derived.request_id() {
        return Err(format!("decode: request id {:?}", decoded.request_id()));
    }
    let plain: Wrapper<T> = serde_json::from_slice(body).map_err(|e| format!("serde: {e}"))?;
    Ok(Compared {
        derived: format!("{derived:?}"),
        serde: format!("{:?}", plain.Response),
        decoded: format!("{:?}", decoded.data()),
        request_id: derived.request_id().map(str::to_owned),
    })
}

/// Says on the terminal what a UI suite is about to do. trybuild first builds `tcapi` and its
/// dependencies once more in `target/tests/trybuild`, with cargo's output hidden: after a change
/// that takes a minute or more, which would otherwise look like a hang. Written to stderr
/// directly because the test harness captures `eprintln!`.
pub fn announce_ui_suite(name: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr().lock(),
        "{name}: trybuild compiles each case against tcapi (after a change to tcapi, it first \
         rebuilds tcapi and its dependencies in target/tests/trybuild: a minute or more)"
    );
}
