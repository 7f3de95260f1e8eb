//! The flattened form of a request: `Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3`,
//! the encoding of GET requests and of the legacy `HmacSHA1`/`HmacSHA256` signature methods.
//!
//! Objects become dotted keys, list elements their zero-based index; `true`/`false` and
//! numbers are written as JSON writes them, strings as they are. An absent optional member
//! (serialized as nothing or as `null`) and an empty list or object have no pairs: the form
//! cannot say "empty", which is why JSON bodies are the default.
//!
//! ```
//! #[derive(serde::Serialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Filter { name: String, values: Vec<String> }
//! #[derive(serde::Serialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct DescribeInstancesRequest { filters: Vec<Filter>, limit: Option<i64> }
//!
//! let request = DescribeInstancesRequest {
//!     filters: vec![Filter { name: "zone".into(), values: vec!["ap-guangzhou-3".into()] }],
//!     limit: Some(10),
//! };
//! let pairs = tcapi::form::to_pairs(&request)?;
//! assert_eq!(pairs, [
//!     ("Filters.0.Name".to_owned(), "zone".to_owned()),
//!     ("Filters.0.Values.0".to_owned(), "ap-guangzhou-3".to_owned()),
//!     ("Limit".to_owned(), "10".to_owned()),
//! ]);
//! # Ok::<(), tcapi::form::FormError>(())
//! ```

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Why a value has no flattened form.
#[derive(Debug)]
pub struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

/// The request's parameters as `(key, value)` pairs: list elements in order, object members
/// in the order `serde_json` keeps them (sorted by key, unless its `preserve_order` feature is
/// on). The signature and the service do not depend on the order.
///
/// # Errors
///
/// When `request` does not serialize to a JSON object (a request is always an object), or
/// its `Serialize` implementation fails.
pub fn to_pairs<T: Serialize + ?Sized>(request: &T) -> Result<Vec<(String, String)>, FormError> {
    let value = serde_json::to_value(request)
        .map_err(|e| FormError(format!("the request does not serialize: {e}")))?;
    let Value::Object(members) = value else {
        return Err(FormError(format!(
            "a request must serialize to an object, not {}",
            kind(&value)
        )));
    };
    let mut pairs = Vec::new();
    for (key, value) in members {
        let mut prefix = key;
        flatten(&mut prefix, value, &mut pairs);
    }
    Ok(pairs)
}

/// The pairs as a URL query or `application/x-www-form-urlencoded` body.
///
/// # Errors
///
/// As [`to_pairs`].
pub fn to_query<T: Serialize + ?Sized>(request: &T) -> Result<String, FormError> {
    let mut out = String::new();
    for (key, value) in to_pairs(request)? {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(&key, &mut out);
        out.push('=');
        percent_encode(&value, &mut out);
    }
    Ok(out)
}

fn flatten(prefix: &mut String, value: Value, pairs: &mut Vec<(String, String)>) {
    let nested = |prefix: &mut String, key: &str, value, pairs: &mut Vec<_>| {
        let len = prefix.len();
        prefix.push('.');
        prefix.push_str(key);
        flatten(prefix, value, pairs);
        prefix.truncate(len);
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => pairs.push((prefix.clone(), b.to_string())),
        Value::Number(n) => pairs.push((prefix.clone(), n.to_string())),
        Value::String(s) => pairs.push((prefix.clone(), s)),
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                nested(prefix, &i.to_string(), item, pairs);
            }
        }
        Value::Object(members) => {
            for (key, item) in members {
                nested(prefix, &key, item, pairs);
            }
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// RFC 3986 percent-encoding of everything but the unreserved characters, as the legacy
/// signature methods require.
fn percent_encode(s: &str, out: &mut String) {
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_lists_objects_and_nulls() {
        let pairs = to_pairs(&json!({
            "A": [{"B": [1, 2], "C": null}, {"D": true}],
            "E": {},
            "F": [],
            "G": 1.5,
        }))
        .unwrap();
        let expected = [
            ("A.0.B.0", "1"),
            ("A.0.B.1", "2"),
            ("A.1.D", "true"),
            ("G", "1.5"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn a_request_must_be_an_object() {
        let e = to_pairs(&[1, 2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a request must serialize to an object, not a list"
        );
    }

    #[test]
    fn query_is_percent_encoded() {
        let query = to_query(&json!({"Name": "a b/é", "X.Y": "~"})).unwrap();
        assert_eq!(query, "Name=a%20b%2F%C3%A9&X.Y=~");
    }
}
