//! The legacy signatures of API 3.0, `HmacSHA1` and `HmacSHA256`, which the official SDKs still
//! offer (`signMethod`). Every parameter, the common ones included, travels in the query of a
//! GET or in the form-encoded body of a POST, and the signature is
//! `base64(HMAC(SecretKey, METHOD + host + path + "?" + pairs))`: the `name=value` pairs
//! unescaped, sorted by name, joined with `&`, `Signature` left out, and `_` in a name written
//! as `.` (as the official SDKs write it).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use hyper::header::HeaderMap;
use hyper::{Method, Uri};
use serde_json::Value;

use crate::calls::Caller;
use crate::engine::{Answered, Routed, State};
use crate::error::{api_error, missing, ApiError};
use crate::fault::Fault;
use crate::products::services_serving;
use crate::registry::Registry;
use crate::request::header;
use crate::{form, received};

// The parameters every legacy request carries beside the action's own, which are not handed
// on to the action (`RequestClient` names the SDK; TC3 sends it as `X-TC-RequestClient`).
use tcapi_catalog::COMMON_PARAMETERS;

/// The HMAC of a legacy signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignatureMethod {
    HmacSha1,
    HmacSha256,
}

impl SignatureMethod {
    /// The method `SignatureMethod` names; `HmacSHA1` when it is left out, as the service
    /// reads it.
    fn parse(name: Option<&str>) -> Result<SignatureMethod, ApiError> {
        match name {
            None | Some("HmacSHA1") => Ok(SignatureMethod::HmacSha1),
            Some("HmacSHA256") => Ok(SignatureMethod::HmacSha256),
            Some(other) => Err(api_error(
                "InvalidParameterValue",
                format!("The SignatureMethod `{other}` is not supported: use HmacSHA1, HmacSHA256, or a TC3-HMAC-SHA256 `Authorization` header."),
            )),
        }
    }

    /// Whether `signature` (base64) is this HMAC of `text` under `secret_key`.
    fn verifies(self, secret_key: &str, text: &str, signature: &str) -> bool {
        fn verify<M: Mac + hmac::digest::KeyInit>(key: &str, text: &str, expected: &[u8]) -> bool {
            let Ok(mut mac) = <M as Mac>::new_from_slice(key.as_bytes()) else {
                return false;
            };
            mac.update(text.as_bytes());
            mac.verify_slice(expected).is_ok()
        }
        let Ok(expected) = BASE64.decode(signature) else {
            return false;
        };
        match self {
            SignatureMethod::HmacSha1 => verify::<Hmac<sha1::Sha1>>(secret_key, text, &expected),
            SignatureMethod::HmacSha256 => {
                verify::<Hmac<sha2::Sha256>>(secret_key, text, &expected)
            }
        }
    }
}

/// The decoded parameters of a request that carries no `X-TC-Action` header: the query of a
/// GET, the form body of a POST (its query when the body is empty).
pub(crate) fn request_parameters(method: &Method, uri: &Uri, body: &[u8]) -> Vec<(String, String)> {
    let query = uri.query().unwrap_or("").as_bytes();
    if *method == Method::GET || body.is_empty() {
        form::pairs(query)
    } else {
        form::pairs(body)
    }
}

