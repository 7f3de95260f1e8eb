//! The paging override file (`sdk-paging.json`): actions where inference is wrong, each with
//! its reason, read by [`OverrideFile`](crate::sdk::override_file::OverrideFile).
//!
//! ```json
//! {"overrides": [
//!   {"product": "ecm", "action": "DescribeInstances", "style": "offset", "items": "InstanceSet",
//!    "reason": "its TotalCount is the length of the returned list, not the total"},
//!   {"product": "x", "action": "Z", "style": "offset", "items": "Data.Tasks",
//!    "total": "Data.Total", "reason": "..."},
//!   {"product": "x", "version": "2020-01-01", "action": "Y", "off": true, "reason": "..."}
//! ]}
//! ```
//!
//! An entry without `version` applies to every version of the product that has the action.
//! `off: true` turns paging off; otherwise `style` (`offset`, `page`, `token`) and `items`
//! (the response's list) are required, `total` is the response's total (none when absent),
//! and the request's members default to `Offset`/`Limit`, `PageNumber`/`PageSize` (`first`
//! 1), and `NextToken` (`token`) with the response's `next_token` of the same name.
//!
//! The response's members (`items`, `total`, `next_token`) are a direct member (`List`) or a
//! member of an object member of the response (`Data.List`), one level down at most, and all
//! three sit in the same object (the page object of [the paging module](super)); a default
//! `next_token` is looked up in the object of `items`. The request's members are direct.

use serde::Deserialize;

use crate::sdk::model::{
    find_struct, Crate, Field, FieldRef, PageStyle, Pagination, Struct, Type, Version,
};
use crate::sdk::override_file::OverrideEntry;
use crate::sdk::spec::Kind;

/// One entry of the paging override file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingOverride {
    /// The product (`serviceShortName`).
    pub product: String,
    /// The API version (`2017-03-12`); every version with the action when absent.
    #[serde(default)]
    pub version: Option<String>,
    /// The action.
    pub action: String,
    /// Why inference is wrong here.
    pub reason: String,
    /// Turns paging off.
    #[serde(default)]
    pub off: bool,
    /// `offset`, `page` or `token`.
    #[serde(default)]
    pub style: Option<String>,
    /// The response's list: `List`, or `Data.List` one level down.
    #[serde(default)]
    pub items: Option<String>,
    /// The response's total, in the object of `items`.
    #[serde(default)]
    pub total: Option<String>,
    /// The request's offset (default `Offset`).
    #[serde(default)]
    pub offset: Option<String>,
    /// The request's limit (default `Limit`).
    #[serde(default)]
    pub limit: Option<String>,
    /// The request's page number (default `PageNumber`).
    #[serde(default)]
    pub number: Option<String>,
    /// The request's page size (default `PageSize`).
    #[serde(default)]
    pub size: Option<String>,
    /// The first page number (default 1).
    #[serde(default)]
    pub first: Option<u64>,
    /// The request's token (default `NextToken`).
    #[serde(default)]
    pub token: Option<String>,
    /// The response's next token, in the object of `items` (default: the request's token's
    /// name, in that object).
    #[serde(default)]
    pub next_token: Option<String>,
}

impl OverrideEntry for PagingOverride {
    fn product(&self) -> &str {
        &self.product
    }

    fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    fn action(&self) -> &str {
        &self.action
    }

    fn reason(&self) -> &str {
        &self.reason
    }

    /// Each entry says one thing, and the members it names exist in every version it
    /// applies to, with the kinds their roles need.
    fn check(&self, versions: &[&Version]) -> Result<(), String> {
        let members = self.members()?;
        for version in versions {
            let Some(action) = version.find_action(&self.action) else {
                continue;
            };
            for (message, path, kind) in &members {
                let object = match message {
                    Message::Request => &action.request,
                    Message::Response => &action.response,
                };
                let object = match &path.within {
                    Some(within) => enabled_field(version, object, within, Kind::Object)?
                        .ty
                        .object_name()
                        .unwrap_or(object),
                    None => object,
                };
                enabled_field(version, object, &path.name, *kind)?;
            }
        }
        Ok(())
    }

