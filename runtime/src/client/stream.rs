#![doc = include_str!("../../STREAMING.md")]

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::num::NonZeroUsize;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sse_core::{SseDecoder, SseEvent};
use tokio::time::{Instant, Sleep};

use super::{read_body, Call, Client, Receive};
use crate::decode::{decode_bare, decode_bare_fields, Fields};
use crate::error_chain::WithCauses;
use crate::{
    Action, ApiError, BodyError, CommonCode, Decoded, Error, ErrorCode, TencentResponse,
    TransportError, TransportErrorKind,
};

/// The request timeout of a streaming attempt: none that matters (see [`Call::send_stream`]).
pub(super) const UNBOUNDED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// The response header that carries the RequestId of a stream.
const REQUEST_ID_HEADER: &str = "x-tc-requestid";

/// What marks the last chunk of a stream, so that a connection closed before it is an error
/// instead of a silently short answer.
///
/// Each streaming action documents its own marker; `codegen-data/streaming-actions.json` (read
/// by `tcapi_codes::streaming`) records the one of each of the 27 streaming actions.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StreamEnd {
    /// No marker: the end of the body is the end of the stream (a body that breaks off is still
    /// an error). For actions that document none.
    #[default]
    Close,
    /// A chunk with a non-empty `Choices[..].FinishReason` (`stop`, `sensitive`,
    /// `tool_calls`...) is the last: the chat actions of hunyuan, lkeap and cls.
    FinishReason,
    /// A chunk with `"IsEnd": true` is the last: trtc `TextToSpeechSSE`.
    IsEnd,
}

/// How [`Call::send_stream`] reads a stream: its end marker and its limits.
///
/// ```
/// use std::time::Duration;
/// use tcapi::client::{StreamEnd, StreamOptions};
///
/// let options = StreamOptions::new(StreamEnd::FinishReason)
///     .max_event_bytes(256 * 1024)
///     .idle_timeout(Duration::from_secs(20));
/// assert_eq!(options.end(), StreamEnd::FinishReason);
/// assert_eq!(StreamOptions::default().max_event(), 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    end: StreamEnd,
    max_event_bytes: NonZeroUsize,
    idle_timeout: Duration,
}

impl Default for StreamOptions {
    /// [`StreamEnd::Close`], events up to 1 MiB, 60 s of silence at most.
    fn default() -> Self {
        StreamOptions::new(StreamEnd::Close)
    }
}

impl StreamOptions {
    /// The defaults with the end marker `end`.
    pub fn new(end: StreamEnd) -> Self {
        StreamOptions {
            end,
            max_event_bytes: NonZeroUsize::new(1024 * 1024).unwrap_or(NonZeroUsize::MIN),
            idle_timeout: Duration::from_secs(60),
        }
    }

    /// The largest event, in bytes: the data of its `data:` lines together, so also the longest
    /// line (Tencent's services send one line per event). A larger one ends the stream with
    /// [`StreamErrorKind::EventTooLarge`] instead of growing the buffer. Default 1 MiB.
    #[must_use]
    pub fn max_event_bytes(mut self, bytes: usize) -> Self {
        self.max_event_bytes = NonZeroUsize::new(bytes).unwrap_or(NonZeroUsize::MIN);
        self
    }

    /// The longest silence between two reads of the body, also the limit to read a JSON answer
    /// that came instead of a stream. A longer one ends the stream with
    /// [`StreamErrorKind::Idle`]. Default 60 s.
    #[must_use]
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// What marks the last chunk.
    pub fn end(&self) -> StreamEnd {
        self.end
    }

    /// The largest event, in bytes.
    pub fn max_event(&self) -> usize {
        self.max_event_bytes.get()
    }

    /// The longest silence.
    pub fn idle(&self) -> Duration {
        self.idle_timeout
    }
}

