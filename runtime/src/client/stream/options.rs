//! [`StreamOptions`]: how a stream is read, its end marker ([`StreamEnd`]) and its limits.

use core::num::NonZeroUsize;
use core::time::Duration;

/// What marks the last chunk of a stream, so that a connection closed before it is an error
/// instead of a silently short answer.
///
/// Each streaming action documents its own marker; `codegen/streaming-actions.json` (read
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
///
/// [`Call::send_stream`]: crate::client::Call::send_stream
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    pub(super) end: StreamEnd,
    pub(super) max_event_bytes: NonZeroUsize,
    pub(super) idle_timeout: Duration,
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
    ///
    /// [`StreamErrorKind::EventTooLarge`]: super::StreamErrorKind::EventTooLarge
    #[must_use]
    pub fn max_event_bytes(mut self, bytes: usize) -> Self {
        self.max_event_bytes = NonZeroUsize::new(bytes).unwrap_or(NonZeroUsize::MIN);
        self
    }

    /// The longest silence between two reads of the body, also the limit to read a JSON answer
    /// that came instead of a stream. A longer one ends the stream with
    /// [`StreamErrorKind::Idle`]. Default 60 s.
    ///
    /// [`StreamErrorKind::Idle`]: super::StreamErrorKind::Idle
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
