#![doc = include_str!("../RETRY.md")]

use core::fmt;
use core::future::Future;
use core::time::Duration;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Instant;

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

/// Whether a request may be executed twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Idempotency {
    /// Executing it twice may do something twice (create two instances, pay twice). Only
    /// hints that guarantee the request was not executed are retried. The default.
    #[default]
    NotIdempotent,
    /// Executing it twice is harmless: a read (`Describe*`, see [`READ_PREFIXES`]), a
    /// set-to-value, or a request that carries a `ClientToken`, which the service uses to
    /// execute it at most once.
    Idempotent,
}

/// The name prefixes of Tencent Cloud's read actions (`DescribeInstances`, `GetThread`,
/// `InquiryPriceRunInstances`...), each followed by a capitalized word or nothing.
///
/// The rule of idempotency, for the generated crates' [`crate::Action`] impls and for an untyped
/// [`Call`](crate::client::Call) alike: an action named like a read may be sent again; another
/// one when its request carries a non-empty `ClientToken` (the service executes a token at most
/// once); others never. The SDK generator keeps the exceptions, each with its reason, in
/// `codegen-data/sdk-idempotency.json`, and its own copy of this list is checked equal to this
/// one by a test.
pub const READ_PREFIXES: &[&str] = &[
    "Describe", "Get", "List", "Query", "Inquiry", "Inquire", "Search",
];

/// Whether `action` is named like a read ([`READ_PREFIXES`]): `GetThread` is, `Getaway` is not.
///
/// ```
/// use tcapi::retry::is_read_action;
///
/// assert!(is_read_action("DescribeInstances"));
/// assert!(is_read_action("InquiryPriceRunInstances"));
/// assert!(!is_read_action("RunInstances"));
/// assert!(!is_read_action("Getaway"));
/// ```
pub fn is_read_action(action: &str) -> bool {
    READ_PREFIXES.iter().any(|prefix| {
        action.strip_prefix(prefix).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
        })
    })
}

impl Idempotency {
    /// `Idempotent` when `idempotent` is true.
    pub const fn from_bool(idempotent: bool) -> Self {
        if idempotent {
            Idempotency::Idempotent
        } else {
            Idempotency::NotIdempotent
        }
    }

    /// Whether it is [`Idempotency::Idempotent`].
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Idempotency::Idempotent)
    }

    /// The idempotency that counts after `failure`: a request that provably never reached the
    /// service cannot have been executed, so sending it again is as harmless as repeating an
    /// idempotent one, whatever the request does.
    fn after<E: Retryable + ?Sized>(self, failure: &E) -> Self {
        if failure.sent_nothing() {
            Idempotency::Idempotent
        } else {
            self
        }
    }
}

/// How much randomness goes into a backoff delay, to spread out clients that failed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Jitter {
    /// The delay is the bound itself: `min(cap, base * 2^(n-1))`. Deterministic; for tests.
    None,
    /// Uniform in `[0, bound]` ("full jitter"): the fewest collisions, the default.
    #[default]
    Full,
    /// Uniform in `[bound/2, bound]` ("equal jitter"): never much shorter than the bound.
    Equal,
}

/// When and how often to retry: attempts, delays, jitter and a time budget.
///
/// The delay before retry `n` (1 for the first retry) is drawn from
/// `[0, min(max_delay, base_delay * 2^(n-1))]` (see [`Jitter`]); `WaitForResource` uses
/// `resource_delay` and `max_resource_delay` instead. `Resign` and `RefreshCredentials` retry at
/// once. A retry whose delay would end past the time budget is not made.
///
/// ```
/// use std::time::Duration;
/// use tcapi::retry::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(50))
///     .with_max_delay(Duration::from_secs(2))
///     .with_time_budget(Some(Duration::from_secs(10)));
/// assert_eq!(policy.delay_bound(3), Duration::from_millis(200));
/// assert_eq!(policy.delay_bound(10), Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    resource_delay: Duration,
    max_resource_delay: Duration,
    jitter: Jitter,
    time_budget: Option<Duration>,
}