impl<'a, Req: Serialize + ?Sized> Call<'a, Req> {
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
        self.run(ReceiveStream {
            options,
            reader: Reader {
                chunk: decode_bare::<T>,
                answer: crate::decode_with::<T, C>,
            },
        })
        .await
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
        self.run(ReceiveStream {
            options,
            reader: Reader {
                chunk: decode_bare_fields::<R>,
                answer: |body| {
                    let response = R::from_slice(body)?;
                    let request_id = response.request_id().map(str::to_owned);
                    Ok(Decoded::new(response, request_id))
                },
            },
        })
        .await
    }
}

impl Client {
    /// Sends `request`, an [`Action`] whose answer may stream, and returns the answer as a
    /// stream of the action's response type ([`Call::send_response_stream`]); idempotent as
    /// the request says. The generated crates' `<action>_stream` methods call this with the
    /// action's end marker.
    ///
    /// # Errors
    ///
    /// Those of [`Client::call`] for the attempts before the stream.
    pub async fn send_stream<A>(
        &self,
        request: &A,
        options: StreamOptions,
    ) -> Result<ChunkStream<A::Response, ResponseCode<A>>, Error<ResponseCode<A>>>
    where
        A: Action,
        A::Response: Fields,
    {
        self.action(request).send_response_stream(options).await
    }
}

/// The error-code enum of action `A`.
type ResponseCode<A> = <<A as Action>::Response as TencentResponse>::Code;

/// Reads a whole JSON envelope that came instead of a stream.
type ReadAnswer<T, C> = fn(&[u8]) -> Result<Decoded<T, C>, Error<C>>;

/// How the chunks of a stream are read, and the JSON answer that may come instead of one.
struct Reader<T, C> {
    /// One event's data.
    chunk: fn(&[u8], Option<&str>) -> Result<T, BodyError>,
    /// A whole JSON envelope.
    answer: ReadAnswer<T, C>,
}

impl<T, C> Clone for Reader<T, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, C> Copy for Reader<T, C> {}

/// [`Receive`] for [`Call::send_stream`].
struct ReceiveStream<T, C> {
    options: StreamOptions,
    reader: Reader<T, C>,
}

impl<T, C: ErrorCode> Receive for ReceiveStream<T, C> {
    type Output = ChunkStream<T, C>;
    type Code = C;
    const STREAMING: bool = true;

    fn request_id(output: &ChunkStream<T, C>) -> Option<&str> {
        output.request_id()
    }

    async fn receive(
        &self,
        response: reqwest::Response,
        max_body: usize,
    ) -> Result<ChunkStream<T, C>, Error<C>> {
        if response.status() == reqwest::StatusCode::OK && is_event_stream(response.headers()) {
            return Ok(ChunkStream::events(
                response,
                &self.options,
                self.reader.chunk,
            ));
        }
        let idle = self.options.idle_timeout;
        let body = tokio::time::timeout(idle, read_body(response, max_body))
            .await
            .map_err(|_| {
                Error::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("the JSON answer to a streaming call took longer than {idle:?}"),
                ))
            })??;
        Ok(ChunkStream::single(
            (self.reader.answer)(&body)?,
            self.reader.chunk,
        ))
    }
}

/// Whether the `Content-Type` is `text/event-stream`, whatever parameters follow.
fn is_event_stream(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// The chunks of a streamed answer, as a [`Stream`] of `Result<T, Error<C>>` or through
/// [`ChunkStream::next_chunk`]. Made by [`Call::send_stream`].
///
/// Every error ends the stream: it yields the `Err`, then `None`. Dropping it closes the
/// connection.
pub struct ChunkStream<T, C = CommonCode> {
    request_id: Option<String>,
    source: Source,
    end: StreamEnd,
    end_seen: bool,
    chunks: u64,
    /// The one chunk of an answer that came as JSON instead of a stream.
    single: Option<T>,
    /// Reads one event's data.
    read_chunk: fn(&[u8], Option<&str>) -> Result<T, BodyError>,
    code: PhantomData<fn() -> C>,
}

/// What is left to read.
enum Source {
    Events(Box<Events>),
    Done,
}

/// A live event stream.
struct Events {
    body: reqwest::Body,
    /// The last read of the body, consumed by the decoder.
    read: Bytes,
    decoder: SseDecoder,
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    max_event_bytes: usize,
}

// `T` is only ever moved out of `single`, never pinned.
impl<T, C> Unpin for ChunkStream<T, C> {}

impl<T, C> fmt::Debug for ChunkStream<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkStream")
            .field("request_id", &self.request_id)
            .field("end", &self.end)
            .field("chunks", &self.chunks)
            .field("finished", &matches!(self.source, Source::Done))
            .finish_non_exhaustive()
    }
}

