//! The `tracing` span of a call (feature `tracing`; without it every method does nothing).
//!
//! One span `tcapi.call` per [`Call::send`](super::Call::send), with the fields `service`,
//! `version`, `action`, `region`, `trace_id` and `attempt` (the number of the attempt under
//! way, the last one when the call ends); the call's outcome records `request_id`, `code` (the
//! API error code of a failure) and `retry` (the decision after the last failure: `Resend
//! after 20ms`, `stop: the error is not retryable`). Each failed attempt is also an event in
//! the span, with the error's `Display`. Nothing recorded holds a secret: no header, no
//! credential, no request body, and an error's text shows the structure of a JSON body, never
//! its values (`runtime/CLIENT.md`, "What errors show of a body").

use core::future::Future;

use crate::retry::{PlannedRetry, StopReason};
use crate::{Error, ErrorCode};

/// The span of one call.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

#[cfg(feature = "tracing")]
impl CallSpan {
    pub(crate) fn new(
        service: &str,
        version: &str,
        action: &str,
        region: Option<&str>,
        trace_id: &str,
    ) -> CallSpan {
        let span = tracing::info_span!(
            "tcapi.call",
            service,
            version,
            action,
            region = tracing::field::Empty,
            trace_id,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
            code = tracing::field::Empty,
            retry = tracing::field::Empty,
        );
        if let Some(region) = region {
            span.record("region", region);
        }
        CallSpan { span }
    }

    pub(crate) fn attempt(&self, number: u32) {
        self.span.record("attempt", number);
    }

    pub(crate) fn retry<C: ErrorCode>(&self, error: &Error<C>, retry: &PlannedRetry) {
        let decision = format!("{:?} after {:?}", retry.action, retry.delay);
        self.failed(error, retry.failed_attempt, &decision);
    }

    pub(crate) fn stop<C: ErrorCode>(&self, error: &Error<C>, attempt: u32, reason: StopReason) {
        self.failed(error, attempt, &format!("stop: {reason}"));
    }

    fn failed<C: ErrorCode>(&self, error: &Error<C>, attempt: u32, decision: &str) {
        let code = error.code().map(ErrorCode::as_str);
        self.span.record("retry", decision);
        tracing::info!(
            parent: &self.span,
            attempt,
            code,
            request_id = error.request_id(),
            retry = decision,
            %error,
            "tcapi attempt failed"
        );
    }

    /// Records the call's outcome: the RequestId of its answer, or its error.
    pub(crate) fn finish<C: ErrorCode>(&self, outcome: Result<Option<&str>, &Error<C>>) {
        let (request_id, code) = match outcome {
            Ok(request_id) => (request_id, None),
            Err(error) => (error.request_id(), error.code().map(ErrorCode::as_str)),
        };
        if let Some(request_id) = request_id {
            self.span.record("request_id", request_id);
        }
        if let Some(code) = code {
            self.span.record("code", code);
        }
    }

    pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        tracing::Instrument::instrument(future, self.span.clone())
    }
}

#[cfg(not(feature = "tracing"))]
impl CallSpan {
    pub(crate) fn new(
        _service: &str,
        _version: &str,
        _action: &str,
        _region: Option<&str>,
        _trace_id: &str,
    ) -> CallSpan {
        CallSpan {}
    }

    pub(crate) fn attempt(&self, _number: u32) {}

    pub(crate) fn retry<C: ErrorCode>(&self, _error: &Error<C>, _retry: &PlannedRetry) {}

    pub(crate) fn stop<C: ErrorCode>(&self, _error: &Error<C>, _attempt: u32, _reason: StopReason) {
    }

    pub(crate) fn finish<C: ErrorCode>(&self, _outcome: Result<Option<&str>, &Error<C>>) {}

    pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
        future
    }
}
