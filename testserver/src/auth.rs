//! The checks every signature method shares, in the order Tencent Cloud makes them: the
//! timestamp window, the SecretId, then (after the method's own signature check) the token of
//! temporary credentials.

use crate::engine::{Entry, State};
use crate::error::{api_error, ApiError};
use crate::sync::lock;

/// How far a request's `X-TC-Timestamp` may be from the server's clock, in seconds.
pub const SIGNATURE_WINDOW_SECS: i64 = 300;

impl State {
    /// The credentials of `secret_id`, for a request signed at `timestamp`.
    ///
    /// `AuthFailure.SignatureExpire` when `timestamp` is outside the window around the
    /// server's clock, `AuthFailure.SecretIdNotFound` when the SecretId is unknown.
    pub(crate) fn signing_credentials(
        &self,
        secret_id: &str,
        timestamp: i64,
    ) -> Result<Entry, ApiError> {
        let now = self.now();
        if now.abs_diff(timestamp) > SIGNATURE_WINDOW_SECS.unsigned_abs() {
            return Err(api_error(
                "AuthFailure.SignatureExpire",
                format!(
                    "Signature expired. Timestamp and server time cannot differ by more than 5 minutes; request timestamp {timestamp}, server time {now}."
                ),
            ));
        }
        lock(&self.credentials)
            .get(secret_id)
            .cloned()
            .ok_or_else(|| {
                api_error(
                    "AuthFailure.SecretIdNotFound",
                    "The SecretId is not found, please ensure that your SecretId is correct.",
                )
            })
    }

    /// Temporary credentials need their token (`sent`), and only until they expire.
    pub(crate) fn check_token(
        &self,
        credentials: &Entry,
        sent: Option<&str>,
    ) -> Result<(), ApiError> {
        let Some(expected) = &credentials.token else {
            return Ok(());
        };
        if sent != Some(expected.as_str()) {
            return Err(api_error(
                "AuthFailure.TokenFailure",
                "The token is invalid or missing.",
            ));
        }
        if credentials
            .expires_at
            .is_some_and(|expires_at| self.now() > expires_at)
        {
            return Err(api_error(
                "AuthFailure.TokenFailure",
                "The token has expired.",
            ));
        }
        Ok(())
    }
}

/// The `Timestamp` of a request (`X-TC-Timestamp`, or the legacy `Timestamp` parameter).
pub(crate) fn parse_timestamp(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| {
        api_error(
            "InvalidParameter",
            "The parameter `Timestamp` must be an integer.",
        )
    })
}