impl<T, C> ChunkStream<T, C> {
    fn events(
        response: reqwest::Response,
        options: &StreamOptions,
        read_chunk: fn(&[u8], Option<&str>) -> Result<T, BodyError>,
    ) -> Self {
        let request_id = response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        ChunkStream {
            request_id,
            source: Source::Events(Box::new(Events {
                body: reqwest::Body::from(response),
                read: Bytes::new(),
                decoder: SseDecoder::with_limit(options.max_event_bytes),
                idle: Box::pin(tokio::time::sleep(options.idle_timeout)),
                idle_timeout: options.idle_timeout,
                max_event_bytes: options.max_event_bytes.get(),
            })),
            end: options.end,
            end_seen: false,
            chunks: 0,
            single: None,
            read_chunk,
            code: PhantomData,
        }
    }

    fn single(
        decoded: Decoded<T, C>,
        read_chunk: fn(&[u8], Option<&str>) -> Result<T, BodyError>,
    ) -> Self {
        let (data, request_id) = decoded.into_parts();
        ChunkStream {
            request_id,
            source: Source::Done,
            end: StreamEnd::Close,
            end_seen: true,
            chunks: 0,
            single: Some(data),
            read_chunk,
            code: PhantomData,
        }
    }

    /// The RequestId of the call: from the `X-TC-RequestId` header of a stream, or from the
    /// body of a JSON answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How many chunks were yielded so far.
    pub fn chunks(&self) -> u64 {
        self.chunks
    }

    /// Whether the stream's end marker has been seen (always true for [`StreamEnd::Close`]
    /// once the body ended).
    pub fn end_seen(&self) -> bool {
        self.end_seen
    }

