//! Backoff delays: the [`Jitter`] of a policy, the exponential bound, the jittered
//! [`Delays`] of a policy, and the small generator that draws them.

use core::time::Duration;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Instant;

use super::RetryPolicy;

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

pub(super) fn exponential(base: Duration, cap: Duration, n: u32) -> Duration {
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

impl Delays {
    /// The delays of `policy`, before its first retry.
    pub(super) fn new(policy: RetryPolicy) -> Self {
        Delays {
            policy,
            n: 0,
            rng: Rng::new(),
        }
    }
}

impl Iterator for Delays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        if self.n + 1 >= self.policy.max_attempts() {
            return None;
        }
        self.n += 1;
        let bound = self.policy.delay_bound(self.n);
        Some(self.policy.jittered(bound, &mut self.rng))
    }
}

/// A small xorshift generator seeded from std's per-process random hasher keys: enough to
/// spread retry delays, not for anything secret.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new() -> Self {
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
    pub(super) fn below(&mut self, bound: Duration) -> Duration {
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
    use crate::retry::{Decision, Idempotency, RetryAction, RetryState, StopReason};
    use crate::RetryHint;

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
}
