//! STS (`sts`, version 2018-08-13): the call both `AssumeRole` and `AssumeRoleWithWebIdentity`
//! make, and the provider of `AssumeRole`.

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

use serde_json::json;

use super::cache::{Cache, Expiring};
use super::http::Http;
use crate::clock::unix_now;
use crate::sign::{
    ApiCall, Body, Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource,
    ProvideCredentials,
};
use crate::{Error, TencentResponse};

/// The STS endpoint of the official SDKs.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.tencentcloudapi.com";

const STS_VERSION: &str = "2018-08-13";

/// The region of `AssumeRole` by default, as in the official SDKs (STS answers in every
/// region).
const DEFAULT_ASSUME_ROLE_REGION: &str = "ap-guangzhou";

/// How long assumed credentials last by default (2 hours), as in the official SDKs.
pub(crate) const DEFAULT_DURATION: Duration = Duration::from_secs(7200);

/// The longest lifetime STS grants (12 hours).
const MAX_DURATION_SECS: u64 = 43_200;

pub(crate) const STS_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub(crate) const STS_TIMEOUT: Duration = Duration::from_secs(10);

/// `RoleSessionName` by default: `tcapi-rust-<Unix microseconds>`.
pub(crate) fn default_session_name() -> String {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_micros());
    format!("tcapi-rust-{micros}")
}

/// The answer of `AssumeRole` and `AssumeRoleWithWebIdentity`.
#[derive(TencentResponse)]
struct Assumed {
    credentials: AssumedCredentials,
    expired_time: i64,
    #[allow(dead_code)] // kept so that the decoder requires it, as for every answer
    request_id: String,
}

#[derive(crate::Model)]
struct AssumedCredentials {
    token: String,
    tmp_secret_id: String,
    tmp_secret_key: String,
}

/// One STS call that yields temporary credentials.
pub(crate) struct StsCall<'a> {
    pub(crate) source: CredentialsSource,
    pub(crate) endpoint: &'a str,
    pub(crate) region: &'a str,
    pub(crate) action: &'a str,
    pub(crate) params: serde_json::Value,
    pub(crate) duration: Duration,
    /// Signs the request; `None` sends it unsigned (`Authorization: SKIP`), as
    /// `AssumeRoleWithWebIdentity` requires.
    pub(crate) signer: Option<&'a Credentials>,
}

impl StsCall<'_> {
    pub(crate) async fn send(self, http: &Http) -> Result<Expiring, CredentialsError> {
        let source = self.source;
        let error = |kind, message: String| {
            CredentialsError::new(message)
                .with_kind(kind)
                .with_provider(source)
        };
        if self.duration.as_secs() == 0 || self.duration.as_secs() > MAX_DURATION_SECS {
            return Err(error(
                CredentialsErrorKind::Invalid,
                format!(
                    "the duration {}s is outside STS's 1 to {MAX_DURATION_SECS} seconds",
                    self.duration.as_secs()
                ),
            ));
        }
        let url = reqwest::Url::parse(self.endpoint)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"));
        let host = match url.as_ref().map(|url| (url.host_str(), url.port())) {
            Some((Some(host), Some(port))) => format!("{host}:{port}"),
            Some((Some(host), None)) => host.to_owned(),
            _ => {
                return Err(error(
                    CredentialsErrorKind::Invalid,
                    format!("invalid STS endpoint `{}`", self.endpoint),
                ))
            }
        };
        let payload = self.params.to_string().into_bytes();
        let call = ApiCall {
            host: &host,
            service: "sts",
            version: STS_VERSION,
            action: self.action,
            region: Some(self.region),
            language: None,
            timestamp: unix_now(),
            body: Body::Json(&payload),
        };
        let headers = match self.signer {
            Some(credentials) => call.headers(credentials),
            None => {
                let mut headers = call.headers(&Credentials::new("", ""));
                for (name, value) in &mut headers {
                    if *name == "Authorization" {
                        "SKIP".clone_into(value);
                    }
                }
                headers
            }
        };
        let answer = http
            .post(self.endpoint, headers, payload)
            .await
            .map_err(|failure| failure.error.with_provider(source))?;
        let what = format!("{} at {}", self.action, self.endpoint);
        if answer.status != 200 {
            return Err(error(
                CredentialsErrorKind::Unavailable,
                format!("{what} answered HTTP status {}", answer.status),
            ));
        }
        match Assumed::from_slice(&answer.body) {
            Ok(assumed) => Ok(Expiring {
                credentials: Credentials::new(
                    assumed.credentials.tmp_secret_id,
                    assumed.credentials.tmp_secret_key,
                )
                .with_token(assumed.credentials.token),
                expires_at: assumed.expired_time,
            }),
            Err(Error::Api(api)) => Err(error(
                CredentialsErrorKind::Unavailable,
                format!("{what} failed: {api}"),
            )),
            // Never the decoder's message or excerpt: the body holds the secret key.
            Err(Error::InvalidBody(body)) => Err(error(
                CredentialsErrorKind::Invalid,
                format!(
                    "{what} answered a body that is not valid credentials: {} at line {} column {}",
                    body.kind(),
                    body.line(),
                    body.column()
                ),
            )),
            Err(other) => Err(error(
                CredentialsErrorKind::Unavailable,
                format!("{what} failed: {other}"),
            )),
        }
    }
}

