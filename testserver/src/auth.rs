//! The credentials the server accepts ([`Keyring`]), and the checks every signature method
//! shares, in the order Tencent Cloud makes them: the timestamp window, the SecretId, then
//! (after the method's own signature check) the token of temporary credentials.

use std::collections::HashMap;
use std::sync::Mutex;

use tcapi::sign::Credentials;

use crate::error::{api_error, ApiError};
use crate::sync::lock;

/// How far a request's `X-TC-Timestamp` may be from the server's clock, in seconds.
pub const SIGNATURE_WINDOW_SECS: i64 = 300;

/// What the server knows of a SecretId it accepts: its key, and for temporary credentials
/// their token and expiry.
#[derive(Clone)]
pub(crate) struct Key {
    pub(crate) secret_key: String,
    pub(crate) token: Option<String>,
    pub(crate) expires_at: Option<i64>,
}

/// The credentials the server accepts, by SecretId.
#[derive(Default)]
pub(crate) struct Keyring(Mutex<HashMap<String, Key>>);

impl Keyring {
    /// Accepts `credentials` from now on; with a token, until `expires_at` (Unix seconds on
    /// the server's clock).
    pub(crate) fn add(&self, credentials: Credentials, expires_at: Option<i64>) {
        lock(&self.0).insert(
            credentials.secret_id().to_owned(),
            Key {
                secret_key: credentials.secret_key().to_owned(),
                token: credentials.token().map(str::to_owned),
                expires_at,
            },
        );
    }

    /// Makes the temporary credentials of `secret_id` expired at `now` (the server's clock).
    pub(crate) fn expire(&self, secret_id: &str, now: i64) {
        if let Some(entry) = lock(&self.0).get_mut(secret_id) {
            entry.expires_at = Some(now - 1);
        }
    }

    /// The credentials of `secret_id`, for a request signed at `timestamp` and received at
    /// `now` (the server's clock).
    ///
    /// `AuthFailure.SignatureExpire` when `timestamp` is outside the window around the
    /// server's clock, `AuthFailure.SecretIdNotFound` when the SecretId is unknown.
    pub(crate) fn signing_credentials(
        &self,
        secret_id: &str,
        timestamp: i64,
        now: i64,
    ) -> Result<Key, ApiError> {
        if now.abs_diff(timestamp) > SIGNATURE_WINDOW_SECS.unsigned_abs() {
            return Err(api_error(
                "AuthFailure.SignatureExpire",
                format!(
                    "Signature expired. Timestamp and server time cannot differ by more than 5 minutes; request timestamp {timestamp}, server time {now}."
                ),
            ));
        }
        lock(&self.0).get(secret_id).cloned().ok_or_else(|| {
            api_error(
                "AuthFailure.SecretIdNotFound",
                "The SecretId is not found, please ensure that your SecretId is correct.",
            )
        })
    }
}

impl Key {
    /// Temporary credentials need their token (`sent`), and only until they expire (`now` is
    /// the server's clock).
    pub(crate) fn check_token(&self, sent: Option<&str>, now: i64) -> Result<(), ApiError> {
        let Some(expected) = &self.token else {
            return Ok(());
        };
        if sent != Some(expected.as_str()) {
            return Err(api_error(
                "AuthFailure.TokenFailure",
                "The token is invalid or missing.",
            ));
        }
        if self.expires_at.is_some_and(|expires_at| now > expires_at) {
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
