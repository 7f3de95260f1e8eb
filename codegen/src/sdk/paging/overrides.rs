//! Which actions page, and how: inferred from the spec (which has no pagination marker), then
//! corrected by the override file `sdk-paging.json`, where each entry says why.
//!
//! # Convention (for users of the generated crates)
//!
//! For every action that pages, the version's `Client` has two methods beside the action's
//! own (`describe_instances`), named after it with a suffix:
//!
//! - `describe_instances_pages(&request)`: a `Stream` of `Result<DescribeInstancesResponse, _>`,
//!   one element per page, starting at the page the request asks for;
//! - `describe_instances_items(&request)`: a `Stream` of `Result<Instance, _>`, the items of
//!   every page in order.
//!
//! and the request type implements `tcapi::Paginated` (the streams are
//! `tcapi::client::Client::pages` and `items`; see `tcapi::paginate` for when they end).
//! Generation fails if a suffixed name is taken by another action's method.
//!
//! # Inference
//!
//! Members the spec marks `disabled` are ignored. The paging members of the request are
//! always its direct members. The items, the total and the next token sit together in one
//! object, the *page object*: the response itself, or one object member of it.
//!
//! - **Direct**: when the response has a list member, the response is the page object.
//! - **One level down**: when it has none, the page object is the one object member of the
//!   response whose object has a list (`Response.Data` with `Data.List` and
//!   `Data.TotalCount`); with two or more such members the action is ambiguous: not paged.
//!   Deeper levels are not searched. By inference alone, this rule pages 305 actions of
//!   the merged specs that the direct one leaves (2,116 paged without it, 2,421 with it).
//!
//! The page object must have exactly one list member (the items), and the action must match
//! exactly one of these rules (two is ambiguous: not paged), with the total and the next
//! token taken from the page object:
//!
//! - **Offset**: integer `Offset` and `Limit` in the request, and a total ([`TOTAL_NAMES`],
//!   an integer) in the page object.
//! - **Page number**: an integer page number ([`PAGE_NUMBER_NAMES`]) and `PageSize` in the
//!   request, and a total in the page object. Pages count from 1, or from 0 where the page
//!   number's documentation says so ([`counts_from_zero`]: 34 actions).
//! - **Token**: a string token in the request ([`TOKEN_NAMES`], or a name ending in `Marker`)
//!   and a string of the same name, or `Next` + that name, in the page object (`Cursor` →
//!   `NextCursor`).
//!
//! A total is required for the first two because without one a list that happens to sit
//! beside `Offset` and `Limit` is too weak a sign; the override file turns such actions on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::{Crate, Field, Struct, Type};
use super::site::Merged;
use super::spec::{self, Kind, SpecError};

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

/// The override file, beside the crate's other hand-curated data.
pub fn overrides_path() -> PathBuf {
    crate::data::paging_overrides_path()
}

/// A member used for paging: its wire name and its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key on the wire (`InstanceSet`).
    pub wire: String,
    /// The field (`instance_set`).
    pub ident: String,
}

/// How an action pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The style and the request's members.
    pub style: Style,
    /// The response's object member that holds the items, the total and the next token
    /// (`Data` of `Response.Data.List`); `None` when they are direct members of the response.
    pub within: Option<Member>,
    /// The page object's list.
    pub items: Member,
    /// The type of one item.
    pub item: Type,
    /// The page object's total number of items (offset and page number only).
    pub total: Option<Member>,
}

impl Paging {
    /// The path of a member of the page object from the response (`Data.List`, or `List`
    /// when the response is the page object), as the override file and docs write it.
    pub fn path(&self, member: &Member) -> String {
        match &self.within {
            Some(within) => format!("{}.{}", within.wire, member.wire),
            None => member.wire.clone(),
        }
    }
}

