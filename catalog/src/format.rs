//! The files of the catalog: one product-version each, its actions and its objects, and how
//! a member's type is spelled.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the format: a reader refuses files of another.
pub const FORMAT: u32 = 1;

/// The member flag: a request must carry it.
pub const REQUIRED: u8 = 1;
/// The member flag: the spec documents that a response always carries it.
pub const ALWAYS_RETURNED: u8 = 2;

/// One product-version: its actions and its objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductVersion {
    /// Which command wrote the file (it is generated: never edit it).
    pub generated: String,
    /// [`FORMAT`].
    pub format: u32,
    /// The service: host prefix and signing scope (`cvm`, `as`).
    pub service: String,
    /// The API version (`2017-03-12`).
    pub version: String,
    /// Every action, by name.
    pub actions: BTreeMap<String, Action>,
    /// Every object (inputs, outputs, nested), by name: its members in the spec's order.
    pub objects: BTreeMap<String, Vec<Member>>,
}

/// One action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The input object (`DescribeInstancesRequest`).
    pub input: String,
    /// The output object (`DescribeInstancesResponse`).
    pub output: String,
    /// Whether the action may answer a stream of server-sent events (the spec's only
    /// marker: its output's `RequestId` travels in the `X-TC-RequestId` header).
    #[serde(default, skip_serializing_if = "is_false")]
    pub stream: bool,
    /// How it pages, if it does (the SDK generator's inference and overrides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<PagingMembers>,
    /// The published examples, in the published order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How an action pages: the members that move, and the response's list (and total). The
/// response's members are paths: `InstanceSet`, or `Data.List` when they sit in an object
/// member of the response (see tcapi-codegen's `sdk::paging`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "lowercase", deny_unknown_fields)]
pub enum PagingMembers {
    /// `Offset` and `Limit` in the request.
    Offset {
        /// The request's offset.
        offset: String,
        /// The request's limit.
        limit: String,
        /// The response's list.
        items: String,
        /// The response's total number of items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
    /// A page number and a page size in the request.
    Page {
        /// The request's page number.
        number: String,
        /// The request's page size.
        size: String,
        /// The number of the first page.
        first: u64,
        /// The response's list.
        items: String,
        /// The response's total number of items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
    /// A token the response hands back for the next page.
    Token {
        /// The request's token.
        token: String,
        /// The response's next token.
        next: String,
        /// The response's list.
        items: String,
    },
}

/// One published example. A part that is not usable (not JSON, not an API 3.0 body) is
/// `None`; the generator reports each one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The request's parameters as a JSON object: the published JSON body as written, or the
    /// published form parameters (`Filters.0.Name=x`) unflattened and read with the spec's
    /// types, without the common parameters (`Action`, `Region`...).
    pub request: Option<Value>,
    /// Whether the request was published in the form encoding (a URL).
    #[serde(default, skip_serializing_if = "is_false")]
    pub form: bool,
    /// The published response body (`{"Response": {...}}`).
    pub response: Option<Value>,
}

/// One member of an object: `[wire name, type, flags]` in the file, where the type is
/// `bool`, `int`, `uint`, `float`, `string` or an object's name, prefixed with `[` for a
/// list, and the flags are [`REQUIRED`] and [`ALWAYS_RETURNED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member(pub String, pub String, pub u8);

/// A member's type, as [`Member::member_type`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberType<'a> {
    /// `true` or `false`.
    Bool,
    /// A signed integer.
    Int,
    /// An unsigned integer.
    Uint,
    /// A number.
    Float,
    /// A text (also dates and binary data, which travel as text).
    String,
    /// The object of this name.
    Object(&'a str),
    /// A list of this type.
    List(Box<MemberType<'a>>),
}

impl MemberType<'_> {
    /// The type's spelling in the file.
    pub fn spelling(&self) -> String {
        match self {
            MemberType::Bool => "bool".into(),
            MemberType::Int => "int".into(),
            MemberType::Uint => "uint".into(),
            MemberType::Float => "float".into(),
            MemberType::String => "string".into(),
            MemberType::Object(name) => (*name).to_owned(),
            MemberType::List(element) => format!("[{}", element.spelling()),
        }
    }
}

impl Member {
    /// The key on the wire.
    pub fn wire(&self) -> &str {
        &self.0
    }

    /// The type.
    pub fn member_type(&self) -> MemberType<'_> {
        parse_type(&self.1)
    }

    /// Whether a request must carry it.
    pub fn is_required(&self) -> bool {
        self.2 & REQUIRED != 0
    }

    /// Whether the spec documents that a response always carries it.
    pub fn is_always_returned(&self) -> bool {
        self.2 & ALWAYS_RETURNED != 0
    }
}

fn parse_type(spelling: &str) -> MemberType<'_> {
    match spelling {
        "bool" => MemberType::Bool,
        "int" => MemberType::Int,
        "uint" => MemberType::Uint,
        "float" => MemberType::Float,
        "string" => MemberType::String,
        _ => match spelling.strip_prefix('[') {
            Some(element) => MemberType::List(Box::new(parse_type(element))),
            None => MemberType::Object(spelling),
        },
    }
}
