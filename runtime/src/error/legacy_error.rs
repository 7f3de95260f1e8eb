//! [`LegacyError`]: the error body of API 2.0, which some endpoints still answer with.

use std::fmt;

use super::bounded::{write_bounded, Bounded};
use crate::{Category, RetryHint};

/// The legacy API 2.0 error body `{"code": <non-zero>, "message": ..., "codeDesc": ...}`,
/// which some endpoints still return instead of an API 3.0 envelope.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LegacyError {
    code: i64,
    message: String,
    code_desc: Option<String>,
}

impl LegacyError {
    /// A legacy error, as a decoder or a test double makes it.
    pub fn new(code: i64, message: impl Into<String>, code_desc: Option<String>) -> Self {
        LegacyError {
            code,
            message: message.into(),
            code_desc,
        }
    }

    /// The numeric `code` (never 0: 0 means success in API 2.0).
    pub fn code(&self) -> i64 {
        self.code
    }

    /// The `message`; empty if the body had none.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The textual `codeDesc` (`"InvalidParameter"`, `"AuthFailure"`...), when present.
    pub fn code_desc(&self) -> Option<&str> {
        self.code_desc.as_deref()
    }

    /// The default hint of `codeDesc`'s category (read as an API 3.0 code), else `Never`.
    pub fn retry_hint(&self) -> RetryHint {
        match &self.code_desc {
            Some(desc) => Category::of(desc).default_retry_hint(),
            None => RetryHint::Never,
        }
    }
}

impl fmt::Display for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tencent Cloud API 2.0 error {}", self.code)?;
        if let Some(desc) = &self.code_desc {
            f.write_str(" (")?;
            write_bounded(f, desc)?;
            f.write_str(")")?;
        }
        if !self.message.is_empty() {
            f.write_str(": ")?;
            write_bounded(f, &self.message)?;
        }
        f.write_str(
            "; the endpoint answered with the legacy API 2.0 format: check the endpoint and action",
        )
    }
}

impl std::error::Error for LegacyError {}

impl fmt::Debug for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyError")
            .field("code", &self.code)
            .field("message", &Bounded(&self.message))
            .field("code_desc", &self.code_desc.as_deref().map(Bounded))
            .finish()
    }
}
