//! [`ClientBuilder`]: every setting of a client, checked once by [`ClientBuilder::build`]; the
//! [`RetryEvent`] its retry hook receives; and the [`BuildError`] it may return.

use core::fmt;
use core::time::Duration;
use std::net::SocketAddr;
use std::sync::Arc;

use super::endpoint::{Endpoint, EndpointResolver, Scheme};
use super::handle::{Client, Inner};
use super::options::ClientOptions;
use crate::clock::ClockSkew;
use crate::retry::{RetryAction, RetryPolicy};
use crate::sign::ProvideCredentials;
use crate::RetryHint;

/// A failed retry, reported to the hook of [`ClientBuilder::on_retry`] before the delay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryEvent {
    /// The API action of the call (`DescribeInstances`).
    pub action: String,
    /// The number of the attempt that failed, 1 for the first.
    pub attempt: u32,
    /// The hint of the error.
    pub hint: RetryHint,
    /// The API error code, when the service answered with one.
    pub code: Option<String>,
    /// What is done before the next attempt.
    pub retry: RetryAction,
    /// The delay before the next attempt.
    pub delay: Duration,
    /// The error, as `Display` prints it (it never contains secrets).
    pub error: String,
}

/// The hook of [`ClientBuilder::on_retry`], shared by the clones of a client.
pub(super) type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// Configures and builds a [`Client`]; start with [`Client::builder`].
pub struct ClientBuilder {
    provider: Arc<dyn ProvideCredentials>,
    region: Option<String>,
    endpoints: EndpointResolver,
    options: ClientOptions,
    policy: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    max_body: usize,
    clock_offset: i64,
    on_retry: Option<RetryHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("endpoints", &self.endpoints)
            .field("policy", &self.policy)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The settings of [`Client::builder`]: the defaults, with `provider` and `region`.
    pub(super) fn new(provider: Arc<dyn ProvideCredentials>, region: String) -> ClientBuilder {
        ClientBuilder {
            provider,
            region: Some(region).filter(|region| !region.is_empty()),
            endpoints: EndpointResolver::default(),
            options: ClientOptions::default(),
            policy: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            clock_offset: 0,
            on_retry: None,
        }
    }

