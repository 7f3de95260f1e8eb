//! What to do after a failed attempt: the [`RetryAction`] per hint ([`action_for`],
//! [`action_after`]), and the [`RetryState`] of one call that counts attempts and budgets to
//! reach a [`Decision`] or a [`StopReason`].

use core::fmt;
use core::time::Duration;
use std::time::Instant;

use super::backoff::Rng;
use super::{Idempotency, RetryPolicy, Retryable};
use crate::RetryHint;

/// What to do before the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAction {
    /// Send the same request again, signed with a fresh timestamp as every attempt is.
    Resend,
    /// Sign again with the clock corrected by the offset learned from the server's `Date`.
    Resign,
    /// Ask the credentials provider for fresh credentials, then sign and send again.
    RefreshCredentials,
}

/// Why no further attempt is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopReason {
    /// The hint is `Never`: the same request fails again.
    NotRetryable,
    /// The hint is `Transient` and the request is not idempotent: it may have been executed.
    NotIdempotent,
    /// The policy's attempts are used up.
    AttemptsExhausted,
    /// The next retry would end past the time budget.
    BudgetExhausted,
    /// The credentials were refreshed once already in this call and were still rejected.
    AlreadyRefreshed,
    /// The request was signed again twice already and the signature is still rejected.
    AlreadyResigned,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::NotRetryable => "the error is not retryable",
            StopReason::NotIdempotent => "the request may have been executed and is not idempotent",
            StopReason::AttemptsExhausted => "the attempts of the retry policy are used up",
            StopReason::BudgetExhausted => "the time budget of the retry policy is used up",
            StopReason::AlreadyRefreshed => "fresh credentials were rejected too",
            StopReason::AlreadyResigned => "the signature was rejected after signing again",
        })
    }
}

/// The decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Make another attempt after `delay`, doing `action` first.
    Retry {
        /// What to do before the attempt.
        action: RetryAction,
        /// How long to wait first.
        delay: Duration,
    },
    /// Return the error.
    Stop(StopReason),
}

/// What the executor does for a hint, without attempts or budgets: the table of this module.
///
/// ```
/// use tcapi::retry::{action_for, Idempotency, RetryAction};
/// use tcapi::RetryHint;
/// assert_eq!(action_for(RetryHint::Throttled, Idempotency::NotIdempotent), Some(RetryAction::Resend));
/// assert_eq!(action_for(RetryHint::Transient, Idempotency::NotIdempotent), None);
/// assert_eq!(action_for(RetryHint::Transient, Idempotency::Idempotent), Some(RetryAction::Resend));
/// ```
pub const fn action_for(hint: RetryHint, idempotency: Idempotency) -> Option<RetryAction> {
    match hint {
        RetryHint::Never => None,
        RetryHint::Transient if !idempotency.is_idempotent() => None,
        RetryHint::Throttled | RetryHint::Transient | RetryHint::WaitForResource => {
            Some(RetryAction::Resend)
        }
        RetryHint::Resign => Some(RetryAction::Resign),
        RetryHint::RefreshCredentials => Some(RetryAction::RefreshCredentials),
    }
}

/// What the executor does after `error`, without attempts or budgets: [`action_for`] its hint,
/// with a request that provably sent nothing ([`Retryable::sent_nothing`]) counted as
/// idempotent. For retry crates that decide per error, such as `backon`'s `when`.
///
/// ```
/// use tcapi::retry::{action_after, Idempotency, RetryAction};
/// use tcapi::{Error, TransportError, TransportErrorKind};
/// let refused: Error = TransportError::new(TransportErrorKind::Connect, "connection refused").into();
/// let timed_out: Error = TransportError::new(TransportErrorKind::Timeout, "timed out").into();
/// assert_eq!(action_after(&refused, Idempotency::NotIdempotent), Some(RetryAction::Resend));
/// assert_eq!(action_after(&timed_out, Idempotency::NotIdempotent), None);
/// assert_eq!(action_after(&timed_out, Idempotency::Idempotent), Some(RetryAction::Resend));
/// ```
pub fn action_after<E: Retryable + ?Sized>(
    error: &E,
    idempotency: Idempotency,
) -> Option<RetryAction> {
    action_for(error.retry_hint(), idempotency.after(error))
}

