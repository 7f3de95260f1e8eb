//! [`Retryable`]: what the executor reads of a failure, its hint and whether it provably sent
//! nothing.

use crate::RetryHint;

/// What the executor needs to know about a failure: every error of this crate, and the hint
/// itself.
pub trait Retryable {
    /// What to do about it.
    fn retry_hint(&self) -> RetryHint;

    /// Whether the request provably never reached the service (a connection that could not be
    /// established), so that it cannot have been executed. `false` unless known: the safe
    /// answer for a failure that may have executed the request.
    fn sent_nothing(&self) -> bool {
        false
    }
}

impl Retryable for RetryHint {
    fn retry_hint(&self) -> RetryHint {
        *self
    }
}

impl<C: crate::ErrorCode> Retryable for crate::Error<C> {
    fn retry_hint(&self) -> RetryHint {
        crate::Error::retry_hint(self)
    }

    fn sent_nothing(&self) -> bool {
        crate::Error::sent_nothing(self)
    }
}
