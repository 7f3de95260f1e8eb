//! [`StreamError`] and [`StreamErrorKind`]: a stream that ended badly, carried to the caller as
//! the source of an [`Error::Transport`].

use core::fmt;
use core::time::Duration;

use super::StreamEnd;
use crate::{Error, TransportError, TransportErrorKind};

/// What went wrong with a stream itself, as opposed to an error the service reported in it.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamErrorKind {
    /// The body ended, or broke off, before the chunk its [`StreamEnd`] names.
    Cut,
    /// An event exceeded [`StreamOptions::max_event_bytes`](super::StreamOptions::max_event_bytes).
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Nothing arrived for [`StreamOptions::idle_timeout`](super::StreamOptions::idle_timeout).
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
    pub(super) kind: StreamErrorKind,
    pub(super) end: StreamEnd,
    pub(super) chunks: u64,
    pub(super) request_id: Option<String>,
    pub(super) cause: Option<Box<dyn std::error::Error + Send + Sync>>,
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

    pub(super) fn into_error<C>(self) -> Error<C> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommonCode;

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
