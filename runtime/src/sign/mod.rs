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

mod credentials;

pub use credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, CredentialsSource,
    ProvideCredentials,
};

use core::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::clock::utc_date;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The content type of an API 3.0 POST request, as the official SDKs send and sign it.
pub const CONTENT_TYPE_JSON: &str = "application/json; charset=utf-8";

/// The content type of an API 3.0 GET request.
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";

/// One request to sign with TC3-HMAC-SHA256: the bare signer.
///
/// Every field is what goes on the wire; nothing is encoded or rewritten except that header
/// names and values are lowercased and trimmed, as the scheme requires.
///
/// ```
/// use tcapi::sign::Tc3Request;
/// let request = Tc3Request {
///     method: "GET",
///     canonical_uri: "/",
///     canonical_query: "Limit=10&Offset=0",
///     headers: &[("content-type", "application/x-www-form-urlencoded"), ("host", "cvm.tencentcloudapi.com")],
///     payload: b"",
///     service: "cvm",
///     timestamp: 1551113065,
/// };
/// assert_eq!(request.credential_scope(), "2019-02-25/cvm/tc3_request");
/// assert!(request.canonical_request().starts_with("GET\n/\nLimit=10&Offset=0\n"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tc3Request<'a> {
    /// The HTTP method: `"POST"` or `"GET"`.
    pub method: &'a str,
    /// The path, `"/"` for API 3.0.
    pub canonical_uri: &'a str,
    /// The query string after `?`, URL-encoded as sent (RFC 3986); `""` for POST.
    pub canonical_query: &'a str,
    /// The headers to sign, at least `content-type` and `host`. Order does not matter.
    pub headers: &'a [(&'a str, &'a str)],
    /// The request body as sent; empty for GET.
    pub payload: &'a [u8],
    /// The service, first label of the endpoint host (`"cvm"` for `cvm.tencentcloudapi.com`).
    pub service: &'a str,
    /// Seconds since the Unix epoch, sent as `X-TC-Timestamp`; its UTC date is in the scope.
    pub timestamp: i64,
}

impl Tc3Request<'_> {
    /// The UTC date of [`timestamp`](Self::timestamp) as `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        utc_date(self.timestamp)
    }

    /// `<date>/<service>/tc3_request`, the credential scope.
    pub fn credential_scope(&self) -> String {
        format!("{}/{}/tc3_request", self.date(), self.service)
    }

    fn sorted_headers(&self) -> Vec<(String, String)> {
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.trim().to_ascii_lowercase(),
                    value.trim().to_ascii_lowercase(),
                )
            })
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        headers
    }

    /// The signed header names, lowercased, sorted and joined by `;` (`content-type;host`).
    pub fn signed_headers(&self) -> String {
        let names: Vec<String> = self
            .sorted_headers()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        names.join(";")
    }

    /// The canonical request (step 1 of the scheme).
    pub fn canonical_request(&self) -> String {
        let headers = self.sorted_headers();
        let mut out = String::with_capacity(256);
        out.push_str(self.method);
        out.push('\n');
        out.push_str(self.canonical_uri);
        out.push('\n');
        out.push_str(self.canonical_query);
        out.push('\n');
        for (name, value) in &headers {
            out.push_str(name);
            out.push(':');
            out.push_str(value);
            out.push('\n');
        }
        out.push('\n');
        for (i, (name, _)) in headers.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(name);
        }
        out.push('\n');
        out.push_str(&hex(&Sha256::digest(self.payload)));
        out
    }

    /// The string to sign (step 2 of the scheme).
    pub fn string_to_sign(&self) -> String {
        format!(
            "{ALGORITHM}\n{}\n{}\n{}",
            self.timestamp,
            self.credential_scope(),
            hex(&Sha256::digest(self.canonical_request().as_bytes()))
        )
    }

    /// The signature, 64 lowercase hex digits (step 3 of the scheme).
    pub fn signature(&self, secret_key: &str) -> String {
        let mut key = Vec::with_capacity(3 + secret_key.len());
        key.extend_from_slice(b"TC3");
        key.extend_from_slice(secret_key.as_bytes());
        let secret_date = hmac_sha256(&key, self.date().as_bytes());
        let secret_service = hmac_sha256(&secret_date, self.service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        hex(&hmac_sha256(
            &secret_signing,
            self.string_to_sign().as_bytes(),
        ))
    }

    /// The `Authorization` header value:
    /// `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
    pub fn authorization(&self, secret_id: &str, secret_key: &str) -> String {
        format!(
            "{ALGORITHM} Credential={secret_id}/{}, SignedHeaders={}, Signature={}",
            self.credential_scope(),
            self.signed_headers(),
            self.signature(secret_key)
        )
    }
}