/// A paging style and the members it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    /// `Offset` and `Limit`.
    Offset {
        /// The request's offset.
        offset: Member,
        /// The request's limit.
        limit: Member,
    },
    /// A page number and a page size.
    PageNumber {
        /// The request's page number.
        number: Member,
        /// The request's page size.
        size: Member,
        /// The number of the first page.
        first: u64,
    },
    /// A token handed back by the response.
    Token {
        /// The request's token.
        token: Member,
        /// The page object's token for the next page.
        next: Member,
    },
}

/// One side (request or response) of an action: its spec object and its planned struct.
struct Side<'a> {
    object: &'a spec::Object,
    planned: &'a Struct,
}

impl<'a> Side<'a> {
    fn of(spec: &'a spec::Spec, structs: &'a [Struct], name: &str) -> Option<Self> {
        Some(Side {
            object: spec.objects.get(name)?,
            planned: structs.iter().find(|s| s.name == name)?,
        })
    }

    /// The enabled member `wire` of kind `kind`, with its field.
    fn member(&self, wire: &str, kind: Kind) -> Option<Member> {
        self.object
            .members
            .iter()
            .find(|m| m.name == wire && m.kind == kind && !m.disabled)?;
        let field = self.planned.fields.iter().find(|f| f.wire == wire)?;
        Some(Member {
            wire: wire.to_owned(),
            ident: field.ident.clone(),
        })
    }

    fn spec_member(&self, wire: &str) -> Option<&'a spec::Member> {
        self.object
            .members
            .iter()
            .find(|m| m.name == wire && !m.disabled)
    }

    /// The enabled list members.
    fn lists(&self) -> Vec<&'a str> {
        self.object
            .members
            .iter()
            .filter(|m| m.kind == Kind::List && !m.disabled)
            .map(|m| m.name.as_str())
            .collect()
    }

    fn first_of(&self, names: &[&str], kind: Kind) -> Option<Member> {
        names.iter().find_map(|name| self.member(name, kind))
    }

    /// The enabled object members whose object has an enabled list member, each with its
    /// object as a side.
    fn holders(&self, spec: &'a spec::Spec, structs: &'a [Struct]) -> Vec<(Member, Side<'a>)> {
        self.object
            .members
            .iter()
            .filter(|m| m.kind == Kind::Object && !m.disabled)
            .filter_map(|m| {
                let member = self.member(&m.name, Kind::Object)?;
                let field = self.planned.fields.iter().find(|f| f.wire == m.name)?;
                let Type::Object { name, .. } = &field.ty else {
                    return None;
                };
                let side = Side {
                    object: spec.objects.get(&m.member)?,
                    planned: structs.iter().find(|s| s.name == *name)?,
                };
                Some((member, side))
            })
            .filter(|(_, side)| !side.lists().is_empty())
            .collect()
    }

    /// The items member `wire` with its element type.
    fn items(&self, wire: &str) -> Option<(Member, Type)> {
        let member = self.member(wire, Kind::List)?;
        let field = self.planned.fields.iter().find(|f| f.wire == wire)?;
        match &field.ty {
            Type::List(element) => Some((member, (**element).clone())),
            _ => None,
        }
    }
}

/// How `action` pages, by the rules of [the module](self), or `None`.
pub fn infer(spec: &spec::Spec, action: &spec::Action, structs: &[Struct]) -> Option<Paging> {
    let request = Side::of(spec, structs, &action.input)?;
    let response = Side::of(spec, structs, &action.output)?;
    if !response.lists().is_empty() {
        return infer_in(&request, &response, None);
    }
    let [(within, page)] = <[_; 1]>::try_from(response.holders(spec, structs)).ok()?;
    infer_in(&request, &page, Some(within))
}

