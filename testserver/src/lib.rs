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

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE, DATE};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use tcapi::clock::{format_http_date, unix_now};
use tcapi::sign::Credentials;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::error::{api_error, missing, ApiError, Dropped};
use crate::request::{header, parameters};
use crate::sync::lock;

/// The SecretId of the credentials every [`TestServer`] accepts ([`TestServer::credentials`]).
pub const TEST_SECRET_ID: &str = "AKIDtcapiTestServerEXAMPLE";
/// The SecretKey that goes with [`TEST_SECRET_ID`].
pub const TEST_SECRET_KEY: &str = "tcapiTestServerSecretKeyEXAMPLE";

/// The largest request body accepted (Tencent Cloud's limit for POST is 10 MB).
pub const MAX_REQUEST_BODY: usize = 10 * 1024 * 1024;

/// How far a request's `X-TC-Timestamp` may be from the server's clock, in seconds.
pub const SIGNATURE_WINDOW_SECS: i64 = 300;

mod auth;
mod error;
mod fault;
mod form;
mod legacy;
mod products;
mod tunnel;
pub use products::{served_products, ServedProduct};

mod calls;
pub mod catalog;
mod config;
mod connections;
mod registry;
pub use calls::{Call, CALL_LOG_LEN};
pub use registry::{Registration, RegistrationError};
mod received;
mod request;
pub use config::{Config, IdleClose};
pub use received::{ReceivedRequest, RECEIVED_LOG_LEN};

mod identity;
pub use identity::{Identity, WebIdentityCall, ROLE_CREDENTIALS_PATH, TEST_ROLE};

mod stream;
mod sync;
mod tc3;
pub use fault::{Fault, StreamFault, StreamPlan};
use stream::Shape;

/// The body of an answer: whole, or streamed as it is produced.
type Body = http_body_util::Either<Full<Bytes>, stream::Events>;

