//! The model of the specs: one product's crate with every naming, typing, paging and
//! idempotency decision made, its docs written and its published examples attached. It is
//! built once ([`super::plan`], then the override files and the streaming list in
//! [`super::plans`]), and it is the only thing the generators ([`super::emit`], the catalog
//! generator `crate::cloud`) and the tests read: none of them opens a spec or an examples
//! file.
//!
//! Type mapping: `bool` → `bool`; `int` → `i64` (`int64`) or `u64` (`uint64`); `float` →
//! `f64`; `string` → `String`, also for `date` (`YYYY-MM-DD`), `datetime`
//! (`YYYY-MM-DD hh:mm:ss`) and `datetime_iso` (ISO 8601), which stay text as sent and say so
//! in their docs; `binary` → `String` (it travels as text in the JSON body); `list` →
//! `Vec<_>`; `object` → the generated struct, boxed where it would contain itself.
//!
//! Optionality: a request member is `Option` unless the spec marks it required; every
//! member of a response and of a nested object is `Option`, because the examples show
//! "required" response members absent and `null` where the spec forbids it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::docs;
use super::spec::Kind;

/// One product's crate.
#[derive(Debug, Clone)]
pub struct Crate {
    /// The product (`cvm`, `as`).
    pub product: String,
    /// Its Cargo package (`tcapi-cvm`).
    pub package: String,
    /// Its library name (`tcapi_cvm`).
    pub lib: String,
    /// Its versions, oldest first.
    pub versions: Vec<Version>,
}

/// One API version: a module and a feature.
#[derive(Debug, Clone)]
pub struct Version {
    /// `v20170312`.
    pub module: String,
    /// `2017-03-12`.
    pub api_version: String,
    /// Whether the China site publishes it (else only the international site does).
    pub on_china_site: bool,
    /// The spec files it comes from, China first.
    pub sources: Vec<Source>,
    /// The product's name and description, for the module docs.
    pub title: String,
    /// Which error-code table the module's `errors::Code` uses.
    pub codes: Codes,
    /// Every object, sorted by name.
    pub structs: Vec<Struct>,
    /// Every action, sorted by name.
    pub actions: Vec<Action>,
    /// The file of the version's published examples, by its name under the data directory
    /// (`specs-examples/cvm-v20170312.json`); the version has none when it is absent.
    pub examples_file: String,
    /// The published examples of actions the spec does not have, by action.
    pub stray_examples: BTreeMap<String, Vec<PublishedExample>>,
}

impl Version {
    /// The struct named `name`.
    pub fn find_struct(&self, name: &str) -> Option<&Struct> {
        find_struct(&self.structs, name)
    }

    /// The action named `name`.
    pub fn find_action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name == name)
    }
}

/// The struct named `name` among `structs`.
pub fn find_struct<'a>(structs: &'a [Struct], name: &str) -> Option<&'a Struct> {
    structs.iter().find(|s| s.name == name)
}

/// A spec file a crate was generated from, pinned by content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file.
    pub file: PathBuf,
    /// Its name under the data directory, `/`-separated (`specs/cvm-v20170312.json`).
    pub name: String,
    /// The SHA-256 of its bytes, in lowercase hex.
    pub sha256: String,
}

/// One published example of an action (`specs-examples/`), as Tencent's doc authors wrote
/// it: it may contradict the spec or not be JSON at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedExample {
    /// The request: a raw HTTP POST with a JSON body, or a URL with form-encoded parameters
    /// (`tcapi_catalog::PublishedRequest` reads either); empty when none is published.
    pub request: String,
    /// The response body; empty when none is published.
    pub response: String,
}

