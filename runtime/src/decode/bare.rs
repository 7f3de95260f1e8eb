//! A chunk of an event stream: a response without its envelope, decoded as a bare value
//! ([`decode_bare`]) or as the fields of the action's response ([`decode_bare_fields`]), its
//! failures described as those in a body are.

use serde::de::DeserializeOwned;

use super::{deserialize_model, envelope, object, outcome, Fields};

/// Decodes a bare JSON value into `T`: a chunk of an event stream, which is a response
/// without its envelope. A failure is described as one in a body is, with `request_id`.
pub(crate) fn decode_bare<T: DeserializeOwned>(
    bytes: &[u8],
    request_id: Option<&str>,
) -> Result<T, crate::BodyError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let state = envelope::State::<crate::CommonCode>::new(envelope::Pass::Full);
        outcome::body_error(bytes, &e, &state).with_request_id(request_id)
    })
}

/// Decodes a bare JSON object into a derived response type `S`: a chunk of an event stream
/// whose chunks have the shape of the action's response without its envelope. A failure is
/// described as one in a body is, with `request_id`.
pub(crate) fn decode_bare_fields<S: Fields>(
    bytes: &[u8],
    request_id: Option<&str>,
) -> Result<S, crate::BodyError> {
    object::clear_failure_path();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserialize_model::<S, _>(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| {
            let mut state = envelope::State::<crate::CommonCode>::new(envelope::Pass::Full);
            if object::take_malformed_key() {
                state.malformed_key();
            }
            outcome::body_error(bytes, &e, &state).with_request_id(request_id)
        })
}
