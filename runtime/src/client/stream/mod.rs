#![doc = include_str!("../../../STREAMING.md")]

// `options`: what ends a stream and its limits; `receive`: a response head made into a stream
// (or the JSON answer that came instead); `chunks`: the stream itself; `probe`: what a chunk
// says besides its data (an error, the end); `stream_error`: how a stream ends badly.
mod chunks;
mod options;
mod probe;
mod receive;
mod stream_error;

pub use chunks::ChunkStream;
pub use options::{StreamEnd, StreamOptions};
pub(super) use receive::{read_streamed, ReceiveStream};
pub use stream_error::{StreamError, StreamErrorKind};