/// The retry state of one call: counts attempts, remembers what was done, draws jitter.
///
/// Drive it by hand when [`execute`](super::execute()) does not fit (a blocking client, a
/// custom loop):
///
/// ```
/// use std::time::Duration;
/// use tcapi::retry::{Decision, Idempotency, RetryAction, RetryPolicy, RetryState};
/// use tcapi::RetryHint;
/// let policy = RetryPolicy::default().with_max_attempts(3);
/// let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
/// assert!(matches!(state.on_failure(RetryHint::Throttled), Decision::Retry { action: RetryAction::Resend, .. }));
/// assert!(matches!(state.on_failure(RetryHint::Throttled), Decision::Retry { .. }));
/// assert!(matches!(state.on_failure(RetryHint::Throttled), Decision::Stop(_))); // 3 attempts made
/// ```
#[derive(Debug, Clone)]
pub struct RetryState {
    policy: RetryPolicy,
    idempotency: Idempotency,
    started: Instant,
    attempts: u32,
    backoffs: u32,
    resource_waits: u32,
    resigned: u32,
    refreshed: bool,
    rng: Rng,
}

impl RetryState {
    /// The state before the first attempt; the time budget starts now.
    pub fn new(policy: &RetryPolicy, idempotency: Idempotency) -> Self {
        RetryState {
            policy: policy.clone(),
            idempotency,
            started: Instant::now(),
            attempts: 1,
            backoffs: 0,
            resource_waits: 0,
            resigned: 0,
            refreshed: false,
            rng: Rng::new(),
        }
    }

