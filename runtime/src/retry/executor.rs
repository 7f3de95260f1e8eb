//! The one retry loop of the crate ([`run`]) and its steps ([`Retries`]), for the closure of
//! [`execute`] and for the client's attempts alike.

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

/// The attempts of one call, as [`run`] and [`Retries`] drive them: the closure of
/// [`execute`], or the client's signed requests with their extra steps around the retries.
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
    let mut retries = Retries::new(policy, idempotency);
    loop {
        let attempt = retries.next_attempt();
        match attempts.attempt(attempt).await {
            Ok(value) => return Ok(value),
            Err(error) => {
                retries
                    .after_failure(attempt, error, attempts, &mut sleep)
                    .await?
            }
        }
    }
}

/// The decisions of one [`run`], step by step. The client's calls take these steps
/// themselves, because an answer is decoded between an attempt and its decision (by a
/// generic step of each call, so that the attempts and the decisions are compiled once per
/// error-code type, not once per action): [`run`] and the client decide alike.
pub(crate) struct Retries {
    state: RetryState,
    /// What the last failure asked to do before the next attempt.
    action: Option<RetryAction>,
}

impl Retries {
    pub(crate) fn new(policy: &RetryPolicy, idempotency: Idempotency) -> Self {
        Retries {
            state: RetryState::new(policy, idempotency),
            action: None,
        }
    }

    /// The attempt to make next.
    pub(crate) fn next_attempt(&self) -> Attempt {
        Attempt {
            number: self.state.attempt(),
            action: self.action,
        }
    }

    /// Decides after `attempt` failed with `error`: stops with it (`Err`), or tells
    /// `attempts` of the retry and sleeps its delay, ready for the next attempt.
    pub(crate) async fn after_failure<A, Sleep, SleepFut>(
        &mut self,
        attempt: Attempt,
        error: A::Error,
        attempts: &mut A,
        sleep: &mut Sleep,
    ) -> Result<(), A::Error>
    where
        A: Attempts,
        Sleep: FnMut(Duration) -> SleepFut,
        SleepFut: Future<Output = ()>,
    {
        match self.state.on_error(&error) {
            Decision::Stop(reason) => {
                attempts.on_stop(&error, reason);
                Err(error)
            }
            Decision::Retry { action, delay } => {
                let retry = PlannedRetry {
                    failed_attempt: attempt.number,
                    action,
                    delay,
                };
                attempts.before_retry(&error, &retry);
                if !delay.is_zero() {
                    sleep(delay).await;
                }
                self.action = Some(action);
                Ok(())
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
