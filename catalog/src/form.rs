//! The form encoding of API 3.0 (GET queries and the legacy signatures' bodies) read back into
//! the JSON object it flattens.

use std::fmt;

use serde_json::{Map, Value};

/// The JSON object that form pairs flatten (`Filters.0.Name=x` is
/// `{"Filters": [{"Name": "x"}]}`), every value a string, as API 3.0 reads the form
/// encoding of GET requests and the legacy signatures. A list index that skips positions
/// leaves `null`s (the server refuses them; published examples have them). Fails on a key
/// with an empty segment, an index above [`MAX_FORM_INDEX`], or a key that uses one path both
/// as a list and as an object, or as a value and a container.
///
/// ```
/// use tcapi_catalog::unflatten;
///
/// let pairs = [("Filters.0.Name", "zone"), ("Filters.0.Values.0", "ap-guangzhou-3"), ("Limit", "1")];
/// let value = unflatten(pairs).unwrap();
/// assert_eq!(value["Filters"][0]["Values"][0], "ap-guangzhou-3");
/// assert_eq!(value["Limit"], "1");
/// let clash = unflatten([("A.0", "x"), ("A.B", "y")]).unwrap_err();
/// assert_eq!(clash.to_string(), "`A.B`: another parameter makes this member a list");
/// ```
pub fn unflatten<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Map<String, Value>, FormError> {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let invalid = |reason: &'static str| FormError {
            key: key.to_owned(),
            reason,
        };
        let mut at = &mut root;
        for segment in key.split('.') {
            if segment.is_empty() {
                return Err(invalid("a name segment is empty"));
            }
            let index = segment.parse::<usize>().ok();
            if at.is_null() {
                *at = match index {
                    Some(_) => Value::Array(Vec::new()),
                    None => Value::Object(Map::new()),
                };
            }
            at = match (at, index) {
                (Value::Object(members), _) => {
                    members.entry(segment.to_owned()).or_insert(Value::Null)
                }
                // A bound on the index: a hostile `A.4000000000=x` must not allocate.
                (Value::Array(_), Some(index)) if index > MAX_FORM_INDEX => {
                    return Err(invalid("the list index is too large"))
                }
                (Value::Array(items), Some(index)) => {
                    if items.len() <= index {
                        items.resize(index + 1, Value::Null);
                    }
                    &mut items[index]
                }
                (Value::Array(_), None) => {
                    return Err(invalid("another parameter makes this member a list"))
                }
                _ => return Err(invalid("another parameter gives this member a value")),
            };
        }
        if !at.is_null() {
            return Err(invalid("it is given twice or also has members"));
        }
        *at = Value::String(value.to_owned());
    }
    match root {
        Value::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

/// Why form pairs do not flatten to an object ([`unflatten`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The key at fault (`Filters.0.Name`).
    pub key: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.key, self.reason)
    }
}

impl std::error::Error for FormError {}

/// The largest list index a form key may use.
pub const MAX_FORM_INDEX: usize = 10_000;