/// How an API 3.0 call carries its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body<'a> {
    /// POST with a JSON body (`Content-Type: application/json; charset=utf-8`), what the
    /// official SDKs send by default.
    Json(&'a [u8]),
    /// GET with the parameters in the query string, URL-encoded as sent, without the `?`
    /// (`Content-Type: application/x-www-form-urlencoded`). The query is limited to 32 KB.
    Query(&'a str),
}

/// One API 3.0 call to sign: produces every header the request needs.
///
/// It signs `content-type`, `host` and `x-tc-action`, as the current official SDKs do.
///
/// ```
/// use tcapi::sign::{ApiCall, Body, Credentials};
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret-key");
/// let call = ApiCall {
///     host: "cvm.tencentcloudapi.com",
///     service: "cvm",
///     version: "2017-03-12",
///     action: "DescribeInstances",
///     region: Some("ap-guangzhou"),
///     language: None,
///     timestamp: 1551113065,
///     body: Body::Json(br#"{"Limit":1}"#),
/// };
/// let headers = call.headers(&credentials);
/// assert!(headers.iter().any(|(name, value)| *name == "X-TC-Action" && value == "DescribeInstances"));
/// assert!(headers.iter().any(|(name, _)| *name == "Authorization"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiCall<'a> {
    /// The endpoint host, with the port when it is not the scheme's default
    /// (`cvm.tencentcloudapi.com`, `127.0.0.1:8080`): the `Host` header.
    pub host: &'a str,
    /// The service (`cvm`), in the credential scope.
    pub service: &'a str,
    /// The API version (`2017-03-12`): `X-TC-Version`.
    pub version: &'a str,
    /// The action (`DescribeInstances`): `X-TC-Action`.
    pub action: &'a str,
    /// The region (`ap-guangzhou`): `X-TC-Region`, omitted for services without regions.
    pub region: Option<&'a str>,
    /// The language of error messages (`zh-CN` or `en-US`): `X-TC-Language`.
    pub language: Option<&'a str>,
    /// Seconds since the Unix epoch: `X-TC-Timestamp`.
    pub timestamp: i64,
    /// The parameters.
    pub body: Body<'a>,
}

