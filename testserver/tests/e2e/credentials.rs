//! Credential providers end to end over loopback: the default chain's order and its account of
//! a total failure, single-flight refreshes of temporary credentials, failed refreshes, and
//! secrets kept out of every `Debug` and `Display`.
//!
//! Every environment is an explicit `Env`: no test reads or changes the process's variables.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tcapi::credentials::{
    AssumeRoleProvider, Chain, CvmRoleProvider, Env, EnvProvider, OidcProvider, ProfileProvider,
};
use tcapi::sign::{
    ApiCall, Body, Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource,
    ProvideCredentials,
};
use tcapi::{Error, TransportErrorKind};
use tcapi_testserver::{TestServer, TEST_ROLE};

const BILLING: &str = "2018-07-09";
const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/tcapi-test";

/// A directory of its own for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("tcapi-credentials-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PROFILES: &str = "\
# written by tccli
[default]
secret_id = AKIDprofileDefault
secret_key = profile-default-secret-key

[ci]
secret_id = \"AKIDprofileCi\"
secret_key = profile-ci-secret-key
token = profile-ci-token
";

/// A chain on `env` whose metadata and STS endpoints are `server`.
fn chain(server: &TestServer, env: Env) -> Chain {
    Chain::builder()
        .env(env)
        .metadata_endpoint(server.endpoint())
        .sts_endpoint(server.endpoint())
        .build()
}

fn tke_env(scratch: &Scratch, token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("TKE_REGION", "ap-shanghai".to_owned()),
        ("TKE_PROVIDER_ID", "cls-tcapi".to_owned()),
        ("TKE_WEB_IDENTITY_TOKEN_FILE", scratch.write("token", token)),
        ("TKE_ROLE_ARN", ROLE_ARN.to_owned()),
    ]
}

async fn balance(client: &tcapi::client::Client) -> Result<AccountBalance, Error> {
    client
        .call("billing", BILLING, "DescribeAccountBalance", &json!({}))
        .await
}

