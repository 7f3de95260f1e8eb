//! The catalog of a local Tencent Cloud: what `tcapi-testserver` knows of every action of
//! every product, in the format the generator writes and the server reads (one file per
//! product-version, gzip-compressed JSON).
//!
//! The format is written by `tcapi-codes cloud` (the [`generate`] module, feature `tools`)
//! from the same spec model as the SDK crates, and read by the test server, which depends on
//! this core without the tools: the types below are the one description of the format.
//!
//! ```
//! use tcapi_codes::cloud::{Member, MemberType};
//!
//! let member: Member = serde_json::from_str(r#"["Filters", "[Filter", 1]"#).unwrap();
//! assert_eq!(member.wire(), "Filters");
//! assert_eq!(member.member_type(), MemberType::List(Box::new(MemberType::Object("Filter"))));
//! assert!(member.is_required());
//! ```

#[cfg(feature = "tools")]
pub mod generate;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
    pub paging: Option<Paging>,
    /// The published examples, in the published order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How an action pages: the members that move, and the response's list (and total). The
/// response's members are paths: `InstanceSet`, or `Data.List` when they sit in an object
/// member of the response (see `crate::sdk::paging`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "lowercase", deny_unknown_fields)]
pub enum Paging {
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

/// The keys of the common parameters a form request carries beside the action's own.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// The JSON object that form pairs flatten (`Filters.0.Name=x` is
/// `{"Filters": [{"Name": "x"}]}`), every value a string, as API 3.0 reads the form
/// encoding of GET requests and the legacy signatures. A list index that skips positions
/// leaves `null`s (the server refuses them; published examples have them). Fails on a key
/// with an empty segment, an index above [`MAX_FORM_INDEX`], or a key that uses one path both
/// as a list and as an object, or as a value and a container.
///
/// ```
/// use tcapi_codes::cloud::unflatten;
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

/// A published example request, as it was published.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishedRequest {
    /// A URL: its form parameters in order (one `&` or one line each), the common ones
    /// (`Action=...`) included, placeholders (`<公共请求参数>`) left out.
    Form(Vec<(String, String)>),
    /// A raw HTTP POST (headers, a blank line, the body): its JSON body, `{}` when empty.
    Json(Value),
}

impl PublishedRequest {
    /// Splits a published request into its form pairs or its JSON body.
    ///
    /// ```
    /// use tcapi_codes::cloud::PublishedRequest;
    ///
    /// let url = "https://cvm.tencentcloudapi.com/?Action=DescribeZones\n&Limit=1";
    /// let pairs = [("Action", "DescribeZones"), ("Limit", "1")].map(|(k, v)| (k.into(), v.into()));
    /// assert_eq!(PublishedRequest::parse(url).unwrap(), PublishedRequest::Form(pairs.to_vec()));
    /// let post = "POST / HTTP/1.1\nHost: cvm.tencentcloudapi.com\n\n{\"Limit\": 1}";
    /// assert_eq!(PublishedRequest::parse(post).unwrap(), PublishedRequest::Json(serde_json::json!({"Limit": 1})));
    /// ```
    ///
    /// # Errors
    ///
    /// When the body of a POST is not JSON.
    pub fn parse(input: &str) -> Result<PublishedRequest, String> {
        let text = input.trim_start();
        if text.starts_with("http") {
            let query = text.split_once('?').map_or("", |(_, q)| q);
            let pairs = query
                .split(['\n', '&'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && !p.starts_with('<'))
                .map(|p| {
                    let (key, value) = p.split_once('=').unwrap_or((p, ""));
                    (key.to_owned(), value.to_owned())
                })
                .collect();
            return Ok(PublishedRequest::Form(pairs));
        }
        let mut lines = input.lines();
        lines.by_ref().find(|line| line.trim().is_empty());
        let body = lines.collect::<Vec<_>>().join("\n");
        if body.trim().is_empty() {
            return Ok(PublishedRequest::Json(Value::Object(Map::new())));
        }
        serde_json::from_str(&body)
            .map(PublishedRequest::Json)
            .map_err(|e| format!("the body is not JSON: {e}"))
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
