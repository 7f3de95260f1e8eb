//! The API's common parameters: what every request carries beside the action's own members.

/// The keys of the common parameters a form request carries beside the action's own.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];
