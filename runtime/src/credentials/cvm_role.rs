//! The CAM role of a CVM instance, from the instance metadata service.

use core::fmt;
use core::time::Duration;

use serde::Deserialize;

use super::cache::{Cache, Expiring};
use super::http::{Failure, Http};
use crate::sign::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource};

/// The metadata service of CVM instances.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://metadata.tencentyun.com";

/// Under the metadata endpoint: the bound role's name, and below it, its credentials.
const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";

/// The metadata service answers within milliseconds on an instance; off one, these keep the
/// default chain from hanging.
const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const METADATA_TIMEOUT: Duration = Duration::from_secs(2);

/// The answer of `<ROLE_PATH><role>`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleCredentials {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
    expired_time: i64,
    code: Option<String>,
}

/// Temporary credentials of the CAM role bound to the CVM instance, from
/// `http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/<role>`.
///
/// The role's name is asked from the metadata service at each fetch (a role can be rebound)
/// unless given with [`role`](Self::role). Each request has a short time limit (1 s to
/// connect, 2 s in all by default), never goes through a proxy, and its answer is read to the
/// end or the connection closed. Off a CVM instance, or with no role bound, the provider
/// answers [`NotConfigured`](CredentialsErrorKind::NotConfigured), so a chain moves on.
/// Credentials are cached as [the module](super) describes.
///
/// ```
/// use std::time::Duration;
/// use tcapi::credentials::CvmRoleProvider;
/// let provider = CvmRoleProvider::new()
///     .endpoint("http://127.0.0.1:8080")
///     .timeout(Duration::from_millis(500));
/// assert!(format!("{provider:?}").contains("127.0.0.1:8080"));
/// ```
pub struct CvmRoleProvider {
    endpoint: String,
    role: Option<String>,
    http: Http,
    cache: Cache,
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        CvmRoleProvider::new()
    }
}

impl CvmRoleProvider {
    /// The provider of the instance's role, from [`DEFAULT_METADATA_ENDPOINT`].
    pub fn new() -> Self {
        CvmRoleProvider {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role: None,
            http: Http::new(METADATA_CONNECT_TIMEOUT, METADATA_TIMEOUT, true),
            cache: Cache::new(CredentialsSource::CvmRole),
        }
    }

    /// The metadata service's URL, without the path (default
    /// [`DEFAULT_METADATA_ENDPOINT`]).
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The role's name, instead of asking the metadata service for it.
    #[must_use]
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    fn error(kind: CredentialsErrorKind, message: String) -> CredentialsError {
        CredentialsError::new(message)
            .with_kind(kind)
            .with_provider(CredentialsSource::CvmRole)
    }

    /// The name of the bound role.
    async fn role_name(&self, roles_url: &str) -> Result<String, CredentialsError> {
        if let Some(role) = &self.role {
            return Ok(role.clone());
        }
        let answer = self.http.get(roles_url).await.map_err(|failure| {
            if failure.unreachable {
                Self::error(
                    CredentialsErrorKind::NotConfigured,
                    format!(
                        "the metadata service is unreachable (not a CVM instance?): {}",
                        failure.error.message()
                    ),
                )
            } else {
                failure.error.with_provider(CredentialsSource::CvmRole)
            }
        })?;
        let role = String::from_utf8_lossy(&answer.body)
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned);
        match (answer.status, role) {
            (200, Some(role)) => Ok(role),
            (200, None) | (404, _) => Err(Self::error(
                CredentialsErrorKind::NotConfigured,
                format!("no CAM role is bound to this instance ({roles_url} has none)"),
            )),
            (status, _) => Err(Self::error(
                CredentialsErrorKind::Unavailable,
                format!("{roles_url} answered HTTP status {status}"),
            )),
        }
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        let roles_url = format!("{}{ROLE_PATH}", self.endpoint.trim_end_matches('/'));
        let role = self.role_name(&roles_url).await?;
        // CAM role names are letters, digits and `+=,.@_-`; anything else would change the URL.
        if !role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
        {
            return Err(Self::error(
                CredentialsErrorKind::Invalid,
                format!(
                    "the role name `{}` is not a CAM role name",
                    role.escape_debug()
                ),
            ));
        }
        let url = format!("{roles_url}{role}");
        let answer = self
            .http
            .get(&url)
            .await
            .map_err(|Failure { error, .. }| error.with_provider(CredentialsSource::CvmRole))?;
        if answer.status != 200 {
            return Err(Self::error(
                CredentialsErrorKind::Unavailable,
                format!("{url} answered HTTP status {}", answer.status),
            ));
        }
        // Never serde's message: it may quote a value, and the values are secrets.
        let role_credentials: RoleCredentials =
            serde_json::from_slice(&answer.body).map_err(|e| {
                Self::error(
                    CredentialsErrorKind::Invalid,
                    format!(
                        "{url} answered a body that is not valid credentials (line {} column {})",
                        e.line(),
                        e.column()
                    ),
                )
            })?;
        if let Some(code) = role_credentials
            .code
            .as_deref()
            .filter(|code| *code != "Success")
        {
            let code: String = code.chars().take(64).collect();
            return Err(Self::error(
                CredentialsErrorKind::Unavailable,
                format!("{url} answered Code `{}`", code.escape_debug()),
            ));
        }
        Ok(Expiring {
            credentials: Credentials::new(
                role_credentials.tmp_secret_id,
                role_credentials.tmp_secret_key,
            )
            .with_token(role_credentials.token),
            expires_at: role_credentials.expired_time,
        })
    }
}

provide_temporary!(
    CvmRoleProvider,
    timeout = "The time limit of one metadata request (default 2 s; connecting, at most 1 s)."
);

impl fmt::Debug for CvmRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CvmRoleProvider")
            .field("endpoint", &self.endpoint)
            .field("role", &self.role)
            .field("timeout", &self.http.timeout)
            .field("expires_at", &self.cache.expires_at())
            .finish_non_exhaustive()
    }
}