/// The `CredentialsError` behind a client's failure to get credentials.
fn credentials_error(error: &Error) -> &CredentialsError {
    let Error::Transport(transport) = error else {
        panic!("expected a transport error, got {error}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Credentials);
    std::error::Error::source(transport)
        .and_then(|source| source.downcast_ref::<CredentialsError>())
        .unwrap_or_else(|| panic!("no CredentialsError behind {error}"))
}

#[tokio::test]
async fn chain_takes_the_environment_first() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let scratch = Scratch::new("env-first");
        let mut vars = tke_env(&scratch, "pod-token");
        vars.push(("TENCENTCLOUD_SECRET_ID", "AKIDfromEnv".to_owned()));
        vars.push(("TENCENTCLOUD_SECRET_KEY", "env-secret-key".to_owned()));
        vars.push(("TENCENTCLOUD_SESSION_TOKEN", "env-token".to_owned()));
        vars.push((
            "TENCENTCLOUD_CREDENTIALS_FILE",
            scratch.write("credentials", PROFILES),
        ));
        let chain = chain(&server, Env::from_pairs(vars));
        assert_eq!(chain.selected(), None);
        assert_eq!(
            chain.resolve().await.unwrap(),
            CredentialsSource::Environment
        );
        let credentials = chain.credentials().await.unwrap();
        assert_eq!(credentials.secret_id(), "AKIDfromEnv");
        assert_eq!(credentials.token(), Some("env-token"));
        assert_eq!(chain.selected(), Some(CredentialsSource::Environment));
        assert!(format!("{chain:?}").contains("selected: Some(Environment)"));
        let identity = server.identity();
        assert_eq!(
            identity.web_identity_requests() + identity.role_list_requests(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn chain_takes_the_profile_the_variable_names() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let scratch = Scratch::new("profile");
        let file = scratch.write("credentials", PROFILES);

        let default = chain(
            &server,
            Env::from_pairs([("TENCENTCLOUD_CREDENTIALS_FILE", &file)]),
        );
        assert_eq!(
            default.resolve().await.unwrap(),
            CredentialsSource::ProfileFile
        );
        let credentials = default.credentials().await.unwrap();
        assert_eq!(credentials.secret_id(), "AKIDprofileDefault");
        assert_eq!(credentials.token(), None);

        let ci = chain(
            &server,
            Env::from_pairs([
                ("TENCENTCLOUD_CREDENTIALS_FILE", file.as_str()),
                ("TENCENTCLOUD_PROFILE", "ci"),
            ]),
        );
        assert_eq!(ci.resolve().await.unwrap(), CredentialsSource::ProfileFile);
        let credentials = ci.credentials().await.unwrap();
        assert_eq!(credentials.secret_id(), "AKIDprofileCi");
        assert_eq!(credentials.secret_key(), "profile-ci-secret-key");
        assert_eq!(credentials.token(), Some("profile-ci-token"));

        // Without the variable, the file under $HOME.
        let home = Scratch::new("profile-home");
        home.write(".tencentcloud/credentials", PROFILES);
        let found =
            ProfileProvider::with_env(Env::from_pairs([("HOME", home.0.to_str().unwrap())]));
        assert_eq!(found.load().unwrap().secret_id(), "AKIDprofileDefault");

        // A profile that is not there stops the chain: no fall-through to another identity.
        let missing = chain(
            &server,
            Env::from_pairs([
                ("TENCENTCLOUD_CREDENTIALS_FILE", file.as_str()),
                ("TENCENTCLOUD_PROFILE", "prod"),
            ]),
        );
        let error = missing.resolve().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert_eq!(error.provider(), Some(CredentialsSource::Chain));
        let tried: Vec<_> = error
            .tried()
            .iter()
            .map(CredentialsError::provider)
            .collect();
        assert_eq!(
            tried,
            [
                Some(CredentialsSource::Environment),
                Some(CredentialsSource::ProfileFile)
            ]
        );
        let shown = error.to_string();
        assert!(
            shown.contains("no profile [prod] (it has: default, ci)"),
            "{shown}"
        );
        assert_eq!(missing.selected(), None);
        assert_eq!(
            server.identity().role_list_requests(),
            0,
            "the CVM role was not asked"
        );
    })
    .await;
}

#[tokio::test]
async fn chain_takes_tke_oidc_unsigned_in_the_pods_region() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let scratch = Scratch::new("oidc");
        let vars = tke_env(&scratch, "pod-token-1\n");
        let chain = Arc::new(chain(&server, Env::from_pairs(vars)));
        assert_eq!(chain.resolve().await.unwrap(), CredentialsSource::TkeOidc);
        let identity = server.identity();
        assert_eq!(identity.web_identity_requests(), 1);
        assert_eq!(identity.role_list_requests(), 0, "the CVM role comes after");
        let call = identity.last_web_identity().unwrap();
        assert_eq!(
            call.region.as_deref(),
            Some("ap-shanghai"),
            "TKE_REGION, not a default"
        );
        assert_eq!(call.token, "pod-token-1");
        assert_eq!(call.provider_id, "cls-tcapi");
        assert_eq!(call.role_arn, ROLE_ARN);

        // The issued credentials sign calls; the kubelet's rotated token is read at refresh.
        let (client, _) = client_with(&server, Arc::clone(&chain));
        balance(&client).await.unwrap();
        scratch.write("token", "pod-token-2");
        let refreshed = chain.refresh().await.unwrap();
        assert_eq!(identity.web_identity_requests(), 2);
        assert_eq!(identity.last_web_identity().unwrap().token, "pod-token-2");
        assert_eq!(chain.credentials().await.unwrap(), refreshed);
        balance(&client).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn chain_takes_the_cvm_role_last() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let home = Scratch::new("cvm-home");
        let chain = Arc::new(chain(
            &server,
            Env::from_pairs([("HOME", home.0.to_str().unwrap())]),
        ));
        assert_eq!(chain.resolve().await.unwrap(), CredentialsSource::CvmRole);
        let (client, _) = client_with(&server, Arc::clone(&chain));
        balance(&client).await.unwrap();
        balance(&client).await.unwrap();
        let identity = server.identity();
        assert_eq!(identity.role_list_requests(), 1);
        assert_eq!(
            identity.role_credentials_requests(),
            1,
            "cached across calls"
        );
        assert_eq!(server.executed("DescribeAccountBalance"), 2);
    })
    .await;
}

