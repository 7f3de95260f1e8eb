//! The environment the providers read, and the provider of `TENCENTCLOUD_*` variables.

use core::fmt;
use std::collections::HashMap;
use std::sync::Arc;

use super::cache::Loaded;
use crate::sign::{Credentials, CredentialsSource};

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where providers read environment variables: the process's environment, or one given by
/// the caller (for tests and for programs that configure several identities), so that nothing
/// has to mutate the process's environment.
///
/// A variable set to an empty or blank value counts as unset.
///
/// ```
/// use tcapi::credentials::Env;
/// let env = Env::from_pairs([("TENCENTCLOUD_PROFILE", "ci"), ("EMPTY", " ")]);
/// assert_eq!(env.var("TENCENTCLOUD_PROFILE").as_deref(), Some("ci"));
/// assert_eq!(env.var("EMPTY"), None);
/// assert_eq!(env.var("HOME"), None);
/// ```
#[derive(Clone, Default)]
pub struct Env {
    lookup: Option<Lookup>,
}

impl Env {
    /// The process's environment, read at each lookup.
    pub fn process() -> Env {
        Env { lookup: None }
    }

    /// Exactly these variables, and no others.
    pub fn from_pairs<I, K, V>(pairs: I) -> Env
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars: HashMap<String, String> = pairs
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        Env::from_fn(move |name| vars.get(name).cloned())
    }

    /// Variables looked up by `lookup`.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Env {
        Env {
            lookup: Some(Arc::new(lookup)),
        }
    }

    /// The value of `name`, trimmed; `None` when it is unset, blank or not Unicode.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.lookup {
            None => std::env::var(name).ok(),
            Some(lookup) => lookup(name),
        };
        value
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }
}

/// Shows where variables come from, never their values.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.lookup {
            None => "Env::process",
            Some(_) => "Env::custom",
        })
    }
}

/// Credentials from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and, for temporary
/// credentials, `TENCENTCLOUD_SESSION_TOKEN` (or `TENCENTCLOUD_SECURITY_TOKEN`,
/// `TENCENTCLOUD_TOKEN`), as [`Credentials::from_env`] reads them.
///
/// The variables are read at the first call and kept; [`refresh`](crate::sign::ProvideCredentials::refresh)
/// reads them again. Neither variable set is
/// [`NotConfigured`](crate::sign::CredentialsErrorKind::NotConfigured) (a chain moves on), one
/// without the other [`Invalid`](crate::sign::CredentialsErrorKind::Invalid).
///
/// ```
/// use tcapi::credentials::{Env, EnvProvider};
/// let provider = EnvProvider::with_env(Env::from_pairs([
///     ("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE"),
///     ("TENCENTCLOUD_SECRET_KEY", "secret-key"),
/// ]));
/// assert_eq!(provider.load().unwrap().secret_id(), "AKIDEXAMPLE");
/// ```
#[derive(Debug, Default)]
pub struct EnvProvider {
    env: Env,
    loaded: Loaded,
}

impl EnvProvider {
    /// The provider of the process's environment.
    pub fn new() -> EnvProvider {
        EnvProvider::default()
    }

    /// The provider of the variables of `env`.
    pub fn with_env(env: Env) -> EnvProvider {
        EnvProvider {
            env,
            loaded: Loaded::default(),
        }
    }

    /// Reads the variables now, without caching.
    ///
    /// # Errors
    ///
    /// A [`CredentialsError`](crate::sign::CredentialsError) naming the missing variable.
    pub fn load(&self) -> Result<Credentials, crate::sign::CredentialsError> {
        Credentials::from_lookup(|name| self.env.var(name))
            .map_err(|e| e.with_provider(CredentialsSource::Environment))
    }
}

provide_loaded!(EnvProvider);
