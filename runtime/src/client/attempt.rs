//! How a call is sent: [`run`] serializes it once, decides its idempotency and endpoint, then
//! makes its attempts through the crate's one retry loop ([`crate::retry`]); each attempt
//! gets credentials, signs with the corrected clock, sends, and hands the response head to a
//! [`Receive`] (the decoded body, or a stream).

use core::marker::PhantomData;
use core::time::Duration;

use serde::Serialize;

use super::builder::RetryEvent;
use super::call::Call;
use super::endpoint::ResolvedEndpoint;
use super::transport::{read_body, server_date, transport_error};
use super::{options, trace};
use crate::retry::{self, Attempt, Idempotency, PlannedRetry, RetryAction, StopReason};
use crate::sign::{ApiCall, Authentication, Body, Credentials, CredentialsError};
use crate::{Error, ErrorCode, RetryHint, TencentResponse, TransportError, TransportErrorKind};

/// Sends `call`, retrying as allowed, until `receive` accepts an answer.
pub(super) async fn run<Req, R>(
    mut call: Call<'_, Req>,
    receive: R,
) -> Result<R::Output, Error<R::Code>>
where
    Req: Serialize + ?Sized,
    R: Receive,
{
    let inner = &*call.client.inner;
    let payload = serde_json::to_vec(call.request)
        .map_err(|e| Error::Transport(TransportError::new(TransportErrorKind::Other, e)))?;
    call.options.ensure_trace_id();
    let idempotency = call.idempotency.unwrap_or_else(|| {
        let token = serde_json::from_slice::<ClientTokenProbe>(&payload)
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
    // An invalid option or endpoint fails the call before anything is sent.
    let prepared = call.options.prepare(
        &inner.options,
        &inner.endpoints,
        call.service,
        call.action,
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
        call: &call,
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

/// What an attempt makes of the response head: the decoded body ([`Call::send`]) or a stream
/// of chunks ([`Call::send_stream`]).
pub(super) trait Receive {
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
pub(super) struct Decode<Resp>(pub(super) PhantomData<fn() -> Resp>);

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

/// The attempts of one [`Call::send`], with the client's steps around the shared retry loop:
/// credentials fetched before the first attempt and refreshed when asked, the clock offset
/// learned from a `Resign` answer, and the [`ClientBuilder::on_retry`] hook.
///
/// [`ClientBuilder::on_retry`]: super::ClientBuilder::on_retry
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
                Some(rejected) if attempt.action == Some(RetryAction::RefreshCredentials) => {
                    inner.provider.refresh_rejected(&rejected).await
                }
                Some(credentials) => Ok(credentials),
            }
            .map_err(credentials_error)?;
            Authentication::Sign(self.credentials.insert(credentials))
        };
        let response = send_head(self.call, &request, authentication, R::STREAMING).await?;
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

/// A provider's failure, as the transport error of the call.
fn credentials_error<C>(e: CredentialsError) -> Error<C> {
    Error::Transport(TransportError::new(TransportErrorKind::Credentials, e))
}

/// The request timeout of a streaming attempt: none that matters (see
/// [`Call::send_stream`]).
const UNBOUNDED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// The HTTP request of one attempt, signed (or not) with the current clock and the call's
/// options.
fn http_request<Req: ?Sized>(
    call: &Call<'_, Req>,
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
///
/// [`StreamOptions::idle_timeout`]: super::StreamOptions::idle_timeout
async fn send_head<Req: ?Sized, C>(
    call: &Call<'_, Req>,
    request: &AttemptRequest<'_>,
    authentication: Authentication<'_>,
    streaming: bool,
) -> Result<reqwest::Response, Error<C>> {
    let http_request = http_request(call, request, authentication);
    if streaming {
        let inner = &*call.client.inner;
        let timeout = call.timeout.unwrap_or(inner.timeout);
        let head = tokio::time::timeout(timeout, http_request.timeout(UNBOUNDED).send());
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