impl ApiCall<'_> {
    /// The headers of the signed request, `Authorization` first, then `Content-Type`, `Host`
    /// and the `X-TC-*` headers. The token of temporary credentials goes in `X-TC-Token`.
    pub fn headers(&self, credentials: &Credentials) -> Vec<(&'static str, String)> {
        self.headers_with(Authentication::Sign(credentials), &SignOptions::default())
    }

    /// The headers of the request, authenticated as `authentication` says and with
    /// `options`: [`ApiCall::headers`] is `headers_with(Authentication::Sign(credentials),
    /// &SignOptions::default())`.
    ///
    /// ```
    /// use tcapi::sign::{ApiCall, Authentication, Body, SignOptions, UNSIGNED_PAYLOAD};
    /// let call = ApiCall {
    ///     host: "sts.tencentcloudapi.com",
    ///     service: "sts",
    ///     version: "2018-08-13",
    ///     action: "AssumeRoleWithWebIdentity",
    ///     region: Some("ap-guangzhou"),
    ///     language: None,
    ///     timestamp: 1551113065,
    ///     body: Body::Json(b"{}"),
    /// };
    /// let options = SignOptions { unsigned_payload: true, ..SignOptions::default() };
    /// let headers = call.headers_with(Authentication::Skip { token: None }, &options);
    /// let get = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
    /// assert_eq!(get("Authorization"), Some("SKIP"));
    /// assert_eq!(get("X-TC-Content-SHA256"), Some(UNSIGNED_PAYLOAD));
    /// ```
    pub fn headers_with(
        &self,
        authentication: Authentication<'_>,
        options: &SignOptions<'_>,
    ) -> Vec<(&'static str, String)> {
        let (method, query, payload, content_type) = match self.body {
            Body::Json(payload) => ("POST", "", payload, CONTENT_TYPE_JSON),
            Body::Query(query) => ("GET", query, &b""[..], CONTENT_TYPE_FORM),
        };
        // An unsigned payload is signed as if the body were the marker itself, as every
        // official SDK does (Go `sha256hex("UNSIGNED-PAYLOAD")`, Python the same): the server
        // checks the hash of the marker instead of the body's.
        let payload = if options.unsigned_payload {
            UNSIGNED_PAYLOAD.as_bytes()
        } else {
            payload
        };
        let signed = [
            ("content-type", content_type),
            ("host", self.host),
            ("x-tc-action", self.action),
        ];
        let (authorization, token) = match authentication {
            Authentication::Sign(credentials) => (
                Tc3Request {
                    method,
                    canonical_uri: "/",
                    canonical_query: query,
                    headers: &signed,
                    payload,
                    service: self.service,
                    timestamp: self.timestamp,
                }
                .authorization(credentials.secret_id(), credentials.secret_key()),
                credentials.token(),
            ),
            Authentication::Skip { token } => (SKIP_SIGNATURE.to_owned(), token),
        };
        let mut headers = vec![
            ("Authorization", authorization),
            ("Content-Type", content_type.to_owned()),
            ("Host", self.host.to_owned()),
            ("X-TC-Action", self.action.to_owned()),
            ("X-TC-Version", self.version.to_owned()),
            ("X-TC-Timestamp", self.timestamp.to_string()),
        ];
        if let Some(region) = self.region {
            headers.push(("X-TC-Region", region.to_owned()));
        }
        if let Some(token) = token {
            headers.push(("X-TC-Token", token.to_owned()));
        }
        if let Some(language) = self.language {
            headers.push(("X-TC-Language", language.to_owned()));
        }
        if options.unsigned_payload {
            headers.push(("X-TC-Content-SHA256", UNSIGNED_PAYLOAD.to_owned()));
        }
        headers.push(("X-TC-RequestClient", options.request_client.to_owned()));
        headers
    }
}

/// The `X-TC-Content-SHA256` value of a request whose body is not covered by the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The `Authorization` value of a request sent without a signature.
pub const SKIP_SIGNATURE: &str = "SKIP";

/// The `X-TC-RequestClient` value of this crate's requests (`tcapi-rust/<version>`).
pub const REQUEST_CLIENT: &str = concat!("tcapi-rust/", env!("CARGO_PKG_VERSION"));

/// How an [`ApiCall`] proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authentication<'a> {
    /// Signed with TC3-HMAC-SHA256; the token of temporary credentials goes in `X-TC-Token`.
    Sign(&'a Credentials),
    /// `Authorization: SKIP`, no signature: only the few actions that authenticate by their
    /// parameters accept it (STS `AssumeRoleWithWebIdentity`, which carries an OIDC token).
    /// A `token`, if any, still goes in `X-TC-Token`.
    Skip {
        /// The `X-TC-Token` to send, if any.
        token: Option<&'a str>,
    },
}

/// What an [`ApiCall`] says about its body and its client, besides the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignOptions<'a> {
    /// Leave the body out of the signature: `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, and the
    /// hash of that marker in place of the body's. For large bodies the signer would
    /// otherwise hash twice; the body is then protected by TLS only.
    pub unsigned_payload: bool,
    /// The `X-TC-RequestClient` value ([`REQUEST_CLIENT`] by default).
    pub request_client: &'a str,
}

impl Default for SignOptions<'_> {
    /// The body signed, [`REQUEST_CLIENT`].
    fn default() -> Self {
        SignOptions {
            unsigned_payload: false,
            request_client: REQUEST_CLIENT,
        }
    }
}

/// HMAC-SHA256 of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length (long keys are hashed first), so this never fails.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests;
