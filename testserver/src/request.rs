//! Reading a request: its headers, and its parameters whatever their encoding.

use hyper::header::HeaderMap;
use hyper::Method;
use serde_json::{Map, Value};

use crate::error::{api_error, ApiError};
use crate::form;

/// The value of header `name`, if it is text.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The parameters of a request: the JSON object of a POST, the query of a GET.
pub(crate) fn parameters(
    method: &Method,
    query: &str,
    body: &[u8],
) -> Result<Map<String, Value>, ApiError> {
    if *method == Method::GET {
        return form::decode(query.as_bytes());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(api_error(
            "InvalidParameter",
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(api_error(
            "InvalidParameter",
            format!("The request body is not valid JSON: {e}."),
        )),
    }
}
