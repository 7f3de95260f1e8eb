//! What the server received, for tests to assert, and the rules that depend on the request's
//! headers beyond the signature: routing by `Host`, unsigned payloads and unsigned calls.

use std::collections::{HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use hyper::header::HeaderMap;
use hyper::{Method, Uri};

use crate::error::{api_error, ApiError};
use crate::request::header;
use crate::sync::lock;

/// How many received requests are kept (the oldest are forgotten first), so that a load test
/// does not grow the log without bound.
pub const RECEIVED_LOG_LEN: usize = 256;

/// The `X-TC-Content-SHA256` value of a request whose body is left out of the signature.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The `Authorization` value of an unsigned call.
const SKIP: &str = "SKIP";

/// One request as it arrived: method, request target, `Host` and every header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// `POST` or `GET`.
    pub method: String,
    /// The request target as sent: `/` from a client, `http://cvm.tencentcloudapi.com/`
    /// (absolute form) from a client that went through this server as its HTTP proxy.
    pub target: String,
    /// The `Host` header (empty when missing).
    pub host: String,
    /// Every header, names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
}

impl ReceivedRequest {
    fn new(method: &Method, uri: &Uri, headers: &HeaderMap) -> ReceivedRequest {
        ReceivedRequest {
            method: method.as_str().to_owned(),
            target: uri.to_string(),
            host: header(headers, "host").unwrap_or_default().to_owned(),
            headers: headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect(),
        }
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The `X-TC-Action` header.
    pub fn action(&self) -> Option<&str> {
        self.header("x-tc-action")
    }
}

/// The log of received requests and the actions that accept unsigned calls.
pub(crate) struct Inspection {
    log: Mutex<VecDeque<ReceivedRequest>>,
    unsigned_actions: Mutex<HashSet<(String, String)>>,
}

impl Inspection {
    pub(crate) fn new() -> Inspection {
        // STS `AssumeRoleWithWebIdentity` authenticates by the OIDC token it carries: it is
        // the call that obtains credentials, so it cannot be signed with them.
        let unsigned = [("sts", "AssumeRoleWithWebIdentity")]
            .into_iter()
            .map(|(service, action)| (service.to_owned(), action.to_owned()))
            .collect();
        Inspection {
            log: Mutex::new(VecDeque::with_capacity(RECEIVED_LOG_LEN)),
            unsigned_actions: Mutex::new(unsigned),
        }
    }

    pub(crate) fn record(&self, method: &Method, uri: &Uri, headers: &HeaderMap) {
        let mut log = lock(&self.log);
        if log.len() == RECEIVED_LOG_LEN {
            log.pop_front();
        }
        log.push_back(ReceivedRequest::new(method, uri, headers));
    }

    pub(crate) fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    pub(crate) fn accept_unsigned(&self, service: &str, action: &str) {
        lock(&self.unsigned_actions).insert((service.to_owned(), action.to_owned()));
    }

    /// The service of an unsigned call (`Authorization: SKIP`), from its `Host`, if its
    /// action accepts unsigned calls; `AuthFailure` otherwise, as Tencent Cloud answers.
    pub(crate) fn unsigned_service(
        &self,
        headers: &HeaderMap,
        action: &str,
    ) -> Result<String, ApiError> {
        let refused = || {
            api_error(
                "AuthFailure.InvalidAuthorization",
                format!("The action `{action}` requires a TC3-HMAC-SHA256 signature; `Authorization: SKIP` is accepted only by actions that authenticate by their parameters."),
            )
        };
        let service = host_service(headers).ok_or_else(refused)?;
        let accepted = lock(&self.unsigned_actions).contains(&(service.clone(), action.to_owned()));
        if accepted {
            Ok(service)
        } else {
            Err(refused())
        }
    }
}

/// Whether the request says it is unsigned: `Authorization: SKIP`.
pub(crate) fn is_unsigned(headers: &HeaderMap) -> bool {
    header(headers, "authorization") == Some(SKIP)
}

/// The service a `Host` names (`cvm` for `cvm.tencentcloudapi.com`, `cvm.ai.example.com`...);
/// `None` for an IP address or `localhost`, which name no service.
pub(crate) fn host_service(headers: &HeaderMap) -> Option<String> {
    let host = header(headers, "host")?;
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.parse::<IpAddr>().is_ok() || name.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let (service, _) = name.split_once('.')?;
    Some(service.to_ascii_lowercase())
}

/// Tencent Cloud routes by `Host`: a request signed for one service but sent to another's
/// host is refused. Requests to an IP address (a test's `http://127.0.0.1:port`) name no
/// service and pass.
pub(crate) fn check_host(headers: &HeaderMap, signed_service: &str) -> Result<(), ApiError> {
    match host_service(headers) {
        Some(service) if service != signed_service => Err(api_error(
            "AuthFailure.SignatureFailure",
            format!("The request is signed for service `{signed_service}` but was sent to the endpoint of `{service}`."),
        )),
        _ => Ok(()),
    }
}

/// The payload the signature covers: the body, or the `UNSIGNED-PAYLOAD` marker itself when
/// `X-TC-Content-SHA256` says so (the official SDKs hash the marker in place of the body).
pub(crate) fn signed_payload<'a>(headers: &HeaderMap, body: &'a [u8]) -> &'a [u8] {
    if header(headers, "x-tc-content-sha256") == Some(UNSIGNED_PAYLOAD) {
        UNSIGNED_PAYLOAD.as_bytes()
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", host.parse().unwrap());
        headers
    }

    #[test]
    fn services_come_from_host_names_only() {
        let service = |host| host_service(&with_host(host));
        assert_eq!(service("cvm.tencentcloudapi.com").as_deref(), Some("cvm"));
        assert_eq!(
            service("cls.ai.tencentcloudapi.com:8443").as_deref(),
            Some("cls")
        );
        assert_eq!(service("127.0.0.1:8080"), None);
        assert_eq!(service("[::1]:8080"), None);
        assert_eq!(service("localhost:1"), None);
        assert!(check_host(&with_host("cvm.tencentcloudapi.com"), "cbs").is_err());
        assert!(check_host(&with_host("127.0.0.1:1"), "cbs").is_ok());
    }
}
