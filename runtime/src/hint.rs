//! What to do about an error: the retry hint every code, and every [`crate::Error`], carries.

use core::fmt;

/// What a caller should do about a failed request, as decided from its error code.
///
/// | hint | request executed? | retry? |
/// |---|---|---|
/// | [`Never`](RetryHint::Never) | fails again the same way | no |
/// | [`Throttled`](RetryHint::Throttled) | no, rejected before execution | yes, after backoff, any request |
/// | [`Transient`](RetryHint::Transient) | maybe | only an idempotent request |
/// | [`Resign`](RetryHint::Resign) | no | yes, signed again with a corrected timestamp |
/// | [`RefreshCredentials`](RetryHint::RefreshCredentials) | no | yes, with fresh temporary credentials |
/// | [`WaitForResource`](RetryHint::WaitForResource) | no, another operation holds the resource | yes, after a longer delay |
///
/// ```
/// use tcapi::{CommonCode, ErrorCode, RetryHint};
/// let hint = CommonCode::parse("RequestLimitExceeded").retry_hint();
/// assert_eq!(hint, RetryHint::Throttled);
/// assert!(hint.is_retryable() && hint.is_safe_for_any_request());
/// assert!(!RetryHint::Transient.is_safe_for_any_request());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RetryHint {
    /// The same request fails again: a bad parameter, a missing permission, an exhausted
    /// quota, a resource that does not exist.
    Never,
    /// Rejected before execution because of the request rate (`RequestLimitExceeded` and its
    /// sub-codes, and product codes that mean the same): retry after a backoff. Safe for any
    /// request, idempotent or not.
    Throttled,
    /// A service-side failure (`InternalError`, `ServiceUnavailable`, and product codes that
    /// mean the same): the request may have been applied, so retry only a request that is
    /// idempotent or carries a `ClientToken`.
    Transient,
    /// The signature expired (`AuthFailure.SignatureExpire`): sign again with a fresh
    /// timestamp, corrected for the server's clock, and retry.
    Resign,
    /// The temporary credentials expired (`AuthFailure.TokenFailure`): refresh them and retry.
    RefreshCredentials,
    /// Another operation holds the resource: retry after a longer delay.
    WaitForResource,
}

impl RetryHint {
    /// Every hint, in declaration order.
    pub const ALL: &'static [RetryHint] = &[
        RetryHint::Never,
        RetryHint::Throttled,
        RetryHint::Transient,
        RetryHint::Resign,
        RetryHint::RefreshCredentials,
        RetryHint::WaitForResource,
    ];

    /// Whether some request with this outcome may be retried (every hint but `Never`).
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryHint::Never)
    }

    /// Whether the request was certainly not executed, so that retrying is safe even for a
    /// request that is not idempotent (every retryable hint but `Transient`).
    pub const fn is_safe_for_any_request(self) -> bool {
        matches!(
            self,
            RetryHint::Throttled
                | RetryHint::Resign
                | RetryHint::RefreshCredentials
                | RetryHint::WaitForResource
        )
    }

    /// The hint's name as written in tables (`"Throttled"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryHint::Never => "Never",
            RetryHint::Throttled => "Throttled",
            RetryHint::Transient => "Transient",
            RetryHint::Resign => "Resign",
            RetryHint::RefreshCredentials => "RefreshCredentials",
            RetryHint::WaitForResource => "WaitForResource",
        }
    }
}

impl fmt::Display for RetryHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
