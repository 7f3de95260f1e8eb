//! The TC3-HMAC-SHA256 signature: the `Authorization` header that carries it, and its check
//! (with `tcapi`'s signer). The legacy signatures are in `legacy`.

use hyper::header::HeaderMap;
use hyper::Method;
use tcapi::sign::Tc3Request;

use crate::error::{api_error, ApiError};
use crate::received;
use crate::request::header;

/// The parsed `Authorization` header.
pub(crate) struct Authorization<'a> {
    pub(crate) secret_id: &'a str,
    pub(crate) date: &'a str,
    pub(crate) service: &'a str,
    pub(crate) signed_headers: Vec<&'a str>,
    pub(crate) signature: &'a str,
}

/// The parts of an `Authorization: TC3-HMAC-SHA256 Credential=...` header; `None` when it
/// is malformed.
pub(crate) fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("TC3-HMAC-SHA256 ")?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part.trim().split_once('=')?;
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed = Some(value),
            "Signature" => signature = Some(value),
            _ => return None,
        }
    }
    let mut scope = credential?.split('/');
    let (secret_id, date, service, terminator) =
        (scope.next()?, scope.next()?, scope.next()?, scope.next()?);
    if terminator != "tc3_request" || scope.next().is_some() {
        return None;
    }
    Some(Authorization {
        secret_id,
        date,
        service,
        signed_headers: signed?.split(';').collect(),
        signature: signature?,
    })
}

/// Whether the TC3-HMAC-SHA256 signature in `authorization` signs this request with
/// `secret_key`; `AuthFailure.SignatureFailure` if not.
pub(crate) fn verify_signature(
    method: &Method,
    uri: &hyper::Uri,
    headers: &HeaderMap,
    body: &[u8],
    authorization: &Authorization<'_>,
    timestamp: i64,
    secret_key: &str,
) -> Result<(), ApiError> {
    let failure = || {
        api_error(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
    };
    let names = &authorization.signed_headers;
    if !names.contains(&"content-type") || !names.contains(&"host") {
        return Err(failure());
    }
    let signed: Vec<(&str, &str)> = names
        .iter()
        .map(|name| (*name, header(headers, name).unwrap_or("")))
        .collect();
    let request = Tc3Request {
        method: method.as_str(),
        canonical_uri: uri.path(),
        canonical_query: uri.query().unwrap_or(""),
        headers: &signed,
        payload: received::signed_payload(headers, body),
        service: authorization.service,
        timestamp,
    };
    if request.date() != authorization.date
        || request.signature(secret_key) != authorization.signature
    {
        return Err(failure());
    }
    Ok(())
}
