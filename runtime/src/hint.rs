//! What to do about an error: the retry hint every code, and every [`crate::Error`], carries.
//!
//! The variants, their meanings and which are safe for any request come from
//! `tcapi_codes::hints`, the one list of hints, which the tables and the macro read too.

use core::fmt;

tcapi_macros::__define_retry_hints! {
    /// What a caller should do about a failed request, as decided from its error code.
    ///
    /// ```
    /// use tcapi::{CommonCode, ErrorCode, RetryHint};
    /// let hint = CommonCode::parse("RequestLimitExceeded").retry_hint();
    /// assert_eq!(hint, RetryHint::Throttled);
    /// assert!(hint.is_retryable() && hint.is_safe_for_any_request());
    /// assert!(!RetryHint::Transient.is_safe_for_any_request());
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum RetryHint {}
}

impl RetryHint {
    /// Whether some request with this outcome may be retried (every hint but `Never`).
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryHint::Never)
    }

    /// Whether the request was certainly not executed, so that retrying is safe even for a
    /// request that is not idempotent (every retryable hint but `Transient`).
    pub const fn is_safe_for_any_request(self) -> bool {
        self.safe_for_any_request()
    }
}

impl fmt::Display for RetryHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
