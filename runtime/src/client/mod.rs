//! An HTTP client for Tencent Cloud API 3.0 (feature `client`): signs with TC3-HMAC-SHA256,
//! decodes into a [`TencentResponse`] type, and retries what the [`RetryHint`]s allow.
//!
//! ```no_run
//! # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
//! use tcapi::client::Client;
//! use tcapi::sign::Credentials;
//!
//! #[derive(Debug, serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Balance { balance: Option<i64> }
//!
//! let client = Client::new(Credentials::from_env()?, "ap-guangzhou");
//! let balance: tcapi::Decoded<Balance> = client
//!     .call("billing", "2018-07-09", "DescribeAccountBalance", &serde_json::json!({}))
//!     .await?;
//! println!("{balance:?}");
//! # Ok(()) }
//! ```
//!
//! Every call:
//! 1. serializes the request to JSON and signs it (`Authorization`, `X-TC-*` headers) with the
//!    provider's credentials and a timestamp corrected by the clock offset learned so far;
//! 2. POSTs it to `https://<service>.tencentcloudapi.com` (or the endpoint chosen for the
//!    call, its action or the client: [`EndpointResolver`]) under the configured timeouts,
//!    with the options of the client and the call ([`ClientBuilder::header`],
//!    [`Call::trace_id`], ...; see `CLIENT.md` for how they compare with the official SDKs);
//! 3. reads at most [`ClientBuilder::max_response_body`] bytes; an HTTP status other than 200
//!    is an [`Error::Http`] with the status and an excerpt of the body;
//! 4. decodes the body with [`TencentResponse::from_slice`];
//! 5. on failure, decides as [`retry::execute`] does, in the same loop, from the error's hint
//!    and the call's idempotency (see [`crate::retry`] for the rules): back off and resend,
//!    sign again with the server's clock (`AuthFailure.SignatureExpire`), refresh the
//!    credentials once (`AuthFailure.TokenFailure`), or return the error.
//!
//! Whether a call is idempotent decides whether `Transient` failures are retried; see
//! [`Call::idempotent`].

use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;
use std::sync::Arc;

use serde::Serialize;

use crate::clock::{parse_http_date, unix_now, ClockSkew};
use crate::error_chain::WithCauses;
use crate::retry::{
    self, Attempt, Idempotency, PlannedRetry, RetryAction, RetryPolicy, StopReason,
};
use crate::sign::{
    ApiCall, Authentication, Body, Credentials, CredentialsError, ProvideCredentials,
};
use crate::{
    Action, Error, ErrorCode, HttpError, RetryHint, TencentResponse, TransportError,
    TransportErrorKind,
};

mod endpoint;
mod options;
mod trace;

pub use endpoint::{
    Endpoint, EndpointResolver, InvalidEndpoint, ResolvedEndpoint, Scheme, AI_ROOT_DOMAIN,
    DEFAULT_ROOT_DOMAIN, INTERNAL_ROOT_DOMAIN, INTERNATIONAL_ROOT_DOMAIN,
};
pub use options::{DEFAULT_POOL_IDLE_TIMEOUT, MAX_REQUEST_CLIENT_LEN};

pub mod stream;
pub use stream::{ChunkStream, StreamEnd, StreamError, StreamErrorKind, StreamOptions};

/// The default endpoint as a template; `{service}` is replaced by the service name
/// ([`Endpoint::default`]).
pub const DEFAULT_ENDPOINT: &str = "https://{service}.tencentcloudapi.com";

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

