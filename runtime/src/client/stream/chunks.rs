//! [`ChunkStream`]: the chunks of a streamed answer, read event by event from the body, each
//! probed for an error or the end before it is decoded.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use sse_core::{SseDecoder, SseEvent};
use tokio::time::{Instant, Sleep};

use super::probe::Probe;
use super::{StreamEnd, StreamError, StreamErrorKind, StreamOptions};
use crate::error_chain::WithCauses;
use crate::{BodyError, BodyErrorKind, CommonCode, Decoded, Error, ErrorCode};

/// The response header that carries the RequestId of a stream.
const REQUEST_ID_HEADER: &str = "x-tc-requestid";

/// The data of the event that OpenAI-compatible servers send after the last chunk.
const DONE: &str = "[DONE]";

/// The chunks of a streamed answer, as a [`Stream`] of `Result<T, Error<C>>` or through
/// [`ChunkStream::next_chunk`]. Made by [`Call::send_stream`].
///
/// Every error ends the stream: it yields the `Err`, then `None`. Dropping it closes the
/// connection.
///
/// [`Call::send_stream`]: crate::client::Call::send_stream
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
    /// The bytes of a UTF-8 sequence that the last read left incomplete (at most 3).
    partial: Vec<u8>,
    /// Bytes that are not UTF-8 were read: the error, given once the events before them
    /// have been.
    invalid: Option<BodyError>,
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
    pub(super) fn events(
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
                partial: Vec::new(),
                invalid: None,
            })),
            end: options.end,
            end_seen: false,
            chunks: 0,
            single: None,
            read_chunk,
            code: PhantomData,
        }
    }

    pub(super) fn single(
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

    /// The end of the body, or a `[DONE]` event: the end of the stream if its end rule was
    /// met, else a [`StreamErrorKind::Cut`].
    fn end(&mut self) -> Option<Result<T, Error<C>>> {
        if self.end_seen || self.end == StreamEnd::Close {
            self.end_seen = true;
            self.source = Source::Done;
            return None;
        }
        Some(Err(self.fail(StreamErrorKind::Cut, None)))
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
        let Source::Events(events) = &mut this.source else {
            return Poll::Ready(None);
        };
        let event = match events.poll_event(cx) {
            Poll::Ready(event) => event,
            Poll::Pending => return Poll::Pending,
        };
        Poll::Ready(match event {
            Event::Data(data) => Some(this.chunk(&data)),
            Event::End => this.end(),
            Event::Failed(kind, cause) => Some(Err(this.fail(kind, cause))),
            Event::Invalid(invalid) => {
                this.source = Source::Done;
                Some(Err(Error::InvalidBody(invalid)))
            }
        })
    }
}

/// What an event stream gives next, whatever its chunks are read as.
enum Event {
    /// The data of a message event.
    Data(String),
    /// A `[DONE]` event, or the end of the body.
    End,
    /// The stream broke: a read failed, an event was too large, or the body idled too long.
    Failed(
        StreamErrorKind,
        Option<Box<dyn std::error::Error + Send + Sync>>,
    ),
    /// Bytes that are not UTF-8.
    Invalid(BodyError),
}

impl Events {
    /// Reads the body up to its next event. Kept apart from the chunks' type, so that it is
    /// compiled once, not once per kind of stream.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Event> {
        loop {
            match self.decoder.next(&mut self.read) {
                // An event of another type (`event: ping`) is not a chunk of the answer.
                Some(Ok(SseEvent::Message(message)))
                    if !message.event.is_empty() && message.event != "message" =>
                {
                    continue
                }
                Some(Ok(SseEvent::Message(message))) if message.data.trim() == DONE => {
                    return Poll::Ready(Event::End);
                }
                Some(Ok(SseEvent::Message(message))) => {
                    return Poll::Ready(Event::Data(message.data));
                }
                // A reconnection delay: this client does not reconnect (the request is not
                // idempotent in general), so there is nothing to do with it.
                Some(Ok(_)) => continue,
                Some(Err(_)) => {
                    let limit = self.max_event_bytes;
                    let kind = StreamErrorKind::EventTooLarge { limit };
                    return Poll::Ready(Event::Failed(kind, None));
                }
                None => {}
            }
            if let Some(invalid) = self.invalid.take() {
                return Poll::Ready(Event::Invalid(invalid));
            }
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(read) = frame.into_data() {
                        self.read = match utf8_prefix(&mut self.partial, &read) {
                            Ok(()) => read,
                            Err(valid) => {
                                self.invalid = Some(not_utf8(&read, valid));
                                read.slice(..valid)
                            }
                        };
                    }
                    let deadline = Instant::now() + self.idle_timeout;
                    self.idle.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Err(e))) => {
                    let cause = Box::new(WithCauses(e));
                    return Poll::Ready(Event::Failed(StreamErrorKind::Cut, Some(cause)));
                }
                Poll::Ready(None) => {
                    if !self.partial.is_empty() {
                        return Poll::Ready(Event::Invalid(not_utf8(&self.partial, 0)));
                    }
                    return Poll::Ready(Event::End);
                }
                Poll::Pending => {
                    if self.idle.as_mut().poll(cx).is_ready() {
                        let timeout = self.idle_timeout;
                        let kind = StreamErrorKind::Idle { timeout };
                        return Poll::Ready(Event::Failed(kind, None));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

/// Checks that `read` continues a body of valid UTF-8, given the incomplete sequence the
/// previous read ended with (`partial`, updated). `Err` holds how many bytes of `read` come
/// before the first that is not UTF-8.
fn utf8_prefix(partial: &mut Vec<u8>, read: &[u8]) -> Result<(), usize> {
    let carried = partial.len();
    let joined: std::borrow::Cow<'_, [u8]> = if carried == 0 {
        read.into()
    } else {
        [partial.as_slice(), read].concat().into()
    };
    match core::str::from_utf8(&joined) {
        Ok(_) => {
            partial.clear();
            Ok(())
        }
        // Only the last sequence is incomplete: the next read may complete it.
        Err(e) if e.error_len().is_none() => {
            *partial = joined[e.valid_up_to()..].to_vec();
            Ok(())
        }
        Err(e) => Err(e.valid_up_to().saturating_sub(carried)),
    }
}

/// The error of an event stream with bytes that are not UTF-8 at `offset` of `read`: the
/// body decoder's kind for the same bytes in a JSON answer.
fn not_utf8(read: &[u8], offset: usize) -> BodyError {
    BodyError::new(
        BodyErrorKind::Syntax,
        "the event stream is not valid UTF-8",
        read,
        offset,
    )
}

#[cfg(test)]
mod tests {
    use super::utf8_prefix;

    #[test]
    fn utf8_is_checked_across_reads() {
        let mut partial = Vec::new();
        let text = "café ☕".as_bytes();
        for split in 0..=text.len() {
            partial.clear();
            assert_eq!(utf8_prefix(&mut partial, &text[..split]), Ok(()));
            assert_eq!(utf8_prefix(&mut partial, &text[split..]), Ok(()));
            assert!(partial.is_empty(), "split at {split}");
        }
        partial.clear();
        assert_eq!(utf8_prefix(&mut partial, b"data: caf\xE9\"\n"), Err(9));
        partial.clear();
        assert_eq!(utf8_prefix(&mut partial, b"caf\xC3"), Ok(()));
        assert_eq!(utf8_prefix(&mut partial, b"("), Err(0));
    }
}