/// Temporary credentials of a CAM role, from STS `AssumeRole` signed with source credentials
/// (any provider: permanent keys, a profile, a CVM role...).
///
/// The credentials are cached and fetched again [`super::DEFAULT_REFRESH_MARGIN`] (or half
/// their lifetime, if shorter) before they expire (see [the module](super) for how failures
/// are handled). The source is asked for its credentials at each fetch.
///
/// ```no_run
/// # async fn doc() -> Result<(), tcapi::sign::CredentialsError> {
/// use std::time::Duration;
/// use tcapi::credentials::AssumeRoleProvider;
/// use tcapi::sign::{Credentials, ProvideCredentials};
///
/// let source = Credentials::new("AKIDEXAMPLE", "secret-key");
/// let provider = AssumeRoleProvider::new(source, "qcs::cam::uin/100000000001:roleName/deploy")
///     .session_name("deploy-job")
///     .duration(Duration::from_secs(3600));
/// let temporary = provider.credentials().await?;
/// # Ok(()) }
/// ```
pub struct AssumeRoleProvider {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration: Duration,
    region: String,
    endpoint: String,
    http: Http,
    cache: Cache,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` (`qcs::cam::uin/<uin>:roleName/<name>`) with the credentials of
    /// `source`, for 2 hours, from `https://sts.tencentcloudapi.com` in `ap-guangzhou`.
    pub fn new(source: impl ProvideCredentials + 'static, role_arn: impl Into<String>) -> Self {
        AssumeRoleProvider {
            source: Arc::new(source),
            role_arn: role_arn.into(),
            session_name: default_session_name(),
            duration: DEFAULT_DURATION,
            region: DEFAULT_ASSUME_ROLE_REGION.to_owned(),
            endpoint: DEFAULT_STS_ENDPOINT.to_owned(),
            http: Http::new(STS_CONNECT_TIMEOUT, STS_TIMEOUT, false),
            cache: Cache::new(CredentialsSource::AssumeRole),
        }
    }

    /// The region sent as `X-TC-Region` (default `ap-guangzhou`).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        let source = self.source.credentials().await.map_err(|e| {
            let message = format!("the source credentials are unavailable: {e}");
            CredentialsError::with_source(message, e.clone())
                .with_kind(e.kind())
                .with_provider(CredentialsSource::AssumeRole)
        })?;
        StsCall {
            source: CredentialsSource::AssumeRole,
            endpoint: &self.endpoint,
            region: &self.region,
            action: "AssumeRole",
            params: json!({
                "RoleArn": self.role_arn,
                "RoleSessionName": self.session_name,
                "DurationSeconds": self.duration.as_secs(),
            }),
            duration: self.duration,
            signer: Some(&source),
        }
        .send(&self.http)
        .await
    }
}

provide_temporary!(
    AssumeRoleProvider,
    timeout = "The time limit of one STS request (default 10 s; connecting, at most 5 s)."
);
sts_settings!(AssumeRoleProvider);

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("expires_at", &self.cache.expires_at())
            .finish_non_exhaustive()
    }
}
