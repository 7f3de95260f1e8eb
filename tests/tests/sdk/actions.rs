//! What the tests do with each action's generated types, instantiated once per action for
//! every test of this binary: load a JSON request into the request type and serialize it back
//! (as JSON and as form pairs), and decode a response body through the response type.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;
use tcapi::__private::ActionVisitor;
use tcapi::{Action, Error, ErrorCode, TencentResponse};

use crate::generated;

/// A request's flattened form: `(key, value)` pairs.
pub type Pairs = Vec<(String, String)>;

/// What the tests can do with one action's types.
#[derive(Clone, Copy)]
pub struct Checks {
    /// The service the request type calls (`Action::SERVICE`).
    pub service: &'static str,
    /// The API version the request type calls (`Action::VERSION`).
    pub version: &'static str,
    /// Loads the request and serializes it back, as JSON and as form pairs; `Err` starts
    /// with what failed (`does not load`, `does not serialize`, `no form`).
    pub round_trip: fn(Value) -> Result<(Value, Pairs), String>,
    /// Decodes a response body through the response type.
    pub decode: fn(&[u8]) -> Decoded,
}

/// What the response type made of a body.
pub enum Decoded {
    /// A success, with its RequestId.
    Data(Option<String>),
    /// The API error of the body: its code and RequestId.
    Api { code: String, request_id: String },
    /// Anything else.
    Failed(String),
}

fn round_trip<A: Action + DeserializeOwned>(input: Value) -> Result<(Value, Pairs), String> {
    let request: A = serde_json::from_value(input).map_err(|e| format!("does not load: {e}"))?;
    let json = serde_json::to_value(&request).map_err(|e| format!("does not serialize: {e}"))?;
    let pairs = tcapi::form::to_pairs(&request).map_err(|e| format!("no form: {e}"))?;
    Ok((json, pairs))
}

fn decode<A: Action>(body: &[u8]) -> Decoded {
    match A::Response::from_slice(body) {
        Ok(response) => Decoded::Data(response.request_id().map(str::to_owned)),
        Err(Error::Api(e)) => Decoded::Api {
            code: e.code().as_str().to_owned(),
            request_id: e.request_id().to_owned(),
        },
        Err(e) => Decoded::Failed(e.to_string()),
    }
}

/// The checks of one version's actions, by action name.
#[derive(Default)]
struct Registry(BTreeMap<&'static str, Checks>);

impl ActionVisitor for Registry {
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Response: serde::Serialize + DeserializeOwned,
    {
        let checks = Checks {
            service: A::SERVICE,
            version: A::VERSION,
            round_trip: round_trip::<A>,
            decode: decode::<A>,
        };
        assert!(
            self.0.insert(A::ACTION, checks).is_none(),
            "{} twice",
            A::ACTION
        );
    }
}

/// The checks of every action of `product`'s version in [`generated::VERSIONS`], by action
/// name; `None` for a product that is not there.
pub fn of(product: &str) -> Option<BTreeMap<&'static str, Checks>> {
    let mut registry = Registry::default();
    generated::visit_actions(product, &mut registry).then_some(registry.0)
}
