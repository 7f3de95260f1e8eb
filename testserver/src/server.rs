//! The front door: [`TestServer`] starts the engine on a loopback port, stops it when
//! dropped, and is how a test configures, drives and inspects it.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tcapi::sign::Credentials;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::calls::Call;
use crate::config::Config;
use crate::connections;
use crate::engine::State;
use crate::fault::Fault;
use crate::identity::Identity;
use crate::received::ReceivedRequest;
use crate::registry::{self, Registration, RegistrationError};
use crate::sync::lock;

/// The SecretId of the credentials every [`TestServer`] accepts ([`TestServer::credentials`]).
pub const TEST_SECRET_ID: &str = "AKIDtcapiTestServerEXAMPLE";
/// The SecretKey that goes with [`TEST_SECRET_ID`].
pub const TEST_SECRET_KEY: &str = "tcapiTestServerSecretKeyEXAMPLE";

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
        state
            .keyring
            .add(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY), None);
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

    // Credentials, and the clock they are checked against.
    /// The permanent credentials every server accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY)
    }

    /// Accept these credentials too. With a token, they are temporary: requests must carry
    /// the token in `X-TC-Token`, and after `expires_at` (Unix seconds on the server's clock)
    /// they get `AuthFailure.TokenFailure`.
    pub fn add_credentials(&self, credentials: Credentials, expires_at: Option<i64>) {
        self.state.keyring.add(credentials, expires_at);
    }

    /// Make the temporary credentials of `secret_id` expired from now on.
    pub fn expire_credentials(&self, secret_id: &str) {
        self.state.keyring.expire(secret_id, self.state.now());
    }

    /// Accept unsigned calls (`Authorization: SKIP`) to `action` of `service`, as STS
    /// `AssumeRoleWithWebIdentity` does (accepted from the start). Any other action answers
    /// an unsigned call with `AuthFailure.InvalidAuthorization`.
    pub fn accept_unsigned(&self, service: &str, action: &str) {
        self.state.inspection.accept_unsigned(service, action);
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

    // What it answers: actions of a test's own, registered answers, faults, the rate limit.
    /// Serves `action` of `service` at `version` though no product has it, for tests of
    /// client code against actions of their own making: calls to it are authenticated and
    /// answered `{}` with a `RequestId` (its members are not checked: it has no spec), or what
    /// is registered for it ([`TestServer::on`], [`TestServer::handle`]).
    ///
    /// ```
    /// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = tcapi_testserver::TestServer::start().await?;
    /// server.define_action("things", "2020-01-01", "ListThings");
    /// server.handle("ListThings", |_| serde_json::json!({ "Things": [1, 2] }))?;
    /// # Ok(()) }
    /// ```
    pub fn define_action(&self, service: &str, version: &str, action: &str) {
        self.state.served.define(service, version, action);
    }

    /// Starts registering an answer for `action` of `service` (any of its versions served
    /// here). Until told otherwise it answers every call, whatever its members; the newest
    /// registration that matches a call answers it, and one used up stops answering.
    ///
    /// The request is still authenticated, rate limited, checked against the action's input
    /// object and subject to injected [`Fault`](crate::Fault)s first; it counts as executed
    /// and is recorded ([`TestServer::calls`]).
    ///
    /// ```
    /// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
    /// use serde_json::json;
    ///
    /// let server = tcapi_testserver::TestServer::start().await?;
    /// // The next call with this zone filter fails; every other call gets one instance.
    /// server
    ///     .on("cvm", "DescribeInstances")?
    ///     .respond(json!({ "TotalCount": 1, "InstanceSet": [{ "InstanceId": "ins-1" }] }))?;
    /// server
    ///     .on("cvm", "DescribeInstances")?
    ///     .when("Filters.0.Values.0", "ap-guangzhou-3")
    ///     .once()
    ///     .fail("ResourceUnavailable", "The zone is sold out.")?;
    /// // A mistake is an error at once.
    /// assert!(server.on("cvm", "DescribeInstance").is_err());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// When no version of `service` served here has `action`.
    pub fn on(&self, service: &str, action: &str) -> Result<Registration<'_>, RegistrationError> {
        Registration::new(&self.state.served, &self.state.registry, service, action)
    }

    /// Answers `action` of whichever product receives it with `handler`, every time: the
    /// shortest way to a stateful fake. The same as
    /// `server.on(service, action)?.handle(handler)`, for every service that has the action.
    ///
    /// `handler` gets the request's parameters and returns the content of the `Response`
    /// object; the server adds a `RequestId` when it has none. To answer an API error, return
    /// `{"Error": {"Code": .., "Message": ..}}`.
    ///
    /// ```
    /// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
    /// use serde_json::json;
    ///
    /// let server = tcapi_testserver::TestServer::start().await?;
    /// server.handle("DescribeZones", |_params| {
    ///     json!({ "TotalCount": 1, "ZoneSet": [{ "Zone": "ap-guangzhou-3" }] })
    /// })?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// When no product served here has `action`.
    pub fn handle(
        &self,
        action: &str,
        handler: impl Fn(&Map<String, Value>) -> Value + Send + Sync + 'static,
    ) -> Result<(), RegistrationError> {
        self.state
            .registry
            .add_handler(&self.state.served, action, Arc::new(handler))
    }

    /// Forgets every registered answer and handler.
    pub fn clear_answers(&self) {
        self.state.registry.clear();
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
        registry::check_registrable(&self.state.served, None, action)?;
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

    /// Change the per-second limit (`None`: no limit).
    pub fn set_rate_limit(&self, limit: Option<u32>) {
        lock(&self.state.limiter).limit = limit;
    }

    // What it received, executed and answered.
    /// HTTP requests received, whatever their outcome.
    pub fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.state.connections.load(Ordering::Relaxed)
    }

    /// The last requests received ([`RECEIVED_LOG_LEN`](crate::RECEIVED_LOG_LEN) at most),
    /// oldest first.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.state.inspection.received()
    }

    /// The last request received.
    pub fn last_received(&self) -> Option<ReceivedRequest> {
        self.state.inspection.received().pop()
    }

    /// The calls executed ([`CALL_LOG_LEN`](crate::CALL_LOG_LEN) at most), oldest first.
    ///
    /// ```
    /// # async fn doc(server: tcapi_testserver::TestServer) {
    /// let calls = server.calls();
    /// let call = calls.iter().find(|c| c.action == "RunInstances").unwrap();
    /// assert_eq!(call.region.as_deref(), Some("ap-guangzhou"));
    /// assert_eq!(call.param("Placement.Zone").unwrap(), "ap-guangzhou-3");
    /// # }
    /// ```
    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.all()
    }

    /// The calls of `action` executed, oldest first.
    pub fn calls_to(&self, action: &str) -> Vec<Call> {
        self.state.calls.to(action)
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

    /// How many answers carried the error `code`.
    pub fn answered(&self, code: &str) -> u64 {
        lock(&self.state.counts)
            .errors
            .get(code)
            .copied()
            .unwrap_or(0)
    }

    /// Chunks handed to connections so far, over every stream.
    pub fn stream_chunks_sent(&self) -> u64 {
        self.state.streams.sent()
    }

    /// Streams whose client went away before their end (the connection closed).
    pub fn streams_abandoned(&self) -> u64 {
        self.state.streams.abandoned()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
