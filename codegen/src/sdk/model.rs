//! Stage 3: the typed plan of one product's crate, with every naming and typing decision
//! made, so that emission only prints.
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

use std::collections::{BTreeMap, BTreeSet};

use super::docs;
use super::names;
use super::paging::{self, Paging};
use super::site::{Merged, Source};
use super::spec::{Kind, Scalar, Spec, SpecError};

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
    /// The first published example request (`specs-examples/`), verbatim: a raw HTTP POST
    /// with a JSON body, or a URL with form-encoded parameters.
    pub example: Option<String>,
    /// The error codes the action is documented to return, sorted.
    pub error_codes: Vec<String>,
    /// The method of the version's `Client`: `describe_instances`.
    pub method: String,
    /// When it is idempotent.
    pub idempotency: Idempotency,
    /// How it pages, if it does ([`paging`]).
    pub paging: Option<Paging>,
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
    /// type): both sites' texts, the status when not online, the example request and the
    /// error codes. See [`docs`] for the conventions.
    pub fn rustdoc(&self) -> String {
        docs::action_doc(&docs::ActionDoc {
            name: &self.name,
            doc: &self.doc,
            doc_en: self.doc_en.as_deref(),
            status: self.status.as_deref().filter(|s| *s != "online"),
            example: self.example.as_deref(),
            error_codes: &self.error_codes,
        })
    }
}

/// When an action may be sent again after a failure that may have executed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// Always: a read ([`names::READ_PREFIXES`]), or an override says so.
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
    /// Whether it is `Option<ty>`.
    pub optional: bool,
    /// Whether the spec marks it required.
    pub required: bool,
    /// Its documentation as rustdoc markdown (English first where both sites document it).
    pub doc: String,
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

/// The plan of a product's crate from its merged specs (one per version, any order);
/// `tables` lists the built-in error-code tables as `(product, version)`.
pub fn plan(
    product: &str,
    specs: &[Merged],
    tables: &BTreeSet<(String, String)>,
) -> Result<Crate, SpecError> {
    let mut versions = Vec::new();
    for merged in specs {
        versions.push(plan_version(product, merged, tables)?);
    }
    versions.sort_by(|a, b| a.api_version.cmp(&b.api_version));
    if let Some(pair) = versions
        .windows(2)
        .find(|w| w[0].api_version == w[1].api_version)
    {
        return Err(SpecError::Invalid {
            file: specs[0].file().to_owned(),
            at: "metadata.apiVersion".into(),
            message: format!(
                "two specs of `{product}` have version {}",
                pair[0].api_version
            ),
        });
    }
    Ok(Crate {
        product: product.to_owned(),
        package: names::package_name(product),
        lib: names::lib_name(product),
        versions,
    })
}