/// A running local endpoint. Dropping it stops accepting connections.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl fmt::Debug for TestServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Start a server with the default [`Config`] on `127.0.0.1`, on a port chosen by the
    /// system. Must be called inside a tokio runtime (the server runs as tasks on it).
    ///
    /// # Errors
    ///
    /// When the loopback socket cannot be bound.
    pub async fn start() -> std::io::Result<TestServer> {
        TestServer::start_with(Config::default()).await
    }

    /// Start a server with `config`.
    ///
    /// # Errors
    ///
    /// When the loopback socket cannot be bound.
    pub async fn start_with(config: Config) -> std::io::Result<TestServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(&config));
        state.add(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY), None);
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let accept_state = Arc::clone(&state);
        let idle_close = config.idle_close;
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    _ = &mut stop => break,
                    accepted = listener.accept() => accepted,
                };
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let state = Arc::clone(&accept_state);
                tokio::spawn(connections::serve(stream, state, idle_close));
            }
        });
        Ok(TestServer {
            addr,
            state,
            shutdown: Some(shutdown),
        })
    }

    /// The endpoint URL, `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The permanent credentials every server accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY)
    }

    /// Accept these credentials too. With a token, they are temporary: requests must carry
    /// the token in `X-TC-Token`, and after `expires_at` (Unix seconds on the server's clock)
    /// they get `AuthFailure.TokenFailure`.
    pub fn add_credentials(&self, credentials: Credentials, expires_at: Option<i64>) {
        self.state.add(credentials, expires_at);
    }

    /// Make the temporary credentials of `secret_id` expired from now on.
    pub fn expire_credentials(&self, secret_id: &str) {
        let now = self.state.now();
        if let Some(entry) = lock(&self.state.credentials).get_mut(secret_id) {
            entry.expires_at = Some(now - 1);
        }
    }

    /// The CVM metadata and STS endpoints: their settings and request counts.
    pub fn identity(&self) -> &Identity {
        &self.state.identity
    }

    /// Skew the server's clock: `offset` seconds added to the real clock.
    pub fn set_clock_offset(&self, offset: i64) {
        self.state.clock_offset.store(offset, Ordering::Relaxed);
    }

    /// The server's clock, Unix seconds.
    pub fn now(&self) -> i64 {
        self.state.now()
    }

    /// Change the per-second limit (`None`: no limit).
    pub fn set_rate_limit(&self, limit: Option<u32>) {
        lock(&self.state.limiter).limit = limit;
    }

    /// Answer the next request (any action) with `fault`. Faults queue up in order.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state.faults).push_back((None, fault));
    }

    /// Answer the next request for `action` (of any product) with `fault`.
    ///
    /// # Errors
    ///
    /// When no product served here has `action`: the fault would never fire.
    pub fn inject_for(&self, action: &str, fault: Fault) -> Result<(), RegistrationError> {
        self.state.check_registrable(None, action)?;
        lock(&self.state.faults).push_back((Some(action.to_owned()), fault));
        Ok(())
    }

    /// Answer every `n`-th request received with `fault`, until
    /// [`TestServer::clear_faults`]. Several periodic faults can be active; the first whose
    /// period matches wins.
    pub fn inject_every(&self, n: u64, fault: Fault) {
        lock(&self.state.periodic).push((n.max(1), fault));
    }

    /// Forget every queued and periodic fault.
    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
        lock(&self.state.periodic).clear();
    }

    /// HTTP requests received, whatever their outcome.
    pub fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// How many times `action` was executed.
    pub fn executed(&self, action: &str) -> u64 {
        lock(&self.state.counts)
            .executed
            .get(action)
            .copied()
            .unwrap_or(0)
    }

    /// Executions of all actions.
    pub fn executed_total(&self) -> u64 {
        lock(&self.state.counts).executed.values().sum()
    }

    /// How many times a request carrying `ClientToken` `token` was executed.
    pub fn executed_with_token(&self, token: &str) -> u64 {
        lock(&self.state.counts)
            .tokens
            .get(token)
            .copied()
            .unwrap_or(0)
    }

    /// Every `ClientToken` executed, with its count.
    pub fn token_executions(&self) -> HashMap<String, u64> {
        lock(&self.state.counts).tokens.clone()
    }

    /// The last requests received ([`RECEIVED_LOG_LEN`] at most), oldest first.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.state.inspection.received()
    }

    /// The last request received.
    pub fn last_received(&self) -> Option<ReceivedRequest> {
        self.state.inspection.received().pop()
    }

    /// Accept unsigned calls (`Authorization: SKIP`) to `action` of `service`, as STS
    /// `AssumeRoleWithWebIdentity` does (accepted from the start). Any other action answers
    /// an unsigned call with `AuthFailure.InvalidAuthorization`.
    pub fn accept_unsigned(&self, service: &str, action: &str) {
        self.state.inspection.accept_unsigned(service, action);
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.state.connections.get()
    }

    /// How many answers carried the error `code`.
    pub fn answered(&self, code: &str) -> u64 {
        lock(&self.state.counts)
            .errors
            .get(code)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

#[derive(Clone)]
struct Entry {
    secret_key: String,
    token: Option<String>,
    expires_at: Option<i64>,
}

struct Limiter {
    limit: Option<u32>,
    window: Instant,
    admitted: u32,
}

#[derive(Default)]
struct Counts {
    executed: HashMap<String, u64>,
    tokens: HashMap<String, u64>,
    errors: HashMap<String, u64>,
}

struct State {
    credentials: Mutex<HashMap<String, Entry>>,
    clock_offset: AtomicI64,
    limiter: Mutex<Limiter>,
    faults: Mutex<VecDeque<(Option<String>, Fault)>>,
    periodic: Mutex<Vec<(u64, Fault)>>,
    requests: AtomicU64,
    next_id: AtomicU64,
    id_seed: RandomState,
    counts: Mutex<Counts>,
    dedupe: bool,
    products: Vec<String>,
    identity: Identity,
    inspection: received::Inspection,
    connections: connections::ConnectionCount,
    registry: registry::Registry,
    calls: calls::Calls,
    defined: Mutex<Vec<products::Defined>>,
    streams: stream::StreamCounters,
}

/// An authenticated request, routed to its product: what answering it needs.
struct Routed<'a> {
    method: &'a Method,
    /// The query of a GET (empty otherwise).
    query: &'a str,
    /// The JSON body of a POST.
    body: &'a [u8],
    service: &'a str,
    action: &'a str,
    version: &'a str,
    caller: calls::Caller,
}

