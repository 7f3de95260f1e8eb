//! What a server is started with ([`Config`]), the behaviour of its idle connections
//! included ([`IdleClose`]).

use std::time::Duration;

/// Settings of a [`TestServer`](crate::TestServer).
#[derive(Debug, Clone)]
pub struct Config {
    /// Requests admitted per second (fixed one-second windows); `None` for no limit.
    pub rate_limit: Option<u32>,
    /// Seconds added to the real clock to make the server's clock.
    pub clock_offset: i64,
    /// Whether a request whose `ClientToken` was executed before is answered without
    /// executing it again, as Tencent Cloud does.
    pub dedupe_client_tokens: bool,
    /// The port on 127.0.0.1; 0 (the default) lets the system choose a free one.
    pub port: u16,
    /// What happens to idle keep-alive connections (default: kept open).
    pub idle_close: IdleClose,
    /// The services of the products to answer (`aiart`, `cvm`); empty (the default) answers
    /// every product the server knows ([`served_products`](crate::served_products)).
    pub products: Vec<String>,
}

impl Default for Config {
    /// No rate limit, the real clock, `ClientToken` de-duplication on.
    fn default() -> Self {
        Config {
            rate_limit: None,
            clock_offset: 0,
            dedupe_client_tokens: true,
            port: 0,
            idle_close: IdleClose::Never,
            products: Vec::new(),
        }
    }
}

/// What the server does with a keep-alive connection left idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdleClose {
    /// Keep it open (the default).
    #[default]
    Never,
    /// Close it once idle this long, as Tencent Cloud does after 60 s. A client that notices
    /// the close in time opens a new connection for its next request.
    After(Duration),
    /// Once idle this long, drop the next request that arrives on it unanswered and close
    /// the connection: what a client sees when its request crosses the server's close on the
    /// wire. The request was sent, so the client cannot tell whether it was executed (it was
    /// not): the failure behind tencentcloud-sdk-go#131, deterministic here.
    CrossingAfter(Duration),
}
