//! Test support for the `tcapi` workspace: decoding one body several ways ([`compare`]). The
//! response types under test are the generated SDK crates' (the tests' dev-dependencies on
//! `sdk/`), whose `serde` feature gives them `Deserialize` and `Serialize` beside the derive, so
//! tests and benchmarks can compare the derive with plain serde on the same struct.
#![forbid(unsafe_code)]

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tcapi::TencentResponse;

// The README is tcapi's crate documentation, but its first example needs a generated crate,
// which tcapi cannot depend on (tcapi-cvm depends on tcapi): its examples are compiled here
// too, against the dev-dependencies, with the cfg (from build.rs) that turns that one on.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// `{"Response": T}` decoded by plain serde: the floor of the benchmarks, with no error
/// detection at all.
#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
pub struct Wrapper<T> {
    /// The `Response` object.
    pub Response: T,
}

/// What [`compare`] found for one body: each decoded value serialized back to JSON.
#[derive(Debug)]
pub struct Compared {
    /// The value `#[derive(TencentResponse)]` decoded.
    pub derived: Value,
    /// The value plain serde decoded from `{"Response": T}`.
    pub serde: Value,
    /// The value `tcapi::decode` decoded through `T`'s serde implementation.
    pub decoded: Value,
    /// The request id the derive reported.
    pub request_id: Option<String>,
}

/// Decodes `body` with the derive and with plain serde.
pub fn compare<T: TencentResponse + DeserializeOwned + Serialize>(
    body: &[u8],
) -> Result<Compared, String> {
    let derived = T::from_slice(body).map_err(|e| format!("derive: {e}"))?;
    let decoded =
        tcapi::Decoded::<T, T::Code>::from_slice(body).map_err(|e| format!("decode: {e}"))?;
    if decoded.request_id() != derived.request_id() {
        return Err(format!("decode: request id {:?}", decoded.request_id()));
    }
    let plain: Wrapper<T> = serde_json::from_slice(body).map_err(|e| format!("serde: {e}"))?;
    let json = |value: &T| serde_json::to_value(value).map_err(|e| format!("serialize: {e}"));
    Ok(Compared {
        derived: json(&derived)?,
        serde: json(&plain.Response)?,
        decoded: json(decoded.data())?,
        request_id: derived.request_id().map(str::to_owned),
    })
}