    /// Sets the paging the entry forces (or none) on every version it applies to; an entry
    /// that changes nothing in any of them is stale.
    fn apply(&self, krate: &mut Crate) -> Result<(), String> {
        let mut changed = false;
        for version in &mut krate.versions {
            if self
                .version
                .as_ref()
                .is_some_and(|v| *v != version.api_version)
            {
                continue;
            }
            let structs = &version.structs;
            let Some(action) = version.actions.iter_mut().find(|a| a.name == self.action) else {
                continue;
            };
            let paging = if self.off {
                None
            } else {
                let forced = self.forced(structs, &action.request, &action.response);
                Some(forced.ok_or("its members are not fields of the plan")?)
            };
            changed |= action.paging != paging;
            action.paging = paging;
        }
        if changed {
            Ok(())
        } else {
            Err("changes nothing: the inference already gives this; remove the entry".into())
        }
    }
}

/// The enabled field `wire` of the struct `object` of `version`, which the spec must give the
/// kind `kind`.
fn enabled_field<'a>(
    version: &'a Version,
    object: &str,
    wire: &str,
    kind: Kind,
) -> Result<&'a Field, String> {
    let note = format!(" (version {})", version.api_version);
    let found = version
        .find_struct(object)
        .and_then(|s| s.fields.iter().find(|f| f.wire == wire && !f.disabled));
    match found {
        None => Err(format!("`{object}` has no member `{wire}`{note}")),
        Some(f) if f.kind != kind => Err(format!(
            "`{object}.{wire}` is of type `{}`, not `{}`{note}",
            f.kind.as_str(),
            kind.as_str(),
        )),
        Some(f) => Ok(f),
    }
}

/// Which message of the action an entry's member is in.
#[derive(Debug, Clone, Copy)]
enum Message {
    Request,
    Response,
}

/// A member an entry names: direct (`List`), or in an object member (`Data.List`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberPath {
    within: Option<String>,
    name: String,
}

impl MemberPath {
    fn direct(name: &str) -> Self {
        MemberPath {
            within: None,
            name: name.to_owned(),
        }
    }

    /// Reads the value of the entry's key `key`: one name, or two joined by a dot.
    fn parse(key: &str, path: &str) -> Result<Self, String> {
        let parts: Vec<&str> = path.split('.').collect();
        match parts[..] {
            [name] if !name.is_empty() => Ok(MemberPath::direct(name)),
            [within, name] if !within.is_empty() && !name.is_empty() => Ok(MemberPath {
                within: Some(within.to_owned()),
                name: name.to_owned(),
            }),
            _ => Err(format!(
                "`{key}` is `{path}`; expected a member (`List`) or an object member's member (`Data.List`)"
            )),
        }
    }

    /// The member `name` in the same object as this one.
    fn beside(&self, name: &str) -> Self {
        MemberPath {
            within: self.within.clone(),
            name: name.to_owned(),
        }
    }
}

impl PagingOverride {
    fn style_name(&self) -> Result<&str, String> {
        match self.style.as_deref() {
            Some(style @ ("offset" | "page" | "token")) => Ok(style),
            Some(other) => Err(format!(
                "unknown style `{other}`; expected offset, page or token"
            )),
            None => Err("needs `off: true`, or a `style` and its `items`".into()),
        }
    }

    fn or<'a>(value: &'a Option<String>, default: &'a str) -> &'a str {
        value.as_deref().unwrap_or(default)
    }