/// How the action of `request` pages with `page` as its page object (the response, or its
/// member `within`), or `None`.
fn infer_in(request: &Side<'_>, page: &Side<'_>, within: Option<Member>) -> Option<Paging> {
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
        styles.push(Style::Offset { offset, limit });
    }
    if let (Some(number), Some(size), Some(_)) = (
        request.first_of(PAGE_NUMBER_NAMES, Kind::Int),
        request.member("PageSize", Kind::Int),
        &total,
    ) {
        let first = match request.spec_member(&number.wire) {
            Some(m) if counts_from_zero(&m.document) => 0,
            _ => 1,
        };
        styles.push(Style::PageNumber {
            number,
            size,
            first,
        });
    }
    if let Some((token, next)) = token_pair(request, page) {
        styles.push(Style::Token { token, next });
    }
    let [style] = <[Style; 1]>::try_from(styles).ok()?;
    let total = match style {
        Style::Token { .. } => None,
        _ => total,
    };
    Some(Paging {
        style,
        within,
        items,
        item,
        total,
    })
}

fn token_pair(request: &Side<'_>, page: &Side<'_>) -> Option<(Member, Member)> {
    request.object.members.iter().find_map(|m| {
        let name = m.name.as_str();
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

/// The override file: actions where inference is wrong, each with its reason.
///
/// ```json
/// {"overrides": [
///   {"product": "ecm", "action": "DescribeInstances", "style": "offset", "items": "InstanceSet",
///    "reason": "its TotalCount is the length of the returned list, not the total"},
///   {"product": "x", "action": "Z", "style": "offset", "items": "Data.Tasks",
///    "total": "Data.Total", "reason": "..."},
///   {"product": "x", "version": "2020-01-01", "action": "Y", "off": true, "reason": "..."}
/// ]}
/// ```
///
/// An entry without `version` applies to every version of the product that has the action.
/// `off: true` turns paging off; otherwise `style` (`offset`, `page`, `token`) and `items`
/// (the response's list) are required, `total` is the response's total (none when absent),
/// and the request's members default to `Offset`/`Limit`, `PageNumber`/`PageSize` (`first`
/// 1), and `NextToken` (`token`) with the response's `next_token` of the same name.
///
/// The response's members (`items`, `total`, `next_token`) are a direct member (`List`) or a
/// member of an object member of the response (`Data.List`), one level down at most, and all
/// three sit in the same object (the page object of [the module](self)); a default
/// `next_token` is looked up in the object of `items`. The request's members are direct.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    file: PathBuf,
    entries: Vec<Entry>,
}

/// One entry of the override file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    overrides: Vec<Entry>,
}

impl Overrides {
    /// Reads and parses the override file at `file`.
    pub fn load(file: &Path) -> Result<Overrides, SpecError> {
        Overrides::parse(file, &spec::read(file)?)
    }

    /// Parses the text of an override file (`file` names it in errors).
    pub fn parse(file: &Path, text: &str) -> Result<Overrides, SpecError> {
        let parsed: File = spec::from_json(file, text)?;
        Ok(Overrides {
            file: file.to_owned(),
            entries: parsed.overrides,
        })
    }

    /// The entries, in the file's order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn invalid(&self, entry: &Entry, message: String) -> SpecError {
        let version = entry
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        SpecError::Invalid {
            file: self.file.clone(),
            at: format!("override of {}{version} {}", entry.product, entry.action),
            message,
        }
    }

    /// Checks every entry against the specs of every product (by product, as
    /// [`super::site::product_specs`] gives them): the product, version, action and members
    /// must exist, with the kinds their roles need, and each entry must say one thing.
    pub fn check(&self, specs: &BTreeMap<String, Vec<Merged>>) -> Result<(), SpecError> {
        let mut seen = BTreeSet::new();
        for entry in &self.entries {
            let invalid = |message: String| self.invalid(entry, message);
            if entry.reason.trim().is_empty() {
                return Err(invalid("the reason is empty".into()));
            }
            if !seen.insert((&entry.product, &entry.version, &entry.action)) {
                return Err(invalid("a second entry for the same action".into()));
            }
            let versions = specs
                .get(&entry.product)
                .ok_or_else(|| invalid(format!("no product `{}`", entry.product)))?;
            let matched = matching(versions, entry);
            if matched.is_empty() {
                return Err(invalid(match &entry.version {
                    Some(v) if !versions.iter().any(|m| &m.spec.metadata.api_version == v) => {
                        format!("`{}` has no version {v}", entry.product)
                    }
                    _ => format!("`{}` has no action `{}`", entry.product, entry.action),
                }));
            }
            let members = entry.members().map_err(&invalid)?;
            for merged in matched {
                let action = &merged.spec.actions[&entry.action];
                for (role, path, kind) in &members {
                    let object = match role {
                        Role::Request => &action.input,
                        Role::Response => &action.output,
                    };
                    let object = match &path.within {
                        Some(within) => {
                            &spec_member(merged, object, within, Kind::Object)
                                .map_err(&invalid)?
                                .member
                        }
                        None => object,
                    };
                    spec_member(merged, object, &path.name, *kind).map_err(&invalid)?;
                }
            }
        }
        Ok(())
    }

    /// Applies the entries of `krate`'s product to its plan. Run [`Overrides::check`] first:
    /// this assumes the members exist. An entry that changes nothing in any version it
    /// applies to is an error, so the file cannot keep stale entries.
    pub fn apply(&self, krate: &mut Crate) -> Result<(), SpecError> {
        for entry in self.entries.iter().filter(|e| e.product == krate.product) {
            let mut changed = false;
            for version in &mut krate.versions {
                if entry
                    .version
                    .as_ref()
                    .is_some_and(|v| *v != version.api_version)
                {
                    continue;
                }
                let structs = &version.structs;
                let Some(action) = version.actions.iter_mut().find(|a| a.name == entry.action)
                else {
                    continue;
                };
                let paging = if entry.off {
                    None
                } else {
                    let forced = entry.forced(structs, &action.request, &action.response);
                    Some(forced.ok_or_else(|| {
                        self.invalid(entry, "its members are not fields of the plan".into())
                    })?)
                };
                changed |= action.paging != paging;
                action.paging = paging;
            }
            if !changed {
                return Err(self.invalid(
                    entry,
                    "changes nothing: the inference already gives this; remove the entry".into(),
                ));
            }
        }
        Ok(())
    }
}