impl Default for RetryPolicy {
    /// 4 attempts, 200 ms base delay capped at 5 s, full jitter, 1 s base (capped at 10 s)
    /// for `WaitForResource`, 30 s budget.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            resource_delay: Duration::from_secs(1),
            max_resource_delay: Duration::from_secs(10),
            jitter: Jitter::Full,
            time_budget: Some(Duration::from_secs(30)),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: one attempt.
    pub fn never() -> Self {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// Total attempts, the first included (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The bound of the first backoff delay; each further retry doubles it.
    #[must_use]
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The largest backoff delay.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The base and the cap of the delay after `WaitForResource` (longer than the others:
    /// another operation holds the resource and takes seconds to finish).
    #[must_use]
    pub fn with_resource_delay(mut self, base: Duration, max: Duration) -> Self {
        self.resource_delay = base;
        self.max_resource_delay = max;
        self
    }

    /// The jitter applied to backoff delays.
    #[must_use]
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The time from the first attempt after which no retry starts (`None`: no limit).
    #[must_use]
    pub fn with_time_budget(mut self, budget: Option<Duration>) -> Self {
        self.time_budget = budget;
        self
    }

    /// Total attempts, the first included: what [`RetryPolicy::with_max_attempts`] set.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time from the first attempt after which no retry starts: what
    /// [`RetryPolicy::with_time_budget`] set.
    pub fn time_budget(&self) -> Option<Duration> {
        self.time_budget
    }

    /// The upper bound of the delay before retry `n` (1-based) after `Throttled` or
    /// `Transient`: `min(max_delay, base_delay * 2^(n-1))`.
    pub fn delay_bound(&self, n: u32) -> Duration {
        exponential(self.base_delay, self.max_delay, n)
    }

    /// The upper bound of the delay before retry `n` after `WaitForResource`.
    pub fn resource_delay_bound(&self, n: u32) -> Duration {
        exponential(self.resource_delay, self.max_resource_delay, n)
    }

    /// The backoff delays of this policy, jittered, one per retry it allows: an iterator that
    /// plugs into retry crates such as `backon` (which takes any `Iterator<Item = Duration>`).
    pub fn delays(&self) -> Delays {
        Delays {
            policy: self.clone(),
            n: 0,
            rng: Rng::new(),
        }
    }

    fn jittered(&self, bound: Duration, rng: &mut Rng) -> Duration {
        match self.jitter {
            Jitter::None => bound,
            Jitter::Full => rng.below(bound),
            Jitter::Equal => bound / 2 + rng.below(bound - bound / 2),
        }
    }
}

fn exponential(base: Duration, cap: Duration, n: u32) -> Duration {
    let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

/// The jittered backoff delays of a [`RetryPolicy`]; see [`RetryPolicy::delays`].
#[derive(Debug, Clone)]
pub struct Delays {
    policy: RetryPolicy,
    n: u32,
    rng: Rng,
}

impl Iterator for Delays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        if self.n + 1 >= self.policy.max_attempts {
            return None;
        }
        self.n += 1;
        let bound = self.policy.delay_bound(self.n);
        Some(self.policy.jittered(bound, &mut self.rng))
    }
}

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
/// Drive it by hand when [`execute`] does not fit (a blocking client, a custom loop):
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
        if self.attempts >= self.policy.max_attempts {
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
        if let Some(budget) = self.policy.time_budget {
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

/// A small xorshift generator seeded from std's per-process random hasher keys: enough to
/// spread retry delays, not for anything secret.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(Instant::now().elapsed().as_nanos());
        Rng(hasher.finish() | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `[0, bound]`, at nanosecond resolution.
    fn below(&mut self, bound: Duration) -> Duration {
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(self.next_u64() % (nanos.saturating_add(1)).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn delays_grow_within_bounds() {
        let policy = RetryPolicy::default()
            .with_max_attempts(10)
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(1))
            .with_time_budget(None);
        let bounds: Vec<u64> = (1..=6)
            .map(|n| policy.delay_bound(n).as_millis() as u64)
            .collect();
        assert_eq!(bounds, [100, 200, 400, 800, 1000, 1000]);
        for jitter in [Jitter::Full, Jitter::Equal, Jitter::None] {
            let policy = policy.clone().with_jitter(jitter);
            let mut state = RetryState::new(&policy, Idempotency::NotIdempotent);
            for n in 1..=9 {
                let Decision::Retry { delay, action } = state.on_failure(RetryHint::Throttled)
                else {
                    panic!("attempt {n} stopped")
                };
                assert_eq!(action, RetryAction::Resend);
                assert!(delay <= policy.delay_bound(n), "{jitter:?} {n} {delay:?}");
                if jitter != Jitter::Full {
                    assert!(
                        delay >= policy.delay_bound(n) / 2,
                        "{jitter:?} {n} {delay:?}"
                    );
                }
            }
            assert_eq!(
                state.on_failure(RetryHint::Throttled),
                Decision::Stop(StopReason::AttemptsExhausted)
            );
        }
        let delays: Vec<Duration> = policy.with_jitter(Jitter::None).delays().collect();
        assert_eq!(delays.len(), 9);
        assert_eq!(delays[0], Duration::from_millis(100));
        assert_eq!(delays[8], Duration::from_secs(1));
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