#[tokio::test]
async fn chain_explains_a_total_failure() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        server.identity().set_role(None);
        let home = Scratch::new("nothing-home");
        let env = Env::from_pairs([("HOME", home.0.to_str().unwrap())]);
        let chain = Arc::new(chain(&server, env.clone()));
        let error = chain.resolve().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NoneFound);
        assert_eq!(error.provider(), Some(CredentialsSource::Chain));
        let tried: Vec<_> = error
            .tried()
            .iter()
            .map(|tried| (tried.provider(), tried.kind()))
            .collect();
        let not_configured = CredentialsErrorKind::NotConfigured;
        assert_eq!(
            tried,
            [
                (Some(CredentialsSource::Environment), not_configured),
                (Some(CredentialsSource::ProfileFile), not_configured),
                (Some(CredentialsSource::TkeOidc), not_configured),
                (Some(CredentialsSource::CvmRole), not_configured),
            ]
        );
        let shown = error.to_string();
        for expected in [
            "no provider has credentials",
            "environment: environment variable TENCENTCLOUD_SECRET_ID is not set",
            "profile file: TENCENTCLOUD_CREDENTIALS_FILE is not set and no credentials file exists",
            "TKE OIDC: environment variables TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN are not set",
            "CVM role: no CAM role is bound to this instance",
        ] {
            assert!(shown.contains(expected), "{expected:?} missing from {shown}");
        }

        // Through the client: a typed error, and nothing was sent.
        let (client, _) = client_with(&server, Arc::clone(&chain));
        let error = balance(&client).await.unwrap_err();
        assert_eq!(credentials_error(&error).kind(), CredentialsErrorKind::NoneFound);
        assert_eq!(server.executed_total(), 0);

        // Off a CVM instance (nothing listens): the metadata service is unreachable.
        let off_cvm = Chain::builder()
            .env(env)
            .metadata_endpoint("http://127.0.0.1:1")
            .build();
        let error = off_cvm.resolve().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NoneFound);
        let cvm = &error.tried()[3];
        assert!(cvm.message().contains("unreachable"), "{error}");
    })
    .await;
}

/// A program without credentials on a host whose metadata service hangs: the first call waits
/// for the metadata time limit, the next ones fail at once with the same error while the
/// failure is fresh ([`tcapi::credentials::UNRESOLVED_RETRY_AFTER`]).
#[tokio::test]
async fn unresolved_chain_fails_fast_while_the_failure_is_fresh() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        server.identity().set_delay(Duration::from_secs(10));
        let home = Scratch::new("hanging-home");
        let chain = Arc::new(chain(
            &server,
            Env::from_pairs([("HOME", home.0.to_str().unwrap())]),
        ));
        let (client, _) = client_with(&server, Arc::clone(&chain));
        let mut took = Vec::new();
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let error = balance(&client).await.unwrap_err();
            took.push(started.elapsed());
            let cause = credentials_error(&error);
            assert_eq!(cause.provider(), Some(CredentialsSource::Chain), "{cause}");
            assert!(cause.to_string().contains("CVM role"), "{cause}");
        }
        assert!(took[0] >= Duration::from_millis(1500), "{took:?}");
        assert!(took[1] < Duration::from_millis(200), "{took:?}");
        assert!(took[2] < Duration::from_millis(200), "{took:?}");
        assert_eq!(server.identity().role_credentials_requests(), 1);
        assert_eq!(server.executed_total(), 0);
    })
    .await;
}