type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// Configures and builds a [`Client`]; start with [`Client::builder`].
pub struct ClientBuilder {
    provider: Arc<dyn ProvideCredentials>,
    region: Option<String>,
    endpoints: EndpointResolver,
    options: options::ClientOptions,
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
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// A Tencent Cloud API 3.0 client. Cheap to clone (the clones share connections and the
/// learned clock offset).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    provider: Arc<dyn ProvideCredentials>,
    region: Option<String>,
    endpoints: EndpointResolver,
    options: options::ClientOptions,
    policy: RetryPolicy,
    timeout: Duration,
    max_body: usize,
    clock: ClockSkew,
    on_retry: Option<RetryHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("endpoints", &self.inner.endpoints)
            .field("policy", &self.inner.policy)
            .field("clock_offset", &self.inner.clock.offset_secs())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the default settings for `region`.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be initialised, like `reqwest::Client::new`; use
    /// [`Client::builder`] to get that as an error.
    pub fn new(
        credentials: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> Client {
        match Client::builder(credentials, region).build() {
            Ok(client) => client,
            Err(e) => panic!("tcapi::client::Client::new: {e}"),
        }
    }

    /// A builder for a client with `credentials` (or any [`ProvideCredentials`]) for `region`.
    pub fn builder(
        credentials: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> ClientBuilder {
        let region: String = region.into();
        ClientBuilder {
            provider: Arc::new(credentials),
            region: Some(region).filter(|region| !region.is_empty()),
            endpoints: EndpointResolver::default(),
            options: options::ClientOptions::default(),
            policy: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            clock_offset: 0,
            on_retry: None,
        }
    }

    /// Calls `action` of `service` at `version` with `request` serialized as the JSON body,
    /// and decodes the answer into `Resp`; retries as the policy and the call's idempotency
    /// allow (see [`Call::idempotent`] for how idempotency is decided by default).
    ///
    /// # Errors
    ///
    /// The last attempt's [`Error`]: an API error, an HTTP status other than 200, a body that
    /// is not a valid envelope, or a transport failure.
    pub async fn call<Req, Resp>(
        &self,
        service: &str,
        version: &str,
        action: &str,
        request: &Req,
    ) -> Result<Resp, Error<Resp::Code>>
    where
        Req: Serialize + ?Sized,
        Resp: TencentResponse,
    {
        self.request(service, version, action, request).send().await
    }

    /// Sends `request`, an [`Action`] (every request type of the generated SDK crates is
    /// one), and decodes its answer; idempotent as the request says
    /// ([`Action::idempotent`]).
    ///
    /// # Errors
    ///
    /// See [`Client::call`].
    pub async fn send<A: Action>(
        &self,
        request: &A,
    ) -> Result<A::Response, Error<<A::Response as TencentResponse>::Code>> {
        self.action(request).send().await
    }

    /// A call of `request` to configure before sending (region, retry policy, timeout...),
    /// with its service, version, action and idempotency taken from the [`Action`].
    pub fn action<'a, A: Action>(&'a self, request: &'a A) -> Call<'a, A> {
        self.request(A::SERVICE, A::VERSION, A::ACTION, request)
            .idempotent(request.idempotent())
    }

    /// A call to configure before sending: idempotency, region, retry policy, endpoint and the
    /// request options of [`Call`].
    pub fn request<'a, Req: Serialize + ?Sized>(
        &'a self,
        service: &'a str,
        version: &'a str,
        action: &'a str,
        request: &'a Req,
    ) -> Call<'a, Req> {
        Call {
            client: self,
            service,
            version,
            action,
            request,
            idempotency: None,
            region: None,
            policy: None,
            timeout: None,
            options: options::CallOptions::default(),
        }
    }

    /// The clock offset learned so far, in seconds (server minus local).
    pub fn clock_offset(&self) -> i64 {
        self.inner.clock.offset_secs()
    }

    /// The region of the client.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }
}

/// One call, configured before [`Call::send`]; see [`Client::request`].
pub struct Call<'a, Req: ?Sized> {
    client: &'a Client,
    service: &'a str,
    version: &'a str,
    action: &'a str,
    request: &'a Req,
    idempotency: Option<Idempotency>,
    region: Option<Option<&'a str>>,
    policy: Option<RetryPolicy>,
    timeout: Option<Duration>,
    options: options::CallOptions,
}

impl<Req: ?Sized> fmt::Debug for Call<'_, Req> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("service", &self.service)
            .field("version", &self.version)
            .field("action", &self.action)
            .field("idempotency", &self.idempotency)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// The top-level `ClientToken` of a request, if any; every other key is skipped.
