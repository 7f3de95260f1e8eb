//! [`TransportError`] and [`TransportErrorKind`]: no complete response arrived.

use std::fmt;

use crate::RetryHint;

/// What kind of transport failure a [`TransportError`] is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    Connect,
    /// The request or the response took longer than the configured timeout.
    Timeout,
    /// The connection closed or reset before the whole response arrived.
    ConnectionClosed,
    /// The connection closed before the request's first byte was written: a pooled
    /// connection the server had closed, found out before anything was sent on it.
    NotSent,
    /// The response body exceeded the configured size cap.
    BodyTooLarge,
    /// Credentials could not be obtained (a provider failed).
    Credentials,
    /// Any other failure.
    Other,
}

impl TransportErrorKind {
    /// A short description of the kind, as `Display` prints it.
    pub const fn description(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "could not connect to the API endpoint",
            TransportErrorKind::Timeout => "the request timed out",
            TransportErrorKind::ConnectionClosed => {
                "the connection closed before the response was complete"
            }
            TransportErrorKind::NotSent => "the connection closed before the request was sent",
            TransportErrorKind::BodyTooLarge => "the response body exceeds the size limit",
            TransportErrorKind::Credentials => "could not obtain credentials",
            TransportErrorKind::Other => "the request failed",
        }
    }

    /// `Transient` for `Connect`, `Timeout`, `ConnectionClosed` and `NotSent` (trying again
    /// may well succeed), `Never` for the rest.
    ///
    /// Whether a `Transient` failure may have executed the request is a separate fact,
    /// [`TransportErrorKind::sent_nothing`]: a timeout or a closed connection may have, a
    /// connection never established has not.
    pub const fn retry_hint(self) -> RetryHint {
        match self {
            TransportErrorKind::Connect
            | TransportErrorKind::Timeout
            | TransportErrorKind::ConnectionClosed
            | TransportErrorKind::NotSent => RetryHint::Transient,
            _ => RetryHint::Never,
        }
    }

    /// Whether a failure of this kind provably sent nothing to the service: `Connect` (no
    /// connection, so no request; a TLS handshake precedes the request's first byte),
    /// `NotSent` (the HTTP layer handed the request back unwritten) and `Credentials`
    /// (nothing can be signed, so nothing is sent). [`crate::retry`] states what retries make
    /// of it.
    pub const fn sent_nothing(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect
                | TransportErrorKind::NotSent
                | TransportErrorKind::Credentials
        )
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// No complete response arrived. Holds the underlying error as its
/// [`source`](std::error::Error::source).
///
/// **Redaction is the caller's job**: `Display` prints the source's `Display`, so never pass
/// an error whose message contains a secret key, a token or a signature.
///
/// ```
/// use tcapi::{RetryHint, TransportError, TransportErrorKind};
/// let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
/// let e = TransportError::new(TransportErrorKind::Connect, io);
/// assert_eq!(e.kind(), TransportErrorKind::Connect);
/// assert_eq!(e.retry_hint(), RetryHint::Transient);
/// assert!(e.sent_nothing()); // so retried even for a request that is not idempotent
/// assert_eq!(e.to_string(), "could not connect to the API endpoint: connection refused");
/// ```
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`. `source`'s `Display` must not contain
    /// secrets.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The kind's retry hint: see [`TransportErrorKind::retry_hint`].
    pub fn retry_hint(&self) -> RetryHint {
        self.kind.retry_hint()
    }

    /// Whether the request provably never reached the service: see
    /// [`TransportErrorKind::sent_nothing`].
    pub fn sent_nothing(&self) -> bool {
        self.kind.sent_nothing()
    }

    /// The underlying error, by value.
    pub fn into_source(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<std::io::Error> for TransportError {
    /// Classifies an I/O error by its kind (timeouts, resets and refusals).
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let kind = match e.kind() {
            K::TimedOut | K::WouldBlock => TransportErrorKind::Timeout,
            K::ConnectionRefused | K::NotConnected | K::AddrNotAvailable => {
                TransportErrorKind::Connect
            }
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                TransportErrorKind::ConnectionClosed
            }
            _ => TransportErrorKind::Other,
        };
        TransportError::new(kind, e)
    }
}
