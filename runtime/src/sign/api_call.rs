//! [`ApiCall`]: one API 3.0 call to sign, and every header it sends: how it carries its
//! parameters ([`Body`]), how it authenticates ([`Authentication`]) and what it says besides
//! the signature ([`SignOptions`]).

use super::{Credentials, Tc3Request};

/// The content type of an API 3.0 POST request, as the official SDKs send and sign it.
pub const CONTENT_TYPE_JSON: &str = "application/json; charset=utf-8";

/// The content type of an API 3.0 GET request.
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";

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
/// It signs `content-type`, `host` and `x-tc-action`; the official SDKs sign `content-type`
/// and `host` only (tencentcloud-sdk-go `tencentcloud/common/client.go`, `sendWithSignatureV3`, at
/// 144f6c8, 2026-08-21). Signing the action too binds the signature to it.
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
