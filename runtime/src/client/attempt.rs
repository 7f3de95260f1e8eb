//! How a call is sent: [`run`] takes the call's serialized request, decides its idempotency
//! and endpoint, then makes its attempts with the steps of the crate's one retry loop
//! ([`crate::retry`]); each attempt gets credentials, signs with the corrected clock, sends,
//! reads the response and hands what it read to a [`Receive`] (the decoded body, or a
//! stream).
//!
//! Only [`run`]'s loop and the [`Receive`] know the call's response type, and only the
//! caller its request type: the attempts, the decisions and the call's span are compiled
//! once per error-code type (once per API version), not once per action.

use core::marker::PhantomData;
use core::time::Duration;

use super::builder::RetryEvent;
use super::call::CallSettings;
use super::endpoint::ResolvedEndpoint;
use super::stream::{self, StreamOptions};
use super::transport::{read_body, server_date, transport_error};
use super::{options, trace};
use crate::retry::{
    self, Attempt, Attempts as _, Idempotency, PlannedRetry, Retries, RetryAction, StopReason,
};
use crate::sign::{ApiCall, Authentication, Body, Credentials, CredentialsError};
use crate::{Error, ErrorCode, RetryHint, TencentResponse, TransportError, TransportErrorKind};

/// Sends `call` with `payload` as its body, retrying as allowed, until `receive` accepts an
/// answer.
///
/// The generic step of a call: what it does itself is decode each answer (which decides
/// whether to retry) and nothing else.
pub(super) async fn run<R: Receive>(
    mut call: CallSettings<'_>,
    payload: &[u8],
    receive: R,
) -> Result<R::Output, Error<R::Code>> {
    call.options.ensure_trace_id();
    let plan = Plan::new(&call, payload);
    let (options, target) = match plan.prepared {
        Ok(prepared) => prepared,
        Err(problem) => {
            let error = Error::Transport(problem);
            plan.span.finish(Err(&error));
            return Err(error);
        }
    };
    let mut attempts = CallAttempts {
        sender: Sender {
            call: &call,
            payload,
            region: plan.region,
            options,
            target,
            credentials: None,
        },
        stream_options: receive.stream_options(),
        span: &plan.span,
        attempt: 0,
        server_date: None,
        code: PhantomData,
    };
    let mut retries = Retries::new(plan.policy, plan.idempotency);
    let result = plan
        .span
        .instrument(async {
            loop {
                let attempt = retries.next_attempt();
                let error = match attempts.attempt(attempt).await {
                    Ok(read) => match receive.accept(read) {
                        Ok(output) => return Ok(output),
                        Err(error) => error,
                    },
                    Err(error) => error,
                };
                attempts.learn_clock(&error);
                let mut sleep = tokio::time::sleep;
                retries
                    .after_failure(attempt, error, &mut attempts, &mut sleep)
                    .await?;
            }
        })
        .await;
    plan.span.finish(match &result {
        Ok(output) => Ok(R::request_id(output)),
        Err(error) => Err(error),
    });
    result
}

/// What [`run`] decides before the first attempt.
struct Plan<'c> {
    idempotency: Idempotency,
    policy: &'c retry::RetryPolicy,
    region: Option<&'c str>,
    span: trace::CallSpan,
    /// The call's options and endpoint, or what is wrong with them: an invalid option or
    /// endpoint fails the call before anything is sent.
    prepared: Result<(options::Effective<'c>, ResolvedEndpoint), TransportError>,
}

