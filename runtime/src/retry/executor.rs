//! The one retry loop of the crate ([`run`]), for the closure of [`execute`] and for the
//! client's attempts alike.

use core::future::Future;
use core::time::Duration;

use super::{Decision, Idempotency, RetryAction, RetryPolicy, RetryState, Retryable, StopReason};

/// One attempt as [`execute`] hands it to the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// What the previous failure asked to do before this attempt (`None` on the first).
    pub action: Option<RetryAction>,
}

/// Run `operation` under `policy`: retry what each error allows ([`RetryState::on_error`]),
/// sleep with `sleep` in between.
///
/// Runtime-agnostic: pass the sleep of your runtime (`tokio::time::sleep`,
/// `async_std::task::sleep`, ...). The operation is told, through [`Attempt::action`], when to
/// sign again with the corrected clock or to refresh its credentials first.
///
/// ```
/// # async fn doc() {
/// use std::time::Duration;
/// use tcapi::retry::{execute, Idempotency, RetryPolicy};
/// use tcapi::RetryHint;
/// let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(1));
/// let result: Result<&str, RetryHint> = execute(
///     &policy,
///     Idempotency::NotIdempotent,
///     |_delay| async {},                       // e.g. tokio::time::sleep
///     |attempt| async move { if attempt.number < 3 { Err(RetryHint::Throttled) } else { Ok("done") } },
/// )
/// .await;
/// assert_eq!(result, Ok("done"));
/// # }
/// ```
///
/// # Errors
///
/// The last error, when a decision stops the retries.
pub async fn execute<T, E, Op, Fut, Sleep, SleepFut>(
    policy: &RetryPolicy,
    idempotency: Idempotency,
    sleep: Sleep,
    operation: Op,
) -> Result<T, E>
where
    E: Retryable,
    Op: FnMut(Attempt) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    run(policy, idempotency, sleep, &mut FnAttempts(operation)).await
}

/// The attempts of one call, as [`run`] drives them: the closure of [`execute`], or the
/// client's signed requests with their extra steps around the retries.
pub(crate) trait Attempts {
    /// What a successful attempt gives.
    type Output;
    /// What a failed attempt gives.
    type Error: Retryable;

    /// Makes one attempt, doing first what [`Attempt::action`] asks.
    async fn attempt(&mut self, attempt: Attempt) -> Result<Self::Output, Self::Error>;

    /// Called when `error` is to be retried, before the delay.
    fn before_retry(&mut self, error: &Self::Error, retry: &PlannedRetry) {
        let _ = (error, retry);
    }

    /// Called when `error` ends the run, with the reason no retry follows.
    fn on_stop(&mut self, error: &Self::Error, reason: StopReason) {
        let _ = (error, reason);
    }
}

/// A retry [`run`] is about to make, as [`Attempts::before_retry`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlannedRetry {
    /// The number of the attempt that failed, 1 for the first.
    pub(crate) failed_attempt: u32,
    /// What is done before the next attempt.
    pub(crate) action: RetryAction,
    /// The delay before the next attempt.
    pub(crate) delay: Duration,
}

/// The one retry loop of the crate: attempt, decide with a [`RetryState`], sleep, repeat.
pub(crate) async fn run<A, Sleep, SleepFut>(
    policy: &RetryPolicy,
    idempotency: Idempotency,
    mut sleep: Sleep,
    attempts: &mut A,
) -> Result<A::Output, A::Error>
where
    A: Attempts,
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let mut state = RetryState::new(policy, idempotency);
    let mut action = None;
    loop {
        let attempt = Attempt {
            number: state.attempt(),
            action,
        };
        let error = match attempts.attempt(attempt).await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        match state.on_error(&error) {
            Decision::Stop(reason) => {
                attempts.on_stop(&error, reason);
                return Err(error);
            }
            Decision::Retry {
                action: next,
                delay,
            } => {
                let retry = PlannedRetry {
                    failed_attempt: attempt.number,
                    action: next,
                    delay,
                };
                attempts.before_retry(&error, &retry);
                if !delay.is_zero() {
                    sleep(delay).await;
                }
                action = Some(next);
            }
        }
    }
}

/// The operation closure of [`execute`] as [`Attempts`].
struct FnAttempts<Op>(Op);

impl<T, E, Op, Fut> Attempts for FnAttempts<Op>
where
    E: Retryable,
    Op: FnMut(Attempt) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    type Output = T;
    type Error = E;

    async fn attempt(&mut self, attempt: Attempt) -> Result<T, E> {
        (self.0)(attempt).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::{action_after, action_for};
    use crate::RetryHint;

    #[test]
    fn execute_retries_what_the_hints_allow() {
        let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(1));
        let mut actions = Vec::new();
        let result: Result<u32, RetryHint> = block_on(execute(
            &policy,
            Idempotency::NotIdempotent,
            |_| async {},
            |attempt| {
                actions.push(attempt.action);
                async move {
                    match attempt.number {
                        1 => Err(RetryHint::Resign),
                        2 => Err(RetryHint::RefreshCredentials),
                        3 => Err(RetryHint::Throttled),
                        n => Ok(n),
                    }
                }
            },
        ));
        assert_eq!(result, Ok(4));
        assert_eq!(
            actions,
            [
                None,
                Some(RetryAction::Resign),
                Some(RetryAction::RefreshCredentials),
                Some(RetryAction::Resend)
            ]
        );
        let result: Result<u32, RetryHint> = block_on(execute(
            &policy,
            Idempotency::NotIdempotent,
            |_| async {},
            |_| async { Err(RetryHint::Transient) },
        ));
        assert_eq!(result, Err(RetryHint::Transient));
    }

    #[test]
    fn a_failure_that_sent_nothing_is_retried_for_any_request() {
        use crate::{Error, TransportError, TransportErrorKind};
        let refused =
            || -> Error { TransportError::new(TransportErrorKind::Connect, "refused").into() };
        let timed_out =
            || -> Error { TransportError::new(TransportErrorKind::Timeout, "timed out").into() };
        let not_idempotent = Idempotency::NotIdempotent;
        assert_eq!(
            action_after(&refused(), not_idempotent),
            action_for(RetryHint::Transient, Idempotency::Idempotent)
        );
        assert_eq!(action_after(&timed_out(), not_idempotent), None);
        let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(1));
        let mut state = RetryState::new(&policy, not_idempotent);
        assert!(matches!(
            state.on_error(&refused()),
            Decision::Retry {
                action: RetryAction::Resend,
                ..
            }
        ));
        assert_eq!(
            state.on_error(&timed_out()),
            Decision::Stop(StopReason::NotIdempotent)
        );
        let result: Result<u32, Error> = block_on(execute(
            &policy,
            not_idempotent,
            |_| async {},
            |attempt| async move {
                match attempt.number {
                    1 => Err(refused()),
                    n => Ok(n),
                }
            },
        ));
        assert_eq!(result.ok(), Some(2));
    }

    /// A minimal executor for futures that never wait on anything external.
    fn block_on<F: Future>(future: F) -> F::Output {
        use core::task::{Context, Poll, Waker};
        let mut future = core::pin::pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }
}
