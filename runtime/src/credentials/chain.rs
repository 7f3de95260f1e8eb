//! A chain of providers, and the default one: environment, profile file, TKE OIDC, CVM role.

use core::fmt;
use core::time::Duration;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use super::cvm_role::{CvmRoleProvider, DEFAULT_METADATA_ENDPOINT};
use super::env::{Env, EnvProvider};
use super::oidc::OidcProvider;
use super::profile::ProfileProvider;
use super::sts::DEFAULT_STS_ENDPOINT;
use crate::sign::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, CredentialsSource,
    ProvideCredentials,
};

struct Link {
    source: CredentialsSource,
    provider: Box<dyn ProvideCredentials>,
}

/// Providers tried in order until one has credentials; that one answers every later call.
///
/// A provider whose source is absent ([`NotConfigured`](CredentialsErrorKind::NotConfigured):
/// no variables, no file, not a CVM instance) passes to the next. A provider that is
/// configured but fails stops the chain: falling through to another identity would hide the
/// mistake. Either way the error lists what each provider asked said
/// ([`CredentialsError::tried`]); a failed resolution is answered again for
/// [`UNRESOLVED_RETRY_AFTER`] (10 s), then tried again at the next call.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// use tcapi::credentials::{Chain, Env, EnvProvider};
/// use tcapi::sign::{Credentials, CredentialsSource, ProvideCredentials};
///
/// let chain = Chain::new()
///     .with(CredentialsSource::Environment, EnvProvider::with_env(Env::from_pairs([("A", "B")])))
///     .with(CredentialsSource::Named("fallback"), Credentials::new("AKIDFALLBACK", "key"));
/// assert_eq!(chain.resolve().await.unwrap(), CredentialsSource::Named("fallback"));
/// assert_eq!(chain.credentials().await.unwrap().secret_id(), "AKIDFALLBACK");
/// assert_eq!(chain.selected(), Some(CredentialsSource::Named("fallback")));
/// # });
/// ```
pub struct Chain {
    links: Vec<Link>,
    selected: tokio::sync::OnceCell<usize>,
    /// The last failed resolution and when it ended, answered again until
    /// [`UNRESOLVED_RETRY_AFTER`] has passed.
    failed: Mutex<Option<(Instant, CredentialsError)>>,
}

/// How long a chain that found no credentials answers the same error before it asks its
/// providers again: 10 s. A program without credentials then fails at once instead of waiting,
/// on every call, for a metadata service that does not answer (up to its 2 s limit); a
/// program whose credentials appear (a file written, a role bound) sees them within 10 s.
pub const UNRESOLVED_RETRY_AFTER: Duration = Duration::from_secs(10);

impl Default for Chain {
    /// The default chain: [`Chain::default_chain`].
    fn default() -> Self {
        Chain::default_chain()
    }
}

impl Chain {
    /// An empty chain, to fill with [`Chain::with`].
    pub fn new() -> Chain {
        Chain {
            links: Vec::new(),
            selected: tokio::sync::OnceCell::new(),
            failed: Mutex::new(None),
        }
    }

    /// The chain with `provider` added last, reported as `source`.
    #[must_use]
    pub fn with(
        mut self,
        source: CredentialsSource,
        provider: impl ProvideCredentials + 'static,
    ) -> Chain {
        self.links.push(Link {
            source,
            provider: Box::new(provider),
        });
        self
    }

    /// The default chain of the process's environment, with the real metadata and STS
    /// endpoints: [`EnvProvider`], [`ProfileProvider`], [`OidcProvider`] (from the `TKE_*`
    /// variables), [`CvmRoleProvider`]. See [`Chain::builder`] to change the environment
    /// or the endpoints.
    pub fn default_chain() -> Chain {
        Chain::builder().build()
    }

    /// A builder of the default chain.
    pub fn builder() -> ChainBuilder {
        ChainBuilder {
            env: Env::process(),
            metadata_endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            sts_endpoint: DEFAULT_STS_ENDPOINT.to_owned(),
        }
    }

    /// The provider that answered, once one has.
    pub fn selected(&self) -> Option<CredentialsSource> {
        self.selected.get().map(|&index| self.links[index].source)
    }

    /// Finds the provider that answers (once; later calls return it at once) and says which.
    ///
    /// A failed resolution is remembered for [`UNRESOLVED_RETRY_AFTER`]: until then every
    /// call gets the same error at once, without asking the providers again. Concurrent
    /// callers share one resolution.
    ///
    /// # Errors
    ///
    /// A [`CredentialsError`] from [`CredentialsSource::Chain`] of kind
    /// [`NoneFound`](CredentialsErrorKind::NoneFound) when no provider is configured, or of
    /// the failing provider's kind when one is configured but fails; its
    /// [`tried`](CredentialsError::tried) holds every answer, in order.
    pub async fn resolve(&self) -> Result<CredentialsSource, CredentialsError> {
        let index = self
            .selected
            .get_or_try_init(|| self.walk_unless_failed())
            .await?;
        Ok(self.links[*index].source)
    }