/// The action a request names: its `X-TC-Action` header, or else its `Action` parameter.
pub(crate) fn action_of(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> String {
    if let Some(action) = header(headers, "x-tc-action") {
        return action.to_owned();
    }
    request_parameters(method, uri, body)
        .into_iter()
        .find(|(name, _)| name == "Action")
        .map(|(_, action)| action)
        .unwrap_or_default()
}

/// The text a legacy signature signs.
fn string_to_sign(method: &Method, host: &str, path: &str, pairs: &[(String, String)]) -> String {
    let mut signed: Vec<(String, &str)> = pairs
        .iter()
        .filter(|(name, _)| name != "Signature")
        .map(|(name, value)| (name.replace('_', "."), value.as_str()))
        .collect();
    signed.sort_unstable();
    let joined: Vec<String> = signed
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!("{method}{host}{path}?{}", joined.join("&"))
}

/// Authenticates a request signed with `HmacSHA1` or `HmacSHA256` and answers it as the
/// same request signed with TC3 would be answered.
pub(crate) fn process(
    state: &State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    fault: Option<Fault>,
) -> Result<Answered, ApiError> {
    let pairs = request_parameters(method, uri, body);
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    };
    let required = |name: &str| get(name).ok_or_else(|| missing(name));
    let action = required("Action")?;
    let version = required("Version")?;
    let timestamp = crate::auth::parse_timestamp(required("Timestamp")?)?;
    required("Nonce")?;
    let secret_id = required("SecretId")?;
    let signature = required("Signature")?;
    let signature_method = SignatureMethod::parse(get("SignatureMethod"))?;
    let service = legacy_service(&state.registry, headers, action, version)?;

    let credentials = state
        .keyring
        .signing_credentials(secret_id, timestamp, state.now())?;
    let host = header(headers, "host")
        .or_else(|| uri.authority().map(|authority| authority.as_str()))
        .unwrap_or("");
    let text = string_to_sign(method, host, uri.path(), &pairs);
    if !signature_method.verifies(&credentials.secret_key, &text, signature) {
        return Err(api_error(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        ));
    }
    credentials.check_token(get("Token"), state.now())?;

    let members = form::unflatten(
        pairs
            .iter()
            .filter(|(name, _)| !COMMON_PARAMETERS.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str(), value.as_str())),
    )?;
    // The answer path reads a JSON body, as a TC3 POST carries it.
    let body = Value::Object(members).to_string();
    let call = Routed {
        method: &Method::POST,
        query: "",
        body: body.as_bytes(),
        service: &service,
        action,
        version,
        caller: Caller {
            secret_id: secret_id.to_owned(),
            region: get("Region").map(str::to_owned),
        },
    };
    state.answer(call, fault)
}

/// The product a legacy request is for: the one its `Host` names, as the service routes;
/// for a host that names none (`127.0.0.1:PORT`), the one product that serves the action
/// at that version, or none (an empty service) for an action a test answers with a
/// handler ([`TestServer::handle`](crate::TestServer::handle)) for any product.
fn legacy_service(
    registry: &Registry,
    headers: &HeaderMap,
    action: &str,
    version: &str,
) -> Result<String, ApiError> {
    if let Some(service) = received::host_service(headers) {
        return Ok(service);
    }
    let send_to_host = "send the request to `<service>.tencentcloudapi.com` (with this server as the HTTP proxy) so that the host names the product";
    // A handler the test registered for the action answers it, whichever product it is.
    if registry.answers_any_product(action) {
        return Ok(String::new());
    }
    match services_serving(action, version).as_slice() {
        [service] => Ok((*service).to_owned()),
        [] => Err(api_error(
            "InvalidAction",
            format!("No product here serves the action `{action}` at version `{version}`; if one should, {send_to_host}."),
        )),
        several => Err(api_error(
            "InvalidAction",
            format!(
                "The action `{action}` of version `{version}` is served by several products ({}): {send_to_host}.",
                several.join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of Tencent's signature documentation; the expected signatures are Python's
    /// `hmac` over the same text, as the official Python SDK computes them.
    #[test]
    fn signatures_match_the_official_sdks() {
        let query = "Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&Version=2017-03-12";
        // Reversed and with the signature: the order received does not matter.
        let mut reversed: Vec<&str> = query.split('&').rev().collect();
        reversed.insert(1, "Signature=x");
        let received = reversed.join("&");
        let pairs = form::pairs(received.as_bytes());
        let text = string_to_sign(&Method::GET, "cvm.tencentcloudapi.com", "/", &pairs);
        assert_eq!(text, format!("GETcvm.tencentcloudapi.com/?{query}"));
        let key = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
        assert!(SignatureMethod::HmacSha1.verifies(key, &text, "phf49X02J2xBdx6otFSYbvFRoy4="));
        assert!(SignatureMethod::HmacSha256.verifies(
            key,
            &text,
            "FPjLhVZeL7smq4vUcNWvN8EU8nCXHVpMUx/mvAKdnM8="
        ));
        assert!(!SignatureMethod::HmacSha256.verifies(key, &text, "phf49X02J2xBdx6otFSYbvFRoy4="));
        assert!(!SignatureMethod::HmacSha1.verifies(key, &text, "not base64!"));
    }

    #[test]
    fn underscores_in_names_are_signed_as_dots() {
        let pairs = vec![("Filter_Name".to_owned(), "a".to_owned())];
        assert_eq!(
            string_to_sign(&Method::POST, "h", "/", &pairs),
            "POSTh/?Filter.Name=a"
        );
    }

    #[test]
    fn unknown_signature_methods_are_refused() {
        assert_eq!(
            SignatureMethod::parse(None).ok(),
            Some(SignatureMethod::HmacSha1)
        );
        let error = SignatureMethod::parse(Some("HmacMD5")).err().unwrap();
        assert_eq!(error.code, "InvalidParameterValue");
    }
}
