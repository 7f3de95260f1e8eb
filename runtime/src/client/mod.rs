//! An HTTP client for Tencent Cloud API 3.0 (feature `client`): signs with TC3-HMAC-SHA256,
//! decodes into a [`TencentResponse`] type, and retries what the [`RetryHint`]s allow.
//!
//! ```no_run
//! # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
//! use tcapi::client::Client;
//! use tcapi::sign::Credentials;
//!
//! #[derive(Debug, serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Balance { balance: Option<i64> }
//!
//! let client = Client::new(Credentials::from_env()?, "ap-guangzhou");
//! let balance: tcapi::Decoded<Balance> = client
//!     .call("billing", "2018-07-09", "DescribeAccountBalance", &serde_json::json!({}))
//!     .await?;
//! println!("{balance:?}");
//! # Ok(()) }
//! ```
//!
//! Every call:
//! 1. serializes the request to JSON and signs it (`Authorization`, `X-TC-*` headers) with the
//!    provider's credentials and a timestamp corrected by the clock offset learned so far;
//! 2. POSTs it to `https://<service>.tencentcloudapi.com` (or the endpoint chosen for the
//!    call, its action or the client: [`EndpointResolver`]) under the configured timeouts,
//!    with the options of the client and the call ([`ClientBuilder::header`],
//!    [`Call::trace_id`], ...; see `CLIENT.md` for how they compare with the official SDKs);
//! 3. reads at most [`ClientBuilder::max_response_body`] bytes; an HTTP status other than 200
//!    is an [`Error::Http`] with the status and an excerpt of the body (of a JSON body, its
//!    structure without its values: `CLIENT.md`, "What errors show of a body");
//! 4. decodes the body with [`TencentResponse::from_slice`];
//! 5. on failure, decides as [`retry::execute`] does, with the steps of its loop, from the
//!    error's hint and the call's idempotency (see [`crate::retry`] for the rules): back off
//!    and resend, sign again with the server's clock (`AuthFailure.SignatureExpire`), refresh
//!    the credentials once (`AuthFailure.TokenFailure`), or return the error.
//!
//! Whether a call is idempotent decides whether `Transient` failures are retried; see
//! [`Call::idempotent`].
//!
//! Where each part lives: [`Client`] and [`Call`] each have one file with every method of
//! theirs (`handle`, `call`); [`ClientBuilder`] has `builder`; what a call sends and how it is
//! retried is in `attempt`, what reqwest gives back is read in `transport`; the request
//! options are in `options`, endpoints in `endpoint`, the tracing span in `trace`, and event
//! streams in [`stream`].
//!
//! [`TencentResponse`]: crate::TencentResponse
//! [`TencentResponse::from_slice`]: crate::TencentResponse::from_slice
//! [`RetryHint`]: crate::RetryHint
//! [`Error::Http`]: crate::Error::Http
//! [`retry::execute`]: crate::retry::execute()

mod attempt;
mod builder;
mod call;
mod endpoint;
mod handle;
mod options;
mod trace;
mod transport;

pub mod stream;

pub use builder::{BuildError, ClientBuilder, RetryEvent};
pub use call::Call;
pub use endpoint::{
    Endpoint, EndpointResolver, InvalidEndpoint, ResolvedEndpoint, Scheme, AI_ROOT_DOMAIN,
    DEFAULT_ENDPOINT, DEFAULT_ROOT_DOMAIN, INTERNAL_ROOT_DOMAIN, INTERNATIONAL_ROOT_DOMAIN,
};
pub use handle::Client;
pub use options::{DEFAULT_POOL_IDLE_TIMEOUT, MAX_REQUEST_CLIENT_LEN};
pub use stream::{ChunkStream, StreamEnd, StreamError, StreamErrorKind, StreamOptions};
