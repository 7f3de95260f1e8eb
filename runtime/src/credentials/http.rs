//! The HTTP requests of the metadata and STS providers: bounded in time and in size, and read
//! to the end (or dropped, which closes the connection) whatever the answer.

use core::time::Duration;
use std::sync::OnceLock;

use crate::error_chain::WithCauses;
use crate::sign::{CredentialsError, CredentialsErrorKind};

/// The largest answer read from a metadata or STS endpoint; credentials take a few KB.
const MAX_ANSWER: usize = 64 * 1024;

/// An HTTP client built at its first use with the provider's time limits.
pub(crate) struct Http {
    client: OnceLock<Result<reqwest::Client, String>>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    /// The metadata service is on the instance's own network: never reach it through a proxy.
    direct: bool,
}

/// A complete answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// A request that got no complete answer.
pub(crate) struct Failure {
    /// No connection could be made, or none answered in time: the service is not there.
    pub(crate) unreachable: bool,
    pub(crate) error: CredentialsError,
}

impl Http {
    pub(crate) fn new(connect_timeout: Duration, timeout: Duration, direct: bool) -> Http {
        Http {
            client: OnceLock::new(),
            connect_timeout,
            timeout,
            direct,
        }
    }

    /// Sets both limits; the connection gets at most the whole request's.
    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
        self.connect_timeout = self.connect_timeout.min(timeout);
    }

    fn client(&self) -> Result<&reqwest::Client, CredentialsError> {
        let client = self.client.get_or_init(|| {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("tcapi-rust/", env!("CARGO_PKG_VERSION")));
            if self.direct {
                builder = builder.no_proxy();
            }
            builder.build().map_err(|e| e.to_string())
        });
        client.as_ref().map_err(|e| {
            CredentialsError::new(format!("cannot initialise the HTTP client: {e}"))
                .with_kind(CredentialsErrorKind::Unavailable)
        })
    }

    pub(crate) async fn get(&self, url: &str) -> Result<Answer, Failure> {
        let request = self.client().map_err(reached)?.get(url);
        self.send(url, request).await
    }

    pub(crate) async fn post(
        &self,
        url: &str,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    ) -> Result<Answer, Failure> {
        let mut request = self.client().map_err(reached)?.post(url).body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        self.send(url, request).await
    }

    async fn send(&self, url: &str, request: reqwest::RequestBuilder) -> Result<Answer, Failure> {
        let failed = |e: reqwest::Error| Failure {
            unreachable: e.is_connect() || e.is_timeout(),
            error: CredentialsError::new(format!("request to {url} failed: {}", WithCauses(e)))
                .with_kind(CredentialsErrorKind::Unavailable),
        };
        let mut response = request.send().await.map_err(failed)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() + chunk.len() > MAX_ANSWER {
                // Dropping the response unread closes its connection.
                return Err(reached(
                    CredentialsError::new(format!(
                        "the answer of {url} exceeds {MAX_ANSWER} bytes"
                    ))
                    .with_kind(CredentialsErrorKind::Invalid),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer { status, body })
    }
}

/// A failure after the service was reached.
fn reached(error: CredentialsError) -> Failure {
    Failure {
        unreachable: false,
        error,
    }
}