    /// The number of the attempt in flight, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempts
    }

    /// The time since the first attempt started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Decide after the current attempt failed with `error`, as [`action_after`] says. On
    /// `Retry`, the attempt number advances.
    pub fn on_error<E: Retryable + ?Sized>(&mut self, error: &E) -> Decision {
        self.decide(error.retry_hint(), self.idempotency.after(error))
    }

    /// Decide after the current attempt failed with `hint`, the request having possibly
    /// reached the service. On `Retry`, the attempt number advances.
    pub fn on_failure(&mut self, hint: RetryHint) -> Decision {
        self.decide(hint, self.idempotency)
    }

    fn decide(&mut self, hint: RetryHint, idempotency: Idempotency) -> Decision {
        let Some(action) = action_for(hint, idempotency) else {
            return Decision::Stop(if hint == RetryHint::Transient {
                StopReason::NotIdempotent
            } else {
                StopReason::NotRetryable
            });
        };
        if self.attempts >= self.policy.max_attempts() {
            return Decision::Stop(StopReason::AttemptsExhausted);
        }
        let delay = match hint {
            RetryHint::Resign if self.resigned >= 2 => {
                return Decision::Stop(StopReason::AlreadyResigned)
            }
            RetryHint::RefreshCredentials if self.refreshed => {
                return Decision::Stop(StopReason::AlreadyRefreshed)
            }
            RetryHint::Resign | RetryHint::RefreshCredentials => Duration::ZERO,
            RetryHint::WaitForResource => {
                let bound = self.policy.resource_delay_bound(self.resource_waits + 1);
                self.policy.jittered(bound, &mut self.rng)
            }
            _ => {
                let bound = self.policy.delay_bound(self.backoffs + 1);
                self.policy.jittered(bound, &mut self.rng)
            }
        };
        if let Some(budget) = self.policy.time_budget() {
            if self.started.elapsed() + delay > budget {
                return Decision::Stop(StopReason::BudgetExhausted);
            }
        }
        match hint {
            RetryHint::Resign => self.resigned += 1,
            RetryHint::RefreshCredentials => self.refreshed = true,
            RetryHint::WaitForResource => self.resource_waits += 1,
            _ => self.backoffs += 1,
        }
        self.attempts += 1;
        Decision::Retry { action, delay }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::Jitter;

    #[test]
    fn table() {
        use Idempotency::{Idempotent, NotIdempotent};
        use RetryAction::{RefreshCredentials, Resend, Resign};
        let rows = [
            (RetryHint::Never, None, None),
            (RetryHint::Throttled, Some(Resend), Some(Resend)),
            (RetryHint::Transient, Some(Resend), None),
            (RetryHint::Resign, Some(Resign), Some(Resign)),
            (
                RetryHint::RefreshCredentials,
                Some(RefreshCredentials),
                Some(RefreshCredentials),
            ),
            (RetryHint::WaitForResource, Some(Resend), Some(Resend)),
        ];
        assert_eq!(rows.len(), RetryHint::ALL.len());
        for (hint, idempotent, not_idempotent) in rows {
            assert_eq!(action_for(hint, Idempotent), idempotent, "{hint}");
            assert_eq!(action_for(hint, NotIdempotent), not_idempotent, "{hint}");
            // Whatever is retried for a request that is not idempotent must be safe for any.
            assert_eq!(
                not_idempotent.is_some(),
                hint.is_safe_for_any_request(),
                "{hint}"
            );
        }
    }

    #[test]
    fn transient_only_when_idempotent() {
        let policy = RetryPolicy::default();
        let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
        assert_eq!(
            state.on_failure(RetryHint::Transient),
            Decision::Stop(StopReason::NotIdempotent)
        );
        let mut state = RetryState::new(&policy, Idempotency::Idempotent);
        assert!(matches!(
            state.on_failure(RetryHint::Transient),
            Decision::Retry { .. }
        ));
        let mut state = RetryState::new(&policy, Idempotency::Idempotent);
        assert_eq!(
            state.on_failure(RetryHint::Never),
            Decision::Stop(StopReason::NotRetryable)
        );
    }

    #[test]
    fn refresh_once_resign_twice() {
        let policy = RetryPolicy::default().with_max_attempts(10);
        let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
        assert_eq!(
            state.on_failure(RetryHint::RefreshCredentials),
            Decision::Retry {
                action: RetryAction::RefreshCredentials,
                delay: Duration::ZERO
            }
        );
        assert_eq!(
            state.on_failure(RetryHint::RefreshCredentials),
            Decision::Stop(StopReason::AlreadyRefreshed)
        );
        let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
        for _ in 0..2 {
            assert_eq!(
                state.on_failure(RetryHint::Resign),
                Decision::Retry {
                    action: RetryAction::Resign,
                    delay: Duration::ZERO
                }
            );
        }
        assert_eq!(
            state.on_failure(RetryHint::Resign),
            Decision::Stop(StopReason::AlreadyResigned)
        );
    }

    #[test]
    fn wait_for_resource_waits_longer() {
        let policy = RetryPolicy::default().with_jitter(Jitter::None);
        let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
        let Decision::Retry { delay, .. } = state.on_failure(RetryHint::WaitForResource) else {
            panic!()
        };
        assert_eq!(delay, Duration::from_secs(1));
        assert!(delay > policy.delay_bound(1));
    }

    #[test]
    fn budget_stops_retries() {
        let policy = RetryPolicy::default()
            .with_jitter(Jitter::None)
            .with_base_delay(Duration::from_secs(2))
            .with_time_budget(Some(Duration::from_secs(1)));
        let mut state = RetryState::new(&policy, Idempotency::Idempotent);
        assert_eq!(
            state.on_failure(RetryHint::Throttled),
            Decision::Stop(StopReason::BudgetExhausted)
        );
    }
}
