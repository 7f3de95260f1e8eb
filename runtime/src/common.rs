//! The platform-wide error codes every action can return.

/// The common error codes of Tencent Cloud API 3.0, which every action of every product can
/// return (`AuthFailure.SignatureExpire`, `RequestLimitExceeded`, `InternalError`, ...).
///
/// Product enums generated with `#[tcapi::error_codes(product = "...")]` include these codes
/// too; use `CommonCode` where no product table applies.
#[crate::error_codes(product = "common")]
pub enum CommonCode {}
