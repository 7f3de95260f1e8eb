//! The inference of [the module](super), over the model's structs: which actions page, and
//! how, by their members' names, kinds and types.

use crate::sdk::model::{find_struct, Action, FieldRef, PageStyle, Pagination, Struct, Type};
use crate::sdk::spec::Kind;

/// Names of a response's total number of items, in order of preference (`TotalCount`
/// before `AllTotalCount`, the count before filters).
pub const TOTAL_NAMES: &[&str] = &[
    "TotalCount",
    "Total",
    "TotalNum",
    "TotalCnt",
    "TotalNumber",
    "TotalCounts",
    "TotalElements",
    "TotalItems",
];

/// Names of a request's page number, with `PageSize`.
pub const PAGE_NUMBER_NAMES: &[&str] = &["PageNumber", "PageNo", "PageIndex", "PageNum", "Page"];

/// Names of a request's page token (also any name ending in `Marker`).
pub const TOKEN_NAMES: &[&str] = &[
    "NextToken",
    "PageToken",
    "PaginationToken",
    "ScrollToken",
    "ScrollId",
    "ScrollID",
    "Cursor",
    "Context",
    "Marker",
];

/// One side of an action (its request or response, or the response's page object): a struct
/// of the model, read as the inference reads it.
struct Side<'a> {
    of: &'a Struct,
}

impl<'a> Side<'a> {
    /// The enabled field `wire`, if the spec gives it the kind `kind`.
    fn member(&self, wire: &str, kind: Kind) -> Option<FieldRef> {
        self.of
            .fields
            .iter()
            .find(|f| f.wire == wire && f.kind == kind && !f.disabled)
            .map(FieldRef::of)
    }

    /// The spec's description of the enabled field `wire`.
    fn prose(&self, wire: &str) -> Option<&'a str> {
        self.of
            .fields
            .iter()
            .find(|f| f.wire == wire && !f.disabled)
            .map(|f| f.prose.as_str())
    }

    /// The enabled list fields.
    fn lists(&self) -> Vec<&'a str> {
        self.of
            .fields
            .iter()
            .filter(|f| f.kind == Kind::List && !f.disabled)
            .map(|f| f.wire.as_str())
            .collect()
    }

    fn first_of(&self, names: &[&str], kind: Kind) -> Option<FieldRef> {
        names.iter().find_map(|name| self.member(name, kind))
    }

    /// The enabled object fields whose struct has an enabled list field, each with its
    /// struct as a side.
    fn holders(&self, structs: &'a [Struct]) -> Vec<(FieldRef, Side<'a>)> {
        self.of
            .fields
            .iter()
            .filter(|f| f.kind == Kind::Object && !f.disabled)
            .filter_map(|f| {
                let Type::Object { name, .. } = &f.ty else {
                    return None;
                };
                let of = find_struct(structs, name)?;
                Some((FieldRef::of(f), Side { of }))
            })
            .filter(|(_, side)| !side.lists().is_empty())
            .collect()
    }

    /// The items field `wire` with its element type.
    fn items(&self, wire: &str) -> Option<(FieldRef, Type)> {
        let member = self.member(wire, Kind::List)?;
        match &self.of.field(wire)?.ty {
            Type::List(element) => Some((member, (**element).clone())),
            _ => None,
        }
    }
}

/// How `action` pages, by the rules of [the module](super), or `None`; `structs` are the
/// structs of its version.
pub fn infer(structs: &[Struct], action: &Action) -> Option<Pagination> {
    let request = Side {
        of: find_struct(structs, &action.request)?,
    };
    let response = Side {
        of: find_struct(structs, &action.response)?,
    };
    if !response.lists().is_empty() {
        return infer_in(&request, &response, None);
    }
    let [(within, page)] = <[_; 1]>::try_from(response.holders(structs)).ok()?;
    infer_in(&request, &page, Some(within))
}

/// How the action of `request` pages with `page` as its page object (the response, or its
/// field `within`), or `None`.
fn infer_in(request: &Side<'_>, page: &Side<'_>, within: Option<FieldRef>) -> Option<Pagination> {
    let [items] = page.lists()[..] else {
        return None;
    };
    let (items, item) = page.items(items)?;
    let total = page.first_of(TOTAL_NAMES, Kind::Int);

    let mut styles = Vec::new();
    if let (Some(offset), Some(limit), Some(_)) = (
        request.member("Offset", Kind::Int),
        request.member("Limit", Kind::Int),
        &total,
    ) {
        styles.push(PageStyle::Offset { offset, limit });
    }
    if let (Some(number), Some(size), Some(_)) = (
        request.first_of(PAGE_NUMBER_NAMES, Kind::Int),
        request.member("PageSize", Kind::Int),
        &total,
    ) {
        let first = match request.prose(&number.wire) {
            Some(prose) if counts_from_zero(prose) => 0,
            _ => 1,
        };
        styles.push(PageStyle::PageNumber {
            number,
            size,
            first,
        });
    }
    if let Some((token, next)) = token_pair(request, page) {
        styles.push(PageStyle::Token { token, next });
    }
    let [style] = <[PageStyle; 1]>::try_from(styles).ok()?;
    let total = match style {
        PageStyle::Token { .. } => None,
        _ => total,
    };
    Some(Pagination {
        style,
        within,
        items,
        item,
        total,
    })
}

fn token_pair(request: &Side<'_>, page: &Side<'_>) -> Option<(FieldRef, FieldRef)> {
    request.of.fields.iter().find_map(|f| {
        let name = f.wire.as_str();
        if !(TOKEN_NAMES.contains(&name) || name.ends_with("Marker")) {
            return None;
        }
        let token = request.member(name, Kind::String)?;
        let next = page
            .member(name, Kind::String)
            .or_else(|| page.member(&format!("Next{name}"), Kind::String))?;
        Some((token, next))
    })
}

/// Whether a page number's documentation says the first page is 0 ("从 0 开始", "默认为0",
/// "starts from 0"); otherwise pages count from 1, as most of Tencent Cloud does.
pub fn counts_from_zero(document: &str) -> bool {
    let text: String = document.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.to_lowercase();
    [
        "从0开始",
        "默认0",
        "默认为0",
        "默认值为0",
        "起始为0",
        "startsfrom0",
        "startingfrom0",
        "startsat0",
        "0-based",
    ]
    .iter()
    .any(|sign| text.contains(sign))
}