impl<'c> Plan<'c> {
    fn new(call: &'c CallSettings<'_>, payload: &[u8]) -> Self {
        let inner = &*call.client.inner;
        let idempotency = call.idempotency.unwrap_or_else(|| {
            let token = serde_json::from_slice::<ClientTokenProbe>(payload)
                .ok()
                .is_some_and(|probe| crate::__private::has_client_token(&probe.client_token));
            Idempotency::from_bool(token || retry::is_read_action(call.action))
        });
        let policy = call.policy.as_ref().unwrap_or(&inner.policy);
        let region = call.region.unwrap_or(inner.region.as_deref());
        let span = trace::CallSpan::new(
            call.service,
            call.version,
            call.action,
            region,
            call.options.trace_id(),
        );
        let prepared = call.options.prepare(
            &inner.options,
            &inner.endpoints,
            call.service,
            call.action,
            region,
        );
        Plan {
            idempotency,
            policy,
            region,
            span,
            prepared,
        }
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

/// What a call makes of the response each attempt read: the decoded body ([`Call::send`])
/// or a stream of chunks ([`Call::send_stream`]).
///
/// [`Call::send`]: super::Call::send
/// [`Call::send_stream`]: super::Call::send_stream
pub(super) trait Receive {
    /// What an accepted answer gives.
    type Output;
    /// The error-code enum of the call's errors.
    type Code: ErrorCode;

    /// The options of a streaming call, whose body may outlive the attempt's timeout (see
    /// [`Call::send_stream`](super::Call::send_stream)) and whose event stream is handed
    /// over unread; `None` for a call whose body is read whole.
    fn stream_options(&self) -> Option<&StreamOptions>;

    /// Decodes what an attempt read: the answer, or the error that decides what follows.
    fn accept(&self, read: Read) -> Result<Self::Output, Error<Self::Code>>;

    /// The RequestId of an accepted answer, for the call's span.
    fn request_id(output: &Self::Output) -> Option<&str>;
}

/// What an attempt read of a response, for the call's [`Receive`].
pub(super) enum Read {
    /// The whole body of a 200 answer.
    Body(Vec<u8>),
    /// The response of an event stream, its body unread.
    Events(reqwest::Response),
}

/// [`Receive`] for [`Call::send`](super::Call::send): the whole body, decoded into `Resp`.
pub(super) struct Decode<Resp>(pub(super) PhantomData<fn() -> Resp>);

impl<Resp: TencentResponse> Receive for Decode<Resp> {
    type Output = Resp;
    type Code = Resp::Code;

    fn stream_options(&self) -> Option<&StreamOptions> {
        None
    }

    fn accept(&self, read: Read) -> Result<Resp, Error<Resp::Code>> {
        match read {
            Read::Body(body) => Resp::from_slice(&body),
            Read::Events(_) => unreachable!("a call that does not stream reads its body whole"),
        }
    }

    fn request_id(output: &Resp) -> Option<&str> {
        output.request_id()
    }
}

/// The attempts of one call up to what they read, with the client's steps around the
/// shared retry decisions: the sending ([`Sender`]), the clock offset learned from a
/// `Resign` answer, the call's span and the [`ClientBuilder::on_retry`] hook.
///
/// [`ClientBuilder::on_retry`]: super::ClientBuilder::on_retry
struct CallAttempts<'c, 'a, C> {
    sender: Sender<'c, 'a>,
    stream_options: Option<&'c StreamOptions>,
    span: &'c trace::CallSpan,
    /// The number of the attempt under way.
    attempt: u32,
    /// The server's `Date` of the attempt's response, with the local time it arrived.
    server_date: Option<(i64, i64)>,
    code: PhantomData<fn() -> C>,
}

impl<C: ErrorCode> CallAttempts<'_, '_, C> {
    /// Learns the clock offset from an attempt's `Resign` error, even when no retry follows,
    /// so that the next call is signed right.
    fn learn_clock(&self, error: &Error<C>) {
        if let Some((server, local)) = self.server_date {
            if error.retry_hint() == RetryHint::Resign {
                let inner = &*self.sender.call.client.inner;
                inner.clock.set_offset_secs(server.saturating_sub(local));
            }
        }
    }
}

impl<C: ErrorCode> retry::Attempts for CallAttempts<'_, '_, C> {
    type Output = Read;
    type Error = Error<C>;

    async fn attempt(&mut self, attempt: Attempt) -> Result<Read, Error<C>> {
        let inner = &*self.sender.call.client.inner;
        self.attempt = attempt.number;
        self.span.attempt(attempt.number);
        self.server_date = None;
        let streaming = self.stream_options.is_some();
        let response = self.sender.send(attempt, streaming).await?;
        self.server_date = server_date(&response);
        match self.stream_options {
            None => read_body(response, inner.max_body).await.map(Read::Body),
            Some(options) => stream::read_streamed(response, options, inner.max_body).await,
        }
    }

    fn on_stop(&mut self, error: &Error<C>, reason: StopReason) {
        self.span.stop(error, self.attempt, reason);
    }

    fn before_retry(&mut self, error: &Error<C>, retry: &PlannedRetry) {
        self.span.retry(error, retry);
        if let Some(hook) = &self.sender.call.client.inner.on_retry {
            hook(&RetryEvent {
                action: self.sender.call.action.to_owned(),
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

/// What every attempt of a call sends, and the credentials it signs with: credentials are
/// fetched before the first attempt and refreshed when asked.
struct Sender<'c, 'a> {
    call: &'c CallSettings<'a>,
    payload: &'c [u8],
    region: Option<&'a str>,
    options: options::Effective<'c>,
    target: ResolvedEndpoint,
    credentials: Option<Credentials>,
}

/// What every attempt of a call sends, whatever its credentials and timestamp.
struct AttemptRequest<'r> {
    payload: &'r [u8],
    region: Option<&'r str>,
    options: &'r options::Effective<'r>,
    target: &'r ResolvedEndpoint,
}

impl Sender<'_, '_> {
    /// Signs and sends one attempt, up to the response head.
    async fn send(
        &mut self,
        attempt: Attempt,
        streaming: bool,
    ) -> Result<reqwest::Response, TransportError> {
        let inner = &*self.call.client.inner;
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
                Some(rejected) if attempt.action == Some(RetryAction::RefreshCredentials) => {
                    inner.provider.refresh_rejected(&rejected).await
                }
                Some(credentials) => Ok(credentials),
            }
            .map_err(credentials_error)?;
            Authentication::Sign(self.credentials.insert(credentials))
        };
        send_head(self.call, &request, authentication, streaming).await
    }
}

/// A provider's failure, as the transport error of the call.
fn credentials_error(e: CredentialsError) -> TransportError {
    TransportError::new(TransportErrorKind::Credentials, e)
}

/// The request timeout of a streaming attempt: none that matters (see
/// [`Call::send_stream`](super::Call::send_stream)).
const UNBOUNDED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// The HTTP request of one attempt, signed (or not) with the current clock and the call's
/// options.
fn http_request(
    call: &CallSettings<'_>,
    request: &AttemptRequest<'_>,
    authentication: Authentication<'_>,
) -> reqwest::RequestBuilder {
    let inner = &*call.client.inner;
    let options = request.options;
    let headers = ApiCall {
        host: request.target.host(),
        service: call.service,
        version: call.version,
        action: call.action,
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
    if let Some(timeout) = call.timeout {
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
async fn send_head(
    call: &CallSettings<'_>,
    request: &AttemptRequest<'_>,
    authentication: Authentication<'_>,
    streaming: bool,
) -> Result<reqwest::Response, TransportError> {
    let http_request = http_request(call, request, authentication);
    if streaming {
        let inner = &*call.client.inner;
        let timeout = call.timeout.unwrap_or(inner.timeout);
        let head = tokio::time::timeout(timeout, http_request.timeout(UNBOUNDED).send());
        return match head.await {
            Ok(sent) => sent.map_err(transport_error),
            Err(_) => Err(TransportError::new(
                TransportErrorKind::Timeout,
                format!("no response head within {timeout:?}"),
            )),
        };
    }
    http_request.send().await.map_err(transport_error)
}