fn version_note(merged: &Merged) -> String {
    format!(" (version {})", merged.spec.metadata.api_version)
}

/// The enabled member `wire` of the spec object `object`, which must be of kind `kind`.
fn spec_member<'a>(
    merged: &'a Merged,
    object: &str,
    wire: &str,
    kind: Kind,
) -> Result<&'a spec::Member, String> {
    let found = merged
        .spec
        .objects
        .get(object)
        .and_then(|o| o.members.iter().find(|m| m.name == wire && !m.disabled));
    match found {
        None => Err(format!(
            "`{object}` has no member `{wire}`{}",
            version_note(merged)
        )),
        Some(m) if m.kind != kind => Err(format!(
            "`{object}.{wire}` is of type `{}`, not `{}`{}",
            m.kind.as_str(),
            kind.as_str(),
            version_note(merged)
        )),
        Some(m) => Ok(m),
    }
}

/// The versions of a product an entry applies to: those with its action (and its version).
fn matching<'a>(versions: &'a [Merged], entry: &Entry) -> Vec<&'a Merged> {
    versions
        .iter()
        .filter(|m| {
            entry
                .version
                .as_ref()
                .is_none_or(|v| *v == m.spec.metadata.api_version)
                && m.spec.actions.contains_key(&entry.action)
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Role {
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

impl Entry {
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
    fn members(&self) -> Result<Vec<(Role, MemberPath, Kind)>, String> {
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
                members.push((Role::Request, direct(&self.offset, "Offset"), Kind::Int));
                members.push((Role::Request, direct(&self.limit, "Limit"), Kind::Int));
            }
            "page" => {
                given(&["style", "items", "total", "number", "size", "first"])?;
                members.push((Role::Request, direct(&self.number, "PageNumber"), Kind::Int));
                members.push((Role::Request, direct(&self.size, "PageSize"), Kind::Int));
            }
            _ => {
                given(&["style", "items", "token", "next_token"])?;
                let token = Self::or(&self.token, "NextToken");
                members.push((Role::Request, MemberPath::direct(token), Kind::String));
                let next = match &self.next_token {
                    Some(next) => beside_items("next_token", next)?,
                    None => items.beside(token),
                };
                members.push((Role::Response, next, Kind::String));
            }
        }
        if let Some(total) = &self.total {
            members.push((Role::Response, beside_items("total", total)?, Kind::Int));
        }
        members.insert(0, (Role::Response, items, Kind::List));
        Ok(members)
    }

    /// The paging this entry forces on the action of `request` and `response`; `None` when
    /// a member it names is not a field of the plan. Run [`Overrides::check`] first.
    fn forced(&self, structs: &[Struct], request: &str, response: &str) -> Option<Paging> {
        let find = |name: &str| structs.iter().find(|s| s.name == name);
        let (request, response) = (find(request)?, find(response)?);
        let member = |s: &Struct, wire: &str| {
            field(s, wire).map(|f| Member {
                wire: wire.to_owned(),
                ident: f.ident.clone(),
            })
        };
        let path = |key: &str, value: &str| MemberPath::parse(key, value).ok();
        let items = path("items", self.items.as_deref()?)?;
        let (within, page) = match &items.within {
            Some(wire) => {
                let Type::Object { name, .. } = &field(response, wire)?.ty else {
                    return None;
                };
                (Some(member(response, wire)?), find(name)?)
            }
            None => (None, response),
        };
        let item = match &field(page, &items.name)?.ty {
            Type::List(element) => (**element).clone(),
            _ => return None,
        };
        let total = match &self.total {
            Some(total) => Some(member(page, &path("total", total)?.name)?),
            None => None,
        };
        let style = match self.style.as_deref()? {
            "offset" => Style::Offset {
                offset: member(request, Self::or(&self.offset, "Offset"))?,
                limit: member(request, Self::or(&self.limit, "Limit"))?,
            },
            "page" => Style::PageNumber {
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
                Style::Token {
                    token: member(request, token)?,
                    next: member(page, &next)?,
                }
            }
        };
        Some(Paging {
            style,
            within,
            items: member(page, &items.name)?,
            item,
            total,
        })
    }
}

/// The field of `s` with the wire name `wire`.
fn field<'s>(s: &'s Struct, wire: &str) -> Option<&'s Field> {
    s.fields.iter().find(|f| f.wire == wire)
}

/// The names of the paging methods of an action's method (`describe_instances` →
/// `describe_instances_pages`, `describe_instances_items`).
pub fn method_names(method: &str) -> [String; 2] {
    [format!("{method}_pages"), format!("{method}_items")]
}

/// Checks that no paging method of a version takes the name of another method; the error
/// points at the override file, where the fix goes.
pub fn check_method_names(krate: &Crate) -> Result<(), SpecError> {
    for version in &krate.versions {
        let methods: BTreeMap<&str, &str> = version
            .actions
            .iter()
            .map(|a| (a.method.as_str(), a.name.as_str()))
            .collect();
        for action in version.actions.iter().filter(|a| a.paging.is_some()) {
            for name in method_names(&action.method) {
                if let Some(other) = methods.get(name.as_str()) {
                    return Err(SpecError::Invalid {
                        file: overrides_path(),
                        at: format!("{} {} {}", krate.product, version.api_version, action.name),
                        message: format!(
                            "its paging method `{name}` is the method of `{other}`; add an entry turning its paging off"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}
