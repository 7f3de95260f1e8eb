//! A response body built from an output object, for the actions without a published
//! example: every member the spec documents as always returned (or marks required), with a
//! value of its type. Lists are empty, so a paginated action built this way ends after one
//! page; objects that contain themselves stop at [`MAX_DEPTH`].

use serde_json::{Map, Value};

use super::{Product, Ty};

/// How deep synthesized objects nest at most; deeper members are left out (every response
/// member is optional to the SDK's decoding).
pub const MAX_DEPTH: usize = 8;

/// The members of a body of the object at `object` (see [the module](self)).
pub(super) fn body(product: &Product, object: usize) -> Map<String, Value> {
    at(product, object, 0)
}

fn at(product: &Product, object: usize, depth: usize) -> Map<String, Value> {
    let mut out = Map::new();
    for field in &product.objects[object].members {
        // The server gives the response's own RequestId.
        let request_id = depth == 0 && field.wire == "RequestId";
        if !(field.always_returned || field.required) || request_id {
            continue;
        }
        let value = match &field.ty {
            Ty::Bool => Value::Bool(false),
            Ty::Int | Ty::Uint => Value::from(0),
            Ty::Float => Value::from(0.0),
            Ty::String => Value::String(String::new()),
            Ty::List(_) => Value::Array(Vec::new()),
            Ty::Object(_) if depth + 1 >= MAX_DEPTH => continue,
            Ty::Object(inner) => Value::Object(at(product, *inner, depth + 1)),
        };
        out.insert(field.wire.clone(), value);
    }
    out
}