    /// The endpoint URL for every service, instead of `https://<service>.tencentcloudapi.com`.
    /// `{service}` and `{region}` in it are replaced by the call's service and region
    /// (`https://{service}.{region}.tencentcloudapi.com` for regional endpoints,
    /// `http://127.0.0.1:8080` for a local test server). See also
    /// [`ClientBuilder::root_domain`], [`ClientBuilder::international`] and
    /// [`ClientBuilder::action_endpoint`].
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoints.set_default(Endpoint::url(endpoint));
        self
    }

    /// The region (`ap-guangzhou`), sent as `X-TC-Region`; `None` for services without
    /// regions.
    #[must_use]
    pub fn region(mut self, region: Option<String>) -> Self {
        self.region = region.filter(|region| !region.is_empty());
        self
    }

    /// The language of error messages, `zh-CN` or `en-US` (`X-TC-Language`); a call can
    /// choose its own ([`Call::language`]).
    ///
    /// [`Call::language`]: super::Call::language
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.options.language = Some(language.into());
        self
    }

    /// The retry policy of every call (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The time limit of one attempt, from sending the request to the end of the response
    /// body (default 60 s, as the official SDKs).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit to establish a connection (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body read, in bytes (default 32 MiB); a larger one is a
    /// [`TransportErrorKind::BodyTooLarge`] error.
    ///
    /// [`TransportErrorKind::BodyTooLarge`]: crate::TransportErrorKind::BodyTooLarge
    #[must_use]
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The initial clock offset in seconds (server minus local), if known; the client learns
    /// it by itself from the first `AuthFailure.SignatureExpire`.
    #[must_use]
    pub fn clock_offset(mut self, seconds: i64) -> Self {
        self.clock_offset = seconds;
        self
    }

    /// A function called on every retry, before its delay: for logs and metrics.
    #[must_use]
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// Every call goes to `<service>.<root>` instead of `<service>.tencentcloudapi.com`: the
    /// root domain of a private or dedicated cloud, or [`INTERNAL_ROOT_DOMAIN`] from inside a
    /// VPC.
    ///
    /// [`INTERNAL_ROOT_DOMAIN`]: super::INTERNAL_ROOT_DOMAIN
    #[must_use]
    pub fn root_domain(mut self, root: &str) -> Self {
        self.endpoints.set_default(Endpoint::root_domain(root));
        self
    }

    /// Every call goes to the international site, `<service>.intl.tencentcloudapi.com`.
    #[must_use]
    pub fn international(mut self) -> Self {
        self.endpoints.set_default(Endpoint::international());
        self
    }

    /// Calls of `action` of `service` go to `endpoint` (unless the call chooses its own):
    /// `.action_endpoint("cls", "ChatCompletions", Endpoint::ai())`.
    #[must_use]
    pub fn action_endpoint(
        mut self,
        service: impl Into<String>,
        action: impl Into<String>,
        endpoint: impl Into<Endpoint>,
    ) -> Self {
        self.endpoints
            .set_action(service.into(), action.into(), endpoint.into());
        self
    }

    /// The scheme of root-domain endpoints (default HTTPS; the official SDKs'
    /// `HttpProfile.Scheme`).
    #[must_use]
    pub fn scheme(mut self, scheme: Scheme) -> Self {
        self.endpoints.set_scheme(scheme);
        self
    }

    /// Leave request bodies out of the signature (`X-TC-Content-SHA256: UNSIGNED-PAYLOAD`):
    /// saves hashing large bodies; TLS still protects them.
    #[must_use]
    pub fn unsigned_payload(mut self, unsigned: bool) -> Self {
        self.options.unsigned_payload = unsigned;
        self
    }

    /// Send every call unsigned (`Authorization: SKIP`) and without asking the credentials
    /// provider, for a client that only calls actions that authenticate by their parameters
    /// (STS `AssumeRoleWithWebIdentity`). Any other action answers `AuthFailure`.
    #[must_use]
    pub fn skip_signing(mut self, skip: bool) -> Self {
        self.options.skip_signing = skip;
        self
    }

    /// An extra header on every call (`X-TC-Canary`, a gateway's routing header). The headers
    /// the client writes itself (`Authorization`, `Host`, `Content-Type` and the `X-TC-*` of
    /// the protocol) cannot be replaced: [`ClientBuilder::build`] refuses them, as it does
    /// invalid names and values.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.options.add_header(name, value);
        self
    }

    /// A suffix naming the application in `X-TC-RequestClient`
    /// (`tcapi-rust/<version>: <suffix>`): letters, digits and `-_ ,;.`, at most 128.
    #[must_use]
    pub fn request_client(mut self, suffix: &str) -> Self {
        self.options.set_request_client(suffix);
        self
    }

    /// Send through this HTTP(S) proxy (`http://proxy.internal:3128`), instead of the one
    /// named by `HTTPS_PROXY`, `HTTP_PROXY` or `ALL_PROXY` (honouring `NO_PROXY`), which is
    /// the default.
    #[must_use]
    pub fn proxy(mut self, url: &str) -> Self {
        self.options.set_proxy(url);
        self
    }

    /// Connect directly, ignoring the proxy environment variables.
    #[must_use]
    pub fn no_proxy(mut self) -> Self {
        self.options.set_no_proxy();
        self
    }

    /// How long an idle pooled connection is kept (default
    /// [`DEFAULT_POOL_IDLE_TIMEOUT`], 50 s). Keep it below the server's 60 s: a request
    /// written on a connection the server is closing fails after it was sent, and a request
    /// that is not idempotent cannot then be retried safely.
    ///
    /// [`DEFAULT_POOL_IDLE_TIMEOUT`]: super::DEFAULT_POOL_IDLE_TIMEOUT
    #[must_use]
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.options.pool_idle_timeout = timeout;
        self
    }

    /// Connect to `addr` for `host` instead of asking DNS (a port of 0 keeps the scheme's
    /// port): for a test server that answers for `cvm.tencentcloudapi.com` on loopback, or a
    /// pinned address.
    #[must_use]
    pub fn resolve(mut self, host: &str, addr: SocketAddr) -> Self {
        self.options.resolve.push((host.to_owned(), addr));
        self
    }
    /// Builds the client.
    ///
    /// # Errors
    ///
    /// When an endpoint is not a valid `http` or `https` URL, an option is invalid (an extra
    /// header, the request-client suffix, the proxy), or the HTTP client cannot be
    /// initialised.
    pub fn build(self) -> Result<Client, BuildError> {
        self.endpoints
            .validate()
            .map_err(|e| BuildError(e.to_string()))?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(crate::sign::REQUEST_CLIENT);
        let http = self
            .options
            .configure(http)?
            .build()
            .map_err(|e| BuildError(format!("cannot initialise the HTTP client: {e}")))?;
        let clock = ClockSkew::new();
        clock.set_offset_secs(self.clock_offset);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                provider: self.provider,
                region: self.region,
                endpoints: self.endpoints,
                options: self.options,
                policy: self.policy,
                timeout: self.timeout,
                max_body: self.max_body,
                clock,
                on_retry: self.on_retry,
            }),
        })
    }
}

/// The client could not be built: [`ClientBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub(super) String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::DEFAULT_ENDPOINT;
    use crate::sign::Credentials;

    #[test]
    fn endpoints() {
        let expand = |template: &str, service, region| {
            let resolved = Endpoint::url(template).resolve(service, region).unwrap();
            resolved.url().as_str().trim_end_matches('/').to_owned()
        };
        assert_eq!(
            expand(
                "https://{service}.{region}.tencentcloudapi.com",
                "cvm",
                Some("ap-guangzhou")
            ),
            "https://cvm.ap-guangzhou.tencentcloudapi.com"
        );
        assert_eq!(
            expand(DEFAULT_ENDPOINT, "cvm", None),
            "https://cvm.tencentcloudapi.com"
        );
        let credentials = Credentials::new("AKIDEXAMPLE", "secret-key-never-shown");
        for bad in ["not a url", "ftp://example.com", "http://", ""] {
            let error = Client::builder(credentials.clone(), "ap-guangzhou")
                .endpoint(bad)
                .build()
                .unwrap_err();
            assert!(error.to_string().contains("invalid endpoint"), "{error}");
        }
        let client = Client::builder(credentials, "")
            .endpoint("https://{service}.{region}.tencentcloudapi.com")
            .clock_offset(-5)
            .build()
            .unwrap();
        assert_eq!(client.region(), None);
        assert_eq!(client.clock_offset(), -5);
        let shown = format!("{client:?}");
        assert!(!shown.contains("secret-key-never-shown"), "{shown}");
    }
}
