//! Credentials (SecretId, SecretKey, optional token) and the provider trait that refreshes
//! temporary ones.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

/// What `Debug` and `Display` print instead of a secret.
const REDACTED: &str = "<redacted>";

/// Debug-prints as `<redacted>`.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A SecretId, a SecretKey and, for temporary credentials (STS, CAM roles), a token.
///
/// `Debug` shows the SecretId and hides the key and the token; no error of this crate ever
/// contains them.
///
/// ```
/// use tcapi::sign::Credentials;
/// let credentials = Credentials::new("AKIDEXAMPLE", "my-secret-key").with_token("my-token");
/// let shown = format!("{credentials:?} {credentials}");
/// assert!(shown.contains("AKIDEXAMPLE"));
/// assert!(!shown.contains("my-secret-key") && !shown.contains("my-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: Arc<str>,
    secret_key: Arc<str>,
    token: Option<Arc<str>>,
}

impl Credentials {
    /// Permanent credentials: a SecretId and its SecretKey.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            secret_id: Arc::from(secret_id.into()),
            secret_key: Arc::from(secret_key.into()),
            token: None,
        }
    }

    /// The same credentials with the token of temporary credentials, sent as `X-TC-Token`.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Arc::from(token.into()));
        self
    }

    /// Credentials from the environment variables the official SDKs and tccli read:
    /// `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, and for temporary credentials
    /// the first set of `TENCENTCLOUD_SESSION_TOKEN`, `TENCENTCLOUD_SECURITY_TOKEN`,
    /// `TENCENTCLOUD_TOKEN`.
    ///
    /// # Errors
    ///
    /// [`CredentialsError`] naming the variable that is missing or empty (never its value).
    pub fn from_env() -> Result<Self, CredentialsError> {
        fn var(name: &'static str) -> Option<String> {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        }
        let secret_id = var("TENCENTCLOUD_SECRET_ID")
            .ok_or(CredentialsError::missing("TENCENTCLOUD_SECRET_ID"))?;
        let secret_key = var("TENCENTCLOUD_SECRET_KEY")
            .ok_or(CredentialsError::missing("TENCENTCLOUD_SECRET_KEY"))?;
        let mut credentials = Credentials::new(secret_id.trim(), secret_key.trim());
        let token = [
            "TENCENTCLOUD_SESSION_TOKEN",
            "TENCENTCLOUD_SECURITY_TOKEN",
            "TENCENTCLOUD_TOKEN",
        ]
        .into_iter()
        .find_map(var);
        if let Some(token) = token {
            credentials = credentials.with_token(token.trim());
        }
        Ok(credentials)
    }

    /// The SecretId (public: it appears in every `Authorization` header).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey. Keep it out of logs; nothing in this crate prints it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &Redacted)
            .field("token", &self.token.as_ref().map(|_| Redacted))
            .finish()
    }
}

/// Shows the SecretId only: `AKIDEXAMPLE (secret key redacted)`.
impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (secret key {REDACTED})", self.secret_id)
    }
}

/// Credentials could not be had: a variable is missing, or a provider failed.
///
/// Its messages never contain a secret key or a token.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl CredentialsError {
    /// An error with a message for a person. Do not put secrets in it.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message and the underlying cause.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        CredentialsError {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    fn missing(variable: &'static str) -> Self {
        CredentialsError::new(format!("environment variable {variable} is not set"))
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credentials unavailable: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// The future a [`ProvideCredentials`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials, asked before each signed attempt.
///
/// [`Credentials`] provide themselves. Write an implementation for temporary credentials
/// (STS `AssumeRole`, a CAM role of the instance): return cached credentials from
/// [`credentials`](Self::credentials) and fetch new ones in [`refresh`](Self::refresh), which
/// the client calls once per call when the server answers `AuthFailure.TokenFailure`
/// ([`crate::RetryHint::RefreshCredentials`]).
///
/// ```
/// use std::sync::Mutex;
/// use tcapi::sign::{Credentials, CredentialsFuture, ProvideCredentials};
///
/// struct Rotating(Mutex<u32>);
///
/// impl ProvideCredentials for Rotating {
///     fn credentials(&self) -> CredentialsFuture<'_> {
///         let n = *self.0.lock().unwrap();
///         Box::pin(async move { Ok(Credentials::new("AKIDTEMP", "key").with_token(format!("token-{n}"))) })
///     }
///     fn refresh(&self) -> CredentialsFuture<'_> {
///         *self.0.lock().unwrap() += 1;
///         self.credentials()
///     }
/// }
/// ```
pub trait ProvideCredentials: Send + Sync {
    /// The credentials to sign the next attempt with.
    fn credentials(&self) -> CredentialsFuture<'_>;

    /// Fresh credentials, after the server rejected the token. By default the same as
    /// [`credentials`](Self::credentials), which suits permanent credentials.
    fn refresh(&self) -> CredentialsFuture<'_> {
        self.credentials()
    }
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn credentials(&self) -> CredentialsFuture<'_> {
        (**self).credentials()
    }

    fn refresh(&self) -> CredentialsFuture<'_> {
        (**self).refresh()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn credentials(&self) -> CredentialsFuture<'_> {
        (**self).credentials()
    }

    fn refresh(&self) -> CredentialsFuture<'_> {
        (**self).refresh()
    }
}
