//! The calls the server executed, decoded, for tests to assert on what was sent
//! ([`TestServer::calls`](crate::TestServer::calls)): which action of which product and
//! version, in which region, with which credentials (the SecretId, never the key), and the
//! request's members.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::{Map, Value};

use crate::sync::lock;

/// How many calls are kept (the oldest are forgotten first), so that a load test does not
/// grow the log without bound; the counters
/// ([`TestServer::executed`](crate::TestServer::executed)) count every call.
pub const CALL_LOG_LEN: usize = 10_000;

/// One call the server executed: authenticated, checked against the action's input object,
/// then answered (by the action's answer, a registered one or an injected fault).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call {
    /// The service it was for (`cvm`).
    pub service: String,
    /// The API version (`2017-03-12`).
    pub version: String,
    /// The action (`DescribeInstances`).
    pub action: String,
    /// The region it named (`X-TC-Region`, or the `Region` parameter), if any.
    pub region: Option<String>,
    /// The SecretId it was signed with; empty for an unsigned call.
    pub secret_id: String,
    /// The request's members: the JSON body as sent, or the form or query parameters
    /// unflattened (every value a string), without the common parameters of a form.
    pub params: Map<String, Value>,
}

impl Call {
    /// The member at `path` (`InstanceIds.0`, `Filters.0.Name`), if the request has it.
    pub fn param(&self, path: &str) -> Option<&Value> {
        value_at(&self.params, path)
    }

    /// The request's `ClientToken`, if it has a non-empty one.
    pub fn client_token(&self) -> Option<&str> {
        self.params
            .get("ClientToken")
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
    }
}

/// The value at `path` in a request's members (list elements by index).
pub(crate) fn value_at<'a>(params: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut segments = path.split('.');
    let mut value = params.get(segments.next()?)?;
    for segment in segments {
        value = match value {
            Value::Object(members) => members.get(segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Who made a call: what the request says beside its members.
#[derive(Debug, Clone, Default)]
pub(crate) struct Caller {
    pub(crate) secret_id: String,
    pub(crate) region: Option<String>,
}

/// The log of executed calls.
#[derive(Default)]
pub(crate) struct Calls(Mutex<VecDeque<Call>>);

impl Calls {
    pub(crate) fn record(&self, call: Call) {
        let mut log = lock(&self.0);
        if log.len() == CALL_LOG_LEN {
            log.pop_front();
        }
        log.push_back(call);
    }

    /// Every call kept, oldest first.
    pub(crate) fn all(&self) -> Vec<Call> {
        lock(&self.0).iter().cloned().collect()
    }

    /// The calls of `action` kept, oldest first.
    pub(crate) fn to(&self, action: &str) -> Vec<Call> {
        lock(&self.0)
            .iter()
            .filter(|call| call.action == action)
            .cloned()
            .collect()
    }
}
