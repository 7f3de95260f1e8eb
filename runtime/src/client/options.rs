//! Request options, per client ([`ClientBuilder`](super::ClientBuilder)) and per call
//! ([`Call`](super::Call)): endpoints, the
//! language of error messages, unsigned payloads, unsigned calls, extra headers, the trace id,
//! the request-client suffix; and the connection settings of the client (proxy, pool idle
//! timeout, DNS overrides).
//!
//! A call's option replaces the client's; a call's extra header replaces the client's header
//! of the same name.

use core::fmt;
use core::time::Duration;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::builder::BuildError;
use super::endpoint::{Endpoint, EndpointResolver, ResolvedEndpoint};
use crate::sign::{SignOptions, REQUEST_CLIENT};
use crate::{TransportError, TransportErrorKind};

/// How long a pooled connection may stay idle before the client closes it: below the 60 s
/// after which Tencent Cloud's front ends close it, so that a request never goes out on a
/// connection the server is closing.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// The longest request-client suffix, as the official SDKs allow.
pub const MAX_REQUEST_CLIENT_LEN: usize = 128;

/// Headers the client writes itself: an extra header cannot replace them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "host",
    "x-tc-action",
    "x-tc-version",
    "x-tc-timestamp",
    "x-tc-region",
    "x-tc-token",
    "x-tc-language",
    "x-tc-requestclient",
    "x-tc-content-sha256",
    "x-tc-traceid",
];

/// The options a client gives every call, and its connection settings.
#[derive(Clone)]
pub(crate) struct ClientOptions {
    pub(crate) language: Option<String>,
    pub(super) unsigned_payload: bool,
    pub(super) skip_signing: bool,
    headers: HeaderMap,
    request_client: String,
    pub(super) pool_idle_timeout: Duration,
    proxy: ProxyChoice,
    pub(super) resolve: Vec<(String, SocketAddr)>,
    /// The first invalid option given to the builder, reported by `build`.
    invalid: Option<String>,
}

#[derive(Clone)]
enum ProxyChoice {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (reqwest's default).
    Environment,
    None,
    Url(String),
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            language: None,
            unsigned_payload: false,
            skip_signing: false,
            headers: HeaderMap::new(),
            request_client: REQUEST_CLIENT.to_owned(),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            proxy: ProxyChoice::Environment,
            resolve: Vec::new(),
            invalid: None,
        }
    }
}

impl ClientOptions {
    /// The connection settings on a reqwest builder; fails on the first invalid option.
    pub(crate) fn configure(
        &self,
        http: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        if let Some(problem) = &self.invalid {
            return Err(BuildError(problem.clone()));
        }
        let mut http = http.pool_idle_timeout(self.pool_idle_timeout);
        http = match &self.proxy {
            ProxyChoice::Environment => http,
            ProxyChoice::None => http.no_proxy(),
            ProxyChoice::Url(url) => http.proxy(
                // The URL is left out of the message: it may hold the proxy's password.
                reqwest::Proxy::all(url.as_str())
                    .map_err(|e| BuildError(format!("invalid proxy URL: {e}")))?,
            ),
        };
        for (host, addr) in &self.resolve {
            http = http.resolve(host, *addr);
        }
        Ok(http)
    }

    /// Adds an extra header of every call ([`ClientBuilder::header`]), or notes why it cannot
    /// be sent.
    ///
    /// [`ClientBuilder::header`]: super::ClientBuilder::header
    pub(super) fn add_header(&mut self, name: &str, value: &str) {
        add_header(&mut self.headers, &mut self.invalid, name, value);
    }

    /// Sets the suffix of `X-TC-RequestClient`
    /// ([`ClientBuilder::request_client`](super::ClientBuilder::request_client)), or notes why
    /// it cannot be sent.
    pub(super) fn set_request_client(&mut self, suffix: &str) {
        match check_token("request-client suffix", suffix) {
            Ok(()) => self.request_client = format!("{REQUEST_CLIENT}: {suffix}"),
            Err(problem) => note(&mut self.invalid, problem),
        }
    }

    /// Sends through the proxy at `url` ([`ClientBuilder::proxy`](super::ClientBuilder::proxy)).
    pub(super) fn set_proxy(&mut self, url: &str) {
        self.proxy = ProxyChoice::Url(url.to_owned());
    }

    /// Connects directly ([`ClientBuilder::no_proxy`](super::ClientBuilder::no_proxy)).
    pub(super) fn set_no_proxy(&mut self) {
        self.proxy = ProxyChoice::None;
    }
}

/// The options of one call that replace the client's.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    pub(super) endpoint: Option<Endpoint>,
    pub(super) language: Option<String>,
    pub(super) unsigned_payload: Option<bool>,
    pub(super) skip_signing: Option<bool>,
    headers: HeaderMap,
    trace_id: Option<String>,
    invalid: Option<String>,
}

