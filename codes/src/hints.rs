//! The retry hints: their names, what each tells a caller, and whether retrying is safe for
//! any request. This list is the only one: `tcapi::RetryHint` is generated from it by
//! `tcapi-macros`, tables name hints as it spells them, and `explain` prints its meanings.

/// One retry hint, a variant of `tcapi::RetryHint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintDef {
    /// The variant's name, as a table's `retry` field spells it.
    pub name: &'static str,
    /// What the hint tells a caller to do, in one line.
    pub meaning: &'static str,
    /// Whether the request was certainly not executed, so that retrying is safe even for a
    /// request that is not idempotent.
    pub safe_for_any_request: bool,
    /// The variant's rustdoc.
    pub doc: &'static str,
}

/// Every hint, in the order of `tcapi::RetryHint`'s variants. A generated error-code enum
/// stores a code's hint as its index here, so reordering changes every enum's facts; the
/// generated code asserts at compile time that `tcapi` numbers them the same way.
pub const HINTS: &[HintDef] = &[
    HintDef {
        name: "Never",
        meaning: "do not retry: the same request fails again",
        safe_for_any_request: false,
        doc: "The same request fails again: a bad parameter, a missing permission, an \
              exhausted quota, a resource that does not exist.",
    },
    HintDef {
        name: "Throttled",
        meaning: "retry after a backoff; safe for any request, it was rejected before execution",
        safe_for_any_request: true,
        doc: "Rejected before execution because of the request rate (`RequestLimitExceeded` \
              and its sub-codes, and product codes that mean the same): retry after a \
              backoff. Safe for any request, idempotent or not.",
    },
    HintDef {
        name: "Transient",
        meaning: "retry only an idempotent request: it may have been applied",
        safe_for_any_request: false,
        doc: "A service-side failure (`InternalError`, `ServiceUnavailable`, and product \
              codes that mean the same): the request may have been applied, so retry only a \
              request that is idempotent or carries a `ClientToken`, or whose error says it sent \
              nothing ([`Error::sent_nothing`](crate::Error::sent_nothing)).",
    },
    HintDef {
        name: "Resign",
        meaning: "sign the request again with a fresh timestamp and retry",
        safe_for_any_request: true,
        doc: "The signature expired (`AuthFailure.SignatureExpire`): sign again with a fresh \
              timestamp, corrected for the server's clock, and retry.",
    },
    HintDef {
        name: "RefreshCredentials",
        meaning: "refresh the temporary credentials and retry",
        safe_for_any_request: true,
        doc: "The temporary credentials expired (`AuthFailure.TokenFailure`): refresh them \
              and retry.",
    },
    HintDef {
        name: "WaitForResource",
        meaning: "another operation holds the resource: retry after a longer delay",
        safe_for_any_request: true,
        doc: "Another operation holds the resource: retry after a longer delay.",
    },
];

/// The names of [`HINTS`], in order: the values a table's `retry` field may take.
pub const RETRY_HINTS: &[&str] = &{
    let mut names = [""; HINTS.len()];
    let mut i = 0;
    while i < HINTS.len() {
        names[i] = HINTS[i].name;
        i += 1;
    }
    names
};

/// The hint with this name.
pub fn get(name: &str) -> Option<&'static HintDef> {
    HINTS.iter().find(|h| h.name == name)
}

/// The index of the hint with this name in [`HINTS`] (and in `tcapi::RetryHint::ALL`).
pub fn index(name: &str) -> Option<usize> {
    HINTS.iter().position(|h| h.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_identifiers_in_order() {
        assert_eq!(RETRY_HINTS.len(), HINTS.len());
        for (i, (name, hint)) in RETRY_HINTS.iter().zip(HINTS).enumerate() {
            assert_eq!(*name, hint.name);
            assert!(crate::ident::is_identifier(name), "{name}");
            assert_eq!(index(name), Some(i), "{name} is listed twice");
            assert_eq!(get(name), Some(hint));
        }
        assert_eq!(get("Sometimes"), None);
    }
}