#[tokio::test]
async fn sixty_four_concurrent_calls_with_expired_credentials_refresh_once() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let identity = server.identity();
        identity.set_lifetime(-60);
        let provider = Arc::new(CvmRoleProvider::new().endpoint(server.endpoint()));
        let expired = provider.credentials().await.unwrap();
        assert_eq!(identity.role_credentials_requests(), 1);

        identity.set_lifetime(3600);
        identity.set_delay(Duration::from_millis(200));
        let (client, _) = client_with(&server, Arc::clone(&provider));
        let calls: Vec<_> = (0..64)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { balance(&client).await })
            })
            .collect();
        for call in calls {
            call.await.unwrap().unwrap();
        }
        assert_eq!(
            identity.role_credentials_requests(),
            2,
            "one refresh for 64 calls"
        );
        assert_eq!(server.executed("DescribeAccountBalance"), 64);
        let fresh = provider.credentials().await.unwrap();
        assert_ne!(fresh, expired);

        // The server rejecting a token: 64 concurrent refreshes make one request too.
        let refreshes: Vec<_> = (0..64)
            .map(|_| {
                let provider = Arc::clone(&provider);
                tokio::spawn(async move { provider.refresh().await })
            })
            .collect();
        let mut seen = Vec::new();
        for refresh in refreshes {
            seen.push(refresh.await.unwrap().unwrap());
        }
        assert_eq!(identity.role_credentials_requests(), 3);
        assert!(seen.iter().all(|credentials| *credentials == seen[0]));
        assert_ne!(seen[0], fresh);
    })
    .await;
}

/// 64 calls spread over 400 ms, every one answered `AuthFailure.TokenFailure` for the token
/// the provider had cached: one new fetch, not one per wave of rejections. A call whose
/// rejection arrives after another call refreshed takes the new credentials.
#[tokio::test]
async fn a_rejected_token_is_fetched_again_once_for_many_calls() {
    bounded(30, async {
        for run in 0..3 {
            let server = TestServer::start().await.unwrap();
            let identity = server.identity();
            let provider = Arc::new(CvmRoleProvider::new().endpoint(server.endpoint()));
            let rejected = provider.credentials().await.unwrap();
            assert_eq!(identity.role_credentials_requests(), 1);
            server.expire_credentials(rejected.secret_id());
            identity.set_delay(Duration::from_millis(50));
            let (client, _) = client_with(&server, Arc::clone(&provider));
            let calls: Vec<_> = (0..64u64)
                .map(|i| {
                    let client = client.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(i * 400 / 64)).await;
                        balance(&client).await
                    })
                })
                .collect();
            for call in calls {
                call.await.unwrap().unwrap();
            }
            assert_eq!(
                identity.role_credentials_requests(),
                2,
                "run {run}: one fetch after the rejections"
            );
            assert_eq!(server.executed("DescribeAccountBalance"), 64);
        }
    })
    .await;
}

/// Credentials that live less than twice the default margin (5 min) are fetched again halfway
/// through their life, not on every call: an `AssumeRole` of 60 s, and CVM role credentials
/// with 240 s left, each serve 20 calls with one fetch.
#[tokio::test]
async fn short_lived_credentials_are_not_fetched_on_every_call() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let identity = server.identity();
        identity.set_lifetime(60);
        let assumed = Arc::new(
            AssumeRoleProvider::new(server.credentials(), ROLE_ARN)
                .duration(Duration::from_secs(60))
                .endpoint(server.endpoint()),
        );
        let (client, _) = client_with(&server, Arc::clone(&assumed));
        for _ in 0..20 {
            balance(&client).await.unwrap();
        }
        assert_eq!(identity.assume_role_requests(), 1, "60 s credentials");

        identity.set_lifetime(240);
        let role = Arc::new(CvmRoleProvider::new().endpoint(server.endpoint()));
        let (client, _) = client_with(&server, Arc::clone(&role));
        for _ in 0..20 {
            balance(&client).await.unwrap();
        }
        assert_eq!(identity.role_credentials_requests(), 1, "240 s left");
        assert_eq!(server.executed("DescribeAccountBalance"), 40);
    })
    .await;
}