    /// Ends the stream (closing its connection) with a [`StreamError`].
    fn fail(
        &mut self,
        kind: StreamErrorKind,
        cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error<C> {
        self.source = Source::Done;
        StreamError {
            kind,
            end: self.end,
            chunks: self.chunks,
            request_id: self.request_id.clone(),
            cause,
        }
        .into_error()
    }
}

impl<T, C: ErrorCode> ChunkStream<T, C> {
    /// The next chunk, `None` once the stream ended; the same as `StreamExt::next`.
    pub async fn next_chunk(&mut self) -> Option<Result<T, Error<C>>> {
        core::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// One event's data: an error chunk, a chunk `T`, perhaps the last one.
    fn chunk(&mut self, data: &str) -> Result<T, Error<C>> {
        let probe: Probe = serde_json::from_str(data).unwrap_or_default();
        let ends = probe.ends(self.end);
        if let Some(error) = probe.api_error(self.request_id.as_deref()) {
            self.source = Source::Done;
            return Err(Error::Api(error));
        }
        match (self.read_chunk)(data.as_bytes(), self.request_id.as_deref()) {
            Ok(chunk) => {
                self.chunks += 1;
                self.end_seen |= ends;
                Ok(chunk)
            }
            Err(e) => {
                self.source = Source::Done;
                Err(Error::InvalidBody(e))
            }
        }
    }
}

impl<T, C: ErrorCode> Stream for ChunkStream<T, C> {
    type Item = Result<T, Error<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(single) = this.single.take() {
            this.chunks += 1;
            return Poll::Ready(Some(Ok(single)));
        }
        loop {
            let Source::Events(events) = &mut this.source else {
                return Poll::Ready(None);
            };
            match events.decoder.next(&mut events.read) {
                Some(Ok(SseEvent::Message(message))) => {
                    return Poll::Ready(Some(this.chunk(&message.data)));
                }
                // A reconnection delay: this client does not reconnect (the request is not
                // idempotent in general), so there is nothing to do with it.
                Some(Ok(_)) => continue,
                Some(Err(_)) => {
                    let limit = events.max_event_bytes;
                    let kind = StreamErrorKind::EventTooLarge { limit };
                    return Poll::Ready(Some(Err(this.fail(kind, None))));
                }
                None => {}
            }
            match Pin::new(&mut events.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(read) = frame.into_data() {
                        events.read = read;
                    }
                    let deadline = Instant::now() + events.idle_timeout;
                    events.idle.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Err(e))) => {
                    let cause = Box::new(WithCauses(e));
                    return Poll::Ready(Some(Err(this.fail(StreamErrorKind::Cut, Some(cause)))));
                }
                Poll::Ready(None) => {
                    if this.end_seen || this.end == StreamEnd::Close {
                        this.end_seen = true;
                        this.source = Source::Done;
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Err(this.fail(StreamErrorKind::Cut, None))));
                }
                Poll::Pending => {
                    if events.idle.as_mut().poll(cx).is_ready() {
                        let timeout = events.idle_timeout;
                        let kind = StreamErrorKind::Idle { timeout };
                        return Poll::Ready(Some(Err(this.fail(kind, None))));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// What went wrong with a stream itself, as opposed to an error the service reported in it.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamErrorKind {
    /// The body ended, or broke off, before the chunk its [`StreamEnd`] names.
    Cut,
    /// An event exceeded [`StreamOptions::max_event_bytes`].
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Nothing arrived for [`StreamOptions::idle_timeout`].
    Idle {
        /// The limit.
        timeout: Duration,
    },
}

impl StreamErrorKind {
    /// The [`TransportErrorKind`] of the [`Error::Transport`] that carries it.
    pub const fn transport_kind(self) -> TransportErrorKind {
        match self {
            StreamErrorKind::Cut => TransportErrorKind::ConnectionClosed,
            StreamErrorKind::EventTooLarge { .. } => TransportErrorKind::BodyTooLarge,
            StreamErrorKind::Idle { .. } => TransportErrorKind::Timeout,
        }
    }
}

/// A stream that ended badly: cut, an event too large, or silent too long. It reaches the
/// caller as the source of an [`Error::Transport`] whose kind is
/// [`StreamErrorKind::transport_kind`]; [`StreamError::of`] finds it there.
///
/// ```
/// use tcapi::client::{StreamError, StreamErrorKind};
/// use tcapi::{Error, TransportError, TransportErrorKind};
///
/// fn explain(error: &Error) -> String {
///     match StreamError::of(error).map(StreamError::kind) {
///         Some(StreamErrorKind::Cut) => "the answer is incomplete".to_owned(),
///         Some(StreamErrorKind::Idle { timeout }) => format!("silent for {timeout:?}"),
///         _ => error.to_string(),
///     }
/// }
/// let other: Error = TransportError::new(TransportErrorKind::Connect, "refused").into();
/// assert_eq!(explain(&other), "could not connect to the API endpoint: refused");
/// ```
#[derive(Debug)]
pub struct StreamError {
    kind: StreamErrorKind,
    end: StreamEnd,
    chunks: u64,
    request_id: Option<String>,
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StreamError {
    /// The stream error inside `error`, if it is one.
    pub fn of<C>(error: &Error<C>) -> Option<&StreamError> {
        match error {
            Error::Transport(transport) => std::error::Error::source(transport)?.downcast_ref(),
            _ => None,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> StreamErrorKind {
        self.kind
    }

    /// How many chunks the stream had yielded before.
    pub fn chunks(&self) -> u64 {
        self.chunks
    }

    /// The RequestId of the stream (from `X-TC-RequestId`), when it had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn into_error<C>(self) -> Error<C> {
        Error::Transport(TransportError::new(self.kind.transport_kind(), self))
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.end) {
            (StreamErrorKind::Cut, StreamEnd::Close) => {
                f.write_str("the event stream broke off")?;
            }
            (StreamErrorKind::Cut, StreamEnd::FinishReason) => {
                f.write_str("the event stream ended before its last chunk (a `FinishReason`)")?;
            }
            (StreamErrorKind::Cut, StreamEnd::IsEnd) => {
                f.write_str("the event stream ended before its last chunk (`IsEnd: true`)")?;
            }
            (StreamErrorKind::EventTooLarge { limit }, _) => {
                write!(
                    f,
                    "an event of the stream exceeds the limit of {limit} bytes"
                )?;
            }
            (StreamErrorKind::Idle { timeout }, _) => {
                write!(f, "the event stream sent nothing for {timeout:?}")?;
            }
        }
        write!(f, " after {} chunks", self.chunks)?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

// ---------------------------------------------------------------------------------------------

/// What a chunk says beside its data: an error in one of the shapes the services use, or that
/// it is the last. Keys the chunk type may not have, read in a second, cheap pass; a chunk this
/// cannot read says neither.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Probe {
    #[serde(rename = "ErrorMsg")]
    error_msg: Option<ErrorMsg>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    #[serde(rename = "Error")]
    error: Option<ErrorObject>,
    #[serde(rename = "Response")]
    response: Option<EnvelopeProbe>,
    #[serde(rename = "Choices")]
    choices: Option<Vec<ChoiceProbe>>,
    #[serde(rename = "IsEnd")]
    is_end: Option<bool>,
}

/// hunyuan's `{"Code": 4001, "Msg": "..."}`.
#[derive(Deserialize)]
struct ErrorMsg {
    #[serde(rename = "Code")]
    code: Option<CodeValue>,
    #[serde(rename = "Msg")]
    message: Option<String>,
}

/// trtc's `Error` and the envelope's: `{"Code": "...", "Message": "..."}`.
#[derive(Deserialize)]
struct ErrorObject {
    #[serde(rename = "Code")]
    code: Option<CodeValue>,
    #[serde(rename = "Message")]
    message: Option<String>,
}

#[derive(Deserialize)]
struct EnvelopeProbe {
    #[serde(rename = "Error")]
    error: Option<ErrorObject>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ChoiceProbe {
    #[serde(rename = "FinishReason")]
    finish_reason: Option<String>,
}

/// An error code written as a string or as a number (hunyuan's `4001`).
#[derive(Deserialize)]
#[serde(untagged)]
enum CodeValue {
    Number(i64),
    Text(String),
}

impl CodeValue {
    /// The code, unless it says "no error" (`0`, empty).
    fn into_code(self) -> Option<String> {
        match self {
            CodeValue::Number(0) => None,
            CodeValue::Number(n) => Some(n.to_string()),
            CodeValue::Text(text) if text.is_empty() || text == "0" => None,
            CodeValue::Text(text) => Some(text),
        }
    }
}

impl Probe {
    /// The error this chunk reports, if any.
    fn api_error<C: ErrorCode>(self, request_id: Option<&str>) -> Option<ApiError<C>> {
        let header_id = request_id.unwrap_or_default();
        let (code, message, request_id) = if let Some(ErrorMsg { code, message }) = self.error_msg {
            (code?.into_code()?, message, header_id.to_owned())
        } else if self.kind.as_deref() == Some("error") {
            let ErrorObject { code, message } = self.error?;
            (code?.into_code()?, message, header_id.to_owned())
        } else {
            let EnvelopeProbe { error, request_id } = self.response?;
            let ErrorObject { code, message } = error?;
            let request_id = request_id.unwrap_or_else(|| header_id.to_owned());
            (code?.into_code()?, message, request_id)
        };
        Some(ApiError::new(
            C::parse(&code),
            message.unwrap_or_default(),
            request_id,
        ))
    }

    /// Whether this chunk is the last one under `end`.
    fn ends(&self, end: StreamEnd) -> bool {
        match end {
            StreamEnd::Close => false,
            StreamEnd::FinishReason => self.choices.iter().flatten().any(|choice| {
                choice
                    .finish_reason
                    .as_deref()
                    .is_some_and(|reason| !reason.is_empty())
            }),
            StreamEnd::IsEnd => self.is_end == Some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(data: &str) -> Probe {
        serde_json::from_str(data).unwrap_or_default()
    }

    fn api_error(data: &str) -> Option<(String, String, String)> {
        probe(data)
            .api_error::<CommonCode>(Some("header-id"))
            .map(|e| {
                let (code, message, id) = e.into_parts();
                (code.as_str().to_owned(), message, id)
            })
    }

    #[test]
    fn error_chunks_of_each_service() {
        let expect = |code: &str, message: &str, id: &str| {
            Some((code.to_owned(), message.to_owned(), id.to_owned()))
        };
        assert_eq!(
            api_error(r#"{"Choices":[],"ErrorMsg":{"Code":4001,"Msg":"请求模型超时"}}"#),
            expect("4001", "请求模型超时", "header-id")
        );
        assert_eq!(
            api_error(r#"{"Type":"error","Error":{"Code":"InvalidParameter","Message":"bad"}}"#),
            expect("InvalidParameter", "bad", "header-id")
        );
        assert_eq!(
            api_error(
                r#"{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r-9"}}"#
            ),
            expect("InternalError", "x", "r-9")
        );
        // Placeholders and ordinary chunks are no errors.
        for data in [
            r#"{"ErrorMsg":null,"Choices":[{"FinishReason":""}]}"#,
            r#"{"ErrorMsg":{"Code":0,"Msg":""}}"#,
            r#"{"Type":"audio","Audio":"AAAA","IsEnd":false}"#,
            r#"{"Type":"error"}"#,
            r#"{"Response":{"RequestId":"r"}}"#,
            r#"not json"#,
        ] {
            assert_eq!(api_error(data), None, "{data}");
        }
    }

    #[test]
    fn end_markers() {
        let last = r#"{"Choices":[{"FinishReason":"stop","Delta":{"Content":""}}]}"#;
        let middle = r#"{"Choices":[{"FinishReason":"","Delta":{"Content":"a"}}]}"#;
        assert!(probe(last).ends(StreamEnd::FinishReason));
        assert!(!probe(middle).ends(StreamEnd::FinishReason));
        assert!(!probe(last).ends(StreamEnd::Close));
        assert!(!probe(last).ends(StreamEnd::IsEnd));
        assert!(probe(r#"{"Type":"audio","IsEnd":true}"#).ends(StreamEnd::IsEnd));
        assert!(!probe(r#"{"Type":"audio","IsEnd":false}"#).ends(StreamEnd::IsEnd));
    }

    #[test]
    fn content_types() {
        use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
        let is = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            is_event_stream(&headers)
        };
        assert!(is("text/event-stream"));
        assert!(is("text/event-stream; charset=utf-8"));
        assert!(is("Text/Event-Stream;charset=UTF-8"));
        assert!(!is("application/json"));
        assert!(!is("text/event-streams"));
        assert!(!is_event_stream(&HeaderMap::new()));
    }

    #[test]
    fn stream_errors_say_what_and_where() {
        let error = StreamError {
            kind: StreamErrorKind::Cut,
            end: StreamEnd::FinishReason,
            chunks: 3,
            request_id: Some("r-1".to_owned()),
            cause: None,
        }
        .into_error::<CommonCode>();
        assert_eq!(
            error.to_string(),
            "the connection closed before the response was complete: the event stream ended \
             before its last chunk (a `FinishReason`) after 3 chunks (RequestId r-1)"
        );
        let stream_error = StreamError::of(&error).expect("a stream error");
        assert_eq!(stream_error.kind(), StreamErrorKind::Cut);
        assert_eq!(stream_error.request_id(), Some("r-1"));
        assert_eq!(error.retry_hint(), crate::RetryHint::Transient);
    }
}