/// Extra headers may carry a gateway's credentials, and a proxy URL its password: `Debug`
/// shows header names and the kind of proxy only.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match self.proxy {
            ProxyChoice::Environment => "environment",
            ProxyChoice::None => "none",
            ProxyChoice::Url(_) => "explicit",
        };
        f.debug_struct("ClientOptions")
            .field("language", &self.language)
            .field("unsigned_payload", &self.unsigned_payload)
            .field("skip_signing", &self.skip_signing)
            .field("headers", &HeaderNames(&self.headers))
            .field("request_client", &self.request_client)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("proxy", &proxy)
            .field("resolve", &self.resolve)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("endpoint", &self.endpoint)
            .field("language", &self.language)
            .field("unsigned_payload", &self.unsigned_payload)
            .field("skip_signing", &self.skip_signing)
            .field("headers", &HeaderNames(&self.headers))
            .field("trace_id", &self.trace_id)
            .finish_non_exhaustive()
    }
}

/// What one attempt sends, from the client's and the call's options.
pub(crate) struct Effective<'a> {
    pub(crate) language: Option<&'a str>,
    pub(crate) skip_signing: bool,
    pub(crate) sign: SignOptions<'a>,
    trace_id: Option<&'a str>,
    client_headers: &'a HeaderMap,
    call_headers: &'a HeaderMap,
}

impl CallOptions {
    /// The options of an attempt: the call's where it has them, else the client's.
    ///
    /// # Errors
    ///
    /// The first invalid option given to the call, to be reported before anything is sent.
    fn effective<'a>(&'a self, client: &'a ClientOptions) -> Result<Effective<'a>, String> {
        if let Some(problem) = &self.invalid {
            return Err(problem.clone());
        }
        Ok(Effective {
            language: self.language.as_deref().or(client.language.as_deref()),
            skip_signing: self.skip_signing.unwrap_or(client.skip_signing),
            sign: SignOptions {
                unsigned_payload: self.unsigned_payload.unwrap_or(client.unsigned_payload),
                request_client: &client.request_client,
            },
            trace_id: self.trace_id.as_deref(),
            client_headers: &client.headers,
            call_headers: &self.headers,
        })
    }

    /// Adds an extra header of the call ([`Call::header`](super::Call::header)), or notes why
    /// it cannot be sent.
    pub(super) fn add_header(&mut self, name: &str, value: &str) {
        add_header(&mut self.headers, &mut self.invalid, name, value);
    }

    /// Sets the trace id of the call ([`Call::trace_id`](super::Call::trace_id)), or notes why
    /// it cannot be sent.
    pub(super) fn set_trace_id(&mut self, id: &str) {
        match check_token("trace id", id) {
            Ok(()) => self.trace_id = Some(id.to_owned()),
            Err(problem) => note(&mut self.invalid, problem),
        }
    }

    /// Gives the call a fresh trace id unless it has one: all its attempts share it.
    pub(crate) fn ensure_trace_id(&mut self) {
        self.trace_id.get_or_insert_with(new_trace_id);
    }

    /// The call's trace id (empty before [`CallOptions::ensure_trace_id`]).
    pub(crate) fn trace_id(&self) -> &str {
        self.trace_id.as_deref().unwrap_or_default()
    }

    /// The options and the endpoint of every attempt of a call of `action` of `service`.
    ///
    /// # Errors
    ///
    /// An invalid option or endpoint, as an error of kind `Other`: nothing is sent.
    pub(crate) fn prepare<'a>(
        &'a self,
        client: &'a ClientOptions,
        endpoints: &EndpointResolver,
        service: &str,
        action: &str,
        region: Option<&str>,
    ) -> Result<(Effective<'a>, ResolvedEndpoint), TransportError> {
        let invalid = |problem: String| TransportError::new(TransportErrorKind::Other, problem);
        let options = self.effective(client).map_err(invalid)?;
        let target = endpoints
            .resolve(self.endpoint.as_ref(), service, action, region)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok((options, target))
    }
}

impl Effective<'_> {
    /// The extra headers and the trace id on `request`, the call's headers replacing the
    /// client's of the same name.
    pub(crate) fn extra_headers(
        &self,
        request: reqwest::RequestBuilder,
    ) -> reqwest::RequestBuilder {
        let mut headers = self.client_headers.clone();
        for (name, value) in self.call_headers {
            headers.insert(name, value.clone());
        }
        let request = request.headers(headers);
        match self.trace_id {
            Some(id) => request.header("X-TC-TraceId", id),
            None => request,
        }
    }
}

