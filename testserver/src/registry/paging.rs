//! Pages of a registered list ([`Registration::items_paged`](crate::Registration::items_paged)),
//! as the action pages: by offset and limit, by page number and size, or by token.

use serde_json::{Map, Value};
use tcapi_catalog::PagingMembers;

/// Items per page when the request does not say (the most common default of the services).
const DEFAULT_PAGE_SIZE: u64 = 20;

/// The prefix of the page tokens the server hands out: the offset of the next page follows.
const TOKEN_PREFIX: &str = "tcapi-local-page-";

/// The member holding a paged action's items.
pub(super) fn items_of(paging: &PagingMembers) -> &str {
    match paging {
        PagingMembers::Offset { items, .. }
        | PagingMembers::Page { items, .. }
        | PagingMembers::Token { items, .. } => items,
    }
}

/// The page of `items` that `params` ask for, in `answer`.
pub(super) fn page(
    paging: &PagingMembers,
    items: &[Value],
    params: &Map<String, Value>,
    mut answer: Map<String, Value>,
) -> Map<String, Value> {
    let number = |name: &str| params.get(name).and_then(as_u64);
    let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
    let slice = |start: u64, size: u64| -> Vec<Value> {
        let start = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(items.len());
        let end = start
            .saturating_add(usize::try_from(size).unwrap_or(usize::MAX))
            .min(items.len());
        items[start..end].to_vec()
    };
    match paging {
        PagingMembers::Offset {
            offset,
            limit,
            items: list,
            total: total_member,
        } => {
            let start = number(offset).unwrap_or(0);
            let size = number(limit).unwrap_or(DEFAULT_PAGE_SIZE);
            set_path(&mut answer, list, Value::Array(slice(start, size)));
            if let Some(member) = total_member {
                set_path(&mut answer, member, Value::from(total));
            }
        }
        PagingMembers::Page {
            number: page_number,
            size,
            first,
            items: list,
            total: total_member,
        } => {
            let size = number(size).unwrap_or(DEFAULT_PAGE_SIZE);
            let index = number(page_number).unwrap_or(*first).saturating_sub(*first);
            set_path(
                &mut answer,
                list,
                Value::Array(slice(index.saturating_mul(size), size)),
            );
            if let Some(member) = total_member {
                set_path(&mut answer, member, Value::from(total));
            }
        }
        PagingMembers::Token {
            token,
            next,
            items: list,
        } => {
            let start = params
                .get(token)
                .and_then(Value::as_str)
                .and_then(|t| t.strip_prefix(TOKEN_PREFIX))
                .and_then(|offset| offset.parse::<u64>().ok())
                .unwrap_or(0);
            let size = ["Limit", "MaxResults", "PageSize"]
                .iter()
                .find_map(|name| number(name))
                .unwrap_or(DEFAULT_PAGE_SIZE);
            let page = slice(start, size);
            let after = start.saturating_add(u64::try_from(page.len()).unwrap_or(u64::MAX));
            set_path(&mut answer, list, Value::Array(page));
            let next_token = if after < total && size > 0 {
                Value::String(format!("{TOKEN_PREFIX}{after}"))
            } else {
                Value::Null
            };
            set_path(&mut answer, next, next_token);
        }
    }
    answer
}

/// A number as the service reads one: an integer, or a string holding one.
fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Sets the member at a dotted `path` (`Data.List`), making the objects on the way.
pub(super) fn set_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_owned(), value);
        }
        Some((first, rest)) => {
            let inner = map
                .entry(first.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !inner.is_object() {
                *inner = Value::Object(Map::new());
            }
            if let Value::Object(inner) = inner {
                set_path(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn offset_paging() -> PagingMembers {
        PagingMembers::Offset {
            offset: "Offset".into(),
            limit: "Limit".into(),
            items: "Data.List".into(),
            total: Some("Data.Total".into()),
        }
    }

    #[test]
    fn offset_pages_fill_nested_members() {
        let items: Vec<Value> = (0..5).map(Value::from).collect();
        let params = json!({ "Offset": "3", "Limit": 10 });
        let page = page(
            &offset_paging(),
            &items,
            params.as_object().unwrap(),
            Map::new(),
        );
        assert_eq!(
            Value::Object(page),
            json!({ "Data": { "List": [3, 4], "Total": 5 } })
        );
    }

    #[test]
    fn tokens_lead_through_the_list_and_end() {
        let paging = PagingMembers::Token {
            token: "NextToken".into(),
            next: "NextToken".into(),
            items: "Items".into(),
        };
        let items: Vec<Value> = (0..3).map(Value::from).collect();
        let first = page(
            &paging,
            &items,
            json!({ "Limit": 2 }).as_object().unwrap(),
            Map::new(),
        );
        assert_eq!(first["Items"], json!([0, 1]));
        let token = first["NextToken"].clone();
        let second = page(
            &paging,
            &items,
            json!({ "Limit": 2, "NextToken": token })
                .as_object()
                .unwrap(),
            Map::new(),
        );
        assert_eq!(second["Items"], json!([2]));
        assert_eq!(second["NextToken"], Value::Null);
    }

    #[test]
    fn page_numbers_count_from_the_first() {
        let paging = PagingMembers::Page {
            number: "PageNumber".into(),
            size: "PageSize".into(),
            first: 1,
            items: "Items".into(),
            total: None,
        };
        let items: Vec<Value> = (0..5).map(Value::from).collect();
        let params = json!({ "PageNumber": 2, "PageSize": 2 });
        let page = page(&paging, &items, params.as_object().unwrap(), Map::new());
        assert_eq!(page["Items"], json!([2, 3]));
    }
}