fn plan_version(
    product: &str,
    merged: &Merged,
    tables: &BTreeSet<(String, String)>,
) -> Result<Version, SpecError> {
    let (file, spec) = (merged.file(), &merged.spec);
    const INTERNATIONAL_ONLY: &str = "Only on the international site (its spec, `specs-en/`).";
    let invalid = |at: String, message: String| SpecError::Invalid {
        file: file.to_owned(),
        at,
        message,
    };
    let api_version = spec.metadata.api_version.clone();
    let codes = if tables.contains(&(product.to_owned(), api_version.clone())) {
        Codes::Table {
            product: product.to_owned(),
            version: api_version.clone(),
        }
    } else if tables.iter().any(|(p, _)| p == product) {
        Codes::Latest {
            product: product.to_owned(),
        }
    } else {
        Codes::Common
    };

    let mut roles: BTreeMap<&str, (Role, String, Option<String>)> = BTreeMap::new();
    let mut actions = Vec::new();
    for (name, action) in &spec.actions {
        let text = |title: &str, document: &str| {
            [title, document]
                .iter()
                .filter_map(|t| docs::markdown_opt(t))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let mut doc = text(&action.name, &action.document);
        if merged.on_china_site && merged.international_only.contains(name) {
            doc = format!("{INTERNATIONAL_ONLY}\n\n{doc}");
        }
        let action = Action {
            name: name.clone(),
            doc,
            doc_en: action.english.as_ref().map(|(t, d)| text(t, d)),
            status: action.status.clone(),
            request: action.input.clone(),
            response: action.output.clone(),
            example: merged.examples.get(name).cloned(),
            error_codes: merged.error_codes.get(name).cloned().unwrap_or_default(),
            method: names::method_name(name),
            idempotency: Idempotency::Never,
            paging: None,
            stream: None,
        };
        let retired = action.deprecation();
        let request_doc = format!("The request of `{name}`.\n\n{}", action.rustdoc());
        let response_doc = format!(
            "The response of `{name}`.\n\n{}",
            docs::bilingual(&action.doc, action.doc_en.as_deref())
        );
        for (object, role, doc, deprecated) in [
            (&action.request, Role::Request, request_doc, retired),
            (&action.response, Role::Response, response_doc, None),
        ] {
            let object = spec.objects.get_key_value(object).map_or("", |(k, _)| k);
            if let Some((previous, _, _)) = roles.insert(object, (role, doc, deprecated)) {
                if previous != role {
                    return Err(invalid(
                        format!("action {name}"),
                        format!("`{object}` is both a request and a response"),
                    ));
                }
            }
        }
        actions.push(action);
    }

    let cyclic = Cycles::of(spec);
    let mut structs = Vec::new();
    for (name, object) in &spec.objects {
        let at = |member: Option<&str>| match member {
            Some(m) => format!("object {name} member {m}"),
            None => format!("object {name}"),
        };
        names::type_name(name).map_err(|m| invalid(at(None), m))?;
        let (role, mut doc, deprecated) = match roles.get(name.as_str()) {
            Some((role, doc, deprecated)) => (*role, doc.clone(), deprecated.clone()),
            None => (
                Role::Model,
                docs::bilingual(
                    &docs::markdown(&object.document),
                    object.document_en.as_deref().map(docs::markdown).as_deref(),
                ),
                None,
            ),
        };
        if merged.on_china_site && merged.international_only.contains(name) {
            doc = format!("{INTERNATIONAL_ONLY}\n\n{doc}");
        }
        let mut left_out = Vec::new();
        let mut members = Vec::new();
        for member in &object.members {
            if role == Role::Response && member.name == "Error" {
                left_out.push((
                    member.name.clone(),
                    "the key `Error` of a response is the API error, which decoding reports as `tcapi::Error::Api`".to_owned(),
                ));
                continue;
            }
            members.push(member);
        }
        let wires: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        let idents = names::field_names(&wires);
        let mut fields = Vec::new();
        for (member, ident) in members.into_iter().zip(idents) {
            if !tcapi_codes::ident::is_identifier(&ident) || names::is_keyword(&ident) {
                return Err(invalid(
                    at(Some(&member.name)),
                    format!("the field name `{ident}` is not a Rust identifier"),
                ));
            }
            let scalar = Scalar::parse(&member.member);
            let element = match scalar {
                Some(s) => scalar_type(s),
                None => Type::Object {
                    name: member.member.clone(),
                    boxed: member.kind == Kind::Object && cyclic.reaches(&member.member, name),
                },
            };
            let ty = match member.kind {
                Kind::List => Type::List(Box::new(match element {
                    Type::Object { name, .. } => Type::Object { name, boxed: false },
                    other => other,
                })),
                _ => element,
            };
            let mut notes = Vec::new();
            match scalar {
                Some(Scalar::Date) => notes.push("A date as text: `YYYY-MM-DD`.".to_owned()),
                Some(Scalar::Datetime) => {
                    notes.push("A date and time as text: `YYYY-MM-DD hh:mm:ss`.".to_owned())
                }
                Some(Scalar::DatetimeIso) => {
                    notes.push("A date and time as text, in ISO 8601.".to_owned())
                }
                Some(Scalar::Binary) => notes
                    .push("Binary data in the spec, carried as text in the JSON body.".to_owned()),
                _ => {}
            }
            let optional = match role {
                Role::Request => !member.required,
                Role::Response | Role::Model => true,
            };
            if member.required && role != Role::Request {
                notes.push(REQUIRED_NOTE.to_owned());
            }
            let key = (name.clone(), member.name.clone());
            if merged.international_only_members.contains(&key) {
                notes.push(INTERNATIONAL_ONLY.to_owned());
            }
            let deprecated = member
                .disabled
                .then(|| "the spec disables this member".to_owned());
            if member.disabled {
                notes.push("Disabled in the spec.".to_owned());
            }
            if role != Role::Request && member.value_allowed_null {
                notes.push("May be `null`.".to_owned());
            }
            fields.push(Field {
                ident,
                wire: member.name.clone(),
                ty,
                optional,
                required: member.required,
                doc: docs::bilingual(
                    &docs::markdown(&member.document),
                    member.document_en.as_deref().map(docs::markdown).as_deref(),
                ),
                notes,
                deprecated,
            });
        }
        structs.push(Struct {
            name: name.clone(),
            role,
            doc,
            deprecated,
            fields,
            left_out,
            in_requests: false,
            in_responses: false,
        });
    }
    mark_reached(&mut structs, Role::Request, |s| &mut s.in_requests);
    mark_reached(&mut structs, Role::Response, |s| &mut s.in_responses);
    for s in structs
        .iter_mut()
        .filter(|s| s.role == Role::Model && !s.in_responses)
    {
        for field in &mut s.fields {
            field.optional = !field.required;
            field.notes.retain(|n| n != REQUIRED_NOTE);
        }
    }
    for action in &mut actions {
        let request = structs.iter().find(|s| s.name == action.request);
        let client_token = request
            .and_then(|r| r.fields.iter().find(|f| f.wire == "ClientToken"))
            .map(|f| f.ident.clone());
        action.idempotency = if names::is_read(&action.name) {
            Idempotency::Always
        } else if let Some(field) = client_token {
            Idempotency::WithClientToken { field }
        } else {
            Idempotency::Never
        };
        if let Some(spec_action) = spec.actions.get(&action.name) {
            action.paging = paging::infer(spec, spec_action, &structs);
        }
    }
    let title = match (&spec.metadata.service_name_cn, &spec.metadata.api_brief) {
        (Some(name), Some(brief)) => format!("{name}: {brief}"),
        (Some(name), None) => name.clone(),
        (None, Some(brief)) => brief.clone(),
        (None, None) => String::new(),
    };
    let title = if merged.on_china_site {
        title
    } else {
        format!("{title}\n\n{INTERNATIONAL_ONLY}")
    };
    Ok(Version {
        module: names::version_module(&api_version),
        api_version,
        on_china_site: merged.on_china_site,
        sources: merged.sources.clone(),
        title,
        codes,
        structs,
        actions,
    })
}

/// Marks the structs of `role` and every struct they contain, at any depth.
fn mark_reached(structs: &mut [Struct], role: Role, mark: fn(&mut Struct) -> &mut bool) {
    let index: BTreeMap<String, usize> = structs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let mut stack: Vec<usize> = (0..structs.len())
        .filter(|&i| structs[i].role == role)
        .collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(mark(&mut structs[i]), true) {
            continue;
        }
        for field in &structs[i].fields {
            if let Some(name) = field.ty.object_name() {
                stack.extend(index.get(name));
            }
        }
    }
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

/// The note on a member the spec marks required that is an `Option` all the same.
const REQUIRED_NOTE: &str = "Required by the spec.";

fn scalar_type(scalar: Scalar) -> Type {
    match scalar {
        Scalar::Bool => Type::Bool,
        Scalar::Int64 => Type::I64,
        Scalar::Uint64 => Type::U64,
        Scalar::Float => Type::F64,
        Scalar::String | Scalar::Binary | Scalar::Date | Scalar::Datetime | Scalar::DatetimeIso => {
            Type::String
        }
    }
}

/// Which objects contain which inline (through `object` members; a `Vec` is already
/// indirect), to box exactly the fields that would make a struct of infinite size.
struct Cycles<'a> {
    edges: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Cycles<'a> {
    fn of(spec: &'a Spec) -> Self {
        let edges = spec
            .objects
            .iter()
            .map(|(name, object)| {
                let inline = object
                    .members
                    .iter()
                    .filter(|m| m.kind == Kind::Object)
                    .map(|m| m.member.as_str())
                    .collect();
                (name.as_str(), inline)
            })
            .collect();
        Cycles { edges }
    }

    /// Whether `from` contains `to` inline, directly or not (or is it).
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next) {
                stack.extend(self.edges.get(next).into_iter().flatten().copied());
            }
        }
        false
    }
}
