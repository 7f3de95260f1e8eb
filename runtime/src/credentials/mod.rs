//! Where [`Credentials`](crate::sign::Credentials) come from (feature `credentials`): the
//! environment, a profile file, the OIDC token of a TKE pod, the CAM role of a CVM instance,
//! STS `AssumeRole`, and the default [`Chain`] that tries the first four in that order.
//!
//! Every provider implements [`ProvideCredentials`](crate::sign::ProvideCredentials), so any of
//! them, alone or in a chain, goes where the client takes credentials:
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
//! use tcapi::client::Client;
//! use tcapi::credentials::Chain;
//!
//! let chain = Chain::default_chain();
//! println!("credentials from the {} provider", chain.resolve().await?);
//! let client = Client::new(chain, "ap-guangzhou");
//! # Ok(()) }
//! ```
//!
//! | provider | reads | credentials |
//! |---|---|---|
//! | [`EnvProvider`] | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SESSION_TOKEN` | as given |
//! | [`ProfileProvider`] | `TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`; the section named by `TENCENTCLOUD_PROFILE`, else `default` | as given |
//! | [`OidcProvider`] | `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN` | temporary, from STS `AssumeRoleWithWebIdentity` (unsigned) |
//! | [`CvmRoleProvider`] | the metadata service `http://metadata.tencentyun.com` | temporary, from the instance's CAM role |
//! | [`AssumeRoleProvider`] | source credentials and a role ARN | temporary, from STS `AssumeRole` (signed with the source) |
//!
//! Temporary credentials are cached and fetched again [`DEFAULT_REFRESH_MARGIN`] (5 min)
//! before they expire, or halfway through the time they had left when fetched if that is
//! shorter, so that short-lived credentials are fetched twice per lifetime, not on every call.
//! A provider's `refresh_margin` sets a fixed margin instead. However many calls need new credentials at once, one request fetches them; the
//! others wait for it, or keep the cached credentials while these are still valid. A fetch that
//! fails while the cached credentials are still valid goes unnoticed (the next one is tried
//! [`RETRY_AFTER_FAILURE`] later); once they have expired, the call fails with a
//! [`CredentialsError`](crate::sign::CredentialsError) of kind
//! [`Expired`](crate::sign::CredentialsErrorKind::Expired) that names the provider.
//!
//! Nothing here prints a secret key, a token or a web identity token: not `Debug`, not
//! `Display`, not an error (answers that fail to decode are reported by position, never by
//! excerpt). The metadata and STS endpoints are settings of each provider and of
//! [`ChainBuilder`], so tests and local setups point them at loopback.
//! `runtime/CREDENTIALS.md` compares these providers with the official SDKs' point by point.

#[macro_use]
mod provide;
mod cache;
mod chain;
mod cvm_role;
mod env;
mod http;
mod oidc;
mod profile;
mod sts;

pub use cache::{DEFAULT_REFRESH_MARGIN, RETRY_AFTER_FAILURE};
pub use chain::{Chain, ChainBuilder, UNRESOLVED_RETRY_AFTER};
pub use cvm_role::{CvmRoleProvider, DEFAULT_METADATA_ENDPOINT};
pub use env::{Env, EnvProvider};
pub use oidc::OidcProvider;
pub use profile::{ProfileProvider, CREDENTIALS_FILE_VAR, PROFILE_VAR};
pub use sts::{AssumeRoleProvider, DEFAULT_STS_ENDPOINT};