    /// The remembered failure while it is fresh, else a new walk (remembered if it fails).
    async fn walk_unless_failed(&self) -> Result<usize, CredentialsError> {
        let failed = || self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((at, error)) = &*failed() {
            if at.elapsed() < UNRESOLVED_RETRY_AFTER {
                return Err(error.clone());
            }
        }
        let result = self.walk().await;
        if let Err(error) = &result {
            *failed() = Some((Instant::now(), error.clone()));
        }
        result
    }

    async fn walk(&self) -> Result<usize, CredentialsError> {
        let mut tried = Vec::with_capacity(self.links.len());
        for (index, link) in self.links.iter().enumerate() {
            let error = match link.provider.credentials().await {
                Ok(_) => return Ok(index),
                Err(error) if error.provider().is_none() => error.with_provider(link.source),
                Err(error) => error,
            };
            let kind = error.kind();
            tried.push(error);
            if kind != CredentialsErrorKind::NotConfigured {
                return Err(CredentialsError::new(format!(
                    "the {} provider is configured but failed",
                    link.source
                ))
                .with_kind(kind)
                .with_provider(CredentialsSource::Chain)
                .with_tried(tried));
            }
        }
        Err(CredentialsError::new("no provider has credentials")
            .with_kind(CredentialsErrorKind::NoneFound)
            .with_provider(CredentialsSource::Chain)
            .with_tried(tried))
    }
}

impl ProvideCredentials for Chain {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.resolve().await?;
            self.link()?.provider.credentials().await
        })
    }

    fn refresh(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.resolve().await?;
            self.link()?.provider.refresh().await
        })
    }

    fn refresh_rejected<'a>(&'a self, rejected: &'a Credentials) -> CredentialsFuture<'a> {
        Box::pin(async move {
            self.resolve().await?;
            self.link()?.provider.refresh_rejected(rejected).await
        })
    }
}

impl Chain {
    fn link(&self) -> Result<&Link, CredentialsError> {
        self.selected
            .get()
            .map(|&index| &self.links[index])
            .ok_or_else(|| CredentialsError::new("the chain has not resolved"))
    }
}

/// Shows the providers in order and the one selected.
impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let links: Vec<&str> = self.links.iter().map(|link| link.source.name()).collect();
        f.debug_struct("Chain")
            .field("links", &links)
            .field("selected", &self.selected())
            .finish()
    }
}

/// Builds the default chain with another environment or other endpoints; see
/// [`Chain::builder`].
///
/// ```
/// use tcapi::credentials::{Chain, Env};
/// let chain = Chain::builder()
///     .env(Env::from_pairs([("TENCENTCLOUD_PROFILE", "ci")]))
///     .metadata_endpoint("http://127.0.0.1:8080")
///     .sts_endpoint("http://127.0.0.1:8080")
///     .build();
/// assert_eq!(format!("{chain:?}"), r#"Chain { links: ["environment", "profile file", "TKE OIDC", "CVM role"], selected: None }"#);
/// ```
#[derive(Debug, Clone)]
pub struct ChainBuilder {
    env: Env,
    metadata_endpoint: String,
    sts_endpoint: String,
}

impl ChainBuilder {
    /// The environment every provider reads (default: the process's).
    #[must_use]
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The CVM metadata service (default [`DEFAULT_METADATA_ENDPOINT`]).
    #[must_use]
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = endpoint.into();
        self
    }

    /// The STS endpoint of the OIDC provider (default [`DEFAULT_STS_ENDPOINT`]).
    #[must_use]
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = endpoint.into();
        self
    }

    /// The chain: environment, profile file, TKE OIDC, CVM role.
    pub fn build(self) -> Chain {
        let oidc: Box<dyn ProvideCredentials> = match OidcProvider::from_env(&self.env) {
            Ok(provider) => Box::new(provider.endpoint(self.sts_endpoint)),
            Err(error) => Box::new(Unusable(error)),
        };
        Chain::new()
            .with(
                CredentialsSource::Environment,
                EnvProvider::with_env(self.env.clone()),
            )
            .with(
                CredentialsSource::ProfileFile,
                ProfileProvider::with_env(self.env),
            )
            .with(CredentialsSource::TkeOidc, oidc)
            .with(
                CredentialsSource::CvmRole,
                CvmRoleProvider::new().endpoint(self.metadata_endpoint),
            )
    }
}

/// A provider that could not be configured, answering why.
struct Unusable(CredentialsError);

impl ProvideCredentials for Unusable {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let error = self.0.clone();
        Box::pin(async move { Err::<Credentials, _>(error) })
    }
}
