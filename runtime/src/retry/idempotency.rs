//! [`Idempotency`] and the rule that decides it for an action by its name: [`READ_PREFIXES`].

use super::Retryable;

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
/// `codegen/sdk-idempotency.json`, and applies this list itself.
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
    pub(super) fn after<E: Retryable + ?Sized>(self, failure: &E) -> Self {
        if failure.sent_nothing() {
            Idempotency::Idempotent
        } else {
            self
        }
    }
}
