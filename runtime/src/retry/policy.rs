//! [`RetryPolicy`]: attempts, delays, jitter and a time budget, as a value to configure.

use core::time::Duration;

use super::backoff::{exponential, Rng};
use super::{Delays, Jitter};

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
        Delays::new(self.clone())
    }

    pub(super) fn jittered(&self, bound: Duration, rng: &mut Rng) -> Duration {
        match self.jitter {
            Jitter::None => bound,
            Jitter::Full => rng.below(bound),
            Jitter::Equal => bound / 2 + rng.below(bound - bound / 2),
        }
    }
}
