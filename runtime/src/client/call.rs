//! [`Call`]: one call, configured before it is sent, and every method of it: its settings, its
//! request options, and the three ways to send it (decoded, as a stream of chunks, as a
//! stream of responses). The sending itself is [`attempt::run`], which sees only the
//! serialized request.

use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::attempt::{self, Decode};
use super::endpoint::Endpoint;
use super::handle::Client;
use super::options::CallOptions;
use super::stream::{ChunkStream, ReceiveStream, StreamOptions};
use crate::decode::Fields;
use crate::retry::{Idempotency, RetryPolicy};
use crate::{Error, ErrorCode, TencentResponse, TransportError, TransportErrorKind};

/// One call, configured before [`Call::send`]; see [`Client::request`].
pub struct Call<'a, Req: ?Sized> {
    pub(super) request: &'a Req,
    pub(super) settings: CallSettings<'a>,
}

/// Everything about a call but its request: what [`attempt::run`] needs once the request is
/// serialized, so that the sending is compiled once, not once per request type.
pub(super) struct CallSettings<'a> {
    pub(super) client: &'a Client,
    pub(super) service: &'a str,
    pub(super) version: &'a str,
    pub(super) action: &'a str,
    pub(super) idempotency: Option<Idempotency>,
    pub(super) region: Option<Option<&'a str>>,
    pub(super) policy: Option<RetryPolicy>,
    pub(super) timeout: Option<Duration>,
    pub(super) options: CallOptions,
}

impl<Req: ?Sized> fmt::Debug for Call<'_, Req> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("service", &self.settings.service)
            .field("version", &self.settings.version)
            .field("action", &self.settings.action)
            .field("idempotency", &self.settings.idempotency)
            .field("options", &self.settings.options)
            .finish_non_exhaustive()
    }
}

impl<'a, Req: Serialize + ?Sized> Call<'a, Req> {
    /// Declares whether the call is idempotent, which decides whether `Transient` failures
    /// (`InternalError`, 5xx, timeouts, dropped connections) are retried; a failure that sent
    /// nothing is retried either way (see [`crate::retry`]).
    ///
    /// Without this, the rule of [`retry::READ_PREFIXES`] decides, as it does for the
    /// generated crates: idempotent when the action is named like a read or the JSON carries a
    /// non-empty top-level `ClientToken` string, not idempotent otherwise.
    ///
    /// [`retry::READ_PREFIXES`]: crate::retry::READ_PREFIXES
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.settings.idempotency = Some(Idempotency::from_bool(idempotent));
        self
    }

    /// The region of this call instead of the client's (`None`: no `X-TC-Region`).
    #[must_use]
    pub fn region(mut self, region: Option<&'a str>) -> Self {
        self.settings.region = Some(region);
        self
    }

    /// The retry policy of this call instead of the client's.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.policy = Some(policy);
        self
    }

    /// The time limit of each attempt of this call instead of the client's
    /// [`ClientBuilder::timeout`].
    ///
    /// [`ClientBuilder::timeout`]: super::ClientBuilder::timeout
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// Sends the call, retrying as allowed, and decodes the answer into `Resp`.
    ///
    /// # Errors
    ///
    /// See [`Client::call`].
    pub async fn send<Resp: TencentResponse>(self) -> Result<Resp, Error<Resp::Code>> {
        let (settings, payload) = self.serialize()?;
        attempt::run(settings, &payload, Decode(PhantomData::<fn() -> Resp>)).await
    }

    /// Sends the call and returns its answer as a stream of chunks `T` (see [the module
    /// documentation](crate::client::stream) for what each answer and each fault gives).
    ///
    /// Signing, idempotency and retries are those of [`Call::send`], up to the response head;
    /// nothing is retried once the stream is returned. The call's timeout bounds only the wait
    /// for the head.
    ///
    /// ```no_run
    /// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
    /// use tcapi::client::{ChunkStream, Client, StreamEnd, StreamOptions};
    /// use tcapi::sign::Credentials;
    ///
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(rename_all = "PascalCase")]
    /// struct Chunk { choices: Vec<Choice> }
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(rename_all = "PascalCase")]
    /// struct Choice { delta: Option<Delta>, finish_reason: Option<String> }
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(rename_all = "PascalCase")]
    /// struct Delta { content: Option<String> }
    ///
    /// let client = Client::new(Credentials::from_env()?, "ap-guangzhou");
    /// let request = serde_json::json!({
    ///     "Model": "hunyuan-lite",
    ///     "Messages": [{"Role": "user", "Content": "1+1=?"}],
    ///     "Stream": true,
    /// });
    /// let mut stream: ChunkStream<Chunk> = client
    ///     .request("hunyuan", "2023-09-01", "ChatCompletions", &request)
    ///     .send_stream(StreamOptions::new(StreamEnd::FinishReason))
    ///     .await?;
    /// while let Some(chunk) = stream.next_chunk().await {
    ///     for choice in chunk?.choices {
    ///         print!("{}", choice.delta.and_then(|d| d.content).unwrap_or_default());
    ///     }
    /// }
    /// println!("\n(RequestId {})", stream.request_id().unwrap_or("?"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// Those of [`Client::call`](super::Client::call) for the attempts before the stream.
    pub async fn send_stream<T: DeserializeOwned, C: ErrorCode>(
        self,
        options: StreamOptions,
    ) -> Result<ChunkStream<T, C>, Error<C>> {
        let (settings, payload) = self.serialize()?;
        attempt::run(settings, &payload, ReceiveStream::<T, C>::chunks(options)).await
    }

    /// Sends the call and returns its answer as a stream of `R`, the action's response type:
    /// each chunk has the response's members without its envelope, read as leniently as the
    /// whole response is. What the generated SDK crates' streaming methods call.
    ///
    /// # Errors
    ///
    /// Those of [`Client::call`](super::Client::call) for the attempts before the stream.
    pub async fn send_response_stream<R>(
        self,
        options: StreamOptions,
    ) -> Result<ChunkStream<R, R::Code>, Error<R::Code>>
    where
        R: TencentResponse + Fields,
    {
        let (settings, payload) = self.serialize()?;
        attempt::run(
            settings,
            &payload,
            ReceiveStream::<R, R::Code>::responses(options),
        )
        .await
    }

    /// The request as the JSON body of every attempt, serialized once, and the rest of the
    /// call.
    fn serialize(self) -> Result<(CallSettings<'a>, Vec<u8>), TransportError> {
        let payload = serde_json::to_vec(self.request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok((self.settings, payload))
    }
}