/// One action: what its client method needs, docs included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The action (`DescribeInstances`).
    pub name: String,
    /// Its title and description as rustdoc markdown: the China site's (Chinese) text, or the
    /// only site's, with a note when only the international site has the action.
    pub doc: String,
    /// The international site's (English) title and description as rustdoc markdown, where
    /// both sites document the action.
    pub doc_en: Option<String>,
    /// The spec's status (`online`, `deprecated`, `offline`), when it gives one.
    pub status: Option<String>,
    /// The request type (`DescribeInstancesRequest`).
    pub request: String,
    /// The response type (`DescribeInstancesResponse`).
    pub response: String,
    /// Its published examples, in the published order.
    pub examples: Vec<PublishedExample>,
    /// The error codes the action is documented to return, sorted.
    pub error_codes: Vec<String>,
    /// The method of the version's `Client`: `describe_instances`.
    pub method: String,
    /// When it is idempotent.
    pub idempotency: Idempotency,
    /// How it pages, if it does ([`super::paging`]).
    pub paging: Option<Pagination>,
    /// The chunk that ends its answer, if it answers with server-sent events
    /// ([`crate::streaming`]).
    pub stream: Option<crate::streaming::StreamEnd>,
}

impl Action {
    /// Whether the spec retires the action (status `deprecated` or `offline`); its request
    /// type is `#[deprecated]`.
    pub fn is_retired(&self) -> bool {
        matches!(self.status.as_deref(), Some("deprecated" | "offline"))
    }

    /// The note of `#[deprecated]` for the action's method and request type, if it is
    /// retired ([`Action::is_retired`]).
    pub fn deprecation(&self) -> Option<String> {
        self.is_retired().then(|| {
            format!(
                "the spec gives the action `{}` the status `{}`",
                self.name,
                self.status.as_deref().unwrap_or_default()
            )
        })
    }

    /// The action's full documentation as rustdoc markdown, for its method (and its request
    /// type): both sites' texts, the status when not online, the first example request and
    /// the error codes. See [`docs`] for the conventions.
    pub fn rustdoc(&self) -> String {
        docs::action_doc(&docs::ActionDoc {
            name: &self.name,
            doc: &self.doc,
            doc_en: self.doc_en.as_deref(),
            status: self.status.as_deref().filter(|s| *s != "online"),
            example: self.examples.first().map(|e| e.request.as_str()),
            error_codes: &self.error_codes,
        })
    }
}

/// When an action may be sent again after a failure that may have executed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// Always: a read ([`super::names::READ_PREFIXES`]), or an override says so.
    Always,
    /// When the request's `ClientToken` is set and not empty: the service executes a token
    /// once.
    WithClientToken {
        /// The field holding the token.
        field: String,
    },
    /// Never.
    Never,
}

/// The error codes a version's responses are decoded with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codes {
    /// `#[tcapi::error_codes(product, version)]`: the built-in table of this very version.
    Table {
        /// The product of the table.
        product: String,
        /// The version of the table.
        version: String,
    },
    /// `#[tcapi::error_codes(product)]`: the product has tables, none for this version; its
    /// latest one is used.
    Latest {
        /// The product of the table.
        product: String,
    },
    /// `tcapi::CommonCode`: the product has no error-code table.
    Common,
}

/// What a struct is for, which decides its derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The input of an action: serialized.
    Request,
    /// The output of an action: `TencentResponse`.
    Response,
    /// A nested object: `Model` and serialized.
    Model,
}

/// One generated struct.
#[derive(Debug, Clone)]
pub struct Struct {
    /// The type name.
    pub name: String,
    /// What it is for.
    pub role: Role,
    /// Its documentation as rustdoc markdown (English first where both sites document it).
    pub doc: String,
    /// Why it is `#[deprecated]`, if it is (the request of a retired action).
    pub deprecated: Option<String>,
    /// Its fields, in the spec's order.
    pub fields: Vec<Field>,
    /// Spec members that cannot be fields, with the reason; emission documents them.
    pub left_out: Vec<(String, String)>,
    /// Whether a request reaches it (it is one, or a member of one, at any depth), so it
    /// is always `Serialize`; other types are under the `serde` feature.
    pub in_requests: bool,
    /// Whether a response reaches it, so it is decoded (a `Model` with optional members).
    pub in_responses: bool,
}

