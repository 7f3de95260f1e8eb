//! Actions answered by a closure a test registers ([`TestServer::handle`]), for behaviour the
//! recorded example bodies cannot show: pages that depend on the request's `Offset`, a token
//! that changes per page, an answer computed from the parameters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use crate::{injected_error, lock, ApiError, Fault, State, TestServer};

/// A registered answer: the request's parameters (the JSON object of a POST, the query of a
/// GET, as strings) in, the content of the `Response` object out.
pub(crate) type Handler = Arc<dyn Fn(&Map<String, Value>) -> Value + Send + Sync>;

/// The handlers of a server, by action name.
#[derive(Default)]
pub(crate) struct Handlers(Mutex<HashMap<String, Handler>>);

impl TestServer {
    /// Answers `action` (of any service and version) with `handler`, instead of a recorded
    /// body or `InvalidAction`; a later call for the same action replaces it. The request is
    /// still authenticated, rate limited and subject to injected [`Fault`]s first, and counts
    /// as executed ([`TestServer::executed`]).
    ///
    /// `handler` gets the request's parameters and returns the content of the `Response`
    /// object; the server adds a `RequestId` when it has none. To answer an API error, return
    /// `{"Error": {"Code": .., "Message": ..}}`.
    ///
    /// ```
    /// # async fn doc() -> std::io::Result<()> {
    /// use serde_json::json;
    ///
    /// let server = tcapi_testserver::TestServer::start().await?;
    /// server.handle("DescribeZones", |params| {
    ///     let offset = params.get("Offset").and_then(|o| o.as_u64()).unwrap_or(0);
    ///     json!({ "TotalCount": 1, "ZoneSet": if offset == 0 { vec!["ap-guangzhou-3"] } else { vec![] } })
    /// });
    /// # Ok(()) }
    /// ```
    pub fn handle(
        &self,
        action: &str,
        handler: impl Fn(&Map<String, Value>) -> Value + Send + Sync + 'static,
    ) {
        lock(&self.state.handlers.0).insert(action.to_owned(), Arc::new(handler));
    }
}

impl State {
    /// The handler registered for `action`, if any.
    pub(crate) fn handler(&self, action: &str) -> Option<Handler> {
        lock(&self.handlers.0).get(action).cloned()
    }

    /// The answer of `handler`, registered for `action`, to `params`, after the injected
    /// `fault` if it answers an error.
    pub(crate) fn answer_with_handler(
        &self,
        handler: &Handler,
        action: &str,
        params: &Map<String, Value>,
        fault: Option<Fault>,
    ) -> Result<Value, ApiError> {
        let count = || {
            *lock(&self.counts)
                .executed
                .entry(action.to_owned())
                .or_default() += 1
        };
        injected_error(fault, count)?;
        count();
        let mut response = match handler(params) {
            Value::Object(response) => response,
            other => Map::from_iter([("Value".to_owned(), other)]),
        };
        if !response.contains_key("RequestId") {
            response.insert("RequestId".to_owned(), Value::String(self.request_id()));
        }
        Ok(Value::Object(Map::from_iter([(
            "Response".to_owned(),
            Value::Object(response),
        )])))
    }
}
