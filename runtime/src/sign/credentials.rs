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
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any lookup of variables, so that an environment can be
    /// given instead of read from the process. Missing both variables is
    /// [`CredentialsErrorKind::NotConfigured`]; having one without the other is
    /// [`CredentialsErrorKind::Invalid`].
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let var = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let (secret_id, secret_key) = match (
            var("TENCENTCLOUD_SECRET_ID"),
            var("TENCENTCLOUD_SECRET_KEY"),
        ) {
            (Some(id), Some(key)) => (id, key),
            (None, None) => {
                return Err(CredentialsError::missing("TENCENTCLOUD_SECRET_ID")
                    .with_kind(CredentialsErrorKind::NotConfigured))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::missing("TENCENTCLOUD_SECRET_ID")
                    .with_kind(CredentialsErrorKind::Invalid))
            }
            (Some(_), None) => {
                return Err(CredentialsError::missing("TENCENTCLOUD_SECRET_KEY")
                    .with_kind(CredentialsErrorKind::Invalid))
            }
        };
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

/// What kind of failure a [`CredentialsError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider's source is absent: its variables are not set, its file does not exist,
    /// no role is bound to the instance. A chain of providers moves on to the next one.
    NotConfigured,
    /// The source is there but unusable: a variable without its partner, a file without the
    /// keys, a malformed answer. A chain stops here rather than fall through to another
    /// identity.
    Invalid,
    /// The source could not be reached or refused: a timeout, an HTTP or API error.
    Unavailable,
    /// Cached temporary credentials expired and fetching new ones failed; the cause is the
    /// [`source`](std::error::Error::source).
    Expired,
    /// No provider of a chain had credentials; [`CredentialsError::tried`] says what each
    /// one answered.
    NoneFound,
    /// Any other failure (the kind of [`CredentialsError::new`]).
    Other,
}

/// Where credentials come from: the provider that answered or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsSource {
    /// The `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` variables.
    Environment,
    /// A profile of the credentials file (`~/.tencentcloud/credentials`).
    ProfileFile,
    /// STS `AssumeRoleWithWebIdentity` with the OIDC token of a TKE pod.
    TkeOidc,
    /// The CAM role of a CVM instance, from the metadata service.
    CvmRole,
    /// STS `AssumeRole` from source credentials.
    AssumeRole,
    /// A chain of providers.
    Chain,
    /// A provider named by its author.
    Named(&'static str),
}

impl CredentialsSource {
    /// The provider's name in messages (`"CVM role"`).
    pub fn name(self) -> &'static str {
        match self {
            CredentialsSource::Environment => "environment",
            CredentialsSource::ProfileFile => "profile file",
            CredentialsSource::TkeOidc => "TKE OIDC",
            CredentialsSource::CvmRole => "CVM role",
            CredentialsSource::AssumeRole => "STS AssumeRole",
            CredentialsSource::Chain => "credentials chain",
            CredentialsSource::Named(name) => name,
        }
    }
}

impl fmt::Display for CredentialsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Credentials could not be had: a variable is missing, or a provider failed.
///
/// It says which provider failed ([`provider`](Self::provider)), how
/// ([`kind`](Self::kind)), and for a chain what every provider answered
/// ([`tried`](Self::tried)). Its messages never contain a secret key or a token. Cheap to
/// clone, so that one failed refresh can be reported to every caller that waited for it.
#[derive(Debug, Clone)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    provider: Option<CredentialsSource>,
    message: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    tried: Vec<CredentialsError>,
}

impl CredentialsError {
    /// An error with a message for a person. Do not put secrets in it.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            kind: CredentialsErrorKind::Other,
            provider: None,
            message: message.into(),
            source: None,
            tried: Vec::new(),
        }
    }

    /// An error with a message and the underlying cause.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let mut error = CredentialsError::new(message);
        error.source = Some(Arc::from(source.into()));
        error
    }

    /// The same error of another kind.
    #[must_use]
    pub fn with_kind(mut self, kind: CredentialsErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// The same error, naming the provider that failed.
    #[must_use]
    pub fn with_provider(mut self, provider: CredentialsSource) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The same error with what each provider of a chain answered, in order.
    #[must_use]
    pub fn with_tried(mut self, tried: Vec<CredentialsError>) -> Self {
        self.tried = tried;
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The provider that failed, when known.
    pub fn provider(&self) -> Option<CredentialsSource> {
        self.provider
    }

    /// The message, without the provider's name.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a chain, the answer of each provider it asked, in order; empty otherwise.
    pub fn tried(&self) -> &[CredentialsError] {
        &self.tried
    }

    pub(crate) fn missing(variable: &str) -> Self {
        CredentialsError::new(format!("environment variable {variable} is not set"))
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("credentials unavailable")?;
        if let Some(provider) = self.provider {
            write!(f, " from the {provider} provider")?;
        }
        write!(f, ": {}", self.message)?;
        for (i, tried) in self.tried.iter().enumerate() {
            f.write_str(if i == 0 { " (" } else { "; " })?;
            match tried.provider {
                Some(provider) => write!(f, "{provider}: {}", tried.message)?,
                None => f.write_str(&tried.message)?,
            }
        }
        if !self.tried.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
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

    /// Fresh credentials after the server rejected `rejected`, the credentials the call
    /// signed with. The client calls this, not [`refresh`](Self::refresh), on
    /// `AuthFailure.TokenFailure`.
    ///
    /// A provider that caches should fetch only when its cached credentials are still
    /// `rejected`: when another call has refreshed them meanwhile, it returns the new ones,
    /// so that many calls rejected at about the same time make one request. The providers
    /// of [`crate::credentials`] do. By default, [`refresh`](Self::refresh).
    fn refresh_rejected<'a>(&'a self, rejected: &'a Credentials) -> CredentialsFuture<'a> {
        let _ = rejected;
        self.refresh()
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

    fn refresh_rejected<'a>(&'a self, rejected: &'a Credentials) -> CredentialsFuture<'a> {
        (**self).refresh_rejected(rejected)
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn credentials(&self) -> CredentialsFuture<'_> {
        (**self).credentials()
    }

    fn refresh(&self) -> CredentialsFuture<'_> {
        (**self).refresh()
    }

    fn refresh_rejected<'a>(&'a self, rejected: &'a Credentials) -> CredentialsFuture<'a> {
        (**self).refresh_rejected(rejected)
    }
}