#[derive(serde::Deserialize)]
struct ClientTokenProbe {
    #[serde(rename = "ClientToken", default, deserialize_with = "token_text")]
    client_token: Option<String>,
}

/// The token when it is a string; any other JSON value counts as no token.
fn token_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(token) => Some(token),
        _ => None,
    })
}

impl<'a, Req: Serialize + ?Sized> Call<'a, Req> {
    /// Declares whether the call is idempotent, which decides whether `Transient` failures
    /// (`InternalError`, 5xx, timeouts, dropped connections) are retried; a failure that sent
    /// nothing is retried either way (see [`crate::retry`]).
    ///
    /// Without this, the rule of [`retry::READ_PREFIXES`] decides, as it does for the
    /// generated crates: idempotent when the action is named like a read or the JSON carries a
    /// non-empty top-level `ClientToken` string, not idempotent otherwise.
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotency = Some(Idempotency::from_bool(idempotent));
        self
    }

    /// The region of this call instead of the client's (`None`: no `X-TC-Region`).
    #[must_use]
    pub fn region(mut self, region: Option<&'a str>) -> Self {
        self.region = Some(region);
        self
    }

    /// The retry policy of this call instead of the client's.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The time limit of each attempt of this call instead of the client's
    /// [`ClientBuilder::timeout`].
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the call, retrying as allowed, and decodes the answer into `Resp`.
    ///
    /// # Errors
    ///
    /// See [`Client::call`].
    pub async fn send<Resp: TencentResponse>(self) -> Result<Resp, Error<Resp::Code>> {
        self.run(Decode(PhantomData::<fn() -> Resp>)).await
    }

    /// Sends the call, retrying as allowed, until `receive` accepts an answer.
    async fn run<R: Receive>(mut self, receive: R) -> Result<R::Output, Error<R::Code>> {
        let inner = &*self.client.inner;
        let payload = serde_json::to_vec(self.request)
            .map_err(|e| Error::Transport(TransportError::new(TransportErrorKind::Other, e)))?;
        self.options.ensure_trace_id();
        let idempotency = self.idempotency.unwrap_or_else(|| {
            let token = serde_json::from_slice::<ClientTokenProbe>(&payload)
                .ok()
                .is_some_and(|probe| crate::__private::has_client_token(&probe.client_token));
            Idempotency::from_bool(token || retry::is_read_action(self.action))
        });
        let policy = self.policy.as_ref().unwrap_or(&inner.policy);
        let region = self.region.unwrap_or(inner.region.as_deref());
        let span = trace::CallSpan::new(
            self.service,
            self.version,
            self.action,
            region,
            self.options.trace_id(),
        );
        // An invalid option or endpoint fails the call before anything is sent.
        let prepared = self.options.prepare(
            &inner.options,
            &inner.endpoints,
            self.service,
            self.action,
            region,
        );
        let (options, target) = match prepared {
            Ok(prepared) => prepared,
            Err(problem) => {
                let result = Err(Error::Transport(problem));
                span.finish(&result, R::request_id);
                return result;
            }
        };
        let mut attempts = CallAttempts {
            region,
            call: &self,
            payload: &payload,
            options,
            target,
            credentials: None,
            span: &span,
            attempt: 0,
            receive,
        };
        let result = span
            .instrument(retry::run(
                policy,
                idempotency,
                tokio::time::sleep,
                &mut attempts,
            ))
            .await;
        span.finish(&result, R::request_id);
        result
    }

    /// The HTTP request of one attempt, signed (or not) with the current clock and the call's
    /// options.
    fn http_request(
        &self,
        request: &AttemptRequest<'_>,
        authentication: Authentication<'_>,
    ) -> reqwest::RequestBuilder {
        let inner = &*self.client.inner;
        let options = request.options;
        let headers = ApiCall {
            host: request.target.host(),
            service: self.service,
            version: self.version,
            action: self.action,
            region: request.region,
            language: options.language,
            timestamp: inner.clock.now(),
            body: Body::Json(request.payload),
        }
        .headers_with(authentication, &options.sign);
        let mut http_request = inner
            .http
            .post(request.target.url().clone())
            .body(request.payload.to_vec());
        if let Some(timeout) = self.timeout {
            http_request = http_request.timeout(timeout);
        }
        for (name, value) in headers {
            http_request = http_request.header(name, value);
        }
        options.extra_headers(http_request)
    }

    /// One attempt, up to the response head. For a streaming receiver the attempt's timeout
    /// bounds only the wait for the head: the body of an event stream may last far longer,
    /// and [`StreamOptions::idle_timeout`] bounds each gap in it instead.
    async fn send_head<C>(
        &self,
        request: &AttemptRequest<'_>,
        authentication: Authentication<'_>,
        streaming: bool,
    ) -> Result<reqwest::Response, Error<C>> {
        let http_request = self.http_request(request, authentication);
        if streaming {
            let inner = &*self.client.inner;
            let timeout = self.timeout.unwrap_or(inner.timeout);
            let head =
                tokio::time::timeout(timeout, http_request.timeout(stream::UNBOUNDED).send());
            return match head.await {
                Ok(sent) => sent.map_err(|e| Error::Transport(transport_error(e))),
                Err(_) => Err(Error::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no response head within {timeout:?}"),
                ))),
            };
        }
        http_request
            .send()
            .await
            .map_err(|e| Error::Transport(transport_error(e)))
    }
}

