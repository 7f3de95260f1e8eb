//! Where temporary credentials come from: the CVM metadata service (the instance's CAM role and
//! its credentials) and STS `AssumeRole` and `AssumeRoleWithWebIdentity`. Every credential
//! issued is accepted by the server until it expires, so a client can use it at once.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use hyper::header::HeaderMap;
use hyper::{Response, StatusCode};
use serde_json::{json, Map, Value};
use tcapi::sign::Credentials;

use crate::engine::{Body, State};
use crate::error::{api_error, ApiError};
use crate::products::STS_VERSION;
use crate::request::header;
use crate::sync::lock;

/// The CAM role bound to the simulated instance, unless changed with [`Identity::set_role`].
pub const TEST_ROLE: &str = "tcapi-test-role";

/// The path of the metadata service's role credentials: the role's name, and below it, the
/// role's credentials.
pub const ROLE_CREDENTIALS_PATH: &str = "/latest/meta-data/cam/security-credentials/";

/// What an `AssumeRoleWithWebIdentity` request carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebIdentityCall {
    /// `X-TC-Region`, if sent.
    pub region: Option<String>,
    /// `ProviderId`.
    pub provider_id: String,
    /// `WebIdentityToken`.
    pub token: String,
    /// `RoleArn`.
    pub role_arn: String,
}

/// The identity endpoints of a [`TestServer`](crate::TestServer), with their settings and
/// counters: [`TestServer::identity`](crate::TestServer::identity).
#[derive(Debug)]
pub struct Identity {
    role: Mutex<Option<String>>,
    lifetime: AtomicI64,
    failing: AtomicBool,
    delay_ms: AtomicU64,
    issued: AtomicU64,
    role_list_requests: AtomicU64,
    role_credentials_requests: AtomicU64,
    assume_role_requests: AtomicU64,
    web_identity_requests: AtomicU64,
    last_web_identity: Mutex<Option<WebIdentityCall>>,
}

impl Default for Identity {
    /// [`TEST_ROLE`] bound, credentials valid for 2 hours, no failures, no delay.
    fn default() -> Self {
        Identity {
            role: Mutex::new(Some(TEST_ROLE.to_owned())),
            lifetime: AtomicI64::new(7200),
            failing: AtomicBool::new(false),
            delay_ms: AtomicU64::new(0),
            issued: AtomicU64::new(0),
            role_list_requests: AtomicU64::new(0),
            role_credentials_requests: AtomicU64::new(0),
            assume_role_requests: AtomicU64::new(0),
            web_identity_requests: AtomicU64::new(0),
            last_web_identity: Mutex::new(None),
        }
    }
}

impl Identity {
    /// The role bound to the instance; `None`: no role, the metadata service answers 404.
    pub fn set_role(&self, role: Option<&str>) {
        *lock(&self.role) = role.map(str::to_owned);
    }

    /// Credentials issued from now on expire `seconds` after issue (zero or less: already
    /// expired when issued).
    pub fn set_lifetime(&self, seconds: i64) {
        self.lifetime.store(seconds, Ordering::Relaxed);
    }

    /// While `failing`, the metadata service answers role credentials with HTTP 500 and STS
    /// answers `InternalError` (the requests are still counted).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::Relaxed);
    }

    /// The metadata service waits this long before answering role credentials, so that
    /// concurrent callers overlap.
    pub fn set_delay(&self, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_ms.store(millis, Ordering::Relaxed);
    }

    /// Credentials issued so far, by every endpoint.
    pub fn issued(&self) -> u64 {
        self.issued.load(Ordering::Relaxed)
    }

    /// Requests for the role's name (`GET .../security-credentials/`).
    pub fn role_list_requests(&self) -> u64 {
        self.role_list_requests.load(Ordering::Relaxed)
    }

    /// Requests for the role's credentials (`GET .../security-credentials/<role>`).
    pub fn role_credentials_requests(&self) -> u64 {
        self.role_credentials_requests.load(Ordering::Relaxed)
    }

    /// STS `AssumeRole` requests, whatever their outcome.
    pub fn assume_role_requests(&self) -> u64 {
        self.assume_role_requests.load(Ordering::Relaxed)
    }

    /// STS `AssumeRoleWithWebIdentity` requests, whatever their outcome.
    pub fn web_identity_requests(&self) -> u64 {
        self.web_identity_requests.load(Ordering::Relaxed)
    }

    /// The last `AssumeRoleWithWebIdentity` request that was accepted.
    pub fn last_web_identity(&self) -> Option<WebIdentityCall> {
        lock(&self.last_web_identity).clone()
    }

    fn failing(&self) -> bool {
        self.failing.load(Ordering::Relaxed)
    }
}

/// Whether a request is for the metadata service.
pub(crate) fn is_metadata(path: &str) -> bool {
    path.starts_with("/latest/meta-data/")
}

