//! [`Tc3Request`], the bare TC3-HMAC-SHA256 signer, and the scheme's steps: canonical request,
//! string to sign, signing key and signature.

use core::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::clock::utc_date;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

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
pub(super) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
