//! What a test injects in place of a normal answer ([`Fault`]), a streamed answer's plan
//! and its faults among them ([`StreamPlan`], [`StreamFault`]), and what an injected fault
//! makes of an answer.

use std::time::Duration;

use crate::error::{api_error, ApiError};

/// A fault to inject in place of a normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Execute the action (it counts as executed), then answer `InternalError`: the worst case
    /// for a request that is not idempotent, which must therefore not be retried.
    InternalError,
    /// Answer this API error without executing.
    ApiError {
        /// The error code (`ResourceInUse`).
        code: String,
        /// The message.
        message: String,
    },
    /// Answer `RequestLimitExceeded` without executing, whatever the limiter says.
    Throttle,
    /// Answer HTTP 502 with an HTML page, as a gateway does.
    Html502,
    /// Answer this HTTP status with a short plain-text body (429 from a proxy, 503...).
    HttpStatus(u16),
    /// Answer HTTP 200, `application/json`, with exactly these bytes, without executing: an
    /// empty body, a truncated one, one with a value of the wrong type.
    Body(Vec<u8>),
    /// Close the connection without answering.
    DropConnection,
    /// Wait this long, then answer normally.
    Slow(Duration),
    /// Stream the answer of a streaming action (one that asked for a stream) as planned.
    Stream(StreamPlan),
}

/// How the server streams an answer; inject it with [`Fault::Stream`]
/// (`server.inject_for("ChatCompletions", Fault::Stream(plan))`).
///
/// ```
/// use std::time::Duration;
/// use tcapi_testserver::{StreamFault, StreamPlan};
///
/// // 1,000 chunks a millisecond apart, cut after the 10th.
/// let plan = StreamPlan::chunks(1000)
///     .interval(Duration::from_millis(1))
///     .fault(StreamFault::Cut { after: 10 });
/// assert_eq!(plan.chunks, Some(1000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StreamPlan {
    /// How many chunks: chunk `i` carries the content `"{i} "`. `None`: one chunk per word of
    /// the model's reply.
    pub chunks: Option<usize>,
    /// The wait before each chunk.
    pub interval: Duration,
    /// What goes wrong, if anything.
    pub fault: Option<StreamFault>,
}

impl StreamPlan {
    /// `n` chunks, no wait, no fault.
    pub fn chunks(n: usize) -> Self {
        StreamPlan {
            chunks: Some(n),
            ..StreamPlan::default()
        }
    }

    /// The wait before each chunk.
    #[must_use]
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// What goes wrong.
    #[must_use]
    pub fn fault(mut self, fault: StreamFault) -> Self {
        self.fault = Some(fault);
        self
    }
}

/// A fault in the middle of a stream, after `after` good chunks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamFault {
    /// A chunk with hunyuan's `ErrorMsg {Code, Msg}`, then the end of the body.
    ErrorMsg {
        /// Good chunks before it.
        after: usize,
        /// The code (hunyuan documents 4000, internal error, and 4001, model timeout).
        code: i64,
        /// The message.
        message: String,
    },
    /// The connection breaks off in the middle of the body.
    Cut {
        /// Good chunks before it.
        after: usize,
    },
    /// The body ends cleanly, but without the last chunk (the one with a `FinishReason`).
    EndEarly {
        /// Good chunks before it.
        after: usize,
    },
    /// A `data:` line of `bytes` bytes, then the rest of the stream.
    LongLine {
        /// Good chunks before it.
        after: usize,
        /// The length of the line.
        bytes: usize,
    },
    /// These bytes, exactly as given (an event of another server's making: `data: [DONE]`,
    /// `event: ping`, bytes that are not UTF-8), then the rest of the stream; `after` may be
    /// the number of chunks, to send them after the last one.
    Raw {
        /// Good chunks before them.
        after: usize,
        /// What is written to the body.
        bytes: Vec<u8>,
    },
    /// Nothing for `pause`, then the rest of the stream.
    Stall {
        /// Good chunks before it.
        after: usize,
        /// How long nothing is sent.
        pause: Duration,
    },
}

impl StreamFault {
    /// The good chunks before it.
    pub(crate) fn after(&self) -> usize {
        match self {
            StreamFault::ErrorMsg { after, .. }
            | StreamFault::Cut { after }
            | StreamFault::EndEarly { after }
            | StreamFault::LongLine { after, .. }
            | StreamFault::Raw { after, .. }
            | StreamFault::Stall { after, .. } => *after,
        }
    }
}

/// The plan of a streamed answer: the fault's, if it is one, else the plain plan.
pub(crate) fn stream_plan(fault: &Option<Fault>) -> StreamPlan {
    match fault {
        Some(Fault::Stream(plan)) => plan.clone(),
        _ => StreamPlan::default(),
    }
}

/// The error an injected `fault` answers, if it answers one; `execute` runs for a fault
/// that executes the action before failing.
pub(crate) fn injected_error(fault: Option<Fault>, execute: impl FnOnce()) -> Result<(), ApiError> {
    match fault {
        Some(Fault::Throttle) => Err(api_error(
            "RequestLimitExceeded",
            "Request limit exceeded (injected).",
        )),
        Some(Fault::ApiError { code, message }) => Err(ApiError { code, message }),
        Some(Fault::InternalError) => {
            execute();
            Err(api_error(
                "InternalError",
                "An internal error occurred (injected).",
            ))
        }
        _ => Ok(()),
    }
}
