//! TKE OIDC: STS `AssumeRoleWithWebIdentity` with the service-account token of a pod.

use core::fmt;
use core::time::Duration;
use std::path::PathBuf;

use serde_json::json;

use super::cache::{Cache, Expiring};
use super::env::Env;
use super::http::Http;
use super::sts::{
    default_session_name, StsCall, DEFAULT_DURATION, DEFAULT_STS_ENDPOINT, STS_CONNECT_TIMEOUT,
    STS_TIMEOUT,
};
use crate::sign::{CredentialsError, CredentialsErrorKind, CredentialsSource};

/// The variables a TKE pod with a service-account role gets, in the order they are checked.
const TKE_VARS: [&str; 4] = [
    "TKE_REGION",
    "TKE_PROVIDER_ID",
    "TKE_WEB_IDENTITY_TOKEN_FILE",
    "TKE_ROLE_ARN",
];

/// Temporary credentials of a CAM role for a TKE pod: STS `AssumeRoleWithWebIdentity` with the
/// OIDC token of the pod's service account, sent unsigned (`Authorization: SKIP`, the action
/// authenticates by the token).
///
/// The token file is read again at each fetch, since the kubelet rotates it; the region is
/// the one given (`TKE_REGION` with [`OidcProvider::from_env`]) and goes in `X-TC-Region`.
/// Credentials are cached as [the module](super) describes.
///
/// ```
/// use tcapi::credentials::{Env, OidcProvider};
/// let env = Env::from_pairs([
///     ("TKE_REGION", "ap-shanghai"),
///     ("TKE_PROVIDER_ID", "cls-abc"),
///     ("TKE_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/tke/token"),
///     ("TKE_ROLE_ARN", "qcs::cam::uin/100000000001:roleName/pod"),
/// ]);
/// let provider = OidcProvider::from_env(&env).unwrap().endpoint("http://127.0.0.1:8080");
/// assert_eq!(provider.region(), "ap-shanghai");
///
/// let error = OidcProvider::from_env(&Env::from_pairs([("TKE_REGION", "ap-shanghai")])).unwrap_err();
/// assert!(error.to_string().contains("TKE_PROVIDER_ID"), "{error}");
/// ```
pub struct OidcProvider {
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
    session_name: String,
    duration: Duration,
    endpoint: String,
    http: Http,
    cache: Cache,
}

impl OidcProvider {
    /// Assumes `role_arn` in `region` with the identity provider `provider_id` and the token
    /// in `token_file`, for 2 hours, from `https://sts.tencentcloudapi.com`.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        OidcProvider {
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
            session_name: default_session_name(),
            duration: DEFAULT_DURATION,
            endpoint: DEFAULT_STS_ENDPOINT.to_owned(),
            http: Http::new(STS_CONNECT_TIMEOUT, STS_TIMEOUT, false),
            cache: Cache::new(CredentialsSource::TkeOidc),
        }
    }

    /// The provider of a TKE pod: `TKE_REGION`, `TKE_PROVIDER_ID`,
    /// `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN` from `env`.
    ///
    /// # Errors
    ///
    /// [`NotConfigured`](CredentialsErrorKind::NotConfigured) when none of the variables is
    /// set, [`Invalid`](CredentialsErrorKind::Invalid) naming the missing ones when only some
    /// are.
    pub fn from_env(env: &Env) -> Result<Self, CredentialsError> {
        let values = TKE_VARS.map(|name| env.var(name));
        let missing: Vec<&str> = TKE_VARS
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            let kind = if missing.len() == TKE_VARS.len() {
                CredentialsErrorKind::NotConfigured
            } else {
                CredentialsErrorKind::Invalid
            };
            return Err(CredentialsError::new(format!(
                "environment variable{} {} not set",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ") + if missing.len() == 1 { " is" } else { " are" }
            ))
            .with_kind(kind)
            .with_provider(CredentialsSource::TkeOidc));
        }
        let [Some(region), Some(provider_id), Some(token_file), Some(role_arn)] = values else {
            unreachable!("every variable was checked above")
        };
        Ok(OidcProvider::new(region, provider_id, token_file, role_arn))
    }

    /// The region the credentials are asked in.
    pub fn region(&self) -> &str {
        &self.region
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        // A few hundred bytes, read once per refresh: not worth a blocking-pool round trip.
        let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            CredentialsError::new(format!(
                "cannot read the web identity token file {}: {e}",
                self.token_file.display()
            ))
            .with_kind(CredentialsErrorKind::Invalid)
            .with_provider(CredentialsSource::TkeOidc)
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::new(format!(
                "the web identity token file {} is empty",
                self.token_file.display()
            ))
            .with_kind(CredentialsErrorKind::Invalid)
            .with_provider(CredentialsSource::TkeOidc));
        }
        StsCall {
            source: CredentialsSource::TkeOidc,
            endpoint: &self.endpoint,
            region: &self.region,
            action: "AssumeRoleWithWebIdentity",
            params: json!({
                "ProviderId": self.provider_id,
                "WebIdentityToken": token,
                "RoleArn": self.role_arn,
                "RoleSessionName": self.session_name,
                "DurationSeconds": self.duration.as_secs(),
            }),
            duration: self.duration,
            signer: None,
        }
        .send(&self.http)
        .await
    }
}

provide_temporary!(
    OidcProvider,
    timeout = "The time limit of one STS request (default 10 s; connecting, at most 5 s)."
);
sts_settings!(OidcProvider);

/// Shows the configuration; the token is never held, only its file's path.
impl fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcProvider")
            .field("region", &self.region)
            .field("provider_id", &self.provider_id)
            .field("token_file", &self.token_file)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("endpoint", &self.endpoint)
            .field("expires_at", &self.cache.expires_at())
            .finish_non_exhaustive()
    }
}
