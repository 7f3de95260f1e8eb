//! The two ways a request fails: an API 3.0 error, answered in the error envelope
//! ([`ApiError`]), or no answer at all ([`Dropped`]).

use std::fmt;

/// An API 3.0 error answer.
pub(crate) struct ApiError {
    pub(crate) code: String,
    pub(crate) message: String,
}

pub(crate) fn api_error(code: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        code: code.to_owned(),
        message: message.into(),
    }
}

pub(crate) fn missing(name: &str) -> ApiError {
    api_error(
        "MissingParameter",
        format!("The request is missing a required parameter `{name}`."),
    )
}

/// Why the connection is dropped without an answer (hyper closes it when the service fails).
#[derive(Debug)]
pub(crate) struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}
