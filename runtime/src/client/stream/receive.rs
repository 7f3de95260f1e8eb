//! [`ReceiveStream`], the [`Receive`] of a streaming call: an event stream becomes a
//! [`ChunkStream`]; a JSON answer that came instead is read whole ([`read_streamed`]), an
//! error or one chunk.

use serde::de::DeserializeOwned;

use super::{ChunkStream, StreamOptions};
use crate::client::attempt::{Read, Receive};
use crate::client::transport::read_body;
use crate::decode::{decode_bare, decode_bare_fields, Fields};
use crate::{
    BodyError, Decoded, Error, ErrorCode, TencentResponse, TransportError, TransportErrorKind,
};

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

/// [`Receive`] for [`Call::send_stream`](crate::client::Call::send_stream) and
/// [`Call::send_response_stream`](crate::client::Call::send_response_stream).
pub(in crate::client) struct ReceiveStream<T, C> {
    options: StreamOptions,
    reader: Reader<T, C>,
}

impl<T: DeserializeOwned, C: ErrorCode> ReceiveStream<T, C> {
    /// What [`Call::send_stream`](crate::client::Call::send_stream) receives: chunks read as
    /// `T`, and a JSON answer as an envelope around a `T`.
    pub(in crate::client) fn chunks(options: StreamOptions) -> Self {
        ReceiveStream {
            options,
            reader: Reader {
                chunk: decode_bare::<T>,
                answer: crate::decode_with::<T, C>,
            },
        }
    }
}

impl<R: TencentResponse + Fields> ReceiveStream<R, R::Code> {
    /// What [`Call::send_response_stream`](crate::client::Call::send_response_stream)
    /// receives: chunks read as the response `R` without its envelope, and a JSON answer as
    /// the whole response.
    pub(in crate::client) fn responses(options: StreamOptions) -> Self {
        ReceiveStream {
            options,
            reader: Reader {
                chunk: decode_bare_fields::<R>,
                answer: |body| {
                    let response = R::from_slice(body)?;
                    let request_id = response.request_id().map(str::to_owned);
                    Ok(Decoded::new(response, request_id))
                },
            },
        }
    }
}

impl<T, C: ErrorCode> Receive for ReceiveStream<T, C> {
    type Output = ChunkStream<T, C>;
    type Code = C;

    fn stream_options(&self) -> Option<&StreamOptions> {
        Some(&self.options)
    }

    fn accept(&self, read: Read) -> Result<ChunkStream<T, C>, Error<C>> {
        Ok(match read {
            Read::Events(response) => {
                ChunkStream::events(response, &self.options, self.reader.chunk)
            }
            Read::Body(body) => {
                ChunkStream::single((self.reader.answer)(&body)?, self.reader.chunk)
            }
        })
    }

    fn request_id(output: &ChunkStream<T, C>) -> Option<&str> {
        output.request_id()
    }
}

/// What a streaming call reads of `response`: an event stream, unread; or the JSON answer
/// that came instead, whole (at most `max_body` bytes, each gap at most the idle timeout).
pub(in crate::client) async fn read_streamed<C>(
    response: reqwest::Response,
    options: &StreamOptions,
    max_body: usize,
) -> Result<Read, Error<C>> {
    if response.status() == reqwest::StatusCode::OK && is_event_stream(response.headers()) {
        return Ok(Read::Events(response));
    }
    let idle = options.idle_timeout;
    let body = tokio::time::timeout(idle, read_body(response, max_body))
        .await
        .map_err(|_| {
            Error::Transport(TransportError::new(
                TransportErrorKind::Timeout,
                format!("the JSON answer to a streaming call took longer than {idle:?}"),
            ))
        })??;
    Ok(Read::Body(body))
}

/// Whether the `Content-Type` is `text/event-stream`, whatever parameters follow.
fn is_event_stream(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
