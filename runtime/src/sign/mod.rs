//! TC3-HMAC-SHA256 signing, the scheme of Tencent Cloud API 3.0 ("Signature v3"), and the
//! credentials it signs with.
//!
//! Two levels:
//! - [`Tc3Request`], the bare signer, for SDK crates that build their own HTTP requests: give it
//!   the method, URI, query, the headers to sign, the payload, the service and the timestamp, and
//!   it returns the `Authorization` header value (and, for tests and debugging, every
//!   intermediate step: [`canonical_request`](Tc3Request::canonical_request),
//!   [`string_to_sign`](Tc3Request::string_to_sign), [`signature`](Tc3Request::signature)).
//! - [`ApiCall`], one API 3.0 call: it produces every header the official SDKs send
//!   (`Authorization`, `Content-Type`, `Host`, `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp`,
//!   `X-TC-Region`, `X-TC-Token`, `X-TC-Language`), for a POST with a JSON body or a GET with a
//!   query string.
//!
//! ```
//! let body = r#"{"Limit": 1}"#;
//! let authorization: String = tcapi::sign::Tc3Request {
//!     method: "POST",
//!     canonical_uri: "/",
//!     canonical_query: "",
//!     headers: &[("content-type", "application/json; charset=utf-8"), ("host", "cvm.tencentcloudapi.com")],
//!     payload: body.as_bytes(),
//!     service: "cvm",
//!     timestamp: 1551113065,
//! }
//! .authorization("AKIDEXAMPLE", "secret-key");
//! assert!(authorization.starts_with(
//!     "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature="
//! ));
//! ```
//!
//! The scheme, step by step (every step is a method of [`Tc3Request`]):
//! 1. canonical request: `METHOD\nURI\nQUERY\n` + one `name:value\n` line per signed header
//!    (names and values lowercased and trimmed, sorted by name) + `\n` + the signed header
//!    names joined by `;` + `\n` + hex(SHA-256(payload));
//! 2. string to sign: `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n` +
//!    hex(SHA-256(canonical request)), where `<date>` is the UTC date of the timestamp;
//! 3. signing key: HMAC-SHA256 chained over `"TC3" + SecretKey`, the date, the service and
//!    `tc3_request`; signature: hex(HMAC-SHA256(signing key, string to sign)).
//!
//! [`Tc3Request`] and the scheme's steps are in `tc3`, [`ApiCall`] and what it sends besides
//! the signature in `api_call`, [`Credentials`] and the provider trait in `credentials`.

mod api_call;
mod credentials;
mod tc3;

pub use api_call::{
    ApiCall, Authentication, Body, SignOptions, CONTENT_TYPE_FORM, CONTENT_TYPE_JSON,
    REQUEST_CLIENT, SKIP_SIGNATURE, UNSIGNED_PAYLOAD,
};
pub use credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, CredentialsSource,
    ProvideCredentials,
};
pub use tc3::{Tc3Request, ALGORITHM};

#[cfg(test)]
mod tests;