/// New temporary credentials, accepted from now until they expire: `(credentials,
/// expires_at)`.
fn issue(state: &State) -> (Credentials, i64) {
    let n = state.identity.issued.fetch_add(1, Ordering::Relaxed) + 1;
    let nonce = state.request_id().replace('-', "");
    let credentials = Credentials::new(
        format!("AKIDtcapiTemporary{n:06}"),
        format!("tcapiTemporaryKey{n}x{nonce}"),
    )
    .with_token(format!("tcapiTemporaryToken{n}x{nonce}"));
    let expires_at = state.now() + state.identity.lifetime.load(Ordering::Relaxed);
    state.keyring.add(credentials.clone(), Some(expires_at));
    (credentials, expires_at)
}

/// `GET /latest/meta-data/cam/security-credentials/[<role>]`, as a CVM instance's metadata
/// service answers it.
pub(crate) async fn metadata(state: &State, path: &str) -> Response<Body> {
    let identity = &state.identity;
    let Some(asked) = path.strip_prefix(ROLE_CREDENTIALS_PATH) else {
        return state.respond(StatusCode::NOT_FOUND, "text/plain", Bytes::new());
    };
    let bound = lock(&identity.role).clone();
    if asked.is_empty() {
        identity.role_list_requests.fetch_add(1, Ordering::Relaxed);
        return match bound {
            Some(role) => state.respond(StatusCode::OK, "text/plain", Bytes::from(role)),
            None => state.respond(StatusCode::NOT_FOUND, "text/plain", Bytes::new()),
        };
    }
    identity
        .role_credentials_requests
        .fetch_add(1, Ordering::Relaxed);
    let delay = identity.delay_ms.load(Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if bound.as_deref() != Some(asked) {
        return state.respond(StatusCode::NOT_FOUND, "text/plain", Bytes::new());
    }
    if identity.failing() {
        return state.respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            Bytes::from_static(b"metadata service failure (injected)\n"),
        );
    }
    let (credentials, expires_at) = issue(state);
    let body = json!({
        "TmpSecretId": credentials.secret_id(),
        "TmpSecretKey": credentials.secret_key(),
        "ExpiredTime": expires_at,
        "Token": credentials.token(),
        "Code": "Success",
    });
    state.respond(
        StatusCode::OK,
        "application/json",
        Bytes::from(body.to_string()),
    )
}

/// The answer of STS `AssumeRole` and `AssumeRoleWithWebIdentity`.
fn assumed(state: &State) -> Value {
    let (credentials, expires_at) = issue(state);
    json!({
        "Response": {
            "Credentials": {
                "Token": credentials.token(),
                "TmpSecretId": credentials.secret_id(),
                "TmpSecretKey": credentials.secret_key(),
            },
            "ExpiredTime": expires_at,
            "RequestId": state.request_id(),
        }
    })
}

/// STS `AssumeRole`, after the signature was verified like any other action's.
pub(crate) fn assume_role(
    state: &State,
    version: &str,
    params: &Map<String, Value>,
) -> Result<Value, ApiError> {
    state
        .identity
        .assume_role_requests
        .fetch_add(1, Ordering::Relaxed);
    check_sts(version, params, &["RoleArn", "RoleSessionName"])?;
    if state.identity.failing() {
        return Err(api_error("InternalError", "STS failure (injected)."));
    }
    Ok(assumed(state))
}

/// STS `AssumeRoleWithWebIdentity`, which must be unsigned (`Authorization: SKIP`): the
/// web identity token is the proof of identity.
pub(crate) fn assume_role_with_web_identity(
    state: &State,
    headers: &HeaderMap,
    version: &str,
    params: &Map<String, Value>,
) -> Result<Value, ApiError> {
    state
        .identity
        .web_identity_requests
        .fetch_add(1, Ordering::Relaxed);
    if header(headers, "authorization") != Some("SKIP") {
        return Err(api_error(
            "AuthFailure.InvalidAuthorization",
            "AssumeRoleWithWebIdentity must be sent unsigned, with `Authorization: SKIP`.",
        ));
    }
    let required = [
        "ProviderId",
        "WebIdentityToken",
        "RoleArn",
        "RoleSessionName",
    ];
    check_sts(version, params, &required)?;
    if state.identity.failing() {
        return Err(api_error("InternalError", "STS failure (injected)."));
    }
    let text = |name: &str| {
        params
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    *lock(&state.identity.last_web_identity) = Some(WebIdentityCall {
        region: header(headers, "x-tc-region").map(str::to_owned),
        provider_id: text("ProviderId"),
        token: text("WebIdentityToken"),
        role_arn: text("RoleArn"),
    });
    Ok(assumed(state))
}

fn check_sts(
    version: &str,
    params: &Map<String, Value>,
    required: &[&str],
) -> Result<(), ApiError> {
    if version != STS_VERSION {
        return Err(api_error(
            "NoSuchVersion",
            format!("The version `{version}` of service `sts` does not exist."),
        ));
    }
    match required.iter().find(|name| {
        params
            .get(**name)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    }) {
        Some(name) => Err(api_error(
            "MissingParameter",
            format!("The request is missing a required parameter `{name}`."),
        )),
        None => Ok(()),
    }
}