/// What an attempt makes of the response head: the decoded body ([`Call::send`]) or a stream
/// of chunks ([`Call::send_stream`]).
trait Receive {
    /// What an accepted answer gives.
    type Output;
    /// The error-code enum of the call's errors.
    type Code: ErrorCode;
    /// Whether the body may outlive the attempt's timeout (see [`Call::send_stream`]).
    const STREAMING: bool;

    /// The RequestId of an accepted answer, for the call's span.
    fn request_id(output: &Self::Output) -> Option<&str>;

    /// Reads what it needs of `response`, at most `max_body` bytes of a body it buffers.
    async fn receive(
        &self,
        response: reqwest::Response,
        max_body: usize,
    ) -> Result<Self::Output, Error<Self::Code>>;
}

/// [`Receive`] for [`Call::send`]: the whole body, decoded into `Resp`.
struct Decode<Resp>(PhantomData<fn() -> Resp>);

impl<Resp: TencentResponse> Receive for Decode<Resp> {
    type Output = Resp;
    type Code = Resp::Code;
    const STREAMING: bool = false;

    fn request_id(output: &Resp) -> Option<&str> {
        output.request_id()
    }

    async fn receive(
        &self,
        response: reqwest::Response,
        max_body: usize,
    ) -> Result<Resp, Error<Resp::Code>> {
        let body = read_body(response, max_body).await?;
        Resp::from_slice(&body)
    }
}

/// The server's `Date` header of `response`, with the local time it arrived.
fn server_date(response: &reqwest::Response) -> Option<(i64, i64)> {
    response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_http_date)
        .map(|server| (server, unix_now()))
}

/// The body of a 200 answer, read up to `max_body` bytes; any other status is an
/// [`Error::Http`] with an excerpt of its body.
async fn read_body<C>(
    mut response: reqwest::Response,
    max_body: usize,
) -> Result<Vec<u8>, Error<C>> {
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|length| length > max_body as u64)
    {
        return Err(Error::Transport(too_large(max_body)));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::Transport(transport_error(e)))?
    {
        if body.len() + chunk.len() > max_body {
            return Err(Error::Transport(too_large(max_body)));
        }
        body.extend_from_slice(&chunk);
    }
    if status != 200 {
        return Err(Error::Http(HttpError::new(status, &body)));
    }
    Ok(body)
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("the response body exceeds the limit of {limit} bytes"),
    )
}

fn credentials_error<C>(e: CredentialsError) -> Error<C> {
    Error::Transport(TransportError::new(TransportErrorKind::Credentials, e))
}