    /// Every member the entry names, with the side and kind its role needs; an error when
    /// the entry mixes `off` with members, names members its style does not use, or puts the
    /// response's members in different objects.
    fn members(&self) -> Result<Vec<(Message, MemberPath, Kind)>, String> {
        let named = [
            ("style", self.style.is_some()),
            ("items", self.items.is_some()),
            ("total", self.total.is_some()),
            ("offset", self.offset.is_some()),
            ("limit", self.limit.is_some()),
            ("number", self.number.is_some()),
            ("size", self.size.is_some()),
            ("first", self.first.is_some()),
            ("token", self.token.is_some()),
            ("next_token", self.next_token.is_some()),
        ];
        let given = |allowed: &[&str]| -> Result<(), String> {
            match named
                .iter()
                .find(|(key, set)| *set && !allowed.contains(key))
            {
                Some((key, _)) => Err(format!("`{key}` does not apply here")),
                None => Ok(()),
            }
        };
        if self.off {
            given(&[])?;
            return Ok(Vec::new());
        }
        let style = self.style_name()?;
        let items = self
            .items
            .as_deref()
            .ok_or_else(|| format!("style `{style}` needs `items`"))?;
        let items = MemberPath::parse("items", items)?;
        let beside_items = |key: &str, path: &str| -> Result<MemberPath, String> {
            let path = MemberPath::parse(key, path)?;
            if path.within == items.within {
                Ok(path)
            } else {
                Err(format!(
                    "`{key}` and `items` are in different objects; the page's members sit together"
                ))
            }
        };
        let direct =
            |value: &Option<String>, default: &str| MemberPath::direct(Self::or(value, default));
        let mut members = Vec::new();
        match style {
            "offset" => {
                given(&["style", "items", "total", "offset", "limit"])?;
                members.push((Message::Request, direct(&self.offset, "Offset"), Kind::Int));
                members.push((Message::Request, direct(&self.limit, "Limit"), Kind::Int));
            }
            "page" => {
                given(&["style", "items", "total", "number", "size", "first"])?;
                members.push((
                    Message::Request,
                    direct(&self.number, "PageNumber"),
                    Kind::Int,
                ));
                members.push((Message::Request, direct(&self.size, "PageSize"), Kind::Int));
            }
            _ => {
                given(&["style", "items", "token", "next_token"])?;
                let token = Self::or(&self.token, "NextToken");
                members.push((Message::Request, MemberPath::direct(token), Kind::String));
                let next = match &self.next_token {
                    Some(next) => beside_items("next_token", next)?,
                    None => items.beside(token),
                };
                members.push((Message::Response, next, Kind::String));
            }
        }
        if let Some(total) = &self.total {
            members.push((Message::Response, beside_items("total", total)?, Kind::Int));
        }
        members.insert(0, (Message::Response, items, Kind::List));
        Ok(members)
    }

    /// The paging this entry forces on the action of `request` and `response`; `None` when
    /// a member it names is not a field of the model. Run [`OverrideFile::check`] first.
    fn forced(&self, structs: &[Struct], request: &str, response: &str) -> Option<Pagination> {
        let find = |name: &str| find_struct(structs, name);
        let (request, response) = (find(request)?, find(response)?);
        let member = |s: &Struct, wire: &str| s.field(wire).map(FieldRef::of);
        let path = |key: &str, value: &str| MemberPath::parse(key, value).ok();
        let items = path("items", self.items.as_deref()?)?;
        let (within, page) = match &items.within {
            Some(wire) => {
                let Type::Object { name, .. } = &response.field(wire)?.ty else {
                    return None;
                };
                (Some(member(response, wire)?), find(name)?)
            }
            None => (None, response),
        };
        let item = match &page.field(&items.name)?.ty {
            Type::List(element) => (**element).clone(),
            _ => return None,
        };
        let total = match &self.total {
            Some(total) => Some(member(page, &path("total", total)?.name)?),
            None => None,
        };
        let style = match self.style.as_deref()? {
            "offset" => PageStyle::Offset {
                offset: member(request, Self::or(&self.offset, "Offset"))?,
                limit: member(request, Self::or(&self.limit, "Limit"))?,
            },
            "page" => PageStyle::PageNumber {
                number: member(request, Self::or(&self.number, "PageNumber"))?,
                size: member(request, Self::or(&self.size, "PageSize"))?,
                first: self.first.unwrap_or(1),
            },
            _ => {
                let token = Self::or(&self.token, "NextToken");
                let next = match &self.next_token {
                    Some(next) => path("next_token", next)?.name,
                    None => token.to_owned(),
                };
                PageStyle::Token {
                    token: member(request, token)?,
                    next: member(page, &next)?,
                }
            }
        };
        Some(Pagination {
            style,
            within,
            items: member(page, &items.name)?,
            item,
            total,
        })
    }
}