#[tokio::test]
async fn failed_refresh_is_invisible_while_the_credentials_are_valid() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let identity = server.identity();
        identity.set_lifetime(600);
        // A margin longer than the lifetime: every call finds the credentials due.
        let provider = Arc::new(
            CvmRoleProvider::new()
                .endpoint(server.endpoint())
                .refresh_margin(Duration::from_secs(3600)),
        );
        let cached = provider.credentials().await.unwrap();
        identity.set_failing(true);
        let (client, _) = client_with(&server, Arc::clone(&provider));
        for _ in 0..3 {
            assert_eq!(provider.credentials().await.unwrap(), cached);
            balance(&client).await.unwrap();
        }
        assert_eq!(
            identity.role_credentials_requests(),
            2,
            "one failed attempt, then a pause before the next"
        );
    })
    .await;
}

#[tokio::test]
async fn failed_refresh_of_expired_credentials_names_the_provider() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let identity = server.identity();
        identity.set_lifetime(-60);
        let provider = Arc::new(CvmRoleProvider::new().endpoint(server.endpoint()));
        provider.credentials().await.unwrap();
        identity.set_failing(true);

        let error = provider.credentials().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Expired);
        assert_eq!(error.provider(), Some(CredentialsSource::CvmRole));
        let shown = error.to_string();
        assert!(shown.contains("from the CVM role provider"), "{shown}");
        assert!(shown.contains("HTTP status 500"), "{shown}");
        let cause = std::error::Error::source(&error)
            .and_then(|source| source.downcast_ref::<CredentialsError>())
            .unwrap();
        assert_eq!(cause.kind(), CredentialsErrorKind::Unavailable);

        let (client, _) = client_with(&server, Arc::clone(&provider));
        let error = balance(&client).await.unwrap_err();
        let cause = credentials_error(&error);
        assert_eq!(cause.kind(), CredentialsErrorKind::Expired);
        assert_eq!(cause.provider(), Some(CredentialsSource::CvmRole));
        assert_eq!(server.executed_total(), 0, "nothing signed, nothing sent");

        // The source recovers: so does the provider.
        identity.set_failing(false);
        identity.set_lifetime(3600);
        balance(&client).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn assume_role_is_signed_with_the_source_credentials() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let provider = Arc::new(
            AssumeRoleProvider::new(server.credentials(), ROLE_ARN)
                .session_name("tcapi-test")
                .endpoint(server.endpoint()),
        );
        let assumed = provider.credentials().await.unwrap();
        assert!(assumed.token().is_some());
        assert_eq!(server.identity().assume_role_requests(), 1);
        let (client, _) = client_with(&server, Arc::clone(&provider));
        balance(&client).await.unwrap();
        assert_eq!(server.identity().assume_role_requests(), 1, "cached");

        let forged = Credentials::new(tcapi_testserver::TEST_SECRET_ID, "not-the-secret-key");
        let refused = AssumeRoleProvider::new(forged, ROLE_ARN).endpoint(server.endpoint());
        let error = refused.credentials().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Unavailable);
        assert_eq!(error.provider(), Some(CredentialsSource::AssumeRole));
        let shown = error.to_string();
        assert!(shown.contains("AuthFailure.SignatureFailure"), "{shown}");
        assert!(!shown.contains("not-the-secret-key"), "{shown}");
    })
    .await;
}

#[tokio::test]
async fn web_identity_must_be_unsigned() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let body = json!({
            "ProviderId": "cls-tcapi",
            "WebIdentityToken": "pod-token",
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "signed",
        })
        .to_string();
        let host = server.addr().to_string();
        let headers = ApiCall {
            host: &host,
            service: "sts",
            version: "2018-08-13",
            action: "AssumeRoleWithWebIdentity",
            region: Some("ap-guangzhou"),
            language: None,
            timestamp: server.now(),
            body: Body::Json(body.as_bytes()),
        }
        .headers(&server.credentials());
        let mut request = reqwest::Client::new().post(server.endpoint()).body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let answer = request.send().await.unwrap().text().await.unwrap();
        assert!(
            answer.contains("AuthFailure.InvalidAuthorization"),
            "{answer}"
        );
        assert_eq!(server.identity().web_identity_requests(), 1);
        assert_eq!(server.identity().issued(), 0);
    })
    .await;
}