/// What a request is answered: the JSON body, and how to stream it if it asked for a stream.
struct Answered {
    body: Value,
    stream: Option<Shape>,
}

impl Answered {
    fn json(body: Value) -> Answered {
        Answered { body, stream: None }
    }
}

impl State {
    fn new(config: &Config) -> Self {
        State {
            credentials: Mutex::new(HashMap::new()),
            clock_offset: AtomicI64::new(config.clock_offset),
            limiter: Mutex::new(Limiter {
                limit: config.rate_limit,
                window: Instant::now(),
                admitted: 0,
            }),
            faults: Mutex::new(VecDeque::new()),
            periodic: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
            next_id: AtomicU64::new(1),
            id_seed: RandomState::new(),
            counts: Mutex::new(Counts::default()),
            dedupe: config.dedupe_client_tokens,
            products: config.products.clone(),
            identity: Identity::default(),
            inspection: received::Inspection::new(),
            connections: connections::ConnectionCount::default(),
            registry: registry::Registry::default(),
            calls: calls::Calls::default(),
            defined: Mutex::new(Vec::new()),
            streams: stream::StreamCounters::default(),
        }
    }

    fn add(&self, credentials: Credentials, expires_at: Option<i64>) {
        lock(&self.credentials).insert(
            credentials.secret_id().to_owned(),
            Entry {
                secret_key: credentials.secret_key().to_owned(),
                token: credentials.token().map(str::to_owned),
                expires_at,
            },
        );
    }

    fn now(&self) -> i64 {
        unix_now() + self.clock_offset.load(Ordering::Relaxed)
    }