/// The attempts of one [`Call::send`], with the client's steps around the shared retry loop:
/// credentials fetched before the first attempt and refreshed when asked, the clock offset
/// learned from a `Resign` answer, and the [`ClientBuilder::on_retry`] hook.
struct CallAttempts<'c, 'a, Req: ?Sized, R> {
    call: &'c Call<'a, Req>,
    payload: &'c [u8],
    region: Option<&'a str>,
    options: options::Effective<'c>,
    target: ResolvedEndpoint,
    credentials: Option<Credentials>,
    span: &'c trace::CallSpan,
    /// The number of the attempt under way.
    attempt: u32,
    receive: R,
}

/// What every attempt of a call sends, whatever its credentials and timestamp.
struct AttemptRequest<'r> {
    payload: &'r [u8],
    region: Option<&'r str>,
    options: &'r options::Effective<'r>,
    target: &'r ResolvedEndpoint,
}

impl<Req, R> retry::Attempts for CallAttempts<'_, '_, Req, R>
where
    Req: Serialize + ?Sized,
    R: Receive,
{
    type Output = R::Output;
    type Error = Error<R::Code>;

    async fn attempt(&mut self, attempt: Attempt) -> Result<R::Output, Error<R::Code>> {
        let inner = &*self.call.client.inner;
        self.attempt = attempt.number;
        self.span.attempt(attempt.number);
        let request = AttemptRequest {
            payload: self.payload,
            region: self.region,
            options: &self.options,
            target: &self.target,
        };
        // An unsigned call needs no credentials: it must work before any exist (the call
        // that obtains them from an OIDC token is one).
        let authentication = if self.options.skip_signing {
            Authentication::Skip { token: None }
        } else {
            let credentials = match self.credentials.take() {
                None => inner.provider.credentials().await,
                Some(_) if attempt.action == Some(RetryAction::RefreshCredentials) => {
                    inner.provider.refresh().await
                }
                Some(credentials) => Ok(credentials),
            }
            .map_err(credentials_error)?;
            Authentication::Sign(self.credentials.insert(credentials))
        };
        let response = self
            .call
            .send_head(&request, authentication, R::STREAMING)
            .await?;
        let server_date = server_date(&response);
        let result = self.receive.receive(response, inner.max_body).await;
        if let (Err(error), Some((server, local))) = (&result, server_date) {
            // Learned even when no retry follows, so that the next call is signed right.
            if error.retry_hint() == RetryHint::Resign {
                inner.clock.set_offset_secs(server.saturating_sub(local));
            }
        }
        result
    }

    fn on_stop(&mut self, error: &Error<R::Code>, reason: StopReason) {
        self.span.stop(error, self.attempt, reason);
    }

    fn before_retry(&mut self, error: &Error<R::Code>, retry: &PlannedRetry) {
        self.span.retry(error, retry);
        if let Some(hook) = &self.call.client.inner.on_retry {
            hook(&RetryEvent {
                action: self.call.action.to_owned(),
                attempt: retry.failed_attempt,
                hint: error.retry_hint(),
                code: error.code().map(|code| code.as_str().to_owned()),
                retry: retry.action,
                delay: retry.delay,
                error: error.to_string(),
            });
        }
    }
}

/// Classifies a reqwest failure. reqwest errors name the URL (never a secret: the
/// credentials travel in headers) but not the headers.
fn transport_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if never_written(&e) {
        TransportErrorKind::NotSent
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportErrorKind::ConnectionClosed
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, WithCauses(e))
}

/// Whether hyper handed the request back without writing any of it. hyper reports that, and
/// only that, as a *canceled* error: a request queued on a connection that closed before
/// taking it ("connection closed"), or a connection that was not ready. A request hyper
/// started writing fails with another kind (an incomplete message, an I/O error), because
/// the server may have read it. hyper-util resends a canceled request by itself when the
/// connection was a reused one; what reaches here was canceled on a fresh connection.
fn never_written(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            return hyper.is_canceled();
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

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
