#![doc = include_str!("../../RETRY.md")]

// What the executor reads of a failure, and whether a request may be sent twice.
mod idempotency;
mod retryable;
// When and how long to wait: the policy and the delays it draws.
mod backoff;
mod policy;
// What to do after a failure, and the loop that does it.
mod decision;
mod executor;

pub use backoff::{Delays, Jitter};
pub use decision::{action_after, action_for, Decision, RetryAction, RetryState, StopReason};
pub use executor::{execute, Attempt};
// The client takes the steps of the loop of `execute` itself.
#[cfg(feature = "client")]
pub(crate) use executor::{Attempts, PlannedRetry, Retries};
pub use idempotency::{is_read_action, Idempotency, READ_PREFIXES};
pub use policy::RetryPolicy;
pub use retryable::Retryable;