    /// A fresh RequestId shaped like Tencent's (a UUID v4).
    fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut hasher = self.id_seed.build_hasher();
        hasher.write_u64(n);
        let high = hasher.finish();
        hasher.write_u64(high);
        let low = hasher.finish();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xfff,
            0x8000 | ((low >> 48) & 0x3fff),
            low & 0xffff_ffff_ffff
        )
    }

    fn take_fault(&self, action: &str) -> Option<Fault> {
        let received = self.requests.load(Ordering::Relaxed);
        if let Some((_, fault)) = lock(&self.periodic).iter().find(|(n, _)| received % n == 0) {
            return Some(fault.clone());
        }
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|(only, _)| only.as_deref().is_none_or(|only| only == action))?;
        faults.remove(index).map(|(_, fault)| fault)
    }

    /// Admit a request under the per-second limit.
    fn admit(&self) -> Result<(), ApiError> {
        let mut limiter = lock(&self.limiter);
        let Some(limit) = limiter.limit else {
            return Ok(());
        };
        if limiter.window.elapsed() >= Duration::from_secs(1) {
            limiter.window = Instant::now();
            limiter.admitted = 0;
        }
        if limiter.admitted >= limit {
            return Err(api_error(
                "RequestLimitExceeded",
                format!(
                    "Your current request times equals to `{}` in a second, which exceeds the frequency limit `{limit}` for a second. Please reduce the frequency of calls.",
                    limiter.admitted + 1
                ),
            ));
        }
        limiter.admitted += 1;
        Ok(())
    }

    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<Response<Body>, Dropped> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let (parts, body) = request.into_parts();
        self.inspection
            .record(&parts.method, &parts.uri, &parts.headers);
        if identity::is_metadata(parts.uri.path()) {
            return Ok(self.metadata(parts.uri.path()).await);
        }
        if parts.method == Method::CONNECT {
            return Ok(tunnel::open(self, Request::from_parts(parts, body)));
        }
        let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                let error = api_error(
                    "RequestSizeLimitExceeded",
                    "The request body is larger than 10 MB or was cut off.",
                );
                return Ok(self.error_response(&error));
            }
        };
        // A legacy request names its action in its parameters, the body of a POST.
        let action = legacy::action_of(&parts.method, &parts.uri, &parts.headers, &body);
        let mut fault = self.take_fault(&action);
        match fault {
            Some(Fault::Html502) => {
                return Ok(self.respond(
                    StatusCode::BAD_GATEWAY,
                    "text/html",
                    Bytes::from_static(
                        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                    ),
                ));
            }
            Some(Fault::HttpStatus(status)) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let body = format!("{status}\n");
                return Ok(self.respond(status, "text/plain", Bytes::from(body)));
            }
            Some(Fault::DropConnection) => return Err(Dropped),
            Some(Fault::Slow(delay)) => {
                tokio::time::sleep(delay).await;
                fault = None;
            }
            _ => {}
        }
        let plan = fault::stream_plan(&fault);
        let answer = self.process(&parts.method, &parts.uri, &parts.headers, &body, fault);
        Ok(match answer {
            Ok(Answered {
                body,
                stream: Some(shape),
            }) => self.stream(&body, shape, plan),
            Ok(Answered { body, .. }) => self.respond(
                StatusCode::OK,
                "application/json",
                Bytes::from(body.to_string()),
            ),
            Err(error) => self.error_response(&error),
        })
    }

    fn error_response(&self, error: &ApiError) -> Response<Body> {
        *lock(&self.counts)
            .errors
            .entry(error.code.clone())
            .or_default() += 1;
        let body = json!({
            "Response": {
                "Error": { "Code": error.code, "Message": error.message },
                "RequestId": self.request_id(),
            }
        });
        self.respond(
            StatusCode::OK,
            "application/json",
            Bytes::from(body.to_string()),
        )
    }

    fn respond(
        &self,
        status: StatusCode,
        content_type: &'static str,
        body: Bytes,
    ) -> Response<Body> {
        let mut response = Response::new(Body::Left(Full::new(body)));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(date) = HeaderValue::from_str(&format_http_date(self.now())) {
            headers.insert(DATE, date);
        }
        response
    }

    fn process(
        &self,
        method: &Method,
        uri: &hyper::Uri,
        headers: &HeaderMap,
        body: &[u8],
        fault: Option<Fault>,
    ) -> Result<Answered, ApiError> {
        let query = uri.query().unwrap_or("");
        if *method != Method::POST && *method != Method::GET {
            return Err(api_error(
                "UnsupportedProtocol",
                "Only GET and POST requests are supported.",
            ));
        }
        let Some(action_name) = header(headers, "x-tc-action") else {
            return self.process_legacy(method, uri, headers, body, fault);
        };
        let version = header(headers, "x-tc-version").ok_or_else(|| missing("Version"))?;
        let timestamp = header(headers, "x-tc-timestamp").ok_or_else(|| missing("Timestamp"))?;
        let timestamp = auth::parse_timestamp(timestamp)?;
        if action_name == "AssumeRoleWithWebIdentity" {
            let params = parameters(method, query, body)?;
            return self
                .assume_role_with_web_identity(headers, version, &params)
                .map(Answered::json);
        }
        let invalid_authorization = || {
            api_error(
                "AuthFailure.InvalidAuthorization",
                "The `Authorization` header is missing or malformed.",
            )
        };
        let region = header(headers, "x-tc-region").map(str::to_owned);
        if received::is_unsigned(headers) {
            let service = self.inspection.unsigned_service(headers, action_name)?;
            let call = Routed {
                method,
                query,
                body,
                service: &service,
                action: action_name,
                version,
                caller: calls::Caller {
                    secret_id: String::new(),
                    region,
                },
            };
            return self.answer(call, fault);
        }
        let authorization = header(headers, "authorization").ok_or_else(invalid_authorization)?;
        let authorization =
            tc3::parse_authorization(authorization).ok_or_else(invalid_authorization)?;
        received::check_host(headers, authorization.service)?;

        let credentials = self.signing_credentials(authorization.secret_id, timestamp)?;
        tc3::verify_signature(
            method,
            uri,
            headers,
            body,
            &authorization,
            timestamp,
            &credentials.secret_key,
        )?;
        self.check_token(&credentials, header(headers, "x-tc-token"))?;
        let caller = calls::Caller {
            secret_id: authorization.secret_id.to_owned(),
            region,
        };
        let mut call = Routed {
            method,
            query,
            body,
            service: authorization.service,
            action: action_name,
            version,
            caller,
        };
        if *method == Method::POST && form::is_form(headers) {
            // The answer path reads a JSON body: a form body is handed on as the object it
            // encodes.
            let json = Value::Object(form::decode(body)?).to_string();
            call.query = "";
            call.body = json.as_bytes();
            return self.answer(call, fault);
        }
        self.answer(call, fault)
    }

    /// Executes an authenticated request routed to its product, or answers its fault: the
    /// registered answer that matches it, else the action's own.
    fn answer(&self, call: Routed<'_>, fault: Option<Fault>) -> Result<Answered, ApiError> {
        let Routed {
            method,
            query,
            body,
            service,
            action: action_name,
            version,
            caller,
        } = call;
        self.check_served(service)?;
        self.admit()?;
        if service == "sts" && action_name == "AssumeRole" {
            return self
                .assume_role(version, &parameters(method, query, body)?)
                .map(Answered::json);
        }
        let params = parameters(method, query, body)?;
        // An empty service is a legacy call to an IP host for an action a test answers for
        // any product: no product to route to.
        let routed = match catalog::Catalog::global().route(service, version, action_name) {
            Ok(found) => Some(found),
            Err(_) if service.is_empty() || self.defines(service, version, action_name) => None,
            Err(e) => return Err(api_error(e.code(), e.to_string())),
        };
        if let Some((product, action)) = routed {
            product
                .check(action, &params)
                .map_err(|v| api_error(v.code, v.message))?;
        }
        let client_token = params
            .get("ClientToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        let asked = params
            .get("Stream")
            .is_some_and(|asked| asked == &Value::Bool(true) || asked == "true");
        // Whether the answer streams, and then whether as a chat model's (its output has
        // `Choices`).
        let chat = match routed {
            Some((product, action)) if asked && action.streams() => {
                Some(product.output_has(action, "Choices"))
            }
            _ => None,
        };
        self.calls.record(Call {
            service: service.to_owned(),
            version: version.to_owned(),
            action: action_name.to_owned(),
            region: caller.region,
            secret_id: caller.secret_id,
            params: params.clone(),
        });

        fault::injected_error(fault, || self.execute(action_name, client_token))?;
        // A ClientToken executed before is answered as done without executing it again.
        self.execute(action_name, client_token);
        let default = || match routed {
            Some((product, action)) => stream::json_answer(service, version, action_name)
                .unwrap_or_else(|| product.answer(action)),
            None => Map::new(),
        };
        let mut response = match self.registered_answer(service, action_name, &params, default) {
            Some(registered) => registered?,
            None => default(),
        };
        let stream = chat.map(|chat| Shape::of(chat, &response));
        if !response.contains_key("RequestId") {
            response.insert("RequestId".to_owned(), Value::String(self.request_id()));
        }
        Ok(Answered {
            body: json!({ "Response": response }),
            stream,
        })
    }

    /// Counts an execution, unless a `ClientToken` already executed de-duplicates it.
    fn execute(&self, action: &str, client_token: Option<&str>) {
        let mut counts = lock(&self.counts);
        if let Some(token) = client_token {
            let executed = counts.tokens.entry(token.to_owned()).or_default();
            if self.dedupe && *executed > 0 {
                return;
            }
            *executed += 1;
        }
        *counts.executed.entry(action.to_owned()).or_default() += 1;
    }
}