impl<'a, Req: ?Sized> Call<'a, Req> {
    /// A call with the client's settings; see [`Client::request`].
    pub(super) fn new(
        client: &'a Client,
        service: &'a str,
        version: &'a str,
        action: &'a str,
        request: &'a Req,
    ) -> Self {
        Call {
            request,
            settings: CallSettings {
                client,
                service,
                version,
                action,
                idempotency: None,
                region: None,
                policy: None,
                timeout: None,
                options: CallOptions::default(),
            },
        }
    }

    /// Send this call to `endpoint` instead of the one the client chooses for it.
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<Endpoint>) -> Self {
        self.settings.options.endpoint = Some(endpoint.into());
        self
    }

    /// The language of this call's error messages (`X-TC-Language`: `zh-CN`, `en-US`).
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.settings.options.language = Some(language.into());
        self
    }

    /// Leave this call's body out of the signature; see [`ClientBuilder::unsigned_payload`].
    ///
    /// [`ClientBuilder::unsigned_payload`]: super::ClientBuilder::unsigned_payload
    #[must_use]
    pub fn unsigned_payload(mut self, unsigned: bool) -> Self {
        self.settings.options.unsigned_payload = Some(unsigned);
        self
    }

    /// Send this call unsigned; see [`ClientBuilder::skip_signing`].
    ///
    /// [`ClientBuilder::skip_signing`]: super::ClientBuilder::skip_signing
    #[must_use]
    pub fn skip_signing(mut self, skip: bool) -> Self {
        self.settings.options.skip_signing = Some(skip);
        self
    }

    /// An extra header on this call, replacing the client's of the same name; see
    /// [`ClientBuilder::header`]. An invalid or reserved header fails the call before
    /// anything is sent.
    ///
    /// [`ClientBuilder::header`]: super::ClientBuilder::header
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.settings.options.add_header(name, value);
        self
    }

    /// The `X-TC-TraceId` of this call, to find it in Tencent Cloud's logs and in your own:
    /// letters, digits and `-_ ,;.`, at most 128. Without one, each call gets a fresh
    /// UUID-shaped id, the same for all its attempts.
    #[must_use]
    pub fn trace_id(mut self, id: &str) -> Self {
        self.settings.options.set_trace_id(id);
        self
    }
}