impl Struct {
    /// Whether it is built like a request: a request, or a model only requests hold, whose
    /// required members are not `Option`s.
    pub fn built_like_request(&self) -> bool {
        self.role == Role::Request || (self.role == Role::Model && !self.in_responses)
    }

    /// The field with the wire name `wire`.
    pub fn field(&self, wire: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.wire == wire)
    }
}

/// One field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust name.
    pub ident: String,
    /// The key on the wire.
    pub wire: String,
    /// The type, without the `Option`.
    pub ty: Type,
    /// The spec's kind of the member (`binary` and `string` are both a [`Type::String`]).
    pub kind: Kind,
    /// Whether it is `Option<ty>`.
    pub optional: bool,
    /// Whether the spec marks it required.
    pub required: bool,
    /// Whether the spec documents that a response always carries it (`output_required`;
    /// often untrue, see the data README).
    pub always_returned: bool,
    /// Whether the spec disables it: it is `#[deprecated]`, and paging ignores it.
    pub disabled: bool,
    /// Its documentation as rustdoc markdown (English first where both sites document it).
    pub doc: String,
    /// The spec's description as published (the China site's where both sites have the
    /// member), before it is rendered into [`Field::doc`]: for the rules that read the
    /// prose, such as the number of the first page ([`super::paging`]).
    pub prose: String,
    /// Notes the generator adds (required, date format, disabled...), as rustdoc markdown.
    pub notes: Vec<String>,
    /// Why it is `#[deprecated]`, if it is (the spec disables the member).
    pub deprecated: Option<String>,
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `bool`
    Bool,
    /// `i64`
    I64,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `String`
    String,
    /// A generated struct; `boxed` when it (indirectly) contains the struct holding it.
    Object {
        /// The struct's type name.
        name: String,
        /// Whether to write `Box<name>`.
        boxed: bool,
    },
    /// `Vec<T>`
    List(Box<Type>),
}

impl Type {
    /// The struct it is, or is a list of.
    pub fn object_name(&self) -> Option<&str> {
        match self {
            Type::Object { name, .. } => Some(name),
            Type::List(element) => element.object_name(),
            _ => None,
        }
    }
}

/// A field of a struct, by its wire name and its Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// The key on the wire (`InstanceSet`).
    pub wire: String,
    /// The field (`instance_set`).
    pub ident: String,
}

impl FieldRef {
    /// The reference to `field`.
    pub fn of(field: &Field) -> FieldRef {
        FieldRef {
            wire: field.wire.clone(),
            ident: field.ident.clone(),
        }
    }
}

/// How an action pages ([`super::paging`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The style and the request's fields.
    pub style: PageStyle,
    /// The response's object field that holds the items, the total and the next token
    /// (`Data` of `Response.Data.List`); `None` when they are direct fields of the response.
    pub within: Option<FieldRef>,
    /// The page object's list.
    pub items: FieldRef,
    /// The type of one item.
    pub item: Type,
    /// The page object's total number of items (offset and page number only).
    pub total: Option<FieldRef>,
}

impl Pagination {
    /// The path of a field of the page object from the response (`Data.List`, or `List`
    /// when the response is the page object), as the override file and docs write it.
    pub fn path(&self, field: &FieldRef) -> String {
        match &self.within {
            Some(within) => format!("{}.{}", within.wire, field.wire),
            None => field.wire.clone(),
        }
    }
}

/// A paging style and the request's fields it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// `Offset` and `Limit`.
    Offset {
        /// The request's offset.
        offset: FieldRef,
        /// The request's limit.
        limit: FieldRef,
    },
    /// A page number and a page size.
    PageNumber {
        /// The request's page number.
        number: FieldRef,
        /// The request's page size.
        size: FieldRef,
        /// The number of the first page.
        first: u64,
    },
    /// A token handed back by the response.
    Token {
        /// The request's token.
        token: FieldRef,
        /// The page object's token for the next page.
        next: FieldRef,
    },
}
