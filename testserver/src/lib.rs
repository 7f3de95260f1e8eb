//! A local Tencent Cloud API 3.0 compatible endpoint, for tests and the quickstart.
//!
//! [`TestServer::start`] binds `127.0.0.1:0` and answers like Tencent Cloud does:
//! - it verifies TC3-HMAC-SHA256 signatures (with `tcapi`'s signer), the legacy `HmacSHA1` and
//!   `HmacSHA256` ones, and the 5-minute timestamp window against its own clock, which tests
//!   can skew ([`TestServer::set_clock_offset`]); parameters come as JSON, or flattened
//!   (`Filters.0.Name=...`) in a GET query or a form body;
//! - it answers `AuthFailure.SignatureFailure`, `AuthFailure.SignatureExpire`,
//!   `AuthFailure.SecretIdNotFound`, `AuthFailure.TokenFailure`, `AuthFailure.InvalidAuthorization`,
//!   `InvalidAction`, `NoSuchVersion`, `MissingParameter`, `InvalidParameter`,
//!   `UnsupportedProtocol` and `RequestSizeLimitExceeded` in the API 3.0 error envelope with
//!   HTTP 200, and `RequestLimitExceeded` past its per-second limit;
//! - it serves every action of every product the generated crates cover ([`catalog`]):
//!   it checks each request against the action's input object and answers the published
//!   example response, or a body built from the output object, with a fresh `RequestId`;
//! - it injects faults on demand ([`Fault`]): `InternalError`, any API error, throttling, an HTML
//!   502 page, a dropped connection, a slow response;
//! - it answers what a test registers ([`TestServer::on`]): a response, an API error, pages of
//!   a list, or a closure; once, N times or always; for every call or those whose members
//!   match; checked against the catalog when registered ([`RegistrationError`]);
//! - it streams every streaming action as server-sent events when asked (`"Stream": true`),
//!   with faults inside the stream on demand ([`StreamPlan`], [`StreamFault`]);
//! - it records every call it executed, decoded ([`TestServer::calls`]), and counts them per
//!   action and per `ClientToken`, so tests can prove that nothing was executed twice;
//! - it issues temporary credentials, and then accepts them, as the CVM metadata service and
//!   STS `AssumeRole` / `AssumeRoleWithWebIdentity` do ([`Identity`]).
//! - it routes by `Host` as Tencent Cloud does (a request signed for one service but sent to
//!   another's host is refused), accepts `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` signatures,
//!   and `Authorization: SKIP` only for the actions that take unsigned calls; it keeps the
//!   last requests it received, headers included ([`TestServer::received`]), and serves as a
//!   plain-HTTP proxy for clients that use it as one (absolute-form requests and `CONNECT`
//!   tunnels);
//! - it closes idle keep-alive connections on demand ([`IdleClose`]).
//!
//! Everything stays on loopback; the server stops when the [`TestServer`] is dropped.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The front door, and what a test hands it.
mod config;
mod fault;
mod server;

// The engine, and the parts of the request path it hands a request to.
mod connections;
mod engine;
mod identity;
mod legacy;
mod stream;
mod tunnel;

// What the engine keeps, and checks requests against.
mod auth;
mod calls;
pub mod catalog;
mod products;
mod received;
mod registry;
mod tc3;

// Helpers: errors, form encoding, reading a request, locking.
mod error;
mod form;
mod request;
mod sync;

pub use auth::SIGNATURE_WINDOW_SECS;
pub use calls::{Call, CALL_LOG_LEN};
pub use config::{Config, IdleClose};
pub use engine::MAX_REQUEST_BODY;
pub use fault::{Fault, StreamFault, StreamPlan};
pub use identity::{Identity, WebIdentityCall, ROLE_CREDENTIALS_PATH, TEST_ROLE};
pub use products::{served_products, ServedProduct};
pub use received::{ReceivedRequest, RECEIVED_LOG_LEN};
pub use registry::{Registration, RegistrationError};
pub use server::{TestServer, TEST_SECRET_ID, TEST_SECRET_KEY};