#[tokio::test]
async fn no_secret_in_any_debug_or_display() {
    bounded(20, async {
        let server = TestServer::start().await.unwrap();
        let scratch = Scratch::new("secrets");
        let mut shown: Vec<String> = Vec::new();
        let mut secrets: Vec<String> = vec![
            "env-secret-key".into(),
            "env-token".into(),
            "pod-token-secret".into(),
            "profile-default-secret-key".into(),
            "LEAKED-IF-SHOWN".into(),
        ];

        let env = EnvProvider::with_env(Env::from_pairs([
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", "env-secret-key"),
            ("TENCENTCLOUD_SESSION_TOKEN", "env-token"),
        ]));
        let credentials = env.credentials().await.unwrap();
        shown.push(format!("{env:?} {credentials:?} {credentials}"));
        let half = EnvProvider::with_env(Env::from_pairs([(
            "TENCENTCLOUD_SECRET_KEY",
            "env-secret-key",
        )]));
        let error = half.load().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        shown.push(format!("{error} {error:?}"));

        let malformed = scratch.write(
            "malformed",
            "[default]\nsecret_id = AKID\nLEAKED-IF-SHOWN\n",
        );
        let profile = ProfileProvider::new().path(&malformed);
        let error = profile.load().unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("malformed:3: expected `[profile]`, `key = value` or a comment"),
            "{error}"
        );
        shown.push(format!("{profile:?} {error} {error:?}"));

        let mut vars = tke_env(&scratch, "pod-token-secret");
        vars.push(("HOME", scratch.0.to_str().unwrap().to_owned()));
        let env = Env::from_pairs(vars);
        let oidc = OidcProvider::from_env(&env)
            .unwrap()
            .endpoint(server.endpoint());
        let chain = chain(&server, env.clone());
        for credentials in [
            oidc.credentials().await.unwrap(),
            chain.credentials().await.unwrap(),
        ] {
            secrets.extend([
                credentials.secret_key().to_owned(),
                credentials.token().unwrap().to_owned(),
            ]);
            shown.push(format!("{credentials:?} {credentials}"));
        }
        shown.push(format!("{oidc:?} {chain:?} {env:?}"));

        let cvm = CvmRoleProvider::new()
            .endpoint(server.endpoint())
            .role(TEST_ROLE);
        let assume =
            AssumeRoleProvider::new(server.credentials(), ROLE_ARN).endpoint(server.endpoint());
        for credentials in [
            cvm.credentials().await.unwrap(),
            assume.credentials().await.unwrap(),
        ] {
            secrets.extend([
                credentials.secret_key().to_owned(),
                credentials.token().unwrap().to_owned(),
            ]);
        }
        shown.push(format!("{cvm:?} {assume:?}"));

        // Failures, including an expired cache, shown every way.
        server.identity().set_lifetime(-60);
        let expiring = CvmRoleProvider::new().endpoint(server.endpoint());
        let issued = expiring.credentials().await.unwrap();
        secrets.extend([
            issued.secret_key().to_owned(),
            issued.token().unwrap().to_owned(),
        ]);
        server.identity().set_failing(true);
        let error = expiring.credentials().await.unwrap_err();
        shown.push(format!("{error} {error:?} {expiring:?}"));
        let (client, _) = client_with(&server, expiring);
        let error = balance(&client).await.unwrap_err();
        shown.push(format!("{error} {error:?}"));

        secrets.push(tcapi_testserver::TEST_SECRET_KEY.to_owned());
        for text in &shown {
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{secret:?} shown in {text}"
                );
            }
        }
    })
    .await;
}