/// A fresh trace id shaped like a UUID v4, as the Python and Node.js SDKs send when the caller
/// gives none: unique enough to find one call in Tencent Cloud's logs.
fn new_trace_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let high = hasher.finish();
    hasher.write_u64(high);
    let low = hasher.finish();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xfff,
        0x8000 | ((low >> 48) & 0x3fff),
        low & 0xffff_ffff_ffff
    )
}

/// The extra header `name: value`, if valid and not one the client writes itself.
fn extra_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("invalid header name `{name}`"))?;
    if RESERVED_HEADERS.contains(&header_name.as_str()) {
        return Err(format!(
            "the header `{name}` is written by the client and cannot be set as an extra header"
        ));
    }
    let header_value = HeaderValue::from_str(value).map_err(|_| {
        format!("invalid value for header `{name}`: control characters or non-visible bytes")
    })?;
    Ok((header_name, header_value))
}

/// Adds the extra header `name: value` to `headers`, or notes why it cannot be sent.
fn add_header(headers: &mut HeaderMap, invalid: &mut Option<String>, name: &str, value: &str) {
    match extra_header(name, value) {
        Ok((name, value)) => {
            headers.insert(name, value);
        }
        Err(problem) => note(invalid, problem),
    }
}

/// Keeps the first invalid option: the one reported.
fn note(invalid: &mut Option<String>, problem: String) {
    invalid.get_or_insert(problem);
}

/// A trace id or request-client suffix must be short and plain (letters, digits and
/// `-_ ,;.`, as the Go SDK requires of the suffix): it goes in a header and in Tencent Cloud's
/// logs.
fn check_token(what: &str, value: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_ ,;.".contains(c);
    if value.is_empty() || value.len() > MAX_REQUEST_CLIENT_LEN || !value.chars().all(allowed) {
        return Err(format!(
            "invalid {what} `{value}`: expected 1 to {MAX_REQUEST_CLIENT_LEN} characters among letters, digits and `-_ ,;.`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_malformed_headers_are_refused() {
        assert!(extra_header("X-TC-Canary", "1").is_ok());
        for reserved in ["Authorization", "x-tc-token", "X-TC-TraceId", "Host"] {
            let problem = extra_header(reserved, "x").unwrap_err();
            assert!(problem.contains("written by the client"), "{problem}");
        }
        assert!(extra_header("bad name", "x")
            .unwrap_err()
            .contains("invalid header name"));
        assert!(extra_header("X-Ok", "a\nb")
            .unwrap_err()
            .contains("invalid value"));
    }

    #[test]
    fn debug_shows_header_names_and_proxy_kinds_only() {
        let mut options = ClientOptions {
            proxy: ProxyChoice::Url("http://user:proxy-password@proxy:3128".to_owned()),
            ..ClientOptions::default()
        };
        add_header(
            &mut options.headers,
            &mut options.invalid,
            "X-Gateway-Key",
            "gateway-secret",
        );
        let mut call = CallOptions::default();
        add_header(
            &mut call.headers,
            &mut call.invalid,
            "X-Gateway-Key",
            "gateway-secret",
        );
        let shown = format!("{options:?} {call:?}");
        assert!(shown.contains("x-gateway-key"), "{shown}");
        assert!(shown.contains("explicit"), "{shown}");
        for secret in ["gateway-secret", "proxy-password"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn trace_ids_are_fresh_and_uuid_shaped() {
        let (a, b) = (new_trace_id(), new_trace_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }

    #[test]
    fn request_client_suffixes_are_checked() {
        assert!(check_token("x", "my-app 1.2; build.7").is_ok());
        assert!(check_token("x", "").is_err());
        assert!(check_token("x", "a/b").is_err());
        assert!(check_token("x", &"a".repeat(129)).is_err());
    }

    #[test]
    fn a_call_option_replaces_the_client_one() {
        let mut client = ClientOptions {
            language: Some("zh-CN".to_owned()),
            unsigned_payload: true,
            ..ClientOptions::default()
        };
        let (name, value) = extra_header("X-Shared", "client").unwrap();
        client.headers.insert(name, value);
        let mut call = CallOptions {
            language: Some("en-US".to_owned()),
            ..CallOptions::default()
        };
        let (name, value) = extra_header("X-Shared", "call").unwrap();
        call.headers.insert(name, value);
        let effective = call.effective(&client).unwrap();
        assert_eq!(effective.language, Some("en-US"));
        assert!(effective.sign.unsigned_payload);
        assert!(!effective.skip_signing);
        let request = effective
            .extra_headers(reqwest::Client::new().post("http://127.0.0.1:9/"))
            .build()
            .unwrap();
        assert_eq!(request.headers()["x-shared"], "call");
        call.invalid = Some("bad".to_owned());
        assert!(call.effective(&client).is_err());
    }
}
