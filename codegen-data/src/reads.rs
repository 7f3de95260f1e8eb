//! Which actions read only, by their names: the rule of idempotency the SDK generator applies.

/// Action names that start with one of these read and change nothing, so they are sent
/// again after any failure: Tencent's convention for reads (`DescribeInstances`,
/// `GetWsToken`, `InquiryPriceRunInstances`). The runtime states the rule
/// (`tcapi::retry::READ_PREFIXES`, which the untyped client applies); this crate cannot depend
/// on it, so the tests crate checks that the two lists are the same. Outside the `tools` feature so that
/// it can.
pub const READ_PREFIXES: &[&str] = &[
    "Describe", "Get", "List", "Query", "Inquiry", "Inquire", "Search",
];

/// Whether an action reads only, by its name ([`READ_PREFIXES`]); the prefix must end at a
/// word boundary (`Getaway` is not `Get`).
pub fn is_read(action: &str) -> bool {
    READ_PREFIXES.iter().any(|prefix| {
        action.strip_prefix(prefix).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
        })
    })
}
