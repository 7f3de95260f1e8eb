//! A response body built from an output object, for the actions without a published
//! example: every member the spec documents as always returned (or marks required), with a
//! value of its type. Lists are empty, so a paginated action built this way ends after one
//! page; objects that contain themselves stop at [`MAX_DEPTH`].

use serde_json::{Map, Value};

use super::{Product, Ty};

/// How deep synthesized objects nest at most; deeper members are left out (every response
/// member is optional to the SDK's decoding).
pub const MAX_DEPTH: usize = 8;

impl Product {
    /// The members of a body of the object at `object` (see [the module](self)).
    pub(crate) fn synthesize(&self, object: usize) -> Map<String, Value> {
        self.synthesize_at(object, 0)
    }

    /// A body of the object named `object`, if the catalog has it: every member the spec
    /// documents as always returned (or marks required) with a value of its type (`""`, 0,
    /// `false`, an empty list, objects down to [`MAX_DEPTH`]).
    pub fn synthesize_object(&self, object: &str) -> Option<Map<String, Value>> {
        Some(self.synthesize(self.object_named(object)?))
    }

    fn synthesize_at(&self, object: usize, depth: usize) -> Map<String, Value> {
        let mut out = Map::new();
        for field in &self.objects[object].members {
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
                Ty::Object(inner) => Value::Object(self.synthesize_at(*inner, depth + 1)),
            };
            out.insert(field.wire.clone(), value);
        }
        out
    }
}
