//! Form-encoded parameters (a GET query, an `application/x-www-form-urlencoded` body), the
//! way API 3.0 flattens a request: `Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3`
//! is the JSON object `{"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]}`.
//! Values stay strings: a form carries no types, and the answer path accepts a number or a
//! boolean written as a string, as the service does.

use hyper::header::{HeaderMap, CONTENT_TYPE};
use serde_json::{Map, Value};

use crate::error::{api_error, ApiError};

/// The `Content-Type` of a form-encoded body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether the request's body is form-encoded (`Content-Type`, parameters such as
/// `; charset=utf-8` aside).
pub(crate) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(FORM_CONTENT_TYPE))
}

/// The JSON object a query or form body stands for ([`pairs`], then [`unflatten`]).
pub(crate) fn decode(encoded: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let pairs = pairs(encoded);
    unflatten(
        pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    )
}

/// The decoded `name=value` pairs of a query or form body, in order.
pub(crate) fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded).into_owned().collect()
}

/// The JSON object that `pairs` flatten ([`tcapi_catalog::unflatten`]), refused as
/// the service refuses it when a name is inconsistent or a list skips an index.
pub(crate) fn unflatten<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Map<String, Value>, ApiError> {
    let members = tcapi_catalog::unflatten(pairs).map_err(|e| {
        api_error(
            "InvalidParameter",
            format!("The parameter `{}` is invalid: {}.", e.key, e.reason),
        )
    })?;
    if let Some(hole) = members
        .iter()
        .find_map(|(name, member)| first_hole(member, name))
    {
        return Err(api_error(
            "InvalidParameter",
            format!("The parameter `{hole}` is missing: list elements are numbered from 0 without gaps."),
        ));
    }
    Ok(members)
}

/// The name of the first list element left out (`Filters.1` of `Filters.0` and `Filters.2`).
fn first_hole(value: &Value, path: &str) -> Option<String> {
    let join = |segment: &dyn std::fmt::Display| {
        if path.is_empty() {
            segment.to_string()
        } else {
            format!("{path}.{segment}")
        }
    };
    match value {
        Value::Null => Some(path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| first_hole(item, &join(&index))),
        Value::Object(members) => members
            .iter()
            .find_map(|(name, member)| first_hole(member, &join(name))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn decode(query: &str) -> Result<Value, String> {
        super::decode(query.as_bytes())
            .map(Value::Object)
            .map_err(|e| format!("{}: {}", e.code, e.message))
    }

    #[test]
    fn flattened_names_become_nested_members() {
        let decoded = decode(
            "Limit=10&Filters.1.Name=b&Filters.0.Name=zone&Filters.0.Values.0=ap%2Dguangzhou-3&Prompt=a+b%26c",
        )
        .unwrap();
        assert_eq!(
            decoded,
            json!({
                "Limit": "10",
                "Filters": [{ "Name": "zone", "Values": ["ap-guangzhou-3"] }, { "Name": "b" }],
                "Prompt": "a b&c",
            })
        );
        // Sorted the way the legacy signature sorts: index 10 before index 2.
        let many: Vec<String> = (0..12).map(|i| format!("Ids.{i}=i{i}")).collect();
        let mut sorted = many.clone();
        sorted.sort();
        let decoded = decode(&sorted.join("&")).unwrap();
        assert_eq!(decoded["Ids"][10], "i10");
        assert_eq!(decoded["Ids"].as_array().unwrap().len(), 12);
    }

    #[test]
    fn inconsistent_names_are_refused_with_the_name() {
        for (query, named) in [
            ("A=1&A.0=2", "A.0"),
            ("A.0=2&A=1", "A"),
            ("A=1&A=2", "A"),
            ("A..B=1", "A..B"),
            ("Ids.0=a&Ids.2=c", "Ids.1"),
            ("Ids.4294967295=a", "Ids.4294967295"),
        ] {
            let error = decode(query).unwrap_err();
            assert!(
                error.starts_with("InvalidParameter") && error.contains(&format!("`{named}`")),
                "{query}: {error}"
            );
        }
    }
}
